"""When each participant is free in the reference week, as UTC intervals (for the report's heat map).

Weekly local windows become UTC intervals of the one reference week the meetings are placed in,
converted day by day with the offset in force on that day, so daylight saving and zones on the other
side of the date line land in the right hour. An hour counts for a participant only when they are free
for all of it, which is what a meeting starting in that hour needs.
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from groupformer.contract import DAYS, Participant, clock_minutes

Interval = tuple[datetime, datetime]
DAYS_IN_WEEK = 7
HOUR = timedelta(hours=1)


def _merged(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def free_intervals(participant: Participant, first_day: datetime) -> list[Interval]:
    """The local days that overlap the UTC week run from the day before to the day after it."""
    zone = ZoneInfo(participant.timezone)
    last_day = first_day + timedelta(days=DAYS_IN_WEEK)
    intervals = []
    for offset in range(-1, DAYS_IN_WEEK + 1):
        local_day = (first_day + timedelta(days=offset)).date()
        local_midnight = datetime.combine(local_day, time(), tzinfo=zone)
        for window in participant.availability:
            if DAYS.index(window.day) != local_day.weekday():
                continue
            start = (local_midnight + timedelta(minutes=clock_minutes(window.start))).astimezone(timezone.utc)
            end = (local_midnight + timedelta(minutes=clock_minutes(window.end))).astimezone(timezone.utc)
            if start < last_day and end > first_day:
                intervals.append((max(start, first_day), min(end, last_day)))
    return _merged(intervals)


def whole_hours(interval: Interval, first_day: datetime) -> range:
    """Hours of the week (0 = Monday 00:00 UTC) lying entirely inside the interval."""
    start_hours = (interval[0] - first_day) / HOUR
    end_hours = (interval[1] - first_day) / HOUR
    return range(math.ceil(start_hours), math.floor(end_hours))
