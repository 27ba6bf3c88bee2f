"""The engines of `--engine`, each a way to search one part:

- `auto`: a part whose candidate groups can all be enumerated gets the LP bound; then CP-SAT (on the
  `--workers` threads) over the columns that could beat greedy races LNS (in the main thread) and the
  better result is kept, a proof of optimality when CP-SAT finishes or LNS reaches the bound. When too
  many columns could beat greedy, LNS rounds come first, until few enough remain for CP-SAT. A part too
  large to enumerate gets greedy plus LNS, then the LP bound by column generation with a pricing search
  (pricing.py), kept where it beats the cheap bound.
- `exact`: the monolithic model alone: CP-SAT over every candidate group, hinted with the greedy packing.
- `search`: greedy plus LNS alone, never enumerating a whole part.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from groupformer.compile.scores import MICRO
from groupformer.search.bound import relaxation_bound_micro
from groupformer.search.candidates import TooManyCandidates
from groupformer.search.columns import score_columns
from groupformer.search.part import (
    PartOutcome,
    PartSearch,
    cp_sat_over,
    enumerated,
    improved,
    method_label,
    trivial_bound_micro,
)
from groupformer.search.pricing import priced_bound
from groupformer.search.race import race
from groupformer.search.relaxation import solve_relaxation

ENGINES = ("auto", "exact", "search")


@dataclass(frozen=True)
class StrategySettings:
    # parts with at most this many candidates go straight to the exact step (optimal in seconds here)
    direct_exact_limit: int = 20_000
    # CP-SAT settles at most this many columns (it found no solution in 50 s on 190,000)
    exact_column_limit: int = 200_000
    # small dense parts enumerate up to this many candidates (about 5 s), which their proofs need
    small_part_enumeration_limit: int = 1_000_000
    # larger parts stop here: they rarely fit and would pay seconds to find out
    enumeration_limit: int = 200_000
    # parts of at most this many people count as small
    small_part_people: int = 60
    # the exact engine's ceiling on candidates (building its model of 1,000,000 took 33 s)
    exact_engine_limit: int = 5_000_000
    # candidates enumerated, scored and bounded per work unit: at 7.5 µs each, a third of a part's work
    candidates_per_work: int = 40_000
    # the shares of a part's work for the LNS rounds before CP-SAT can settle the rest
    lns_shares: tuple[float, ...] = (0.4, 0.3, 0.3)
    # share of a part too large to enumerate for its priced LP bound, after LNS (docs/solver.md)
    priced_bound_share: float = 0.2
    # larger parts keep the cheap bound: from 2,000 people the priced bound's 40 rounds did not converge in
    # its share, and its LP solves (1.2 s each at 2,000 people, not counted as work) overran the clock
    priced_bound_max_people: int = 3_000


SETTINGS = StrategySettings()


def solve_enumerable(search: PartSearch, candidates: list[tuple[int, ...]], greedy) -> PartOutcome:
    """Race CP-SAT over every candidate and LNS when CP-SAT can take them all; else the LP bound, then
    LNS until few enough columns could beat the incumbent for CP-SAT to settle the rest, or until the
    LNS shares of the budget are used up."""
    columns = score_columns(search.problem, search.part, candidates)
    position = {members: index for index, members in enumerate(columns.groups)}
    greedy_columns = [position[members] for members in greedy]
    if len(columns) <= SETTINGS.exact_column_limit:
        return race(search, columns, greedy_columns)
    relaxation = solve_relaxation(columns, search.part, greedy_columns, search.max_groups(), search.size_limits())
    lp_bound = math.floor(relaxation.bound_micro)
    shares = iter(SETTINGS.lns_shares)
    start, repairs, spent_share = greedy, 0, 0.0
    if len(candidates) > SETTINGS.direct_exact_limit:
        spent_share = next(shares)
        start, repairs = improved(search, start, lp_bound, spent_share)
    while True:
        incumbent = [position[members] for members in start]
        value = int(columns.value_micro[incumbent].sum())
        if lp_bound <= value:
            return search.outcome(start, "optimal", value, value, method_label(repairs) + "+lp")
        useful = relaxation.useful_columns(value)
        share = next(shares, None)
        if len(useful) <= SETTINGS.exact_column_limit and not search.control.should_stop():
            outcome = cp_sat_over(search, columns, useful, incumbent, lp_bound, 1 - spent_share)
            outcome.method = method_label(repairs) + "+lp" + outcome.method
            return outcome
        if share is None or search.control.should_stop():
            return search.outcome(
                start, "feasible", value, lp_bound, f"{method_label(repairs)}+lp({len(useful)} useful)"
            )
        start, more_repairs = improved(search, start, lp_bound, share)
        repairs += more_repairs
        spent_share += share


def _solve_with_exact_model(search: PartSearch, greedy) -> PartOutcome:
    """The first version's monolithic model: CP-SAT over every candidate group, nothing else."""
    limit = min(SETTINGS.exact_engine_limit, int(search.work * SETTINGS.candidates_per_work))
    try:
        candidates = enumerated(search, limit)
    except TooManyCandidates:
        bound = relaxation_bound_micro(search.problem, search.part)
        return search.outcome(greedy, "feasible", search.total_micro(greedy), bound, "greedy (too many candidates)")
    columns = score_columns(search.problem, search.part, candidates)
    position = {members: index for index, members in enumerate(columns.groups)}
    everything = np.arange(len(columns))
    bound = relaxation_bound_micro(search.problem, search.part)
    outcome = cp_sat_over(search, columns, everything, [position[members] for members in greedy], bound, 1.0)
    outcome.method = "greedy" + outcome.method
    outcome.candidates = len(candidates)
    return outcome


