"""Candidate groups as arrays ("columns"), scored all at once with numpy.

Scoring hundreds of thousands of candidate groups one by one in Python takes longer than solving; here
the same objective as `compile.scores.score_group` (docs/objective.md) is computed per group size with
a handful of vectorised gathers over the part's pairwise dissimilarity and preference matrices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groupformer import bitset
from groupformer.compile.scores import MICRO, spare_window_term
from groupformer.problem import Problem

CHUNK_ROWS = 50_000


@dataclass(frozen=True)
class Columns:
    groups: list[tuple[int, ...]]
    value_micro: np.ndarray

    def __len__(self) -> int:
        return len(self.groups)


def bit_matrix(bit_rows: list[int], width: int) -> np.ndarray:
    byte_count = max(1, (width + 7) // 8)
    packed = b"".join(bits.to_bytes(byte_count, "little") for bits in bit_rows)
    return np.unpackbits(
        np.frombuffer(packed, dtype=np.uint8).reshape(len(bit_rows), byte_count), axis=1, bitorder="little"
    )[:, :width].astype(bool)


class PartScorer:
    """What the objective needs about one part; pair figures are gathered per group, so memory stays
    linear in the part's size (10,000 people would need 800 MB for a dense dissimilarity matrix)."""

    def __init__(self, problem: Problem, part: list[int]):
        self.problem = problem
        self.local = {person: index for index, person in enumerate(part)}
        specialty_width = max((problem.specialty_bits[person].bit_length() for person in part), default=0)
        self.specialties = bit_matrix([problem.specialty_bits[person] for person in part], specialty_width)
        self.specialty_count = self.specialties.sum(axis=1)
        self.prefer_codes = np.sort(
            np.array(
                [
                    self._code(index, self.local[other])
                    for index, person in enumerate(part)
                    for other in bitset.indices(problem.prefer_bits[person])
                    if other in self.local
                ],
                dtype=np.int64,
            )
        )
        self.prefer_count = problem.prefer_count[part].astype(np.float64)
        self.repeat_codes, self.repeat_values = self._repeats(problem)
        self.wanted = self._wanted(problem, part)
        self.size_min = problem.preferred_size_min[part]
        self.size_max = problem.preferred_size_max[part]
        self.states_focus = problem.states_focus[part].astype(np.float64)
        self.windows = np.packbits(problem.window_mask[part], axis=1, bitorder="little")

    def _code(self, first, second):
        return first * len(self.local) + second

    def _repeats(self, problem: Problem) -> tuple[np.ndarray, np.ndarray]:
        """Codes of the pairs (both directions) inside the part who met before, sorted, with weights."""
        by_code = {}
        for (first, second), weight in problem.repeat_weights.items():
            if first in self.local and second in self.local:
                by_code[self._code(self.local[first], self.local[second])] = weight
                by_code[self._code(self.local[second], self.local[first])] = weight
        codes = np.array(sorted(by_code), dtype=np.int64)
        return codes, np.array([by_code[code] for code in codes.tolist()], dtype=np.float64)

    @staticmethod
    def _wanted(problem: Problem, part: list[int]) -> list[tuple[float, np.ndarray]]:
        """For each rule that is a wish, its weight and which values each member wants (people by values)."""
        wanted = []
        weights = problem.weights
        if weights.style_wish:
            wanted.append((weights.style_wish, bit_matrix([int(problem.style_wanted[p]) for p in part], 2)))
        if weights.frequency_wish:
            wanted.append((weights.frequency_wish, bit_matrix([int(problem.frequency_wanted[p]) for p in part], 3)))
        if weights.focus_wish:
            width = len(problem.focus_values) + 1
            wanted.append((weights.focus_wish, bit_matrix([problem.focus_wanted_bits[p] for p in part], width)))
        return wanted

    def wishes_met(self, members: np.ndarray) -> np.ndarray:
        """Per group, the weighted count of members who get the value most of them want."""
        points = np.zeros(len(members))
        for weight, wants in self.wanted:
            points += weight * wants[members].sum(axis=1).max(axis=1)
        return points

    def pair_repeats(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """How strongly each (first, second) pair met before, 0.0 where never."""
        codes = self._code(first, second)
        if len(self.repeat_codes) == 0:
            return np.zeros(np.shape(codes))
        position = np.minimum(np.searchsorted(self.repeat_codes, codes), len(self.repeat_codes) - 1)
        return np.where(self.repeat_codes[position] == codes, self.repeat_values[position], 0.0)

    def dense_repeats(self) -> np.ndarray:
        people = len(self.local)
        repeats = np.zeros(people * people)
        repeats[self.repeat_codes] = self.repeat_values
        return repeats.reshape(people, people)

    def pair_dissimilarity(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """1 − Jaccard of the specialties of each (first, second) pair of local indices (broadcast)."""
        shared = (self.specialties[first] & self.specialties[second]).sum(axis=-1)
        union = self.specialty_count[first] + self.specialty_count[second] - shared
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(union > 0, 1.0 - shared / union, 0.0)

    def pair_prefers(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """1.0 where `first` listed `second` in `prefer`, else 0.0."""
        return np.isin(self._code(first, second), self.prefer_codes).astype(np.float64)

    def dense_dissimilarity(self) -> np.ndarray:
        everyone = np.arange(len(self.local))
        return np.vstack(
            [
                self.pair_dissimilarity(rows[:, None], everyone[None, :])
                for rows in np.array_split(everyone, max(1, len(everyone) // 256))
            ]
        )

    def dense_prefers(self) -> np.ndarray:
        people = len(self.local)
        prefers = np.zeros(people * people)
        prefers[self.prefer_codes] = 1.0
        return prefers.reshape(people, people)

    def quality(self, groups: list[tuple[int, ...]]) -> np.ndarray:
        """Quality of each group (already rounded to micro-points), in the order given."""
        quality = np.empty(len(groups), dtype=np.float64)
        sizes = np.array([len(members) for members in groups])
        for size in np.unique(sizes):
            same_size = np.flatnonzero(sizes == size)
            for first in range(0, len(same_size), CHUNK_ROWS):
                rows = same_size[first : first + CHUNK_ROWS]
                members = np.array([[self.local[person] for person in groups[row]] for row in rows], dtype=np.int64)
                quality[rows] = self._quality_of_size(members, int(size))
        return quality

    def _quality_of_size(self, members: np.ndarray, size: int) -> np.ndarray:
        weights = self.problem.weights
        diversity = self.pair_dissimilarity(members[:, :, None], members[:, None, :]).sum(axis=2) / (size - 1)
        prefer_hits = self.pair_prefers(members[:, :, None], members[:, None, :]).sum(axis=2)
        prefer_count = self.prefer_count[members]
        prefer = np.divide(prefer_hits, prefer_count, out=np.zeros_like(prefer_hits), where=prefer_count > 0)
        size_met = ((self.size_min[members] <= size) & (size <= self.size_max[members])).astype(np.float64)
        focus_stated = self.states_focus[members]
        focus = focus_stated * (focus_stated.sum(axis=1, keepdims=True) - 1) / (size - 1)
        common = np.bitwise_and.reduce(self.windows[members], axis=1)
        spare = spare_window_term(np.bitwise_count(common).sum(axis=1))
        novelty = 1.0 - self.pair_repeats(members[:, :, None], members[:, None, :]).sum(axis=2) / (size - 1)
        per_member_fit = (
            weights.prefer * prefer
            + weights.size * size_met
            + weights.focus * focus
            + weights.spare_window * spare[:, None]
            + weights.novelty * novelty
        )
        fit = (per_member_fit.sum(axis=1) + self.wishes_met(members)) / weights.total
        diversity_points = weights.diversity * diversity.sum(axis=1) / weights.total
        return np.round((fit + diversity_points) * MICRO) / MICRO


def score_columns(problem: Problem, part: list[int], groups: list[tuple[int, ...]]) -> Columns:
    quality_micro = np.round(PartScorer(problem, part).quality(groups) * MICRO).astype(np.int64)
    sizes = np.array([len(members) for members in groups], dtype=np.int64)
    placement_micro = problem.placement_weight * MICRO * sizes
    return Columns(groups=groups, value_micro=placement_micro + quality_micro)
