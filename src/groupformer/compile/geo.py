"""Great-circle distances and who can host whom for in-person meetings.

An in-person group meets at one member's place (the host). Member m can attend when the haversine
distance from m to the host is at most m's `max_travel_km`.

Comparing everyone with everyone costs n² trigonometric evaluations (20 s at 20,000 people), and nearly
all of those pairs live on different continents. So people are sorted into compact blocks, each block
is compared only with those inside its bounding box widened by the longest possible radius, and a pair
is decided on the squared chord between unit vectors (no trigonometry per pair) against per-person
thresholds; only pairs within a hair of a threshold are settled by the haversine itself, so the answer
is the haversine's. Results are bitsets, a block of rows at a time (so that compiling can stop between
blocks), never an n × n matrix.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class GeoSettings:
    # pairs compared at once (rows × nearby people): each float temporary of a block stays near 32 MB
    block_pairs: int = 4_000_000
    # fewest rows per block, so that everyone near everyone (one metro area) still takes few blocks
    min_block_rows: int = 16
    # sorting cell in degrees: people of one metro area fall into one or two cells, so blocks stay compact
    cell_degrees: float = 1.0
    # relative band around a threshold in which the chord test defers to the haversine (float error is 1e-12)
    relative_margin: float = 1e-9
    # absolute band, in squared chord, for radii of zero and people at the same place
    absolute_margin: float = 1e-24


SETTINGS = GeoSettings()


def haversine_km(origin: np.ndarray, destinations: np.ndarray) -> np.ndarray:
    """Distances from each (lat, lon) row of `origin` to each row of `destinations`, in km."""
    lat1 = np.radians(origin[:, 0])[:, None]
    lon1 = np.radians(origin[:, 1])[:, None]
    lat2 = np.radians(destinations[:, 0])[None, :]
    lon2 = np.radians(destinations[:, 1])[None, :]
    half_chord = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))


def _unit_vectors(coordinates: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(coordinates[:, 0]), np.radians(coordinates[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _half_angles(radii_km: np.ndarray) -> np.ndarray:
    """Half the central angle of each radius, capped where it already covers the whole globe."""
    return np.minimum(radii_km / (2 * EARTH_RADIUS_KM), np.pi / 2)


def _squared_chords(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Differences, not dot products: exact zero for the same place and no cancellation for near ones."""
    return sum((first[:, None, axis] - second[None, :, axis]) ** 2 for axis in range(3))


@dataclass(frozen=True)
class _People:
    """The in-person people in a spatial order (by cell row of latitude, then cell, then longitude), with
    what the chord tests need of each."""

    index: np.ndarray
    coordinates: np.ndarray
    units: np.ndarray
    radii: np.ndarray
    half: np.ndarray
    cells: np.ndarray

    @classmethod
    def sorted_from(cls, coordinates: np.ndarray, max_travel_km: np.ndarray, meets_in_person: np.ndarray):
        index = np.flatnonzero(meets_in_person)
        cells = np.floor(coordinates[index] / SETTINGS.cell_degrees).astype(np.int64)
        order = np.lexsort((coordinates[index, 1], cells[:, 1], cells[:, 0]))
        index, cells = index[order], cells[order]
        radii = max_travel_km[index]
        units = _unit_vectors(coordinates[index])
        return cls(index, coordinates[index], units, radii, _half_angles(radii), cells)

    def blocks(self, most_rows: int) -> Iterator[slice]:
        """Runs of people in one cell, at most `most_rows` long, so each block's bounding box stays small."""
        changes = np.flatnonzero(np.any(np.diff(self.cells, axis=0) != 0, axis=1)) + 1
        edges = [0, *changes.tolist(), len(self.index)]
        for start, stop in itertools.pairwise(edges):
            for first in range(start, stop, most_rows):
                yield slice(first, min(first + most_rows, stop))

    def nearby(self, rows: slice) -> np.ndarray:
        """Positions of everyone who might be within reach of a row of the block: in the cell rows of
        latitude the widest pair of radii can span (a distance is at least R × the latitude gap), then
        inside the block's bounding box widened by that chord (a chord is at least each coordinate's gap)."""
        widest = min(np.pi / 2, self.half[rows].max() + self.half.max())
        chord = 2 * np.sin(widest) * (1 + SETTINGS.relative_margin) + SETTINGS.absolute_margin
        spread = np.degrees(2 * widest) + SETTINGS.cell_degrees
        latitudes = self.coordinates[rows, 0]
        low_cell, high_cell = np.floor(
            np.array([latitudes.min() - spread, latitudes.max() + spread]) / SETTINGS.cell_degrees
        )
        band = slice(*np.searchsorted(self.cells[:, 0], (low_cell, high_cell + 1)))
        units = self.units[band]
        inside = np.all(
            (units >= self.units[rows].min(axis=0) - chord) & (units <= self.units[rows].max(axis=0) + chord), axis=1
        )
        return band.start + np.flatnonzero(inside)


