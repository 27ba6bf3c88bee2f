"""The commands on documents: evaluate and complete a grouping, print a schema, generate and import
sign-ups."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

import groupformer
from groupformer import SCHEMA_NAMES, complete, import_form, judge, load_grouping, load_roster, load_signups, schema
from groupformer.cli_io import (
    EXIT_NO_SOLUTION,
    LibraryChoice,
    fail,
    read_input,
    to_json,
    within_limit,
    writable_folder,
    write_output,
)

if TYPE_CHECKING:
    from groupformer import Grouping, SignupFile


def _read_grouping(signups: SignupFile, solution_path: str | None, roster_path: str | None) -> Grouping:
    if (solution_path is None) == (roster_path is None):
        raise groupformer.InputError(["give either a SOLUTION file or --roster ROSTER.csv"])
    if roster_path is not None:
        return load_roster(read_input(roster_path), signups, roster_path)
    return load_grouping(read_input(solution_path), signups, solution_path)


ROSTER_HELP = "A roster CSV (as export --csv writes it) whose group column says who is where, instead of SOLUTION."


@click.command("evaluate")
@click.argument("input_path", metavar="INPUT")
@click.argument("solution_path", metavar="[SOLUTION]", required=False)
@click.option("--roster", "roster_path", metavar="ROSTER.csv", help=ROSTER_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No summary table on standard error (violations still listed).")
def evaluate_command(input_path: str, solution_path: str | None, roster_path: str | None, quiet: bool) -> None:
    """Judge SOLUTION (from any source, even group members alone) against the sign-ups in INPUT; fields a
    group leaves out are derived as solve would (report.derived); exit 1 when it breaks a rule.

    \b
    Examples:
      groupformer evaluate signups.json solution.json > report.json
      groupformer evaluate signups.json spreadsheet-groups.json -q
      groupformer evaluate signups.json --roster roster.csv
    """
    try:
        signups = load_signups(read_input(input_path), input_path)
        grouping = _read_grouping(signups, solution_path, roster_path)
    except groupformer.InputError as error:
        fail(error.problems)
    report = judge(signups, grouping)
    write_output("-", to_json(report))
    for violation in report.violations:
        click.echo(f"violation ({violation.rule}): {violation.message}", err=True)
    if not quiet:
        click.echo(groupformer.evaluation_summary(report), err=True)
    if not report.valid:
        sys.exit(EXIT_NO_SOLUTION)


@click.command("complete")
@click.argument("input_path", metavar="SIGNUPS")
@click.argument("grouping_path", metavar="[GROUPING]", required=False)
@click.option("--roster", "roster_path", metavar="ROSTER.csv", help=ROSTER_HELP)
@click.option("-o", "--output", default="-", show_default=True, help="Solution file, or - for standard output.")
@click.option("-q", "--quiet", is_flag=True, help="No summary table on standard error.")
def complete_command(
    input_path: str, grouping_path: str | None, roster_path: str | None, output: str, quiet: bool
) -> None:
    """Fill in a hand-made GROUPING (members per group, anything else optional) as solve would, and write
    the full solution; exit 1 and write nothing when a group cannot meet or a rule is broken.

    \b
    Examples:
      groupformer complete signups.json groups.json -o solution.json
      groupformer complete signups.json --roster roster.csv -o solution.json
    """
    try:
        signups = load_signups(read_input(input_path), input_path)
        grouping = _read_grouping(signups, grouping_path, roster_path)
        if output != "-":
            writable_folder(output)
    except groupformer.InputError as error:
        fail(error.problems)
    solution, report = complete(signups, grouping)
    for violation in report.violations:
        click.echo(f"violation ({violation.rule}): {violation.message}", err=True)
    if solution is None:
        click.echo(f"error: {len(report.violations)} problems, nothing written", err=True)
        sys.exit(EXIT_NO_SOLUTION)
    write_output(output, to_json(solution))
    if not quiet:
        click.echo(groupformer.evaluation_summary(report), err=True)


SCHEMAS = SCHEMA_NAMES


@click.command("schema")
@click.argument("which", type=click.Choice(sorted(SCHEMAS)), default="input")
def schema_command(which: str) -> None:
    """Print the JSON Schema of the input, solution or evaluation report.

    Every field carries a description; docs/contract.md explains them with examples.

    \b
    Examples:
      groupformer schema input > signups.schema.json
      groupformer schema solution
      groupformer schema report
    """
    write_output("-", json.dumps(schema(which), indent=2) + "\n")


@click.command("generate")
@click.option(
    "--n",
    "count",
    type=click.IntRange(min=1),
    callback=within_limit("MAX_PARTICIPANTS"),
    required=True,
    help="Number of participants.",
)
@click.option("--seed", type=click.IntRange(min=0), callback=within_limit("MAX_SEED"), default=0, show_default=True)
@click.option(
    "--shape",
    type=LibraryChoice(lambda: sorted(groupformer.SHAPES)),
    default="national",
    show_default=True,
    help=(
        "national: 18 metros worldwide; regional: New York, Boston and Washington; one_metro: Chicago; "
        "mostly_remote: worldwide, 75% remote only; tight_schedules: east coast, one to three windows "
        "each just long enough for a meeting."
    ),
)
@click.option("-o", "--output", default="-", show_default=True)
def generate_command(count: int, seed: int, shape: str, output: str) -> None:
    """Write realistic synthetic sign-ups (metro areas, time zones, therapist-like availability).

    \b
    Examples:
      groupformer generate --n 200 --seed 1 -o signups.json
      groupformer generate --n 60 --shape regional | groupformer solve -
    """
    try:
        document = groupformer.generate_signups(count, seed, shape=shape)
        write_output(output, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except groupformer.InputError as error:
        fail(error.problems)


@click.command("import")
@click.argument("form_path", metavar="FORM.csv")
@click.option("--mapping", "mapping_path", help="Mapping file (TOML); default: the sample form's, see docs/import.md.")
@click.option("-o", "--output", default="-", show_default=True, help="Sign-up file, or - for standard output.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on standard error.")
def import_command(form_path: str, mapping_path: str | None, output: str, quiet: bool) -> None:
    """Turn a web form's CSV export into a sign-up file, translating columns and answers by a mapping.

    Every cell that cannot be read is listed with its row and column, and nothing is written.

    \b
    Examples:
      groupformer import instances/sample-form.csv -o signups.json
      groupformer import form.csv --mapping my-form.toml -o signups.json
    """
    try:
        if output != "-":
            writable_folder(output)
        mapping = None if mapping_path is None else read_input(mapping_path)
        imported = import_form(read_input(form_path), mapping, form_path, mapping_path)
        signups = imported.signups
        document = signups.model_dump(mode="json", exclude_unset=True)
        write_output(output, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except groupformer.InputError as error:
        fail(error.problems)
    if not quiet:
        source = "standard input" if form_path == "-" else Path(form_path).name
        click.echo(groupformer.import_summary(signups, source, output) + "\n" + imported.summary(), err=True)
