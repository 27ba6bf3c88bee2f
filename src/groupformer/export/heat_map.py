"""The week at a glance on the coordinator's clock: 7 days by 24 local hours, each shaded by how many
participants are free all hour, with the chosen meeting starts outlined, so a coordinator sees where the
groups sit and what is left.

The hours are those of one zone (nobody plans in UTC). Each real hour of the reference week is filed
under its local weekday and hour, so after a clock change the grid still reads as a local timetable: the
repeated autumn hour counts whoever is free in either, the skipped spring hour stays empty.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from html import escape
from zoneinfo import ZoneInfo

from groupformer.contract import Participant
from groupformer.export.availability import HOUR, free_intervals, whole_hours
from groupformer.export.palette import CELL_INKS, SOFT_INK, readable_ink
from groupformer.export.svg import element, titled

CELL_WIDTH, CELL_HEIGHT = 24, 21
LEFT, TOP = 44, 22
LEGEND_HEIGHT = 62
DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EMPTY = "#f1f3f5"
LIGHT, DARK = (222, 235, 247), (8, 69, 148)
# A meeting's hour is outlined twice, dark outside and white inside: one of the two stands out from any
# shade (3:1 or more), which no single colour does on both the palest and the darkest cells.
MARK_OUTER, MARK_INNER = CELL_INKS


def shade(count: int, most: int) -> str:
    if count == 0:
        return EMPTY
    share = count / most
    red, green, blue = (round(light + (dark - light) * share) for light, dark in zip(LIGHT, DARK))
    return f"#{red:02x}{green:02x}{blue:02x}"


def local_week_start(reference_week: str, zone_name: str) -> datetime:
    """Monday 00:00 of the reference week on the zone's clock, as a UTC instant."""
    midnight = datetime.combine(date.fromisoformat(reference_week), time(), tzinfo=ZoneInfo(zone_name))
    return midnight.astimezone(timezone.utc)


def local_hourly_counts(participants: list[Participant], reference_week: str, zone_name: str) -> list[list[int]]:
    """counts[day][hour] on the zone's clock: day 0 is Monday."""
    zone = ZoneInfo(zone_name)
    first = local_week_start(reference_week, zone_name)
    counts = [[0] * 24 for _ in DAY_LABELS]
    for participant in participants:
        free_cells = set()
        for interval in free_intervals(participant, first):
            for hour_of_week in whole_hours(interval, first):
                local = (first + hour_of_week * HOUR).astimezone(zone)
                free_cells.add((local.weekday(), local.hour))
        for day, hour in free_cells:
            counts[day][hour] += 1
    return counts


def meeting_cells(starts: dict[str, datetime], zone_name: str) -> dict[tuple[int, int], list[str]]:
    """(day, hour) of each group's start on the zone's clock -> the groups starting in that hour."""
    zone = ZoneInfo(zone_name)
    cells: dict[tuple[int, int], list[str]] = {}
    for group_id, start in starts.items():
        local = start.astimezone(zone)
        cells.setdefault((local.weekday(), local.hour), []).append(group_id)
    return cells


def _cell(day: int, hour: int, count: int, most: int, abbreviation: str) -> str:
    x, y = LEFT + hour * CELL_WIDTH, TOP + day * CELL_HEIGHT
    fill = shade(count, most)
    tooltip = f"{DAY_LABELS[day]} {hour:02d}:00 {abbreviation}: {count} free"
    parts = [titled("rect", tooltip, x=x, y=y, width=CELL_WIDTH - 1, height=CELL_HEIGHT - 1, fill=fill)]
    if count:
        parts.append(
            element(
                "text",
                str(count),
                x=x + CELL_WIDTH / 2,
                y=y + 14.5,
                fill=readable_ink(fill),
                text_anchor="middle",
                font_size=10,
            )
        )
    return "".join(parts)


def _outline(x: float, y: float, width: float, height: float, tooltip: str = "") -> str:
    outer = dict(x=x, y=y, width=width, height=height, fill="none", stroke=MARK_OUTER, stroke_width=2.5)
    inner = dict(x=x + 2, y=y + 2, width=width - 4, height=height - 4, fill="none", stroke=MARK_INNER, stroke_width=1.5)
    first = titled("rect", tooltip, **outer) if tooltip else element("rect", **outer)
    return first + element("rect", **inner)


def _marks(cells: dict[tuple[int, int], list[str]], abbreviation: str) -> str:
    return "".join(
        _outline(
            LEFT + hour * CELL_WIDTH + 1,
            TOP + day * CELL_HEIGHT + 1,
            CELL_WIDTH - 3,
            CELL_HEIGHT - 3,
            f"{DAY_LABELS[day]} {hour:02d}:xx {abbreviation}: {', '.join(groups)} start",
        )
        for (day, hour), groups in sorted(cells.items())
    )


def _labels() -> str:
    hours = "".join(
        element("text", f"{hour:02d}", x=LEFT + hour * CELL_WIDTH + CELL_WIDTH / 2, y=15, text_anchor="middle")
        for hour in range(24)
    )
    days = "".join(
        element("text", label, x=LEFT - 8, y=TOP + day * CELL_HEIGHT + 14.5, text_anchor="end")
        for day, label in enumerate(DAY_LABELS)
    )
    return hours + days


def _legend(most: int, top: int, zone_name: str) -> str:
    gradient = (
        '<defs><linearGradient id="heat-scale">'
        f'<stop offset="0" stop-color="{shade(1, 10**9)}"/><stop offset="1" stop-color="{shade(most, most)}"/>'
        "</linearGradient></defs>"
    )
    return gradient + "".join(
        [
            element("rect", x=LEFT, y=top, width=160, height=12, fill="url(#heat-scale)"),
            element("text", "1", x=LEFT, y=top + 26, text_anchor="start"),
            element("text", str(most), x=LEFT + 160, y=top + 26, text_anchor="end"),
            element("text", f"participants free the whole hour ({zone_name})", x=LEFT + 172, y=top + 11),
            _outline(LEFT, top + 34, 22, 14),
            element("text", "a group's meeting starts in this hour", x=LEFT + 32, y=top + 45),
        ]
    )


def heat_map_svg(counts: list[list[int]], starts: dict[str, datetime], zone_name: str, abbreviation: str) -> str:
    most = max(max(row) for row in counts) or 1
    width = LEFT + 24 * CELL_WIDTH + 8
    grid_bottom = TOP + 7 * CELL_HEIGHT
    height = grid_bottom + LEGEND_HEIGHT
    cells = "".join(_cell(day, hour, counts[day][hour], most, abbreviation) for day in range(7) for hour in range(24))
    label = f"participants free per hour of the reference week, in {zone_name}"
    return (
        f'<svg class="heat-map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" font-size="11" fill="{SOFT_INK}" data-zone="{escape(zone_name)}">'
        f"{_labels()}{cells}{_marks(meeting_cells(starts, zone_name), abbreviation)}"
        f"{_legend(most, grid_bottom + 14, zone_name)}</svg>"
    )