def _pair_distances_km(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """`haversine_km` of row k of `first` and row k of `second`, for each k."""
    lat1, lon1 = np.radians(first[:, 0]), np.radians(first[:, 1])
    lat2, lon2 = np.radians(second[:, 0]), np.radians(second[:, 1])
    half_chord = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))


def _within(chords: np.ndarray, limits: np.ndarray, exact: Callable[[np.ndarray, np.ndarray], np.ndarray]):
    """chords <= limits, a pair too near its limit for the chord test decided by `exact(rows, columns)`."""
    inside = chords <= limits
    unsure = np.nonzero(np.abs(chords - limits) <= limits * SETTINGS.relative_margin + SETTINGS.absolute_margin)
    if len(unsure[0]):
        inside[unsure] = exact(*unsure)
    return inside


def _sum_limits(people: _People, rows: slice, columns: np.ndarray) -> np.ndarray:
    """4 sin²((a + b) / 2R) per pair, the squared chord of the two radii end to end, by the sum formula
    (no trigonometry per pair); at half a great circle or more the pair is always close."""
    sine, cosine = np.sin(people.half), np.cos(people.half)
    pair_sine = sine[rows, None] * cosine[None, columns] + cosine[rows, None] * sine[None, columns]
    limits = 4 * pair_sine**2
    if 2 * people.half.max() >= np.pi / 2:
        limits[people.half[rows, None] + people.half[None, columns] >= np.pi / 2] = 4.0
    return limits


def _block_relations(people: _People, rows: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(positions near the block, reach, close): reach[r, c] when c is within row r's radius, close[r, c]
    when within both radii end to end."""
    columns = people.nearby(rows)
    chords = _squared_chords(people.units[rows], people.units[columns])
    here, there = people.coordinates[rows], people.coordinates[columns]
    radii, other_radii = people.radii[rows], people.radii[columns]

    def reached(row: np.ndarray, column: np.ndarray) -> np.ndarray:
        return _pair_distances_km(here[row], there[column]) <= radii[row]

    def near(row: np.ndarray, column: np.ndarray) -> np.ndarray:
        return _pair_distances_km(here[row], there[column]) <= radii[row] + other_radii[column]

    reach = _within(chords, (4 * np.sin(people.half[rows]) ** 2)[:, None], reached)
    close = _within(chords, _sum_limits(people, rows, columns), near)
    return columns, reach, close


def _as_bits(people: _People, columns: np.ndarray, relation: np.ndarray, count: int) -> list[int]:
    rows = np.zeros((len(relation), count), dtype=bool)
    rows[:, people.index[columns]] = relation
    packed = np.packbits(rows, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


def travel_blocks(
    coordinates: np.ndarray, max_travel_km: np.ndarray, meets_in_person: np.ndarray
) -> Iterator[tuple[list[int], list[int], list[int]]]:
    """Among those who meet in person, a block of people at a time: (the people, `reach`, `close`), as
    bitsets over participants. `reach` of m holds each h whose place is within m's radius (h can host a
    group m belongs to); `close` of i each j with d(i, j) <= radius_i + radius_j, necessary for i and j to
    reach a common place (the exact test, a member hosting, is made on whole groups)."""
    count = len(coordinates)
    people = _People.sorted_from(coordinates, max_travel_km, meets_in_person)
    step = max(SETTINGS.min_block_rows, SETTINGS.block_pairs // max(1, len(people.index)))
    for rows in people.blocks(step):
        columns, reach, close = _block_relations(people, rows)
        yield (
            people.index[rows].tolist(),
            _as_bits(people, columns, reach, count),
            _as_bits(people, columns, close, count),
        )
