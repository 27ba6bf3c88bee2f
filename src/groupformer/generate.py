"""Synthetic sign-up files that look like real therapist sign-ups, for tests and benchmarks.

Benchmarks only say something if the instances resemble the real thing: people cluster in a few
metros and time zones, keep clinician hours (lunch, early morning, evening), and most conflicts of
interest are local. Every random draw comes from one `random.Random(seed)` so that a (n, seed) pair
names the same instance on every machine.
"""

from __future__ import annotations

import math
import random
from typing import NamedTuple

from groupformer.contract import DAYS, INPUT_FORMAT


class Metro(NamedTuple):
    label: str
    lat: float
    lon: float
    timezone: str
    weight: float


# Weighted towards big US metros, where most private-practice sign-ups come from; the rest spread the
# time zones widely (southern-hemisphere summer time, +5:30, +5:45, Phoenix without daylight saving).
METROS = (
    Metro("New York, NY", 40.7128, -74.0060, "America/New_York", 32),
    Metro("Los Angeles, CA", 34.0522, -118.2437, "America/Los_Angeles", 17),
    Metro("Chicago, IL", 41.8781, -87.6298, "America/Chicago", 15),
    Metro("Boston, MA", 42.3601, -71.0589, "America/New_York", 7),
    Metro("Washington, DC", 38.9072, -77.0369, "America/New_York", 5),
    Metro("Seattle, WA", 47.6062, -122.3321, "America/Los_Angeles", 5),
    Metro("Denver, CO", 39.7392, -104.9903, "America/Denver", 4),
    Metro("Phoenix, AZ", 33.4484, -112.0740, "America/Phoenix", 3),
    Metro("Toronto, ON", 43.6532, -79.3832, "America/Toronto", 5),
    Metro("London, England", 51.5074, -0.1278, "Europe/London", 5),
    Metro("Berlin, Berlin", 52.5200, 13.4050, "Europe/Berlin", 2),
    Metro("Madrid, Community of Madrid", 40.4168, -3.7038, "Europe/Madrid", 2),
    Metro("Sydney, NSW", -33.8688, 151.2093, "Australia/Sydney", 3),
    Metro("Auckland, Auckland", -36.8485, 174.7633, "Pacific/Auckland", 1),
    Metro("São Paulo, SP", -23.5505, -46.6333, "America/Sao_Paulo", 2),
    Metro("Johannesburg, Gauteng", -26.2041, 28.0473, "Africa/Johannesburg", 1),
    Metro("Mumbai, Maharashtra", 19.0760, 72.8777, "Asia/Kolkata", 2),
    Metro("Kathmandu, Bagmati", 27.7172, 85.3240, "Asia/Kathmandu", 1),
)

FOCUS_AREAS = (
    ("anxiety and depression", 30),
    ("trauma", 25),
    ("couples", 12),
    ("children and adolescents", 9),
    ("addiction", 6),
    ("grief", 5),
    ("LGBTQ+ affirmative", 5),
    ("eating disorders", 3),
    ("personality disorders", 3),
    ("perinatal", 2),
)

SPECIALTIES = (
    ("CBT", 30),
    ("psychodynamic", 16),
    ("DBT", 12),
    ("EMDR", 12),
    ("ACT", 10),
    ("person-centred", 9),
    ("family systems", 8),
    ("IFS", 8),
    ("motivational interviewing", 7),
    ("Gottman method", 5),
    ("schema therapy", 4),
    ("narrative therapy", 4),
    ("somatic experiencing", 4),
    ("play therapy", 3),
    ("art therapy", 2),
)

SPECIALTY_COUNTS = ((1, 25), (2, 40), (3, 25), (4, 10))

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# (weight, days, ((local window, weight), ...)): clinicians meet around their client hours, and most
# copy the slots their colleagues use. A few keep a half-day for admin and would meet then.
WINDOW_KINDS = (
    (
        40,
        WEEKDAYS,
        (
            (("12:00", "13:30"), 35),
            (("12:00", "14:00"), 30),
            (("11:30", "13:30"), 12),
            (("11:30", "14:00"), 15),
            (("12:30", "14:00"), 8),
        ),
    ),
    (15, WEEKDAYS, ((("07:30", "09:00"), 35), (("07:00", "09:00"), 30), (("08:00", "09:30"), 20))),
    (
        30,
        WEEKDAYS,
        (
            (("17:30", "19:00"), 25),
            (("17:00", "19:00"), 20),
            (("17:30", "20:00"), 15),
            (("17:00", "20:00"), 15),
            (("18:00", "20:00"), 15),
            (("18:30", "20:00"), 10),
        ),
    ),
    (5, ("fri",), ((("13:00", "16:00"), 40), (("14:00", "17:00"), 40), (("15:00", "16:30"), 20))),
    (8, WEEKDAYS, ((("09:00", "12:00"), 40), (("13:00", "17:00"), 30), (("14:00", "18:00"), 30))),
    (5, ("sat", "sun"), ((("09:00", "11:00"), 40), (("10:00", "12:00"), 40), (("16:00", "18:00"), 20))),
)
# Real sign-ups offer some gaps too short for a meeting; the solver has to cope with unusable windows.
SHORT_WINDOWS = ((("12:00", "13:00"), 40), (("07:30", "08:30"), 30), (("19:00", "20:00"), 30))
WINDOW_COUNTS = ((1, 10), (2, 25), (3, 35), (4, 30))
DAY_WEIGHTS = {"mon": 12, "tue": 26, "wed": 26, "thu": 26, "fri": 10, "sat": 10, "sun": 8}
DAY_ORDER = {day: index for index, day in enumerate(DAYS)}

