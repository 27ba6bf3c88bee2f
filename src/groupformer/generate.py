"""Synthetic sign-up files that look like real therapist sign-ups, for tests and benchmarks.

Benchmarks only say something if the instances resemble the real thing: people cluster in a few
metros and time zones, keep clinician hours (lunch, early morning, evening), and most conflicts of
interest are local. Every random draw comes from one `random.Random(seed)` so that a (n, seed) pair
names the same instance on every machine.
"""

from __future__ import annotations

import math
import random

from groupformer.contract import DAYS, INPUT_FORMAT
from groupformer.generate_population import (
    CREDENTIALS,
    DAY_WEIGHTS,
    FIRST_NAMES,
    FOCUS_AREAS,
    FREQUENCY_CHOICES,
    IN_PERSON_ONLY_MIN_WEIGHT,
    LAST_NAMES,
    METROS,
    SHAPES,
    SHORT_WINDOWS,
    SPECIALTIES,
    SPECIALTY_COUNTS,
    STYLE_CHOICES,
    TRAVEL_KM,
    WEEKDAYS,
    Metro,
    Shape,
)

DAY_ORDER = {day: index for index, day in enumerate(DAYS)}

KM_PER_DEGREE = 111.32


def generate_signups(
    n: int, seed: int, *, group_size_min: int = 3, group_size_max: int = 6, shape: str = "national"
) -> dict:
    """A JSON-ready sign-up file (io-v1) of n therapists; the same (n, seed, shape) always gives the same file."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, got {shape!r}")
    if n <= 0:
        raise ValueError(f"n must be at least 1, got {n}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    if not 2 <= group_size_min <= group_size_max:
        raise ValueError(f"group sizes need 2 <= min <= max, got min {group_size_min}, max {group_size_max}")
    rng = random.Random(seed)
    ids = [f"t{number:0{len(str(n))}d}" for number in range(1, n + 1)]
    drawn_from = [(metro, metro.weight) for metro in METROS if metro.label in SHAPES[shape].metros]
    metros = [_weighted(rng, drawn_from) for _ in ids]
    email_counts: dict[str, int] = {}
    participants = [
        _participant(rng, pid, metro, SHAPES[shape], email_counts, group_size_min, group_size_max)
        for pid, metro in zip(ids, metros)
    ]
    _add_relations(rng, participants, metros)
    return {
        "format": INPUT_FORMAT,
        "settings": {
            "group_size": {"min": group_size_min, "max": group_size_max},
            "meeting_minutes": 90,
            "time_limit_s": 30,
            "seed": 0,
        },
        "participants": participants,
    }


def _weighted(rng: random.Random, options):
    values, weights = zip(*options)
    return rng.choices(values, weights)[0]


def _weighted_sample(rng: random.Random, options, count: int) -> list:
    """Distinct picks that still follow the popularity skew (random.sample ignores weights)."""
    picked: list = []
    while len(picked) < count:
        value = _weighted(rng, options)
        if value not in picked:
            picked.append(value)
    return picked


def _participant(
    rng: random.Random,
    pid: str,
    metro: Metro,
    shape: Shape,
    email_counts: dict[str, int],
    size_min: int,
    size_max: int,
) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    experience = min(40, 1 + int(rng.gammavariate(2.0, 6.0)))
    modality = _modality(rng, metro, shape.modality_choices)
    person = {
        "id": pid,
        "name": f"{first} {last}",
        "email": _unique_email(first, last, email_counts),
        "timezone": metro.timezone,
        "availability": _availability(rng, shape.window_kinds, shape.window_counts),
        "modality": modality,
    }
    if "in_person" in modality:
        person["location"] = _scattered_location(rng, metro)
        person["max_travel_km"] = _weighted(rng, TRAVEL_KM)
    person["focus"] = _focus(rng)
    person["specialties"] = _weighted_sample(rng, SPECIALTIES, _weighted(rng, SPECIALTY_COUNTS))
    person["style"] = list(_weighted(rng, STYLE_CHOICES))
    person["frequency"] = list(_weighted(rng, FREQUENCY_CHOICES))
    if rng.random() < 0.5:
        person["preferred_size"] = _preferred_size(rng, size_min, size_max)
    person["tags"] = _tags(rng, experience)
    avoids_faith = "faith_based" not in person["tags"] and rng.random() < 0.05
    person["avoid_tags"] = ["faith_based"] if avoids_faith else []
    person["avoid"], person["prefer"] = [], []  # filled by _add_relations once everyone exists
    person["credential"] = _weighted(rng, CREDENTIALS)
    person["experience_years"] = experience
    return person


def _modality(rng: random.Random, metro: Metro, choices: tuple) -> list[str]:
    """Where few colleagues live nearby, insisting on in-person meetings would leave one alone."""
    modality = list(_weighted(rng, choices))
    if modality == ["in_person"] and metro.weight < IN_PERSON_ONLY_MIN_WEIGHT:
        return ["in_person", "remote"]
    return modality


def _unique_email(first: str, last: str, email_counts: dict[str, int]) -> str:
    """Namesakes are common in big files; a counter keeps their addresses apart."""
    local = f"{first}.{last}".lower().replace("'", "")
    email_counts[local] = email_counts.get(local, 0) + 1
    suffix = "" if email_counts[local] == 1 else str(email_counts[local])
    return f"{local}{suffix}@example.org"


def _availability(rng: random.Random, window_kinds: tuple, window_counts: tuple) -> list[dict]:
    """A habitual slot kept on several days (say, lunch Tue to Thu), topped up with one-off windows."""
    count = _weighted(rng, window_counts)
    days, spans = _window_kind(rng, window_kinds)
    habit = _weighted(rng, spans)
    habit_days = _weighted_sample(rng, _day_weights(days), min(len(days), rng.randint(1, count)))
    windows = {(day, *habit) for day in habit_days}
    while len(windows) < count:
        days, spans = (WEEKDAYS, SHORT_WINDOWS) if rng.random() < 0.15 else _window_kind(rng, window_kinds)
        windows.add((_weighted(rng, _day_weights(days)), *_weighted(rng, spans)))
    ordered = sorted(windows, key=lambda window: (DAY_ORDER[window[0]], window[1], window[2]))
    return [{"day": day, "start": start, "end": end} for day, start, end in ordered]


def _window_kind(rng: random.Random, window_kinds: tuple) -> tuple:
    return _weighted(rng, [((days, spans), weight) for weight, days, spans in window_kinds])


def _day_weights(days: tuple[str, ...]) -> list[tuple[str, int]]:
    return [(day, DAY_WEIGHTS[day]) for day in days]


def _scattered_location(rng: random.Random, metro: Metro) -> dict:
    """Practices spread over the metro area, denser near the centre, rarely beyond ~40 km."""
    distance_km = min(40.0, max(1.5, rng.gammavariate(2.0, 5.0)))
    bearing = rng.uniform(0.0, 2.0 * math.pi)
    lat = metro.lat + distance_km * math.cos(bearing) / KM_PER_DEGREE
    lon = metro.lon + distance_km * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(metro.lat)))
    return {"lat": round(lat, 5), "lon": round(lon, 5), "label": metro.label}


def _focus(rng: random.Random) -> list[str]:
    if rng.random() < 0.4:
        return []
    return _weighted_sample(rng, FOCUS_AREAS, _weighted(rng, ((1, 30), (2, 40), (3, 30))))


def _preferred_size(rng: random.Random, size_min: int, size_max: int) -> dict:
    """Two adjacent sizes or a one-sided wish, inside the allowed range and never trivially met."""
    low = rng.randint(size_min, max(size_min, size_max - 1))
    high = min(low + 1, size_max)
    return rng.choice(({"min": low, "max": high}, {"min": high}, {"max": low}))


def _tags(rng: random.Random, experience: int) -> list[str]:
    tags = ["faith_based"] if rng.random() < 0.1 else []
    if experience <= 3 and rng.random() < 0.8:
        tags.append("early_career")
    if experience >= 15 and rng.random() < 0.3:
        tags.append("supervisor")
    return tags


def _add_relations(rng: random.Random, participants: list[dict], metros: list[Metro]) -> None:
    """Conflicts and wishes are mostly local: shared clients, practice partners, colleagues one knows."""
    locals_by_metro: dict[str, list[int]] = {}
    for index, metro in enumerate(metros):
        locals_by_metro.setdefault(metro.label, []).append(index)
    n = len(participants)
    for index, person in enumerate(participants):
        local = locals_by_metro[metros[index].label]
        avoid = _others(rng, index, local, n, rng.randint(1, 2), set()) if rng.random() < 0.08 else []
        prefer = _others(rng, index, local, n, rng.randint(1, 3), set(avoid)) if rng.random() < 0.25 else []
        person["avoid"] = [participants[other]["id"] for other in avoid]
        person["prefer"] = [participants[other]["id"] for other in prefer]


def _others(rng: random.Random, index: int, local: list[int], n: int, count: int, excluded: set[int]) -> list[int]:
    """Up to `count` distinct other people, 85% from the same metro; fewer when too few exist."""
    chosen: list[int] = []
    for _ in range(4 * count):
        other = rng.choice(local) if rng.random() < 0.85 else rng.randrange(n)
        if other != index and other not in excluded and other not in chosen:
            chosen.append(other)
        if len(chosen) == count:
            break
    return chosen
