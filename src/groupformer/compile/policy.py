"""Policy (settings.as_wishes, settings.composition) → what the search checks and what it scores.

A rule turned into a wish stops limiting who may meet: everyone accepts every value as far as
feasibility goes, and the members' own accept-lists move to the `wanted` masks that the wish terms of the
objective score (docs/objective.md). Composition rules become per-group checks over bitsets of who has a
tag and an array of numbers.
"""

from __future__ import annotations

import math

import numpy as np

from groupformer import bitset
from groupformer.contract import SignupFile
from groupformer.problem import CompositionCheck


def feasibility_mask(wanted: np.ndarray, value_count: int, is_wish: bool) -> np.ndarray:
    return np.full_like(wanted, (1 << value_count) - 1) if is_wish else wanted


def feasibility_focus(focus: np.ndarray, is_wish: bool) -> np.ndarray:
    """With focus a wish, any group focus (or none) is acceptable to everyone."""
    return np.ones_like(focus) if is_wish else focus


def _tag_check(signups: SignupFile, rule) -> CompositionCheck:
    holders = bitset.from_indices(
        index for index, participant in enumerate(signups.participants) if rule.tag in participant.tags
    )
    return CompositionCheck(holders, rule.at_least or 0, rule.not_exactly or 0, None, -math.inf, math.inf)


def _number_check(signups: SignupFile, rule) -> CompositionCheck:
    values = np.array([math.nan if p.experience_years is None else p.experience_years for p in signups.participants])
    given = values[~np.isnan(values)]
    centre = float(given.mean()) if len(given) else 0.0
    return CompositionCheck(0, 0, 0, values, centre - rule.within, centre + rule.within)


def composition_checks(signups: SignupFile) -> tuple[CompositionCheck, ...]:
    return tuple(
        _tag_check(signups, rule) if rule.tag is not None else _number_check(signups, rule)
        for rule in signups.settings.composition
    )
