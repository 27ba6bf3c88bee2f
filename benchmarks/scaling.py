"""How the engines scale: anytime curves, final gap and memory, and engines compared at equal time.

Each run happens in a fresh child process (its own peak memory, ru_maxrss), solving
`groupformer generate --n N --seed 1` through the library with a progress callback that records every
improvement, so the curve is the solver's own and not sampled.

    python benchmarks/scaling.py scaling            # n = 100 ... 10,000 (about 15 minutes)
    python benchmarks/scaling.py engines            # auto, exact, search, greedy: n = 200, 1,000; 3 shapes; 2 workers
    python benchmarks/scaling.py scaling --sizes 100:30 --sizes 300:30
"""

from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import time

import click

SCALING_SIZES = ("100:30", "300:30", "1000:60", "3000:120", "10000:600")
ENGINE_SIZES = ("200:30", "1000:30")
ENGINE_SHAPES = ("national", "regional", "one_metro")


def child_run(count: int, time_limit_s: float, engine: str, shape: str = "national", workers: int = 1) -> dict:
    from groupformer.contract import SignupFile
    from groupformer.evaluate import evaluate
    from groupformer.generate import generate_signups
    from groupformer.solve import solve

    signups = SignupFile.model_validate(generate_signups(count, 1, shape=shape))
    curve: list[tuple[float, float]] = []
    started = time.monotonic()

    def record(progress) -> None:
        if progress.complete:
            curve.append((time.monotonic() - started, progress.objective_micro / 1e6))

    solution = solve(signups, time_limit_s=time_limit_s, seed=0, workers=workers, engine=engine, on_progress=record)
    wall = time.monotonic() - started
    final = solution.objective

    def first_time_within(fraction: float) -> float | None:
        return next((round(at, 2) for at, value in curve if value >= final - fraction * abs(final)), None)

    return {
        "n": count,
        "shape": shape,
        "engine": engine,
        "workers": workers,
        "time_limit_s": time_limit_s,
        "wall_s": round(wall, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "first_valid_s": round(curve[0][0], 2) if curve else None,
        "within_1pct_s": first_time_within(0.01),
        "within_0_1pct_s": first_time_within(0.001),
        "final_s": first_time_within(0.0),
        "status": solution.status,
        "objective": final,
        "bound": solution.bound,
        "gap_percent": round(100 * solution.stats.gap, 3),
        "assigned": solution.stats.assigned,
        "greedy_assigned": solution.stats.greedy_assigned,
        "greedy_objective": solution.stats.greedy_objective,
        "valid": evaluate(signups, solution).valid,
    }


def run_children(
    sizes: tuple[str, ...], engines: tuple[str, ...], shapes: tuple[str, ...] = ("national",), workers: int = 1
) -> list[dict]:
    results = []
    for size in sizes:
        count, limit = size.split(":")
        for shape in shapes:
            for engine in engines:
                command = [
                    sys.executable,
                    __file__,
                    "child",
                    count,
                    limit,
                    engine,
                    "--shape",
                    shape,
                    "--workers",
                    str(workers),
                ]
                completed = subprocess.run(command, capture_output=True, text=True, check=True)
                results.append(json.loads(completed.stdout))
                row = results[-1]
                click.echo(
                    f"n={count} {shape} {engine}: {row['objective']} {row['status']} in {row['wall_s']} s", err=True
                )
    return results


def scaling_table(results: list[dict]) -> str:
    columns = ["n", "limit s", "wall s", "peak MB", "first valid s", "within 1% s", "within 0.1% s"]
    columns += ["final value at s", "status", "assigned", "greedy assigned", "gap %", "valid"]
    lines = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    for row in results:
        cells = [row["n"], row["time_limit_s"], row["wall_s"], row["peak_mb"], row["first_valid_s"]]
        cells += [row["within_1pct_s"], row["within_0_1pct_s"], row["final_s"], row["status"]]
        cells += [row["assigned"], row["greedy_assigned"], row["gap_percent"], row["valid"]]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)


def engines_table(results: list[dict]) -> str:
    columns = [
        "n",
        "shape",
        "limit s",
        "workers",
        "engine",
        "objective",
        "status",
        "assigned",
        "gap %",
        "vs exact",
        "vs greedy",
    ]
    columns += ["minus exact", "wall s"]
    lines = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    exact = {(row["n"], row["shape"]): row["objective"] for row in results if row["engine"] == "exact"}
    for row in results:
        exact_objective = exact.get((row["n"], row["shape"]), float("nan"))
        versus_exact = row["objective"] / exact_objective if exact_objective else float("nan")
        versus_greedy = row["objective"] / row["greedy_objective"] if row["greedy_objective"] else float("nan")
        cells = [
            row["n"],
            row["shape"],
            row["time_limit_s"],
            row["workers"],
            row["engine"],
            f"{row['objective']:.3f}",
            row["status"],
        ]
        cells += [row["assigned"], row["gap_percent"], f"{versus_exact:.7f}", f"{versus_greedy:.5f}"]
        cells += [f"{row['objective'] - exact_objective:+.3f}", row["wall_s"]]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)


def header() -> str:
    return f"machine: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"


@click.group()
def main() -> None:
    pass


@main.command()
@click.argument("count", type=int)
@click.argument("time_limit_s", type=float)
@click.argument("engine")
@click.option("--shape", default="national")
@click.option("--workers", type=int, default=1)
def child(count: int, time_limit_s: float, engine: str, shape: str, workers: int) -> None:
    print(json.dumps(child_run(count, time_limit_s, engine, shape, workers)))


@main.command()
@click.option("--sizes", multiple=True, default=SCALING_SIZES, show_default=True, help="n:time_limit_s")
def scaling(sizes: tuple[str, ...]) -> None:
    results = run_children(sizes, ("auto",))
    click.echo(header())
    click.echo(scaling_table(results))
    click.echo(json.dumps(results))


@main.command()
@click.option("--sizes", multiple=True, default=ENGINE_SIZES, show_default=True, help="n:time_limit_s")
@click.option("--shapes", multiple=True, default=ENGINE_SHAPES, show_default=True)
@click.option("--engine", "engine_names", multiple=True, default=("auto", "exact", "search"), show_default=True)
@click.option("--workers", type=int, default=2, show_default=True, help="the same for every engine")
def engines(sizes: tuple[str, ...], shapes: tuple[str, ...], engine_names: tuple[str, ...], workers: int) -> None:
    results = run_children(sizes, engine_names, shapes, workers)
    click.echo(header())
    click.echo(engines_table(results))
    click.echo(json.dumps(results))


if __name__ == "__main__":
    main()
