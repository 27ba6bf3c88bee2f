"""Accept-masks and the pairwise rules: who may never share a group, and who might.

Each accept-list becomes a small bitmask (an empty list in the sign-up accepts everything). Two people
are compatible when they share a feasible meeting start, a style, a frequency and a focus, can meet
remotely or are close enough to reach a common place, and are not in conflict. Compatibility is
necessary, not sufficient: a whole group also needs one start, one value of each rule and one host that
suit every member at once, which candidate generation checks.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence

import numpy as np

from groupformer import bitset
from groupformer.contract import FREQUENCIES, MODALITIES, STYLES, Participant
from groupformer.problem import REMOTE_BIT


def accept_mask(accepted: list[str], values: tuple[str, ...]) -> int:
    if not accepted:
        return (1 << len(values)) - 1
    return sum(1 << values.index(value) for value in accepted)


def modality_masks(participants: list[Participant]) -> np.ndarray:
    return np.array([accept_mask(p.modality, MODALITIES) for p in participants], dtype=np.uint8)


def style_masks(participants: list[Participant]) -> np.ndarray:
    return np.array([accept_mask(p.style, STYLES) for p in participants], dtype=np.uint8)


def frequency_masks(participants: list[Participant]) -> np.ndarray:
    return np.array([accept_mask(p.frequency, FREQUENCIES) for p in participants], dtype=np.uint8)


def vocabulary(term_lists: list[list[str]]) -> tuple[str, ...]:
    return tuple(sorted({term for terms in term_lists for term in terms}))


def term_matrix(term_lists: list[list[str]], terms: tuple[str, ...]) -> np.ndarray:
    position = {term: index for index, term in enumerate(terms)}
    matrix = np.zeros((len(term_lists), len(terms)), dtype=bool)
    for row, values in enumerate(term_lists):
        matrix[row, [position[value] for value in values]] = True
    return matrix


def focus_matrix(participants: list[Participant], focus_values: tuple[str, ...]) -> np.ndarray:
    """Accepted focus values per participant, plus a last column for "no focus" (a null group focus).

    Stating no focus accepts every value and the null focus; stating some accepts only those. A group
    whose members' rows intersect only in the last column has nobody stating a focus: its focus is null.
    """
    stated = term_matrix([p.focus for p in participants], focus_values)
    states_none = ~stated.any(axis=1)
    stated[states_none] = True
    return np.column_stack([stated, states_none])


def _holders(term_lists: list[list[str]]) -> dict[str, int]:
    """Each term → the bitset of the people whose list holds it."""
    holders: dict[str, int] = {}
    for row, terms in enumerate(term_lists):
        for term in set(terms):
            holders[term] = holders.get(term, 0) | 1 << row
    return holders


def conflict_bits(participants: list[Participant], index_of: dict[str, int]) -> list[int]:
    """`avoid` in either direction, and any member's `avoid_tags` meeting another member's `tags`."""
    holders = _holders([p.tags for p in participants])
    avoiders = _holders([p.avoid_tags for p in participants])
    conflicts = []
    for participant in participants:
        bits = bitset.from_indices(index_of[other] for other in participant.avoid)
        for tag in participant.avoid_tags:
            bits |= holders.get(tag, 0)
        for tag in participant.tags:
            bits |= avoiders.get(tag, 0)
        conflicts.append(bits)
    for row, participant in enumerate(participants):
        for other in participant.avoid:
            conflicts[index_of[other]] |= 1 << row
    return conflicts


class _SlotRanges:
    """Who can attend any start in a range of slots: a sparse table of ORs, so a range costs two lookups
    whatever its length, and a person's whole week costs two per window."""

    def __init__(self, window_mask: np.ndarray):
        self.levels = [bitset.from_rows(window_mask.T)]
        steps = np.diff(window_mask, axis=1, prepend=False, append=False)
        rows, self.edges = np.nonzero(steps)
        self.first_edge = np.searchsorted(rows, np.arange(len(window_mask) + 1))
        width = 1
        while 2 * width <= len(self.levels[0]):
            below = self.levels[-1]
            self.levels.append(tuple(below[slot] | below[slot + width] for slot in range(len(below) - width)))
            width *= 2

    def anyone_in(self, start: int, stop: int) -> int:
        level = (stop - start).bit_length() - 1
        return self.levels[level][start] | self.levels[level][stop - (1 << level)]

    def sharing_a_start(self, person: int) -> int:
        """Everyone who can attend a start the person can: each run of the person's starts, looked up."""
        edges = self.edges[self.first_edge[person] : self.first_edge[person + 1]].tolist()
        bits = 0
        for start, stop in zip(edges[::2], edges[1::2]):
            bits |= self.anyone_in(start, stop)
        return bits


class _Sharing:
    """Who shares at least one accepted value with a person, from a boolean matrix of accepted values
    (one row per person); people with the same row share the answer."""

    def __init__(self, accepted: np.ndarray, keys: Sequence[int]):
        self.holders = bitset.from_rows(accepted.T) if accepted.shape[1] else ()
        self.rows = accepted
        self.keys = keys
        self.known: dict[int, int] = {}

    def of(self, person: int) -> int:
        key = self.keys[person]
        if key not in self.known:
            values = np.flatnonzero(self.rows[person]).tolist()
            self.known[key] = functools.reduce(operator.or_, (self.holders[value] for value in values), 0)
        return self.known[key]


def _small_masks(masks: np.ndarray) -> np.ndarray:
    """Accept-masks (a few bits each) as a boolean matrix, one column per value."""
    width = int(masks.max(initial=0)).bit_length()
    return (masks[:, None] >> np.arange(width, dtype=masks.dtype)[None, :] & 1).astype(bool)


def _mask_sharing(masks: np.ndarray) -> _Sharing:
    return _Sharing(_small_masks(masks), masks.tolist())


class Compatibility:
    """Each person's compatible partners as a bitset, a person at a time (so that compiling can stop
    between people). `masks` are the modality, style and frequency accept-masks."""

    def __init__(
        self,
        window_mask: np.ndarray,
        window_bits: Sequence[int],
        focus: np.ndarray,
        masks: tuple[np.ndarray, np.ndarray, np.ndarray],
        conflicts: Sequence[int],
    ):
        self.modality, style, frequency = masks
        self.window_bits = window_bits
        self.conflicts = conflicts
        self.slots = _SlotRanges(window_mask)
        self.windows: dict[int, int] = {}
        self.sharing = (_Sharing(focus, bitset.from_rows(focus)), _mask_sharing(style), _mask_sharing(frequency))
        self.remote = bitset.from_indices(np.flatnonzero(self.modality & REMOTE_BIT).tolist())

    def of(self, person: int, close: int) -> int:
        """`close`: the people within in-person reach of this one (geo.travel_blocks)."""
        window = self.window_bits[person]
        if window not in self.windows:
            self.windows[window] = self.slots.sharing_a_start(person)
        shared = self.windows[window]
        for sharing in self.sharing:
            shared &= sharing.of(person)
        meets = (self.remote if self.modality[person] & REMOTE_BIT else 0) | close
        return shared & meets & ~self.conflicts[person] & ~(1 << person)
