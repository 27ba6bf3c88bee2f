"""Does `groupformer solve --time-limit S` finish within S (5% or 2 s of slack), output written?

Times the whole command as a user runs it (start-up, reading, compiling, searching, checking, writing)
on generated sign-ups of several sizes.

    python benchmarks/time_limit.py
    python benchmarks/time_limit.py --runs 1000:5 --runs 10000:120
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

DEFAULT_RUNS = ("200:5", "200:30", "1000:5", "1000:30", "2000:60", "10000:120")


def timed_solve(count: int, limit_s: float, folder: Path) -> dict:
    signups = folder / f"signups-{count}.json"
    if not signups.exists():
        subprocess.run(["groupformer", "generate", "--n", str(count), "--seed", "1", "-o", str(signups)], check=True)
    output = folder / "solution.json"
    started = time.monotonic()
    command = ["groupformer", "solve", str(signups), "-o", str(output), "--time-limit", str(limit_s), "-q"]
    subprocess.run(command, check=True)
    wall = time.monotonic() - started
    allowed = limit_s + max(0.05 * limit_s, 2.0)
    return {"n": count, "limit_s": limit_s, "wall_s": round(wall, 2), "allowed_s": allowed, "kept": wall <= allowed}


@click.command()
@click.option("--runs", multiple=True, default=DEFAULT_RUNS, show_default=True, help="n:time_limit_s")
def main(runs: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        results = [timed_solve(int(n), float(limit), Path(folder)) for n, limit in (run.split(":") for run in runs)]
    click.echo("| n | --time-limit s | wall s (whole command) | allowed s | kept |")
    click.echo("|---|---|---|---|---|")
    for row in results:
        click.echo(f"| {row['n']} | {row['limit_s']} | {row['wall_s']} | {row['allowed_s']} | {row['kept']} |")
    click.echo(json.dumps(results))
    sys.exit(0 if all(row["kept"] for row in results) else 1)


if __name__ == "__main__":
    main()
