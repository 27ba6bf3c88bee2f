"""Every part: greedy groups for all of them first (a whole valid solution early), then each part searched
as a task with its share of the work, decided before any search runs, in turn here or on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Protocol

from groupformer.problem import Problem
from groupformer.search.columns import score_columns
from groupformer.search.construct import fill_open_seats, greedy_groups
from groupformer.search.control import Budget, SearchControl
from groupformer.search.decompose import independent_parts
from groupformer.search.exact import choose_groups
from groupformer.search.fixed_groups import FixedGroups, FixedGroupSeats
from groupformer.search.part import PartOutcome, trivial_bound_micro, value_micro
from groupformer.search.part_tasks import PartTask, part_task, run_part, too_few_people, unsearched
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


class PartRunner(Protocol):
    """Where the parts' tasks run: each finished part as (index, outcome), in any order. A part missing
    from the results (stopped before it came back) keeps its greedy groups."""

    def outcomes(self, tasks: Iterator[PartTask], control: SearchControl) -> Iterator[tuple[int, PartOutcome]]: ...


class InOrder:
    """Each part in turn in this process, under the run's control (live progress, stop requests), with
    its share of the time left."""

    def outcomes(self, tasks: Iterator[PartTask], control: SearchControl) -> Iterator[tuple[int, PartOutcome]]:
        for task in tasks:
            yield task.index, run_part(task, control.remaining_s() * task.time_share, control)


def solve_problem(
    problem: Problem,
    seed: int,
    workers: int,
    engine: str,
    control: SearchControl,
    people: list[int] | None = None,
    work: float | None = None,
    runner: PartRunner | None = None,
) -> SearchOutcome:
    """Greedy groups for every part first (a whole valid solution early), then each part searched as a
    task (search/part_tasks.py) by the `runner` (default: in turn, here) with its share of the work
    (default: the control's work limit, else what the remaining time buys) and of the remaining time as
    a cap; new groups among `people` only, when given. The outcomes are merged in part order, so where
    and in which order the parts ran never shows. Fixed groups (fixed_groups shared by everyone) make the
    whole problem one part."""
    fixed_groups = FixedGroups(problem.group_bounds) if problem.group_bounds is not None else None
    everyone = list(range(problem.size)) if people is None else people
    parts = independent_parts(problem, everyone) if fixed_groups is None else [sorted(everyone)]
    control.expect_parts([trivial_bound_micro(problem, part) for part in parts])
    greedy = [greedy_within_fixed_groups(problem, part, fixed_groups, control) for part in parts]
    greedy_values = [value_micro(problem, part, groups) for part, groups in zip(parts, greedy)]
    for index, part in enumerate(parts):
        control.report(index, sum(map(len, greedy[index])), greedy_values[index], trivial_bound_micro(problem, part))
    total_work = work_budget(control) if work is None else work
    tasks = _tasks(problem, parts, greedy, greedy_values, seed, total_work, workers, engine)
    too_small = {index: too_few_people(part) for index, part in enumerate(parts) if len(part) < problem.group_size_min}
    finished = {}
    for index, outcome in chain(too_small.items(), (runner or InOrder()).outcomes(tasks, control)):
        control.report(index, sum(map(len, outcome.groups)), outcome.objective_micro, outcome.bound_micro, done=True)
        finished[index] = outcome
    outcomes = [
        finished.get(index) or unsearched(problem, part, greedy[index], greedy_values[index])
        for index, part in enumerate(parts)
    ]
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


def _tasks(
    problem: Problem,
    parts: list[list[int]],
    greedy: list[list[tuple[int, ...]]],
    greedy_values: list[int],
    seed: int,
    total_work: float,
    workers: int,
    engine: str,
) -> Iterator[PartTask]:
    """The task of each part large enough to search (no task for the others: nobody in them can be
    placed), made only when the runner asks for it, so that this process holds one slice at a time. Work
    is shared in proportion to their people; so is the time, the parts still to run keeping theirs."""
    searchable = sum(len(part) for part in parts if len(part) >= problem.group_size_min) or 1
    people_left = searchable
    for index, part in enumerate(parts):
        if len(part) < problem.group_size_min:
            continue
        share = {"work": total_work * len(part) / searchable, "time_share": len(part) / people_left}
        run = {"seed": seed, "workers": workers, "engine": engine}
        yield part_task(problem, part, index, greedy[index], greedy_values[index], **share, **run)
        people_left = max(1, people_left - len(part))


def work_budget(control: SearchControl) -> float:
    """The control's work limit, or for callers that gave only a time limit, what the time left buys."""
    if control.work_limit is not None:
        return control.work_limit
    return control.remaining_s() * WORK_PER_SECOND
