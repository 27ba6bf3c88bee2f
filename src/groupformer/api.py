"""The library's entry points: read sign-ups, solve, judge, complete, explain, export, import.

Each function is a thin door onto the module that does the work, imported when the function is first
called: `import groupformer` (and so `groupformer --help`) loads neither pydantic's models nor the solver.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from groupformer.events import ProgressEvent, ProgressEvents, Started, Stoppable

if TYPE_CHECKING:
    from groupformer.cluster import Cluster
    from groupformer.contract import EvaluationReport, SignupFile, Solution, SubmittedSolution
    from groupformer.export.bundle import Exports
    from groupformer.export.organizer import Organizer
    from groupformer.formimport.importer import FormImport
    from groupformer.grouping import Grouping
    from groupformer.keep import KeptGroups

Source = bytes | str | os.PathLike
SCHEMA_NAMES = ("grouping", "input", "report", "solution")


def read_source(source: Source, source_name: str | None, default_name: str) -> tuple[bytes, str]:
    """The bytes of a source and the name problems are reported under: a path is read (a file that
    cannot be read is bad input), a str is the text itself, bytes are the content."""
    from groupformer.validate import InputError

    if isinstance(source, bytes):
        return source, source_name or default_name
    if isinstance(source, str):
        return source.encode(), source_name or default_name
    name = source_name or os.fspath(source)
    try:
        return Path(source).read_bytes(), name
    except OSError as error:
        raise InputError([f"{name}: cannot read: {error.strerror}"]) from None


def load_signups(source: Source, source_name: str | None = None) -> SignupFile:
    """Validated sign-ups from a path, JSON text (str) or bytes.

    Raises InputError listing every problem, each at its JSON path or participant id."""
    from groupformer.validate import load_signups as validated_signups

    return validated_signups(*read_source(source, source_name, "input"))


def load_solution(source: Source, source_name: str | None = None) -> SubmittedSolution:
    """A solution from any source (only the groups and the unassigned are required); raises InputError."""
    from groupformer.validate import load_solution as validated_solution

    return validated_solution(*read_source(source, source_name, "solution"))


def load_grouping(source: Source, signups: SignupFile, source_name: str | None = None) -> Grouping:
    """Who is in which group, any other field optional (docs/evaluate.md); raises InputError."""
    from groupformer.validate import load_grouping as validated_grouping

    raw, name = read_source(source, source_name, "grouping")
    return validated_grouping(raw, signups, name)


def load_roster(source: Source, signups: SignupFile, source_name: str | None = None) -> Grouping:
    """The grouping a roster CSV (as `export --csv` writes it) gives in its group column."""
    from groupformer.roster_grouping import load_roster as roster_grouping

    raw, name = read_source(source, source_name, "roster")
    return roster_grouping(raw, signups, name)


def keep_groups(
    signups: SignupFile, previous: SubmittedSolution, open_seats: bool = False, source_name: str = "previous"
) -> KeptGroups:
    """The sign-ups with every group of `previous` kept as an open group (`solve --keep`, docs/keep.md),
    with who was released from their group and who is gone; raises InputError naming `source_name` when a
    kept group cannot stand."""
    from groupformer.keep import keep_conflict, keep_previous_groups
    from groupformer.open_group_checks import open_group_problems
    from groupformer.validate import InputError

    conflict = keep_conflict(signups)
    if conflict:
        raise InputError([f"{source_name}: its groups cannot be kept with {conflict}"])
    kept = keep_previous_groups(signups, previous, open_seats)
    problems = open_group_problems(kept.signups)
    if problems:
        raise InputError([f"{source_name}: {problem}" for problem in problems])
    return kept


def solve(
    signups: SignupFile,
    *,
    time_limit: float | None = None,
    work_limit: float | None = None,
    seed: int | None = None,
    workers: int = 1,
    engine: str = "auto",
    keep: SubmittedSolution | None = None,
    open_seats: bool = False,
    progress: Callable[[ProgressEvent], None] | None = None,
    stop: Stoppable | None = None,
    clock_started: float | None = None,
    cluster: Cluster | None = None,
) -> Solution:
    """Groups for the sign-ups; options left as None take the file's settings.

    `work_limit` (in work units, docs/reproducibility.md) ends the search repeatably: with `workers=1`
    and a seed the groups are the same on any machine. `time_limit` (seconds from `clock_started`, a
    time.monotonic() reading, default now) is a hard cap. `keep` is an earlier solution whose groups are
    kept (`solve --keep`; `open_seats` opens their free seats). `progress` receives Started, Improved,
    PartDone and Finished events; setting `stop` (a StopSignal or threading.Event) ends the search with
    the best solution so far. `engine` is one of ENGINES. With a `cluster` (a Cluster: a Dask scheduler's
    address or a number of local worker processes, docs/cluster.md) each independent part is searched as
    a task there; with a work limit and `workers=1` the groups are those of a run here.
    """
    from groupformer.solve import solve as solve_signups

    started = time.monotonic() if clock_started is None else clock_started
    if keep is not None:
        signups = keep_groups(signups, keep, open_seats).signups
    events = ProgressEvents(progress) if progress is not None else None
    if progress is not None:
        progress(Started(len(signups.participants), time_limit, work_limit))
    solution = solve_signups(
        signups,
        time_limit_s=time_limit,
        work_limit=work_limit,
        seed=seed,
        workers=workers,
        engine=engine,
        stop_requested=stop,
        on_progress=events,
        clock_started=started,
        cluster=cluster,
    )
    if events is not None:
        events.finished(solution)
    return solution


def evaluate(signups: SignupFile, solution: SubmittedSolution) -> EvaluationReport:
    """The independent judge's report: validity, every violation, the objective and its parts."""
    from groupformer.evaluate import evaluate as judge_solution

    return judge_solution(signups, solution)


