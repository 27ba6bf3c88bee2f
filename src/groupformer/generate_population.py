"""Who the synthetic sign-ups are drawn from: metros, clinicians' hours, how often each answer is given,
and the programme shapes (national, regional, ...) that pick among them.

The tables are apart from the drawing in generate.py so that what a realistic sign-up looks like can be
read and changed in one place; every weight is relative within its table.
"""

from __future__ import annotations

from typing import NamedTuple


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

# In-person-only is over-weighted here because small metros turn it into "either" (see _modality in
# generate.py), which brings the overall mix to about 30% remote only, 23% in person only, 47% either.
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
