"""Does `groupformer solve --time-limit S` finish within S + 0.5 s, output written, and what ended it?

Times the whole command as a user runs it (start-up, reading, compiling, searching, checking, writing)
on generated sign-ups of several sizes; `--load N` keeps N other processes spinning meanwhile (the
machine shared with other work). The `stopped by` column is the solution's `stats.stopped_by`: `work`
means the run was repeatable, `time` that the clock cut it.

    python benchmarks/time_limit.py
    python benchmarks/time_limit.py --load 2
    python benchmarks/time_limit.py --sizes 1000 --limits 5 --limits 30
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click
from busy import busy_processes

# The commands of the groupformer this Python runs, found without relying on PATH.
GROUPFORMER = [sys.executable, "-m", "groupformer"]

SLACK_S = 0.5


def timed_solve(count: int, limit_s: float, folder: Path) -> dict:
    signups = folder / f"signups-{count}.json"
    if not signups.exists():
        generate = [*GROUPFORMER, "generate", "--n", str(count), "--seed", "1", "-o", str(signups)]
        subprocess.run(generate, check=True)
    output = folder / "solution.json"
    command = [*GROUPFORMER, "solve", str(signups), "-o", str(output), "--time-limit", str(limit_s), "-q"]
    started = time.monotonic()
    subprocess.run(command, check=True)
    wall = time.monotonic() - started
    stats = json.loads(output.read_text())["stats"]
    return {
        "n": count,
        "limit_s": limit_s,
        "wall_s": round(wall, 2),
        "kept": wall <= limit_s + SLACK_S,
        "stopped_by": stats["stopped_by"],
        "work_limit": stats["work_limit"],
        "assigned": stats["assigned"],
    }


@click.command()
@click.option("--sizes", multiple=True, type=int, default=(200, 1000, 2000), show_default=True)
@click.option("--limits", multiple=True, type=float, default=(2, 5, 30, 60), show_default=True)
@click.option("--load", type=click.IntRange(min=0), default=0, show_default=True, help="Busy processes meanwhile.")
def main(sizes: tuple[int, ...], limits: tuple[float, ...], load: int) -> None:
    with busy_processes(load), tempfile.TemporaryDirectory() as folder:
        results = [timed_solve(count, limit, Path(folder)) for count in sizes for limit in limits]
    click.echo(f"| n | --time-limit s | wall s (whole command, load {load}) | within +{SLACK_S} s | stopped by |")
    click.echo("|---|---|---|---|---|")
    for row in results:
        kept = "yes" if row["kept"] else "NO"
        click.echo(f"| {row['n']} | {row['limit_s']:g} | {row['wall_s']} | {kept} | {row['stopped_by']} |")
    click.echo(json.dumps(results))
    sys.exit(0 if all(row["kept"] for row in results) else 1)


if __name__ == "__main__":
    main()
