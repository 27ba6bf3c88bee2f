"""`groupformer bench mdgp`: MDGPLIB instances through the partition engine (search/partition.py).

Every (instance, seed) run is one job, written to `DIR/runs/<instance>/seed-<k>.json` as soon as it
ends, so an interrupted benchmark resumes where it stopped (a run is reused only when it had the same
time limit and workers). When all seeds of an instance are done, `DIR/<instance>.json` holds the best
partition and every run. The objective is always recomputed from the partition and the distances, and
the size bounds are checked, so a report never trusts the search's own bookkeeping.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groupformer.bench.jobs import run_pending, write_atomically
from groupformer.mdgp import MdgpFormatError, MdgpInstance, partition_value, read_instance, to_partition_problem
from groupformer.search.control import SearchControl
from groupformer.search.partition import solve_partition
from groupformer.search.tabu import compile_ahead

# Single-thread CPU-second limits of Lai & Hao 2016 and Yang et al. 2022, by instance size
# (set in their published code); smaller instances get the n = 120 limit.
LITERATURE_TIME_LIMITS = ((120, 3.0), (240, 20.0), (480, 120.0), (960, 600.0), (2000, 1200.0), (3000, 3000.0))
BEST_KNOWN_FILE = "best_known.csv"


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


def best_known_values(instance_files: list[Path]) -> dict[str, float]:
    """`best_known.csv` from each instance's folder or one of its two parents."""
    values: dict[str, float] = {}
    folders = {folder for file in instance_files for folder in [file.parent, *list(file.parents)[1:3]]}
    for folder in sorted(folders):
        table = folder / BEST_KNOWN_FILE
        if table.is_file():
            with open(table, newline="", encoding="utf-8") as handle:
                values.update({row["instance"]: float(row["best_known"]) for row in csv.DictReader(handle)})
    return values


def instance_set(name: str) -> str:
    return name.split("_")[0]


@dataclass(frozen=True)
class Job:
    path: Path
    seed: int
    time_limit_s: float | None
    workers: int


def run_job(job: Job) -> dict:
    """One search on one instance; reading the file, building the problem and compiling the search's
    step loop (numba, cached after the first run) are not timed."""
    compile_ahead()
    instance = read_instance(job.path)
    problem = to_partition_problem(instance)
    time_limit_s = job.time_limit_s or literature_time_limit(instance.item_count)
    improved_at = [0.0]
    control = SearchControl(
        time.monotonic() + time_limit_s, on_progress=lambda progress: improved_at.__setitem__(0, progress.elapsed_s)
    )
    outcome = solve_partition(problem, job.seed, job.workers, control)
    seconds = time.monotonic() - control.started
    groups = [list(members) for members in outcome.groups]
    _check_partition(instance, groups)
    return {
        "instance": instance.name,
        "set": instance_set(instance.name),
        "n": instance.item_count,
        "m": instance.group_count,
        "type": instance.group_type,
        "seed": job.seed,
        "time_limit_s": time_limit_s,
        "workers": job.workers,
        "objective": round(partition_value(instance, groups), 6),
        "seconds": round(seconds, 3),
        "time_to_best_s": round(improved_at[0], 3),
        "method": f"tabu({outcome.steps} steps)",
        "groups": groups,
    }


def _check_partition(instance: MdgpInstance, groups: list[list[int]]) -> None:
    everyone = sorted(item for members in groups for item in members)
    if everyone != list(range(instance.item_count)):
        raise AssertionError(f"{instance.name}: the search did not place every item exactly once")
    sizes = np.array([len(members) for members in groups])
    if np.any(sizes < instance.size_min) or np.any(sizes > instance.size_max):
        raise AssertionError(f"{instance.name}: a group size is outside its bounds")


def run_path(out: Path, instance_name: str, seed: int) -> Path:
    return out / "runs" / instance_name / f"seed-{seed}.json"


def reusable_run(path: Path, job: Job) -> dict | None:
    if not path.is_file():
        return None
    run = json.loads(path.read_text(encoding="utf-8"))
    same_limit = job.time_limit_s is None or run["time_limit_s"] == job.time_limit_s
    return run if same_limit and run["workers"] == job.workers else None


def run_all(jobs: list[Job], out: Path, parallel_jobs: int, on_done: Callable[[dict, bool], None]) -> list[dict]:
    """Every job's run, reusing those already in `out`; `on_done(run, reused)` hears of each."""
    runs: list[dict] = []
    pending: list[Job] = []
    for job in jobs:
        run = reusable_run(run_path(out, job.path.stem, job.seed), job)
        if run is None:
            pending.append(job)
        else:
            runs.append(run)
            on_done(run, True)
    return runs + run_pending(pending, parallel_jobs, run_job, lambda run, job: _saved(run, out), on_done)


