"""The `groupformer` command: click options in, library calls, JSON out; no logic of its own.

JSON goes to standard output (or `-o`), the human summary to standard error, so commands pipe. `-` means
standard input or output everywhere. Exit status: 0 success, 1 the solver found no solution or the
evaluated solution is invalid, 2 bad input (one line per problem, no traceback, no output file), 3 an
internal error (a bug: one line, and the traceback in a crash report file).

Here: the command group, solve and validate; the other commands are in cli_documents (evaluate, complete,
schema, generate, import), cli_report (export, explain) and cli_bench, and what they share in cli_io.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from typing import TYPE_CHECKING

import click

import groupformer
from groupformer import evaluate, keep_groups, load_signups, load_solution, solve
from groupformer.cli_adjust import adjust_command
from groupformer.cli_bench import bench_group
from groupformer.cli_documents import (
    SCHEMAS,
    complete_command,
    evaluate_command,
    generate_command,
    import_command,
    schema_command,
)
from groupformer.cli_io import (
    EXIT_INTERNAL_ERROR,
    EXIT_NO_SOLUTION,
    LibraryChoice,
    chosen_cluster,
    cluster_options,
    command_started,
    fail,
    finite_seconds,
    read_input,
    to_json,
    within_limit,
    writable_folder,
    write_output,
)
from groupformer.cli_report import explain_command, export_command
from groupformer.cli_serve import serve_command

if TYPE_CHECKING:
    from groupformer import SignupFile, Solution

__all__ = ["SCHEMAS", "main", "run"]


class _ReportingCrashes(click.Group):
    """Exit 3 with one line and a crash report for a bug, so it is never mistaken for "no solution" (1)."""

    def invoke(self, context: click.Context):
        try:
            return super().invoke(context)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            click.echo(groupformer.crash_message(error, groupformer.write_crash_report(error)), err=True)
            sys.exit(EXIT_INTERNAL_ERROR)


EXIT_STATUSES = """\b
Exit status:
  0  success
  1  no solution found in time, or evaluate found the solution invalid
  2  bad input or usage (every problem listed, no output file written)
  3  internal error (a bug: a one-line message and a crash report file)"""


@click.group(cls=_ReportingCrashes, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUSES)
@click.version_option(package_name="groupformer")
def main() -> None:
    """Form peer consultation groups that can actually meet.

    \b
    Examples:
      groupformer solve instances/example.json -o solution.json
      groupformer import form.csv -o signups.json
      groupformer export signups.json solution.json --html report.html
      groupformer COMMAND -h
    """


for command in (
    evaluate_command,
    complete_command,
    schema_command,
    generate_command,
    bench_group,
    import_command,
    export_command,
    explain_command,
    serve_command,
    adjust_command,
):
    main.add_command(command)


def run() -> None:
    """The installed command and `python -m groupformer`: time limits count from the process start, as a
    user times the command (Python's start-up and the imports included)."""
    main(obj=groupformer.process_started())


@main.command("solve")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", default="-", show_default=True, help="Solution file, or - for standard output.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=finite_seconds,
    help="Seconds for the whole command, a hard cap (default: settings.time_limit_s).",
)
@click.option(
    "--work-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=finite_seconds,
    help="Search work in units of about a second on the reference machine; with --workers 1 and a seed the "
    "output is the same on any machine (default: settings.work_limit, else what the time limit buys).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    callback=within_limit("MAX_SEED"),
    help="Random seed (default: settings.seed).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="CP-SAT threads (auto runs LNS in one more); 1 is repeatable.",
)
@click.option(
    "--engine",
    type=LibraryChoice(lambda: groupformer.ENGINES),
    default="auto",
    show_default=True,
    help="exact: CP-SAT over every candidate group; search: greedy and LNS only; auto: both where each works.",
)
@click.option(
    "--keep",
    "keep_path",
    metavar="PREVIOUS",
    help="Keep every group of this earlier solution (minus members no longer signed up); place only the rest.",
)
@click.option(
    "--open-seats",
    is_flag=True,
    help="With --keep: every kept group offers its free seats up to group_size.max, even at the minimum size "
    "(without it only groups that fell below the minimum take newcomers). See docs/keep.md.",
)
@cluster_options("Search the independent parts")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on standard error.")
def solve_command(
    input_path: str,
    output: str,
    time_limit: float | None,
    work_limit: float | None,
    seed: int | None,
    workers: int,
    engine: str,
    keep_path: str | None,
    open_seats: bool,
    scheduler: str | None,
    local_workers: int | None,
    quiet: bool,
) -> None:
    """Form groups from the sign-ups in INPUT.

    Ctrl-C or SIGTERM stops the search and writes the best solution found so far.

    \b
    Examples:
      groupformer solve signups.json -o solution.json
      groupformer solve signups.json --time-limit 60 --seed 1 > solution.json
      groupformer solve signups.json --keep solution.json -o next.json
      groupformer generate --n 30 | groupformer solve - -q
      groupformer solve signups.json --work-limit 60 --seed 1 --cluster local:2 -o solution.json
    """
    clock_started = command_started()
    if open_seats and keep_path is None:
        raise click.UsageError("--open-seats needs --keep PREVIOUS")
    cluster = chosen_cluster(scheduler, local_workers)
    try:
        signups = load_signups(read_input(input_path), input_path)
        if keep_path is not None:
            signups = _with_previous_groups(signups, keep_path, open_seats, quiet)
        if output != "-":
            writable_folder(output)
        limits = {"time_limit": time_limit, "work_limit": work_limit, "clock_started": clock_started}
        solution = _solve_with_signals(
            signups, limits, {"seed": seed, "workers": workers, "engine": engine}, cluster, quiet
        )
        _check_with_judge(signups, solution)
        write_output(output, to_json(solution))
    except groupformer.InputError as error:
        fail(error.problems)
    if not quiet:
        click.echo(groupformer.solution_summary(solution), err=True)
    if solution.status == "unknown":
        sys.exit(EXIT_NO_SOLUTION)


