"""Sign-ups → one immutable `Problem` of arrays and bitsets, computed once before any search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np

from groupformer import bitset
from groupformer.compile import geo, history, policy, rules, time
from groupformer.compile.open_groups import compile_open_groups
from groupformer.contract import FREQUENCIES, STYLES, Settings, SignupFile
from groupformer.problem import ActiveWeights, Problem

NO_SIZE_PREFERENCE = (0, 0)
# people who only meet remotely are compared this many at a time between looks at the clock
REMOTE_BATCH = 256
UNBOUNDED_SIZE = 1_000_000


def _preferred_sizes(signups: SignupFile) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of each preferred size; no preference at all gives an empty range that is never met."""
    lower, upper = [], []
    for participant in signups.participants:
        preference = participant.preferred_size
        if preference is None:
            low, high = NO_SIZE_PREFERENCE
        else:
            low = preference.min if preference.min is not None else 1
            high = preference.max if preference.max is not None else UNBOUNDED_SIZE
        lower.append(low)
        upper.append(high)
    return np.array(lower, dtype=np.int64), np.array(upper, dtype=np.int64)


def _window_masks(signups: SignupFile, out_of_time: Callable[[], bool]) -> np.ndarray:
    """Each participant's feasible meeting starts; none at all when there is no time left to compare
    anyone (the first pairwise stage then leaves everyone uncompared)."""
    settings = signups.settings
    participants = signups.participants
    if out_of_time():
        return np.zeros((len(participants), time.slot_count(settings.slot_minutes)), dtype=bool)
    return time.feasible_start_masks(
        [p.availability for p in participants],
        [p.timezone for p in participants],
        settings.meeting_minutes,
        settings.reference_week,
        settings.slot_minutes,
    )


def _locations(signups: SignupFile) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    participants = signups.participants
    meets_in_person = np.array([p.accepts_in_person() for p in participants], dtype=bool)
    coordinates = np.array(
        [(p.location.lat, p.location.lon) if p.location else (0.0, 0.0) for p in participants], dtype=np.float64
    )
    max_travel = np.array([p.max_travel_km or 0.0 for p in participants], dtype=np.float64)
    return meets_in_person, coordinates, max_travel


def _weights_in_force(settings: Settings, has_history: bool) -> ActiveWeights:
    """Novelty counts only with a history to be novel against, a wish weight only for a rule that is a wish."""
    weights, wishes = settings.weights, settings.as_wishes
    return ActiveWeights(
        diversity=weights.diversity,
        prefer=weights.prefer,
        size=weights.size,
        focus=weights.focus,
        spare_window=weights.spare_window,
        novelty=weights.novelty if has_history else 0.0,
        style_wish=weights.style_wish if "style" in wishes else 0.0,
        frequency_wish=weights.frequency_wish if "frequency" in wishes else 0.0,
        focus_wish=weights.focus_wish if "focus" in wishes else 0.0,
    )


def _never() -> bool:
    return False


def _without_uncompared(compatible: list[int], uncompared: int) -> list[int]:
    """People left out of the comparisons (`uncompared`) can share a group with nobody, both ways."""
    if not uncompared:
        return compatible
    return [0 if uncompared >> person & 1 else bits & ~uncompared for person, bits in enumerate(compatible)]


def _batches(locations: tuple[np.ndarray, np.ndarray, np.ndarray]) -> Iterator[tuple[list[int], list, list]]:
    """(people, reach, close) a batch at a time: those who only meet remotely first (no distances to
    compute), then the others a block of distances at a time."""
    meets_in_person = locations[2]
    remote_only = np.flatnonzero(~meets_in_person).tolist()
    for first in range(0, len(remote_only), REMOTE_BATCH):
        people = remote_only[first : first + REMOTE_BATCH]
        yield people, [0] * len(people), [0] * len(people)
    yield from geo.travel_blocks(*locations)


