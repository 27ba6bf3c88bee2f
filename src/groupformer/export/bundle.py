"""Every export asked for, rendered in memory before any file is written.

A bad input, or a mismatch between the sign-ups and the solution, must leave no partial set of files
behind (invitations sent from half a folder are worse than none), so rendering finishes first and the
command line writes only afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.evaluate import evaluate
from groupformer.export.consistency import check_solution_matches
from groupformer.export.earlier_calendars import earlier_events
from groupformer.export.html_report import report_html
from groupformer.export.ics import calendar_files
from groupformer.export.organizer import Organizer
from groupformer.export.roster import roster_csv
from groupformer.summary import table


@dataclass(frozen=True)
class Exports:
    calendars: dict[str, str]
    roster: str | None
    report: str | None
    roster_rows: int
    broken_rules: int


def render_exports(
    signups: SignupFile,
    solution: SubmittedSolution,
    *,
    calendars: bool,
    roster: bool,
    report: bool,
    redact: bool,
    created: datetime,
    report_zone: str | None = None,
    suggestions: dict[str, dict] | None = None,
    organizer: Organizer | None = None,
    calendar_folder: Path | None = None,
) -> Exports:
    """Raises InputError when the solution does not belong to the sign-ups; a solution that merely
    breaks hard rules is exported, and `broken_rules` lets the caller say so. The calendar files already
    in `calendar_folder` say which events a re-export updates; `suggestions` (explain's verified
    suggestions by unplaced person, computed by the caller) go in the report's unassigned table."""
    check_solution_matches(signups, solution)
    judged = evaluate(signups, solution)
    return Exports(
        calendars=calendar_files(signups, solution, created, redact, organizer, earlier_events(calendar_folder))
        if calendars
        else {},
        roster=roster_csv(signups, solution, redact) if roster else None,
        report=report_html(signups, solution, judged, redact, report_zone, suggestions or {}) if report else None,
        roster_rows=len(signups.participants),
        broken_rules=len(judged.violations),
    )


def export_summary(exports: Exports, ics_folder: str | None, roster_path: str | None, report_path: str | None) -> str:
    rows = []
    if ics_folder is not None:
        count = len(exports.calendars)
        rows.append(("calendars", f"{count} file{'s' * (count != 1)} in {ics_folder}"))
    if roster_path is not None:
        rows.append(("roster", f"{roster_path} ({exports.roster_rows} rows)"))
    if report_path is not None:
        rows.append(("report", report_path))
    summary = table("groupformer export", rows)
    if exports.broken_rules:
        summary += f"\nwarning: the solution breaks {exports.broken_rules} hard rules (see groupformer evaluate)"
    return summary
