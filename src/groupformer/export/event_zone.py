"""The time zone a group's calendar event repeats in.

A recurring event keeps its wall-clock time in one zone all year, and the members in zones that change
their clocks on other dates see their local time move. So the event follows the clock that matters most
to the group: the host's for an in-person meeting (everyone comes to their office, which opens on the
host's clock), otherwise the zone most members live in.
"""

from __future__ import annotations

from collections import Counter

from groupformer.contract import Group, Participant


def event_zone(group: Group, by_id: dict[str, Participant]) -> str:
    """A tie between zones goes to the first name in alphabetical order, so the same group always gets
    the same zone whatever order the solution lists its members in."""
    location = group.meeting.location
    if group.modality == "in_person" and location is not None and location.host in by_id:
        return by_id[location.host].timezone
    counts = Counter(by_id[member].timezone for member in group.members)
    return min(counts, key=lambda zone: (-counts[zone], zone))
