"""`groupformer bench suite`: sign-up instances under named configurations and baselines, judged alike.

Every (instance, configuration, time limit) run is one job, written to
`OUT/runs/<instance>/<configuration>-<limit>s.json` as soon as it ends; a later suite reuses it when the
instance file, time limit, seed and workers are the same, so an interrupted suite resumes. Whoever made a
solution, the independent evaluator judges it against the instance as given: validity, the contract's
measures and the objective in the report are the evaluator's, never a solver's own bookkeeping.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from groupformer.bench.baselines import baseline_solution, greedy_assignment, random_groups
from groupformer.bench.jobs import run_pending, write_atomically
from groupformer.bench.svg import anytime_plot
from groupformer.compile import compile_problem
from groupformer.compile.scores import MICRO
from groupformer.contract import SignupFile, Solution
from groupformer.evaluate import evaluate
from groupformer.problem import Problem
from groupformer.search.control import Progress
from groupformer.solve import solve
from groupformer.validate import InputError, load_signups

# auto-diversity multiplies the file's diversity weight by this: 4 of 10 points become 12 of 18.
DIVERSITY_EMPHASIS = 3.0


@dataclass(frozen=True)
class Configuration:
    """A named way of producing a solution: `solve` with an engine (and possibly other weights), or a
    construction alone (`construct(problem, seed)`)."""

    name: str
    description: str
    engine: str | None = None
    diversity_factor: float = 1.0
    construct: Callable[[Problem, int], list[tuple[int, ...]]] | None = None
    baseline: bool = False

    @property
    def reweighted(self) -> bool:
        return self.diversity_factor != 1.0


CONFIGURATIONS = (
    Configuration("auto", "the full engine (`--engine auto`)", engine="auto"),
    Configuration("search", "greedy, LNS and local search alone (`--engine search`)", engine="search"),
    Configuration(
        "auto-diversity",
        f"`auto` with the diversity weight ×{DIVERSITY_EMPHASIS:g} (settings.weights)",
        engine="auto",
        diversity_factor=DIVERSITY_EMPHASIS,
    ),
    Configuration(
        "exact", "baseline: the monolithic CP-SAT model alone (`--engine exact`)", engine="exact", baseline=True
    ),
    Configuration(
        "greedy",
        "baseline: the greedy construction alone",
        construct=lambda problem, seed: greedy_assignment(problem),
        baseline=True,
    ),
    Configuration("random", "baseline: a random valid assignment", construct=random_groups, baseline=True),
)
CONFIGURATION_NAMES = tuple(configuration.name for configuration in CONFIGURATIONS)
CONFIGURATION_BY_NAME = {configuration.name: configuration for configuration in CONFIGURATIONS}
FULL_ENGINE = "auto"
MEASURES = ("assigned", "diversity", "coverage", "prefer_met", "size_pref_met")
# Objectives are reported in micro-points; closer than this they are the same.
OBJECTIVE_TIE = 1e-6


def instance_files(folder: Path) -> list[Path]:
    """The folder's `*.json` sign-up files in name order, each validated, or every problem of every file."""
    if not folder.is_dir():
        raise InputError([f"{folder}: no such folder"])
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError([f"{folder}: no sign-up files (*.json)"])
    problems = []
    for file in files:
        try:
            load_signups(file.read_bytes(), str(file))
        except InputError as error:
            problems += [
                problem if problem.startswith(str(file)) else f"{file}: {problem}" for problem in error.problems
            ]
    if problems:
        raise InputError(problems)
    return files


@dataclass(frozen=True)
class Job:
    instance: Path
    configuration: str
    time_limit_s: float
    seed: int
    workers: int

    def run_path(self, out: Path) -> Path:
        return out / "runs" / self.instance.stem / f"{self.configuration}-{self.time_limit_s:g}s.json"


def suite_jobs(
    instances: list[Path], configurations: list[str], time_limits: list[float], seed: int, workers: int
) -> list[Job]:
    return [
        Job(instance, configuration, time_limit_s, seed, workers)
        for instance in instances
        for time_limit_s in time_limits
        for configuration in configurations
    ]


def run_job(job: Job) -> dict:
    """The job's judged run; a configuration that crashes gives a run with its `error` instead, so one
    failure is reported with the rest rather than ending the suite."""
    try:
        return _judged_run(job)
    except Exception as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        return {**_job_fields(job), "participants": None, "error": f"{type(error).__name__} at {where}: {error}"}


