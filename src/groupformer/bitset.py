"""Sets of small integers as Python ints: AND, OR and popcount in C speed, no allocation per element."""

from __future__ import annotations

import numpy as np


def from_rows(matrix: np.ndarray) -> tuple[int, ...]:
    packed = np.packbits(matrix, axis=1, bitorder="little")
    return tuple(int.from_bytes(row.tobytes(), "little") for row in packed)


def from_indices(indices) -> int:
    bits = 0
    for index in indices:
        bits |= 1 << int(index)
    return bits


def indices(bits: int) -> list[int]:
    found = []
    while bits:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found


def rows_overlap(words: np.ndarray) -> np.ndarray:
    """[i, j] when bit rows i and j share a set bit; rows are uint64 words (one row per participant).

    Participants often share the very same row (same time zone and windows), so the pairwise test runs
    over the distinct rows only and is then expanded.
    """
    distinct, inverse = np.unique(words, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    overlap = np.zeros((len(distinct), len(distinct)), dtype=bool)
    block = max(1, 2_000_000 // max(1, len(distinct) * words.shape[1]))
    for first in range(0, len(distinct), block):
        rows = distinct[first : first + block]
        overlap[first : first + block] = np.any(rows[:, None, :] & distinct[None, :, :], axis=2)
    return overlap[np.ix_(inverse, inverse)]
