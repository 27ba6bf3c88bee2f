"""Two solutions of the same sign-ups side by side: the judge's figures for each, and who moved.

A re-solve numbers its groups afresh, so G003 of one solution need not be G003 of the other: groups are
matched by their members instead. Each group of the second solution continues the group of the first
with which it shares most members, one to one, the largest overlaps first (ties in the solutions' order
of groups); a group that shares nobody with an unmatched group of the first is new. A person moved when
the group they are in now does not continue the group they were in, or when they were placed in one
solution only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from groupformer.edits import MEASURES, ReportDelta, report_delta

if TYPE_CHECKING:
    from groupformer.contract import EvaluationReport, Group, SignupFile, SubmittedSolution

FIGURES = ("valid", "violations", "objective", "assigned", *MEASURES)


@dataclass(frozen=True)
class Moved:
    """One person whose group changed: the group's id in each solution, None where not placed."""

    participant: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Comparison:
    """The judge's report on each solution, their difference (second minus first), which group of the
    first each group of the second continues (None: a new group), and who moved."""

    first: EvaluationReport
    second: EvaluationReport
    delta: ReportDelta
    continues: dict[str, str | None]
    moved: list[Moved]

    def figures(self) -> dict[str, tuple]:
        """Each of FIGURES as (first, second): validity, the number of violations, objective, assigned
        and the report's measures."""
        return {name: (_figure(self.first, name), _figure(self.second, name)) for name in FIGURES}


def _figure(report: EvaluationReport, name: str):
    return len(report.violations) if name == "violations" else getattr(report, name)


def compare_solutions(signups: SignupFile, first: SubmittedSolution, second: SubmittedSolution) -> Comparison:
    """Both solutions judged by `evaluate`, their groups matched by members, and everyone who moved, in
    the sign-ups' order."""
    from groupformer.api import evaluate

    first_report, second_report = evaluate(signups, first), evaluate(signups, second)
    continues = match_groups(first.groups, second.groups)
    before, after = _group_of(first.groups), _group_of(second.groups)
    moved = [
        Moved(person.id, before.get(person.id), after.get(person.id))
        for person in signups.participants
        if _has_moved(before.get(person.id), after.get(person.id), continues)
    ]
    return Comparison(first_report, second_report, report_delta(first_report, second_report), continues, moved)


def match_groups(first: Sequence[Group], second: Sequence[Group]) -> dict[str, str | None]:
    """For each group of `second`, the id of the group of `first` it continues, or None."""
    group_of_first = _group_of(first)
    shared = Counter(
        (group_of_first[member], group.id) for group in second for member in group.members if member in group_of_first
    )
    first_order = {group.id: index for index, group in enumerate(first)}
    second_order = {group.id: index for index, group in enumerate(second)}
    pairs = sorted(shared, key=lambda pair: (-shared[pair], first_order[pair[0]], second_order[pair[1]]))
    continues: dict[str, str | None] = {group.id: None for group in second}
    taken: set[str] = set()
    for earlier, later in pairs:
        if earlier not in taken and continues[later] is None:
            continues[later] = earlier
            taken.add(earlier)
    return continues


def _group_of(groups: Sequence[Group]) -> dict[str, str]:
    return {member: group.id for group in groups for member in group.members}


def _has_moved(before: str | None, after: str | None, continues: dict[str, str | None]) -> bool:
    if before is None or after is None:
        return before != after
    return continues[after] != before
