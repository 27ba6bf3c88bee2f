"""Orchestration: decompose, run the engines under one time limit and one seed, merge in a fixed order.

Each independent part gets a share of the time proportional to its size, fixed before any search runs,
so that single-worker runs are repeatable. A part whose candidate groups can all be enumerated is solved
by CP-SAT over those candidates (after large neighbourhood search when there are many), which proves
optimality or at least gives a true bound; a part too large to enumerate gets greedy plus LNS and a
relaxation bound.
"""

from __future__ import annotations

import math
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
from groupformer.search.columns import Columns, score_columns
from groupformer.search.construct import greedy_groups
from groupformer.search.decompose import independent_parts
from groupformer.search.exact import choose_groups
from groupformer.search.lns import improve
from groupformer.search.relaxation import solve_relaxation

# Parts with up to DIRECT_EXACT_LIMIT candidate groups go straight to the exact step (optimal in seconds
# on 2 cores); larger enumerable parts get LNS first for 40% of their time. The exact step is the LP
# bound, then CP-SAT over the columns that could still beat the incumbent when there are at most
# EXACT_COLUMN_LIMIT of them (CP-SAT found no solution in 50 s on 190,000), else more LNS under the LP
# bound. Beyond the enumeration limit LNS does it all: a million candidates (about 5 s to enumerate and
# score) for small dense parts, where they are needed for a proof; fewer for large parts, which rarely
# fit anyway and would pay seconds to find out.
SMALL_PART_PEOPLE = 60
# Enumerating, scoring and bounding cost about 7.5 µs per candidate here; at this rate they take at most
# a third of the part's budget, so short time limits are kept.
CANDIDATES_PER_BUDGET_SECOND = 40_000
DIRECT_EXACT_LIMIT = 20_000
EXACT_COLUMN_LIMIT = 200_000
ENUMERATION_LIMITS = (1_000_000, 200_000)
LNS_SHARES = (0.4, 0.3, 0.3)
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


def _total_micro(problem: Problem, part: list[int], groups: list[tuple[int, ...]]) -> int:
    return int(score_columns(problem, part, groups).value_micro.sum()) if groups else 0


def _cp_sat_over(
    problem: Problem,
    part: list[int],
    columns: Columns,
    useful: np.ndarray,
    incumbent: list[int],
    lp_bound: int,
    deterministic_limit_s: float,
    deadline: float,
    workers: int,
    seed: int,
) -> PartOutcome:
    """CP-SAT over the useful columns, hinted with the incumbent; keeps the incumbent if CP-SAT does worse."""
    start = [columns.groups[column] for column in incumbent]
    start_value = int(columns.value_micro[incumbent].sum())
    useful = np.union1d(useful, incumbent)
    useful_position = {column: index for index, column in enumerate(useful.tolist())}
    result = choose_groups(
        [columns.groups[column] for column in useful],
        columns.value_micro[useful].tolist(),
        [useful_position[column] for column in incumbent],
        deadline=deadline,
        deterministic_limit_s=deterministic_limit_s,
        workers=workers,
        seed=seed,
    )
    if result.status == "unknown" or result.objective < start_value:
        return PartOutcome(len(part), start, "feasible", start_value, lp_bound, "+lp")
    chosen = sorted(columns.groups[useful[index]] for index in result.chosen)
    bound = result.objective if result.status == "optimal" else min(lp_bound, max(result.bound, start_value))
    return PartOutcome(len(part), chosen, result.status, result.objective, bound, f"+lp+exact({len(useful)} columns)")


