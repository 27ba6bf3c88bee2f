"""Accept-masks and the pairwise rules: who may never share a group, and who might.

Each accept-list becomes a small bitmask (an empty list in the sign-up accepts everything). Two people
are compatible when they share a feasible meeting start, a style, a frequency and a focus, can meet
remotely or are close enough to reach a common place, and are not in conflict. Compatibility is
necessary, not sufficient: a whole group also needs one start, one value of each rule and one host that
suit every member at once, which candidate generation checks.
"""

from __future__ import annotations

import numpy as np

from groupformer import bitset
from groupformer.contract import FREQUENCIES, MODALITIES, STYLES, Participant
from groupformer.problem import IN_PERSON_BIT, REMOTE_BIT


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


def conflict_matrix(participants: list[Participant]) -> np.ndarray:
    """`avoid` in either direction, and any member's `avoid_tags` meeting another member's `tags`."""
    count = len(participants)
    index_of = {p.id: index for index, p in enumerate(participants)}
    conflicts = np.zeros((count, count), dtype=bool)
    for row, participant in enumerate(participants):
        for other in participant.avoid:
            conflicts[row, index_of[other]] = True
    tags = vocabulary([p.tags + p.avoid_tags for p in participants])
    if tags:
        has_tag = term_matrix([p.tags for p in participants], tags).astype(np.float32)
        avoids_tag = term_matrix([p.avoid_tags for p in participants], tags).astype(np.float32)
        conflicts |= (avoids_tag @ has_tag.T) > 0
    conflicts |= conflicts.T
    return conflicts


def small_masks_overlap(masks: np.ndarray) -> np.ndarray:
    return (masks[:, None] & masks[None, :]) != 0


def compatibility_matrix(
    window_words: np.ndarray,
    focus: np.ndarray,
    modality: np.ndarray,
    style: np.ndarray,
    frequency: np.ndarray,
    in_person_close: np.ndarray,
    conflicts: np.ndarray,
) -> np.ndarray:
    both_remote = small_masks_overlap(modality & REMOTE_BIT)
    both_in_person = small_masks_overlap(modality & IN_PERSON_BIT) & in_person_close
    compatible = bitset.rows_overlap(window_words)
    compatible &= bitset.rows_overlap(np.packbits(focus, axis=1, bitorder="little"))
    compatible &= small_masks_overlap(style) & small_masks_overlap(frequency)
    compatible &= both_remote | both_in_person
    compatible &= ~conflicts
    np.fill_diagonal(compatible, False)
    return compatible
