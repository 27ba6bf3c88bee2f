"""Map labels that never cover one another and never run off the drawing.

Each label tries positions around its point, nearest first and then on wider rings (a leader line joins
it to its point once it sits apart); a position counts only when its whole box lies inside the drawing
and clear of every label placed before and of the boxes kept clear (meeting places, the scale bar).
Among the first ring with a free position, the one covering the fewest other points wins. A label with
no free position anywhere goes to a strip added below the map, still joined to its point.

The width a label takes is fixed when it is drawn (`textLength`), so the box reserved here is the box
the browser draws whatever font it picks; the height reserved covers the ascent and descent of common
sans-serif fonts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FONT_SIZE = 12.0
CHARACTER_WIDTH_EM = 0.64
HEIGHT_EM = 1.45
BASELINE_EM = 1.08
GAP = 3.0
EDGE = 4.0
LEADER_FROM = 9.0
RINGS = (4.0, 9.0, 16.0, 26.0, 38.0, 52.0, 70.0, 92.0, 118.0, 150.0, 190.0)
DIRECTIONS = tuple(math.radians(degrees) for degrees in (-45, 0, 45, -90, 90, -135, 180, 135))


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.right + gap <= other.left
            or other.right + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )

    def inside(self, width: float, height: float) -> bool:
        return self.left >= EDGE and self.top >= EDGE and self.right <= width - EDGE and self.bottom <= height - EDGE

    def covers(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    def nearest(self, x: float, y: float) -> tuple[float, float]:
        return min(max(x, self.left), self.right), min(max(y, self.top), self.bottom)


@dataclass(frozen=True)
class LabelRequest:
    text: str
    anchor: tuple[float, float]
    colour: str


@dataclass(frozen=True)
class PlacedLabel:
    text: str
    anchor: tuple[float, float]
    colour: str
    box: Box

    @property
    def leader(self) -> bool:
        x, y = self.box.nearest(*self.anchor)
        return math.dist((x, y), self.anchor) > LEADER_FROM

    @property
    def baseline(self) -> float:
        return self.box.top + BASELINE_EM * FONT_SIZE


def shortened(text: str, room: float) -> str:
    """Cut with an ellipsis to fit a width (a long group id on a small map); the tooltip keeps it whole."""
    fitting = max(int(room / (CHARACTER_WIDTH_EM * FONT_SIZE)), 2)
    return text if len(text) <= fitting else text[: fitting - 1] + "…"


def label_size(text: str) -> tuple[float, float]:
    return max(len(text), 1) * CHARACTER_WIDTH_EM * FONT_SIZE, HEIGHT_EM * FONT_SIZE


def _candidates(anchor: tuple[float, float], size: tuple[float, float], ring: float) -> list[Box]:
    """Boxes whose nearest edge is `ring` away from the anchor, one per direction."""
    width, height = size
    boxes = []
    for angle in DIRECTIONS:
        dx, dy = math.cos(angle), math.sin(angle)
        centre_x = anchor[0] + dx * (ring + width / 2)
        centre_y = anchor[1] + dy * (ring + height / 2)
        boxes.append(Box(centre_x - width / 2, centre_y - height / 2, width, height))
    return boxes


def _free_position(
    request: LabelRequest, taken: list[Box], points: list[tuple[float, float]], width: float, height: float
) -> Box | None:
    size = label_size(request.text)
    for ring in RINGS:
        free = [
            box
            for box in _candidates(request.anchor, size, ring)
            if box.inside(width, height) and not any(box.overlaps(other, GAP) for other in taken)
        ]
        if free:
            return min(free, key=lambda box: sum(box.covers(x, y) for x, y in points))
    return None


def _strip_position(size: tuple[float, float], strip: list[Box], top: float, width: float) -> Box:
    """The next place in the rows below the map, left to right."""
    label_width, label_height = size
    if not strip:
        return Box(EDGE, top, label_width, label_height)
    last = strip[-1]
    if last.right + GAP + label_width <= width - EDGE:
        return Box(last.right + GAP, last.top, label_width, label_height)
    return Box(EDGE, last.bottom + GAP, label_width, label_height)


def place_labels(
    requests: list[LabelRequest],
    width: float,
    height: float,
    keep_clear: list[Box],
    points: list[tuple[float, float]],
) -> tuple[list[PlacedLabel], float]:
    """The labels, and the drawing's height: grown when a label had to go to the strip below."""
    taken = list(keep_clear)
    placed, strip = [], []
    for request in requests:
        box = _free_position(request, taken, points, width, height)
        if box is None:
            box = _strip_position(label_size(request.text), strip, height, width)
            strip.append(box)
        taken.append(box)
        placed.append(PlacedLabel(request.text, request.anchor, request.colour, box))
    grown = max([height] + [box.bottom + EDGE for box in strip])
    return placed, grown
