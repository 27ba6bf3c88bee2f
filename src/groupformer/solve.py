"""Orchestration: decompose, run the engines under one stop rule and one seed, merge in a fixed order.

Each independent part gets a share of the work budget proportional to its size, fixed before any search
runs, and every engine counts its own work (search/work.py), so a single-worker run that ends on work is
repeatable on any machine and under any load; the wall-clock limit is a hard cap on top. Engines
(`--engine`):

- `auto`: a part whose candidate groups can all be enumerated gets the LP bound; then CP-SAT (on the
  `--workers` threads) over the columns that could beat greedy races LNS (in the main thread) and the
  better result is kept, a proof of optimality when CP-SAT finishes or LNS reaches the bound. When too
  many columns could beat greedy, LNS rounds come first, until few enough remain for CP-SAT. A part too
  large to enumerate gets greedy plus LNS and a cheap bound.
- `exact`: the monolithic model alone: CP-SAT over every candidate group, hinted with the greedy packing.
- `search`: greedy plus LNS alone, never enumerating a whole part.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from groupformer.compile import compile_problem
from groupformer.compile.scores import MICRO
from groupformer.contract import SignupFile, Solution
from groupformer.problem import Problem
from groupformer.result import OpenGroupOutcome, build_solution
from groupformer.search.bound import person_bounds_micro, relaxation_bound_micro
from groupformer.search.candidates import EnumerationTimedOut, TooManyCandidates, enumerate_groups
from groupformer.search.columns import Columns, score_columns
from groupformer.search.construct import fill_open_seats, greedy_groups
from groupformer.search.control import Progress, SearchControl
from groupformer.search.decompose import independent_parts
from groupformer.search.exact import choose_groups
from groupformer.search.lns import improve
from groupformer.search.local import local_search
from groupformer.search.open_seats import decide_seats, open_group_total_micro
from groupformer.search.relaxation import solve_relaxation
from groupformer.search.slots import SlotLimits, SlotSeats
from groupformer.search.work import RATES

ENGINES = ("auto", "exact", "search")
# Parts with up to DIRECT_EXACT_LIMIT candidate groups go straight to the exact step (optimal in seconds
# on 2 cores); larger enumerable parts get LNS first for 40% of their time. The exact step is the LP
# bound, then CP-SAT over the columns that could still beat the incumbent when there are at most
# EXACT_COLUMN_LIMIT of them (CP-SAT found no solution in 50 s on 190,000), else more LNS under the LP
# bound. Beyond the enumeration limit LNS does it all: a million candidates (about 5 s to enumerate and
# score) for small dense parts, where they are needed for a proof; fewer for large parts, which rarely
# fit anyway and would pay seconds to find out.
DIRECT_EXACT_LIMIT = 20_000
EXACT_COLUMN_LIMIT = 200_000
ENUMERATION_LIMITS = (1_000_000, 200_000)
EXACT_ENGINE_LIMIT = 5_000_000
SMALL_PART_PEOPLE = 60
# Enumerating, scoring and bounding cost about 7.5 µs per candidate; at this rate they take at most a
# third of the part's work (the exact engine's CP-SAT model of 1,000,000 groups took 33 s to build).
CANDIDATES_PER_WORK = 40_000
LNS_SHARES = (0.4, 0.3, 0.3)
# After LNS, local search trades people between groups for a small share of the time (20 kicks improved
# the quality of an LNS result for 1,000 people by 20 points in 8 s); its per-person sweeps cost
# O(people x groups), too slow beyond a few thousand people.
POLISH_SHARE = 0.15
POLISH_KICKS = 20
LOCAL_SEARCH_MAX_PEOPLE = 3000
# Time kept back for building, checking and writing the solution: a fixed part and a part per participant
# (0.3 ms: 3 s for 10,000 participants, measured with the evaluator's check and JSON output).
OUTPUT_RESERVE_S = 0.5
# Starting Python and importing the solver's libraries (ortools, numba) took about 1 s here, counted in
# the time limit of a command.
STARTUP_S = 1.0
OUTPUT_RESERVE_PER_PARTICIPANT_S = 0.0003
# Without --work-limit the work budget is this many units per second of the time limit left after the
# reserve and compiling (docs/reproducibility.md: the work ends the run before the clock here, idle or
# with both cores busy elsewhere).
WORK_PER_SECOND = 0.5
# Compiling, greedy and the LP bound are not counted as work; this much wall time per participant is
# set aside for them before the work budget is derived from a time limit.
UNCOUNTED_S_PER_PARTICIPANT = 0.0008
# Choosing which greedy groups fill the fixed groups is a small assignment; CP-SAT settles it at once.
GREEDY_FIT_WORK = 1.0
# With open groups: new groups among the newcomers get this share of the time, deciding the seats
# against them the next share, and new groups for whoever is left the rest.
NEW_GROUPS_SHARE = 0.6
SEAT_DECISION_SHARE = 0.2


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


@dataclass
class SearchOutcome:
    groups: list[tuple[int, ...]]
    status: str
    objective_micro: int
    bound_micro: int
    parts: list[PartOutcome] = field(default_factory=list)
    greedy_objective_micro: int = 0
    greedy_assigned: int = 0
    # open groups (by index into problem.open_groups): the newcomers who took seats, and those dissolved
    filled: dict[int, tuple[int, ...]] = field(default_factory=dict)
    dissolved: list[int] = field(default_factory=list)


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
    slots: SlotLimits | None = None
    started: float = field(default_factory=time.monotonic)

    def total_micro(self, groups: list[tuple[int, ...]]) -> int:
        return _value_micro(self.problem, self.part, groups)

    def report(self, groups: list[tuple[int, ...]], objective_micro: int, bound_micro: int) -> None:
        assigned = sum(len(members) for members in groups)
        self.control.report(self.index, assigned, objective_micro, bound_micro)

    def report_value(self, objective_micro: int, bound_micro: int) -> None:
        """Report a packing known only by its value: each placed person is worth the placement weight
        plus less than one point, so the number placed is the value divided by the placement weight."""
        placed = min(len(self.part), objective_micro // (self.problem.placement_weight * MICRO))
        self.control.report(self.index, placed, objective_micro, bound_micro)

    def max_groups(self) -> int:
        most = len(self.part) // self.problem.group_size_min
        return most if self.slots is None else min(most, len(self.slots.bounds))

    def size_limits(self) -> list[tuple[int, int, int]]:
        return [] if self.slots is None else self.slots.interval_limits()

    def outcome(self, groups, status: str, objective_micro: int, bound_micro: int, method: str) -> PartOutcome:
        return PartOutcome(len(self.part), groups, status, objective_micro, bound_micro, method)


def _improved(
    search: PartSearch, start: list[tuple[int, ...]], bound_micro: int, share: float, stop_at_micro: int | None = None
) -> tuple[list, int]:
    """LNS from `start` for most of `share` of the part's work, reporting every gain, then local search
    polishes who sits with whom (trades LNS neighbourhoods do not reach; with fixed groups only when they
    are interchangeable, since its moves keep sizes within the overall bounds only). Reaching `stop_at_micro` (a
    proof of optimality) stops the search's own control, which must then be a linked one."""
    slots_allow = search.slots is None or search.slots.interchangeable
    polishing = len(search.part) <= LOCAL_SEARCH_MAX_PEOPLE and slots_allow
    lns_share = share * (1 - POLISH_SHARE) if polishing else share
    value = [search.total_micro(start)]

    def on_improvement(groups: list[tuple[int, ...]], gain_micro: int) -> None:
        value[0] += gain_micro
        search.report(groups, value[0], bound_micro)
        if stop_at_micro is not None and value[0] >= stop_at_micro:
            search.control.stop_requested.set()

    groups, stats = improve(
        search.problem,
        search.part,
        start,
        search.rng,
        search.control,
        deadline=search.deadline,
        work=search.work * lns_share,
        max_stale_iterations=50 + 2 * len(search.part),
        on_improvement=on_improvement,
        slots=search.slots,
    )
    if lns_share < share and not search.control.should_stop():
        polish_work = search.work * (share - lns_share)
        groups, _ = local_search(
            search.problem,
            search.part,
            groups,
            search.rng,
            search.control,
            search.deadline,
            polish_work,
            max_kicks=POLISH_KICKS,
        )
        search.report(groups, search.total_micro(groups), bound_micro)
    return groups, stats.iterations


