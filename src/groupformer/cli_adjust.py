"""The `adjust` command: a coordinator's hand edits from the command line, judged as the desk judges
them, for pipelines and scripts."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

import groupformer
from groupformer import load_signups, load_solution
from groupformer.cli_io import EXIT_NO_SOLUTION, fail, read_input, to_json, writable_folder, write_output

if TYPE_CHECKING:
    from groupformer import Desk, DeskChange, ReportDelta

EDIT_OPTIONS = {"move": "--move", "swap": "--swap", "new_group": "--new-group", "unassign": "--unassign"}
EDIT_OPTIONS |= {"dissolve": "--dissolve"}


class _EditsInOrder(click.Command):
    """Click gathers each repeated option's values on their own; the edits apply in the order they
    were given, which only the parser knows."""

    def parse_args(self, context: click.Context, args: list[str]) -> list[str]:
        _, _, order = self.make_parser(context).parse_args(args=list(args))
        context.meta["adjust.order"] = [param.name for param in order if param.name in EDIT_OPTIONS]
        return super().parse_args(context, args)


def _arguments(name: str, value: str) -> list:
    """The edit's arguments as the desk takes them; InputError naming the option for a malformed value."""
    if name in ("move", "swap"):
        parts = value.split(":")
        if len(parts) != 2 or not all(parts):
            shape = "PARTICIPANT:GROUP" if name == "move" else "PARTICIPANT:PARTICIPANT"
            raise groupformer.InputError([f"{EDIT_OPTIONS[name]} {value}: write {shape}, two ids joined by one colon"])
        return parts
    if name == "new_group":
        members = [member.strip() for member in value.split(",")]
        if not all(members):
            raise groupformer.InputError([f"--new-group {value}: write ID,ID,..., ids joined by commas"])
        return [members]
    return [value]


def _edits_in_order(edits: dict[str, tuple[str, ...]], order: list[str]) -> list[tuple[str, str, list]]:
    """Every edit's option, value and arguments; `order` names an option once per time it was given, and
    its values come in the same order. All malformed values are reported together."""
    values = {name: iter(given) for name, given in edits.items()}
    parsed, problems = [], []
    for name in order:
        value = next(values[name])
        try:
            parsed.append((name, value, _arguments(name, value)))
        except groupformer.InputError as error:
            problems += error.problems
    if problems:
        raise groupformer.InputError(problems)
    return parsed


def _apply(desk: Desk, name: str, value: str, arguments: list) -> DeskChange:
    """One edit; its problems name the option and value that asked for it."""
    place = f"{EDIT_OPTIONS[name]} {value}"
    try:
        return getattr(desk, name)(*arguments)
    except groupformer.InputError as error:
        raise groupformer.InputError([f"{place}: {problem}" for problem in error.problems]) from None
    except groupformer.GroupCannotMeet as error:
        raise groupformer.InputError([f"{place}: {violation.message}" for violation in error.violations]) from None


def _pin(desk: Desk, group_id: str) -> None:
    try:
        desk.pin(group_id)
    except groupformer.InputError as error:
        raise groupformer.InputError([f"--pin {group_id}: {problem}" for problem in error.problems]) from None


@click.command("adjust", cls=_EditsInOrder)
@click.argument("signups_path", metavar="SIGNUPS")
@click.argument("solution_path", metavar="SOLUTION")
@click.option("--move", multiple=True, metavar="ID:GROUP", help="Move a participant into a group.")
@click.option("--swap", multiple=True, metavar="ID:ID", help="Two participants trade places (one may be unplaced).")
@click.option(
    "--new-group", multiple=True, metavar="ID,ID,...", help="A new group of these people, taken out of their groups."
)
@click.option("--unassign", multiple=True, metavar="ID", help="Take a participant out of their group.")
@click.option("--dissolve", multiple=True, metavar="GROUP", help="Dissolve a group; its members are unplaced.")
@click.option("--pin", multiple=True, metavar="GROUP", help="A group no edit may change (exit 2 if one does).")
@click.option("-o", "--output", default="-", show_default=True, help="Solution file, or - for standard output.")
@click.option("-q", "--quiet", is_flag=True, help="No change report on standard error (broken rules still listed).")
def adjust_command(
    signups_path: str,
    solution_path: str,
    move: tuple[str, ...],
    swap: tuple[str, ...],
    new_group: tuple[str, ...],
    unassign: tuple[str, ...],
    dissolve: tuple[str, ...],
    pin: tuple[str, ...],
    output: str,
    quiet: bool,
) -> None:
    """Edit SOLUTION by hand: apply the edits in the order given, rebuild each changed group as solve
    would (meeting, modality, host, focus), judge it, write the new solution and say on standard error
    how the report changed. A group someone joins who cannot meet with it keeps its meeting and the
    broken rule is named. Exit 1 when the result breaks a rule (it is written all the same), 2 for an
    unknown id, a bad option value or an edit to a pinned group (nothing written).

    \b
    Examples:
      groupformer adjust signups.json solution.json --move t07:G003 -o edited.json
      groupformer adjust signups.json solution.json --swap t07:t12 --unassign t30 -o edited.json
      groupformer adjust signups.json solution.json --new-group t01,t02,t09 --dissolve G005 -o edited.json
      groupformer adjust signups.json solution.json --pin G001 --pin G002 --move t07:G003 -o edited.json
    """
    edits = {"move": move, "swap": swap, "new_group": new_group, "unassign": unassign, "dissolve": dissolve}
    try:
        signups = load_signups(read_input(signups_path), signups_path)
        solution = load_solution(read_input(solution_path), solution_path)
        if output != "-":
            writable_folder(output)
        in_order = _edits_in_order(edits, click.get_current_context().meta["adjust.order"])
        desk = groupformer.Desk(signups, solution)
        for group_id in pin:
            _pin(desk, group_id)
        before = desk.report
        changes = [(name, value, _apply(desk, name, value, arguments)) for name, value, arguments in in_order]
    except groupformer.InputError as error:
        fail(error.problems)
    write_output(output, to_json(desk.solution()))
    _tell(changes, groupformer.report_delta(before, desk.report), desk, quiet)
    if not desk.report.valid:
        sys.exit(EXIT_NO_SOLUTION)


def _tell(changes: list[tuple[str, str, DeskChange]], delta: ReportDelta, desk: Desk, quiet: bool) -> None:
    for name, value, change in changes:
        for violation in change.cannot_meet:
            note = f"{EDIT_OPTIONS[name]} {value}: {violation.message} (kept; the rules it breaks follow)"
            click.echo(note, err=True)
    if not quiet:
        edits = f"{len(changes)} edit" + ("" if len(changes) == 1 else "s")
        click.echo(f"groupformer adjust: {edits}, the report changed by", err=True)
        click.echo("\n".join(f"  {line}" for line in groupformer.delta_summary(delta).splitlines()), err=True)
    if not desk.report.valid:
        count = len(desk.report.violations)
        click.echo(f"the result breaks {count} rule" + ("" if count == 1 else "s") + ":", err=True)
        for violation in desk.report.violations:
            click.echo(f"violation ({violation.rule}): {violation.message}", err=True)
