"""The partition engine: independent searches, one per worker thread (the compiled step loop runs
without the GIL), each with its own seed; the best is kept. Each is the memetic search
(search/memetic.py) unless the iterated tabu search (search/tabu.py) is asked for, which the benchmarks
keep as the baseline the memetic search is measured against.

With a work limit each search takes as many steps as that work buys, so a run repeats; without one the
clock ends it (the literature's benchmarks are time-limited).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from groupformer.compile.scores import MICRO
from groupformer.partition_problem import PartitionProblem
from groupformer.search.bound import pair_sum_bound_micro
from groupformer.search.control import Budget, SearchControl
from groupformer.search.work import RATES


@dataclass(frozen=True)
class PartitionOutcome:
    """`groups[g]` holds the items of group g; `steps` are the tabu steps of all searches together, and
    `rounds` their descents after the first (restarts, or children); `seconds_to_best` is the best
    search's, on the clock that limited it (its thread's CPU time under a CPU limit)."""

    groups: list[tuple[int, ...]]
    objective_micro: int
    bound_micro: int
    steps: int
    rounds: int
    seconds_to_best: float


PARTITION_SEARCHES = ("memetic", "iterated")


def solve_partition(
    problem: PartitionProblem,
    seed: int,
    workers: int,
    control: SearchControl,
    search_name: str = "memetic",
    cpu_seconds: float = math.inf,
) -> PartitionOutcome:
    """The best of `workers` searches, each ending on the control's work limit and deadline, or after
    `cpu_seconds` of its own thread's CPU time (the literature's limits are CPU seconds)."""
    # numba: 0.15 s of start-up that only the MDGP needs
    from groupformer.search.memetic import memetic_partition
    from groupformer.search.tabu import TabuResult, tabu_partition

    run_search = {"memetic": memetic_partition, "iterated": tabu_partition}[search_name]

    bound_micro = pair_sum_bound_micro(problem.pair_weights, int(problem.size_max.max()))
    control.expect_parts([bound_micro])
    work = math.inf if control.work_limit is None else control.work_limit
    budget = Budget(control, control.deadline, work, cpu_seconds)
    max_weighings = None if control.work_limit is None else int(budget.work * RATES.tabu_weighings_per_unit)

    def on_improvement(value: float) -> None:
        control.report(0, problem.item_count, round(value * MICRO), bound_micro)

    def search(worker_seed: int) -> TabuResult:
        rng = np.random.default_rng(worker_seed)
        return run_search(
            problem.pair_weights,
            problem.size_min,
            problem.size_max,
            rng,
            budget,
            on_improvement,
        )

    seeds = np.random.SeedSequence(seed).generate_state(workers).tolist() if workers > 1 else [seed]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(search, seeds))
    control.spend(sum(result.weighings for result in results) / RATES.tabu_weighings_per_unit)
    if any(max_weighings is None or result.weighings < max_weighings for result in results):
        if not control.interrupted():
            control.note_clock_stop()
    best = max(results, key=lambda result: result.value)
    groups = [tuple(np.flatnonzero(best.labels == group).tolist()) for group in range(problem.group_count)]
    steps = sum(result.steps for result in results)
    rounds = sum(result.rounds for result in results)
    return PartitionOutcome(groups, round(best.value * MICRO), bound_micro, steps, rounds, best.seconds_to_best)
