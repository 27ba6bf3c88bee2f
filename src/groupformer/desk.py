"""A coordinator's session at the desk: edit a solution by hand, each edit judged at once, with undo.

A drag on the page must feel instant (under 50 ms at 2,000 sign-ups), and compiling the sign-ups and
judging every group again for each edit takes longer than that. So the desk compiles once and keeps
the judge's verdict group by group; an edit rebuilds only the groups it changes (as `complete` fills in
a hand-made group) and judges only those, with the judge's own per-group rules (evaluate/rules.py,
evaluate/verdict.py). The report is summed from the verdicts by the judge itself, in the solution's
order, so it equals a fresh `evaluate` of the desk's solution exactly (tests/test_desk.py checks it
after random edits). Coverage (everyone once) is checked when the desk opens; edits only move people
between places, so it cannot break afterwards.

A newcomer a group cannot meet with does not change the group's meeting: the group keeps the meeting it
had and the judge names the rule the newcomer breaks, for the coordinator to keep (marked) or undo.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from groupformer.contract import (
    EvaluationReport,
    Group,
    SignupFile,
    Solution,
    SolveStats,
    SubmittedSolution,
    UnassignedParticipant,
    Violation,
)
from groupformer.derive import numbered_ids
from groupformer.desk_history import EditState, EditStep, moved_people, violations_in_order
from groupformer.edits import MEASURES, ReportDelta, pinned_solution, solve_pinned
from groupformer.evaluate import GroupVerdict, Judge
from groupformer.evaluate.coverage import coverage_violations
from groupformer.evaluate.open_groups import open_group_violations
from groupformer.explain.groups import GroupExplainer
from groupformer.rebuild import GroupRebuilder
from groupformer.validate import InputError


@dataclass(frozen=True)
class DeskChange:
    """What one edit (or undo, or redo) did: the groups it rebuilt or added, those it removed, the rules
    no choice satisfied in a rebuilt group (which then kept its meeting), and the change in the report."""

    changed: list[str]
    removed: list[str]
    cannot_meet: list[Violation]
    delta: ReportDelta


class Desk:
    """A solution being edited: `move`, `swap`, `unassign`, `new_group`, `dissolve`, each returning a
    DeskChange; `undo` and `redo`; `report` (always the judge's report on `solution()`); pins
    (`pin`, `pin_member`) that refuse edits and hold through a re-solve of the rest (`resolve()`).

    Raises InputError when the solution lists someone twice or not at all, or names an unknown person
    (`groupformer evaluate` says where); a desk edits a solution in which everyone is placed once."""

    def __init__(self, signups: SignupFile, solution: SubmittedSolution):
        broken = coverage_violations(signups, solution)
        if broken:
            raise InputError([f"solution: {violation.message}" for violation in broken])
        self.signups = signups
        self._rebuilder = GroupRebuilder(signups)
        self._by_id = {participant.id: participant for participant in signups.participants}
        self._open_ids = {group.id for group in signups.open_groups}
        self._judge = Judge(signups)
        self._groups = {group.id: group for group in solution.groups}
        self._verdicts = {group.id: self._judge.group(group) for group in solution.groups}
        self._unassigned = {entry.id: entry for entry in solution.unassigned}
        self._home = {member: group.id for group in solution.groups for member in group.members}
        self._open_violations = self._judge_open_groups()
        self.report = self._assemble_report()
        self.pinned_groups: set[str] = set()
        self.pinned_members: dict[str, str] = {}
        self._undo: list[EditStep] = []
        self._redo: list[EditStep] = []
        self._explainer: GroupExplainer | None = None

    # The judge, group by group.

    def _assemble_report(self) -> EvaluationReport:
        """The judge's report from its verdicts; coverage holds (checked on opening, kept by every edit)."""
        return self._judge.report(self._open_violations, [self._verdicts[group_id] for group_id in self._groups])

    def _judge_open_groups(self) -> list[Violation]:
        if not self._open_ids:
            return []
        held = [self._groups[group_id] for group_id in self._open_ids if group_id in self._groups]
        return open_group_violations(self.signups, SubmittedSolution.model_construct(groups=held))

    # Edits.

    def _check_people(self, people: list[str]) -> None:
        problems = [
            f"unknown participant id {person!r}" for person in dict.fromkeys(people) if person not in self._by_id
        ]
        problems += [f"{person} is named twice" for person in dict.fromkeys(people) if people.count(person) > 1]
        if problems:
            raise InputError(problems)

    def _check_group(self, group_id: str) -> None:
        if group_id not in self._groups:
            raise InputError([f"unknown group {group_id!r}: not a group of the solution"])

    def _check_not_pinned(self, people: Iterable[str], group_ids: Iterable[str]) -> None:
        problems = [
            f"{group_id} is pinned: unpin it to change it" for group_id in group_ids if group_id in self.pinned_groups
        ]
        problems += [
            f"{person} is pinned to {self.pinned_members[person]}: unpin them to move them"
            for person in people
            if person in self.pinned_members
        ]
        if problems:
            raise InputError(problems)

    def move(self, person: str, to_group: str | None) -> DeskChange:
        """`person` into group `to_group` (None: out of every group, unplaced)."""
        self._check_people([person])
        source = self._home.get(person)
        if to_group is None:
            if source is None:
                raise InputError([f"{person} is already unplaced"])
            return self.unassign(person)
        self._check_group(to_group)
        if source == to_group:
            raise InputError([f"{person} is already in {to_group}"])
        self._check_not_pinned([person], [group_id for group_id in (source, to_group) if group_id is not None])
        members = {to_group: [*self._groups[to_group].members, person]}
        if source is not None:
            members[source] = [member for member in self._groups[source].members if member != person]
        return self._commit(members, unplaced={}, placed={person})

    def swap(self, first: str, second: str) -> DeskChange:
        """`first` and `second` trade places (one of them may be unplaced)."""
        self._check_people([first, second])
        homes = {person: self._home.get(person) for person in (first, second)}
        if homes[first] == homes[second]:
            raise InputError([f"{first} and {second} are in the same place: nothing to swap"])
        self._check_not_pinned([first, second], [group_id for group_id in homes.values() if group_id is not None])
        members = {}
        for person, other in ((first, second), (second, first)):
            home = homes[person]
            if home is not None:
                members[home] = [other if member == person else member for member in self._groups[home].members]
        unplaced = {
            other: [_taken_out(other, homes[other])]
            for person, other in ((first, second), (second, first))
            if homes[person] is None
        }
        return self._commit(members, unplaced=unplaced, placed={first, second} - set(unplaced))

    def unassign(self, person: str) -> DeskChange:
        """`person` out of their group, unplaced."""
        self._check_people([person])
        source = self._home.get(person)
        if source is None:
            raise InputError([f"{person} is already unplaced"])
        self._check_not_pinned([person], [source])
        members = {source: [member for member in self._groups[source].members if member != person]}
        return self._commit(members, unplaced={person: [_taken_out(person, source)]}, placed=set())

    def new_group(self, people: Iterable[str], group_id: str | None = None) -> DeskChange:
        """A new group of `people`, taken out of their groups, under `group_id` or the next free id."""
        people = list(people)
        if not people:
            raise InputError(["a new group needs at least one member"])
        self._check_people(people)
        sources = list(dict.fromkeys(self._home[person] for person in people if person in self._home))
        self._check_not_pinned(people, sources)
        if group_id is None:
            [group_id] = numbered_ids(1, set(self._groups) | self._open_ids)
        elif group_id in self._groups:
            raise InputError([f"group id {group_id!r} is taken"])
        members = {
            source: [member for member in self._groups[source].members if member not in people] for source in sources
        }
        members[group_id] = people
        return self._commit(members, unplaced={}, placed=set(people))

    def dissolve(self, group_id: str) -> DeskChange:
        """Group `group_id` gone, its members unplaced."""
        self._check_group(group_id)
        members = self._groups[group_id].members
        self._check_not_pinned(members, [group_id])
        unplaced = {member: [_dissolved(member, group_id)] for member in members}
        return self._commit({group_id: []}, unplaced=unplaced, placed=set())

    def _commit(self, members: dict[str, list[str]], unplaced: dict[str, list[str]], placed: set[str]) -> DeskChange:
        """Rebuild and judge the groups in `members` (an empty one is removed), unplace and place people."""
        group_ids = list(members)
        people = set(unplaced) | {person for person in placed if person in self._unassigned}
        changes_order = bool(people) or any(not members[g] or g not in self._groups for g in group_ids)
        rebuilt, cannot_meet = {}, []
        for group_id in group_ids:
            if members[group_id]:
                rebuilt[group_id], blocked = self._rebuilder.rebuilt(
                    group_id, members[group_id], self._groups.get(group_id)
                )
                cannot_meet += blocked
        before = self._capture(group_ids, people, changes_order)
        for group_id in group_ids:
            self._set_group(group_id, rebuilt.get(group_id), None)
        for person in placed:
            self._unassigned.pop(person, None)
        for person, reasons in unplaced.items():
            self._unassigned[person] = UnassignedParticipant(id=person, reasons=reasons)
        self._refresh()
        after = self._capture(group_ids, people, changes_order)
        self._undo.append(EditStep(before, after, cannot_meet))
        self._redo.clear()
        return self._change(before, after, cannot_meet)

    # State, undo and redo.

    def _set_group(self, group_id: str, group: Group | None, verdict: GroupVerdict | None) -> None:
        old = self._groups.pop(group_id, None) if group is None else self._groups.get(group_id)
        for member in old.members if old is not None else ():
            if self._home.get(member) == group_id:
                del self._home[member]
        if group is None:
            self._verdicts.pop(group_id, None)
            return
        self._groups[group_id] = group
        self._verdicts[group_id] = verdict or self._judge.group(group)
        self._home |= {member: group_id for member in group.members}

    def _refresh(self) -> None:
        self._open_violations = self._judge_open_groups()
        self.report = self._assemble_report()

    def _capture(self, group_ids: list[str], people: set[str], with_order: bool) -> EditState:
        return EditState(
            groups={
                group_id: (self._groups[group_id], self._verdicts[group_id]) if group_id in self._groups else None
                for group_id in group_ids
            },
            unassigned={person: self._unassigned.get(person) for person in sorted(people)},
            group_order=tuple(self._groups) if with_order else None,
            unassigned_order=tuple(self._unassigned) if with_order else None,
            open_violations=self._open_violations,
            report=self.report,
        )

    def _restore(self, state: EditState) -> None:
        for group_id, entry in state.groups.items():
            self._set_group(group_id, *(entry or (None, None)))
        for person, entry in state.unassigned.items():
            if entry is None:
                self._unassigned.pop(person, None)
            else:
                self._unassigned[person] = entry
        if state.group_order is not None:
            self._groups = {group_id: self._groups[group_id] for group_id in state.group_order}
        if state.unassigned_order is not None:
            self._unassigned = {person: self._unassigned[person] for person in state.unassigned_order}
        self._open_violations = state.open_violations
        self.report = state.report

    def undo(self) -> DeskChange | None:
        """The last edit taken back (None when there is none); it can be redone. Refused, like any
        edit, when it would change a pinned group or move a pinned member."""
        if not self._undo:
            return None
        self._check_not_pinned(moved_people(self._undo[-1]), self._undo[-1].before.groups)
        step = self._undo.pop()
        self._restore(step.before)
        self._redo.append(step)
        return self._change(step.after, step.before, [])

    def redo(self) -> DeskChange | None:
        """The last edit undone made again (None when there is none)."""
        if not self._redo:
            return None
        self._check_not_pinned(moved_people(self._redo[-1]), self._redo[-1].after.groups)
        step = self._redo.pop()
        self._restore(step.after)
        self._undo.append(step)
        return self._change(step.before, step.after, step.cannot_meet)

    def _change(self, before: EditState, after: EditState, cannot_meet: list[Violation]) -> DeskChange:
        """The exact difference of the two reports: the violations of groups an edit did not touch are
        in both, so only the touched groups' (and the open groups') need comparing."""
        old, new = violations_in_order(before, self._groups), violations_in_order(after, self._groups)
        delta = ReportDelta(
            objective=round(after.report.objective - before.report.objective, 6),
            assigned=after.report.assigned - before.report.assigned,
            violations_added=[violation for violation in new if violation not in old],
            violations_removed=[violation for violation in old if violation not in new],
            measures={name: round(getattr(after.report, name) - getattr(before.report, name), 6) for name in MEASURES},
        )
        changed = [group_id for group_id, entry in after.groups.items() if entry is not None]
        removed = [group_id for group_id, entry in after.groups.items() if entry is None]
        return DeskChange(changed, removed, cannot_meet, delta)

    # What the session holds.

    def solution(self) -> Solution | SubmittedSolution:
        """A full Solution when the judge accepts it (a hand edit proves nothing: status feasible, the
        trivial bound); otherwise the groups and the unplaced alone, to be edited further."""
        groups, unassigned = list(self._groups.values()), list(self._unassigned.values())
        report = self.report
        if not report.valid:
            return SubmittedSolution(groups=groups, unassigned=unassigned)
        bound = report.placement_weight * report.participants + report.participants
        stats = SolveStats(
            participants=report.participants,
            assigned=report.assigned,
            groups=report.groups,
            solve_seconds=0.0,
            gap=round((bound - report.objective) / bound, 6) if bound else 0.0,
        )
        return Solution(
            status="feasible",
            objective=report.objective,
            bound=bound,
            groups=groups,
            unassigned=unassigned,
            stats=stats,
        )

    def group(self, group_id: str) -> tuple[Group, list[Violation]]:
        """A group and the rules it breaks, for its card."""
        self._check_group(group_id)
        return self._groups[group_id], self._verdicts[group_id].violations

    def describe_groups(self, group_ids: Iterable[str]) -> list[dict]:
        """`groupformer.describe_groups` for these groups (in the order given), for their cards after an
        edit: without checking the whole solution against the sign-ups again, which the desk did when it
        opened and keeps true with every edit, and with the sign-ups indexed once per desk."""
        if self._explainer is None:
            self._explainer = GroupExplainer(self.signups)
        ids = list(group_ids)
        for group_id in ids:
            self._check_group(group_id)
        return [self._explainer.explain(self._groups[group_id]) for group_id in ids]

    def pin(self, group_id: str) -> None:
        """Refuse edits to this group; it is kept by a re-solve (`keep()`)."""
        self._check_group(group_id)
        self.pinned_groups.add(group_id)

    def pin_member(self, person: str) -> None:
        """Keep `person` in their group: refuse moving them; a re-solve keeps them there (`keep()`)."""
        self._check_people([person])
        if person not in self._home:
            raise InputError([f"{person} is unplaced: only someone in a group can be pinned"])
        self.pinned_members[person] = self._home[person]

    def unpin(self, group_id: str) -> None:
        self.pinned_groups.discard(group_id)

    def unpin_member(self, person: str) -> None:
        self.pinned_members.pop(person, None)

    def keep(self) -> SubmittedSolution:
        """The `keep` argument of `solve` that holds the pinned groups (edits.pinned_solution)."""
        return pinned_solution(self.solution(), self.pinned_groups, self.pinned_members)

    def resolve(self, **options: Any) -> Solution:
        """Everything not pinned solved again (edits.solve_pinned; `options` as for `solve`); the desk
        itself is unchanged: open a new one on the result to edit it."""
        return solve_pinned(self.signups, self.solution(), self.pinned_groups, self.pinned_members, **options)


EXPLAIN_HINT = "`groupformer explain SIGNUPS SOLUTION {person}` says who they could meet with"


def _taken_out(person: str, group_id: str) -> str:
    return f"{person} was taken out of {group_id} by hand; " + EXPLAIN_HINT.format(person=person)


def _dissolved(person: str, group_id: str) -> str:
    return f"{group_id}, {person}'s group, was dissolved by hand; " + EXPLAIN_HINT.format(person=person)
