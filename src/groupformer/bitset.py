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


# set bits beyond which unpacking the bytes at once beats peeling the lowest bit off a long integer one
# by one (each peel copies the whole integer: quadratic at 20,000 people)
PEEL_AT_MOST = 16


def index_array(bits: int) -> np.ndarray:
    """The set bits, in increasing order, as an array."""
    packed = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(packed, bitorder="little"))


def indices(bits: int) -> list[int]:
    """The set bits, in increasing order."""
    if bits.bit_count() > PEEL_AT_MOST:
        return index_array(bits).tolist()
    found = []
    while bits:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found


def sliced_rows(rows: list[int], columns: np.ndarray, block_rows: int = 256) -> tuple[int, ...]:
    """Each row's bits at `columns` (increasing), renumbered 0, 1, ... in that order: a part's own
    bitsets. A block of rows is unpacked at once, over the columns' span only, since peeling thousands of
    bits off long integers one by one is quadratic."""
    low = int(columns[0])
    span = int(columns[-1]) - low + 1
    mask, width, kept = (1 << span) - 1, (span + 7) // 8, columns - low
    sliced: list[int] = []
    for first in range(0, len(rows), block_rows):
        packed = b"".join(((row >> low) & mask).to_bytes(width, "little") for row in rows[first : first + block_rows])
        unpacked = np.unpackbits(np.frombuffer(packed, dtype=np.uint8).reshape(-1, width), axis=1, bitorder="little")
        sliced.extend(from_rows(unpacked[:, kept]))
    return tuple(sliced)


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