def _cp_sat_over(
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
        control=search.control,
        deadline=search.deadline,
        work=search.work * share,
        workers=search.workers,
        seed=int(search.rng.integers(2**31)),
        on_solution=lambda objective: search.report_value(objective, bound_micro) if objective > start_value else None,
        slots=search.slots,
    )
    if result.status == "unknown" or result.objective < start_value:
        return search.outcome(start, "feasible", start_value, bound_micro, "")
    chosen = sorted(columns.groups[useful[index]] for index in result.chosen)
    bound = result.objective if result.status == "optimal" else min(bound_micro, max(result.bound, start_value))
    return search.outcome(chosen, result.status, result.objective, bound, f"+exact({len(useful)} columns)")


def _method(repairs: int) -> str:
    return f"greedy+lns({repairs} repairs)" if repairs else "greedy"


def _solve_enumerable(search: PartSearch, candidates: list[tuple[int, ...]], greedy) -> PartOutcome:
    """Race CP-SAT over every candidate and LNS when CP-SAT can take them all; else the LP bound, then
    LNS until few enough columns could beat the incumbent for CP-SAT to settle the rest, or until the
    LNS shares of the budget are used up."""
    columns = score_columns(search.problem, search.part, candidates)
    position = {members: index for index, members in enumerate(columns.groups)}
    greedy_columns = [position[members] for members in greedy]
    if len(columns) <= EXACT_COLUMN_LIMIT:
        return _race(search, columns, greedy_columns)
    relaxation = solve_relaxation(columns, search.part, greedy_columns, search.max_groups(), search.size_limits())
    lp_bound = math.floor(relaxation.bound_micro)
    shares = iter(LNS_SHARES)
    start, repairs, spent_share = greedy, 0, 0.0
    if len(candidates) > DIRECT_EXACT_LIMIT:
        spent_share = next(shares)
        start, repairs = _improved(search, start, lp_bound, spent_share)
    while True:
        incumbent = [position[members] for members in start]
        value = int(columns.value_micro[incumbent].sum())
        if lp_bound <= value:
            return search.outcome(start, "optimal", value, value, _method(repairs) + "+lp")
        useful = relaxation.useful_columns(value)
        share = next(shares, None)
        if len(useful) <= EXACT_COLUMN_LIMIT and not search.control.should_stop():
            outcome = _cp_sat_over(search, columns, useful, incumbent, lp_bound, 1 - spent_share)
            outcome.method = _method(repairs) + "+lp" + outcome.method
            return outcome
        if share is None or search.control.should_stop():
            return search.outcome(start, "feasible", value, lp_bound, f"{_method(repairs)}+lp({len(useful)} useful)")
        start, more_repairs = _improved(search, start, lp_bound, share)
        repairs += more_repairs
        spent_share += share


