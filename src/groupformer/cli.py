"""The `groupformer` command: click options in, library calls, JSON out; no logic of its own.

JSON goes to standard output (or `-o`), the human summary to standard error, so commands pipe. `-` means
standard input or output everywhere. Exit status: 0 success, 1 the solver found no solution or the
evaluated solution is invalid, 2 bad input (one line per problem, no traceback, no output file), 3 an
internal error (a bug: one line, and the traceback in a crash report file).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

import groupformer
from groupformer import (
    SCHEMA_NAMES,
    complete,
    evaluate,
    explain,
    export,
    import_form,
    judge,
    keep_groups,
    load_grouping,
    load_roster,
    load_signups,
    load_solution,
    schema,
    solve,
)

if TYPE_CHECKING:
    from groupformer import Grouping, Organizer, SignupFile, Solution

EXIT_NO_SOLUTION = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise groupformer.InputError([f"{source}: cannot read: {error.strerror}"]) from None


def _writable_folder(destination: str) -> Path:
    """The output's folder, checked before any work; missing folders are made when writing (mkdir -p)."""
    if Path(destination).is_dir():
        raise groupformer.InputError([f"{destination}: is a folder; give a file name for the output"])
    folder = Path(destination).resolve().parent
    nearest = next(ancestor for ancestor in (folder, *folder.parents) if ancestor.exists())
    if not nearest.is_dir():
        raise groupformer.InputError([f"{destination}: {nearest} is a file, not a folder"])
    return folder