def _saved(run: dict, out: Path) -> dict:
    _write_json(run_path(out, run["instance"], run["seed"]), run)
    return run


def _write_json(path: Path, document) -> None:
    write_atomically(path, json.dumps(document, indent=1) + "\n")


def gap_percent(best_known: float | None, objective: float) -> float | None:
    if not best_known:
        return None
    return 100 * (best_known - objective) / best_known


def instance_summaries(runs: list[dict], best_known: dict[str, float], out: Path) -> list[dict]:
    """Per instance: the best run's partition and the spread over seeds; written to `DIR/<instance>.json`."""
    by_instance: dict[str, list[dict]] = {}
    for run in runs:
        by_instance.setdefault(run["instance"], []).append(run)
    summaries = []
    for name in sorted(by_instance):
        seeds = sorted(by_instance[name], key=lambda run: run["seed"])
        best = max(seeds, key=lambda run: run["objective"])
        known = best_known.get(name)
        objectives = [run["objective"] for run in seeds]
        summary = {
            "instance": name,
            "set": best["set"],
            "n": best["n"],
            "m": best["m"],
            "type": best["type"],
            "objective": best["objective"],
            "seconds": best["seconds"],
            "time_to_best_s": best["time_to_best_s"],
            "best_known": known,
            "gap_percent": gap_percent(known, best["objective"]),
            "mean_objective": float(np.mean(objectives)),
            "mean_gap_percent": gap_percent(known, float(np.mean(objectives))),
            "mean_time_to_best_s": float(np.mean([run["time_to_best_s"] for run in seeds])),
            "time_limit_s": best["time_limit_s"],
            "workers": best["workers"],
            "seeds": [run["seed"] for run in seeds],
            "runs": [{key: value for key, value in run.items() if key != "groups"} for run in seeds],
            "groups": best["groups"],
        }
        _write_json(out / f"{name}.json", summary)
        summaries.append(summary)
    return summaries


def group_averages(summaries: list[dict]) -> list[dict]:
    """Mean gaps per (set, n, type) and per (set, n): how the literature reports MDGP results."""
    keys: dict[tuple, list[dict]] = {}
    for summary in summaries:
        keys.setdefault((summary["set"], summary["n"], "all"), []).append(summary)
        keys.setdefault((summary["set"], summary["n"], summary["type"]), []).append(summary)
    rows = []
    for (set_name, item_count, group_type), members in sorted(keys.items()):
        with_known = [member for member in members if member["gap_percent"] is not None]
        rows.append(
            {
                "set": set_name,
                "n": item_count,
                "type": group_type,
                "instances": len(members),
                "mean_gap_percent_best_run": _mean([member["gap_percent"] for member in with_known]),
                "mean_gap_percent_all_runs": _mean([member["mean_gap_percent"] for member in with_known]),
                "worst_gap_percent": max((member["gap_percent"] for member in with_known), default=None),
                "beaten_or_matched": sum(1 for member in with_known if member["gap_percent"] <= 0),
                "mean_time_to_best_s": _mean([member["mean_time_to_best_s"] for member in members]),
            }
        )
    return rows


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def markdown_report(summaries: list[dict], averages: list[dict]) -> str:
    lines = ["| instance | n | m | type | objective | mean objective | best known | gap % | mean gap % | to best s |"]
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    for row in summaries:
        cells = [row["instance"], row["n"], row["m"], row["type"], f"{row['objective']:.3f}"]
        cells += [f"{row['mean_objective']:.3f}", _number(row["best_known"], 3), _number(row["gap_percent"], 4)]
        cells += [_number(row["mean_gap_percent"], 4), f"{row['mean_time_to_best_s']:.2f}"]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    lines += ["", "| set | n | type | instances | mean gap % (best run) | mean gap % (all runs) | worst gap % |"]
    lines[-1] += " matched or beaten | mean to best s |"
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for row in averages:
        cells = [row["set"], row["n"], row["type"], row["instances"], _number(row["mean_gap_percent_best_run"], 4)]
        cells += [_number(row["mean_gap_percent_all_runs"], 4), _number(row["worst_gap_percent"], 4)]
        cells += [row["beaten_or_matched"], _number(row["mean_time_to_best_s"], 2)]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _number(value: float | None, decimals: int) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"
