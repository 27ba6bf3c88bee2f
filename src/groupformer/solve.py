"""The public entry of the solver: sign-ups in, a contract solution out, under one work budget, one time
limit and one seed.

The work budget is shared out to parts and engines before any search runs and every engine counts its
own work (search/work.py), so a single-worker run that ends on work is repeatable on any machine and
under any load; the wall-clock limit is a hard cap on top. How each part is searched: search/strategy.py;
every part in turn: search/parts.py; sign-ups with open groups: search/open_group_stages.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from groupformer.cluster import Cluster, part_runner
from groupformer.compile import compile_problem
from groupformer.compile.scores import MICRO
from groupformer.contract import SignupFile, Solution
from groupformer.problem import Problem
from groupformer.result import OpenGroupOutcome, build_solution
from groupformer.search.control import Progress, SearchControl
from groupformer.search.open_group_stages import solve_with_open_groups
from groupformer.search.part import trivial_bound_micro
from groupformer.search.parts import SearchOutcome, solve_problem
from groupformer.search.strategy import ENGINES
from groupformer.search.work import WORK_PER_SECOND

__all__ = ["ENGINES", "SETTINGS", "default_work_limit", "solve"]


@dataclass(frozen=True)
class BudgetSettings:
    # kept back for building, checking and writing the solution (3 s for 10,000 with the judge and JSON)
    output_reserve_s: float = 0.5
    output_reserve_per_participant_s: float = 0.0003
    # starting Python and importing the solver's libraries, counted in a command's time limit
    startup_s: float = 1.0
    # wall time per participant for compiling, greedy and the LP bound, which are not counted as work
    uncounted_s_per_participant: float = 0.0008
    # on an idle machine: building, checking and writing the output, and exiting (2.2 s for 20,000)
    output_cost_per_participant_s: float = 0.00015
    # on an idle machine: the greedy groups that compiling leaves time for (1.6 s for 20,000, quadratic)
    greedy_cost_per_participant_squared_s: float = 4e-9
    # a share measured over less wall time than this is too rough to reserve by
    least_measured_s: float = 0.2
    # the smallest share believed: lower is more likely a pause than a machine four times busier
    least_cpu_share: float = 0.25


SETTINGS = BudgetSettings()


def default_work_limit(time_limit_s: float, participants: int) -> float:
    """The work a time limit buys when no work limit is given: what is left of the limit after start-up,
    compiling and writing the output, at a rate that ends on work before the clock here (so that
    re-running the same command gives the same groups). It depends on the limit and the size only."""
    searching_s = (
        time_limit_s
        - SETTINGS.startup_s
        - _output_reserve_s(participants)
        - SETTINGS.uncounted_s_per_participant * participants
    )
    return round(max(0.0, searching_s) * WORK_PER_SECOND, 3)


def _output_reserve_s(participants: int, slowdown: float = 1.0) -> float:
    """Wall time kept for building, checking and writing the output, on a machine `slowdown` times slower
    than idle (1: idle, which the default work limit assumes)."""
    per_participant = max(SETTINGS.output_reserve_per_participant_s, SETTINGS.output_cost_per_participant_s * slowdown)
    return SETTINGS.output_reserve_s + per_participant * participants


class _Pace:
    """How much slower than idle this process runs, from the share of a core it has had since it was
    made: compiling is all computation, so on a machine busy with other work the share shows how much
    longer the greedy groups and the output will take."""

    def __init__(self):
        self.wall, self.cpu = time.monotonic(), time.process_time()

    def slowdown(self) -> float:
        wall = time.monotonic() - self.wall
        if wall < SETTINGS.least_measured_s:
            return 1.0
        return 1 / min(1.0, max(SETTINGS.least_cpu_share, (time.process_time() - self.cpu) / wall))


def solve(
    signups: SignupFile,
    time_limit_s: float | None = None,
    work_limit: float | None = None,
    seed: int | None = None,
    workers: int = 1,
    engine: str = "auto",
    stop_requested: threading.Event | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    clock_started: float | None = None,
    cluster: Cluster | None = None,
) -> Solution:
    """Sign-ups in, contract solution out; options left as None take the file's settings.

    The work limit (units of search/work.py; default: what the time limit buys, `default_work_limit`)
    ends the search repeatably; the time limit is a hard cap counted from `clock_started`
    (time.monotonic(); default now) over compiling, searching and building the solution. Setting
    `stop_requested` ends the search early with the best solution found so far. `stats.stopped_by`
    says which of these ended the run. With a `cluster`, each independent part is searched as a task on
    it (search/part_tasks.py), giving the same groups as here when the work limit ends the run.
    """
    started = time.monotonic() if clock_started is None else clock_started
    settings = signups.settings
    time_limit_s = settings.time_limit_s if time_limit_s is None else time_limit_s
    work_limit = settings.work_limit if work_limit is None else work_limit
    if work_limit is None:
        work_limit = default_work_limit(time_limit_s, len(signups.participants))
    seed = settings.seed if seed is None else seed
    deadline = started + max(0.1, time_limit_s - _output_reserve_s(len(signups.participants)))
    control = SearchControl(deadline, on_progress, stop_requested, work_limit)
    with part_runner(cluster) as runner:
        reading, pace = time.monotonic(), _Pace()
        problem = _compiled_in_time(signups, control, pace, started + time_limit_s)
        compiled = time.monotonic()
        control.bring_forward(started + time_limit_s - _output_reserve_s(len(signups.participants), pace.slowdown()))
        if problem.open_groups:
            outcome = solve_with_open_groups(problem, seed, workers, engine, control, runner)
        else:
            outcome = solve_problem(problem, seed, workers, engine, control, runner=runner)
    if problem.uncompared_bits:
        outcome = _cut_by_compiling(problem, outcome, control)
    run = {"time_limit_s": time_limit_s, "work_limit": work_limit, "seed": seed, "workers": workers, "engine": engine}
    stats = _stats(outcome, problem, control, (started, reading, compiled), run)
    open_groups = OpenGroupOutcome(signups.open_groups, outcome.filled, outcome.dissolved)
    return build_solution(
        problem, outcome.groups, outcome.status, outcome.objective_micro, outcome.bound_micro, stats, open_groups
    )


def _compiled_in_time(signups: SignupFile, control: SearchControl, pace: _Pace, limit_ends: float) -> Problem:
    """Compiling stops when asked to, or when only the time the greedy groups and the output will take at
    the current pace is left before the time limit ends (the search then gets none: the clock ends it)."""
    count = len(signups.participants)
    cost_s = SETTINGS.greedy_cost_per_participant_squared_s * count**2 + SETTINGS.output_cost_per_participant_s * count

    def out_of_time() -> bool:
        stops_at = limit_ends - cost_s * pace.slowdown()
        return control.interrupted() or time.monotonic() >= stops_at

    return compile_problem(signups, out_of_time)


def _cut_by_compiling(problem: Problem, outcome: SearchOutcome, control: SearchControl) -> SearchOutcome:
    """Compiling was cut short: what was found among the people compared proves nothing about everyone,
    so the bound is the trivial one (everyone placed at perfect quality), and the run is not repeatable."""
    control.note_clock_stop()
    bound = max(outcome.bound_micro, trivial_bound_micro(problem, list(range(problem.size))))
    return replace(outcome, status="feasible", bound_micro=bound)


def _stats(
    outcome: SearchOutcome, problem: Problem, control: SearchControl, clock: tuple[float, float, float], run: dict
) -> dict:
    """The run's settings and figures; the seconds and the work done are measurements, the rest repeats
    (`uncompared` too, unless the clock cut compiling short, which `stopped_by` then says)."""
    started, reading, compiled = clock
    return {
        "solve_seconds": round(time.monotonic() - started, 3),
        "compile_seconds": round(compiled - started, 3),
        "read_seconds": round(reading - started, 3),
        "uncompared": problem.uncompared_bits.bit_count(),
        "time_limit_s": run["time_limit_s"],
        "work_limit": run["work_limit"],
        "work_done": round(control.work_done, 3),
        "stopped_by": control.stopped_by(outcome.status == "optimal"),
        "seed": run["seed"],
        "workers": run["workers"],
        "engine": run["engine"],
        "greedy_objective": outcome.greedy_objective_micro / MICRO,
        "greedy_assigned": outcome.greedy_assigned,
        "parts": [
            {
                "people": part.people,
                "method": part.method,
                "status": part.status,
                "candidates": part.candidates,
                "objective": part.objective_micro / MICRO,
                "bound": part.bound_micro / MICRO,
                "seconds": round(part.seconds, 3),
                "work": round(part.work, 3),
            }
            for part in outcome.parts
            if part.people >= problem.group_size_min
        ],
    }
