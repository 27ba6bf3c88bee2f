"""`groupformer solve` of generated national sign-ups here and through `--cluster local:N`: wall time,
peak memory of every process (the command, which also runs the scheduler, and each worker), placed,
gap; the time of each part's task; and from them an estimate of the wall time on more workers.

Each command runs as a user runs it, in a process of its own; its process tree is sampled every 0.2 s
and each process's peak resident memory (the kernel's VmHWM) is the last one read before it ended.
`--in-person` makes everyone who gave a place meet in person only (the rest stay remote), so the
sign-ups fall into many independent parts, one or more per metro, as a cluster needs them.

The estimate for W workers, each with a core of its own: what no worker can do (start-up, reading,
compiling, the greedy groups, merging, judging and writing: the local run's wall time less its parts'
seconds), plus the local run's part seconds dealt in part order each to the worker free first (as Dask
hands them out), plus what the cluster itself cost (starting it, sending the slices: the cluster run's
wall time less that serial time and less its own parts dealt to its own workers).

    python benchmarks/cluster_solve.py --n 100000 --time-limit 300 --folder /tmp/cluster-solve
    python benchmarks/cluster_solve.py --n 100000 --in-person --work-limit 60 --folder /tmp/cluster-solve
"""

from __future__ import annotations

import heapq
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import click
import psutil

GROUPFORMER = [sys.executable, "-m", "groupformer"]
SAMPLE_S = 0.2


def signups_file(count: int, in_person: bool, folder: Path) -> Path:
    path = folder / f"national-{count}-1{'-in-person' if in_person else ''}.json"
    if path.exists():
        return path
    generated = subprocess.run(
        [*GROUPFORMER, "generate", "--n", str(count), "--shape", "national", "--seed", "1"],
        check=True,
        capture_output=True,
    ).stdout
    signups = json.loads(generated)
    if in_person:
        for participant in signups["participants"]:
            if "location" in participant:
                participant["modality"] = ["in_person"]
    path.write_text(json.dumps(signups), encoding="utf-8")
    return path


def peak_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return None if line is None else int(line.split()[1]) / 1024


def measured(command: list[str]) -> tuple[int, float, dict[int, tuple[str, float]]]:
    """(exit status, wall seconds, {pid: (role, peak MB)}) of one command and every process it started."""
    started = time.monotonic()
    process = subprocess.Popen(command)
    root = psutil.Process(process.pid)
    peaks: dict[int, tuple[str, float]] = {}
    while process.poll() is None:
        try:
            family = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            family = []
        for member in family:
            peak = peak_mb(member.pid)
            if peak is not None:
                peaks[member.pid] = (_role(member, root), peak)
        time.sleep(SAMPLE_S)
    return process.returncode, time.monotonic() - started, peaks


def _role(member: psutil.Process, root: psutil.Process) -> str:
    """The command itself (the client, and a local cluster's scheduler), else what its command line says:
    Dask's worker processes are multiprocessing children (`spawn_main`), beside its resource tracker."""
    if member.pid == root.pid:
        return "command"
    try:
        line = " ".join(member.cmdline())
    except psutil.NoSuchProcess:
        return "gone"
    return "resource tracker" if "resource_tracker" in line else "worker" if "spawn_main" in line else line[-60:]


def task_sizes(signups: Path) -> dict:
    """What `--cluster` sends: each searched part's task (its slice, greedy groups, seed and shares) as cloudpickle
    (which Dask uses) writes it, against the whole compiled problem; the largest result coming back; and
    what reading and compiling took here (seconds, this process's peak resident memory after each)."""
    import cloudpickle
    import numpy as np

    from groupformer.api import load_signups
    from groupformer.compile import compile_problem
    from groupformer.search.construct import greedy_groups
    from groupformer.search.decompose import independent_parts
    from groupformer.search.part import PartOutcome
    from groupformer.search.part_tasks import part_task

    started = time.monotonic()
    read = load_signups(signups)
    read_s, read_peak = time.monotonic() - started, _own_peak_mb()
    problem = compile_problem(read)
    compile_s, compile_peak = time.monotonic() - started - read_s, _own_peak_mb()
    parts = [part for part in independent_parts(problem) if len(part) >= problem.group_size_min]
    run = {"seed": 1, "work": 1.0, "time_share": 1.0, "workers": 1, "engine": "auto"}
    sizes, largest_result = [], 0
    for index, part in enumerate(parts):
        greedy = greedy_groups(problem, part)
        sizes.append((len(part), len(cloudpickle.dumps(part_task(problem, part, index, greedy, 0, **run)))))
        result = PartOutcome(len(part), greedy, "feasible", 0, 0, "greedy+lns(1000 repairs)+priced lp(3 rounds)")
        largest_result = max(largest_result, len(cloudpickle.dumps(result)))
    people, sent = np.array(sizes).T
    return {
        "read": {"seconds": round(read_s, 1), "peak_mb": round(read_peak)},
        "compile": {"seconds": round(compile_s, 1), "peak_mb": round(compile_peak)},
        "problem_mb": round(len(cloudpickle.dumps(problem)) / 1e6, 1),
        "tasks": len(sizes),
        "sent_mb": round(int(sent.sum()) / 1e6, 1),
        "largest_task": {"people": int(people[sent.argmax()]), "mb": round(int(sent.max()) / 1e6, 2)},
        "bytes_per_person": round(int(sent.sum()) / int(people.sum())),
        "median_task_kb": round(float(np.median(sent)) / 1e3, 1),
        "largest_result_kb": round(largest_result / 1e3, 1),
    }


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def makespan(seconds: list[float], workers: int) -> float:
    """The parts dealt in part order, each to the worker free first."""
    free_at = [0.0] * workers
    for part in seconds:
        heapq.heapreplace(free_at, free_at[0] + part)
    return max(free_at)


