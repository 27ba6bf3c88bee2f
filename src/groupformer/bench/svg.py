"""Anytime curves as a hand-written SVG: objective against time, one line per configuration.

A few polylines, axes and a legend do not justify a plotting dependency. The objective only changes when
the search reports an improvement, so each curve is drawn as steps, held until the run's last point; a
run that reports once (a construction) is a single marker. The value axis spans the curves: a random
assignment far below them would squash them into one line, so a marker outside that range is pinned to
the edge as a triangle pointing towards its value, which the legend gives.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 760, 420
LEFT, RIGHT, TOP, BOTTOM = 90, 230, 40, 50
TICK_COUNT = 5
# Tableau 10: distinguishable, also in greyscale print.
COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")

Curve = list[tuple[float, float]]


def nice_ticks(low: float, high: float, count: int = TICK_COUNT) -> list[float]:
    """Round values (1, 2, 2.5 or 5 times a power of ten apart) covering [low, high] in about `count` steps."""
    raw_step = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(factor * magnitude for factor in (1, 2, 2.5, 5, 10) if factor * magnitude >= raw_step)
    first = math.ceil(low / step - 1e-9) * step
    return [first + index * step for index in range(int((high - first) / step + 1e-9) + 1)]


def tick_labels(ticks: list[float]) -> list[str]:
    """As few decimals as show every tick exactly (2.5 stays 2.5, 30,000 gets none)."""
    decimals = next(
        (
            places
            for places in range(7)
            if all(abs(round(tick, places) - tick) < 1e-9 * max(1.0, abs(tick)) for tick in ticks)
        ),
        6,
    )
    return [f"{tick:,.{decimals}f}" for tick in ticks]


def _value_range(curves: dict[str, Curve]) -> tuple[float, float]:
    traced = [value for curve in curves.values() if len(curve) > 1 for _, value in curve]
    values = traced or [value for curve in curves.values() for _, value in curve] or [0.0]
    low, high = min(values), max(values)
    margin = (high - low) * 0.05 or max(1.0, abs(high) * 0.01)
    return low - margin, high + margin


def _steps(curve: Curve) -> Curve:
    """Each value held until the next one: a horizontal then a vertical segment per improvement."""
    points = [curve[0]]
    for seconds, value in curve[1:]:
        points += [(seconds, points[-1][1]), (seconds, value)]
    return points


class _Frame:
    """Data coordinates to pixels inside the plotting area."""

    def __init__(self, seconds_max: float, value_range: tuple[float, float]):
        self.seconds_max = seconds_max
        self.low, self.high = value_range

    def x(self, seconds: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * seconds / self.seconds_max

    def y(self, value: float) -> float:
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value - self.low) / (self.high - self.low)

    def off_scale(self, value: float) -> bool:
        return not self.low <= value <= self.high


def anytime_plot(title: str, curves: dict[str, Curve], seconds_max: float) -> str:
    """An SVG document; `curves` maps a legend label to its (seconds, objective) points in time order."""
    drawn = {label: curve for label, curve in curves.items() if curve}
    seconds_max = max([seconds_max] + [seconds for curve in drawn.values() for seconds, _ in curve])
    frame = _Frame(seconds_max, _value_range(drawn))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="{TOP - 16}" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    parts += _axes(frame)
    for index, (label, curve) in enumerate(drawn.items()):
        parts += _curve(frame, curve, COLOURS[index % len(COLOURS)])
        parts += _legend_entry(index, label, curve[-1][1], frame.off_scale(curve[-1][1]), COLOURS[index % len(COLOURS)])
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _axes(frame: _Frame) -> list[str]:
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    parts = [
        f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="black"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="black"/>',
        f'<text x="{(LEFT + right) / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle">seconds</text>',
        f'<text x="16" y="{(TOP + bottom) / 2:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {(TOP + bottom) / 2:.1f})">objective</text>',
    ]
    seconds_ticks = nice_ticks(0.0, frame.seconds_max)
    for seconds, label in zip(seconds_ticks, tick_labels(seconds_ticks)):
        x = frame.x(seconds)
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="black"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{label}</text>')
    value_ticks = nice_ticks(frame.low, frame.high)
    for value, label in zip(value_ticks, tick_labels(value_ticks)):
        y = frame.y(value)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    return parts


def _curve(frame: _Frame, curve: Curve, colour: str) -> list[str]:
    if len(curve) == 1:
        return [_marker(frame, *curve[0], colour)]
    points = " ".join(f"{frame.x(seconds):.1f},{frame.y(value):.1f}" for seconds, value in _steps(curve))
    return [f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>']


def _marker(frame: _Frame, seconds: float, value: float, colour: str) -> str:
    x = frame.x(seconds)
    if not frame.off_scale(value):
        return f'<circle cx="{x:.1f}" cy="{frame.y(value):.1f}" r="4" fill="{colour}"/>'
    below = value < frame.low
    edge = HEIGHT - BOTTOM - 2 if below else TOP + 2
    tip, base = (edge, edge - 9) if below else (edge, edge + 9)
    return f'<polygon points="{x - 6:.1f},{base} {x + 6:.1f},{base} {x:.1f},{tip}" fill="{colour}"/>'


def _legend_entry(index: int, label: str, final_value: float, off_scale: bool, colour: str) -> list[str]:
    x, y = WIDTH - RIGHT + 16, TOP + 8 + 34 * index
    note = " (off scale)" if off_scale else ""
    return [
        f'<rect x="{x}" y="{y - 8}" width="14" height="4" fill="{colour}"/>',
        f'<text x="{x + 20}" y="{y - 2}">{escape(label)}</text>',
        f'<text x="{x + 20}" y="{y + 12}" fill="#555">final {final_value:,.3f}{note}</text>',
    ]
