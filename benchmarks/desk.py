"""Server time for one hand edit at the desk: rebuild the changed groups, judge them, report the change.

For each size: generate sign-ups, solve with a small work limit, open a `groupformer.Desk` on the result
(compiling the sign-ups and judging every group once), then time random moves and swaps, each as the
page makes it (one Desk call). Edits the desk refuses (a swap within one group, a move into one's own
group) are drawn again and not timed. `--load N` keeps N other processes spinning during the timed
edits, to see a busy machine. The target is under 50 ms at 2,000 sign-ups (docs/adjust.md).

    python benchmarks/desk.py
    python benchmarks/desk.py --load 2
    python benchmarks/desk.py --sizes 2000 --edits 300
"""

from __future__ import annotations

import json
import random
import statistics
import time

import click
from busy import busy_processes

import groupformer


def random_edit(desk: groupformer.Desk, rng: random.Random, people: list[str], groups: list[str]):
    if rng.random() < 0.5:
        return lambda: desk.move(rng.choice(people), rng.choice(groups))
    return lambda: desk.swap(rng.choice(people), rng.choice(people))


def timed_edits(desk: groupformer.Desk, count: int, seed: int) -> list[float]:
    """Seconds of each of `count` accepted edits."""
    rng = random.Random(seed)
    people = [participant.id for participant in desk.signups.participants]
    seconds: list[float] = []
    while len(seconds) < count:
        groups = [group.id for group in desk.solution().groups]
        edit = random_edit(desk, rng, people, groups)
        started = time.perf_counter()
        try:
            edit()
        except groupformer.InputError:
            continue
        seconds.append(time.perf_counter() - started)
    return seconds


def run(count: int, edits: int, work_limit: float, load: int) -> dict:
    signups = groupformer.load_signups(json.dumps(groupformer.generate_signups(count, seed=1)))
    solution = groupformer.solve(signups, work_limit=work_limit, seed=0)
    started = time.perf_counter()
    desk = groupformer.Desk(signups, solution)
    open_seconds = time.perf_counter() - started
    with busy_processes(load):
        seconds = sorted(timed_edits(desk, edits, seed=count))
    return {
        "n": count,
        "groups": len(solution.groups),
        "load": load,
        "open_s": round(open_seconds, 2),
        "median_ms": round(1000 * statistics.median(seconds), 2),
        "p95_ms": round(1000 * seconds[int(0.95 * (len(seconds) - 1))], 2),
        "max_ms": round(1000 * seconds[-1], 2),
        "edits": len(seconds),
    }


@click.command()
@click.option("--sizes", default="200,2000,10000", show_default=True, help="Sign-up counts, comma-separated.")
@click.option("--edits", type=click.IntRange(min=1), default=100, show_default=True, help="Timed edits per size.")
@click.option("--work-limit", type=float, default=0.5, show_default=True, help="Work limit of each solve.")
@click.option("--load", type=click.IntRange(min=0), default=0, show_default=True, help="Busy processes meanwhile.")
def main(sizes: str, edits: int, work_limit: float, load: int) -> None:
    rows = [run(int(size), edits, work_limit, load) for size in sizes.split(",")]
    click.echo("| sign-ups | groups | busy processes | open desk (s) | median edit (ms) | 95th pct (ms) | max (ms) |")
    click.echo("|---|---|---|---|---|---|---|")
    for row in rows:
        click.echo(
            f"| {row['n']:,} | {row['groups']} | {row['load']} | {row['open_s']} | {row['median_ms']} "
            f"| {row['p95_ms']} | {row['max_ms']} |"
        )
    click.echo(json.dumps(rows))


if __name__ == "__main__":
    main()
