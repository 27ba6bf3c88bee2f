"""One independent part of the sign-ups and what every engine searching it shares: its work budget and
wall-clock deadline, its seed stream, its stop rule and progress channel, and the two steps the engines
combine (LNS polished by local search, and CP-SAT over enumerated columns).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from groupformer.compile.scores import MICRO
from groupformer.problem import Problem
from groupformer.search.candidates import EnumerationTimedOut, TooManyCandidates, enumerate_groups
from groupformer.search.columns import Columns, score_columns
from groupformer.search.control import Budget, SearchControl
from groupformer.search.exact import choose_groups
from groupformer.search.fixed_groups import FixedGroups
from groupformer.search.lns import improve
from groupformer.search.local import local_search
from groupformer.search.placement import place_more
from groupformer.search.work import RATES


@dataclass(frozen=True)
class PartSettings:
    # share of an LNS step's work left to local search, which trades people LNS neighbourhoods do not reach
    polish_share: float = 0.15
    # local-search kicks after LNS (20 improved an LNS result for 1,000 people by 20 points in 8 s)
    polish_kicks: int = 20
    # local search sweeps cost people x groups each: too slow beyond a few thousand people
    local_search_max_people: int = 3000
    # cap on the share of an LNS step's work for each placement search, before LNS and after it (it ends
    # on its own once a pass places nobody: 0.9 units took 200 regional sign-ups from greedy's 180 to 185)
    placement_share: float = 0.1


SETTINGS = PartSettings()


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
    work: float = 0.0
    greedy_micro: int = 0
    greedy_assigned: int = 0
    # the wall clock, not the work budget, cut the search short (so the part may not repeat)
    clock_stopped: bool = False


@dataclass
class PartSearch:
    """One independent part and everything its engines share: budget, seed stream, stop rule."""

    problem: Problem
    part: list[int]
    index: int
    work: float
    deadline: float
    workers: int
    rng: np.random.Generator
    control: SearchControl
    fixed_groups: FixedGroups | None = None
    started: float = field(default_factory=time.monotonic)

    def total_micro(self, groups: list[tuple[int, ...]]) -> int:
        return value_micro(self.problem, self.part, groups)

    def report(self, groups: list[tuple[int, ...]], objective_micro: int, bound_micro: int) -> None:
        assigned = sum(len(members) for members in groups)
        self.control.report(self.index, assigned, objective_micro, bound_micro)

    def report_value(self, objective_micro: int, bound_micro: int) -> None:
        """Report a packing known only by its value: each placed person is worth the placement weight
        plus less than one point, so the number placed is the value divided by the placement weight."""
        placed = min(len(self.part), objective_micro // (self.problem.placement_weight * MICRO))
        self.control.report(self.index, placed, objective_micro, bound_micro)

    def budget(self, share: float) -> Budget:
        """`share` of the part's work, until the part's deadline, under its control."""
        return Budget(self.control, self.deadline, self.work * share)

    def max_groups(self) -> int:
        most = len(self.part) // self.problem.group_size_min
        return most if self.fixed_groups is None else min(most, len(self.fixed_groups.bounds))

    def size_limits(self) -> list[tuple[int, int, int]]:
        return [] if self.fixed_groups is None else self.fixed_groups.interval_limits()

    def outcome(self, groups, status: str, objective_micro: int, bound_micro: int, method: str) -> PartOutcome:
        return PartOutcome(len(self.part), groups, status, objective_micro, bound_micro, method)


def improved(
    search: PartSearch, start: list[tuple[int, ...]], bound_micro: int, share: float, stop_at_micro: int | None = None
) -> tuple[list, int]:
    """LNS from `start` for most of `share` of the part's work, reporting every gain, with the placement
    search before it and after it (placements that run through more groups than an LNS neighbourhood
    holds), then local search polishes who sits with whom (trades LNS neighbourhoods do not reach; with
    fixed groups only when they are interchangeable, since its moves keep sizes within the overall bounds
    only). Reaching `stop_at_micro` (a proof of optimality) stops the search's own control, which must
    then be a linked one."""
    fixed_groups_allow = search.fixed_groups is None or search.fixed_groups.interchangeable
    polishing = len(search.part) <= SETTINGS.local_search_max_people and fixed_groups_allow
    lns_share = share * (1 - SETTINGS.polish_share) if polishing else share
    placing = lns_share * SETTINGS.placement_share
    start, placed_first = _placed_more(search, start, bound_micro, placing)
    value = [search.total_micro(start)]

    def on_improvement(groups: list[tuple[int, ...]], gain_micro: int) -> None:
        value[0] += gain_micro
        search.report(groups, value[0], bound_micro)
        if stop_at_micro is not None and value[0] >= stop_at_micro:
            search.control.stop_requested.set()

    on_improvement(start, 0)  # the placement search may have reached the bound already

    groups, stats = improve(
        search.problem,
        search.part,
        start,
        search.rng,
        search.budget(lns_share - placed_first - placing),
        max_stale_iterations=50 + 2 * len(search.part),
        on_improvement=on_improvement,
        fixed_groups=search.fixed_groups,
    )
    groups, placed_after = _placed_more(search, groups, bound_micro, placing)
    if lns_share < share and not search.control.should_stop():
        polish = search.budget(share - lns_share + placing - placed_after)
        groups, _ = local_search(
            search.problem, search.part, groups, search.rng, polish, max_kicks=SETTINGS.polish_kicks
        )
        search.report(groups, search.total_micro(groups), bound_micro)
    return groups, stats.iterations


def _placed_more(
    search: PartSearch, groups: list[tuple[int, ...]], bound_micro: int, share: float
) -> tuple[list[tuple[int, ...]], float]:
    """The placement search for at most `share` of the part's work (not with fixed groups, whose sizes
    its new groups could break), reporting a gain; returns the groups and the share it used."""
    if search.fixed_groups is not None or search.control.should_stop() or search.work <= 0:
        return groups, 0.0
    placed, stats = place_more(search.problem, search.part, groups, search.rng, search.budget(share))
    if stats.placed:
        search.report(placed, search.total_micro(placed), bound_micro)
    return placed, min(share, stats.work / search.work)


def cp_sat_over(
    search: PartSearch, columns: Columns, useful: np.ndarray, incumbent: list[int], bound_micro: int, share: float
) -> PartOutcome:
    """CP-SAT over the useful columns, hinted with the incumbent; keeps the incumbent if CP-SAT does worse."""
    start = [columns.groups[column] for column in incumbent]
    start_value = int(columns.value_micro[incumbent].sum())
    useful = np.union1d(useful, np.asarray(incumbent, dtype=np.int64))
    useful_position = {column: index for index, column in enumerate(useful.tolist())}
    result = choose_groups(
        [columns.groups[column] for column in useful],
        columns.value_micro[useful].tolist(),
        [useful_position[column] for column in incumbent],
        search.budget(share),
        workers=search.workers,
        seed=int(search.rng.integers(2**31)),
        on_solution=lambda objective: search.report_value(objective, bound_micro) if objective > start_value else None,
        fixed_groups=search.fixed_groups,
    )
    if result.status == "unknown" or result.objective < start_value:
        return search.outcome(start, "feasible", start_value, bound_micro, "")
    chosen = sorted(columns.groups[useful[index]] for index in result.chosen)
    bound = result.objective if result.status == "optimal" else min(bound_micro, max(result.bound, start_value))
    return search.outcome(chosen, result.status, result.objective, bound, f"+exact({len(useful)} columns)")


def method_label(repairs: int) -> str:
    return f"greedy+lns({repairs} repairs)" if repairs else "greedy"


def enumerated(search: PartSearch, limit: int) -> list[tuple[int, ...]]:
    """Every candidate of the part up to `limit` (a work bound), the part's wall deadline as a cap.
    Enumerating and scoring them is work taken from the part's budget, found or given up on."""
    try:
        candidates = enumerate_groups(search.problem, search.part, limit, search.deadline)
    except EnumerationTimedOut:
        search.control.note_clock_stop()
        raise
    except TooManyCandidates:
        _charge(search, limit / RATES.candidates_per_unit)
        raise
    _charge(search, len(candidates) / RATES.candidates_per_unit)
    return candidates


def _charge(search: PartSearch, work: float) -> None:
    search.control.spend(work)
    search.work = max(0.0, search.work - work)


def value_micro(problem: Problem, part: list[int], groups: list[tuple[int, ...]]) -> int:
    return int(score_columns(problem, part, groups).value_micro.sum()) if groups else 0


def trivial_bound_micro(problem: Problem, part: list[int]) -> int:
    """Everyone placed with perfect quality: what a part can be worth before anything is known."""
    if len(part) < problem.group_size_min:
        return 0
    return (problem.placement_weight + 1) * MICRO * len(part)
