"""`groupformer bench suite`: sign-up instances under named configurations and baselines, judged alike.

Every (instance, configuration, time limit) run is one job, written to
`OUT/runs/<instance>/<configuration>-<limit>s.json` as soon as it ends; a later suite reuses it when the
instance file, time limit, seed and workers are the same, so an interrupted suite resumes. Whoever made a
solution, the independent evaluator judges it against the instance as given: validity, the contract's
measures and the objective in the report are the evaluator's, never a solver's own bookkeeping.

The configurations (configurations.py) and the report (suite_report.py) are modules of their own;
this one runs the jobs and is the suite's API.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from groupformer.bench.baselines import baseline_solution
from groupformer.bench.configurations import (
    CONFIGURATION_BY_NAME,
    CONFIGURATION_NAMES,
    CONFIGURATIONS,
    Configuration,
)
from groupformer.bench.executors import Executor, Task
from groupformer.bench.jobs import run_pending, write_atomically
from groupformer.bench.suite_report import write_report
from groupformer.compile import compile_problem
from groupformer.compile.scores import MICRO
from groupformer.contract import SignupFile, Solution
from groupformer.evaluate import evaluate
from groupformer.search.control import Progress
from groupformer.solve import solve
from groupformer.validate import InputError, load_signups

# The suite's API for `groupformer bench suite`, the configurations and the report writing included.
__all__ = [
    "CONFIGURATIONS",
    "CONFIGURATION_NAMES",
    "Job",
    "failed",
    "instance_files",
    "run_all",
    "run_job",
    "suite_jobs",
    "write_report",
]

MEASURES = ("assigned", "diversity", "coverage", "prefer_met", "size_pref_met")


def instance_files(folder: Path) -> list[Path]:
    """The folder's `*.json` sign-up files in name order, each validated, or every problem of every file."""
    if not folder.is_dir():
        raise InputError([f"{folder}: no such folder"])
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError([f"{folder}: no sign-up files (*.json)"])
    problems = []
    for file in files:
        try:
            load_signups(file.read_bytes(), str(file))
        except InputError as error:
            problems += [
                problem if problem.startswith(str(file)) else f"{file}: {problem}" for problem in error.problems
            ]
    if problems:
        raise InputError(problems)
    return files


@dataclass(frozen=True)
class Job:
    instance: Path
    configuration: str
    time_limit_s: float
    seed: int
    workers: int

    def run_path(self, out: Path) -> Path:
        return out / "runs" / self.instance.stem / f"{self.configuration}-{self.time_limit_s:g}s.json"


def suite_jobs(
    instances: list[Path], configurations: list[str], time_limits: list[float], seed: int, workers: int
) -> list[Job]:
    return [
        Job(instance, configuration, time_limit_s, seed, workers)
        for instance in instances
        for time_limit_s in time_limits
        for configuration in configurations
    ]


def run_job(job: Job, raw: bytes) -> dict:
    """The job's judged run on `raw`, its instance file's bytes; a configuration that crashes gives a run
    with its `error` instead, so one failure is reported with the rest rather than ending the suite."""
    try:
        return _judged_run(job, raw)
    except Exception as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return {**_job_fields(job), "participants": None, "error": f"{type(error).__name__} at {where}: {error}"}


def _job_fields(job: Job) -> dict:
    return {
        "instance": job.instance.stem,
        "configuration": job.configuration,
        "baseline": CONFIGURATION_BY_NAME[job.configuration].baseline,
        "time_limit_s": job.time_limit_s,
        "seed": job.seed,
        "workers": job.workers,
    }


