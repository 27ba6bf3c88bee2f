"""What the full engine has to beat on the sign-up suite, besides its own engines.

A random valid assignment shows what any legal grouping is worth; the greedy construction alone shows
what the search adds to its own starting point. Both are built on the compiled problem with the legality
checks every engine uses (search/joint.py) and become contract solutions like any other, so the
independent evaluator judges them exactly as it judges the solver.
"""

from __future__ import annotations

import numpy as np

from groupformer import bitset
from groupformer.compile.scores import MICRO
from groupformer.contract import Solution
from groupformer.problem import Problem
from groupformer.result import build_solution
from groupformer.search.columns import score_columns
from groupformer.search.composition import composition_allows
from groupformer.search.construct import greedy_groups
from groupformer.search.decompose import independent_parts
from groupformer.search.joint import EMPTY_GROUP, JointMasks, add_member, can_meet


def random_groups(problem: Problem, seed: int) -> list[tuple[int, ...]]:
    """People in random order: each joins a random group they can legally join, or starts one when none
        can take them; groups still below the minimum size (or breaking a composition rule) at the end are
    dissolved. Every group is legal at
        every step, so what is left is a valid assignment."""
    rng = np.random.default_rng(seed)
    groups: list[JointMasks] = []
    for person in rng.permutation(problem.size).tolist():
        joinable = [index for index, joint in enumerate(groups) if _joined(problem, joint, person) is not None]
        if joinable:
            chosen = joinable[int(rng.integers(len(joinable)))]
            groups[chosen] = _joined(problem, groups[chosen], person)
        elif (alone := _joined(problem, EMPTY_GROUP, person)) is not None:
            groups.append(alone)
    formed = [tuple(bitset.indices(joint.members)) for joint in groups]
    kept = [members for members in formed if len(members) >= problem.group_size_min]
    return sorted(members for members in kept if composition_allows(problem, members))


def _joined(problem: Problem, joint: JointMasks, person: int) -> JointMasks | None:
    """The group with `person` in it, when that is legal: a free seat, no pair rule broken, still able to meet."""
    if joint.members.bit_count() >= problem.group_size_max:
        return None
    if joint.members & ~problem.compatible_bits[person]:
        return None
    extended = add_member(problem, joint, person)
    return extended if extended is not None and can_meet(extended) else None


def greedy_assignment(problem: Problem) -> list[tuple[int, ...]]:
    """The solver's first step alone: greedy groups in every independent part large enough for a group."""
    parts = [part for part in independent_parts(problem) if len(part) >= problem.group_size_min]
    return sorted(members for part in parts for members in greedy_groups(problem, part))


def baseline_solution(problem: Problem, groups: list[tuple[int, ...]], seconds: float) -> Solution:
    """A construction proves nothing, so its bound is the trivial one: everyone placed, perfect quality."""
    value_micro = int(score_columns(problem, list(range(problem.size)), groups).value_micro.sum()) if groups else 0
    trivial_bound_micro = (problem.placement_weight + 1) * MICRO * problem.size
    return build_solution(problem, groups, "feasible", value_micro, trivial_bound_micro, {"solve_seconds": seconds})