def _race(search: PartSearch, columns: Columns, greedy: list[int]) -> PartOutcome:
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
    trivial_bound = _trivial_bound_micro(search.problem, search.part)
    exact_outcomes: list[PartOutcome] = []

    def run_exact() -> None:
        everything = np.arange(len(columns))
        exact_outcomes.append(_cp_sat_over(exact_side, columns, everything, greedy, trivial_bound, 1.0))
        if exact_outcomes[-1].status == "optimal":
            search_side.control.stop_requested.set()

    helper = threading.Thread(target=run_exact)
    helper.start()
    relaxation = solve_relaxation(columns, search.part, greedy, search.max_groups(), search.size_limits())
    lp_bound = math.floor(relaxation.bound_micro)
    groups = [columns.groups[column] for column in greedy]
    value, repairs = int(columns.value_micro[greedy].sum()), 0
    if value < lp_bound:
        groups, repairs = _improved(search_side, groups, lp_bound, 1.0, stop_at_micro=lp_bound)
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
    return search.outcome(groups, status, value, bound, f"{_method(repairs)}+lp, raced exact")


def _split(rng: np.random.Generator) -> np.random.Generator:
    return np.random.default_rng(int(rng.integers(2**63)))


def _solve_with_exact_model(search: PartSearch, greedy) -> PartOutcome:
    """The first version's monolithic model: CP-SAT over every candidate group, nothing else."""
    limit = min(EXACT_ENGINE_LIMIT, int(search.work * CANDIDATES_PER_WORK))
    try:
        candidates = _enumerated(search, limit)
    except TooManyCandidates:
        bound = relaxation_bound_micro(search.problem, search.part)
        return search.outcome(greedy, "feasible", search.total_micro(greedy), bound, "greedy (too many candidates)")
    columns = score_columns(search.problem, search.part, candidates)
    position = {members: index for index, members in enumerate(columns.groups)}
    everything = np.arange(len(columns))
    bound = relaxation_bound_micro(search.problem, search.part)
    outcome = _cp_sat_over(search, columns, everything, [position[members] for members in greedy], bound, 1.0)
    outcome.method = "greedy" + outcome.method
    outcome.candidates = len(candidates)
    return outcome


