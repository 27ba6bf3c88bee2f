"""The suite's report: the table of every run, how far the full engine is above each baseline, the
anytime plots, and report.md and report.json in the output folder.

It reads only finished runs (dicts, as saved in OUT/runs), so a report can be written again from saved
runs without solving anything."""

from __future__ import annotations

import json
from pathlib import Path

from groupformer.bench.configurations import CONFIGURATION_BY_NAME, CONFIGURATION_NAMES, CONFIGURATIONS, FULL_ENGINE
from groupformer.bench.jobs import write_atomically
from groupformer.bench.svg import anytime_plot

# Objectives are reported in micro-points; closer than this they are the same.
OBJECTIVE_TIE = 1e-6


def ordered(runs: list[dict]) -> list[dict]:
    """By instance, time limit, then the order of CONFIGURATIONS, whatever order the jobs ended in."""
    position = {name: index for index, name in enumerate(CONFIGURATION_NAMES)}
    return sorted(runs, key=lambda run: (run["instance"], run["time_limit_s"], position[run["configuration"]]))


def comparisons(runs: list[dict]) -> list[dict]:
    """Per instance and time limit: how far the full engine's objective is above each baseline's."""
    by_case: dict[tuple[str, float], dict[str, dict]] = {}
    for run in runs:
        if "error" in run:
            continue
        by_case.setdefault((run["instance"], run["time_limit_s"]), {})[run["configuration"]] = run
    rows = []
    for (instance, time_limit_s), case in sorted(by_case.items()):
        if FULL_ENGINE not in case:
            continue
        full = case[FULL_ENGINE]["objective"]
        versus = {
            name: {
                "difference": full - run["objective"],
                "ratio": full / run["objective"] if run["objective"] else None,
            }
            for name, run in ((name, case[name]) for name in CONFIGURATION_NAMES if name in case)
            if run["baseline"]
        }
        rows.append({"instance": instance, "time_limit_s": time_limit_s, FULL_ENGINE: full, "versus": versus})
    return rows


def verdicts(comparison_rows: list[dict]) -> dict[str, dict]:
    """Per baseline: on how many instances the full engine was above, level with, or below it, and the
    smallest and largest difference."""
    differences: dict[str, list[float]] = {}
    for row in comparison_rows:
        for baseline, versus in row["versus"].items():
            differences.setdefault(baseline, []).append(versus["difference"])
    return {baseline: _verdict(values) for baseline, values in differences.items()}


def _verdict(differences: list[float]) -> dict:
    return {
        "compared": len(differences),
        "above": sum(1 for difference in differences if difference > OBJECTIVE_TIE),
        "level": sum(1 for difference in differences if abs(difference) <= OBJECTIVE_TIE),
        "below": sum(1 for difference in differences if difference < -OBJECTIVE_TIE),
        "least": min(differences),
        "most": max(differences),
    }


def plot_path(out: Path, instance: str, time_limit_s: float) -> Path:
    return out / "plots" / f"{instance}-{time_limit_s:g}s.svg"


def write_plots(runs: list[dict], out: Path) -> list[Path]:
    """One anytime plot per instance and time limit, a line per configuration."""
    cases: dict[tuple[str, float], list[dict]] = {}
    for run in ordered(runs):
        if "error" in run:
            continue
        cases.setdefault((run["instance"], run["time_limit_s"]), []).append(run)
    paths = []
    for (instance, time_limit_s), case in cases.items():
        curves = {_curve_label(run): [tuple(point) for point in run["curve"]] for run in case}
        title = f"{instance}: objective against time ({time_limit_s:g} s limit)"
        paths.append(plot_path(out, instance, time_limit_s))
        write_atomically(paths[-1], anytime_plot(title, curves, time_limit_s))
    return paths


def _curve_label(run: dict) -> str:
    """A reweighted run's curve is its solver's objective, which counts diversity more than the others'."""
    reweighted = CONFIGURATION_BY_NAME[run["configuration"]].reweighted
    return f"{run['configuration']} (own weights)" if reweighted else run["configuration"]


