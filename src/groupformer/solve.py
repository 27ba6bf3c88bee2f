"""Orchestration: decompose, run the engines under one time limit and one seed, merge in a fixed order.

Each independent part gets a share of the time proportional to its size, fixed before any search runs,
so that single-worker runs are repeatable. A part whose candidate groups can all be enumerated is solved
by CP-SAT over those candidates (after large neighbourhood search when there are many), which proves
optimality or at least gives a true bound; a part too large to enumerate gets greedy plus LNS and a
relaxation bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from groupformer.compile import compile_problem
from groupformer.compile.scores import MICRO
from groupformer.contract import SignupFile, Solution
from groupformer.problem import Problem
from groupformer.result import build_solution
from groupformer.search.bound import relaxation_bound_micro
from groupformer.search.candidates import TooManyCandidates, enumerate_groups
from groupformer.search.construct import greedy_groups
from groupformer.search.decompose import independent_parts
from groupformer.search.exact import choose_groups
from groupformer.search.lns import improve
from groupformer.search.values import GroupValues

# Parts with up to this many candidate groups go straight to CP-SAT (optimal in seconds on 2 cores);
# larger enumerable parts get LNS first for a share of their time, then CP-SAT hinted with its result;
# beyond the enumeration limit, enumerating and scoring alone would eat the budget, so LNS does it all.
DIRECT_EXACT_LIMIT = 20_000
ENUMERATION_LIMIT = 150_000
LNS_SHARE = 0.4
# Single-worker searches stop on deterministic work (repeatable), this many deterministic seconds per
# second of wall budget: CP-SAT's deterministic time ran 1.3-1.5 times faster than the wall clock on our
# 2-core machine, so this stops first here (at about 80-90% of the budget) and the wall-clock limit only
# stops runs on slower machines, where the output may then vary with timing.
DETERMINISTIC_SHARE = 1.2
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
    greedy_assigned: int = 0


@dataclass
class SearchOutcome:
    groups: list[tuple[int, ...]]
    status: str
    objective_micro: int
    bound_micro: int
    parts: list[PartOutcome] = field(default_factory=list)
    greedy_objective_micro: int = 0
    greedy_assigned: int = 0


def _exact_part(
    problem: Problem,
    part: list[int],
    candidates: list[tuple[int, ...]],
    start: list[tuple[int, ...]],
    values: GroupValues,
    budget_s: float,
    deadline: float,
    workers: int,
    seed: int,
) -> PartOutcome:
    """CP-SAT over every candidate of the part, hinted with `start`; keeps `start` if CP-SAT does worse."""
    position = {members: index for index, members in enumerate(candidates)}
    result = choose_groups(
        candidates,
        [values.micro(members) for members in candidates],
        [position[members] for members in start],
        deadline=deadline,
        deterministic_limit_s=budget_s * DETERMINISTIC_SHARE,
        workers=workers,
        seed=seed,
    )
    start_value = values.total_micro(start)
    if result.status == "unknown":
        return PartOutcome(len(part), start, "feasible", start_value, relaxation_bound_micro(problem, part), "")
    bound = result.bound if result.status == "optimal" else min(result.bound, relaxation_bound_micro(problem, part))
    if result.objective < start_value:
        return PartOutcome(len(part), start, "feasible", start_value, bound, "")
    chosen = sorted(candidates[index] for index in result.chosen)
    return PartOutcome(len(part), chosen, result.status, result.objective, max(bound, result.objective), "+exact")


def _improved(problem: Problem, part: list[int], start, values: GroupValues, budget_s: float, rng) -> tuple[list, str]:
    groups, stats = improve(
        problem,
        part,
        start,
        values,
        rng,
        deadline=time.monotonic() + budget_s,
        deterministic_budget_s=budget_s * DETERMINISTIC_SHARE,
        max_stale_iterations=50 + 2 * len(part),
    )
    return groups, f"greedy+lns({stats.iterations} repairs)"


def _solve_part(problem: Problem, part: list[int], values: GroupValues, budget_s: float, workers: int, rng) -> PartOutcome:
    started = time.monotonic()
    if len(part) < problem.group_size_min:
        return PartOutcome(len(part), [], "optimal", 0, 0, "too few people")
    greedy = greedy_groups(problem, part)
    try:
        candidates = enumerate_groups(problem, part, ENUMERATION_LIMIT)
    except TooManyCandidates:
        groups, method = _improved(problem, part, greedy, values, budget_s, rng)
        objective = values.total_micro(groups)
        bound = max(objective, relaxation_bound_micro(problem, part))
        outcome = PartOutcome(len(part), groups, "feasible", objective, bound, method)
    else:
        start, method, exact_budget_s = greedy, "greedy", budget_s
        if len(candidates) > DIRECT_EXACT_LIMIT:
            start, method = _improved(problem, part, greedy, values, budget_s * LNS_SHARE, rng)
            exact_budget_s = budget_s * (1 - LNS_SHARE)
        seed = int(rng.integers(2**31))
        deadline = started + budget_s
        outcome = _exact_part(problem, part, candidates, start, values, exact_budget_s, deadline, workers, seed)
        outcome.method = method + outcome.method
        outcome.candidates = len(candidates)
    outcome.seconds = time.monotonic() - started
    outcome.greedy_micro = values.total_micro(greedy)
    outcome.greedy_assigned = sum(len(members) for members in greedy)
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
        outcomes.append(_solve_part(problem, part, values, budget_s, workers, rng))
    groups = sorted(members for outcome in outcomes for members in outcome.groups)
    return SearchOutcome(
        groups=groups,
        status="optimal" if all(outcome.status == "optimal" for outcome in outcomes) else "feasible",
        objective_micro=sum(outcome.objective_micro for outcome in outcomes),
        bound_micro=sum(outcome.bound_micro for outcome in outcomes),
        parts=outcomes,
        greedy_objective_micro=sum(outcome.greedy_micro for outcome in outcomes),
        greedy_assigned=sum(outcome.greedy_assigned for outcome in outcomes),
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
            }
            for part in outcome.parts
            if part.people >= problem.group_size_min
        ],
    }
    return build_solution(problem, outcome.groups, outcome.status, outcome.objective_micro, outcome.bound_micro, stats)
