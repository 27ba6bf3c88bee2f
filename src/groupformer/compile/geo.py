"""Great-circle distances and who can host whom for in-person meetings.

An in-person group meets at one member's place (the host). Member m can attend when the haversine
distance from m to the host is at most m's `max_travel_km`. Distances are computed a block of rows at a
time so that 10,000 participants never need a dense 10,000 × 10,000 float matrix in memory.
"""

from __future__ import annotations

import numpy as np

EARTH_RADIUS_KM = 6371.0088
BLOCK_ROWS = 512


def haversine_km(origin: np.ndarray, destinations: np.ndarray) -> np.ndarray:
    """Distances from each (lat, lon) row of `origin` to each row of `destinations`, in km."""
    lat1 = np.radians(origin[:, 0])[:, None]
    lon1 = np.radians(origin[:, 1])[:, None]
    lat2 = np.radians(destinations[:, 0])[None, :]
    lon2 = np.radians(destinations[:, 1])[None, :]
    half_chord = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))


def travel_relations(
    coordinates: np.ndarray, max_travel_km: np.ndarray, meets_in_person: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Two boolean matrices over participants who meet in person.

    `reach[m, h]`: h's place is within m's radius, so h can host a group m belongs to.
    `close[i, j]`: d(i, j) <= radius_i + radius_j, a necessary condition for i and j to reach any common
    place; the exact test (the host is a member) is made on whole groups.
    """
    count = len(coordinates)
    reach = np.zeros((count, count), dtype=bool)
    close = np.zeros((count, count), dtype=bool)
    for first in range(0, count, BLOCK_ROWS):
        rows = slice(first, min(first + BLOCK_ROWS, count))
        distances = haversine_km(coordinates[rows], coordinates)
        reach[rows] = distances <= max_travel_km[rows, None]
        close[rows] = distances <= max_travel_km[rows, None] + max_travel_km[None, :]
    both_in_person = meets_in_person[:, None] & meets_in_person[None, :]
    return reach & both_in_person, close & both_in_person
