"""A cheap, valid upper bound for parts too large for the exact model.

Each person can add at most the placement weight plus their best conceivable quality: the most
dissimilar compatible partner, every compatible preferred partner, a size preference that the group
size bounds allow, a fully shared focus and a full spare-window term. Nobody without enough compatible
partners to reach the minimum size can be placed at all. Summing these ignores that people compete for
the same partners, so it is loose, but it never undercuts the true optimum.
"""

from __future__ import annotations

import math

from groupformer import bitset
from groupformer.compile.scores import MICRO, dissimilarity
from groupformer.problem import Problem


def _best_quality(problem: Problem, person: int, partners: list[int]) -> float:
    diversity_weight, prefer_weight, size_weight, focus_weight, spare_weight = problem.weights
    best_diversity = max(
        dissimilarity(problem.specialty_bits[person], problem.specialty_bits[other]) for other in partners
    )
    prefer = 0.0
    if problem.prefer_count[person]:
        reachable = (problem.prefer_bits[person] & bitset.from_indices(partners)).bit_count()
        prefer = min(1.0, reachable / problem.prefer_count[person])
    size_possible = (
        problem.preferred_size_min[person] <= problem.group_size_max
        and problem.preferred_size_max[person] >= problem.group_size_min
    )
    focus = 1.0 if problem.states_focus[person] else 0.0
    total = (
        diversity_weight * best_diversity
        + prefer_weight * prefer
        + size_weight * float(size_possible)
        + focus_weight * focus
        + spare_weight
    )
    return total / sum(problem.weights)


def relaxation_bound_micro(problem: Problem, people: list[int]) -> int:
    people_bits = bitset.from_indices(people)
    bound = 0
    placeable = 0
    for person in people:
        partners = bitset.indices(problem.compatible_bits[person] & people_bits)
        if len(partners) + 1 < problem.group_size_min:
            continue
        placeable += 1
        bound += problem.placement_weight * MICRO + math.ceil(_best_quality(problem, person, partners) * MICRO)
    # each group's quality is rounded to the micro-point, which can add half a micro-point per group
    return bound + placeable // problem.group_size_min