def _with_previous_groups(signups: SignupFile, keep_path: str, open_seats: bool, quiet: bool) -> SignupFile:
    kept = keep_groups(signups, load_solution(read_input(keep_path), keep_path), open_seats, keep_path)
    if not quiet:
        for member, group_id in sorted(kept.released.items()):
            click.echo(f"--keep: {member} no longer suits {group_id}'s meeting and is placed again", err=True)
        if kept.gone:
            click.echo(f"--keep: no longer signed up, left their groups: {', '.join(kept.gone)}", err=True)
    return kept.signups


def _solve_with_signals(signups, limits: dict, run: dict, cluster, quiet) -> Solution:
    """Run the solve with Ctrl-C and SIGTERM turned into a request to stop and keep the best so far;
    `run` holds the seed, workers and engine."""
    stop_requested = threading.Event()

    def request_stop(signal_number, frame) -> None:
        if not stop_requested.is_set():
            click.echo("stopping: writing the best solution found so far", err=True)
        stop_requested.set()

    previous = {number: signal.signal(number, request_stop) for number in (signal.SIGINT, signal.SIGTERM)}
    show_progress = not quiet and sys.stderr.isatty()
    limit_s = limits["time_limit"] or signups.settings.time_limit_s
    progress = groupformer.ProgressLine(len(signups.participants), limit_s, _redraw_on_terminal)
    try:
        with progress if show_progress else contextlib.nullcontext():
            return solve(
                signups,
                **limits,
                **run,
                cluster=cluster,
                stop=stop_requested,
                progress=progress.update if show_progress else None,
            )
    finally:
        if progress.drawn:
            sys.stderr.write("\n")
        for number, handler in previous.items():
            signal.signal(number, handler)


def _redraw_on_terminal(line: str) -> None:
    """Overwrite the previous progress line (carriage return, then clear to the end of the line)."""
    sys.stderr.write("\r" + line + "\x1b[K")
    sys.stderr.flush()


def _check_with_judge(signups: SignupFile, solution: Solution) -> None:
    """Never hand out a solution the independent evaluator rejects."""
    report = evaluate(signups, solution)
    if not report.valid:
        for violation in report.violations:
            click.echo(f"internal error: solver produced an invalid solution: {violation.message}", err=True)
        sys.exit(EXIT_INTERNAL_ERROR)


@main.command("validate")
@click.argument("input_path", metavar="INPUT")
def validate_command(input_path: str) -> None:
    """Check INPUT against the contract; list every problem with its place.

    \b
    Examples:
      groupformer validate signups.json
      groupformer import form.csv | groupformer validate -
    """
    try:
        signups = load_signups(read_input(input_path), input_path)
    except groupformer.InputError as error:
        fail(error.problems)
    click.echo(f"{input_path}: valid, {len(signups.participants)} participants", err=True)
