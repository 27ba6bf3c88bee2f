"""UTC instants, local clock readings and great-circle distances: plain conversions with no rule in them.

The judge, the exports and the explanations all read the contract's UTC meeting starts and coordinates;
one shared copy keeps them agreeing on what a start or a distance is, while every judgement (is a member
free, is a place too far) stays with whoever makes it. Nothing here imports from groupformer, so the
judge can use it and stay independent of the solver.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

EARTH_RADIUS_KM = 6371.0088
MINUTES_PER_DAY = 24 * 60
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@lru_cache(maxsize=4096)
def parse_utc(text: str) -> datetime | None:
    """None rather than an error, so a judge can report a malformed start as one problem among others;
    remembered, since a solution's groups share a few hundred starts (strptime is 40 µs a call)."""
    try:
        return datetime.strptime(text, UTC_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    """ZoneInfo keeps only its last few zones for sure; reading a zone's file again is 0.3 ms."""
    return ZoneInfo(name)


def local_start(instant: datetime, zone_name: str) -> tuple[int, float]:
    """Weekday and minute of the day; the offset in force at that instant, so summer and winter hours both hold."""
    local = instant.astimezone(_zone(zone_name))
    return local.weekday(), local.hour * 60 + local.minute + local.second / 60


def clock(minute: float) -> str:
    return f"{int(minute) // 60:02d}:{int(minute) % 60:02d}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, half_chord)))