# In-person-only is over-weighted here because small metros turn it into "either" (see _modality),
# which brings the overall mix to about 30% remote only, 23% in person only, 47% either.
MODALITY_CHOICES = ((["remote"], 30), (["in_person"], 36), (["in_person", "remote"], 34))
IN_PERSON_ONLY_MIN_WEIGHT = 7
STYLE_CHOICES = ((["formal", "informal"], 30), ([], 15), (["informal"], 33), (["formal"], 22))
FREQUENCY_CHOICES = (
    (["weekly", "biweekly"], 35),
    (["biweekly", "monthly"], 30),
    (["weekly", "monthly"], 8),
    ([], 15),
    (["biweekly"], 6),
    (["monthly"], 4),
    (["weekly"], 2),
)
TRAVEL_KM = ((5, 3), (10, 8), (15, 14), (20, 20), (25, 20), (30, 15), (40, 12), (50, 8))
CREDENTIALS = (("LCSW", 30), ("LPC", 25), ("LMFT", 20), ("PsyD", 10), ("PhD", 10), ("MD", 5))

FIRST_NAMES = (
    "Dana",
    "Alex",
    "Maria",
    "James",
    "Priya",
    "Chen",
    "Olivia",
    "Samuel",
    "Fatima",
    "Noah",
    "Grace",
    "Lucas",
    "Aisha",
    "Daniel",
    "Sofia",
    "Ethan",
    "Hannah",
    "Mateo",
    "Leah",
    "Omar",
    "Emma",
    "Kenji",
    "Rachel",
    "David",
    "Ana",
    "Michael",
    "Zoe",
    "Ravi",
    "Claire",
    "Jonah",
    "Elena",
    "Marcus",
    "Nadia",
    "Thomas",
    "Ingrid",
    "Kwame",
    "Laura",
    "Sipho",
    "Mei",
    "Patrick",
)
LAST_NAMES = (
    "Reyes",
    "Smith",
    "Johnson",
    "Garcia",
    "Patel",
    "Nguyen",
    "Kim",
    "Williams",
    "Brown",
    "Martinez",
    "Cohen",
    "Okafor",
    "Schmidt",
    "Rossi",
    "Silva",
    "Murphy",
    "Khan",
    "Lopez",
    "Taylor",
    "Anderson",
    "Shrestha",
    "Sharma",
    "Walker",
    "Fischer",
    "Dubois",
    "Tanaka",
    "Hughes",
    "Novak",
    "Mensah",
    "Campbell",
    "Larsen",
    "Fernandez",
    "Baker",
    "Rivera",
    "Wright",
    "Chen",
    "Moreau",
    "Dlamini",
    "Wilson",
    "O'Brien",
)

KM_PER_DEGREE = 111.32

# An online programme: nearly everyone meets remotely, so groups form across metros and time zones.
MOSTLY_REMOTE_MODALITY_CHOICES = ((["remote"], 75), (["in_person"], 5), (["in_person", "remote"], 20))
# Clinicians with full caseloads: one or two windows, each just long enough for a 90-minute meeting, so
# a group needs the very same window and has no spare start.
TIGHT_WINDOW_KINDS = (
    (45, WEEKDAYS, ((("12:00", "13:30"), 60), (("12:30", "14:00"), 40))),
    (20, WEEKDAYS, ((("07:30", "09:00"), 100),)),
    (35, WEEKDAYS, ((("17:30", "19:00"), 50), (("18:00", "19:30"), 30), (("18:30", "20:00"), 20))),
)
TIGHT_WINDOW_COUNTS = ((1, 55), (2, 35), (3, 10))

ALL_METROS = tuple(metro.label for metro in METROS)
EAST_COAST_METROS = ("New York, NY", "Boston, MA", "Washington, DC")


class Shape(NamedTuple):
    """Where a programme draws its sign-ups from, and how its members can meet."""

    metros: tuple[str, ...]
    modality_choices: tuple = MODALITY_CHOICES
    window_kinds: tuple = WINDOW_KINDS
    window_counts: tuple = WINDOW_COUNTS


# A national platform, a regional association on one coast, a city chapter (regional and city programmes
# are where most in-person groups form), an online programme, and a regional one of busy clinicians.
SHAPES = {
    "national": Shape(ALL_METROS),
    "regional": Shape(EAST_COAST_METROS),
    "one_metro": Shape(("Chicago, IL",)),
    "mostly_remote": Shape(ALL_METROS, modality_choices=MOSTLY_REMOTE_MODALITY_CHOICES),
    "tight_schedules": Shape(EAST_COAST_METROS, window_kinds=TIGHT_WINDOW_KINDS, window_counts=TIGHT_WINDOW_COUNTS),
}


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
