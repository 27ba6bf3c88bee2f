"""The reference week and its UTC slot grid.

Availability is weekly and local; meetings must be concrete instants so that every member's calendar
agrees. We fix one reference week — 7 days from 00:00 UTC on `settings.reference_week`, a Monday
(default 2027-01-04) — and offer a meeting start every `slot_minutes` in it. A start is feasible for a
participant when, converted to their time zone with the offset in force at that instant (so daylight
saving is handled by the tz database, not by us), the whole meeting fits one of their merged windows
on that local weekday without crossing local midnight. Because the week is fixed, the same input gives
the same output on any day of the year; pick a reference week in your season if offsets matter (for
example a week in July for a summer programme spanning Europe and North America).
"""

from __future__ import annotations

import datetime
import zoneinfo
from functools import lru_cache

import numpy as np

from groupformer.contract import DAYS, Window, clock_minutes

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


def reference_monday(reference_week: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(reference_week).replace(tzinfo=datetime.timezone.utc)


def slot_count(slot_minutes: int) -> int:
    return MINUTES_PER_WEEK // slot_minutes


def slot_start_utc(reference_week: str, slot_minutes: int, slot: int) -> datetime.datetime:
    return reference_monday(reference_week) + datetime.timedelta(minutes=slot * slot_minutes)


def format_utc(instant: datetime.datetime) -> str:
    return instant.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=512)
def local_clock(timezone: str, reference_week: str, slot_minutes: int) -> tuple[np.ndarray, np.ndarray]:
    """Local weekday (0 = Monday) and minute of day of every slot start, in one time zone."""
    zone = zoneinfo.ZoneInfo(timezone)
    count = slot_count(slot_minutes)
    weekdays = np.empty(count, dtype=np.int16)
    minutes = np.empty(count, dtype=np.int16)
    for slot in range(count):
        local = slot_start_utc(reference_week, slot_minutes, slot).astimezone(zone)
        weekdays[slot] = local.weekday()
        minutes[slot] = local.hour * 60 + local.minute
    return weekdays, minutes


def merged_windows(windows: list[Window]) -> dict[int, list[tuple[int, int]]]:
    """Windows on the same day that touch or overlap join into one (contract rule)."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for window in windows:
        by_day.setdefault(DAYS.index(window.day), []).append((clock_minutes(window.start), clock_minutes(window.end)))
    merged: dict[int, list[tuple[int, int]]] = {}
    for day, intervals in by_day.items():
        joined: list[tuple[int, int]] = []
        for start, end in sorted(intervals):
            if joined and start <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], end))
            else:
                joined.append((start, end))
        merged[day] = joined
    return merged


def feasible_starts(
    windows: list[Window], timezone: str, meeting_minutes: int, reference_week: str, slot_minutes: int
) -> np.ndarray:
    """Boolean mask over the slot grid: where this participant can attend a whole meeting."""
    weekdays, minutes = local_clock(timezone, reference_week, slot_minutes)
    feasible = np.zeros(len(weekdays), dtype=bool)
    for day, intervals in merged_windows(windows).items():
        on_day = weekdays == day
        for start, end in intervals:
            feasible |= on_day & (minutes >= start) & (minutes + meeting_minutes <= end)
    return feasible
