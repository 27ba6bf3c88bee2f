"""Where the in-person groups of one region meet: members as dots, the meeting place as a diamond, one
colour per group, each group's id beside its meeting place.

No map tiles (the page must work offline and leak no addresses to a tile server): an equirectangular
projection of the points' own bounding box, with longitude shrunk by the cosine of the middle latitude
so distances look the same both ways, and a scale bar in the sign-ups' distance unit instead of a
background. Labels are laid out by `label_layout`, so none covers another or leaves the drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from groupformer.distance_unit import KM_PER_MILE
from groupformer.export.label_layout import (
    FONT_SIZE,
    Box,
    LabelRequest,
    PlacedLabel,
    label_size,
    place_labels,
    shortened,
)
from groupformer.export.palette import CARD, MAP_BACKGROUND, SOFT_INK
from groupformer.export.svg import element, number, titled

MARGIN = 36
KM_PER_DEGREE = 6371.0088 * math.pi / 180
SMALLEST_SPAN_DEGREES = 0.05
SCALE_BAR_LENGTHS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
SCALE_BAR_MIN_PX = 60
DIAMOND = 8.0


@dataclass(frozen=True)
class MapGroup:
    group_id: str
    colour: str
    place: tuple[float, float]
    place_label: str
    area: str | None
    members: list[tuple[float, float, str]]


@dataclass(frozen=True)
class Projection:
    """lat/lon -> SVG x/y, centred on the bounding box of every point, which fits inside the margins."""

    west: float
    north: float
    shrink: float
    pixels_per_degree: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = (lon - self.west) * self.shrink * self.pixels_per_degree
        y = (self.north - lat) * self.pixels_per_degree
        return x, y


def fit_projection(points: list[tuple[float, float]], width: float, height: float) -> Projection:
    lats, lons = [lat for lat, _ in points], [lon for _, lon in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * shrink, SMALLEST_SPAN_DEGREES)
    span_y = max(max(lats) - min(lats), SMALLEST_SPAN_DEGREES)
    pixels = min((width - 2 * MARGIN) / span_x, (height - 2 * MARGIN) / span_y)
    centre_x = (min(lons) + max(lons)) / 2
    centre_y = (min(lats) + max(lats)) / 2
    return Projection(
        west=centre_x - (width / 2) / (pixels * shrink),
        north=centre_y + (height / 2) / pixels,
        shrink=shrink,
        pixels_per_degree=pixels,
    )


def _diamond(x: float, y: float, size: float) -> str:
    return " ".join(
        f"{number(px)},{number(py)}" for px, py in ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    )


def _group_shapes(group: MapGroup, project: Projection) -> str:
    place_x, place_y = project(*group.place)
    spokes, dots = [], []
    for lat, lon, label in group.members:
        x, y = project(lat, lon)
        spokes.append(element("line", x1=place_x, y1=place_y, x2=x, y2=y, stroke=group.colour, stroke_opacity=0.45))
        dots.append(titled("circle", f"{label} ({group.group_id})", cx=x, cy=y, r=4.5, fill=group.colour))
    place = titled(
        "polygon",
        f"{group.group_id} meets at {group.place_label}",
        points=_diamond(place_x, place_y, DIAMOND),
        fill=group.colour,
        stroke=CARD,
        stroke_width=2,
    )
    return "".join(spokes + dots) + place


def _label(label: PlacedLabel, tooltip: str) -> str:
    """A backing box in the map's colour keeps the text readable over spokes and dots."""
    box = label.box
    leader = ""
    if label.leader:
        x, y = box.nearest(*label.anchor)
        leader = element("line", x1=label.anchor[0], y1=label.anchor[1], x2=x, y2=y, stroke=label.colour)
    backing = element(
        "rect", x=box.left, y=box.top, width=box.width, height=box.height, fill=MAP_BACKGROUND, fill_opacity=0.9
    )
    text = element(
        "text",
        label.text,
        class_="map-label",
        x=box.left,
        y=label.baseline,
        textLength=box.width,
        lengthAdjust="spacingAndGlyphs",
        fill=label.colour,
        font_weight="bold",
    )
    return leader + backing + text.removesuffix("</text>") + f"<title>{escape(tooltip)}</title></text>"


def _scale_bar(project: Projection, unit: str, height: float) -> tuple[str, Box, PlacedLabel]:
    """The bar, the box it takes, and its label."""
    pixels_per_unit = project.pixels_per_degree / KM_PER_DEGREE * (KM_PER_MILE if unit == "mi" else 1)
    length = next(
        (length for length in SCALE_BAR_LENGTHS if length * pixels_per_unit >= SCALE_BAR_MIN_PX),
        SCALE_BAR_LENGTHS[-1],
    )
    length_px = length * pixels_per_unit
    x, y = 16, height - 12
    bar = element(
        "path", d=f"M{x},{y - 5}V{y}H{number(x + length_px)}V{y - 5}", fill="none", stroke=SOFT_INK, stroke_width=1.5
    )
    text = f"{length} {unit}"
    text_width, text_height = label_size(text)
    box = Box(x + length_px / 2 - text_width / 2, y - 7 - text_height, text_width, text_height)
    return bar, Box(x - 2, y - 7, length_px + 4, 9), PlacedLabel(text, (x + length_px / 2, y), SOFT_INK, box)


def _label_requests(groups: list[MapGroup], project: Projection, width: float) -> list[LabelRequest]:
    return [LabelRequest(shortened(group.group_id, width / 3), project(*group.place), group.colour) for group in groups]


def scatter_map_svg(groups: list[MapGroup], unit: str, width: float, height: float, caption: str) -> str:
    points = [group.place for group in groups] + [(lat, lon) for group in groups for lat, lon, _ in group.members]
    project = fit_projection(points, width, height)
    bar, bar_box, scale_label = _scale_bar(project, unit, height)
    places = [project(*group.place) for group in groups]
    keep_clear = [scale_label.box, bar_box]
    keep_clear += [Box(x - DIAMOND, y - DIAMOND, 2 * DIAMOND, 2 * DIAMOND) for x, y in places]
    dots = [project(lat, lon) for group in groups for lat, lon, _ in group.members]
    labels, full_height = place_labels(_label_requests(groups, project, width), width, height, keep_clear, dots)
    shapes = "".join(_group_shapes(group, project) for group in groups)
    texts = "".join(
        _label(label, f"{group.group_id} meets at {group.place_label}") for label, group in zip(labels, groups)
    )
    return (
        f'<svg class="scatter-map" viewBox="0 0 {number(width)} {number(full_height)}" role="img" '
        f'aria-label="{escape(caption)}" font-size="{number(FONT_SIZE)}" fill="{SOFT_INK}">'
        f'<rect width="{number(width)}" height="{number(full_height)}" fill="{MAP_BACKGROUND}"/>'
        f"{shapes}{bar}{texts}{_label(scale_label, f'scale: {scale_label.text}')}</svg>"
    )