def run(signups: Path, limits: list[str], cluster: int | None, folder: Path) -> dict:
    output = folder / f"solution-{'local' if cluster is None else f'cluster-{cluster}'}.json"
    command = [*GROUPFORMER, "solve", str(signups), *limits, "--seed", "1", "--workers", "1", "-q", "-o", str(output)]
    if cluster is not None:
        command += ["--cluster", f"local:{cluster}"]
    load_before = psutil.getloadavg()[0]
    status, wall, peaks = measured(command)
    solution = json.loads(output.read_text())
    stats = solution["stats"]
    parts = [part["seconds"] for part in stats["parts"]]
    bound = solution["bound"]
    return {
        "where": "here" if cluster is None else f"--cluster local:{cluster}",
        "status": status,
        "load_before": round(load_before, 2),
        "wall_s": round(wall, 1),
        "search_starts_s": stats["compile_seconds"],
        "placed": stats["assigned"],
        "objective": solution["objective"],
        "bound": bound,
        "gap": _gap(solution["objective"], bound),
        "stopped_by": stats["stopped_by"],
        "work_done": stats["work_done"],
        "parts": len(parts),
        "part_seconds_sum": round(sum(parts), 1),
        "part_seconds_max": round(max(parts, default=0.0), 1),
        "part_seconds": parts,
        "peaks_mb": sorted(((role, round(peak)) for role, peak in peaks.values()), key=lambda entry: -entry[1]),
    }


def _gap(objective: float, bound: float | None) -> str:
    if not bound:
        return ""
    return f"{100 * (bound - objective) / bound:.3f}%"


def estimates(local: dict, cluster: dict, workers: int, sizes: tuple[int, ...]) -> dict[int, float]:
    serial = local["wall_s"] - local["part_seconds_sum"]
    overhead = max(0.0, cluster["wall_s"] - serial - makespan(cluster["part_seconds"], workers))
    return {size: round(serial + makespan(local["part_seconds"], size) + overhead, 1) for size in sizes}


@click.command()
@click.option("--n", "count", type=int, default=100000, show_default=True)
@click.option("--in-person", is_flag=True, help="Everyone who gave a place meets in person only (many parts).")
@click.option("--time-limit", type=float, default=300.0, show_default=True)
@click.option("--work-limit", type=float, help="Search work of each solve (default: what the time limit buys).")
@click.option("--workers", type=int, default=2, show_default=True, help="Worker processes of the local cluster.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--sizes", is_flag=True, help="Only measure what would be sent (compiles here, runs no solve).")
def main(count: int, in_person: bool, time_limit: float, work_limit: float | None, workers: int, folder: Path, sizes):
    folder.mkdir(parents=True, exist_ok=True)
    signups = signups_file(count, in_person, folder)
    if sizes:
        click.echo(json.dumps({"signups": signups.name, **task_sizes(signups)}, indent=1))
        return
    limits = ["--time-limit", str(time_limit)] + ([] if work_limit is None else ["--work-limit", str(work_limit)])
    local = run(signups, limits, None, folder)
    cluster = run(signups, limits, workers, folder)
    report = {
        "signups": signups.name,
        "limits": limits,
        "runs": [local, cluster],
        "estimated_wall_s": estimates(local, cluster, workers, (1, workers, 8, 32)),
    }
    click.echo(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
