"""The roster: one spreadsheet row per participant, so the coordinator can mail-merge and nobody is lost.

Members get their group's meeting on their own clock, the place with its host, and their distance and
travel radius in the sign-ups' unit (the column names say which); unassigned people get an empty group
and their reasons. Free text from the sign-ups that a spreadsheet would run as a formula (starting with =, +, -,
@) is prefixed with an apostrophe, the usual defence against formula injection through a CSV.
"""

from __future__ import annotations

import csv
import io

from groupformer.contract import Participant, SignupFile, SubmittedSolution
from groupformer.distance_unit import distance_figure
from groupformer.export.labels import (
    host_label,
    meeting_place,
    travel_km,
    visible_email,
    visible_name,
)
from groupformer.export.local_time import local_meeting
from groupformer.timegeo import parse_utc

COLUMNS = (
    "group",
    "participant",
    "name",
    "email",
    "weekday",
    "local_time",
    "time_zone",
    "modality",
    "place",
    "host",
    "distance",
    "max_travel",
    "style",
    "frequency",
    "focus",
    "reason",
)
PERSONAL_COLUMNS = ("name", "email")
DISTANCE_COLUMNS = ("distance", "max_travel")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def needs_apostrophe(text: str) -> bool:
    """Text a spreadsheet would run as a formula, and text already starting with apostrophes before a
    formula character, which gets one more so that reading the roster back takes exactly one off."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def spreadsheet_safe(text: str) -> str:
    return f"'{text}" if needs_apostrophe(text) else text


def _person(participant: Participant, redact: bool) -> dict[str, str]:
    return {
        "participant": spreadsheet_safe(participant.id),
        "name": spreadsheet_safe(visible_name(participant, redact)),
        "email": spreadsheet_safe(visible_email(participant, redact)),
    }


def _distances(member: Participant, distance: float | None, unit: str) -> dict[str, str]:
    limit = member.max_travel_km
    return {
        "distance": "" if distance is None else distance_figure(distance, unit),
        "max_travel": "" if distance is None or limit is None else distance_figure(limit, unit),
    }


def member_rows(signups: SignupFile, solution: SubmittedSolution, redact: bool) -> list[dict[str, str]]:
    by_id = {participant.id: participant for participant in signups.participants}
    unit = signups.settings.distance_unit
    rows = []
    for group in solution.groups:
        start = parse_utc(group.meeting.utc_start)
        place = meeting_place(group, by_id)
        host = host_label(group, by_id, redact)
        for member_id in group.members:
            member = by_id[member_id]
            local = local_meeting(start, group.meeting.minutes, member.timezone)
            distance = travel_km(member, group)
            rows.append(
                _person(member, redact)
                | _distances(member, distance, unit)
                | {
                    "group": spreadsheet_safe(group.id),
                    "weekday": local.weekday,
                    "local_time": f"{local.start}-{local.end}",
                    "time_zone": f"{local.zone} ({local.abbreviation})",
                    "modality": group.modality,
                    "place": spreadsheet_safe(place),
                    "host": spreadsheet_safe(host),
                    "style": group.style,
                    "frequency": group.frequency,
                    "focus": spreadsheet_safe(group.focus or ""),
                }
            )
    return rows


def unassigned_rows(signups: SignupFile, solution: SubmittedSolution, redact: bool) -> list[dict[str, str]]:
    by_id = {participant.id: participant for participant in signups.participants}
    return [
        _person(by_id[entry.id], redact)
        | {"group": "", "time_zone": by_id[entry.id].timezone, "reason": spreadsheet_safe("; ".join(entry.reasons))}
        for entry in solution.unassigned
    ]


def header(columns: list[str], unit: str) -> dict[str, str]:
    """Distance columns carry their unit in the name (distance_km, max_travel_mi)."""
    return {column: f"{column}_{unit}" if column in DISTANCE_COLUMNS else column for column in columns}


def roster_csv(signups: SignupFile, solution: SubmittedSolution, redact: bool = False) -> str:
    """Redacted rosters drop the name and email columns altogether, so an empty cell always means
    "not given" and never "hidden"."""
    columns = [column for column in COLUMNS if not (redact and column in PERSONAL_COLUMNS)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", restval="")
    writer.writerow(header(columns, signups.settings.distance_unit))
    writer.writerows(member_rows(signups, solution, redact) + unassigned_rows(signups, solution, redact))
    return buffer.getvalue()