def _judged_run(job: Job, raw: bytes) -> dict:
    """One configuration on one instance, timed from the validated sign-ups to the contract solution
    (reading the file and judging it are not timed), then judged by the evaluator."""
    signups = load_signups(raw, str(job.instance))
    configuration = CONFIGURATION_BY_NAME[job.configuration]
    if configuration.construct is not None:
        solution, curve = _constructed(signups, configuration, job.seed)
    else:
        solution, curve = _solved(signups, configuration, job)
    report = evaluate(signups, solution)
    proves_bound = configuration.construct is None
    return {
        **_job_fields(job),
        "instance_sha256": hashlib.sha256(raw).hexdigest(),
        "participants": len(signups.participants),
        "valid": report.valid,
        "violations": len(report.violations),
        **{measure: getattr(report, measure) for measure in MEASURES},
        "objective": round(report.objective, 6),
        "status": solution.status,
        "solver_objective": solution.objective,
        "bound": solution.bound if proves_bound else None,
        "gap_percent": round(100 * solution.stats.gap, 4) if proves_bound else None,
        "wall_s": round(curve[-1][0], 3),
        "curve": curve,
    }


def _constructed(signups: SignupFile, configuration: Configuration, seed: int) -> tuple[Solution, list]:
    started = time.monotonic()
    problem = compile_problem(signups)
    groups = configuration.construct(problem, seed)
    solution = baseline_solution(problem, groups, round(time.monotonic() - started, 3))
    return solution, [[round(time.monotonic() - started, 3), solution.objective]]


def _solved(signups: SignupFile, configuration: Configuration, job: Job) -> tuple[Solution, list]:
    """`solve` with every whole solution it reports recorded: the anytime curve."""
    if configuration.reweighted:
        signups = _with_diversity_weight(signups, configuration.diversity_factor)
    curve: list[list[float]] = []
    started = time.monotonic()

    def record(progress: Progress) -> None:
        value = progress.objective_micro / MICRO
        if progress.complete and (not curve or value > curve[-1][1]):
            curve.append([round(time.monotonic() - started, 3), value])

    solution = solve(
        signups,
        time_limit_s=job.time_limit_s,
        seed=job.seed,
        workers=job.workers,
        engine=configuration.engine,
        on_progress=record,
        clock_started=started,
    )
    curve.append([round(time.monotonic() - started, 3), solution.objective])
    return solution, curve


def _with_diversity_weight(signups: SignupFile, factor: float) -> SignupFile:
    weights = signups.settings.weights
    emphasised = weights.model_copy(update={"diversity": weights.diversity * factor})
    return signups.model_copy(update={"settings": signups.settings.model_copy(update={"weights": emphasised})})


def reusable_run(job: Job, out: Path, instance_sha256: str) -> dict | None:
    path = job.run_path(out)
    if not path.is_file():
        return None
    run = json.loads(path.read_text(encoding="utf-8"))
    same = (run["instance_sha256"], run["time_limit_s"], run["seed"], run["workers"])
    return run if same == (instance_sha256, job.time_limit_s, job.seed, job.workers) else None


def run_all(jobs: list[Job], out: Path, executor: Executor, on_done: Callable[[dict, bool], None]) -> list[dict]:
    """Every job's run, reusing those already in `out`, the others through `executor`; `on_done(run, reused)`
    hears of each. Pool processes are spawned, not forked, so no solver thread of the parent is copied
    into them."""
    digests = {
        instance: hashlib.sha256(instance.read_bytes()).hexdigest() for instance in {job.instance for job in jobs}
    }
    runs: list[dict] = []
    pending: list[Job] = []
    for job in jobs:
        run = reusable_run(job, out, digests[job.instance])
        if run is None:
            pending.append(job)
        else:
            runs.append(run)
            on_done(run, True)
    task = Task(run_job, _instance_file, Path.read_bytes, multiprocessing.get_context("spawn"))
    return runs + run_pending(pending, executor, task, lambda run, job: _saved(run, job, out), on_done)


def _instance_file(job: Job) -> Path:
    return job.instance


def _saved(run: dict, job: Job, out: Path) -> dict:
    """Kept for the next suite, unless it failed: a crash is retried, since it is a bug to be fixed."""
    if "error" not in run:
        write_atomically(job.run_path(out), json.dumps(run, indent=1) + "\n")
    return run


def failed(runs: list[dict]) -> list[dict]:
    return [run for run in runs if "error" in run or not run["valid"]]
