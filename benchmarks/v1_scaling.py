"""Wall time, peak memory and quality of `groupformer solve` on generated sign-ups of growing size.

Each run happens in a fresh child process, so its peak memory (ru_maxrss) is its own. The rows are
(n, shape, seed); the instance is `groupformer generate --n N --seed S --shape SHAPE`, except for the
shape `dense` (built here): everyone compatible with everyone, the hardest case for a proof.

    python benchmarks/v1_scaling.py                      # the table in docs/measurements.md
    python benchmarks/v1_scaling.py --rows 30:one_metro:0 --time-limit 60
"""

from __future__ import annotations

import json
import platform
import random
import resource
import subprocess
import sys
import time

import click

SPECIALTIES = ("CBT", "DBT", "EMDR", "ACT", "IFS", "psychodynamic", "schema therapy", "narrative therapy")


def dense_signups(count: int, seed: int) -> dict:
    """The hard case for proofs: everyone remote, one time zone, one window, so everyone is compatible."""
    rng = random.Random(seed)
    people = [
        {
            "id": f"p{index:03d}",
            "timezone": "America/Chicago",
            "availability": [{"day": "tue", "start": "12:00", "end": "14:00"}],
            "modality": ["remote"],
            "specialties": rng.sample(SPECIALTIES, rng.randint(1, 3)),
        }
        for index in range(count)
    ]
    return {"format": "groupformer/v1", "participants": people}


DEFAULT_ROWS = (
    "30:national:0",
    "30:national:1",
    "30:regional:0",
    "30:one_metro:0",
    "30:one_metro:1",
    "24:dense:0",
    "30:dense:0",
    "60:regional:2",
    "60:one_metro:0",
    "200:national:1",
    "200:regional:1",
    "1000:national:1",
)


def child_run(count: int, shape: str, seed: int, time_limit_s: float, workers: int) -> dict:
    from groupformer.contract import SignupFile
    from groupformer.evaluate import evaluate
    from groupformer.generate import generate_signups
    from groupformer.solve import solve

    document = dense_signups(count, seed) if shape == "dense" else generate_signups(count, seed, shape=shape)
    signups = SignupFile.model_validate(document)
    started = time.perf_counter()
    solution = solve(signups, time_limit_s=time_limit_s, seed=0, workers=workers)
    wall = time.perf_counter() - started
    report = evaluate(signups, solution)
    return {
        "n": count,
        "shape": shape,
        "seed": seed,
        "wall_s": round(wall, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap_percent": round(100 * solution.stats.gap, 3),
        "assigned": solution.stats.assigned,
        "greedy_assigned": solution.stats.greedy_assigned,
        "valid": report.valid,
        "parts": [part["method"] for part in solution.stats.parts if part["people"] > 20],
    }


def markdown(results: list[dict]) -> str:
    columns = ["n", "shape", "seed", "wall s", "peak MB", "status", "objective", "bound", "gap %", "assigned"]
    columns += ["greedy assigned", "largest parts"]
    lines = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    for row in results:
        lines.append(
            f"| {row['n']} | {row['shape']} | {row['seed']} | {row['wall_s']} | {row['peak_mb']} | {row['status']} "
            f"| {row['objective']:.3f} | {row['bound']:.3f} | {row['gap_percent']} | {row['assigned']} "
            f"| {row['greedy_assigned']} | {', '.join(row['parts']) or '-'} |"
        )
    return "\n".join(lines)


@click.command()
@click.option("--rows", multiple=True, default=DEFAULT_ROWS, show_default=True, help="n:shape:seed")
@click.option("--time-limit", type=float, default=30.0, show_default=True)
@click.option("--workers", type=int, default=1, show_default=True)
@click.option("--child", hidden=True)
def main(rows: tuple[str, ...], time_limit: float, workers: int, child: str | None) -> None:
    if child:
        count, shape, seed = child.split(":")
        print(json.dumps(child_run(int(count), shape, int(seed), time_limit, workers)))
        return
    results = []
    for row in rows:
        completed = subprocess.run(
            [sys.executable, __file__, "--child", row, "--time-limit", str(time_limit), "--workers", str(workers)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(completed.stdout))
        click.echo(f"{row}: {results[-1]['status']} in {results[-1]['wall_s']} s", err=True)
    click.echo(
        f"machine: {platform.machine()}, {platform.python_version()}, time limit {time_limit} s, workers {workers}"
    )
    click.echo(markdown(results))
    click.echo(json.dumps(results))


if __name__ == "__main__":
    main()
