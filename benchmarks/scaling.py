"""How the engines scale: anytime curves, final gap and memory, and engines compared at equal time.

Each run happens in a fresh child process (its own peak memory, ru_maxrss), solving
`groupformer generate --n N --seed 1` through the library with a progress callback that records every
improvement, so the curve is the solver's own and not sampled.

    python benchmarks/scaling.py scaling            # n = 100 ... 10,000 (about 15 minutes)
    python benchmarks/scaling.py engines            # auto vs exact vs search vs greedy, n = 200 and 1,000
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


def child_run(count: int, time_limit_s: float, engine: str) -> dict:
    from groupformer.contract import SignupFile
    from groupformer.evaluate import evaluate
    from groupformer.generate import generate_signups
    from groupformer.solve import solve

    signups = SignupFile.model_validate(generate_signups(count, 1))
    curve: list[tuple[float, float]] = []
    started = time.monotonic()

    def record(progress) -> None:
        if progress.complete:
            curve.append((time.monotonic() - started, progress.objective_micro / 1e6))

    solution = solve(signups, time_limit_s=time_limit_s, seed=0, workers=1, engine=engine, on_progress=record)
    wall = time.monotonic() - started
    final = solution.objective

    def first_time_within(fraction: float) -> float | None:
        return next((round(at, 2) for at, value in curve if value >= final - fraction * abs(final)), None)

    return {
        "n": count,
        "engine": engine,
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


def run_children(sizes: tuple[str, ...], engines: tuple[str, ...]) -> list[dict]:
    results = []
    for size in sizes:
        count, limit = size.split(":")
        for engine in engines:
            command = [sys.executable, __file__, "child", count, limit, engine]
            completed = subprocess.run(command, capture_output=True, text=True, check=True)
            results.append(json.loads(completed.stdout))
            click.echo(f"n={count} {engine}: {results[-1]['status']} in {results[-1]['wall_s']} s", err=True)
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
    columns = ["n", "limit s", "engine", "objective", "assigned", "gap %", "vs exact", "vs greedy", "minus exact"]
    columns += ["wall s"]
    lines = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    exact = {row["n"]: row["objective"] for row in results if row["engine"] == "exact"}
    for row in results:
        versus_exact = row["objective"] / exact[row["n"]] if exact.get(row["n"]) else float("nan")
        versus_greedy = row["objective"] / row["greedy_objective"] if row["greedy_objective"] else float("nan")
        cells = [row["n"], row["time_limit_s"], row["engine"], f"{row['objective']:.3f}", row["assigned"]]
        cells += [row["gap_percent"], f"{versus_exact:.7f}", f"{versus_greedy:.5f}"]
        cells += [f"{row['objective'] - exact.get(row['n'], float('nan')):+.3f}", row["wall_s"]]
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
def child(count: int, time_limit_s: float, engine: str) -> None:
    print(json.dumps(child_run(count, time_limit_s, engine)))


@main.command()
@click.option("--sizes", multiple=True, default=SCALING_SIZES, show_default=True, help="n:time_limit_s")
def scaling(sizes: tuple[str, ...]) -> None:
    results = run_children(sizes, ("auto",))
    click.echo(header())
    click.echo(scaling_table(results))
    click.echo(json.dumps(results))


@main.command()
@click.option("--sizes", multiple=True, default=ENGINE_SIZES, show_default=True, help="n:time_limit_s")
def engines(sizes: tuple[str, ...]) -> None:
    results = run_children(sizes, ("auto", "exact", "search"))
    click.echo(header())
    click.echo(engines_table(results))
    click.echo(json.dumps(results))


if __name__ == "__main__":
    main()
