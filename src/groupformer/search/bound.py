"""A cheap, valid upper bound for parts too large for the exact model.

Each person can add at most the placement weight plus their best conceivable quality: the most
dissimilar compatible partner, every compatible preferred partner, a size preference that the group
size bounds allow, a fully shared focus and a full spare-window term. Nobody without enough compatible
partners to reach the minimum size can be placed at all. Summing these ignores that people compete for
the same partners, so it is loose, but it never undercuts the true optimum.
"""

from __future__ import annotations

import math

import numpy as np

from groupformer import bitset
from groupformer.compile.scores import MICRO
from groupformer.problem import Problem


def _people_by_specialties(problem: Problem, people: list[int]) -> dict[int, int]:
    """Specialty set → bitset of the people holding exactly that set (few distinct sets, many people)."""
    holders: dict[int, int] = {}
    for person in people:
        holders[problem.specialty_bits[person]] = holders.get(problem.specialty_bits[person], 0) | (1 << person)
    return holders


def _bit_rows(sets: list[int]) -> np.ndarray:
    """Each set's members as a row of 0/1 (one column per possible member)."""
    width = max((bits.bit_length() for bits in sets), default=0)
    packed = [np.frombuffer(bits.to_bytes((width + 7) // 8, "little"), dtype=np.uint8) for bits in sets]
    if not packed or width == 0:
        return np.zeros((len(sets), 0), dtype=np.int64)
    return np.unpackbits(np.stack(packed), axis=1, bitorder="little")[:, :width].astype(np.int64)


class _Distances:
    """For each specialty set, the other sets from most to least dissimilar: one matrix of the sets'
    dissimilarities (1 − Jaccard, as scores.dissimilarity computes it), each row sorted when first asked."""

    def __init__(self, holders: dict[int, int]):
        self.sets = list(holders)
        self.holders = [holders[bits] for bits in self.sets]
        self.position = {bits: index for index, bits in enumerate(self.sets)}
        rows = _bit_rows(self.sets)
        shared = rows @ rows.T
        union = rows.sum(axis=1)[:, None] + rows.sum(axis=1)[None, :] - shared
        self.dissimilarity = np.where(union == 0, 0.0, 1.0 - shared / np.maximum(union, 1))
        self._ordered: dict[int, list[int]] = {}

    def best(self, own: int, partner_bits: int) -> float:
        """The largest dissimilarity from `own` to any of the partners."""
        row = self.dissimilarity[self.position[own]]
        if own not in self._ordered:
            self._ordered[own] = np.argsort(-row, kind="stable").tolist()
        for other in self._ordered[own]:
            if self.holders[other] & partner_bits:
                return float(row[other])
        return 0.0


def _best_quality(problem: Problem, person: int, partner_bits: int, best_dissimilarity: float) -> float:
    weights = problem.weights
    prefer = 0.0
    if problem.prefer_count[person]:
        reachable = (problem.prefer_bits[person] & partner_bits).bit_count()
        prefer = min(1.0, reachable / problem.prefer_count[person])
    size_possible = (
        problem.preferred_size_min[person] <= problem.group_size_max
        and problem.preferred_size_max[person] >= problem.group_size_min
    )
    focus = 1.0 if problem.states_focus[person] else 0.0
    total = (
        weights.diversity * best_dissimilarity
        + weights.prefer * prefer
        + weights.size * float(size_possible)
        + weights.focus * focus
        + weights.spare_window
        + weights.novelty
        + weights.wish_total
    )
    return total / weights.total


def best_dissimilarities(problem: Problem, people: list[int]) -> dict[int, float]:
    """Each placeable person among `people`: the largest dissimilarity to a compatible partner among them."""
    people_bits = bitset.from_indices(people)
    distances = _Distances(_people_by_specialties(problem, people))
    best = {}
    for person in people:
        partner_bits = problem.compatible_bits[person] & people_bits
        if partner_bits.bit_count() + 1 >= problem.group_size_min:
            best[person] = distances.best(problem.specialty_bits[person], partner_bits)
    return best


def person_bounds_micro(problem: Problem, people: list[int]) -> dict[int, int]:
    """Each person among `people` who could be placed with them, at their best conceivable quality."""
    people_bits = bitset.from_indices(people)
    values = {}
    for person, dissimilarity in best_dissimilarities(problem, people).items():
        quality = _best_quality(problem, person, problem.compatible_bits[person] & people_bits, dissimilarity)
        values[person] = problem.placement_weight * MICRO + math.ceil(quality * MICRO)
    return values


def relaxation_bound_micro(problem: Problem, people: list[int]) -> int:
    """Each placeable person at their best conceivable quality; with fixed groups only as many people as
    the groups can hold, the most valuable first."""
    person_values = list(person_bounds_micro(problem, people).values())
    if problem.group_bounds is not None:
        seats = sum(high for _, high in problem.group_bounds)
        person_values = sorted(person_values, reverse=True)[:seats]
    # each group's quality is rounded to the micro-point, which can add half a micro-point per group
    return sum(person_values) + len(person_values) // problem.group_size_min


def pair_sum_bound_micro(pair_weights, largest_group: int) -> int:
    """For a partition problem: each item adds half its weight to each of at most `largest_group - 1`
    partners, so half the sum of each item's largest such weights bounds the objective."""
    partners = max(0, min(largest_group - 1, len(pair_weights) - 1))
    if partners == 0:
        return 0
    largest = -np.partition(-pair_weights, partners - 1, axis=1)[:, :partners]
    return math.ceil(largest.sum() / 2 * MICRO)