def markdown_report(runs: list[dict], comparison_rows: list[dict]) -> str:
    lines = ["| instance | n | limit s | configuration | valid | assigned | diversity | coverage | prefer met |"]
    lines[-1] += " size pref met | objective | bound | gap % | wall s |"
    lines.append("|---" * 14 + "|")
    for run in ordered(runs):
        cells = [run["instance"], _number(run["participants"], 0), f"{run['time_limit_s']:g}", run["configuration"]]
        if "error" in run:
            lines.append(_row(cells + [f"error: {run['error']}"] + ["–"] * 9))
            continue
        cells += ["yes" if run["valid"] else f"NO ({run['violations']})", run["assigned"], f"{run['diversity']:.2f}"]
        cells += [f"{run['coverage']:.2f}", run["prefer_met"], run["size_pref_met"], f"{run['objective']:.3f}"]
        cells += [_number(run["bound"], 3), _number(run["gap_percent"], 3), f"{run['wall_s']:.2f}"]
        lines.append(_row(cells))
    lines += ["", *_comparison_table(comparison_rows), "", *_configuration_notes(runs)]
    return "\n".join(lines) + "\n"


def _comparison_table(comparison_rows: list[dict]) -> list[str]:
    baselines = [name for name in CONFIGURATION_NAMES if any(name in row["versus"] for row in comparison_rows)]
    if not baselines:
        return []
    header = ["instance", "limit s", FULL_ENGINE]
    header += [cell for name in baselines for cell in (f"{FULL_ENGINE} − {name}", f"{FULL_ENGINE} / {name}")]
    lines = [f"How much `{FULL_ENGINE}` beats each baseline (objective difference and ratio):", ""]
    lines += [_row(header), "|---" * len(header) + "|"]
    for row in comparison_rows:
        cells = [row["instance"], f"{row['time_limit_s']:g}", f"{row[FULL_ENGINE]:.3f}"]
        for name in baselines:
            versus = row["versus"].get(name)
            cells += ["–", "–"] if versus is None else [f"{versus['difference']:+.3f}", _number(versus["ratio"], 5)]
        lines.append(_row(cells))
    lines.append("")
    for name, tally in verdicts(comparison_rows).items():
        lines.append(
            f"- `{FULL_ENGINE}` vs `{name}`: above on {tally['above']}, level on {tally['level']}, below on "
            f"{tally['below']} of {tally['compared']}; difference {tally['least']:+.3f} to {tally['most']:+.3f}"
        )
    return lines


def _configuration_notes(runs: list[dict]) -> list[str]:
    used = {run["configuration"] for run in runs}
    lines = ["Configurations (same seed and workers for all; measures and objective from the evaluator):", ""]
    lines += [f"- `{item.name}`: {item.description}" for item in CONFIGURATIONS if item.name in used]
    if any(CONFIGURATION_BY_NAME[name].reweighted for name in used):
        lines.append(
            "- A reweighted configuration is searched under its own weights; its objective above is re-scored by "
            "the evaluator under the instance's weights, while its bound, gap and plotted curve are its own."
        )
    lines.append("- Constructions prove no bound: their bound and gap are left empty.")
    return lines


def _row(cells: list) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _number(value: float | None, decimals: int) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


def write_report(runs: list[dict], out: Path) -> str:
    """report.md, report.json and the plots in `out`; returns the markdown."""
    comparison_rows = comparisons(runs)
    plots = write_plots(runs, out)
    report = markdown_report(runs, comparison_rows)
    report += "\nAnytime plots: " + ", ".join(f"[{path.name}](plots/{path.name})" for path in plots) + "\n"
    write_atomically(out / "report.md", report)
    document = {
        "configurations": [
            {"name": item.name, "description": item.description, "baseline": item.baseline} for item in CONFIGURATIONS
        ],
        "runs": ordered(runs),
        "comparisons": comparison_rows,
        "verdicts": verdicts(comparison_rows),
    }
    write_atomically(out / "report.json", json.dumps(document, indent=1) + "\n")
    return report
