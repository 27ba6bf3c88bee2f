"""Greedy construction: place as many people as possible, quickly, as a start and as a baseline.

The most constrained people (fewest compatible partners) are seeded first, because the flexible ones
can still be placed later. Each seed grows a group to the minimum size with its most constrained
compatible partners; then everyone left over is offered the best open seat in an existing group.
"""

from __future__ import annotations

import numpy as np

from groupformer import bitset
from groupformer.problem import Problem
from groupformer.search.composition import composition_allows
from groupformer.search.joint import EMPTY_GROUP, JointMasks, add_member, can_meet, joint_of


def _degree_order(problem: Problem, people: list[int]) -> list[int]:
    people_bits = bitset.from_indices(people)
    return sorted(people, key=lambda person: ((problem.compatible_bits[person] & people_bits).bit_count(), person))


def _grow(problem: Problem, seed: int, free_bits: int, rank: np.ndarray) -> list[int] | None:
    """A group of minimum size around `seed` from free people (larger when its composition needs more
    members), or None when none can be found."""
    members = [seed]
    joint = add_member(problem, EMPTY_GROUP, seed)
    compatible_with_all = problem.compatible_bits[seed] & free_bits
    while joint is not None and _needs_more(problem, members):
        next_member = _most_constrained_addition(problem, joint, compatible_with_all, rank, members)
        if next_member is None:
            return None
        person, joint = next_member
        members.append(person)
        compatible_with_all &= problem.compatible_bits[person]
    if joint is None or not can_meet(joint) or not composition_allows(problem, members):
        return None
    return members


def _needs_more(problem: Problem, members: list[int]) -> bool:
    if len(members) < problem.group_size_min:
        return True
    return len(members) < problem.group_size_max and not composition_allows(problem, members)


def _most_constrained_addition(
    problem: Problem, joint: JointMasks, compatible_with_all: int, rank: np.ndarray, members: list[int]
) -> tuple[int, JointMasks] | None:
    """The first partner in `rank` order (each person's position in the seeding order) who keeps the
    group able to meet."""
    must_fill = len(members) + 1 >= problem.group_size_min
    candidates = bitset.index_array(compatible_with_all)
    for person in candidates[np.argsort(rank[candidates])].tolist():
        extended = add_member(problem, joint, person)
        if extended is not None and (not must_fill or can_meet(extended)):
            return person, extended
    return None


class SeatsUpToMax:
    """Any group below the largest size may take one more member."""

    def __init__(self, group_size_max: int):
        self.group_size_max = group_size_max

    def may_grow(self, size: int) -> bool:
        return size < self.group_size_max

    def grow(self, size: int) -> None:
        """Nothing to track: each group's limit is its own."""


def fill_open_seats(problem: Problem, groups: list[list[int]], unplaced: list[int], seats=None) -> None:
    """Each unplaced person joins the first group that can take them; `seats` (`may_grow(size)`,
    `grow(size)`) says which sizes may grow, by default any below the largest size."""
    seats = seats if seats is not None else SeatsUpToMax(problem.group_size_max)
    for person in unplaced:
        for members in groups:
            if not seats.may_grow(len(members)):
                continue
            if any(not (problem.compatible_bits[person] >> member) & 1 for member in members):
                continue
            joint = joint_of(problem, members + [person])
            if joint is not None and can_meet(joint) and composition_allows(problem, members + [person]):
                seats.grow(len(members))
                members.append(person)
                break


def greedy_groups(problem: Problem, people: list[int]) -> list[tuple[int, ...]]:
    order = _degree_order(problem, people)
    rank = np.zeros(problem.size, dtype=np.int64)
    rank[order] = np.arange(len(order))
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
