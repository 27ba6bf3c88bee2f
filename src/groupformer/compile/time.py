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
from dataclasses import dataclass, field
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


def _week_minutes(timezone: str, reference_week: str, slot_minutes: int) -> np.ndarray:
    """Each slot start as minutes since local Monday 00:00 (weekday × 1440 + minute of the day)."""
    weekdays, minutes = local_clock(timezone, reference_week, slot_minutes)
    return weekdays.astype(np.int64) * MINUTES_PER_DAY + minutes


@dataclass
class _Intervals:
    """Local week-minute ranges [low, high] in which a meeting may start, per participant (row)."""

    rows: list[int] = field(default_factory=list)
    low: list[int] = field(default_factory=list)
    high: list[int] = field(default_factory=list)

    def add(self, row: int, windows: list[Window], meeting_minutes: int) -> None:
        for day, intervals in merged_windows(windows).items():
            for start, end in intervals:
                self.rows.append(row)
                self.low.append(day * MINUTES_PER_DAY + start)
                self.high.append(day * MINUTES_PER_DAY + end - meeting_minutes)


def _mark_zone(masks: np.ndarray, intervals: _Intervals, week_minutes: np.ndarray) -> None:
    """Sets the slots whose local start lies in one of the intervals, all of one time zone at once: the
    slots sorted by local time turn each interval into a run, marked by a running sum of its two ends."""
    order = np.argsort(week_minutes, kind="stable")
    keys = week_minutes[order]
    rows = np.asarray(intervals.rows)
    first = np.searchsorted(keys, np.asarray(intervals.low), side="left")
    last = np.searchsorted(keys, np.asarray(intervals.high), side="right")
    kept = last > first
    people, rows = np.unique(rows[kept], return_inverse=True)
    edges = np.zeros((len(people), len(keys) + 1), dtype=np.int32)
    np.add.at(edges, (rows, first[kept]), 1)
    np.add.at(edges, (rows, last[kept]), -1)
    masks[people[:, None], order[None, :]] = np.cumsum(edges[:, :-1], axis=1) > 0


def feasible_start_masks(
    availability: list[list[Window]], timezones: list[str], meeting_minutes: int, reference_week: str, slot_minutes: int
) -> np.ndarray:
    """One boolean row per participant over the slot grid: where they can attend a whole meeting (the
    start's local weekday is a window's day, and the meeting fits in the window from that local minute)."""
    masks = np.zeros((len(timezones), slot_count(slot_minutes)), dtype=bool)
    by_zone: dict[str, _Intervals] = {}
    for row, (windows, timezone) in enumerate(zip(availability, timezones)):
        by_zone.setdefault(timezone, _Intervals()).add(row, windows, meeting_minutes)
    for timezone, intervals in by_zone.items():
        if intervals.rows:
            _mark_zone(masks, intervals, _week_minutes(timezone, reference_week, slot_minutes))
    return masks
