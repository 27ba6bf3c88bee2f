"""How a group's meeting follows from who is in it: the choices `solve` makes for every group it forms.

In person when every member accepts it and some member's place is within everyone's radius (the host
with the least total travel), remote otherwise. Style, frequency and focus are the accepted values most
members asked for explicitly. The start is the middle of the longest run of common starts, so a member
running late still fits. `result.py` builds the solver's groups with these choices and `complete.py`
fills in a hand-made grouping with them, so both always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from groupformer import bitset
from groupformer.compile.geo import haversine_km
from groupformer.compile.scores import common_window_bits
from groupformer.compile.time import format_utc, slot_start_utc
from groupformer.contract import MeetingLocation
from groupformer.problem import Problem

ALL = -1


@dataclass(frozen=True)
class Agreement:
    """What every member of a group accepts, rule by rule; one rule nobody can meet leaves the others
    intact, so each can be explained on its own."""

    windows: int
    style: int
    frequency: int
    focus: int
    remote: bool
    # members whose place is within every member's travel radius
    hosts: int


def agreement(problem: Problem, members: Sequence[int]) -> Agreement:
    style = frequency = focus = hosts = ALL
    for member in members:
        style &= int(problem.style_mask[member])
        frequency &= int(problem.frequency_mask[member])
        focus &= problem.focus_bits[member]
        hosts &= problem.host_bits[member]
    return Agreement(
        windows=common_window_bits(problem, list(members)),
        style=style,
        frequency=frequency,
        focus=focus,
        remote=all(problem.accepts_remote(member) for member in members),
        hosts=hosts & bitset.from_indices(members),
    )


def meeting_host(problem: Problem, members: Sequence[int], hosts: int) -> int | None:
    """The member among `hosts` whose place the members reach with the least total travel."""
    candidates = bitset.indices(hosts)
    if not candidates:
        return None
    travel = haversine_km(problem.coordinates[candidates], problem.coordinates[list(members)]).sum(axis=1)
    return candidates[int(travel.argmin())]


def meeting_location(problem: Problem, host: int) -> MeetingLocation:
    latitude, longitude = problem.coordinates[host]
    return MeetingLocation(lat=float(latitude), lon=float(longitude), host=problem.ids[host])


def meeting_start(problem: Problem, windows: int) -> str:
    """The UTC start of the middle slot of the longest run of common starts."""
    runs: list[list[int]] = []
    for slot in bitset.indices(windows):
        if runs and slot == runs[-1][-1] + 1:
            runs[-1].append(slot)
        else:
            runs.append([slot])
    longest = max(runs, key=len)
    middle = longest[(len(longest) - 1) // 2]
    return format_utc(slot_start_utc(problem.reference_week, problem.slot_minutes, middle))


def most_requested(members: Sequence[int], accepted: int, wanted, values: tuple[str, ...]) -> str:
    """Among the values the group may take, the one most members want (all of them, unless the rule is
    a wish), then the one most asked for explicitly."""
    full = (1 << len(values)) - 1
    wants = [int(wanted[member]) for member in members]
    explicit = [mask for mask in wants if mask != full]
    options = [bit for bit in range(len(values)) if accepted >> bit & 1]
    best = max(
        options,
        key=lambda bit: (sum(mask >> bit & 1 for mask in wants), sum(mask >> bit & 1 for mask in explicit), -bit),
    )
    return values[best]


def _wished_focus(problem: Problem, members: Sequence[int]) -> str | None:
    """With focus a wish: the value most stating members listed (null when nobody stated one)."""
    stating = [member for member in members if problem.states_focus[member]]
    if not stating or not problem.focus_values:
        return None
    listed = [problem.focus_wanted_bits[member] for member in stating]
    best = max(range(len(problem.focus_values)), key=lambda bit: (sum(bits >> bit & 1 for bits in listed), -bit))
    return problem.focus_values[best]


def group_focus(problem: Problem, accepted: int, members: Sequence[int]) -> str | None:
    """Null when nobody stated a focus (only then is the null bit still set), else the first shared value."""
    if problem.weights.focus_wish:
        return _wished_focus(problem, members)
    if accepted >> len(problem.focus_values) & 1:
        return None
    first_shared = (accepted & -accepted).bit_length() - 1
    return problem.focus_values[first_shared]


def numbered_ids(count: int, taken: set[str]) -> list[str]:
    """G001, G002, ... skipping ids already in use (open groups', or those a grouping gives)."""
    width = max(3, len(str(count + len(taken))))
    ids: list[str] = []
    number = 0
    while len(ids) < count:
        number += 1
        candidate = f"G{number:0{width}d}"
        if candidate not in taken:
            ids.append(candidate)
    return ids
