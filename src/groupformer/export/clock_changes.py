"""When a group's members see their meeting move on their own clocks, over the year after the first one.

The event repeats at one wall-clock time in its zone. A member whose zone changes its clocks on other
dates (New York and London, weeks apart in spring and autumn), in the other season (Sydney) or never
(Tokyo) meets an hour earlier or later for part of the year. Calendar programs convert silently, so the
invitation says beforehand from which date whose time moves, and to what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from groupformer.export.local_time import LocalMeeting, local_meeting

WEEKS_AHEAD = 52
DAY = timedelta(days=1)
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class ClockChange:
    zone: str
    local_date: date


@dataclass(frozen=True)
class Shift:
    """From `first_date` (the event zone's date of the first weekly meeting after the change) on, each
    member in `moved` meets at the given local time."""

    first_date: date
    clock_changes: tuple[ClockChange, ...]
    moved: tuple[tuple[str, LocalMeeting], ...]


def weekly_starts(first_local: datetime, weeks: int) -> list[datetime]:
    """The same wall-clock time in the event's zone every week, as UTC instants: what an RRULE on a
    DTSTART with a TZID means."""
    wall_clock = first_local.replace(tzinfo=None)
    zone = first_local.tzinfo
    return [(wall_clock + timedelta(weeks=week)).replace(tzinfo=zone).astimezone(UTC) for week in range(weeks + 1)]


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta | None:
    return instant.astimezone(zone).utcoffset()


def _moment_of_change(zone: ZoneInfo, day_start: datetime) -> datetime:
    """Bisection to the minute within a day whose end has another offset than its start; every clock change
    in the tz database falls on a whole minute and no zone changes twice in one day."""
    before_offset = _offset(zone, day_start)
    low, high = 0, MINUTES_PER_DAY
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(zone, day_start + timedelta(minutes=middle)) == before_offset:
            low = middle
        else:
            high = middle
    return day_start + timedelta(minutes=high)


@lru_cache(maxsize=1024)
def offset_changes(zone_name: str, start: datetime, end: datetime) -> tuple[datetime, ...]:
    """The UTC instants in (start, end] at which the zone's offset from UTC changes."""
    zone = ZoneInfo(zone_name)
    changes = []
    day_start = start
    while day_start < end:
        if _offset(zone, day_start) != _offset(zone, day_start + DAY):
            changes.append(_moment_of_change(zone, day_start))
        day_start += DAY
    return tuple(change for change in changes if change <= end)


def _clock(meeting: LocalMeeting) -> tuple[str, str, str]:
    """The abbreviation is left out: Chicago going from CST to CDT at the same 12:00 is no move."""
    return meeting.weekday, meeting.start, meeting.end


def local_time_shifts(first_local: datetime, minutes: int, member_zones: dict[str, str]) -> list[Shift]:
    """`member_zones` maps each member (in the order to list them) to their zone name; the changes named
    are those of every zone involved, the event's included, since its change moves everyone else. They
    are looked up over whole UTC days, so the groups of one programme share the look-ups."""
    event_zone = first_local.tzinfo
    starts = weekly_starts(first_local, WEEKS_AHEAD)
    zones = sorted({str(event_zone), *member_zones.values()})
    first_day = starts[0].replace(hour=0, minute=0)
    last_day = starts[-1].replace(hour=0, minute=0) + DAY
    changes = sorted((instant, zone) for zone in zones for instant in offset_changes(zone, first_day, last_day))
    shifts = []
    previous = {member: local_meeting(starts[0], minutes, zone) for member, zone in member_zones.items()}
    for before, start in pairwise(starts):
        current = {member: local_meeting(start, minutes, zone) for member, zone in member_zones.items()}
        moved = tuple(
            (member, current[member]) for member in member_zones if _clock(current[member]) != _clock(previous[member])
        )
        if moved:
            between = tuple(
                ClockChange(zone, instant.astimezone(ZoneInfo(zone)).date())
                for instant, zone in changes
                if before < instant <= start
            )
            shifts.append(Shift(start.astimezone(event_zone).date(), between, moved))
        previous = current
    return shifts
