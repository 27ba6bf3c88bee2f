"""Composition rules (settings.composition): whether a whole group's make-up is allowed.

Unlike the pairwise rules these depend on the whole group (at least one experienced member, never one
member alone with a tag, a mean experience near everyone's), so every place that forms or changes a group
asks here once the members are known.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from groupformer import bitset
from groupformer.problem import Problem

MEAN_TOLERANCE = 1e-9


def composition_allows(problem: Problem, members: Sequence[int]) -> bool:
    if not problem.composition:
        return True
    member_bits = bitset.from_indices(members)
    for check in problem.composition:
        if check.values is None:
            holding = (check.holders & member_bits).bit_count()
            if holding < check.at_least or holding == check.not_exactly:
                return False
            continue
        given = check.values[list(members)]
        given = given[~np.isnan(given)]
        if len(given) and not check.low - MEAN_TOLERANCE <= given.mean() <= check.high + MEAN_TOLERANCE:
            return False
    return True
