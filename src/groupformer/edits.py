"""A coordinator's edits at the desk: rebuild a group for a set of members, move or swap people.

Nothing here decides anything of its own. A group is rebuilt exactly as `groupformer complete` fills in
a hand-made group (complete.py: the solver's choices of meeting, modality, host, focus, style and
frequency, derive.py), or refused with the rule no choice satisfies (infeasible.py). An edited solution
is completed and judged like any grouping, and the edit reports how the judge's verdict changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from groupformer.contract import EvaluationReport, Group, SignupFile, Solution, SubmittedSolution, Violation


class GroupCannotMeet(Exception):
    """These members leave no choice for a rule; `violations` name each rule and the fewest members who
    block it."""

    def __init__(self, violations: list[Violation]):
        super().__init__("; ".join(violation.message for violation in violations))
        self.violations = violations


@dataclass(frozen=True)
class ReportDelta:
    """How an edit changed the judge's report: objective and assigned after minus before, and the
    violations that appeared and disappeared."""

    objective: float
    assigned: int
    violations_added: list[Violation]
    violations_removed: list[Violation]


@dataclass(frozen=True)
class Edit:
    """The edited solution, the judge's report on it and the change from the report before the edit.
    The solution is a full Solution when the judge accepts it; otherwise (`report.valid` false: a group
    too small, a conflict) the edited groups alone, to be edited further."""

    solution: Solution | SubmittedSolution
    report: EvaluationReport
    delta: ReportDelta


def _check_known(signups: SignupFile, people: Iterable[str]) -> None:
    from groupformer.validate import InputError, membership_problems

    problems = membership_problems([(person, "members") for person in people], signups)
    if problems:
        raise InputError(problems)


def rebuild_group(
    signups: SignupFile, members: Iterable[str], pinned: dict[str, Any] | None = None, group_id: str = "G001"
) -> Group:
    """The group these members form, every field not `pinned` (a grouping's group fields: modality,
    style, frequency, focus, meeting) chosen as solve would. Raises GroupCannotMeet when a rule leaves no
    choice, InputError for an unknown or repeated member."""
    from groupformer.complete import complete_grouping
    from groupformer.grouping import GivenGroup, Grouping

    members = list(members)
    _check_known(signups, members)
    given = GivenGroup.model_validate({**(pinned or {}), "id": group_id, "members": members})
    completion = complete_grouping(signups, Grouping(groups=[given]))
    if completion.infeasible:
        raise GroupCannotMeet(completion.infeasible)
    return completion.groups[0]


def _homes(solution: SubmittedSolution) -> dict[str, str]:
    return {member: group.id for group in solution.groups for member in group.members}


def _check_group(solution: SubmittedSolution, group_id: str | None) -> None:
    from groupformer.validate import InputError

    if group_id is not None and group_id not in {group.id for group in solution.groups}:
        raise InputError([f"unknown group {group_id!r}: not a group of the solution"])


def move(signups: SignupFile, solution: SubmittedSolution, participant: str, to_group: str | None) -> Edit:
    """`participant` moved into group `to_group` (None: out of every group, unplaced); the groups they
    left and joined are rebuilt."""
    _check_known(signups, [participant])
    _check_group(solution, to_group)
    members = {group.id: list(group.members) for group in solution.groups}
    source = _homes(solution).get(participant)
    if source is not None:
        members[source].remove(participant)
    if to_group is not None:
        members[to_group].append(participant)
    return _edited(signups, solution, members, {source, to_group} - {None})


def swap(signups: SignupFile, solution: SubmittedSolution, first: str, second: str) -> Edit:
    """`first` and `second` trade places (one of them may be unplaced); both groups are rebuilt."""
    from groupformer.validate import InputError

    _check_known(signups, [first, second])
    homes = _homes(solution)
    if homes.get(first) == homes.get(second):
        raise InputError([f"{first} and {second} are in the same place: nothing to swap"])
    members = {group.id: list(group.members) for group in solution.groups}
    for person, other in ((first, second), (second, first)):
        home = homes.get(person)
        if home is not None:
            members[home][members[home].index(person)] = other
    return _edited(signups, solution, members, {homes.get(first), homes.get(second)} - {None})


def _edited(signups: SignupFile, solution: SubmittedSolution, members: dict[str, list[str]], changed: set[str]) -> Edit:
    """The solution with the `changed` groups rebuilt for their new members (an emptied group is gone),
    completed and judged like a hand-made grouping."""
    from groupformer.complete import complete_grouping, completed_solution
    from groupformer.evaluate import evaluate
    from groupformer.grouping import Grouping

    groups = [
        rebuild_group(signups, members[group.id], group_id=group.id) if group.id in changed else group
        for group in solution.groups
        if members[group.id]
    ]
    before = evaluate(signups, solution)
    placed = {member for group in groups for member in group.members}
    grouping = Grouping.model_validate(
        {
            "groups": [group.model_dump(mode="json") for group in groups],
            "unassigned": [entry.model_dump(mode="json") for entry in solution.unassigned if entry.id not in placed],
        }
    )
    edited, after = completed_solution(signups, grouping)
    if edited is None:
        return Edit(complete_grouping(signups, grouping).submitted(), after, report_delta(before, after))
    return Edit(edited, after, report_delta(before, after))


def report_delta(before: EvaluationReport, after: EvaluationReport) -> ReportDelta:
    return ReportDelta(
        objective=round(after.objective - before.objective, 6),
        assigned=after.assigned - before.assigned,
        violations_added=[violation for violation in after.violations if violation not in before.violations],
        violations_removed=[violation for violation in before.violations if violation not in after.violations],
    )
