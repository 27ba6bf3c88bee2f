"""The largest input groupformer accepts, each limit with the reason for its value (docs/contract.md,
"Limits").

A limit turns what would exhaust the machine or crash a later step (a reference week in year 1, a weight
of 1e308, a 50 MB name copied into every exported file) into one located error when the file is read, so
a file that validates can also be solved and exported. Every value is generous for real use.
"""

from __future__ import annotations

import datetime

# Ten times the largest round the benchmarks time (10,000 sign-ups); a file this size validates in seconds.
MAX_PARTICIPANTS = 100_000

# open_groups, history, a solution's groups: a round of MAX_PARTICIPANTS forms at most half as many groups.
MAX_GROUP_ENTRIES = 100_000

# settings.groups are named one by one (rooms, facilitators): a thousand is more than anyone writes by hand.
MAX_FIXED_GROUPS = 1_000

# Any list inside one entry (windows, terms, avoid, members, ...): a person or a group holds a handful.
MAX_LIST_ITEMS = 1_000

# Any string (an id, a name, a label, a term): ten times a long name, and what every export copies.
MAX_TEXT_CHARS = 1_000

# The longest address SMTP can deliver to (RFC 5321: a 254-character path).
MAX_EMAIL_CHARS = 254

# JSON and TOML nesting: the contract nests five levels; far below where a reader would run out of stack.
MAX_NESTING_DEPTH = 64

# Group sizes (and seats, counts): a handful is usual; fixed groups' search work grows with its square.
MAX_GROUP_SIZE = 100

# Weights: only their ratios matter, and a bound keeps their sums finite (1e308 + 1e308 is infinite).
MAX_WEIGHT = 1_000_000.0

# A travel radius: half the earth's circumference, the farthest any two places are apart.
MAX_TRAVEL_KM = 20_038.0

# experience_years and a composition rule's `within`: a career is shorter than a century.
MAX_YEARS = 100.0

# time_limit_s and work_limit (units of about a second): a week; the search has long converged by then.
MAX_SECONDS = 7 * 24 * 3600.0

# seed: the largest whole number every JSON reader (JavaScript's included) reads exactly, 2**53 - 1.
MAX_SEED = 2**53 - 1

# history_half_life_days: a century; a longer half-life treats every past meeting as if it were recent.
MAX_HALF_LIFE_DAYS = 36_525.0

# reference_week and history dates: the time zone database is dependable from 1970 on.
EARLIEST_DATE = datetime.date(1970, 1, 1)
# Beyond any planning horizon, and far from year 9999, so a week later is still a valid date.
LATEST_DATE = datetime.date(2999, 12, 31)

# How much of a bad value an error message quotes: enough to recognise it, never the whole of a huge one.
MAX_QUOTED_CHARS = 80


def quoted(value: str) -> str:
    """The value as an error message quotes it, cut at MAX_QUOTED_CHARS with its full length said."""
    if len(value) <= MAX_QUOTED_CHARS:
        return repr(value)
    return f"{value[:MAX_QUOTED_CHARS]!r}… ({len(value):,} characters)"


def shortened(value: str) -> str:
    """The value as an error message names it unquoted (a key of a JSON path, an id), cut like `quoted`."""
    if len(value) <= MAX_QUOTED_CHARS:
        return value
    return f"{value[:MAX_QUOTED_CHARS]}… ({len(value):,} characters)"


def date_in_range(date: datetime.date, date_text: str) -> str:
    """The date's text, when it lies between EARLIEST_DATE and LATEST_DATE."""
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise ValueError(f"{date_text} is outside {EARLIEST_DATE} to {LATEST_DATE}, the dates groupformer accepts")
    return date_text
