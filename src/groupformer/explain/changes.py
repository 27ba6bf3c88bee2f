"""The single changes to one person's sign-up that might place them, before any is tried.

Only changes the person could be asked for are proposed: accepting what they excluded, travelling to
the nearest group with a free seat, a window at the meeting of a group that suits them otherwise,
dropping the tags they avoid. Dropping an `avoid` entry is never proposed: a conflict of interest is not
a preference. Each change is data (the field's new value), so anyone can apply it and check it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from groupformer.contract import DAYS, FREQUENCIES, MODALITIES, STYLES, Group, Participant, SignupFile
from groupformer.distance_unit import distance_text, in_unit, to_km
from groupformer.evaluate import DISTANCE_TOLERANCE_KM, Timetable, group_violations
from groupformer.timegeo import MINUTES_PER_DAY, clock, haversine_km, local_start, parse_utc

MAX_WINDOW_GROUPS = 3


@dataclass(frozen=True)
class Change:
    participant: str
    field: str
    value: Any
    action: str

    def as_data(self) -> dict:
        return {"participant": self.participant, "field": self.field, "value": self.value}


def _obstacles(group: Group, person: Participant, signups: SignupFile, timetable: Timetable) -> set[str]:
    """The judge's rules that `person` joining `group` would break, apart from its size."""
    by_id = {participant.id: participant for participant in signups.participants}
    joined = group.model_copy(update={"members": [*group.members, person.id]})
    members = [by_id[member] for member in group.members] + [person]
    violations = group_violations(joined, members, signups, timetable)
    return {violation.rule for violation in violations if violation.rule != "size"}


def _with_free_seat(groups: list[Group], signups: SignupFile) -> list[Group]:
    return [group for group in groups if len(group.members) < signups.settings.group_size.max]


def _accepting(person: Participant, field: str, every: tuple[str, ...], noun: str) -> list[Change]:
    accepted = getattr(person, field)
    if not accepted or set(accepted) == set(every):
        return []
    return [Change(person.id, field, list(every), f"accepting every {noun} ({', '.join(every)})")]


def _modality(person: Participant) -> list[Change]:
    if not person.modality or set(person.modality) == set(MODALITIES):
        return []
    if person.modality == ["in_person"]:
        return [Change(person.id, "modality", list(MODALITIES), "accepting remote meetings")]
    if person.location is None or person.max_travel_km is None:
        return []
    return [Change(person.id, "modality", list(MODALITIES), "accepting in-person meetings")]


def _focus(person: Participant) -> list[Change]:
    if not person.focus:
        return []
    return [Change(person.id, "focus", [], f"accepting any focus (not only {', '.join(person.focus)})")]


def _avoid_tags(person: Participant) -> list[Change]:
    if not person.avoid_tags:
        return []
    return [Change(person.id, "avoid_tags", [], f"dropping {person.id}'s avoid_tags ({', '.join(person.avoid_tags)})")]


def _travel_radius(person: Participant, groups: list[Group], signups: SignupFile, timetable: Timetable) -> list[Change]:
    """The nearest meeting place beyond the radius, one where distance is the only obstacle first."""
    if not person.accepts_in_person() or person.location is None or person.max_travel_km is None:
        return []
    beyond = []
    for group in _with_free_seat(groups, signups):
        place = group.meeting.location
        if group.modality != "in_person" or place is None:
            continue
        distance = haversine_km(person.location.lat, person.location.lon, place.lat, place.lon)
        if distance > person.max_travel_km + DISTANCE_TOLERANCE_KM:
            beyond.append((_obstacles(group, person, signups, timetable) != {"distance"}, distance, group.id))
    if not beyond:
        return []
    _, distance, group_id = min(beyond)
    unit = signups.settings.distance_unit
    radius_km = to_km(math.ceil(in_unit(distance, unit)), unit)
    wanted, now = distance_text(radius_km, unit), distance_text(person.max_travel_km, unit)
    action = f"a travel radius of {wanted} instead of {now} (to reach {group_id}'s meeting)"
    return [Change(person.id, "max_travel_km", radius_km, action)]


def _local_window(group: Group, person: Participant) -> dict | None:
    """The group's meeting as a window on the person's own clock; None when it would cross their midnight."""
    weekday, minute = local_start(parse_utc(group.meeting.utc_start), person.timezone)
    end = int(minute) + group.meeting.minutes
    if end > MINUTES_PER_DAY:
        return None
    return {"day": DAYS[weekday], "start": clock(minute), "end": clock(end)}


def _windows(person: Participant, groups: list[Group], signups: SignupFile, timetable: Timetable) -> list[Change]:
    """Only groups whose meeting time is the person's one obstacle: another window would not help elsewhere."""
    changes = []
    for group in _with_free_seat(groups, signups):
        window = _local_window(group, person)
        if window is None or _obstacles(group, person, signups, timetable) != {"availability"}:
            continue
        added = f"{window['day'].capitalize()} {window['start']}–{window['end']}"
        availability = [known.model_dump(mode="json") for known in person.availability] + [window]
        changes.append(Change(person.id, "availability", availability, f"adding {added} to {person.id}'s availability"))
        if len(changes) == MAX_WINDOW_GROUPS:
            break
    return changes


def candidate_changes(person: Participant, groups: list[Group], signups: SignupFile) -> list[Change]:
    """In the order a coordinator would ask: the least personal changes first."""
    timetable = Timetable(signups)
    return (
        _modality(person)
        + _accepting(person, "style", STYLES, "style")
        + _accepting(person, "frequency", FREQUENCIES, "frequency")
        + _focus(person)
        + _travel_radius(person, groups, signups, timetable)
        + _windows(person, groups, signups, timetable)
        + _avoid_tags(person)
    )