def _solve_by_search(search: PartSearch, greedy, share: float = 1.0) -> PartOutcome:
    bound = relaxation_bound_micro(search.problem, search.part)
    groups, repairs = _improved(search, greedy, bound, share)
    objective = search.total_micro(groups)
    return search.outcome(groups, "feasible", objective, max(objective, bound), _method(repairs))


def _solve_auto(search: PartSearch, greedy) -> PartOutcome:
    limit = ENUMERATION_LIMITS[0] if len(search.part) <= SMALL_PART_PEOPLE else ENUMERATION_LIMITS[1]
    limit = min(limit, int(search.work * CANDIDATES_PER_WORK))
    try:
        candidates = _enumerated(search, limit)
    except TooManyCandidates:
        return _solve_by_search(search, greedy)
    if not candidates:
        return search.outcome([], "optimal", 0, 0, "no feasible group")
    outcome = _solve_enumerable(search, candidates, greedy)
    outcome.candidates = len(candidates)
    return outcome


def _enumerated(search: PartSearch, limit: int) -> list[tuple[int, ...]]:
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


PART_ENGINES: dict[str, Callable[[PartSearch, list], PartOutcome]] = {
    "auto": _solve_auto,
    "exact": _solve_with_exact_model,
    "search": _solve_by_search,
}


def _value_micro(problem: Problem, part: list[int], groups: list[tuple[int, ...]]) -> int:
    return int(score_columns(problem, part, groups).value_micro.sum()) if groups else 0


def _solve_part(search: PartSearch, engine: str, greedy: list[tuple[int, ...]], greedy_value: int) -> PartOutcome:
    if len(search.part) < search.problem.group_size_min:
        outcome = search.outcome([], "optimal", 0, 0, "too few people")
    elif search.work <= 0 or search.control.should_stop():
        trivial_bound = _trivial_bound_micro(search.problem, search.part)
        reason = "no work budget" if search.work <= 0 else "stopped"
        outcome = search.outcome(greedy, "feasible", greedy_value, trivial_bound, f"greedy ({reason})")
    else:
        outcome = PART_ENGINES[engine](search, greedy)
    outcome.seconds = time.monotonic() - search.started
    outcome.greedy_micro = greedy_value
    outcome.greedy_assigned = sum(len(members) for members in greedy)
    return outcome


def _trivial_bound_micro(problem: Problem, part: list[int]) -> int:
    """Everyone placed with perfect quality: what a part can be worth before anything is known."""
    if len(part) < problem.group_size_min:
        return 0
    return (problem.placement_weight + 1) * MICRO * len(part)