def _write(destination: str, text: str) -> None:
    """Write all or nothing: a temporary file beside the destination, renamed into place when complete."""
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(destination)
    folder = _writable_folder(destination)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        with open(temporary, "x", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _to_json(model) -> str:
    return json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def _fail(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _finite_seconds(context: click.Context, parameter: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter("must be a finite number of seconds")
    return value


class _LibraryChoice(click.Choice):
    """A choice among names the library defines, read when a command parses or shows its own help, so
    that `groupformer --help` imports none of the modules defining them."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._names())


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


def run() -> None:
    """The installed command and `python -m groupformer`: time limits count from the process start, as a
    user times the command (Python's start-up and the imports included)."""
    main(obj=groupformer.process_started())


def _command_started() -> float:
    """When this command started on time.monotonic(): the process start when run as a program, else (the
    command called in another program's process, tests among them) now."""
    started = click.get_current_context().find_root().obj
    return started if isinstance(started, float) else time.monotonic()


@main.command("solve")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", default="-", show_default=True, help="Solution file, or - for standard output.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=_finite_seconds,
    help="Seconds for the whole command, a hard cap (default: settings.time_limit_s).",
)
@click.option(
    "--work-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=_finite_seconds,
    help="Search work in units of about a second on the reference machine; with --workers 1 and a seed the "
    "output is the same on any machine (default: settings.work_limit, else what the time limit buys).",
)
@click.option("--seed", type=click.IntRange(min=0), help="Random seed (default: settings.seed).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="CP-SAT threads (auto runs LNS in one more); 1 is repeatable.",
)
@click.option(
    "--engine",
    type=_LibraryChoice(lambda: groupformer.ENGINES),
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
    """
    clock_started = _command_started()
    if open_seats and keep_path is None:
        raise click.UsageError("--open-seats needs --keep PREVIOUS")
    try:
        signups = load_signups(_read(input_path), input_path)
        if keep_path is not None:
            signups = _with_previous_groups(signups, keep_path, open_seats, quiet)
        if output != "-":
            _writable_folder(output)
        limits = {"time_limit": time_limit, "work_limit": work_limit, "clock_started": clock_started}
        solution = _solve_with_signals(signups, limits, seed, workers, engine, quiet)
        _check_with_judge(signups, solution)
        _write(output, _to_json(solution))
    except groupformer.InputError as error:
        _fail(error.problems)
    if not quiet:
        click.echo(groupformer.solution_summary(solution), err=True)
    if solution.status == "unknown":
        sys.exit(EXIT_NO_SOLUTION)


def _with_previous_groups(signups: SignupFile, keep_path: str, open_seats: bool, quiet: bool) -> SignupFile:
    kept = keep_groups(signups, load_solution(_read(keep_path), keep_path), open_seats, keep_path)
    if not quiet:
        for member, group_id in sorted(kept.released.items()):
            click.echo(f"--keep: {member} no longer suits {group_id}'s meeting and is placed again", err=True)
        if kept.gone:
            click.echo(f"--keep: no longer signed up, left their groups: {', '.join(kept.gone)}", err=True)
    return kept.signups


def _solve_with_signals(signups, limits: dict, seed, workers, engine, quiet) -> Solution:
    """Run the solve with Ctrl-C and SIGTERM turned into a request to stop and keep the best so far."""
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
                seed=seed,
                workers=workers,
                engine=engine,
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
        signups = load_signups(_read(input_path), input_path)
    except groupformer.InputError as error:
        _fail(error.problems)
    click.echo(f"{input_path}: valid, {len(signups.participants)} participants", err=True)


def _read_grouping(signups: SignupFile, solution_path: str | None, roster_path: str | None) -> Grouping:
    if (solution_path is None) == (roster_path is None):
        raise groupformer.InputError(["give either a SOLUTION file or --roster ROSTER.csv"])
    if roster_path is not None:
        return load_roster(_read(roster_path), signups, roster_path)
    return load_grouping(_read(solution_path), signups, solution_path)


ROSTER_HELP = "A roster CSV (as export --csv writes it) whose group column says who is where, instead of SOLUTION."


@main.command("evaluate")
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
        signups = load_signups(_read(input_path), input_path)
        grouping = _read_grouping(signups, solution_path, roster_path)
    except groupformer.InputError as error:
        _fail(error.problems)
    report = judge(signups, grouping)
    _write("-", _to_json(report))
    for violation in report.violations:
        click.echo(f"violation ({violation.rule}): {violation.message}", err=True)
    if not quiet:
        click.echo(groupformer.evaluation_summary(report), err=True)
    if not report.valid:
        sys.exit(EXIT_NO_SOLUTION)


@main.command("complete")
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
        signups = load_signups(_read(input_path), input_path)
        grouping = _read_grouping(signups, grouping_path, roster_path)
        if output != "-":
            _writable_folder(output)
    except groupformer.InputError as error:
        _fail(error.problems)
    solution, report = complete(signups, grouping)
    for violation in report.violations:
        click.echo(f"violation ({violation.rule}): {violation.message}", err=True)
    if solution is None:
        click.echo(f"error: {len(report.violations)} problems, nothing written", err=True)
        sys.exit(EXIT_NO_SOLUTION)
    _write(output, _to_json(solution))
    if not quiet:
        click.echo(groupformer.evaluation_summary(report), err=True)


SCHEMAS = SCHEMA_NAMES


@main.command("schema")
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
    _write("-", json.dumps(schema(which), indent=2) + "\n")


@main.command("generate")
@click.option("--n", "count", type=click.IntRange(min=1), required=True, help="Number of participants.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--shape",
    type=_LibraryChoice(lambda: sorted(groupformer.SHAPES)),
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
        _write(output, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except groupformer.InputError as error:
        _fail(error.problems)


@main.group("bench")
def bench_group() -> None:
    """Benchmarks of assignment quality: MDGPLIB instances and suites of sign-ups.

    \b
    Examples:
      groupformer bench mdgp mdgplib/RanReal --out results/ --jobs 2
      groupformer bench suite instances/suite --out suite-results
    """


@bench_group.command("mdgp")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(path_type=Path))
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=_finite_seconds,
    help="Seconds per run (default: the literature's limit for the instance size: 3 s for n = 120, ...).",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="1: single thread.")
@click.option("--seeds", type=click.IntRange(min=1), default=1, show_default=True, help="Runs per instance.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Runs in parallel processes.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder for results (resumable).")
def bench_mdgp_command(
    paths: tuple[Path, ...], time_limit: float | None, workers: int, seeds: int, jobs: int, out: Path
) -> None:
    """Solve MDGPLIB instances (files or folders of them) and compare with best-known values.

    Writes OUT/<instance>.json per instance and OUT/report.md, OUT/report.json; runs already in OUT
    with the same settings are reused, so an interrupted benchmark resumes.

    \b
    Examples:
      groupformer bench mdgp mdgplib/RanReal/RanReal_n120_ss_01.txt --out results/
      groupformer bench mdgp mdgplib/ --seeds 3 --jobs 2 --workers 1 --out results/
    """
    from groupformer.bench import mdgp_runner

    try:
        files = mdgp_runner.instance_paths(paths)
        for file in files:
            groupformer.check_mdgp_header(file)
        if out.exists() and not out.is_dir():
            raise groupformer.MdgpFormatError(f"{out}: exists and is not a folder")
    except groupformer.MdgpFormatError as error:
        _fail([str(error)])
    out.mkdir(parents=True, exist_ok=True)
    best_known = mdgp_runner.best_known_values(files)
    runs_wanted = [mdgp_runner.Job(file, seed, time_limit, workers) for file in files for seed in range(seeds)]
    try:
        with click.progressbar(length=len(runs_wanted), label="bench mdgp", file=sys.stderr) as bar:
            runs = mdgp_runner.run_all(runs_wanted, out, jobs, on_done=lambda run, reused: bar.update(1))
    except groupformer.MdgpFormatError as error:
        _fail([f"{error} (runs finished before it are kept in {out / 'runs'})"])
    summaries = mdgp_runner.instance_summaries(runs, best_known, out)
    averages = mdgp_runner.group_averages(summaries)
    report = mdgp_runner.markdown_report(summaries, averages)
    _write(str(out / "report.md"), report)
    listed = [{key: value for key, value in summary.items() if key != "groups"} for summary in summaries]
    _write(str(out / "report.json"), json.dumps({"instances": listed, "averages": averages}, indent=1) + "\n")
    click.echo(report)


def _suite_configuration_names() -> tuple[str, ...]:
    from groupformer.bench import suite

    return suite.CONFIGURATION_NAMES


def _finite_seconds_each(context: click.Context, parameter: click.Parameter, values: tuple[float, ...]):
    return tuple(_finite_seconds(context, parameter, value) for value in values)


@bench_group.command("suite")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--out",
    default="suite-results",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder for results (resumable).",
)
@click.option(
    "--time-limit",
    "time_limits",
    multiple=True,
    default=(10.0,),
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    callback=_finite_seconds_each,
    help="Seconds per run; repeat to run every configuration at several limits.",
)
@click.option(
    "--config",
    "configurations",
    multiple=True,
    type=_LibraryChoice(_suite_configuration_names),
    help="Only these configurations (repeatable; default: all).",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="The same for every run.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="1: single thread.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Runs in parallel processes.")
def bench_suite_command(
    folder: Path,
    out: Path,
    time_limits: tuple[float, ...],
    configurations: tuple[str, ...],
    seed: int,
    workers: int,
    jobs: int,
) -> None:
    """Run every sign-up file in DIR under each configuration and baseline, judged by the evaluator.

    Writes OUT/report.md, OUT/report.json and OUT/plots/<instance>-<limit>s.svg (objective against time);
    runs already in OUT/runs with the same instance, time limit, seed and workers are reused. Exit status 1
    when a run crashed or its solution was judged invalid (it is in the report, and rerun next time).

    \b
    Examples:
      groupformer bench suite instances/suite --out suite-results
      groupformer bench suite instances/suite --time-limit 5 --time-limit 30 --config auto --config greedy
    """
    from groupformer.bench import suite

    try:
        instances = suite.instance_files(folder)
        if out.exists() and not out.is_dir():
            raise groupformer.InputError([f"{out}: exists and is not a folder"])
    except groupformer.InputError as error:
        _fail(error.problems)
    wanted = suite.suite_jobs(
        instances, list(configurations or suite.CONFIGURATION_NAMES), list(time_limits), seed, workers
    )
    with click.progressbar(length=len(wanted), label="bench suite", file=sys.stderr) as bar:
        runs = suite.run_all(wanted, out, jobs, on_done=lambda run, reused: bar.update(1))
    click.echo(suite.write_report(runs, out))
    failed = suite.failed(runs)
    if failed:
        click.echo(
            f"{len(failed)} of {len(runs)} runs failed or were judged invalid: see {out / 'report.md'}", err=True
        )
        sys.exit(EXIT_NO_SOLUTION)


@main.command("import")
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
            _writable_folder(output)
        mapping = None if mapping_path is None else _read(mapping_path)
        imported = import_form(_read(form_path), mapping, form_path, mapping_path)
        signups = imported.signups
        document = signups.model_dump(mode="json", exclude_unset=True)
        _write(output, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except groupformer.InputError as error:
        _fail(error.problems)
    if not quiet:
        source = "standard input" if form_path == "-" else Path(form_path).name
        click.echo(groupformer.import_summary(signups, source, output) + "\n" + imported.summary(), err=True)


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


@main.command("export")
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
        signups = load_signups(_read(input_path), input_path)
        solution = load_solution(_read(solution_path), solution_path)
        folder = _calendar_folder(ics_folder) if ics_folder is not None else None
        for destination in (roster_path, report_path):
            if destination not in (None, "-"):
                _writable_folder(destination)
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
        _fail(error.problems)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in exports.calendars.items():
            _write(str(folder / name), text)
    if roster_path is not None:
        _write(roster_path, exports.roster)
    if report_path is not None:
        _write(report_path, exports.report)
    if not quiet:
        click.echo(groupformer.export_summary(exports, ics_folder, roster_path, report_path), err=True)


@main.command("explain")
@click.argument("input_path", metavar="SIGNUPS")
@click.argument("solution_path", metavar="SOLUTION")
@click.argument("target", metavar="[ID]", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of words.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=_finite_seconds,
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
    clock_started = _command_started()
    try:
        raw_signups = _read(input_path)
        signups = load_signups(raw_signups, input_path)
        solution = load_solution(_read(solution_path), solution_path)
        document = groupformer.parse_json(raw_signups, input_path)
        sources = groupformer.ExplainSources(input_path, solution_path, changes_folder, document)
        explanation = explain(
            signups, solution, target, time_limit=time_limit, clock_started=clock_started, sources=sources
        )
        if changes_folder is not None:
            for path, text in groupformer.changed_signup_files(sources, signups, explanation).items():
                _write(path, text)
    except groupformer.InputError as error:
        _fail(error.problems)
    text = groupformer.render_explanation(explanation)
    _write("-", json.dumps(explanation, indent=2, ensure_ascii=False) + "\n" if as_json else text)
