"""The week at a glance: 7 days by 24 UTC hours, each shaded by how many participants are free all hour,
with the chosen meeting starts outlined, so a coordinator sees where the groups sit and what is left."""

from __future__ import annotations

from datetime import datetime

from groupformer.export.svg import element, titled

CELL_WIDTH, CELL_HEIGHT = 24, 21
LEFT, TOP = 44, 22
LEGEND_HEIGHT = 62
DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EMPTY = "#f1f3f5"
LIGHT, DARK = (222, 235, 247), (8, 69, 148)
MARK = "#e0115f"


def shade(count: int, most: int) -> str:
    if count == 0:
        return EMPTY
    share = count / most
    red, green, blue = (round(light + (dark - light) * share) for light, dark in zip(LIGHT, DARK))
    return f"#{red:02x}{green:02x}{blue:02x}"


def meeting_cells(starts: dict[str, datetime]) -> dict[tuple[int, int], list[str]]:
    """(day, hour) of each group's UTC start -> the groups starting in that hour."""
    cells: dict[tuple[int, int], list[str]] = {}
    for group_id, start in starts.items():
        cells.setdefault((start.weekday(), start.hour), []).append(group_id)
    return cells


def _cell(day: int, hour: int, count: int, most: int) -> str:
    x, y = LEFT + hour * CELL_WIDTH, TOP + day * CELL_HEIGHT
    tooltip = f"{DAY_LABELS[day]} {hour:02d}:00 UTC: {count} free"
    parts = [titled("rect", tooltip, x=x, y=y, width=CELL_WIDTH - 1, height=CELL_HEIGHT - 1, fill=shade(count, most))]
    if count:
        ink = "#ffffff" if count / most > 0.55 else "#1f2937"
        parts.append(
            element("text", str(count), x=x + CELL_WIDTH / 2, y=y + 14.5, fill=ink, text_anchor="middle", font_size=10)
        )
    return "".join(parts)


def _marks(cells: dict[tuple[int, int], list[str]]) -> str:
    return "".join(
        titled(
            "rect",
            f"{DAY_LABELS[day]} {hour:02d}:xx UTC: {', '.join(groups)} start",
            x=LEFT + hour * CELL_WIDTH + 1,
            y=TOP + day * CELL_HEIGHT + 1,
            width=CELL_WIDTH - 3,
            height=CELL_HEIGHT - 3,
            fill="none",
            stroke=MARK,
            stroke_width=2.5,
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


def _legend(most: int, top: int) -> str:
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
            element("text", "participants free the whole hour", x=LEFT + 172, y=top + 11),
            element("rect", x=LEFT, y=top + 34, width=22, height=14, fill="none", stroke=MARK, stroke_width=2.5),
            element("text", "a group's meeting starts in this hour", x=LEFT + 32, y=top + 45),
        ]
    )


def heat_map_svg(counts: list[list[int]], starts: dict[str, datetime]) -> str:
    most = max(max(row) for row in counts) or 1
    width = LEFT + 24 * CELL_WIDTH + 8
    grid_bottom = TOP + 7 * CELL_HEIGHT
    height = grid_bottom + LEGEND_HEIGHT
    cells = "".join(_cell(day, hour, counts[day][hour], most) for day in range(7) for hour in range(24))
    return (
        f'<svg class="heat-map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="participants free per UTC hour of the reference week" font-size="11" fill="#374151">'
        f"{_labels()}{cells}{_marks(meeting_cells(starts))}{_legend(most, grid_bottom + 14)}</svg>"
    )