def _greedy_within_slots(
    problem: Problem, part: list[int], slots: SlotLimits | None, control: SearchControl
) -> list[tuple[int, ...]]:
    """Greedy groups, and with fixed groups the most valuable of them that fit the slots (CP-SAT over
    the greedy groups alone: a small assignment, settled in well under a second), then grown with the
    people left out where the slots allow."""
    groups = greedy_groups(problem, part) if len(part) >= problem.group_size_min else []
    if slots is None or slots.fits([len(members) for members in groups]):
        return groups
    values = score_columns(problem, part, groups).value_micro
    chosen = choose_groups(
        groups, values.tolist(), [], control, control.deadline, GREEDY_FIT_WORK, 1, 0, slots=slots
    ).chosen
    kept = [list(groups[index]) for index in chosen]
    placed = {member for members in kept for member in members}
    seats = SlotSeats(slots, [len(members) for members in kept])
    fill_open_seats(problem, kept, [person for person in part if person not in placed], seats)
    return [tuple(sorted(members)) for members in kept]


def solve_problem(
    problem: Problem,
    seed: int,
    workers: int,
    engine: str,
    control: SearchControl,
    people: list[int] | None = None,
    work: float | None = None,
) -> SearchOutcome:
    """Greedy groups for every part first (a whole valid solution early), then each part searched in
    turn with its share of the work (default: the control's work limit, else what the remaining time
    buys) and of the remaining time as a cap; new groups among `people` only, when given. Fixed groups
    (slots shared by everyone) make the whole problem one part."""
    rng = np.random.default_rng(seed)
    slots = SlotLimits(problem.group_bounds) if problem.group_bounds is not None else None
    everyone = list(range(problem.size)) if people is None else people
    parts = independent_parts(problem, everyone) if slots is None else [everyone]
    control.expect_parts([_trivial_bound_micro(problem, part) for part in parts])
    greedy = [_greedy_within_slots(problem, part, slots, control) for part in parts]
    greedy_values = [_value_micro(problem, part, groups) for part, groups in zip(parts, greedy)]
    for index, part in enumerate(parts):
        control.report(index, sum(map(len, greedy[index])), greedy_values[index], _trivial_bound_micro(problem, part))
    searchable = sum(len(part) for part in parts if len(part) >= problem.group_size_min) or 1
    total_work = _work_budget(control) if work is None else work
    outcomes = []
    people_left = searchable
    for index, part in enumerate(parts):
        share = len(part) / searchable
        deadline = min(control.deadline, time.monotonic() + control.remaining_s() * len(part) / people_left)
        search = PartSearch(problem, part, index, total_work * share, deadline, workers, rng, control, slots)
        if len(part) >= problem.group_size_min:
            people_left = max(1, people_left - len(part))
        work_before = control.work_done
        outcome = _solve_part(search, engine, greedy[index], greedy_values[index])
        outcome.work = control.work_done - work_before
        control.report(index, sum(map(len, outcome.groups)), outcome.objective_micro, outcome.bound_micro, done=True)
        outcomes.append(outcome)
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


def _work_budget(control: SearchControl) -> float:
    """The control's work limit, or for callers that gave only a time limit, what the time left buys."""
    if control.work_limit is not None:
        return control.work_limit
    return control.remaining_s() * WORK_PER_SECOND


def _open_groups_bound_micro(problem: Problem, newcomers: list[int]) -> int:
    """An open group that stays as it is (nobody can join, none needed) is worth exactly what it is; the
    members of the others, and the newcomers who could take a seat, at best quality (1 point each);
    everyone else at their best with the other newcomers."""
    could_sit = 0
    members_micro = 0
    perfect = (problem.placement_weight + 1) * MICRO
    for group in problem.open_groups:
        if group.needed == 0 and not (group.seats and group.eligible_bits):
            members_micro += open_group_total_micro(problem, group, ())
        else:
            could_sit |= group.eligible_bits
            members_micro += len(group.members) * perfect
    best = person_bounds_micro(problem, newcomers)
    seated = sum(perfect if could_sit >> person & 1 else best.get(person, 0) for person in newcomers)
    return members_micro + seated + problem.size // problem.group_size_min


