"""A group's meeting as each member will see it on their own clock.

The solution states one UTC instant; a member in Chicago and one in Berlin meet at different local
hours, and may even be on different weekdays. The offset is the one in force at that instant (IANA
zones, so daylight saving is respected), which is what the solver checked the meeting against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from groupformer.evaluate import clock

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
