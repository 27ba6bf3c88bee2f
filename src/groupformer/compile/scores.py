"""The documented objective (docs/objective.md) on compiled data.

A group's value depends only on who is in it: the meeting choices never change a score, so candidate
groups can be scored once, before any search. Scores are kept in integer micro-points for CP-SAT.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groupformer.problem import Problem

MICRO = 1_000_000
FULL_SPARE_STARTS = 4


@dataclass(frozen=True)
class GroupScore:
    fit: float
    diversity: float

    @property
    def quality(self) -> float:
        return round((self.fit + self.diversity) * MICRO) / MICRO


def dissimilarity(first_specialties: int, second_specialties: int) -> float:
    """1 − Jaccard of two specialty sets; two empty sets are identical (Jaccard 1)."""
    union = (first_specialties | second_specialties).bit_count()
    if union == 0:
        return 0.0
    return 1.0 - (first_specialties & second_specialties).bit_count() / union


def spare_window_term(common_starts: int | np.ndarray) -> np.float64 | np.ndarray:
    """Credit for meeting starts the members share beyond one, full at FULL_SPARE_STARTS more; takes a
    count or an array of counts, so the vectorised scorers compute the same term."""
    return np.minimum(1.0, (np.asarray(common_starts, dtype=np.float64) - 1) / FULL_SPARE_STARTS)


def common_window_bits(problem: Problem, members: list[int]) -> int:
    common = -1
    for member in members:
        common &= problem.window_bits[member]
    return common


def repeat_weight(problem: Problem, first: int, second: int) -> float:
    """How strongly two people met before (0 when never)."""
    return problem.repeat_weights.get((min(first, second), max(first, second)), 0.0)


def most_accepting(accept_masks: list[int]) -> int:
    """How many members accept the value most of them accept: the value a group takes when the rule is
    a wish, and so the number of members whose wish is met."""
    width = max(mask.bit_length() for mask in accept_masks)
    return max(sum(mask >> bit & 1 for mask in accept_masks) for bit in range(width))


def wishes_met(problem: Problem, members: list[int]) -> float:
    """Weighted count of members who get the style, frequency and focus they want (wish rules only)."""
    weights = problem.weights
    points = 0.0
    if weights.style_wish:
        points += weights.style_wish * most_accepting([int(problem.style_wanted[member]) for member in members])
    if weights.frequency_wish:
        points += weights.frequency_wish * most_accepting([int(problem.frequency_wanted[member]) for member in members])
    if weights.focus_wish:
        points += weights.focus_wish * most_accepting([problem.focus_wanted_bits[member] for member in members])
    return points


def score_group(problem: Problem, members: list[int]) -> GroupScore:
    weights = problem.weights
    size = len(members)
    member_bits = sum(1 << member for member in members)
    spare = float(spare_window_term(common_window_bits(problem, members).bit_count()))
    focus_stated = sum(1 for member in members if problem.states_focus[member])
    fit = 0.0
    diversity = 0.0
    for member in members:
        others = [other for other in members if other != member]
        diversity += sum(
            dissimilarity(problem.specialty_bits[member], problem.specialty_bits[other]) for other in others
        ) / len(others)
        prefer = 0.0
        if problem.prefer_count[member]:
            prefer = (problem.prefer_bits[member] & member_bits).bit_count() / problem.prefer_count[member]
        size_met = float(problem.preferred_size_min[member] <= size <= problem.preferred_size_max[member])
        focus = (focus_stated - 1) / (size - 1) if problem.states_focus[member] else 0.0
        novelty = 1.0 - sum(repeat_weight(problem, member, other) for other in others) / len(others)
        fit += weights.prefer * prefer + weights.size * size_met + weights.focus * focus + weights.spare_window * spare
        fit += weights.novelty * novelty
    fit += wishes_met(problem, members)
    return GroupScore(fit=fit / weights.total, diversity=weights.diversity * diversity / weights.total)
