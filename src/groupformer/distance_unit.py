"""The unit distances are shown in: radii and distances are kilometres everywhere inside
(`max_travel_km`), and a coordinator whose form asked in miles reads miles (`settings.distance_unit`).

Rounded to what a reader can use: a 10-mile radius entered as 16.0934 km reads "10 mi", not "16.093 km".
"""

from __future__ import annotations

KM_PER_MILE = 1.609344


def in_unit(km: float, unit: str) -> float:
    return km / KM_PER_MILE if unit == "mi" else km


def to_km(distance: float, unit: str) -> float:
    return round(distance * KM_PER_MILE, 3) if unit == "mi" else distance


def distance_figure(km: float, unit: str) -> str:
    """One decimal, without a trailing .0: 2.3, 10, 0."""
    return f"{in_unit(km, unit):.1f}".removesuffix(".0")


def distance_text(km: float, unit: str) -> str:
    return f"{distance_figure(km, unit)} {unit}"
