"""`groupformer bench mdgp`'s report, in the literature's protocol: per instance the best, average and
worst objective over the seeds (TPSDP, Yang et al. 2022, reports these over 20 runs), their gaps to the
best-known value, the mean gaps per set, size and type next to TPSDP's own average-run gap on the same
instances, and the instances where our best beats the best-known value.

The reference values are two CSV tables, read from the folder the user names (`--reference DIR`), else
from each instance's folder or one of its two parents, so nothing is bundled with the code:

* `best_known.csv`: columns `instance` and `best_known` (others ignored);
* `tpsdp_reported_all.csv`: columns `instance` and `tpsdp_avg`, TPSDP's average over its 20 runs.

Gap = (best known - ours) / best known, in percent: positive is worse, negative beats the best-known value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from groupformer.mdgp import MdgpFormatError

BEST_KNOWN_FILE = "best_known.csv"
TPSDP_FILE = "tpsdp_reported_all.csv"
# A best-known value printed with fewer decimals than ours is not beaten by its own rounding
# (Geo_n010_ss_10 is listed as 3752.03; its optimum is 3752.033).
BEATS_BY_MORE_THAN = 1e-6


@dataclass(frozen=True)
class Reference:
    """Per instance name: the best-known objective, and TPSDP's average over its runs."""

    best_known: dict[str, float]
    tpsdp_average: dict[str, float]


def read_reference(instance_files: Iterable[Path], folder: Path | None) -> Reference:
    """The tables in `folder`, which must hold at least one of them; without a folder, those found beside
    the instances (none found: no gaps)."""
    if folder is None:
        folders = sorted({near for file in instance_files for near in [file.parent, *list(file.parents)[1:3]]})
    elif not ((folder / BEST_KNOWN_FILE).is_file() or (folder / TPSDP_FILE).is_file()):
        raise MdgpFormatError(f"{folder}: --reference needs a folder holding {BEST_KNOWN_FILE} or {TPSDP_FILE}")
    else:
        folders = [folder]
    return Reference(_column(folders, BEST_KNOWN_FILE, "best_known"), _column(folders, TPSDP_FILE, "tpsdp_avg"))


