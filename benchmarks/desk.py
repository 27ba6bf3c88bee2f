"""Server time for one hand edit at the desk: rebuild the changed groups, judge them, report the change.

For each size: generate sign-ups, solve with a small work limit, open a `groupformer.Desk` on the result
(compiling the sign-ups and judging every group once), then time random moves and swaps, each as the
page makes it (one Desk call). Edits the desk refuses (a swap within one group, a move into one's own
group) are drawn again and not timed. Then the same through the page's door: `groupformer serve` on
those sign-ups and that solution, in a process of its own, and random edits POSTed to /api/edit over
loopback, timed from request to answer (the Desk call, writing the new solution and history to the
working folder, the changed cards, HTTP). `--load N` keeps N other processes spinning during the timed
edits, to see a busy machine. The target is under 50 ms at 2,000 sign-ups (docs/adjust.md).

    python benchmarks/desk.py
    python benchmarks/desk.py --load 2
    python benchmarks/desk.py --sizes 2000 --edits 300
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import click
from busy import busy_processes
from served import serve_desk

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


@contextmanager
def served_desk(signups: groupformer.SignupFile, solution: groupformer.Solution):
    """`groupformer serve` on these sign-ups and this solution, in a temporary folder: its address
    and token, until the block ends."""
    with tempfile.TemporaryDirectory() as folder:
        desk = serve_desk(signups, solution, Path(folder))
        try:
            yield desk.base, desk.token
        finally:
            desk.process.terminate()
            desk.process.wait(timeout=60)


def post(base: str, token: str, path: str, body: dict) -> dict | None:
    """The answer, or None when the desk refuses the edit (as the Desk's InputError)."""
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"X-Groupformer-Token": token, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        if error.code == 422:
            return None
        raise


def served_edits(base: str, token: str, people: list[str], groups: list[str], count: int, seed: int) -> list[float]:
    """Seconds from request to answer of `count` accepted edits POSTed to the served desk."""
    rng = random.Random(seed)
    seconds: list[float] = []
    while len(seconds) < count:
        if rng.random() < 0.5:
            body = {"kind": "move", "member": rng.choice(people), "to": rng.choice(groups)}
        else:
            body = {"kind": "swap", "member": rng.choice(people), "other": rng.choice(people)}
        started = time.perf_counter()
        answer = post(base, token, "/api/edit", body)
        if answer is not None:
            seconds.append(time.perf_counter() - started)
            groups = answer["order"]
    return seconds


def milliseconds(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "median_ms": round(1000 * statistics.median(ordered), 2),
        "p95_ms": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max_ms": round(1000 * ordered[-1], 2),
    }


def run(count: int, edits: int, work_limit: float, load: int) -> dict:
    signups = groupformer.load_signups(json.dumps(groupformer.generate_signups(count, seed=1)))
    solution = groupformer.solve(signups, work_limit=work_limit, seed=0)
    started = time.perf_counter()
    desk = groupformer.Desk(signups, solution)
    open_seconds = time.perf_counter() - started
    people = [participant.id for participant in signups.participants]
    with served_desk(signups, solution) as (base, token):
        post(base, token, "/api/edit", {"kind": "move", "member": people[0], "to": None})
        with busy_processes(load):
            seconds = timed_edits(desk, edits, seed=count)
            served = served_edits(base, token, people, [group.id for group in solution.groups], edits, count)
    return {
        "n": count,
        "groups": len(solution.groups),
        "load": load,
        "open_s": round(open_seconds, 2),
        **milliseconds(seconds),
        "served": milliseconds(served),
        "edits": len(seconds),
    }


@click.command()
@click.option("--sizes", default="200,2000,10000", show_default=True, help="Sign-up counts, comma-separated.")
@click.option("--edits", type=click.IntRange(min=1), default=100, show_default=True, help="Timed edits per size.")
@click.option("--work-limit", type=float, default=0.5, show_default=True, help="Work limit of each solve.")
@click.option("--load", type=click.IntRange(min=0), default=0, show_default=True, help="Busy processes meanwhile.")
def main(sizes: str, edits: int, work_limit: float, load: int) -> None:
    rows = [run(int(size), edits, work_limit, load) for size in sizes.split(",")]
    click.echo(
        "| sign-ups | groups | busy processes | open desk (s) | median edit (ms) | 95th pct (ms) | max (ms) "
        "| served: median (ms) | 95th pct (ms) | max (ms) |"
    )
    click.echo("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        served = row["served"]
        click.echo(
            f"| {row['n']:,} | {row['groups']} | {row['load']} | {row['open_s']} | {row['median_ms']} "
            f"| {row['p95_ms']} | {row['max_ms']} | {served['median_ms']} | {served['p95_ms']} | {served['max_ms']} |"
        )
    click.echo(json.dumps(rows))


if __name__ == "__main__":
    main()
