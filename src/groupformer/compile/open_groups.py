"""Open groups → who may take one of their seats, as bitsets over participants.

A newcomer may join an open group when the group's fixed meeting suits them (the start is one of their
feasible starts, they accept its modality, style, frequency and focus, and an in-person place is within
their travel radius) and they are in conflict with none of its members. Newcomers joining together must
also not be in conflict with each other, which the search checks pairwise. Nobody compiling ran out of
time to compare (`Problem.uncompared_bits`) takes a seat.
"""

from __future__ import annotations

import datetime

import numpy as np

from groupformer import bitset
from groupformer.compile.geo import haversine_km
from groupformer.compile.time import reference_monday
from groupformer.contract import FREQUENCIES, MODALITIES, STYLES, OpenGroup, SignupFile
from groupformer.problem import OpenGroupSeats, Problem


def meeting_slot(problem: Problem, utc_start: str) -> int:
    instant = datetime.datetime.strptime(utc_start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    minutes = (instant - reference_monday(problem.reference_week)).total_seconds() / 60
    return int(minutes // problem.slot_minutes)


def _accepts_focus(problem: Problem, focus: str | None) -> np.ndarray:
    """Those who stated no focus accept any; the others must have listed this one."""
    if focus is None or focus not in problem.focus_values:
        return ~problem.states_focus
    bit = problem.focus_values.index(focus)
    listed = np.array([bool(bits >> bit & 1) for bits in problem.focus_bits], dtype=bool)
    return ~problem.states_focus | listed


def _within_reach(problem: Problem, group: OpenGroup) -> np.ndarray:
    if group.meeting.location is None:
        return np.ones(problem.size, dtype=bool)
    place = np.array([[group.meeting.location.lat, group.meeting.location.lon]])
    return haversine_km(place, problem.coordinates)[0] <= problem.max_travel_km


def _eligible(problem: Problem, group: OpenGroup, members: tuple[int, ...], slot: int, taken: int) -> int:
    eligible = (
        problem.window_mask[:, slot]
        & (problem.modality_mask & (1 << MODALITIES.index(group.modality)) != 0)
        & (problem.style_mask & (1 << STYLES.index(group.style)) != 0)
        & (problem.frequency_mask & (1 << FREQUENCIES.index(group.frequency)) != 0)
        & _accepts_focus(problem, group.focus)
        & _within_reach(problem, group)
    )
    member_bits = bitset.from_indices(members)
    unconflicted = np.array([not problem.conflict_bits[person] & member_bits for person in range(problem.size)])
    return bitset.from_indices(np.flatnonzero(eligible & unconflicted).tolist()) & ~taken & ~problem.uncompared_bits


def compile_open_groups(signups: SignupFile, problem: Problem) -> tuple[OpenGroupSeats, ...]:
    index_of = {identifier: index for index, identifier in enumerate(problem.ids)}
    taken = bitset.from_indices(index_of[member] for group in signups.open_groups for member in group.members)
    compiled = []
    for group in signups.open_groups:
        members = tuple(sorted(index_of[member] for member in group.members))
        slot = meeting_slot(problem, group.meeting.utc_start)
        needed = max(0, problem.group_size_min - len(members))
        eligible = _eligible(problem, group, members, slot, taken)
        compiled.append(OpenGroupSeats(group.id, members, slot, eligible, group.open_seats, needed))
    return tuple(compiled)
