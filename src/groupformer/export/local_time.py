"""A group's meeting as each member will see it on their own clock, and as the coordinator sees it.

The solution states one UTC instant; a member in Chicago and one in Berlin meet at different local
hours, and may even be on different weekdays. The offset is the one in force at that instant (IANA
zones, so daylight saving is respected), which is what the solver checked the meeting against. Nobody
reads a report in UTC, so its own times are in one coordinator's zone: the one most participants live in
unless the coordinator names theirs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from groupformer.contract import Participant, known_timezones
from groupformer.timegeo import clock

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class LocalMeeting:
    weekday: str
    start: str
    end: str
    zone: str
    abbreviation: str

    def describe(self, dash: str = "–") -> str:
        return f"{self.weekday} {self.start}{dash}{self.end} {self.abbreviation} ({self.zone})"


def _endclock(local_start: datetime, local_end: datetime) -> str:
    """24:00 for a meeting ending at midnight; "next day" marks one running past it, which only a
    solution breaking the availability rule has, rather than showing it as ending early the same day."""
    end = clock(local_end.hour * 60 + local_end.minute)
    if local_end.date() == local_start.date():
        return end
    return "24:00" if end == "00:00" else f"{end} next day"


def local_meeting(utc_start: datetime, minutes: int, zone_name: str) -> LocalMeeting:
    """The end is converted on its own, so a meeting spanning a clock change shows its true local end."""
    zone = ZoneInfo(zone_name)
    local_start = utc_start.astimezone(zone)
    local_end = (utc_start + timedelta(minutes=minutes)).astimezone(zone)
    return LocalMeeting(
        weekday=WEEKDAY_NAMES[local_start.weekday()],
        start=clock(local_start.hour * 60 + local_start.minute),
        end=_endclock(local_start, local_end),
        zone=zone_name,
        abbreviation=local_start.tzname() or zone_name,
    )


def is_zone_name(name: str) -> bool:
    return name in known_timezones()


def most_shared_zone(participants: list[Participant]) -> str:
    """A tie goes to the first zone in alphabetical order, so the same sign-ups always give the same zone."""
    counts = Counter(participant.timezone for participant in participants)
    return min(counts, key=lambda zone: (-counts[zone], zone))
