"""Hypothesis strategies for sign-up files, and the example budgets of the property tests.

`signup_documents` draws valid sign-up files (as dicts, the JSON a coordinator would write): time zones
with half-hour and 45-minute offsets and southern-hemisphere daylight saving, reference weeks on both
sides of a clock change, windows touching midnight, and every optional field present or absent. People
share a few availability profiles, so that groups can form and the solver has something to do.
`near_valid_documents` takes one of those one mutation away (a key dropped, a value of the wrong kind, an
unknown id), where a reader's error handling is most likely to slip.

Profiles: "ci" (the default) keeps the property tests well under a minute on two cores; "long"
(HYPOTHESIS_PROFILE=long) is the benchmarks' longer run. Both print a failure's blob instead of keeping a
database, so a failure reproduces with @reproduce_failure on any machine.
"""

from __future__ import annotations

import datetime
import os
import zoneinfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from groupformer.contract.limits import MAX_SEED, MAX_TRAVEL_KM, MAX_WEIGHT

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
# Examples per property: the solving properties cost a solve each (tenths of a second), the reading ones
# almost nothing, so they get ten times as many.
CI_EXAMPLES, LONG_EXAMPLES = 25, 400
settings.register_profile("ci", max_examples=CI_EXAMPLES, derandomize=True, **_COMMON)
settings.register_profile("long", max_examples=LONG_EXAMPLES, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def reading_examples() -> int:
    """The budget of a property that only reads a file: ten times a solving property's."""
    return settings.default.max_examples * 10


# Zones with the offsets that trip up minute arithmetic: half-hour (Kolkata, Adelaide, St John's, Tehran),
# 45-minute (Kathmandu, Chatham), a day apart (Kiritimati +14, Pago Pago -11), and southern-hemisphere
# daylight saving (Adelaide, Sydney, Auckland, Santiago), which runs October to April.
ZONES = (
    "America/Chicago",
    "America/New_York",
    "Europe/London",
    "UTC",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Santiago",
    "America/St_Johns",
    "Asia/Tehran",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
)
# Mondays: the default week, weeks holding a clock change (US 2027-03-14, Europe 2027-03-28, Australia
# 2027-04-04 and 2027-10-03, New Zealand 2027-09-26), and the first and last weeks the contract allows.
REFERENCE_WEEKS = (
    "2027-01-04",
    "2027-03-08",
    "2027-03-29",
    "2027-04-05",
    "2027-09-27",
    "2027-10-04",
    "1970-01-05",
    "2999-12-23",
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CITIES = ((41.88, -87.63), (40.71, -74.01), (-34.93, 138.6), (28.61, 77.21), (-36.85, 174.76), (0.0, 179.99))
TERMS = ("trauma", " Trauma ", "grief", "anxiety and depression", "EMDR", "CBT", "faith-based")
HISTORY_DATES = ("2026-10-05", "2026-12-28", "2027-01-04", "1970-01-01", "2999-12-31")
# Ids a spreadsheet or a CSV file could mangle: formula starts, quotes, separators, accents, spaces inside.
# An apostrophe before a formula start and spaces around an id are what a spreadsheet's reader undoes.
ODD_IDS = ("=SUM(A1)", "+1", "-a", "@b", "'q", "'=q", " lead", "tail ", 'say "hi"', "a,b", "a;b", "Zoë", "李", "x\ty")


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@st.composite
def windows(draw) -> list[dict]:
    """1-3 windows, mostly on the quarter hour, sometimes starting at 00:00 or ending at 24:00."""
    drawn = []
    for _ in range(draw(st.integers(1, 3))):
        step = draw(st.sampled_from((15, 15, 1)))
        start = draw(st.integers(0, 1439 // step)) * step
        end = draw(st.integers(start // step + 1, 1440 // step)) * step
        edge = draw(st.sampled_from(("none", "none", "midnight_start", "midnight_end")))
        start, end = (0, max(end, 60)) if edge == "midnight_start" else (start, end)
        end = 1440 if edge == "midnight_end" else end
        drawn.append({"day": draw(st.sampled_from(DAYS)), "start": clock(start), "end": clock(end)})
    return drawn


@st.composite
def profiles(draw) -> list[tuple[str, list[dict]]]:
    """A few (time zone, windows) that several people share, as colleagues of one practice would."""
    return draw(st.lists(st.tuples(st.sampled_from(ZONES), windows()), min_size=1, max_size=3))


@st.composite
def participant_ids(draw, count: int) -> list[str]:
    plain = [f"p{number}" for number in range(count)]
    odd = draw(st.lists(st.sampled_from(ODD_IDS), unique=True, max_size=min(count, 3)))
    ids = odd + plain[len(odd) :]
    return draw(st.permutations(ids))


@st.composite
def location(draw) -> dict:
    lat, lon = draw(st.sampled_from(CITIES))
    place = {
        "lat": lat + draw(st.floats(-0.05, 0.05)),
        "lon": max(-180.0, min(180.0, lon + draw(st.floats(-0.05, 0.05)))),
    }
    if draw(st.booleans()):
        place["label"] = draw(st.text(max_size=12))
    return place


@st.composite
def participant(draw, identifier: str, others: list[str], shared: list[tuple[str, list[dict]]]) -> dict:
    """One sign-up: a shared profile or one of its own, every optional field present or absent."""
    zone, available = (
        draw(st.sampled_from(shared)) if draw(st.integers(0, 3)) else (draw(st.sampled_from(ZONES)), draw(windows()))
    )
    person = {"id": identifier, "timezone": zone, "availability": available}
    modality = draw(st.sampled_from(([], ["remote"], ["remote"], ["in_person"], ["in_person", "remote"])))
    if modality != [] or draw(st.booleans()):
        person["modality"] = modality
    in_person = not modality or "in_person" in modality
    if in_person or draw(st.booleans()):
        person["location"] = draw(location())
        person["max_travel_km"] = draw(st.sampled_from((0.0, 5.0, 25.0, 500.0, MAX_TRAVEL_KM)))
    optional = {
        "name": st.text(max_size=12),
        "email": st.from_regex(r"[a-z0-9.+]{1,10}@[a-z]{1,8}\.org", fullmatch=True),
        "focus": st.lists(st.sampled_from(TERMS), max_size=2),
        "specialties": st.lists(st.sampled_from(TERMS), max_size=3),
        "style": st.lists(st.sampled_from(("formal", "informal")), max_size=2),
        "frequency": st.lists(st.sampled_from(("weekly", "biweekly", "monthly")), max_size=2),
        "preferred_size": size_wish(),
        "tags": st.lists(st.sampled_from(TERMS), max_size=2),
        "avoid_tags": st.lists(st.sampled_from(TERMS), max_size=1),
        "avoid": st.lists(st.sampled_from(others), max_size=1) if others else st.just([]),
        "prefer": st.lists(st.sampled_from(others), max_size=2) if others else st.just([]),
        "credential": st.sampled_from(("LCSW", "PhD", "")),
        "experience_years": st.floats(0, 100),
    }
    for field, values in optional.items():
        if draw(st.integers(0, 2)) == 0:
            person[field] = draw(values)
    return person


@st.composite
def size_wish(draw) -> dict:
    low = draw(st.none() | st.integers(1, 6))
    high = draw(st.none() | st.integers(low or 1, 8))
    return {key: value for key, value in (("min", low), ("max", high)) if value is not None}


@st.composite
def fixed_groups(draw, low: int, high: int) -> list[dict]:
    """settings.groups whose bounds, a missing side taking group_size's, stay ordered."""
    drawn = []
    for number in range(draw(st.integers(1, 4))):
        group: dict = {}
        if draw(st.booleans()):
            group["id"] = draw(st.sampled_from((f"room {number}", f"=R{number}", f"F{number}")))
        group_low = draw(st.integers(2, high))
        if draw(st.booleans()):
            group["min"] = group_low
        if draw(st.booleans()):
            group["max"] = draw(st.integers(group.get("min", low), max(high, group.get("min", low))))
        if group.get("min", low) > group.get("max", high):
            group.pop("min")
        drawn.append(group)
    return drawn


@st.composite
def weights(draw) -> dict:
    amount = st.sampled_from((0.0, 0.5, 1.0, 4.0, MAX_WEIGHT)) | st.floats(0, 10)
    names = ("prefer", "size", "focus", "spare_window", "novelty", "style_wish", "frequency_wish", "focus_wish")
    drawn = {name: draw(amount) for name in names if draw(st.booleans())}
    drawn["diversity"] = draw(st.floats(0.5, 10))
    return drawn


@st.composite
def composition(draw) -> list[dict]:
    rules = []
    for _ in range(draw(st.integers(1, 2))):
        if draw(st.booleans()):
            rules.append({"number": "experience_years", "within": draw(st.floats(0, 30))})
        else:
            rule = {"tag": draw(st.sampled_from(TERMS))}
            rule[draw(st.sampled_from(("at_least", "not_exactly")))] = draw(st.integers(1, 2))
            rules.append(rule)
    return rules


@st.composite
def signup_settings(draw) -> dict:
    low = draw(st.integers(2, 4))
    high = draw(st.integers(low, 6))
    drawn: dict = {}
    if draw(st.integers(0, 3)):
        drawn["group_size"] = {"min": low, "max": high}
    else:
        low, high = 3, 6
    optional = {
        "meeting_minutes": st.sampled_from((15, 30, 60, 90, 120, 1440)),
        "time_limit_s": st.floats(5, 60),
        "work_limit": st.floats(0.01, 1),
        "seed": st.integers(0, MAX_SEED),
        "slot_minutes": st.sampled_from((15, 30)),
        "reference_week": st.sampled_from(REFERENCE_WEEKS),
        "weights": weights(),
        "history_half_life_days": st.floats(1, 36_525),
        "history_hard_last_round": st.booleans(),
        "as_wishes": st.lists(st.sampled_from(("style", "frequency", "focus")), max_size=3),
        "composition": composition(),
        "distance_unit": st.sampled_from(("km", "mi")),
    }
    for field, values in optional.items():
        if draw(st.integers(0, 2)) == 0:
            drawn[field] = draw(values)
    cap = draw(st.sampled_from(("none", "none", "none", "groups", "count")))
    if cap == "groups":
        drawn["groups"] = draw(fixed_groups(low, high))
    elif cap == "count":
        drawn["group_count"] = draw(st.integers(1, 4))
    return drawn


@st.composite
def history(draw, ids: list[str]) -> list[dict]:
    """Past groups of present and departed people (members need not have signed up this time)."""
    pool = ids + ["gone1", "gone2"]
    past = []
    for _ in range(draw(st.integers(1, 3))):
        entry = {
            "date": draw(st.sampled_from(HISTORY_DATES)),
            "members": draw(st.lists(st.sampled_from(pool), min_size=2, max_size=4, unique=True)),
        }
        if draw(st.booleans()):
            entry["id"] = draw(st.text(max_size=6))
        past.append(entry)
    return past


@st.composite
def signup_documents(draw, max_participants: int = 12) -> dict:
    """A valid sign-up file of 1 to `max_participants` people, as the dict its JSON reads into."""
    count = draw(st.integers(1, max_participants))
    ids = draw(participant_ids(count))
    shared = draw(profiles())
    people = [
        draw(participant(identifier, [other for other in ids if other != identifier], shared)) for identifier in ids
    ]
    document: dict = {"format": "groupformer/v1", "participants": people}
    if draw(st.booleans()):
        document["settings"] = draw(signup_settings())
    if draw(st.integers(0, 3)) == 0:
        document["history"] = draw(history(ids))
    if draw(st.integers(0, 2)) == 0:
        open_group = draw(open_groups(document, shared))
        document["open_groups"] = [open_group] if open_group else []
    return document


def accepts_remote(person: dict) -> bool:
    return not person.get("modality") or "remote" in person["modality"]


def _fits(window: dict, day: str, minute: int, length: int) -> bool:
    return window["day"] == day and clock_minutes(window["start"]) <= minute <= clock_minutes(window["end"]) - length


def first_meeting(settings_used: dict, zone: str, available: list[dict]) -> str | None:
    """The first start of the reference week's slot grid at which a meeting fits one of these local windows."""
    monday = datetime.datetime.fromisoformat(settings_used.get("reference_week", REFERENCE_WEEKS[0]) + "T00:00+00:00")
    length = settings_used.get("meeting_minutes", 90)
    for offset in range(0, 7 * 24 * 60, settings_used.get("slot_minutes", 15)):
        start = monday + datetime.timedelta(minutes=offset)
        local = start.astimezone(zoneinfo.ZoneInfo(zone))
        day, minute = DAYS[local.weekday()], local.hour * 60 + local.minute
        if any(_fits(window, day, minute, length) for window in available):
            return start.strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


@st.composite
def open_groups(draw, document: dict, shared: list[tuple[str, list[dict]]]) -> dict | None:
    """A remote open group of people sharing a profile, at the first start their windows allow; its
    members lose what would stop them meeting (conflicts, a stated focus, a style or frequency it lacks).
    None when the settings rule open groups out or no start fits."""
    settings_used = document.get("settings", {})
    ruled_out = ("as_wishes", "groups", "group_count", "composition", "history_hard_last_round")
    zone, available = draw(st.sampled_from(shared))
    people = [
        person
        for person in document["participants"]
        if (person["timezone"], person["availability"]) == (zone, available) and accepts_remote(person)
    ]
    utc_start = first_meeting(settings_used, zone, available)
    if any(settings_used.get(key) for key in ruled_out) or not people or utc_start is None:
        return None
    largest = settings_used.get("group_size", {}).get("max", 6)
    members = people[: draw(st.integers(1, min(len(people), largest)))]
    for person in members:
        for field in ("avoid", "avoid_tags", "focus"):
            person.pop(field, None)
        person["style"], person["frequency"] = ["informal"], ["monthly"]
    return {
        "id": draw(st.sampled_from(("O1", "=open", "G001"))),
        "members": [person["id"] for person in members],
        "meeting": {"utc_start": utc_start},
        "modality": "remote",
        "style": "informal",
        "frequency": "monthly",
        "open_seats": draw(st.integers(0, largest - len(members))),
    }


# --- one mutation away ------------------------------------------------------------------------------------

ODD_VALUES = st.sampled_from(
    (
        None,
        True,
        0,
        -1,
        10**30,
        1e308,
        -0.0,
        0.5,
        "",
        " ",
        "24:00",
        "25:00",
        "mon",
        "\x00",
        "Asia/Kolkata",
        "localtime",
        "0001-01-01",
        "9999-12-31",
        "2027-01-05",
        [],
        {},
        [[]],
        {"": None},
        ["remote", "remote"],
        "x" * 1001,
    )
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def paths(value, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document, as the keys and indexes leading to it."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def _parent(document, path: tuple):
    for step in path[:-1]:
        document = document[step]
    return document


@st.composite
def near_valid_documents(draw) -> dict:
    """A valid sign-up file with one thing changed: a value replaced by an odd one, a key dropped or added,
    a participant repeated, or an id of nobody."""
    document = draw(signup_documents(max_participants=6))
    path = draw(st.sampled_from(paths(document)[1:]))
    kind = draw(st.sampled_from(("replace", "replace", "drop", "add_key", "repeat_participant", "unknown_id")))
    parent = _parent(document, path)
    if kind == "replace":
        parent[path[-1]] = draw(ODD_VALUES | JSON_VALUES)
    elif kind == "drop":
        del parent[path[-1]]
    elif kind == "add_key" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(ODD_VALUES)
    elif kind == "repeat_participant":
        document["participants"].append(dict(draw(st.sampled_from(document["participants"]))))
    else:
        document["participants"][0]["avoid"] = ["nobody-by-this-id"]
    return document
