"""A grouping (who is in which group) → a full solution, every missing field chosen as `solve` would.

A coordinator's spreadsheet names the groups and little else, while the judge needs meetings. Each group
gets what it lacks by the solver's own choices (derive.py), or, for a group that already meets
(`open_groups`), its own meeting. A group whose members leave no choice for a rule is reported with that
rule and the fewest members who block it (infeasible.py). Whatever was given stays exactly as given, so
the judge checks it; the judge itself (the evaluate package) still shares no code with the solver.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from groupformer.compile import compile_problem
from groupformer.compile.scores import score_group
from groupformer.contract import (
    FREQUENCIES,
    STYLES,
    DerivedFields,
    EvaluationReport,
    Group,
    GroupScores,
    Meeting,
    SignupFile,
    Solution,
    SolveStats,
    SubmittedSolution,
    UnassignedParticipant,
    Violation,
)
from groupformer.derive import (
    agreement,
    group_focus,
    meeting_host,
    meeting_location,
    meeting_start,
    most_requested,
    numbered_ids,
)
from groupformer.evaluate import evaluate
from groupformer.grouping import GivenGroup, Grouping
from groupformer.infeasible import Blocked, no_common_modality, no_common_time, no_common_value, no_meeting_place
from groupformer.problem import Problem

FIELDS = (
    "meeting.utc_start",
    "meeting.minutes",
    "meeting.location",
    "modality",
    "style",
    "frequency",
    "focus",
)


@dataclass(frozen=True)
class Completion:
    """The groups that can meet, completed; the rules no choice satisfies in the others; who is unplaced."""

    groups: list[Group]
    derived: list[DerivedFields]
    infeasible: list[Violation]
    unassigned: list[UnassignedParticipant]
    derived_unassigned: list[str]

    def submitted(self) -> SubmittedSolution:
        return SubmittedSolution(groups=self.groups, unassigned=self.unassigned)


def participant_indices(signups: SignupFile) -> dict[str, int]:
    """Each participant's index in the compiled problem (the order of the sign-ups)."""
    return {participant.id: index for index, participant in enumerate(signups.participants)}


def _given_fields(group: GivenGroup) -> dict[str, Any]:
    given: dict[str, Any] = {
        name: value
        for name, value in (("modality", group.modality), ("style", group.style), ("frequency", group.frequency))
        if value is not None
    }
    if group.gives_focus():
        given["focus"] = group.focus
    if group.meeting is not None:
        if group.meeting.utc_start is not None:
            given["meeting.utc_start"] = group.meeting.utc_start
        if group.meeting.minutes is not None:
            given["meeting.minutes"] = group.meeting.minutes
    if group.gives_location():
        given["meeting.location"] = group.meeting.location
    return given


def _place(problem: Problem, members: list[int], modality: str | None) -> tuple[dict[str, Any], Blocked | None]:
    """Modality and place: in person at the host with the least travel when everyone can get there,
    else remote; a modality that was given is kept and only its place chosen."""
    if modality == "remote":
        return {"meeting.location": None}, None
    if modality == "in_person":
        in_person = [member for member in members if problem.accepts_in_person(member)]
        host = meeting_host(problem, in_person, agreement(problem, in_person).hosts) if in_person else None
        if host is None:
            return {}, no_meeting_place(problem, members, remote_is_open=False)
        return {"meeting.location": meeting_location(problem, host)}, None
    joint = agreement(problem, members)
    host = meeting_host(problem, members, joint.hosts)
    if host is not None:
        return {"modality": "in_person", "meeting.location": meeting_location(problem, host)}, None
    if joint.remote:
        return {"modality": "remote", "meeting.location": None}, None
    return {}, no_common_modality(problem, members)


def _derived(problem: Problem, members: list[int], given: dict[str, Any]) -> tuple[dict[str, Any], list[Blocked]]:
    """The solver's choice for every field not given, and the rules for which no choice exists."""
    joint = agreement(problem, members)
    chosen: dict[str, Any] = {"meeting.minutes": problem.meeting_minutes}
    blocked: list[Blocked] = []
    if joint.windows:
        chosen["meeting.utc_start"] = meeting_start(problem, joint.windows)
    elif "meeting.utc_start" not in given:
        blocked.append(no_common_time(problem, members))
    if "meeting.location" in given:
        chosen["modality"] = "in_person" if given["meeting.location"] is not None else "remote"
    else:
        place, no_place = _place(problem, members, given.get("modality"))
        chosen |= place
        blocked += [no_place] if no_place is not None else []
    for rule, values, wanted in (
        ("style", STYLES, problem.style_wanted),
        ("frequency", FREQUENCIES, problem.frequency_wanted),
    ):
        accepted = getattr(joint, rule)
        if accepted:
            chosen[rule] = most_requested(members, accepted, wanted, values)
        elif rule not in given:
            blocked.append(no_common_value(problem, members, rule))
    if joint.focus:
        chosen["focus"] = group_focus(problem, joint.focus, members)
    elif "focus" not in given:
        blocked.append(no_common_value(problem, members, "focus"))
    return chosen, blocked


def _open_group_fields(group: Group) -> dict[str, Any]:
    meeting = group.meeting
    return {
        "meeting.utc_start": meeting.utc_start,
        "meeting.minutes": meeting.minutes,
        "meeting.location": meeting.location,
        "modality": group.modality,
        "style": group.style,
        "frequency": group.frequency,
        "focus": group.focus,
    }


