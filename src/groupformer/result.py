"""Chosen groups (index tuples) → a contract `Solution`: concrete meetings, scores, reasons, stats.

The search only decides who meets whom; here each group gets its meeting, by the choices in derive.py
(shared with `complete`, which fills in hand-made groupings the same way).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from groupformer.compile.scores import MICRO, score_group
from groupformer.contract import (
    FREQUENCIES,
    STYLES,
    Group,
    GroupScores,
    Meeting,
    OpenGroup,
    Solution,
    SolveStats,
    UnassignedParticipant,
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
from groupformer.problem import Problem
from groupformer.reasons import unassigned_reasons
from groupformer.search.fixed_groups import FixedGroups


def build_group(problem: Problem, group_id: str, members: tuple[int, ...]) -> Group:
    joint = agreement(problem, members)
    host = meeting_host(problem, members, joint.hosts)
    location = None if host is None else meeting_location(problem, host)
    score = score_group(problem, list(members))
    return Group(
        id=group_id,
        members=[problem.ids[member] for member in members],
        modality="in_person" if host is not None else "remote",
        style=most_requested(members, joint.style, problem.style_wanted, STYLES),
        frequency=most_requested(members, joint.frequency, problem.frequency_wanted, FREQUENCIES),
        focus=group_focus(problem, joint.focus, members),
        meeting=Meeting(
            utc_start=meeting_start(problem, joint.windows),
            minutes=problem.meeting_minutes,
            location=location,
        ),
        scores=GroupScores(fit=round(score.fit, 6), diversity=round(score.diversity, 6)),
    )


@dataclass(frozen=True)
class OpenGroupOutcome:
    """The open groups as given, which newcomers took seats in each (by index), and which dissolved."""

    groups: list[OpenGroup] = field(default_factory=list)
    filled: dict[int, tuple[int, ...]] = field(default_factory=dict)
    dissolved: list[int] = field(default_factory=list)

    def kept(self) -> list[int]:
        return [index for index in range(len(self.groups)) if index not in self.dissolved]


def _named_groups(
    problem: Problem, groups: list[tuple[int, ...]], taken: set[str]
) -> tuple[list[tuple[int, ...]], list[str]]:
    """Groups in output order with their ids: numbered G001, G002, ..., or with fixed groups each named
    after the fixed group it fills, in the order of settings.groups."""
    ordered = sorted(groups)
    if problem.group_bounds is None:
        return ordered, numbered_ids(len(ordered), taken)
    fixed_of = FixedGroups(problem.group_bounds).assign([len(members) for members in ordered])
    if fixed_of is None:
        raise ValueError("the search returned groups that do not fit settings.groups")
    by_fixed = sorted(zip(fixed_of, ordered))
    return [members for _, members in by_fixed], [problem.group_ids[fixed] for fixed, _ in by_fixed]


def _open_group(problem: Problem, outcome: OpenGroupOutcome, index: int) -> tuple[Group, tuple[int, ...]]:
    """An open group as it meets from now on: its members, then the newcomers, at its own meeting."""
    group = outcome.groups[index]
    newcomers = outcome.filled.get(index, ())
    members = problem.open_groups[index].members + newcomers
    contract_group = group.as_group(problem.meeting_minutes, list(group.members) + [problem.ids[n] for n in newcomers])
    score = score_group(problem, sorted(members))
    contract_group.scores = GroupScores(fit=round(score.fit, 6), diversity=round(score.diversity, 6))
    return contract_group, members


def _open_group_stats(problem: Problem, outcome: OpenGroupOutcome) -> dict:
    return {
        "open_groups": {
            "seats_filled": {
                outcome.groups[index].id: [problem.ids[person] for person in newcomers]
                for index, newcomers in sorted(outcome.filled.items())
            },
            "dissolved": [outcome.groups[index].id for index in outcome.dissolved],
        }
    }


def _released_reason(problem: Problem, person: int, released: dict[int, str]) -> list[str]:
    if person not in released:
        return []
    return [
        f"{problem.ids[person]}'s group {released[person]} fell below the minimum size of "
        f"{problem.group_size_min} and could not be refilled, so its members were placed again"
    ]


def build_solution(
    problem: Problem,
    groups: list[tuple[int, ...]],
    status: str,
    objective_micro: int,
    bound_micro: int,
    stats: dict,
    open_groups: OpenGroupOutcome | None = None,
) -> Solution:
    open_groups = open_groups if open_groups is not None else OpenGroupOutcome()
    kept_open = [_open_group(problem, open_groups, index) for index in open_groups.kept()]
    ordered, group_ids = _named_groups(problem, groups, {group.id for group in open_groups.groups})
    group_of = {member: group_id for group_id, members in zip(group_ids, ordered) for member in members}
    group_of |= {member: group.id for group, members in kept_open for member in members}
    released = {
        member: open_groups.groups[index].id
        for index in open_groups.dissolved
        for member in problem.open_groups[index].members
    }
    kept_ids = frozenset(group.id for group, _ in kept_open)
    if open_groups.groups:
        stats = {**stats, **_open_group_stats(problem, open_groups)}
    unused = [fixed_id for fixed_id in problem.group_ids or () if fixed_id not in group_ids]
    if problem.group_ids is not None:
        stats = {**stats, "unused_groups": unused}
    all_formed = problem.group_ids is not None and not unused
    unassigned = [
        UnassignedParticipant(
            id=problem.ids[person],
            reasons=_released_reason(problem, person, released)
            + unassigned_reasons(problem, person, group_of, status == "optimal", all_formed, kept_ids),
        )
        for person in range(problem.size)
        if person not in group_of
    ]
    objective = objective_micro / MICRO
    bound = bound_micro / MICRO
    return Solution(
        status=status,
        objective=objective,
        bound=bound,
        groups=[group for group, _ in kept_open]
        + [build_group(problem, group_id, members) for group_id, members in zip(group_ids, ordered)],
        unassigned=unassigned,
        stats=SolveStats(
            participants=problem.size,
            assigned=len(group_of),
            groups=len(ordered) + len(kept_open),
            gap=round((bound - objective) / bound, 6) if bound > 0 else 0.0,
            **stats,
        ),
    )
