"""How every export names people, places and distances, so the calendar, the roster and the report agree.

Redaction happens here and nowhere else: with `redact`, a person is their id, whatever the sign-up says.
Distances are shown in the sign-ups' unit (distance_unit.py).
"""

from __future__ import annotations

from groupformer.contract import Group, Participant
from groupformer.timegeo import haversine_km

REMOTE = "remote"


def person_label(participant: Participant, redact: bool) -> str:
    if redact or not participant.name:
        return participant.id
    return f"{participant.name} ({participant.id})"


def visible_name(participant: Participant, redact: bool) -> str:
    return "" if redact or participant.name is None else participant.name


def visible_email(participant: Participant, redact: bool) -> str:
    return "" if redact or participant.email is None else participant.email


def coordinates(lat: float, lon: float) -> str:
    return f"{lat:.5f}, {lon:.5f}"


def host_label(group: Group, by_id: dict[str, Participant], redact: bool) -> str:
    """The member whose office the group meets at; empty for remote groups and places without a host."""
    location = group.meeting.location
    if group.modality != "in_person" or location is None or location.host not in by_id:
        return ""
    return person_label(by_id[location.host], redact)


def meeting_place(group: Group, by_id: dict[str, Participant]) -> str:
    """The host's own label ("Chicago, IL") tells members where to go; the coordinates say it exactly."""
    location = group.meeting.location
    if group.modality != "in_person" or location is None:
        return REMOTE
    host = by_id.get(location.host) if location.host is not None else None
    label = host.location.label if host is not None and host.location is not None else None
    place = coordinates(location.lat, location.lon)
    return f"{label} ({place})" if label else place


def travel_km(participant: Participant, group: Group) -> float | None:
    """With the judge's own great-circle formula, so the distance shown is the one checked against
    the member's max_travel_km; None for remote groups and members without a location."""
    location = group.meeting.location
    if group.modality != "in_person" or location is None or participant.location is None:
        return None
    return haversine_km(participant.location.lat, participant.location.lon, location.lat, location.lon)
