"""Why a hand-made group cannot meet: for a rule no choice satisfies, the fewest members who rule out
every choice between them, in words a coordinator can act on.

Naming the whole group would not tell the coordinator whom to move, so each explanation shrinks the
group to a minimal blocking set: a member is dropped whenever the others still leave no choice, until
every remaining member is needed (two people with no common window, say, rather than all five).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from groupformer import bitset
from groupformer.contract import FREQUENCIES, STYLES
from groupformer.problem import Problem

ALL = -1


@dataclass(frozen=True)
class Blocked:
    """One rule of one group that no choice satisfies."""

    rule: str
    members: list[str]
    message: str


def _shared(people: Sequence[int], accepted: Callable[[int], int]) -> int:
    common = ALL
    for person in people:
        common &= accepted(person)
    return common


def smallest_blocking(people: Sequence[int], accepted: Callable[[int], int]) -> list[int]:
    """A set of `people` whose accepted choices share nothing, none of whom can be left out; the last
    listed are left out first, so the members named are the earliest that block."""
    blocking = list(people)
    for person in reversed(blocking):
        rest = [other for other in blocking if other != person]
        if rest and not _shared(rest, accepted):
            blocking = rest
    return blocking


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _values(mask: int, values: tuple[str, ...], quoted: bool) -> str:
    """Free-text values (focus) are quoted, since one may itself read "anxiety and depression"."""
    accepted = [f'"{value}"' if quoted else value for bit, value in enumerate(values) if mask >> bit & 1]
    return accepted[0] if len(accepted) == 1 else f"{', '.join(accepted[:-1])} or {accepted[-1]}"


def no_common_time(problem: Problem, members: Sequence[int]) -> Blocked:
    blocking = smallest_blocking(members, lambda person: problem.window_bits[person])
    names = [problem.ids[person] for person in blocking]
    minutes = problem.meeting_minutes
    if len(names) == 1:
        message = (
            f"no common time: {names[0]} has no {minutes}-minute window starting on a "
            f"{problem.slot_minutes}-minute mark"
        )
    else:
        message = f"no common time: {_listed(names)} share no {minutes}-minute window"
    return Blocked("availability", names, message)


def no_common_value(problem: Problem, members: Sequence[int], rule: str) -> Blocked:
    """No style, frequency or focus every member accepts: who accepts what among the blocking members."""
    masks, values, verb = {
        "style": (problem.style_mask, STYLES, "accepts"),
        "frequency": (problem.frequency_mask, FREQUENCIES, "accepts"),
        "focus": (problem.focus_bits, problem.focus_values, "lists"),
    }[rule]
    blocking = smallest_blocking(members, lambda person: int(masks[person]))
    quoted = rule == "focus"
    accepted = [f"{problem.ids[person]} {verb} {_values(int(masks[person]), values, quoted)}" for person in blocking]
    names = [problem.ids[person] for person in blocking]
    return Blocked(rule, names, f"no {rule} every member accepts: {', '.join(accepted)}")


def no_meeting_place(problem: Problem, members: Sequence[int], remote_is_open: bool) -> Blocked:
    """No member's place is within every in-person member's radius (and, unless the group was given as
    in person, someone refuses to meet remotely)."""
    in_person = [person for person in members if problem.accepts_in_person(person)]
    if not in_person:
        everyone = [problem.ids[person] for person in members]
        return Blocked("distance", everyone, "no meeting place: no member meets in person")
    places = bitset.from_indices(in_person)
    blocking = smallest_blocking(in_person, lambda person: problem.host_bits[person] & places)
    names = [problem.ids[person] for person in blocking]
    radii = ", ".join(f"{problem.max_travel_km[person]:g} km" for person in blocking)
    message = f"no meeting place: no member's place is within the travel radius of each of {_listed(names)} ({radii})"
    if remote_is_open:
        refusing = [problem.ids[person] for person in members if not problem.accepts_remote(person)]
        message += f", and {_listed(refusing)} {'meets' if len(refusing) == 1 else 'meet'} only in person"
    return Blocked("distance", names, message)


def no_common_modality(problem: Problem, members: Sequence[int]) -> Blocked:
    """Someone meets only remotely and someone only in person; otherwise the place is what fails."""
    remote_only = [person for person in members if not problem.accepts_in_person(person)]
    in_person_only = [person for person in members if not problem.accepts_remote(person)]
    if not remote_only:
        return no_meeting_place(problem, members, remote_is_open=True)
    first, second = problem.ids[remote_only[0]], problem.ids[in_person_only[0]]
    message = f"no modality every member accepts: {first} meets only remotely and {second} only in person"
    return Blocked("modality", [first, second], message)
