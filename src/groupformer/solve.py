"""Orchestration: decompose, run the engines under one time limit and one seed, merge in a fixed order.

Each independent part gets a share of the time proportional to its size, fixed before any search runs,
so that single-worker runs are repeatable. A part whose candidate groups can all be enumerated is solved
exactly by CP-SAT (hinted with the greedy packing); a larger one gets the greedy packing improved by
large neighbourhood search and a relaxation bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from groupformer.compile import compile_problem
from groupformer.contract import SignupFile, Solution
from groupformer.problem import Problem
from groupformer.result import build_solution
from groupformer.compile.scores import MICRO
from groupformer.search.bound import relaxation_bound_micro
from groupformer.search.candidates import TooManyCandidates, enumerate_groups
from groupformer.search.construct import greedy_groups
from groupformer.search.decompose import independent_parts
from groupformer.search.exact import choose_groups
from groupformer.search.lns import improve
from groupformer.search.values import GroupValues

EXACT_CANDIDATE_LIMIT = 20_000
OUTPUT_RESERVE_S = 0.5


@dataclass
class PartOutcome:
    people: int
    groups: list[tuple[int, ...]]
    status: str
    objective_micro: int
    bound_micro: int
    method: str
    candidates: int | None = None
    seconds: float = 0.0
    greedy_micro: int = 0


@dataclass
class SearchOutcome:
    groups: list[tuple[int, ...]]
    status: str
    objective_micro: int
    bound_micro: int
    parts: list[PartOutcome] = field(default_factory=list)
    greedy_objective_micro: int = 0


def _exact_part(
    problem: Problem, part: list[int], candidates, greedy, values: GroupValues, budget_s: float, workers: int, seed: int
) -> PartOutcome:
    position = {members: index for index, members in enumerate(candidates)}
    result = choose_groups(
        candidates,
        [values.micro(members) for members in candidates],
        [position[members] for members in greedy],
        time_limit_s=budget_s,
        workers=workers,
        seed=seed,
    )
    greedy_value = values.total_micro(greedy)
    bound = result.bound if result.status != "unknown" else relaxation_bound_micro(problem, part)
    if result.status == "unknown" or result.objective < greedy_value:
        return PartOutcome(len(part), greedy, "feasible", greedy_value, bound, "greedy", len(candidates))
    chosen = sorted(candidates[index] for index in result.chosen)
    return PartOutcome(len(part), chosen, result.status, result.objective, max(bound, result.objective), "exact", len(candidates))


def _search_part(
    problem: Problem, part: list[int], greedy, values: GroupValues, budget_s: float, deadline: float, rng
) -> PartOutcome:
    groups, stats = improve(
        problem,
        part,
        greedy,
        values,
        rng,
        deadline=min(deadline, time.monotonic() + budget_s),
        deterministic_budget_s=budget_s / 2,
        max_stale_iterations=50 + 2 * len(part),
    )
    objective = values.total_micro(groups)
    bound = max(objective, relaxation_bound_micro(problem, part))
    return PartOutcome(len(part), groups, "feasible", objective, bound, f"greedy+lns({stats.iterations} repairs)")


def _solve_part(problem, part, values, budget_s, deadline, workers, rng) -> PartOutcome:
    started = time.monotonic()
    if len(part) < problem.group_size_min:
        return PartOutcome(len(part), [], "optimal", 0, 0, "too few people")
    greedy = greedy_groups(problem, part)
    try:
        candidates = enumerate_groups(problem, part, EXACT_CANDIDATE_LIMIT)
    except TooManyCandidates:
        outcome = _search_part(problem, part, greedy, values, budget_s, deadline, rng)
    else:
        seed = int(rng.integers(2**31))
        outcome = _exact_part(problem, part, candidates, greedy, values, budget_s, workers, seed)
    outcome.seconds = time.monotonic() - started
    outcome.greedy_micro = values.total_micro(greedy)
    return outcome


def solve_problem(problem: Problem, time_limit_s: float, seed: int, workers: int) -> SearchOutcome:
    started = time.monotonic()
    deadline = started + max(0.1, time_limit_s - OUTPUT_RESERVE_S)
    rng = np.random.default_rng(seed)
    values = GroupValues(problem)
    parts = independent_parts(problem)
    total_people = sum(len(part) for part in parts if len(part) >= problem.group_size_min) or 1
    outcomes = []
    for part in parts:
        budget_s = (deadline - started) * len(part) / total_people
        outcomes.append(_solve_part(problem, part, values, budget_s, deadline, workers, rng))
    groups = sorted(members for outcome in outcomes for members in outcome.groups)
    return SearchOutcome(
        groups=groups,
        status="optimal" if all(outcome.status == "optimal" for outcome in outcomes) else "feasible",
        objective_micro=sum(outcome.objective_micro for outcome in outcomes),
        bound_micro=sum(outcome.bound_micro for outcome in outcomes),
        parts=outcomes,
        greedy_objective_micro=sum(outcome.greedy_micro for outcome in outcomes),
    )


def solve(
    signups: SignupFile, time_limit_s: float | None = None, seed: int | None = None, workers: int = 1
) -> Solution:
    """Sign-ups in, contract solution out; options left as None take the file's settings."""
    started = time.monotonic()
    settings = signups.settings
    time_limit_s = settings.time_limit_s if time_limit_s is None else time_limit_s
    seed = settings.seed if seed is None else seed
    problem = compile_problem(signups)
    compiled = time.monotonic()
    outcome = solve_problem(problem, time_limit_s - (compiled - started), seed, workers)
    stats = {
        "solve_seconds": round(time.monotonic() - started, 3),
        "compile_seconds": round(compiled - started, 3),
        "time_limit_s": time_limit_s,
        "seed": seed,
        "workers": workers,
        "greedy_objective": outcome.greedy_objective_micro / MICRO,
        "parts": [
            {
                "people": part.people,
                "method": part.method,
                "status": part.status,
                "candidates": part.candidates,
                "objective": part.objective_micro / MICRO,
                "bound": part.bound_micro / MICRO,
                "seconds": round(part.seconds, 3),
            }
            for part in outcome.parts
            if part.people >= problem.group_size_min
        ],
    }
    return build_solution(problem, outcome.groups, outcome.status, outcome.objective_micro, outcome.bound_micro, stats)
