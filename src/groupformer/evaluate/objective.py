"""The judge's own scoring of a group (docs/objective.md), recomputed from the raw sign-ups rather than
the solver's compiled arrays, so that the two agreeing is evidence that both are right."""

from __future__ import annotations

from groupformer.contract import Group, Participant, Settings, normalise_term
from groupformer.evaluate.history import PastMeetings

# Starts beyond the meeting's own that make the spare_window term reach 1 (docs/objective.md).
SPARE_STARTS_FOR_FULL_CREDIT = 4


def dissimilarity(first: Participant, second: Participant) -> float:
    """1 - Jaccard of specialties; two empty sets are alike (Jaccard 1), not maximally diverse."""
    union = set(first.specialties) | set(second.specialties)
    if not union:
        return 0.0
    return 1 - len(set(first.specialties) & set(second.specialties)) / len(union)


def prefers_met(member: Participant, member_ids: set[str]) -> set[str]:
    return {other for other in member.prefer if other != member.id and other in member_ids}


def size_fits(member: Participant, size: int) -> bool:
    wish = member.preferred_size
    return wish is not None and (wish.min is None or wish.min <= size) and (wish.max is None or size <= wish.max)


def wish_points(group: Group, member: Participant, settings: Settings) -> float:
    """The weighted wishes met for one member: their style, frequency and focus, for the rules that are
    wishes (an empty list accepts anything)."""
    weights, wishes = settings.weights, settings.as_wishes
    focus = normalise_term(group.focus) if group.focus is not None else None
    points = 0.0
    if "style" in wishes and (not member.style or group.style in member.style):
        points += weights.style_wish
    if "frequency" in wishes and (not member.frequency or group.frequency in member.frequency):
        points += weights.frequency_wish
    if "focus" in wishes and (not member.focus or focus in member.focus):
        points += weights.focus_wish
    return points


def group_quality(
    group: Group, members: list[Participant], common_starts: int, settings: Settings, past: PastMeetings
) -> float:
    """Per-member weighted mean of the terms, summed and rounded to micro-points as the solver does."""
    weights = settings.weights
    member_ids = {member.id for member in members}
    spare_window = max(0.0, min(1.0, (common_starts - 1) / SPARE_STARTS_FOR_FULL_CREDIT))
    diversity_points = fit_points = 0.0
    for member in members:
        others = [other for other in members if other.id != member.id]
        diversity = sum(dissimilarity(member, other) for other in others) / len(others) if others else 0.0
        wishes = {other for other in member.prefer if other != member.id}
        prefer = len(prefers_met(member, member_ids)) / len(wishes) if wishes else 0.0
        size = 1.0 if size_fits(member, len(members)) else 0.0
        focus = sum(1 for other in others if other.focus) / len(others) if member.focus and others else 0.0
        repeated = sum(past.weight(member.id, other.id) for other in others) / len(others) if others else 0.0
        novelty = 1.0 - repeated if past.present else 0.0
        diversity_points += weights.diversity * diversity
        fit_points += (
            weights.prefer * prefer + weights.size * size + weights.focus * focus + weights.spare_window * spare_window
        )
        fit_points += weights.novelty * novelty + wish_points(group, member, settings)
    total = weights.quality_scale(past.present, settings.as_wishes)
    return round((fit_points / total + diversity_points / total) * 1e6) / 1e6
