"""Why someone was not placed, in words a coordinator can act on.

Anyone compiling ran out of time to compare with the others is told so first. Then the rules are tried
in the order a coordinator would fix them: first whether the person can meet at all, then who shares a
window, then modality and distance, then style, frequency and focus, then conflicts, then whether
enough compatible people exist to form a group, and finally whether a group was possible but others
were placed instead. The first rule that leaves nobody is the reason.
"""

from __future__ import annotations

import numpy as np

from groupformer.compile.geo import haversine_km
from groupformer.contract import FREQUENCIES, STYLES
from groupformer.problem import IN_PERSON_BIT, REMOTE_BIT, Problem
from groupformer.search.candidates import some_group_with

MAX_NAMED = 5


def _names(problem: Problem, people: np.ndarray | list[int]) -> str:
    ids = [problem.ids[int(person)] for person in people]
    shown = ", ".join(ids[:MAX_NAMED])
    return shown + (f" and {len(ids) - MAX_NAMED} more" if len(ids) > MAX_NAMED else "")


def _accepted(mask: int, values: tuple[str, ...]) -> str:
    return " or ".join(value for bit, value in enumerate(values) if mask >> bit & 1)


def _modality_partners(problem: Problem, person: int, candidates: np.ndarray) -> np.ndarray:
    both_remote = (problem.modality_mask[candidates] & REMOTE_BIT) & (problem.modality_mask[person] & REMOTE_BIT)
    in_person = np.zeros(len(candidates), dtype=bool)
    if problem.accepts_in_person(person):
        distances = _distances_km(problem, person, candidates)
        in_person = ((problem.modality_mask[candidates] & IN_PERSON_BIT) != 0) & (
            distances <= problem.max_travel_km[person] + problem.max_travel_km[candidates]
        )
    return candidates[(both_remote != 0) | in_person]


def _distances_km(problem: Problem, person: int, others: np.ndarray) -> np.ndarray:
    return haversine_km(problem.coordinates[[person]], problem.coordinates[others])[0]


def _modality_reason(problem: Problem, person: int) -> str:
    who = problem.ids[person]
    if not problem.accepts_in_person(person):
        return f"no other participant accepting remote meetings shares an available window with {who}"
    radius = f"{problem.max_travel_km[person]:g} km"
    if not problem.accepts_remote(person):
        return f"no in-person partner within {who}'s travel radius ({radius}) shares an available window"
    return f"nobody sharing a window with {who} meets remotely or lives within reach of {who}'s radius ({radius})"


def _rule_filters(problem: Problem, person: int):
    """(rule name, which others pass it, what the person accepts) in the order a coordinator checks them."""
    yield (
        "style",
        lambda others: (problem.style_mask[others] & problem.style_mask[person]) != 0,
        _accepted(int(problem.style_mask[person]), STYLES),
    )
    yield (
        "frequency",
        lambda others: (problem.frequency_mask[others] & problem.frequency_mask[person]) != 0,
        _accepted(int(problem.frequency_mask[person]), FREQUENCIES),
    )
    yield (
        "focus",
        lambda others: np.array(
            [bool(problem.focus_bits[other] & problem.focus_bits[person]) for other in others], dtype=bool
        ),
        _accepted(problem.focus_bits[person], problem.focus_values) or "none stated",
    )


def unassigned_reasons(
    problem: Problem,
    person: int,
    group_of: dict[int, str],
    solution_proved_optimal: bool,
    all_groups_formed: bool,
    open_group_ids: frozenset[str] = frozenset(),
) -> list[str]:
    """`group_of` maps each placed person to their group id, to say where possible partners went;
    `all_groups_formed` says every fixed group (settings.groups) is in use; `open_group_ids` names the
    groups that already met, whose members stay where they are."""
    who = problem.ids[person]
    minutes = problem.meeting_minutes
    if problem.uncompared_bits >> person & 1:
        return [
            f"the time limit ran out while compiling, before {who} was compared with the others; "
            "a longer --time-limit will consider them"
        ]
    if not problem.window_bits[person]:
        return [
            f"{who} has no available window long enough for a {minutes}-minute meeting "
            f"starting on a {problem.slot_minutes}-minute mark; add or lengthen a window"
        ]
    others = np.flatnonzero((problem.window_mask & problem.window_mask[person]).any(axis=1))
    others = others[others != person]
    if len(others) == 0:
        return [f"no other participant shares an available window with {who} (for a {minutes}-minute meeting)"]
    others = _modality_partners(problem, person, others)
    if len(others) == 0:
        return [_modality_reason(problem, person)]
    for rule, passes, accepted in _rule_filters(problem, person):
        kept = others[passes(others)]
        if len(kept) == 0:
            return [f"everyone who could meet with {who} wants a different {rule} ({who} accepts {accepted})"]
        others = kept
    compatible = [other for other in others if problem.compatible_bits[person] >> int(other) & 1]
    if not compatible:
        return [
            f"every otherwise compatible partner ({_names(problem, others)}) is in conflict with {who} "
            "(avoid, avoid_tags, or the same group last round with history_hard_last_round)"
        ]
    if len(compatible) + 1 < problem.group_size_min:
        return [
            f"too few compatible people to reach the minimum size of {problem.group_size_min}: "
            f"only {_names(problem, compatible)}"
        ]
    feasible_group = some_group_with(problem, person)
    if feasible_group is None:
        composition = ", or no such group follows settings.composition" if problem.composition else ""
        return [
            f"no group of {problem.group_size_min} or more can include {who}: the compatible partners "
            f"({_names(problem, compatible)}) share no common meeting time, focus, style, frequency "
            f"or reachable place with each other, or are in conflict with each other{composition}"
        ]
    partners = [member for member in feasible_group if member != person]
    where = ", ".join(f"{problem.ids[member]} ({group_of.get(member, 'unplaced')})" for member in partners)
    if all(group_of.get(member) in open_group_ids for member in partners):
        return [
            f"{who} could meet with {where}, but they stay in their existing groups, which have no open "
            f"seat {who} can take"
        ]
    if all_groups_formed:
        return [
            f"all {len(problem.group_bounds)} groups of settings.groups are formed: {who} could meet with "
            f"{where}; add a group to settings.groups (or raise a group's max) to place {who}"
        ]
    if solution_proved_optimal:
        return [
            f"placed others scored higher: {who} could meet with {where}, but every group including {who} "
            "places fewer people or scores lower than the chosen groups"
        ]
    return [
        f"not placed by the search within the time limit: {who} could meet with {where}; "
        "a longer --time-limit may place them"
    ]