def _column(folders: list[Path], file_name: str, column: str) -> dict[str, float]:
    values: dict[str, float] = {}
    for folder in folders:
        table = folder / file_name
        if table.is_file():
            with open(table, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            if rows and not {"instance", column} <= set(rows[0]):
                raise MdgpFormatError(f"{table}: needs the columns 'instance' and '{column}'")
            values.update({row["instance"]: float(row[column]) for row in rows})
    return values


def gap_percent(best_known: float | None, objective: float | None) -> float | None:
    if not best_known or objective is None:
        return None
    return 100 * (best_known - objective) / best_known


def beats_best_known(summary: dict) -> bool:
    known = summary["best_known"]
    return known is not None and summary["objective"] > known + BEATS_BY_MORE_THAN * abs(known)


def instance_summary(seeds: list[dict], reference: Reference) -> dict:
    """One instance's runs (one per seed) against the reference; the best run's partition is `groups`."""
    best = max(seeds, key=lambda run: run["objective"])
    name = best["instance"]
    known = reference.best_known.get(name)
    tpsdp_average = reference.tpsdp_average.get(name)
    objectives = [run["objective"] for run in seeds]
    mean, worst = float(np.mean(objectives)), min(objectives)
    return {
        **{key: best[key] for key in ("instance", "set", "n", "m", "type", "objective", "seconds")},
        "time_to_best_s": best["time_to_best_s"],
        "best_seed": best["seed"],
        "mean_objective": mean,
        "worst_objective": worst,
        "best_known": known,
        "gap_percent": gap_percent(known, best["objective"]),
        "mean_gap_percent": gap_percent(known, mean),
        "worst_gap_percent": gap_percent(known, worst),
        "tpsdp_average": tpsdp_average,
        "tpsdp_average_gap_percent": gap_percent(known, tpsdp_average),
        "mean_time_to_best_s": float(np.mean([run["time_to_best_s"] for run in seeds])),
        "time_limit_s": best["time_limit_s"],
        "workers": best["workers"],
        "seeds": [run["seed"] for run in seeds],
        "runs": [{key: value for key, value in run.items() if key != "groups"} for run in seeds],
        "groups": best["groups"],
    }


def group_averages(summaries: list[dict]) -> list[dict]:
    """Mean gaps per (set, n, type), per (set, n), and per n over every set (set "all", last): how the
    literature reports MDGP results. TPSDP's mean average-run gap is given only when every instance of
    the row with a best-known value has a TPSDP average, so both means are over the same instances."""
    keys: dict[tuple, list[dict]] = {}
    for summary in summaries:
        keys.setdefault((summary["set"], summary["n"], "all"), []).append(summary)
        keys.setdefault((summary["set"], summary["n"], summary["type"]), []).append(summary)
        keys.setdefault(("all", summary["n"], "all"), []).append(summary)
    rows = []
    for (set_name, item_count, group_type), members in sorted(keys.items()):
        with_known = [member for member in members if member["gap_percent"] is not None]
        tpsdp = [member["tpsdp_average_gap_percent"] for member in with_known]
        rows.append(
            {
                "set": set_name,
                "n": item_count,
                "type": group_type,
                "instances": len(members),
                "mean_gap_percent_best_run": _mean([member["gap_percent"] for member in with_known]),
                "mean_gap_percent_all_runs": _mean([member["mean_gap_percent"] for member in with_known]),
                "tpsdp_mean_gap_percent_all_runs": None if None in tpsdp else _mean(tpsdp),
                "worst_gap_percent": max((member["gap_percent"] for member in with_known), default=None),
                "beaten_or_matched": sum(1 for member in with_known if member["gap_percent"] <= 0),
                "mean_time_to_best_s": _mean([member["mean_time_to_best_s"] for member in members]),
            }
        )
    return rows


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def markdown_report(summaries: list[dict], averages: list[dict]) -> str:
    return "\n".join([*_instance_table(summaries), "", *_average_table(averages), "", *_new_best_list(summaries)])


def _instance_table(summaries: list[dict]) -> list[str]:
    lines = ["| instance | n | m | type | best | average | worst | best known | gap % best | gap % average |"]
    lines[0] += " TPSDP gap % average | to best s |"
    lines.append("|---" * 12 + "|")
    for row in summaries:
        cells = [row["instance"], row["n"], row["m"], row["type"]]
        cells += [_number(row[key], 3) for key in ("objective", "mean_objective", "worst_objective", "best_known")]
        cells += [_number(row[key], 4) for key in ("gap_percent", "mean_gap_percent", "tpsdp_average_gap_percent")]
        cells.append(f"{row['mean_time_to_best_s']:.2f}")
        lines.append(_row(cells))
    return lines


def _average_table(averages: list[dict]) -> list[str]:
    lines = ["| set | n | type | instances | mean gap % (best run) | mean gap % (all runs) |"]
    lines[0] += " TPSDP mean gap % (all runs) | largest gap % (best run) | matched or beaten | mean to best s |"
    lines.append("|---" * 10 + "|")
    for row in averages:
        cells = [row["set"], row["n"], row["type"], row["instances"]]
        cells += [_number(row[key], 4) for key in ("mean_gap_percent_best_run", "mean_gap_percent_all_runs")]
        cells += [_number(row[key], 4) for key in ("tpsdp_mean_gap_percent_all_runs", "worst_gap_percent")]
        cells += [row["beaten_or_matched"], _number(row["mean_time_to_best_s"], 2)]
        lines.append(_row(cells))
    return lines


def _new_best_list(summaries: list[dict]) -> list[str]:
    better = [row for row in summaries if beats_best_known(row)]
    if not better:
        return ["No instance's best beats its best-known value.", ""]
    lines = ["Better than the best-known value:", "", "| instance | ours | best known | by |", "|---|---|---|---|"]
    for row in better:
        by = row["objective"] - row["best_known"]
        lines.append(_row([row["instance"], f"{row['objective']:.6f}", f"{row['best_known']:.6f}", f"{by:.6f}"]))
    return [*lines, ""]


def _row(cells: list) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _number(value: float | None, decimals: int) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"
