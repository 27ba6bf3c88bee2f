"""How many work units each engine does per wall second on this machine (the calibration of
search/work.py: a unit should take about a second of one core, idle).

Each sign-up run is one engine alone with `--workers 1` and a work limit, so its parts' work over their
seconds is that engine's rate; MDGP instances (files of MDGPLIB, optional) measure the tabu search.
`--load N` keeps N other processes spinning meanwhile, to see the rate under load.

    python benchmarks/work_rates.py
    python benchmarks/work_rates.py --load 2
    python benchmarks/work_rates.py --mdgp path/to/RanReal_n120_ds_01.txt --mdgp path/to/Geo_n480_ds_01.txt
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from busy import busy_processes

from groupformer.contract import SignupFile
from groupformer.generate import generate_signups
from groupformer.mdgp import read_instance, to_partition_problem
from groupformer.search.control import SearchControl
from groupformer.search.memetic import compile_ahead
from groupformer.search.partition import solve_partition
from groupformer.solve import solve

SIGN_UPS = (
    ("search", 200, "one_metro"),
    ("search", 1000, "national"),
    ("exact", 200, "national"),
    ("exact", 1000, "regional"),
)


def sign_up_rate(engine: str, count: int, shape: str, work: float) -> dict:
    signups = SignupFile.model_validate(generate_signups(count, 1, shape=shape))
    stats = solve(signups, time_limit_s=3600, work_limit=work, engine=engine, workers=1).stats.model_dump()
    seconds = sum(part["seconds"] for part in stats["parts"])
    done = sum(part["work"] for part in stats["parts"])
    return {"engine": engine, "instance": f"{shape}-{count}", "work": done, "seconds": seconds}


def tabu_rate(path: Path, work: float) -> dict:
    compile_ahead()
    problem = to_partition_problem(read_instance(path))
    control = SearchControl(time.monotonic() + 3600, work_limit=work)
    started = time.monotonic()
    solve_partition(problem, 0, 1, control)
    return {"engine": "tabu", "instance": path.stem, "work": control.work_done, "seconds": time.monotonic() - started}


@click.command()
@click.option("--work", type=float, default=5.0, show_default=True, help="Work limit of each run.")
@click.option("--load", type=click.IntRange(min=0), default=0, show_default=True, help="Busy processes meanwhile.")
@click.option("--mdgp", "mdgp_paths", multiple=True, type=click.Path(exists=True, path_type=Path))
def main(work: float, load: int, mdgp_paths: tuple[Path, ...]) -> None:
    with busy_processes(load):
        rows = [sign_up_rate(engine, count, shape, work) for engine, count, shape in SIGN_UPS]
        rows += [tabu_rate(path, work) for path in mdgp_paths]
    click.echo(f"| engine | instance | work done | seconds | units per second (load {load}) |")
    click.echo("|---|---|---|---|---|")
    for row in rows:
        rate = row["work"] / row["seconds"] if row["seconds"] else float("nan")
        click.echo(f"| {row['engine']} | {row['instance']} | {row['work']:.2f} | {row['seconds']:.2f} | {rate:.2f} |")
    click.echo(json.dumps(rows))


if __name__ == "__main__":
    main()
