"""In-person groups of a national programme meet in metros thousands of kilometres apart: on one map each
metro would shrink to a dot. So groups are gathered into regions (meeting places joined when they are
within REGION_KM of one another, a chain counting as one region) and each region gets its own small map
with its own scale, titled by the place most of its hosts give.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from groupformer.export.scatter_map import MapGroup
from groupformer.timegeo import haversine_km

REGION_KM = 150.0


@dataclass(frozen=True)
class Region:
    title: str
    groups: list[MapGroup]


def _root(parents: list[int], index: int) -> int:
    while parents[index] != index:
        parents[index] = parents[parents[index]]
        index = parents[index]
    return index


def _clusters(groups: list[MapGroup]) -> list[list[MapGroup]]:
    parents = list(range(len(groups)))
    for first, one in enumerate(groups):
        for second in range(first + 1, len(groups)):
            if haversine_km(*one.place, *groups[second].place) <= REGION_KM:
                parents[_root(parents, second)] = _root(parents, first)
    members: dict[int, list[MapGroup]] = {}
    for index, group in enumerate(groups):
        members.setdefault(_root(parents, index), []).append(group)
    return list(members.values())


def _title(groups: list[MapGroup], number: int) -> str:
    areas = Counter(group.area for group in groups if group.area)
    if not areas:
        return f"Region {number}"
    return min(areas, key=lambda area: (-areas[area], area))


def regions(groups: list[MapGroup]) -> list[Region]:
    """Largest region first; groups keep the solution's order within a region."""
    clusters = sorted(_clusters(groups), key=len, reverse=True)
    return [Region(_title(cluster, number), cluster) for number, cluster in enumerate(clusters, start=1)]
