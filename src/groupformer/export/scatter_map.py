"""Where the in-person groups meet: members as dots, the meeting place as a diamond, one colour per group.

No map tiles (the page must work offline and leak no addresses to a tile server): an equirectangular
projection of the points' own bounding box, with longitude shrunk by the cosine of the middle latitude
so distances look the same both ways, and a scale bar in kilometres instead of a background.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from groupformer.export.svg import element, number, titled

WIDTH, HEIGHT, MARGIN = 640, 400, 36
KM_PER_DEGREE = 6371.0088 * math.pi / 180
SMALLEST_SPAN_DEGREES = 0.05
SCALE_BAR_LENGTHS_KM = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


@dataclass(frozen=True)
class MapGroup:
    group_id: str
    colour: str
    place: tuple[float, float]
    place_label: str
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


def fit_projection(points: list[tuple[float, float]]) -> Projection:
    lats, lons = [lat for lat, _ in points], [lon for _, lon in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * shrink, SMALLEST_SPAN_DEGREES)
    span_y = max(max(lats) - min(lats), SMALLEST_SPAN_DEGREES)
    pixels = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    centre_x = (min(lons) + max(lons)) / 2
    centre_y = (min(lats) + max(lats)) / 2
    return Projection(
        west=centre_x - (WIDTH / 2) / (pixels * shrink),
        north=centre_y + (HEIGHT / 2) / pixels,
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
        points=_diamond(place_x, place_y, 8.0),
        fill=group.colour,
        stroke="#ffffff",
        stroke_width=2,
    )
    label = element("text", group.group_id, x=place_x + 11, y=place_y - 7, fill=group.colour, font_weight="bold")
    return "".join(spokes + dots) + place + label


def _scale_bar(project: Projection) -> str:
    pixels_per_km = project.pixels_per_degree / KM_PER_DEGREE
    length_km = next(
        (length for length in SCALE_BAR_LENGTHS_KM if length * pixels_per_km >= 60), SCALE_BAR_LENGTHS_KM[-1]
    )
    length_px = length_km * pixels_per_km
    x, y = 16, HEIGHT - 16
    return element(
        "path", d=f"M{x},{y - 5}V{y}H{number(x + length_px)}V{y - 5}", fill="none", stroke="#374151", stroke_width=1.5
    ) + element("text", f"{length_km} km", x=x + length_px / 2, y=y - 8, text_anchor="middle")


def scatter_map_svg(groups: list[MapGroup]) -> str:
    points = [group.place for group in groups] + [(lat, lon) for group in groups for lat, lon, _ in group.members]
    project = fit_projection(points)
    shapes = "".join(_group_shapes(group, project) for group in groups)
    return (
        f'<svg class="scatter-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="members and meeting places of the in-person groups" font-size="12" fill="#374151">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f8fafc"/>{shapes}{_scale_bar(project)}</svg>'
    )
