"""The commands on a solution for people to read: export (calendar files, roster, report page) and
explain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

import groupformer
from groupformer import explain, export, load_signups, load_solution
from groupformer.cli_io import command_started, fail, finite_seconds, read_input, writable_folder, write_output

if TYPE_CHECKING:
    from groupformer import Organizer


def _calendar_folder(destination: str) -> Path:
    """The folder for the calendar files, created with its missing parents like `mkdir -p`: only a file
    standing where one of its folders must be stops it, and that is found before anything is written."""
    folder = Path(destination)
    if destination == "-":
        raise groupformer.InputError(["--ics: give a folder for the calendar files, not -"])
    for path in (folder, *folder.parents):
        if path.exists() and not path.is_dir():
            raise groupformer.InputError([f"{destination}: {path} exists and is not a folder"])
    return folder


def _organizer(context: click.Context, parameter: click.Parameter, value: str | None) -> Organizer | None:
    if value is None:
        return None
    try:
        return groupformer.parse_organizer(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _time_zone(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    if value is not None and not groupformer.is_zone_name(value):
        raise click.BadParameter(f"unknown time zone {value!r}: give an IANA name such as America/Chicago")
    return value


@click.command("export")
@click.argument("input_path", metavar="SIGNUPS")
@click.argument("solution_path", metavar="SOLUTION")
@click.option("--ics", "ics_folder", metavar="DIR", help="Folder for one calendar file per group (created if missing).")
@click.option("--csv", "roster_path", metavar="ROSTER.csv", help="Roster, one row per participant (- for stdout).")
@click.option("--html", "report_path", metavar="REPORT.html", help="Self-contained report page (- for stdout).")
@click.option("--redact", is_flag=True, help="Ids only: no names or emails in any file.")
@click.option(
    "--organizer",
    metavar='"NAME <EMAIL>"',
    callback=_organizer,
    help="Make the calendar files invitations from this organizer (METHOD:REQUEST, members asked to RSVP).",
)
@click.option(
    "--timezone",
    "report_zone",
    metavar="ZONE",
    callback=_time_zone,
    help="The report's times and heat map in this IANA zone (default: the zone most participants live in).",
)
@click.option(
    "--suggest",
    is_flag=True,
    help="Add explain's verified suggestions for each unplaced person to the report (re-solves: slower).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def export_command(
    input_path: str,
    solution_path: str,
    ics_folder: str | None,
    roster_path: str | None,
    report_path: str | None,
    redact: bool,
    organizer: Organizer | None,
    report_zone: str | None,
    suggest: bool,
    quiet: bool,
) -> None:
    """Write what the coordinator sends out: calendar files, a roster and a report of SOLUTION.

    Everything is rendered before anything is written, so bad input leaves no file behind.

    \b
    Examples:
      groupformer export signups.json solution.json --ics invitations/ --csv roster.csv --html report.html
      groupformer export signups.json solution.json --html report.html --redact
    """
    if ics_folder is None and roster_path is None and report_path is None:
        raise click.UsageError("give at least one of --ics DIR, --csv ROSTER.csv, --html REPORT.html")
    if organizer is not None and ics_folder is None:
        raise click.UsageError("--organizer is for the calendar files: give --ics DIR too")
    if (report_zone is not None or suggest) and report_path is None:
        raise click.UsageError("--timezone and --suggest are for the report: give --html REPORT.html too")
    try:
        signups = load_signups(read_input(input_path), input_path)
        solution = load_solution(read_input(solution_path), solution_path)
        folder = _calendar_folder(ics_folder) if ics_folder is not None else None
        for destination in (roster_path, report_path):
            if destination not in (None, "-"):
                writable_folder(destination)
        if roster_path == report_path == "-":
            raise groupformer.InputError(["--csv and --html cannot both be - (standard output)"])
        exports = export(
            signups,
            solution,
            calendars=folder is not None,
            roster=roster_path is not None,
            report=report_path is not None,
            redact=redact,
            organizer=organizer,
            calendar_folder=folder,
            report_zone=report_zone,
            suggest=suggest,
        )
    except groupformer.InputError as error:
        fail(error.problems)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in exports.calendars.items():
            write_output(str(folder / name), text)
    if roster_path is not None:
        write_output(roster_path, exports.roster)
    if report_path is not None:
        write_output(report_path, exports.report)
    if not quiet:
        click.echo(groupformer.export_summary(exports, ics_folder, roster_path, report_path), err=True)


@click.command("explain")
@click.argument("input_path", metavar="SIGNUPS")
@click.argument("solution_path", metavar="SOLUTION")
@click.argument("target", metavar="[ID]", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of words.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=finite_seconds,
    default=10.0,
    show_default=True,
    help="Seconds for the whole command: the re-solves that check suggestions share them.",
)
@click.option(
    "--write-changes",
    "changes_folder",
    metavar="DIR",
    help="Write each suggestion's changed sign-ups in DIR, so its printed solve command runs as is.",
)
def explain_command(
    input_path: str,
    solution_path: str,
    target: str | None,
    as_json: bool,
    time_limit: float,
    changes_folder: str | None,
) -> None:
    """Why group ID works, or why participant ID was not placed and which single change would place them.

    Each suggestion is checked by `groupformer solve CHANGED --keep SOLUTION --open-seats` (every group
    of SOLUTION kept, its free seats open), and the exact command is printed. Without ID: every group
    and every unplaced person with their reasons. See docs/explain.md.

    \b
    Examples:
      groupformer explain signups.json solution.json
      groupformer explain signups.json solution.json G004
      groupformer explain signups.json solution.json t06 --write-changes changes/
      groupformer explain signups.json solution.json t06 --json
    """
    clock_started = command_started()
    try:
        raw_signups = read_input(input_path)
        signups = load_signups(raw_signups, input_path)
        solution = load_solution(read_input(solution_path), solution_path)
        document = groupformer.parse_json(raw_signups, input_path)
        sources = groupformer.ExplainSources(input_path, solution_path, changes_folder, document)
        explanation = explain(
            signups, solution, target, time_limit=time_limit, clock_started=clock_started, sources=sources
        )
        if changes_folder is not None:
            for path, text in groupformer.changed_signup_files(sources, signups, explanation).items():
                write_output(path, text)
    except groupformer.InputError as error:
        fail(error.problems)
    text = groupformer.render_explanation(explanation)
    write_output("-", json.dumps(explanation, indent=2, ensure_ascii=False) + "\n" if as_json else text)