def _job_fields(job: Job) -> dict:
    return {
        "instance": job.instance.stem,
        "configuration": job.configuration,
        "baseline": CONFIGURATION_BY_NAME[job.configuration].baseline,
        "time_limit_s": job.time_limit_s,
        "seed": job.seed,
        "workers": job.workers,
    }


def _judged_run(job: Job) -> dict:
    """One configuration on one instance, timed from the validated sign-ups to the contract solution
    (reading the file and judging it are not timed), then judged by the evaluator."""
    raw = job.instance.read_bytes()
    signups = load_signups(raw, str(job.instance))
    configuration = CONFIGURATION_BY_NAME[job.configuration]
    if configuration.construct is not None:
        solution, curve = _constructed(signups, configuration, job.seed)
    else:
        solution, curve = _solved(signups, configuration, job)
    report = evaluate(signups, solution)
    proves_bound = configuration.construct is None
    return {
        **_job_fields(job),
        "instance_sha256": hashlib.sha256(raw).hexdigest(),
        "participants": len(signups.participants),
        "valid": report.valid,
        "violations": len(report.violations),
        **{measure: getattr(report, measure) for measure in MEASURES},
        "objective": round(report.objective, 6),
        "status": solution.status,
        "solver_objective": solution.objective,
        "bound": solution.bound if proves_bound else None,
        "gap_percent": round(100 * solution.stats.gap, 4) if proves_bound else None,
        "wall_s": round(curve[-1][0], 3),
        "curve": curve,
    }


def _constructed(signups: SignupFile, configuration: Configuration, seed: int) -> tuple[Solution, list]:
    started = time.monotonic()
    problem = compile_problem(signups)
    groups = configuration.construct(problem, seed)
    solution = baseline_solution(problem, groups, round(time.monotonic() - started, 3))
    return solution, [[round(time.monotonic() - started, 3), solution.objective]]


def _solved(signups: SignupFile, configuration: Configuration, job: Job) -> tuple[Solution, list]:
    """`solve` with every whole solution it reports recorded: the anytime curve."""
    if configuration.reweighted:
        signups = _with_diversity_weight(signups, configuration.diversity_factor)
    curve: list[list[float]] = []
    started = time.monotonic()

    def record(progress: Progress) -> None:
        value = progress.objective_micro / MICRO
        if progress.complete and (not curve or value > curve[-1][1]):
            curve.append([round(time.monotonic() - started, 3), value])

    solution = solve(
        signups,
        time_limit_s=job.time_limit_s,
        seed=job.seed,
        workers=job.workers,
        engine=configuration.engine,
        on_progress=record,
        clock_started=started,
    )
    curve.append([round(time.monotonic() - started, 3), solution.objective])
    return solution, curve


def _with_diversity_weight(signups: SignupFile, factor: float) -> SignupFile:
    weights = signups.settings.weights
    emphasised = weights.model_copy(update={"diversity": weights.diversity * factor})
    return signups.model_copy(update={"settings": signups.settings.model_copy(update={"weights": emphasised})})


def reusable_run(job: Job, out: Path, instance_sha256: str) -> dict | None:
    path = job.run_path(out)
    if not path.is_file():
        return None
    run = json.loads(path.read_text(encoding="utf-8"))
    same = (run["instance_sha256"], run["time_limit_s"], run["seed"], run["workers"])
    return run if same == (instance_sha256, job.time_limit_s, job.seed, job.workers) else None


def run_all(jobs: list[Job], out: Path, parallel_jobs: int, on_done: Callable[[dict, bool], None]) -> list[dict]:
    """Every job's run, reusing those already in `out`; `on_done(run, reused)` hears of each. Workers are
    spawned, not forked, so no solver thread of the parent is copied into them."""
    digests = {
        instance: hashlib.sha256(instance.read_bytes()).hexdigest() for instance in {job.instance for job in jobs}
    }
    runs: list[dict] = []
    pending: list[Job] = []
    for job in jobs:
        run = reusable_run(job, out, digests[job.instance])
        if run is None:
            pending.append(job)
        else:
            runs.append(run)
            on_done(run, True)
    spawned = multiprocessing.get_context("spawn")
    return runs + run_pending(pending, parallel_jobs, run_job, lambda run, job: _saved(run, job, out), on_done, spawned)


def _saved(run: dict, job: Job, out: Path) -> dict:
    """Kept for the next suite, unless it failed: a crash is retried, since it is a bug to be fixed."""
    if "error" not in run:
        write_atomically(job.run_path(out), json.dumps(run, indent=1) + "\n")
    return run


def failed(runs: list[dict]) -> list[dict]:
    return [run for run in runs if "error" in run or not run["valid"]]


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