def _pairwise(
    compatibility: rules.Compatibility, locations: tuple[np.ndarray, ...], out_of_time: Callable[[], bool]
) -> tuple[list[int], list[int], int]:
    """Who can host whom and who is compatible with whom, a batch of people at a time until
    `out_of_time()`; the people no batch reached are returned as a bitset (their rows are empty, and they
    are taken out of everyone else's)."""
    count = len(locations[0])
    reach, compatible = [0] * count, [0] * count
    batches = _batches(locations)
    compared = []
    while not out_of_time():
        batch = next(batches, None)
        if batch is None:
            return reach, compatible, 0
        for person, reach_bits, close_bits in zip(*batch):
            reach[person] = reach_bits
            compatible[person] = compatibility.of(person, close_bits)
        compared += batch[0]
    uncompared = ((1 << count) - 1) & ~bitset.from_indices(compared)
    return reach, _without_uncompared(compatible, uncompared), uncompared


def compile_problem(signups: SignupFile, out_of_time: Callable[[], bool] = _never) -> Problem:
    """The sign-ups as arrays and bitsets. The pairwise stages (distances, then compatibility) ask
    `out_of_time()` between steps and stop when it says so: whoever they have not compared by then is in
    the problem's `uncompared_bits` and compatible with nobody, so a search can still start in time."""
    participants = signups.participants
    settings = signups.settings
    index_of = {p.id: index for index, p in enumerate(participants)}
    window_mask = _window_masks(signups, out_of_time)
    window_bits = bitset.from_rows(window_mask)
    meets_in_person, coordinates, max_travel = _locations(signups)
    modality = rules.modality_masks(participants)
    wishes = settings.as_wishes
    style_wanted = rules.style_masks(participants)
    frequency_wanted = rules.frequency_masks(participants)
    style = policy.feasibility_mask(style_wanted, len(STYLES), "style" in wishes)
    frequency = policy.feasibility_mask(frequency_wanted, len(FREQUENCIES), "frequency" in wishes)
    focus_values = rules.vocabulary([p.focus for p in participants])
    focus_wanted = rules.focus_matrix(participants, focus_values)
    focus = policy.feasibility_focus(focus_wanted, "focus" in wishes)
    conflicts = rules.conflict_bits(participants, index_of)
    history.mark_last_round_conflicts(conflicts, signups, index_of)
    compatibility = rules.Compatibility(window_mask, window_bits, focus, (modality, style, frequency), conflicts)
    locations = (coordinates, max_travel, meets_in_person)
    reach, compatible, uncompared = _pairwise(compatibility, locations, out_of_time)
    specialty_values = rules.vocabulary([p.specialties for p in participants])
    size_low, size_high = _preferred_sizes(signups)
    fixed_groups = signups.fixed_groups()
    problem = Problem(
        ids=tuple(p.id for p in participants),
        group_size_min=min(low for _, low, _ in fixed_groups) if fixed_groups else settings.group_size.min,
        group_size_max=max(high for _, _, high in fixed_groups) if fixed_groups else settings.group_size.max,
        meeting_minutes=settings.meeting_minutes,
        slot_minutes=settings.slot_minutes,
        reference_week=settings.reference_week,
        window_mask=window_mask,
        window_bits=window_bits,
        modality_mask=modality,
        style_mask=style,
        frequency_mask=frequency,
        focus_bits=bitset.from_rows(focus),
        states_focus=np.array([bool(p.focus) for p in participants], dtype=bool),
        focus_values=focus_values,
        host_bits=tuple(reach),
        coordinates=coordinates,
        max_travel_km=max_travel,
        conflict_bits=tuple(conflicts),
        compatible_bits=tuple(compatible),
        uncompared_bits=uncompared,
        specialty_bits=bitset.from_rows(rules.term_matrix([p.specialties for p in participants], specialty_values)),
        prefer_bits=tuple(bitset.from_indices(index_of[other] for other in p.prefer) for p in participants),
        prefer_count=np.array([len(set(p.prefer)) for p in participants], dtype=np.int64),
        preferred_size_min=size_low,
        preferred_size_max=size_high,
        weights=_weights_in_force(settings, bool(signups.history)),
        repeat_weights=history.repeat_weights(signups, index_of),
        group_bounds=tuple((low, high) for _, low, high in fixed_groups) if fixed_groups else None,
        group_ids=tuple(group_id for group_id, _, _ in fixed_groups) if fixed_groups else None,
        style_wanted=style_wanted,
        frequency_wanted=frequency_wanted,
        focus_wanted_bits=bitset.from_rows(focus_wanted),
        composition=policy.composition_checks(signups),
    )
    if not signups.open_groups:
        return problem
    return replace(problem, open_groups=compile_open_groups(signups, problem))