def _completed_group(group_id: str, given: GivenGroup, values: dict[str, Any]) -> Group:
    return Group(
        id=group_id,
        members=list(given.members),
        modality=values["modality"],
        style=values["style"],
        frequency=values["frequency"],
        focus=values["focus"],
        meeting=Meeting(
            utc_start=values["meeting.utc_start"],
            minutes=values["meeting.minutes"],
            location=values["meeting.location"],
        ),
        scores=given.scores,
    )


def infeasible_violation(group_id: str, blocked: Blocked) -> Violation:
    return Violation(
        rule="infeasible", group=group_id, members=blocked.members, message=f"{group_id} cannot meet: {blocked.message}"
    )


def _unplaced_reason(participant_id: str) -> list[str]:
    return [
        f"{participant_id} is in no group of the grouping; `groupformer explain SIGNUPS SOLUTION {participant_id}` "
        "says who they could meet with and what would place them"
    ]


def compiled_when_needed(signups: SignupFile) -> Callable[[], Problem]:
    """The compiled sign-ups, compiled at the first call only: a grouping that gives every field never
    needs them, and compiling 10,000 sign-ups takes a while."""
    return cache(lambda: compile_problem(signups))


class GroupCompleter:
    """Completes one group at a time; the desk keeps one for a whole session of edits."""

    def __init__(self, signups: SignupFile, problem: Callable[[], Problem]):
        self.signups = signups
        self.open_groups = {group.id: group for group in signups.open_groups}
        self.index_of = participant_indices(signups)
        self.problem = problem

    def group(self, group_id: str, given: GivenGroup) -> tuple[Group | None, list[str], list[Blocked]]:
        """The completed group (None when a rule leaves no choice), the fields derived, the rules blocked."""
        values = _given_fields(given)
        missing = [name for name in FIELDS if name not in values]
        if not missing:
            return _completed_group(group_id, given, values), [], []
        open_group = self.open_groups.get(group_id)
        if open_group is not None:
            chosen = _open_group_fields(open_group.as_group(self.signups.settings.meeting_minutes))
            blocked: list[Blocked] = []
        else:
            members = [self.index_of[member] for member in given.members]
            chosen, blocked = _derived(self.problem(), members, values)
        if blocked:
            return None, [], blocked
        return _completed_group(group_id, given, {name: chosen[name] for name in missing} | values), missing, []


def complete_grouping(
    signups: SignupFile, grouping: Grouping, problem: Callable[[], Problem] | None = None
) -> Completion:
    """Members of a group that cannot meet are unplaced (with the group's first blocked rule as reason)
    and the group is reported as infeasible with every rule no choice satisfies."""
    completer = GroupCompleter(signups, problem or compiled_when_needed(signups))
    given_ids = {group.id for group in grouping.groups if group.id is not None}
    numbered = iter(numbered_ids(sum(group.id is None for group in grouping.groups), given_ids))
    groups, derived, infeasible = [], [], []
    unassigned = list(grouping.unassigned)
    for given in grouping.groups:
        group_id = given.id if given.id is not None else next(numbered)
        group, fields, blocked = completer.group(group_id, given)
        if group is None:
            infeasible += [infeasible_violation(group_id, rule) for rule in blocked]
            reason = f"{group_id} cannot meet: {blocked[0].message}"
            unassigned += [UnassignedParticipant(id=member, reasons=[reason]) for member in given.members]
            continue
        groups.append(group)
        fields = (["id"] if given.id is None else []) + fields
        if fields:
            derived.append(DerivedFields(group=group_id, fields=fields))
    listed = {member for given in grouping.groups for member in given.members} | {e.id for e in grouping.unassigned}
    unplaced = [participant.id for participant in signups.participants if participant.id not in listed]
    unassigned += [UnassignedParticipant(id=person, reasons=_unplaced_reason(person)) for person in unplaced]
    return Completion(groups, derived, infeasible, unassigned, unplaced)


def judge_grouping(
    signups: SignupFile, grouping: Grouping, problem: Callable[[], Problem] | None = None
) -> tuple[EvaluationReport, Completion]:
    """The judge's report on the completed grouping, with the infeasible groups among its violations and
    what was derived listed as such."""
    completion = complete_grouping(signups, grouping, problem)
    report = evaluate(signups, completion.submitted())
    violations = completion.infeasible + report.violations
    return (
        report.model_copy(
            update={
                "valid": not violations,
                "violations": violations,
                "derived": completion.derived,
                "derived_unassigned": completion.derived_unassigned,
            }
        ),
        completion,
    )


def _scored(problem: Problem, index_of: dict[str, int], group: Group) -> Group:
    score = score_group(problem, sorted(index_of[member] for member in dict.fromkeys(group.members)))
    scores = GroupScores(fit=round(score.fit, 6), diversity=round(score.diversity, 6))
    return group.model_copy(update={"scores": scores})


def completed_solution(signups: SignupFile, grouping: Grouping) -> tuple[Solution | None, EvaluationReport]:
    """The completed grouping as a contract solution, or None when the judge finds it invalid. Nothing was
    searched, so the bound is the trivial one (everyone placed, every member at full quality 1)."""
    started = time.perf_counter()
    problem = compiled_when_needed(signups)
    report, completion = judge_grouping(signups, grouping, problem)
    if not report.valid:
        return None, report
    index_of = participant_indices(signups)
    bound = report.placement_weight * report.participants + report.participants
    solution = Solution(
        status="feasible",
        objective=report.objective,
        bound=bound,
        groups=[_scored(problem(), index_of, group) for group in completion.groups],
        unassigned=completion.unassigned,
        stats=SolveStats(
            participants=report.participants,
            assigned=report.assigned,
            groups=report.groups,
            solve_seconds=round(time.perf_counter() - started, 3),
            gap=round((bound - report.objective) / bound, 6),
        ),
    )
    return solution, report
