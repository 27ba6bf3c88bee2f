"""`groupformer bench`: MDGPLIB instances and suites of sign-ups, through the benchmarks' API
(groupformer.bench)."""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from pathlib import Path

import click

import groupformer
from groupformer.cli_io import (
    EXIT_NO_SOLUTION,
    LibraryChoice,
    cluster_options,
    fail,
    finite_seconds,
    finite_seconds_each,
    one_place,
    within_limit,
    write_output,
)


@click.group("bench")
def bench_group() -> None:
    """Benchmarks of assignment quality: MDGPLIB instances and suites of sign-ups.

    \b
    Examples:
      groupformer bench mdgp mdgplib/RanReal --out results/ --jobs 2
      groupformer bench suite instances/suite --out suite-results
    """


def executor_options(command):
    """`--jobs`, `--scheduler` and `--cluster`, turned into one `executor` argument (bench/executors.py)."""

    @click.option(
        "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Runs in parallel processes."
    )
    @cluster_options("Run")
    @functools.wraps(command)
    def with_executor(jobs: int, scheduler: str | None, local_workers: int | None, **arguments):
        from groupformer.bench import executors

        one_place(
            "runs", {"--jobs": jobs > 1, "--scheduler": scheduler is not None, "--cluster": local_workers is not None}
        )
        try:
            executor = executors.chosen(jobs, scheduler, local_workers)
        except groupformer.InputError as error:
            fail(error.problems)
        return command(executor=executor, **arguments)

    return with_executor


def _mdgp_search_names() -> tuple[str, ...]:
    from groupformer.bench import mdgp_runner

    return mdgp_runner.SEARCHES


@bench_group.command("mdgp")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(path_type=Path))
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=finite_seconds,
    help="Seconds per run (default: the literature's limit for the instance size: 3 s for n = 120, ...).",
)
@click.option(
    "--work-limit",
    type=click.FloatRange(min=0, min_open=True),
    callback=finite_seconds,
    help="Search work per run in units of about a second on the reference machine: a run that ends on it "
    "gives the same partition for its seed anywhere (the time limit still caps it).",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="1: single thread.")
