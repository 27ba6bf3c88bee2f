"""Why a group works, in the terms members care about: when it meets on their own clock, how far they
travel, what it is about, and which of their wishes it meets.

Each member's local time is converted from the one UTC start with the offset in force at that instant,
the conversion the solver checked the meeting against, so what is shown is what was checked.
"""

from __future__ import annotations

from groupformer.contract import Group, Participant, SignupFile
from groupformer.distance_unit import distance_text
from groupformer.evaluate import Timetable, group_violations, prefers_met, size_fits
from groupformer.export.labels import meeting_place, travel_km
from groupformer.export.local_time import local_meeting, most_shared_zone
from groupformer.timegeo import parse_utc


def _member(member: Participant, group: Group, unit: str) -> dict:
    """Distances as numbers in km, and as words in the sign-ups' unit."""
    local = local_meeting(parse_utc(group.meeting.utc_start), group.meeting.minutes, member.timezone)
    distance = travel_km(member, group)
    radius = member.max_travel_km if group.modality == "in_person" else None
    travel = None
    if distance is not None and radius is not None:
        travel = f"{distance_text(distance, unit)} away (travels up to {distance_text(radius, unit)})"
    return {
        "id": member.id,
        "local_meeting": {
            "weekday": local.weekday,
            "start": local.start,
            "end": local.end,
            "zone": local.zone,
            "abbreviation": local.abbreviation,
        },
        "distance_km": None if distance is None else round(distance, 1),
        "max_travel_km": radius,
        "travel": travel,
    }


def _wishes_met(members: list[Participant]) -> dict:
    member_ids = {member.id for member in members}
    specialties = sorted({specialty for member in members for specialty in member.specialties})
    return {
        "prefer_met": [
            {"from": member.id, "to": other} for member in members for other in sorted(prefers_met(member, member_ids))
        ],
        "preferred_size_met": [member.id for member in members if size_fits(member, len(members))],
        "specialties": specialties,
        "coverage": len(specialties),
    }


def short_group(group: Group, by_id: dict[str, Participant]) -> dict:
    """What the overview lists per group: enough to recognise it, not to argue for it; its meeting on the
    clock most of its members share."""
    zone = most_shared_zone([by_id[member_id] for member_id in group.members])
    return {
        "id": group.id,
        "members": list(group.members),
        "modality": group.modality,
        "style": group.style,
        "frequency": group.frequency,
        "focus": group.focus,
        "utc_start": group.meeting.utc_start,
        "local_start": local_meeting(parse_utc(group.meeting.utc_start), group.meeting.minutes, zone).describe(),
    }


def explain_group(signups: SignupFile, group: Group) -> dict:
    return GroupExplainer(signups).explain(group)


class GroupExplainer:
    """Explains groups of one sign-up file, indexing its people and their timetable once, so the desk's
    board describes the groups an edit changed without going through every sign-up again for each."""

    def __init__(self, signups: SignupFile):
        self.signups = signups
        self.by_id = {participant.id: participant for participant in signups.participants}
        self.timetable = Timetable(signups)

    def explain(self, group: Group) -> dict:
        """Broken rules are listed too, so a hand-made group that does not work is not explained as if it
        did."""
        members = [self.by_id[member_id] for member_id in group.members]
        broken = group_violations(group, members, self.signups, self.timetable)
        return {
            **short_group(group, self.by_id),
            "minutes": group.meeting.minutes,
            "place": meeting_place(group, self.by_id),
            "host": group.meeting.location.host if group.meeting.location is not None else None,
            "focus_stated_by": [member.id for member in members if member.focus],
            "member_details": [_member(member, group, self.signups.settings.distance_unit) for member in members],
            "wishes": _wishes_met(members),
            "broken_rules": [violation.message for violation in broken],
        }
