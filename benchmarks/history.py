"""Does a history stop the second round from repeating the first? Repeated pairs, with and without.

For each instance: solve round 1, record its groups as the history (dated 90 days before the reference
week), then solve the same sign-ups again without the history, with it (novelty term), and with
`history_hard_last_round`. Every run uses `auto`, `--workers 1`, and is checked by the judge.

    python benchmarks/history.py
    python benchmarks/history.py --sizes 200:10 --shapes one_metro
"""

from __future__ import annotations

import itertools
import json
import sys

import click

from groupformer.contract import SignupFile, Solution
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.solve import solve

HISTORY_DATE = "2026-10-06"


def pairs_of(solution: Solution) -> set[frozenset[str]]:
    return {frozenset(pair) for group in solution.groups for pair in itertools.combinations(group.members, 2)}


def second_round(document: dict, first: Solution, mode: str, limit_s: float) -> dict:
    if mode != "none":
        document = {**document, "history": [{"date": HISTORY_DATE, "members": g.members} for g in first.groups]}
        document["settings"] = {**document["settings"], "history_hard_last_round": mode == "hard"}
    signups = SignupFile.model_validate(document)
    solution = solve(signups, time_limit_s=limit_s)
    return {
        "mode": mode,
        "valid": evaluate(signups, solution).valid,
        "assigned": solution.stats.assigned,
        "repeated_pairs": len(pairs_of(solution) & pairs_of(first)),
        "pairs": len(pairs_of(solution)),
    }


def run(count: int, limit_s: float, shape: str) -> list[dict]:
    document = generate_signups(count, seed=1, shape=shape)
    first = solve(SignupFile.model_validate(document), time_limit_s=limit_s)
    rows = [second_round(document, first, mode, limit_s) for mode in ("none", "soft", "hard")]
    for row in rows:
        row.update(n=count, limit_s=limit_s, shape=shape, first_assigned=first.stats.assigned)
        row["first_pairs"] = len(pairs_of(first))
    return rows


@click.command()
@click.option("--sizes", multiple=True, default=("200:10", "1000:30"), show_default=True, help="n:time_limit_s")
@click.option("--shapes", multiple=True, default=("one_metro", "regional"), show_default=True)
def main(sizes: tuple[str, ...], shapes: tuple[str, ...]) -> None:
    rows = [
        row
        for count, limit in (size.split(":") for size in sizes)
        for shape in shapes
        for row in run(int(count), float(limit), shape)
    ]
    click.echo("| n | limit s | shape | round 1 placed, pairs | history | placed | repeated pairs of round 1 |")
    click.echo("|---|---|---|---|---|---|---|")
    for row in rows:
        click.echo(
            f"| {row['n']} | {row['limit_s']:g} | {row['shape']} | {row['first_assigned']}, {row['first_pairs']} "
            f"| {row['mode']} | {row['assigned']} | {row['repeated_pairs']} of {row['pairs']} |"
        )
    click.echo(json.dumps(rows))
    sys.exit(0 if all(row["valid"] for row in rows) else 1)


if __name__ == "__main__":
    main()
