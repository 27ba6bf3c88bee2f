"""auto's race on a part whose candidates can all be enumerated: the first version's exact model against
LNS, in two threads, the better result kept.
"""

from __future__ import annotations

import copy
import math
import threading
from dataclasses import replace

import numpy as np

from groupformer.search.columns import Columns
from groupformer.search.part import PartOutcome, PartSearch, cp_sat_over, improved, method_label, trivial_bound_micro
from groupformer.search.relaxation import solve_relaxation


def race(search: PartSearch, columns: Columns, greedy: list[int]) -> PartOutcome:
    """The first version's exact model, unchanged (CP-SAT over every candidate, hinted with greedy, on
    the `--workers` threads, with the seed the exact engine would draw), in a helper thread, while this
    thread solves the LP relaxation (the bound) and runs LNS and local search from greedy; the better
    result is kept. So `auto` is never behind the exact model by more than timing noise, nor behind LNS.
    CP-SAT proving optimality ends LNS (how far LNS got then depends on timing, so it is not reported);
    LNS reaching the LP bound ends CP-SAT. Each side stops on its own work budget (with one CP-SAT
    worker), so the race is repeatable."""
    exact_side = replace(search, control=search.control.linked(), rng=copy.deepcopy(search.rng))
    search.rng.integers(2**31)
    search_side = replace(search, control=search.control.linked(), rng=_split(search.rng))
    trivial_bound = trivial_bound_micro(search.problem, search.part)
    exact_outcomes: list[PartOutcome] = []

    def run_exact() -> None:
        everything = np.arange(len(columns))
        exact_outcomes.append(cp_sat_over(exact_side, columns, everything, greedy, trivial_bound, 1.0))
        if exact_outcomes[-1].status == "optimal":
            search_side.control.stop_requested.set()

    helper = threading.Thread(target=run_exact)
    helper.start()
    relaxation = solve_relaxation(columns, search.part, greedy, search.max_groups(), search.size_limits())
    lp_bound = math.floor(relaxation.bound_micro)
    groups = [columns.groups[column] for column in greedy]
    value, repairs = int(columns.value_micro[greedy].sum()), 0
    if value < lp_bound:
        groups, repairs = improved(search_side, groups, lp_bound, 1.0, stop_at_micro=lp_bound)
        value = search.total_micro(groups)
    if value >= lp_bound:
        exact_side.control.stop_requested.set()
    helper.join()
    exact = exact_outcomes[0]
    lns_proved_optimal = value >= lp_bound
    if exact.status == "optimal" or (exact.objective_micro >= value and not lns_proved_optimal):
        exact.bound_micro = min(exact.bound_micro, max(lp_bound, exact.objective_micro))
        lns_part = "raced lns" if exact.status == "optimal" else f"raced lns({repairs} repairs)"
        exact.method = f"greedy+exact({len(columns)} columns)+lp, {lns_part}"
        return exact
    status = "optimal" if lns_proved_optimal else "feasible"
    bound = max(value, min(lp_bound, exact.bound_micro))
    return search.outcome(groups, status, value, bound, f"{method_label(repairs)}+lp, raced exact")


def _split(rng: np.random.Generator) -> np.random.Generator:
    return np.random.default_rng(int(rng.integers(2**63)))
