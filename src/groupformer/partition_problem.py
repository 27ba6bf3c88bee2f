"""The partition problem (the MDGP): every item placed in one of a fixed number of groups, group g
holding between `size_min[g]` and `size_max[g]` items, maximising the sum of the pair weights inside
groups.

It shares nothing with the sign-up `Problem` (no windows, rules or scoring terms), so it is its own
type and has its own engine (search/partition.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PartitionProblem:
    """`pair_weights` is symmetric with a zero diagonal; the groups come back in the order of the bounds,
    since each has its own."""

    pair_weights: np.ndarray
    size_min: np.ndarray
    size_max: np.ndarray

    @property
    def item_count(self) -> int:
        return len(self.pair_weights)

    @property
    def group_count(self) -> int:
        return len(self.size_min)