def _solve_by_search(search: PartSearch, greedy) -> PartOutcome:
    """LNS under the cheap bound, then the LP bound by column generation from its groups (the smaller
    holds) where it can pay, and LNS again with whatever work the bound left."""
    bound = relaxation_bound_micro(search.problem, search.part)
    share = SETTINGS.priced_bound_share
    groups, repairs = improved(search, greedy, bound, 1 - share)
    objective = search.total_micro(groups)
    priced_label = ""
    if _priced_bound_pays(search, objective, bound):
        priced = priced_bound(search.problem, search.part, groups, search.budget(share))
        bound = min(bound, priced.bound_micro)
        share = max(0.0, share - priced.work / search.work)
        priced_label = f"+priced lp({priced.rounds} rounds)"
    if share > 0 and objective < bound and not search.control.should_stop():
        groups, more_repairs = improved(search, groups, bound, share)
        objective = search.total_micro(groups)
        repairs += more_repairs
    status = "optimal" if objective >= bound else "feasible"
    return search.outcome(groups, status, objective, max(objective, bound), method_label(repairs) + priced_label)


def _priced_bound_pays(search: PartSearch, objective_micro: int, bound_micro: int) -> bool:
    """Whether the priced bound could prove more than the cheap one: not when LNS places everyone the
    cheap bound counts placeable (less than a person's placement short of it), as the LP could then only
    take off quality slack, which its pricing does not reach within a short run; nor on parts too large
    for column generation to converge within its share."""
    if len(search.part) > SETTINGS.priced_bound_max_people:
        return False
    return bound_micro - objective_micro >= search.problem.placement_weight * MICRO


def _solve_auto(search: PartSearch, greedy) -> PartOutcome:
    limit = (
        SETTINGS.small_part_enumeration_limit
        if len(search.part) <= SETTINGS.small_part_people
        else SETTINGS.enumeration_limit
    )
    limit = min(limit, int(search.work * SETTINGS.candidates_per_work))
    try:
        candidates = enumerated(search, limit)
    except TooManyCandidates:
        return _solve_by_search(search, greedy)
    if not candidates:
        return search.outcome([], "optimal", 0, 0, "no feasible group")
    outcome = solve_enumerable(search, candidates, greedy)
    outcome.candidates = len(candidates)
    return outcome


PART_ENGINES: dict[str, Callable[[PartSearch, list], PartOutcome]] = {
    "auto": _solve_auto,
    "exact": _solve_with_exact_model,
    "search": _solve_by_search,
}


def solve_part(search: PartSearch, engine: str, greedy: list[tuple[int, ...]], greedy_value: int) -> PartOutcome:
    if len(search.part) < search.problem.group_size_min:
        outcome = search.outcome([], "optimal", 0, 0, "too few people")
    elif search.work <= 0 or search.control.should_stop():
        trivial_bound = trivial_bound_micro(search.problem, search.part)
        reason = "no work budget" if search.work <= 0 else "stopped"
        outcome = search.outcome(greedy, "feasible", greedy_value, trivial_bound, f"greedy ({reason})")
    else:
        outcome = PART_ENGINES[engine](search, greedy)
    outcome.seconds = time.monotonic() - search.started
    outcome.greedy_micro = greedy_value
    outcome.greedy_assigned = sum(len(members) for members in greedy)
    return outcome
