"""`groupformer bench mdgp`: MDGPLIB instances through the partition engine (search/partition.py).

Every (instance, seed) run is one job, written to `DIR/runs/<instance>/seed-<k>.json` as soon as it
ends, so an interrupted benchmark resumes where it stopped (a run is reused only when it had the same
time limit, work limit, workers, search and clock). A work limit makes a run repeatable: the same seed gives the same
partition on any machine, in any executor (executors.py). When all seeds of an instance are done,
`DIR/<instance>.json` holds the best partition and every run. The objective is always recomputed from
the partition and the distances, and the size bounds are checked, so a report never trusts the
search's own bookkeeping.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from groupformer.bench.executors import Executor, Task
from groupformer.bench.jobs import run_pending, write_atomically
from groupformer.bench.mdgp_report import Reference, instance_summary
from groupformer.mdgp import MdgpFormatError, MdgpInstance, read_instance, to_partition_problem, verified_value
from groupformer.search.control import SearchControl
from groupformer.search.memetic import compile_ahead
from groupformer.search.partition import PARTITION_SEARCHES, solve_partition

# Single-thread CPU-second limits of Lai & Hao 2016 and Yang et al. 2022, by instance size
# (set in their published code); smaller instances get the n = 120 limit.
LITERATURE_TIME_LIMITS = ((120, 3.0), (240, 20.0), (480, 120.0), (960, 600.0), (2000, 1200.0), (3000, 3000.0))


SEARCHES = PARTITION_SEARCHES
# what a search's descents after the first are, in a run's method
ROUNDS = {"memetic": "children", "iterated": "restarts"}


# Under a CPU limit the wall clock still caps a run, at this multiple of the limit: a machine so busy that
# a run gets less than a fifth of a core would otherwise hold the benchmark for hours.
CPU_WALL_CAP = 5.0


def literature_time_limit(item_count: int) -> float:
    for size, limit in LITERATURE_TIME_LIMITS:
        if item_count <= size:
            return limit
    return LITERATURE_TIME_LIMITS[-1][1]


def instance_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders searched for `*.txt` instance files, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob("*.txt"), key=lambda file: file.stem))
        elif path.is_file():
            found.append(path)
        else:
            raise MdgpFormatError(f"{path}: no such file or folder")
    if not found:
        raise MdgpFormatError("no instance files (*.txt) in " + ", ".join(str(path) for path in paths))
    return found


def instance_set(name: str) -> str:
    return name.split("_")[0]


@dataclass(frozen=True)
class Job:
    path: Path
    seed: int
    time_limit_s: float | None
    workers: int
    work_limit: float | None = None
    search: str = "memetic"
    clock: str = "cpu"


def run_job(job: Job, instance: MdgpInstance) -> dict:
    """One search on `instance`, read from `job.path` by whoever runs the job; building the problem and
    compiling the search's step loop (numba, cached after the first run) are not timed."""
    compile_ahead()
    problem = to_partition_problem(instance)
    time_limit_s = job.time_limit_s or literature_time_limit(instance.item_count)
    cpu_limit_s = time_limit_s if job.clock == "cpu" else math.inf
    wall_limit_s = time_limit_s * (CPU_WALL_CAP if job.clock == "cpu" else 1.0)
    control = SearchControl(time.monotonic() + wall_limit_s, work_limit=job.work_limit)
    cpu_started = time.process_time()
    outcome = solve_partition(problem, job.seed, job.workers, control, job.search, cpu_limit_s)
    seconds = time.monotonic() - control.started
    groups = [list(members) for members in outcome.groups]
    return {
        "instance": instance.name,
        "set": instance_set(instance.name),
        "n": instance.item_count,
        "m": instance.group_count,
        "type": instance.group_type,
        "seed": job.seed,
        "time_limit_s": time_limit_s,
        "workers": job.workers,
        "work_limit": job.work_limit,
        "search": job.search,
        "clock": job.clock,
        "objective": round(verified_value(instance, groups), 6),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu_started, 3),
        "time_to_best_s": round(outcome.seconds_to_best, 3),
        "method": f"{job.search}({outcome.steps} steps, {outcome.rounds} {ROUNDS[job.search]})",
        "groups": groups,
    }


def run_path(out: Path, instance_name: str, seed: int) -> Path:
    return out / "runs" / instance_name / f"seed-{seed}.json"


def reusable_run(path: Path, job: Job) -> dict | None:
    if not path.is_file():
        return None
    run = json.loads(path.read_text(encoding="utf-8"))
    same_limit = job.time_limit_s is None or run["time_limit_s"] == job.time_limit_s
    same_work = run.get("work_limit") == job.work_limit
    # runs saved before the memetic search existed were the iterated tabu search's
    same_search = run.get("search", "iterated") == job.search and run.get("clock", "wall") == job.clock
    return run if same_limit and same_work and same_search and run["workers"] == job.workers else None


def compile_unless_done(jobs: list[Job], out: Path, announce: Callable[[str], None]) -> None:
    """Compile the search unless every run is already in `out`: once, before any job, so that parallel
    jobs load it rather than each compile it; `announce` hears when that takes seconds."""
    if any(reusable_run(run_path(out, job.path.stem, job.seed), job) is None for job in jobs):
        compile_ahead(announce)


def run_all(jobs: list[Job], out: Path, executor: Executor, on_done: Callable[[dict, bool], None]) -> list[dict]:
    """Every job's run, reusing those already in `out`, the others through `executor`; `on_done(run, reused)`
    hears of each."""
    runs: list[dict] = []
    pending: list[Job] = []
    for job in jobs:
        run = reusable_run(run_path(out, job.path.stem, job.seed), job)
        if run is None:
            pending.append(job)
        else:
            runs.append(run)
            on_done(run, True)
    task = Task(run_job, _instance_file, read_instance)
    return runs + run_pending(pending, executor, task, lambda run, job: _saved(run, out), on_done)


def _instance_file(job: Job) -> Path:
    return job.path


def _saved(run: dict, out: Path) -> dict:
    _write_json(run_path(out, run["instance"], run["seed"]), run)
    return run


def _write_json(path: Path, document) -> None:
    write_atomically(path, json.dumps(document, indent=1) + "\n")


def instance_summaries(runs: list[dict], reference: Reference, out: Path) -> list[dict]:
    """Per instance: the best run's partition and the spread over seeds; written to `DIR/<instance>.json`."""
    by_instance: dict[str, list[dict]] = {}
    for run in runs:
        by_instance.setdefault(run["instance"], []).append(run)
    summaries = []
    for name in sorted(by_instance):
        summary = instance_summary(sorted(by_instance[name], key=lambda run: run["seed"]), reference)
        _write_json(out / f"{name}.json", summary)
        summaries.append(summary)
    return summaries
