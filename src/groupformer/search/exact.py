"""CP-SAT as an exact chooser of whole groups (set packing over enumerated candidates).

One Boolean per candidate group, at most one chosen group per person, a linear objective. Unlike a
person-to-group-label model this has no label symmetry and no pair products, and its LP bound is strong
(optimal in under a second up to about 10^4 candidates).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from groupformer.search.control import Budget, SearchControl
from groupformer.search.fixed_groups import FixedGroups
from groupformer.search.work import RATES


@dataclass(frozen=True)
class ExactSettings:
    # how often a stop request is passed on to CP-SAT while it runs in its thread
    poll_s: float = 0.05
    # CP-SAT took up to this long to honour its time limit or a stop while presolving (docs/solver.md),
    # so its wall-clock cap ends that much before the deadline
    stop_lag_s: float = 0.5


SETTINGS = ExactSettings()


@dataclass(frozen=True)
class ExactResult:
    chosen: list[int]
    status: str
    objective: int
    bound: int
    seconds: float
    work: float


def choose_groups(
    candidates: list[tuple[int, ...]],
    values: list[int],
    hint: list[int],
    budget: Budget,
    workers: int,
    seed: int,
    on_solution: Callable[[int], None] | None = None,
    fixed_groups: FixedGroups | None = None,
    kept_sizes: Sequence[int] = (),
) -> ExactResult:
    """Pick disjoint candidates of maximum total value; `hint` lists candidate indices of a known packing.

    With one worker the search stops after the budget's work (CP-SAT's deterministic time), so the same
    input gives the same answer however busy the machine is; the budget's wall-clock deadline (capped by
    its control's) is the hard stop on top, and the control hears when it cut CP-SAT short
    (with several workers CP-SAT is not repeatable anyway, and only the clock stops it). A stop request
    ends the search at once with the best packing found. `on_solution(objective)` hears of each better
    packing CP-SAT finds (only its value: reading the packing itself would slow CP-SAT down). With
    `fixed_groups`, the chosen groups and kept groups of `kept_sizes` must fit the fixed groups together.
    """
    control, deadline, work = budget.control, budget.deadline, budget.work
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"group_{index}") for index in range(len(candidates))]
    groups_of: dict[int, list[int]] = {}
    for index, members in enumerate(candidates):
        for member in members:
            groups_of.setdefault(member, []).append(index)
    for member in sorted(groups_of):
        model.add_at_most_one(chosen[index] for index in groups_of[member])
    if fixed_groups is not None:
        fixed_groups.constrain(model, chosen, [len(members) for members in candidates], kept_sizes)
    model.maximize(cp_model.LinearExpr.weighted_sum(chosen, values))
    hinted = set(hint)
    for index, variable in enumerate(chosen):
        model.add_hint(variable, index in hinted)
    time_limit_s = max(0.05, min(deadline - time.monotonic(), control.remaining_s()) - SETTINGS.stop_lag_s)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = time_limit_s
    building_work = sum(map(len, candidates)) / RATES.model_memberships_per_unit
    deterministic_limit = max(0.05, (work - building_work) * RATES.cp_sat_deterministic_per_unit)
    if workers == 1:
        solver.parameters.max_deterministic_time = deterministic_limit
    solver.parameters.catch_sigint_signal = False
    status = _solve_interruptibly(solver, model, control, on_solution)
    work_done = building_work + solver.deterministic_time / RATES.cp_sat_deterministic_per_unit
    control.spend(work_done)
    if _cut_by_clock(solver, status, control, deterministic_limit, workers):
        control.note_clock_stop()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactResult([], "unknown", 0, int(sum(values)), solver.wall_time, work_done)
    picked = [index for index, variable in enumerate(chosen) if solver.boolean_value(variable)]
    return ExactResult(
        chosen=picked,
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        objective=round(solver.objective_value),
        bound=int(solver.best_objective_bound),
        seconds=solver.wall_time,
        work=work_done,
    )


def _cut_by_clock(solver, status, control: SearchControl, deterministic_limit: float, workers: int) -> bool:
    """CP-SAT ended without a proof, without a stop request and short of its work budget: the clock."""
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or control.interrupted():
        return False
    return workers > 1 or solver.deterministic_time < 0.999 * deterministic_limit


class _ObjectiveListener(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_solution: Callable[[int], None]):
        super().__init__()
        self._on_solution = on_solution

    def on_solution_callback(self) -> None:
        self._on_solution(round(self.objective_value))


def _solve_interruptibly(solver, model, control: SearchControl, on_solution: Callable[[int], None] | None):
    """Solve in a helper thread (CP-SAT releases the GIL) so the main thread can handle signals and
    pass a stop request on to CP-SAT."""
    outcome = []
    listener = _ObjectiveListener(on_solution) if on_solution is not None else None
    worker = threading.Thread(target=lambda: outcome.append(solver.solve(model, listener)))
    worker.start()
    while worker.is_alive():
        worker.join(SETTINGS.poll_s)
        if control.interrupted():
            solver.stop_search()
    return outcome[0]
