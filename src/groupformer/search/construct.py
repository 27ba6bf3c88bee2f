"""Greedy construction: place as many people as possible, quickly, as a start and as a baseline.

The most constrained people (fewest compatible partners) are seeded first, because the flexible ones
can still be placed later. Each seed grows a group to the minimum size with its most constrained
compatible partners; then everyone left over is offered the best open seat in an existing group.
"""

from __future__ import annotations

from collections.abc import Callable

from groupformer import bitset
from groupformer.problem import Problem
from groupformer.search.joint import EMPTY_GROUP, JointMasks, add_member, can_meet, joint_of


def _degree_order(problem: Problem, people: list[int]) -> list[int]:
    people_bits = bitset.from_indices(people)
    return sorted(people, key=lambda person: ((problem.compatible_bits[person] & people_bits).bit_count(), person))


def _grow(problem: Problem, seed: int, free_bits: int, rank: dict[int, int]) -> list[int] | None:
    """A group of minimum size around `seed` from free people, or None when none can be found."""
    members = [seed]
    joint = add_member(problem, EMPTY_GROUP, seed)
    compatible_with_all = problem.compatible_bits[seed] & free_bits
    while joint is not None and len(members) < problem.group_size_min:
        next_member = _most_constrained_addition(problem, joint, compatible_with_all, rank, members)
        if next_member is None:
            return None
        person, joint = next_member
        members.append(person)
        compatible_with_all &= problem.compatible_bits[person]
    if joint is None or not can_meet(joint):
        return None
    return members


def _most_constrained_addition(
    problem: Problem, joint: JointMasks, compatible_with_all: int, rank: dict[int, int], members: list[int]
) -> tuple[int, JointMasks] | None:
    must_fill = len(members) + 1 == problem.group_size_min
    for person in sorted(bitset.indices(compatible_with_all), key=rank.__getitem__):
        extended = add_member(problem, joint, person)
        if extended is not None and (not must_fill or can_meet(extended)):
            return person, extended
    return None


def fill_open_seats(
    problem: Problem,
    groups: list[list[int]],
    unplaced: list[int],
    sizes_allowed: Callable[[list[int]], bool] | None = None,
) -> None:
    """Each unplaced person joins the first group that can take them; `sizes_allowed(sizes)` may veto
    group sizes the fixed groups cannot hold."""
    for person in unplaced:
        for index, members in enumerate(groups):
            if len(members) >= problem.group_size_max:
                continue
            if sizes_allowed is not None:
                sizes = [len(group) + (group_index == index) for group_index, group in enumerate(groups)]
                if not sizes_allowed(sizes):
                    continue
            if any(not (problem.compatible_bits[person] >> member) & 1 for member in members):
                continue
            joint = joint_of(problem, members + [person])
            if joint is not None and can_meet(joint):
                members.append(person)
                break


def greedy_groups(problem: Problem, people: list[int]) -> list[tuple[int, ...]]:
    order = _degree_order(problem, people)
    rank = {person: position for position, person in enumerate(order)}
    free_bits = bitset.from_indices(people)
    groups: list[list[int]] = []
    for seed in order:
        if not (free_bits >> seed) & 1:
            continue
        members = _grow(problem, seed, free_bits & ~(1 << seed), rank)
        if members is not None:
            groups.append(members)
            free_bits &= ~bitset.from_indices(members)
    fill_open_seats(problem, groups, [person for person in order if (free_bits >> person) & 1])
    return [tuple(sorted(members)) for members in groups]
