"""When members are free, read from their stated windows on their own clocks, and the meeting starts
a group's members share.

The judge's own reading of availability, written apart from the solver's compiled bitsets so that a
mistake in one shows up as a disagreement with the other.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from groupformer.contract import DAYS, Participant, SignupFile, clock_minutes
from groupformer.timegeo import MINUTES_PER_DAY, local_start

DayWindows = dict[int, list[tuple[int, int]]]


def merge_windows(participant: Participant) -> DayWindows:
    """Touching or overlapping windows on one day join, so a meeting may span 12:00-13:00 + 13:00-14:00."""
    by_day: DayWindows = defaultdict(list)
    for window in sorted(participant.availability, key=lambda window: clock_minutes(window.start)):
        day, start, end = DAYS.index(window.day), clock_minutes(window.start), clock_minutes(window.end)
        spans = by_day[day]
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return dict(by_day)


def is_free(windows: DayWindows, weekday: int, minute: float, minutes: int) -> bool:
    """Windows end by 24:00, so fitting inside one also keeps the meeting from crossing local midnight."""
    return any(start <= minute and minute + minutes <= end for start, end in windows.get(weekday, ()))


class Timetable:
    """Availability of one sign-up file, cached per participant and per time zone.

    Counting a group's common meeting starts by checking every slot of the week for every member would
    cost hundreds of checks per participant (too slow for 10,000); instead each time zone's slots are
    converted once and sorted by local time, and each merged window picks its feasible starts out by
    bisection. The condition is the same as `is_free`: weekday equal and start <= minute <= end - minutes.
    """

    def __init__(self, signups: SignupFile):
        settings = signups.settings
        self.meeting_minutes = settings.meeting_minutes
        week_start = datetime.strptime(settings.reference_week, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        self.slot_starts = [
            week_start + timedelta(minutes=offset) for offset in range(0, 7 * MINUTES_PER_DAY, settings.slot_minutes)
        ]
        self._windows: dict[str, DayWindows] = {}
        self._local_slots: dict[str, tuple[list[float], list[int]]] = {}
        self._free_slots: dict[str, frozenset[int]] = {}

    def windows(self, participant: Participant) -> DayWindows:
        if participant.id not in self._windows:
            self._windows[participant.id] = merge_windows(participant)
        return self._windows[participant.id]

    def local_slots(self, zone_name: str) -> tuple[list[float], list[int]]:
        """Slots sorted by local week minute (weekday * 1440 + minute), with their slot indexes."""
        if zone_name not in self._local_slots:
            keyed = sorted(
                (weekday * MINUTES_PER_DAY + minute, index)
                for index, (weekday, minute) in enumerate(local_start(start, zone_name) for start in self.slot_starts)
            )
            self._local_slots[zone_name] = ([key for key, _ in keyed], [index for _, index in keyed])
        return self._local_slots[zone_name]

    def free_slots(self, participant: Participant) -> frozenset[int]:
        if participant.id not in self._free_slots:
            keys, indexes = self.local_slots(participant.timezone)
            free: set[int] = set()
            for weekday, spans in self.windows(participant).items():
                for start, end in spans:
                    low = bisect.bisect_left(keys, weekday * MINUTES_PER_DAY + start)
                    high = bisect.bisect_right(keys, weekday * MINUTES_PER_DAY + end - self.meeting_minutes)
                    free.update(indexes[low:high])
            self._free_slots[participant.id] = frozenset(free)
        return self._free_slots[participant.id]

    def common_start_count(self, members: list[Participant]) -> int:
        return len(frozenset.intersection(*(self.free_slots(member) for member in members)))
