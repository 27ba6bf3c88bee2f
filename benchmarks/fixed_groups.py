"""Fixed groups on generated sign-ups: how close to the bound, how fast, with a cap on the number of
groups (`group_count`) and with groups of differing size bounds (`groups`).

Each run solves in this process with the `auto` engine and `--workers 1` and is checked by the judge.

    python benchmarks/fixed_groups.py
    python benchmarks/fixed_groups.py --sizes 200:20 --shapes national
"""

from __future__ import annotations

import json
import sys
import time

import click

from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.solve import solve


def fixed_group_settings(config: str, count: int) -> dict:
    """`count`: room for about 60% of the people in groups of 3-6; `mixed`: big, small and exact groups."""
    if config == "count":
        return {"group_count": count // 8}
    big = [{"min": 5, "max": 6}] * (count // 25)
    small = [{"min": 3, "max": 4}] * (count // 25)
    four = [{"min": 4, "max": 4}] * (count // 50)
    return {"groups": big + small + four}


def run(count: int, limit_s: float, shape: str, config: str) -> dict:
    document = generate_signups(count, seed=1, shape=shape)
    document["settings"].update(fixed_group_settings(config, count))
    signups = SignupFile.model_validate(document)
    started = time.monotonic()
    solution = solve(signups, time_limit_s=limit_s, workers=1)
    seconds = time.monotonic() - started
    report = evaluate(signups, solution)
    fixed_groups = signups.fixed_groups()
    return {
        "n": count,
        "limit_s": limit_s,
        "shape": shape,
        "config": config,
        "fixed_groups": len(fixed_groups),
        "seats": sum(high for _, _, high in fixed_groups),
        "seconds": round(seconds, 2),
        "valid": report.valid,
        "assigned": report.assigned,
        "greedy_assigned": solution.stats.greedy_assigned,
        "groups": len(solution.groups),
        "objective": solution.objective,
        "bound": solution.bound,
        "gap_percent": round(100 * (solution.bound - solution.objective) / solution.bound, 3),
        "status": solution.status,
    }


@click.command()
@click.option("--sizes", multiple=True, default=("200:20", "1000:60"), show_default=True, help="n:time_limit_s")
@click.option("--shapes", multiple=True, default=("national", "one_metro"), show_default=True)
@click.option("--configs", multiple=True, default=("count", "mixed"), show_default=True)
def main(sizes: tuple[str, ...], shapes: tuple[str, ...], configs: tuple[str, ...]) -> None:
    rows = [
        run(int(count), float(limit), shape, config)
        for count, limit in (size.split(":") for size in sizes)
        for shape in shapes
        for config in configs
    ]
    header = "| n | limit s | shape | groups | seats | wall s | placed (greedy) | groups | objective | bound | gap % |"
    click.echo(header)
    click.echo("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        click.echo(
            f"| {row['n']} | {row['limit_s']:g} | {row['shape']} "
            f"| {row['config']}: {row['fixed_groups']} | {row['seats']} "
            f"| {row['seconds']} | {row['assigned']} ({row['greedy_assigned']}) | {row['groups']} "
            f"| {row['objective']:.1f} | {row['bound']:.1f} | {row['gap_percent']} |"
        )
    click.echo(json.dumps(rows))
    sys.exit(0 if all(row["valid"] for row in rows) else 1)


if __name__ == "__main__":
    main()
