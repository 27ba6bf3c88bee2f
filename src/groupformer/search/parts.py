"""Every part in turn: greedy groups for all of them first (a whole valid solution early), then each part
searched with its share of the work, decided before any search runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from groupformer.problem import Problem
from groupformer.search.columns import score_columns
from groupformer.search.construct import fill_open_seats, greedy_groups
from groupformer.search.control import Budget, SearchControl
from groupformer.search.decompose import independent_parts
from groupformer.search.exact import choose_groups
from groupformer.search.fixed_groups import FixedGroups, FixedGroupSeats
from groupformer.search.part import PartOutcome, PartSearch, trivial_bound_micro, value_micro
from groupformer.search.strategy import solve_part
from groupformer.search.work import WORK_PER_SECOND

# Choosing which greedy groups fill the fixed groups is a small assignment; CP-SAT settles it in this work.
GREEDY_FIT_WORK = 1.0


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


def greedy_within_fixed_groups(
    problem: Problem, part: list[int], fixed_groups: FixedGroups | None, control: SearchControl
) -> list[tuple[int, ...]]:
    """Greedy groups, and with fixed groups the most valuable of them that fit the fixed_groups (CP-SAT over
    the greedy groups alone: a small assignment, settled in well under a second), then grown with the
    people left out where the fixed_groups allow."""
    groups = greedy_groups(problem, part) if len(part) >= problem.group_size_min else []
    if fixed_groups is None or fixed_groups.fits([len(members) for members in groups]):
        return groups
    values = score_columns(problem, part, groups).value_micro
    fit = Budget(control, control.deadline, GREEDY_FIT_WORK)
    chosen = choose_groups(groups, values.tolist(), [], fit, 1, 0, fixed_groups=fixed_groups).chosen
    kept = [list(groups[index]) for index in chosen]
    placed = {member for members in kept for member in members}
    seats = FixedGroupSeats(fixed_groups, [len(members) for members in kept])
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
    (fixed_groups shared by everyone) make the whole problem one part."""
    rng = np.random.default_rng(seed)
    fixed_groups = FixedGroups(problem.group_bounds) if problem.group_bounds is not None else None
    everyone = list(range(problem.size)) if people is None else people
    parts = independent_parts(problem, everyone) if fixed_groups is None else [everyone]
    control.expect_parts([trivial_bound_micro(problem, part) for part in parts])
    greedy = [greedy_within_fixed_groups(problem, part, fixed_groups, control) for part in parts]
    greedy_values = [value_micro(problem, part, groups) for part, groups in zip(parts, greedy)]
    for index, part in enumerate(parts):
        control.report(index, sum(map(len, greedy[index])), greedy_values[index], trivial_bound_micro(problem, part))
    searchable = sum(len(part) for part in parts if len(part) >= problem.group_size_min) or 1
    total_work = work_budget(control) if work is None else work
    outcomes = []
    people_left = searchable
    for index, part in enumerate(parts):
        share = len(part) / searchable
        deadline = min(control.deadline, time.monotonic() + control.remaining_s() * len(part) / people_left)
        search = PartSearch(problem, part, index, total_work * share, deadline, workers, rng, control, fixed_groups)
        if len(part) >= problem.group_size_min:
            people_left = max(1, people_left - len(part))
        work_before = control.work_done
        outcome = solve_part(search, engine, greedy[index], greedy_values[index])
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


def work_budget(control: SearchControl) -> float:
    """The control's work limit, or for callers that gave only a time limit, what the time left buys."""
    if control.work_limit is not None:
        return control.work_limit
    return control.remaining_s() * WORK_PER_SECOND