def _solve_enumerable(
    problem: Problem, part: list[int], candidates, greedy, budget_s: float, deadline: float, workers: int, rng
) -> PartOutcome:
    """LP bound first; then improve the incumbent by LNS until few enough columns could beat it for
    CP-SAT to settle the rest, or until the LNS shares of the budget are used up."""
    columns = score_columns(problem, part, candidates)
    position = {members: index for index, members in enumerate(columns.groups)}
    relaxation = solve_relaxation(columns, part, [position[members] for members in greedy], problem.group_size_min)
    lp_bound = math.floor(relaxation.bound_micro)
    shares = iter(LNS_SHARES)
    start, repairs, spent_share = greedy, 0, 0.0
    if len(candidates) > DIRECT_EXACT_LIMIT:
        spent_share = next(shares)
        start, repairs = _improved(problem, part, start, budget_s * spent_share, deadline, rng)
    while True:
        method = _method(repairs)
        incumbent = [position[members] for members in start]
        value = int(columns.value_micro[incumbent].sum())
        if lp_bound <= value:
            return PartOutcome(len(part), start, "optimal", value, value, method + "+lp")
        useful = relaxation.useful_columns(value)
        if len(useful) <= EXACT_COLUMN_LIMIT:
            deterministic_limit_s = budget_s * (1 - spent_share) * DETERMINISTIC_SHARE
            seed = int(rng.integers(2**31))
            outcome = _cp_sat_over(
                problem, part, columns, useful, incumbent, lp_bound, deterministic_limit_s, deadline, workers, seed
            )
            outcome.method = method + outcome.method
            return outcome
        share = next(shares, None)
        if share is None:
            return PartOutcome(
                len(part), start, "feasible", value, lp_bound, f"{method}+lp({len(useful)} useful columns)"
            )
        start, more_repairs = _improved(problem, part, start, budget_s * share, deadline, rng)
        repairs += more_repairs
        spent_share += share


def _improved(problem: Problem, part: list[int], start, budget_s: float, deadline: float, rng) -> tuple[list, int]:
    groups, stats = improve(
        problem,
        part,
        start,
        rng,
        deadline=min(deadline, time.monotonic() + budget_s),
        deterministic_budget_s=budget_s * DETERMINISTIC_SHARE,
        max_stale_iterations=50 + 2 * len(part),
    )
    return groups, stats.iterations


def _method(repairs: int) -> str:
    return f"greedy+lns({repairs} repairs)" if repairs else "greedy"


def _solve_part(problem: Problem, part: list[int], budget_s: float, workers: int, rng) -> PartOutcome:
    started = time.monotonic()
    if len(part) < problem.group_size_min:
        return PartOutcome(len(part), [], "optimal", 0, 0, "too few people")
    greedy = greedy_groups(problem, part)
    try:
        limit = ENUMERATION_LIMITS[0] if len(part) <= SMALL_PART_PEOPLE else ENUMERATION_LIMITS[1]
        limit = min(limit, int(budget_s * CANDIDATES_PER_BUDGET_SECOND))
        candidates = enumerate_groups(problem, part, limit)
    except TooManyCandidates:
        groups, repairs = _improved(problem, part, greedy, budget_s, started + budget_s, rng)
        objective = _total_micro(problem, part, groups)
        bound = max(objective, relaxation_bound_micro(problem, part))
        outcome = PartOutcome(len(part), groups, "feasible", objective, bound, _method(repairs))
    else:
        if not candidates:
            return PartOutcome(len(part), [], "optimal", 0, 0, "no feasible group", 0, time.monotonic() - started)
        outcome = _solve_enumerable(problem, part, candidates, greedy, budget_s, started + budget_s, workers, rng)
        outcome.candidates = len(candidates)
    outcome.seconds = time.monotonic() - started
    outcome.greedy_micro = _total_micro(problem, part, greedy)
    outcome.greedy_assigned = sum(len(members) for members in greedy)
    return outcome


def solve_problem(problem: Problem, time_limit_s: float, seed: int, workers: int) -> SearchOutcome:
    started = time.monotonic()
    deadline = started + max(0.1, time_limit_s - OUTPUT_RESERVE_S)
    rng = np.random.default_rng(seed)
    parts = independent_parts(problem)
    total_people = sum(len(part) for part in parts if len(part) >= problem.group_size_min) or 1
    outcomes = []
    for part in parts:
        budget_s = (deadline - started) * len(part) / total_people
        outcomes.append(_solve_part(problem, part, budget_s, workers, rng))
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