def judge(signups: SignupFile, grouping: Grouping) -> EvaluationReport:
    """The judge's report on a grouping, its missing fields derived as solve would (`report.derived`) and
    the groups that cannot meet among the violations (`groupformer evaluate`)."""
    from groupformer.complete import judge_grouping

    return judge_grouping(signups, grouping)[0]


def complete(signups: SignupFile, grouping: Grouping) -> tuple[Solution | None, EvaluationReport]:
    """The grouping filled in as solve would (`groupformer complete`), with the judge's report; the
    solution is None when the report finds it invalid."""
    from groupformer.complete import completed_solution

    return completed_solution(signups, grouping)


def explain(
    signups: SignupFile,
    solution: SubmittedSolution,
    target: str | None = None,
    *,
    time_limit: float = 10.0,
    clock_started: float | None = None,
    sources: Any = None,
) -> dict:
    """Why group `target` works, or why participant `target` was not placed and which single change to
    their sign-up would place them (each verified by a re-solve); without a target, every group and every
    unplaced person. `sources` (an ExplainSources) names the files the printed commands use."""
    from groupformer.explain import explain as explanation
    from groupformer.explain.report import PLACEHOLDER_SOURCES

    return explanation(signups, solution, target, time_limit, clock_started, sources or PLACEHOLDER_SOURCES)


def describe_groups(
    signups: SignupFile, solution: SubmittedSolution, group_ids: Collection[str] | None = None
) -> list[dict]:
    """`explain`'s account of every group (or of those in `group_ids`, in the solution's order): members'
    local meeting times, place, host, distances, broken rules. The solution is checked against the
    sign-ups once rather than once per group, as the desk's board needs after every edit. Raises
    InputError for a solution of other sign-ups."""
    from groupformer.explain.groups import GroupExplainer
    from groupformer.export.consistency import check_solution_matches

    check_solution_matches(signups, solution)
    explainer = GroupExplainer(signups)
    return [explainer.explain(group) for group in solution.groups if group_ids is None or group.id in group_ids]


def export(
    signups: SignupFile,
    solution: SubmittedSolution,
    *,
    calendars: bool = False,
    roster: bool = False,
    report: bool = False,
    redact: bool = False,
    created: datetime | None = None,
    organizer: Organizer | None = None,
    calendar_folder: Path | None = None,
    report_zone: str | None = None,
    suggest: bool = False,
) -> Exports:
    """The files a coordinator sends out, rendered and not written: `.calendars` (file name → iCalendar
    text), `.roster` (CSV) and `.report` (HTML), each only when asked for; with `suggest`, the report
    carries explain's verified suggestions for each unplaced person. Raises InputError when the solution
    belongs to other sign-ups."""
    from groupformer.export.bundle import render_exports

    suggestions = {entry.id: explain(signups, solution, entry.id) for entry in solution.unassigned} if suggest else {}
    return render_exports(
        signups,
        solution,
        calendars=calendars,
        roster=roster,
        report=report,
        redact=redact,
        created=created or datetime.now(timezone.utc),
        organizer=organizer,
        calendar_folder=calendar_folder,
        report_zone=report_zone,
        suggestions=suggestions,
    )


def import_form(
    form: Source, mapping: Source | None = None, source_name: str | None = None, mapping_name: str | None = None
) -> FormImport:
    """Sign-ups from a web form's CSV export (`.signups`), translated by a mapping (TOML; default: the
    sample form's), with what the import decided on its own (`.summary()`); raises InputError naming each
    unreadable cell's row and column."""
    from groupformer.formimport import read_form

    csv_bytes, form_name = read_source(form, source_name, "form")
    if mapping is None:
        return read_form(csv_bytes, None, form_name)
    mapping_bytes, mapping_name = read_source(mapping, mapping_name, "mapping")
    return read_form(csv_bytes, mapping_bytes, form_name, mapping_name)


def default_mapping() -> str:
    """The column mapping (TOML) `import_form` reads a form by when given none: the shipped sample form's,
    shown to a coordinator as the start of their own."""
    from groupformer.formimport.mapping import default_mapping_bytes

    return default_mapping_bytes().decode("utf-8")


def schema(name: str) -> dict:
    """The JSON Schema of one of SCHEMA_NAMES: input, solution, report or grouping."""
    from groupformer.contract import EvaluationReport, SignupFile, Solution
    from groupformer.grouping import Grouping

    models = {"input": SignupFile, "solution": Solution, "report": EvaluationReport, "grouping": Grouping}
    return models[name].model_json_schema()
