"""A coordinator's edits at the desk: rebuild a group for a set of members, move, swap or unassign
people, form a new group, dissolve one, and pin groups before a re-solve.

Nothing here decides anything of its own. A group is rebuilt exactly as `groupformer complete` fills in
a hand-made group (complete.py: the solver's choices of meeting, modality, host, focus, style and
frequency, derive.py), or refused with the rule no choice satisfies (infeasible.py). Each function here
is one edit of a fresh `Desk` (desk.py), the session that keeps the compiled sign-ups and the judge's
verdict between edits; a function raises GroupCannotMeet where the desk would keep the edit marked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from groupformer.contract import EvaluationReport, Group, SignupFile, Solution, SubmittedSolution, Violation
    from groupformer.desk import Desk, DeskChange

MEASURES = ("quality", "diversity", "coverage", "prefer_met", "size_pref_met", "groups")


class GroupCannotMeet(Exception):
    """These members leave no choice for a rule; `violations` name each rule and the fewest members who
    block it."""

    def __init__(self, violations: list[Violation]):
        super().__init__("; ".join(violation.message for violation in violations))
        self.violations = violations


@dataclass(frozen=True)
class ReportDelta:
    """How an edit changed the judge's report: objective, assigned and each of MEASURES after minus
    before, and the violations that appeared and disappeared."""

    objective: float
    assigned: int
    violations_added: list[Violation]
    violations_removed: list[Violation]
    measures: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Edit:
    """The edited solution, the judge's report on it and the change from the report before the edit.
    The solution is a full Solution when the judge accepts it; otherwise (`report.valid` false: a group
    too small, a conflict) the edited groups alone, to be edited further."""

    solution: Solution | SubmittedSolution
    report: EvaluationReport
    delta: ReportDelta


def rebuild_group(
    signups: SignupFile, members: Iterable[str], pinned: dict[str, Any] | None = None, group_id: str = "G001"
) -> Group:
    """The group these members form, every field not `pinned` (a grouping's group fields: modality,
    style, frequency, focus, meeting) chosen as solve would. Raises GroupCannotMeet when a rule leaves no
    choice, InputError for an unknown or repeated member."""
    from groupformer.complete import complete_grouping
    from groupformer.grouping import GivenGroup, Grouping
    from groupformer.validate import InputError, membership_problems

    members = list(members)
    problems = membership_problems([(person, "members") for person in members], signups)
    if problems:
        raise InputError(problems)
    given = GivenGroup.model_validate({**(pinned or {}), "id": group_id, "members": members})
    completion = complete_grouping(signups, Grouping(groups=[given]))
    if completion.infeasible:
        raise GroupCannotMeet(completion.infeasible)
    return completion.groups[0]


def _one_edit(signups: SignupFile, solution: SubmittedSolution, edit: Callable[[Desk], DeskChange]) -> Edit:
    """`edit(desk)` on a fresh desk, refused when a changed group cannot meet."""
    from groupformer.desk import Desk

    desk = Desk(signups, solution)
    change = edit(desk)
    if change.cannot_meet:
        raise GroupCannotMeet(change.cannot_meet)
    return Edit(desk.solution(), desk.report, change.delta)


def move(signups: SignupFile, solution: SubmittedSolution, participant: str, to_group: str | None) -> Edit:
    """`participant` moved into group `to_group` (None: out of every group, unplaced); the groups they
    left and joined are rebuilt."""
    return _one_edit(signups, solution, lambda desk: desk.move(participant, to_group))


def swap(signups: SignupFile, solution: SubmittedSolution, first: str, second: str) -> Edit:
    """`first` and `second` trade places (one of them may be unplaced); both groups are rebuilt."""
    return _one_edit(signups, solution, lambda desk: desk.swap(first, second))


def unassign(signups: SignupFile, solution: SubmittedSolution, participant: str) -> Edit:
    """`participant` out of their group, unplaced; the group they left is rebuilt."""
    return _one_edit(signups, solution, lambda desk: desk.unassign(participant))


def new_group(signups: SignupFile, solution: SubmittedSolution, members: Iterable[str]) -> Edit:
    """A new group of `members` (taken out of their groups, which are rebuilt), under the next free id."""
    members = list(members)
    return _one_edit(signups, solution, lambda desk: desk.new_group(members))


def dissolve(signups: SignupFile, solution: SubmittedSolution, group_id: str) -> Edit:
    """Group `group_id` gone, its members unplaced."""
    return _one_edit(signups, solution, lambda desk: desk.dissolve(group_id))


def pinned_solution(
    solution: SubmittedSolution, groups: Iterable[str] = (), members: Mapping[str, str] | None = None
) -> SubmittedSolution:
    """The `keep` argument of `solve` that holds the pinned groups whole and, for members pinned to a
    group (person → group id) whose group is not pinned whole, that group with only its pinned members,
    each with its meeting. Everyone else is placed again by the re-solve. `solve` alone gives a partly
    pinned group no seats back (it dissolves below group_size.min); `solve_pinned` gives it the seats of
    the members it lost. Raises InputError for a group or member the solution does not place there."""
    from groupformer.contract import SubmittedSolution
    from groupformer.validate import InputError

    whole, members = set(groups), dict(members or {})
    by_id = {group.id: group for group in solution.groups}
    problems = [f"pinned group {group_id!r} is not a group of the solution" for group_id in whole - set(by_id)]
    problems += [
        f"{person} is pinned to {group_id}, but is not one of its members"
        for person, group_id in members.items()
        if group_id not in by_id or person not in by_id[group_id].members
    ]
    if problems:
        raise InputError(problems)
    kept = []
    for group in solution.groups:
        if group.id in whole:
            kept.append(group)
        elif group.id in members.values():
            pinned_members = [person for person in group.members if members.get(person) == group.id]
            kept.append(group.model_copy(update={"members": pinned_members, "scores": None}))
    return SubmittedSolution(groups=kept, unassigned=[])


def solve_pinned(
    signups: SignupFile,
    solution: SubmittedSolution,
    groups: Iterable[str] = (),
    members: Mapping[str, str] | None = None,
    **options: Any,
) -> Solution:
    """Everything not pinned solved again (`options` as for `solve`): the pinned groups stay exactly as
    they are, and a group of which only some members are pinned keeps them and its meeting and offers
    the seats of the members it lost, so it is filled up again rather than dissolved."""
    from groupformer.api import keep_groups, solve

    groups, members = set(groups), dict(members or {})
    kept = keep_groups(signups, pinned_solution(solution, groups, members))
    partly = set(members.values()) - groups
    lost = {group.id: len(group.members) for group in solution.groups if group.id in partly}
    largest = signups.settings.group_size.max
    open_groups = [
        group.model_copy(
            update={"open_seats": max(group.open_seats, min(lost[group.id], largest) - len(group.members))}
        )
        if group.id in lost
        else group
        for group in kept.signups.open_groups
    ]
    return solve(kept.signups.model_copy(update={"open_groups": open_groups}), **options)


def report_delta(before: EvaluationReport, after: EvaluationReport) -> ReportDelta:
    return ReportDelta(
        objective=round(after.objective - before.objective, 6),
        assigned=after.assigned - before.assigned,
        violations_added=[violation for violation in after.violations if violation not in before.violations],
        violations_removed=[violation for violation in before.violations if violation not in after.violations],
        measures={name: round(getattr(after, name) - getattr(before, name), 6) for name in MEASURES},
    )


def _signed(value: float) -> str:
    return f"{value:+.6g}" if value else "unchanged"


def delta_summary(delta: ReportDelta) -> str:
    """The change in words, one line per figure and per violation added or removed."""
    lines = [f"objective {_signed(delta.objective)}", f"assigned {_signed(delta.assigned)}"]
    lines += [f"{name} {_signed(change)}" for name, change in delta.measures.items()]
    lines += [f"broken now ({violation.rule}): {violation.message}" for violation in delta.violations_added]
    lines += [f"mended ({violation.rule}): {violation.message}" for violation in delta.violations_removed]
    if not delta.violations_added and not delta.violations_removed:
        lines.append("no rule broken or mended")
    return "\n".join(lines)