def solve_with_open_groups(
    problem: Problem, seed: int, workers: int, engine: str, control: SearchControl
) -> SearchOutcome:
    """New groups among the newcomers first, then the open seats decided against them, then new groups
    for whoever is left (the members of dissolved open groups among them). The stages are not proved
    optimal together, so the status is at best feasible. Each stage has its share of the work, and of the
    time as a cap."""
    in_open_groups = {member for group in problem.open_groups for member in group.members}
    newcomers = [person for person in range(problem.size) if person not in in_open_groups]
    total_s, total_work = control.remaining_s(), _work_budget(control)
    first_control = control.linked(time.monotonic() + total_s * NEW_GROUPS_SHARE)
    first = solve_problem(
        problem, seed, workers, engine, first_control, people=newcomers, work=total_work * NEW_GROUPS_SHARE
    )
    seats_deadline = min(control.deadline, time.monotonic() + total_s * SEAT_DECISION_SHARE)
    seats_work = total_work * SEAT_DECISION_SHARE
    decision = decide_seats(problem, newcomers, first.groups, control, seats_deadline, seats_work, seed)
    placed = {member for members in decision.new_groups for member in members}
    placed |= {member for members in decision.fillings.values() for member in members}
    released = [member for index in decision.dissolved for member in problem.open_groups[index].members]
    rest = sorted(set(newcomers) - placed | set(released))
    groups = list(decision.new_groups)
    if rest:
        rest_work = total_work * (1 - NEW_GROUPS_SHARE - SEAT_DECISION_SHARE)
        groups += solve_problem(problem, seed, workers, engine, control.linked(), people=rest, work=rest_work).groups
    new_groups_micro = _value_micro(problem, sorted(set(newcomers) | set(released)), groups)
    open_micro = sum(
        open_group_total_micro(problem, group, decision.fillings.get(index, ()))
        for index, group in enumerate(problem.open_groups)
        if index not in decision.dissolved
    )
    objective_micro = new_groups_micro + open_micro
    return SearchOutcome(
        groups=sorted(groups),
        status="feasible",
        objective_micro=objective_micro,
        bound_micro=max(objective_micro, _open_groups_bound_micro(problem, newcomers)),
        parts=first.parts,
        greedy_objective_micro=first.greedy_objective_micro,
        greedy_assigned=first.greedy_assigned,
        filled=decision.fillings,
        dissolved=decision.dissolved,
    )


def default_work_limit(time_limit_s: float, participants: int) -> float:
    """The work a time limit buys when no work limit is given: what is left of the limit after start-up,
    compiling and writing the output, at a rate that ends on work before the clock here (so that
    re-running the same command gives the same groups). It depends on the limit and the size only."""
    searching_s = (
        time_limit_s - STARTUP_S - _output_reserve_s(participants) - UNCOUNTED_S_PER_PARTICIPANT * participants
    )
    return round(max(0.0, searching_s) * WORK_PER_SECOND, 3)


def _output_reserve_s(participants: int) -> float:
    return OUTPUT_RESERVE_S + OUTPUT_RESERVE_PER_PARTICIPANT_S * participants


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
) -> Solution:
    """Sign-ups in, contract solution out; options left as None take the file's settings.

    The work limit (units of search/work.py; default: what the time limit buys, `default_work_limit`)
    ends the search repeatably; the time limit is a hard cap counted from `clock_started`
    (time.monotonic(); default now) over compiling, searching and building the solution. Setting
    `stop_requested` ends the search early with the best solution found so far. `stats.stopped_by`
    says which of these ended the run.
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
    problem = compile_problem(signups)
    compiled = time.monotonic()
    if problem.open_groups:
        outcome = solve_with_open_groups(problem, seed, workers, engine, control)
    else:
        outcome = solve_problem(problem, seed, workers, engine, control)
    stats = {
        "solve_seconds": round(time.monotonic() - started, 3),
        "compile_seconds": round(compiled - started, 3),
        "time_limit_s": time_limit_s,
        "work_limit": work_limit,
        "work_done": round(control.work_done, 3),
        "stopped_by": control.stopped_by(outcome.status == "optimal"),
        "seed": seed,
        "workers": workers,
        "engine": engine,
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
    open_groups = OpenGroupOutcome(signups.open_groups, outcome.filled, outcome.dissolved)
    return build_solution(
        problem, outcome.groups, outcome.status, outcome.objective_micro, outcome.bound_micro, stats, open_groups
    )