@click.option(
    "--search",
    "search_name",
    type=LibraryChoice(_mdgp_search_names),
    default="memetic",
    show_default=True,
    help="The memetic search, or the iterated tabu search it is measured against.",
)
@click.option(
    "--clock",
    type=click.Choice(["cpu", "wall"]),
    default="cpu",
    show_default=True,
    help="What --time-limit counts: each search thread's CPU seconds (the literature's unit; a busy machine "
    "then takes longer rather than searching less), or wall seconds.",
)
@click.option(
    "--seeds",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Runs per instance; the report gives their best, average and worst (TPSDP reports 20).",
)
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder for results (resumable).")
@click.option(
    "--reference",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder with best_known.csv and/or tpsdp_reported_all.csv (default: beside the instances).",
)
@click.option(
    "--keep-best",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder where each partition that beats its best-known value (and the one kept there) is written.",
)
@executor_options
def bench_mdgp_command(
    paths: tuple[Path, ...],
    time_limit: float | None,
    work_limit: float | None,
    workers: int,
    search_name: str,
    clock: str,
    seeds: int,
    executor,
    out: Path,
    reference: Path | None,
    keep_best: Path | None,
) -> None:
    """Solve MDGPLIB instances (files or folders of them) and compare with best-known values.

    Writes OUT/<instance>.json per instance and OUT/report.md, OUT/report.json: per instance the best,
    average and worst over the seeds and their gaps to the best-known value, mean gaps per set, size and
    type next to TPSDP's, and the instances where the best run beats the best-known value. Runs already
    in OUT with the same settings are reused, so an interrupted benchmark resumes.

    \b
    Examples:
      groupformer bench mdgp mdgplib/RanReal/RanReal_n120_ss_01.txt --out results/
      groupformer bench mdgp mdgplib/ --seeds 20 --jobs 2 --reference mdgplib/ --out results/
      groupformer bench mdgp mdgplib/Geo --out results/ --keep-best benchmarks/mdgp-best
      groupformer bench mdgp mdgplib/RanReal --seeds 20 --scheduler tcp://10.0.0.5:8786 --out results/
    """
    from groupformer.bench import mdgp_best, mdgp_report, mdgp_runner

    try:
        files = mdgp_runner.instance_paths(paths)
        for file in files:
            groupformer.check_mdgp_header(file)
        if out.exists() and not out.is_dir():
            raise groupformer.MdgpFormatError(f"{out}: exists and is not a folder")
        known = mdgp_report.read_reference(files, reference)
    except groupformer.MdgpFormatError as error:
        fail([str(error)])
    out.mkdir(parents=True, exist_ok=True)
    runs_wanted = [
        mdgp_runner.Job(file, seed, time_limit, workers, work_limit, search_name, clock)
        for file in files
        for seed in range(seeds)
    ]
    mdgp_runner.compile_unless_done(runs_wanted, out, lambda message: click.echo(message, err=True))
    try:
        with _entered(executor), click.progressbar(length=len(runs_wanted), label="bench mdgp", file=sys.stderr) as bar:
            runs = mdgp_runner.run_all(runs_wanted, out, executor, on_done=lambda run, reused: bar.update(1))
    except groupformer.MdgpFormatError as error:
        fail([f"{error} (runs finished before it are kept in {out / 'runs'})"])
    summaries = mdgp_runner.instance_summaries(runs, known, out)
    averages = mdgp_report.group_averages(summaries)
    report = mdgp_report.markdown_report(summaries, averages)
    write_output(str(out / "report.md"), report)
    listed = [{key: value for key, value in summary.items() if key != "groups"} for summary in summaries]
    new_best = [summary["instance"] for summary in summaries if mdgp_report.beats_best_known(summary)]
    document = {"instances": listed, "averages": averages, "beats_best_known": new_best}
    write_output(str(out / "report.json"), json.dumps(document, indent=1) + "\n")
    click.echo(report)
    if keep_best is not None:
        for name in mdgp_best.keep_new_bests(summaries, keep_best):
            click.echo(f"new best for {name}: {keep_best / (name + '.json')}", err=True)


@contextlib.contextmanager
def _entered(executor):
    """The executor started (a cluster connected to, or started here), or exit 2 saying why not."""
    try:
        started = executor.__enter__()
    except groupformer.InputError as error:
        fail(error.problems)
    try:
        yield started
    finally:
        executor.__exit__(None, None, None)


def _suite_configuration_names() -> tuple[str, ...]:
    from groupformer.bench import suite

    return suite.CONFIGURATION_NAMES


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
    callback=finite_seconds_each,
    help="Seconds per run; repeat to run every configuration at several limits.",
)
@click.option(
    "--config",
    "configurations",
    multiple=True,
    type=LibraryChoice(_suite_configuration_names),
    help="Only these configurations (repeatable; default: all).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    callback=within_limit("MAX_SEED"),
    default=0,
    show_default=True,
    help="The same for every run.",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="1: single thread.")
@executor_options
def bench_suite_command(
    folder: Path,
    out: Path,
    time_limits: tuple[float, ...],
    configurations: tuple[str, ...],
    seed: int,
    workers: int,
    executor,
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
        fail(error.problems)
    wanted = suite.suite_jobs(
        instances, list(configurations or suite.CONFIGURATION_NAMES), list(time_limits), seed, workers
    )
    with _entered(executor), click.progressbar(length=len(wanted), label="bench suite", file=sys.stderr) as bar:
        runs = suite.run_all(wanted, out, executor, on_done=lambda run, reused: bar.update(1))
    click.echo(suite.write_report(runs, out))
    failed = suite.failed(runs)
    if failed:
        click.echo(
            f"{len(failed)} of {len(runs)} runs failed or were judged invalid: see {out / 'report.md'}", err=True
        )
        sys.exit(EXIT_NO_SOLUTION)
