"""Large sign-up files within bounds: does `groupformer solve` of 20,000 sign-ups with `--time-limit 30`
end within 31 s under 2 GB, and `groupformer validate` of 100,000 within 30 s under 2 GB?

Each command runs as a user runs it, in a process of its own whose wall time (start-up, reading,
compiling, searching, checking, writing) and peak resident memory are measured; `--load N` keeps N
other processes spinning meanwhile. From the solution's stats: `read s` (start-up, reading and checking),
`search starts s` (that and compiling), who was placed, who compiling had no time to compare, and what
ended the search. Instances are `groupformer generate --shape national --seed 1`,
written once to `--folder` (default: a temporary folder) and reused.

    python benchmarks/large_signups.py
    python benchmarks/large_signups.py --load 2
    python benchmarks/large_signups.py --solve 5000 --validate 20000 --folder /tmp/large
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click
from busy import busy_processes

# The commands of the groupformer this Python runs, found without relying on PATH.
GROUPFORMER = [sys.executable, "-m", "groupformer"]

# time and memory a command may take: the limit plus one second for a solve, 30 s for validating
SOLVE_SLACK_S = 1.0
VALIDATE_LIMIT_S = 30.0
PEAK_LIMIT_MB = 2048

# runs one command and reports its wall time and peak memory, so no other child (the generator, the busy
# processes) counts in the figure
MEASURE = """
import resource, subprocess, sys, time
started = time.monotonic()
status = subprocess.run(sys.argv[1:]).returncode
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(status, time.monotonic() - started, peak_kb / 1024)
"""


def signups_file(count: int, folder: Path) -> Path:
    path = folder / f"national-{count}-1.json"
    if not path.exists():
        generate = [*GROUPFORMER, "generate", "--n", str(count), "--shape", "national", "--seed", "1"]
        subprocess.run([*generate, "-o", str(path)], check=True)
    return path


def measured(command: list[str]) -> tuple[int, float, float]:
    """(exit status, wall seconds, peak MB) of one command run alone in a fresh process."""
    report = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True, capture_output=True, text=True)
    status, wall, peak = report.stdout.split()
    return int(status), round(float(wall), 2), round(float(peak))


def solve_row(count: int, limit_s: float, folder: Path) -> dict:
    output = folder / "solution.json"
    command = [*GROUPFORMER, "solve", str(signups_file(count, folder)), "--time-limit", str(limit_s)]
    status, wall, peak = measured([*command, "-o", str(output), "-q"])
    stats = json.loads(output.read_text())["stats"]
    return {
        "command": f"solve --time-limit {limit_s:g}",
        "n": count,
        "status": status,
        "wall_s": wall,
        "peak_mb": peak,
        "kept": status == 0 and wall <= limit_s + SOLVE_SLACK_S and peak < PEAK_LIMIT_MB,
        "read_s": stats.get("read_seconds", ""),
        "search_starts_s": stats["compile_seconds"],
        "assigned": stats["assigned"],
        "uncompared": stats.get("uncompared", ""),
        "stopped_by": stats["stopped_by"],
    }


def validate_row(count: int, folder: Path) -> dict:
    status, wall, peak = measured([*GROUPFORMER, "validate", str(signups_file(count, folder))])
    kept = status == 0 and wall <= VALIDATE_LIMIT_S and peak < PEAK_LIMIT_MB
    return {"command": "validate", "n": count, "status": status, "wall_s": wall, "peak_mb": peak, "kept": kept}


def table(rows: list[dict], load: int) -> str:
    lines = [
        f"| command | n | wall s (load {load}) | peak MB | within bounds | read s | search starts s | assigned | "
        "uncompared | stopped by |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        keys = ("read_s", "search_starts_s", "assigned", "uncompared", "stopped_by")
        solve_figures = [str(row.get(key, "")) for key in keys]
        kept = "yes" if row["kept"] else "NO"
        lines.append(
            f"| {row['command']} | {row['n']} | {row['wall_s']} | {row['peak_mb']} | {kept} | "
            + " | ".join(solve_figures)
            + " |"
        )
    return "\n".join(lines)


@click.command()
@click.option("--solve", "solve_sizes", multiple=True, type=int, default=(20000,), show_default=True)
@click.option("--validate", "validate_sizes", multiple=True, type=int, default=(100000,), show_default=True)
@click.option("--limit", type=float, default=30.0, show_default=True, help="--time-limit of each solve.")
@click.option("--load", type=click.IntRange(min=0), default=0, show_default=True, help="Busy processes meanwhile.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), help="Keep the instances here.")
def main(solve_sizes, validate_sizes, limit: float, load: int, folder: Path | None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        where = folder or Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        for count in {*solve_sizes, *validate_sizes}:
            signups_file(count, where)
        with busy_processes(load):
            rows = [solve_row(count, limit, where) for count in solve_sizes]
            rows += [validate_row(count, where) for count in validate_sizes]
    click.echo(table(rows, load))
    click.echo(json.dumps(rows))
    sys.exit(0 if all(row["kept"] for row in rows) else 1)


if __name__ == "__main__":
    main()
