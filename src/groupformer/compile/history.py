"""History across rounds → how strongly each pair of participants has met before.

A pair that met in a past group weighs 0.5 ** (age / half-life), summed over the groups they shared and
capped at 1, where the age runs from the group's date to the reference week; the novelty term of the
objective (docs/objective.md) takes it off. Pairs of the most recent round can instead be made
conflicts (settings.history_hard_last_round). Past members who have not signed up again are skipped:
they cannot be grouped now.
"""

from __future__ import annotations

import datetime
import itertools

from groupformer.compile.time import reference_monday
from groupformer.contract import SignupFile


def _known_pairs(members: list[str], index_of: dict[str, int]):
    known = sorted(index_of[member] for member in members if member in index_of)
    return itertools.combinations(known, 2)


def repeat_weights(signups: SignupFile, index_of: dict[str, int]) -> dict[tuple[int, int], float]:
    """Weight of each pair (first < second) that met before, in (0, 1]."""
    reference = reference_monday(signups.settings.reference_week).date()
    half_life = signups.settings.history_half_life_days
    weights: dict[tuple[int, int], float] = {}
    for group in signups.history:
        age_days = max(0, (reference - datetime.date.fromisoformat(group.date)).days)
        decayed = 0.5 ** (age_days / half_life)
        for pair in _known_pairs(group.members, index_of):
            weights[pair] = weights.get(pair, 0.0) + decayed
    return {pair: min(1.0, weight) for pair, weight in weights.items()}


def mark_last_round_conflicts(conflicts: list[int], signups: SignupFile, index_of: dict[str, int]) -> None:
    """Pairs grouped together on the latest date of the history become conflicts, both ways, when that
    is a rule; marked in place in the conflict bitsets."""
    if not signups.history or not signups.settings.history_hard_last_round:
        return
    latest = max(group.date for group in signups.history)
    for group in signups.history:
        if group.date == latest:
            for first, second in _known_pairs(group.members, index_of):
                conflicts[first] |= 1 << second
                conflicts[second] |= 1 << first
