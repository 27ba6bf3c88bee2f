"""Sign-ups with open groups, in three stages: new groups among the newcomers, then the open seats decided
against them, then new groups for whoever is left (the members of dissolved open groups among them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from groupformer.compile.scores import MICRO
from groupformer.problem import Problem
from groupformer.search.bound import person_bounds_micro
from groupformer.search.control import Budget, SearchControl
from groupformer.search.open_seats import decide_seats, open_group_total_micro
from groupformer.search.part import value_micro
from groupformer.search.parts import PartRunner, SearchOutcome, solve_problem, work_budget


@dataclass(frozen=True)
class OpenGroupSettings:
    # share of the work and time for new groups among the newcomers
    new_groups_share: float = 0.6
    # share for deciding which new groups to keep and who takes an open seat
    seat_decision_share: float = 0.2
    # share for filling the groups below the minimum first, where one can be filled (the rest stages first)
    fill_first_share: float = 0.5


SETTINGS = OpenGroupSettings()


def open_groups_bound_micro(problem: Problem, newcomers: list[int]) -> int:
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
    problem: Problem, seed: int, workers: int, engine: str, control: SearchControl, runner: PartRunner | None = None
) -> SearchOutcome:
    """New groups among the newcomers first, then the open seats decided against them, then new groups
    for whoever is left (the members of dissolved open groups among them). Those stages undervalue a
    group below the minimum: filling it takes newcomers out of new groups that are then counted as lost,
    though their other members could be grouped again, so it is dissolved where it could have been
    filled. Where such a group can be filled, the stages also run after filling those groups first, each
    way with half the budget, and the better result is kept. The stages are not proved optimal together,
    so the status is at best feasible. The new groups' parts run on the `runner` (search/parts.py)."""
    in_open_groups = {member for group in problem.open_groups for member in group.members}
    newcomers = [person for person in range(problem.size) if person not in in_open_groups]
    total_s, total_work = control.remaining_s(), work_budget(control)
    needy = [index for index, group in enumerate(problem.open_groups) if group.needed]
    if not needy:
        return _stages(problem, newcomers, {}, (seed, workers, engine, runner), control, total_s, total_work)
    share = SETTINGS.fill_first_share
    fill_share = share * SETTINGS.seat_decision_share
    fill_budget = Budget(control, time.monotonic() + total_s * fill_share, total_work * fill_share)
    first_fill = decide_seats(problem, newcomers, [], fill_budget, seed, needy)
    if not first_fill.fillings:
        return _stages(problem, newcomers, {}, (seed, workers, engine, runner), control, total_s, total_work)
    run = (seed, workers, engine, runner)
    stages_first = _stages(problem, newcomers, {}, run, control, total_s * (1 - share), total_work * (1 - share))
    rest_work = total_work * (share - fill_share)
    filled_first = _stages(problem, newcomers, first_fill.fillings, run, control, control.remaining_s(), rest_work)
    return max(stages_first, filled_first, key=lambda outcome: outcome.objective_micro)


def _stages(
    problem: Problem,
    newcomers: list[int],
    filled: dict[int, tuple[int, ...]],
    run: tuple[int, int, str, PartRunner | None],
    control: SearchControl,
    total_s: float,
    total_work: float,
) -> SearchOutcome:
    """The three stages within `total_s` and `total_work`, around the open groups already `filled`
    (their newcomers take part in no new group). Each stage has its share of the work, and of the time
    as a cap. `run` is the seed, workers, engine and part runner."""
    seed, workers, engine, runner = run
    deadline = time.monotonic() + total_s
    seated = {member for members in filled.values() for member in members}
    free = [person for person in newcomers if person not in seated]
    first_control = control.linked(time.monotonic() + total_s * SETTINGS.new_groups_share)
    first_work = total_work * SETTINGS.new_groups_share
    first = solve_problem(problem, seed, workers, engine, first_control, people=free, work=first_work, runner=runner)
    seats_deadline = min(control.deadline, time.monotonic() + total_s * SETTINGS.seat_decision_share)
    seats_work = total_work * SETTINGS.seat_decision_share
    undecided = [index for index in range(len(problem.open_groups)) if index not in filled]
    decision = decide_seats(problem, free, first.groups, Budget(control, seats_deadline, seats_work), seed, undecided)
    fillings = {**filled, **decision.fillings}
    placed = {member for members in decision.new_groups for member in members}
    placed |= {member for members in fillings.values() for member in members}
    released = [member for index in decision.dissolved for member in problem.open_groups[index].members]
    rest = sorted(set(newcomers) - placed | set(released))
    groups = list(decision.new_groups)
    if rest:
        rest_work = total_work * (1 - SETTINGS.new_groups_share - SETTINGS.seat_decision_share)
        rest_control = control.linked(deadline)
        rest_solved = solve_problem(problem, seed, workers, engine, rest_control, rest, rest_work, runner)
        groups += rest_solved.groups
    new_groups_micro = value_micro(problem, sorted(set(newcomers) | set(released)), groups)
    open_micro = sum(
        open_group_total_micro(problem, group, fillings.get(index, ()))
        for index, group in enumerate(problem.open_groups)
        if index not in decision.dissolved
    )
    objective_micro = new_groups_micro + open_micro
    return SearchOutcome(
        groups=sorted(groups),
        status="feasible",
        objective_micro=objective_micro,
        bound_micro=max(objective_micro, open_groups_bound_micro(problem, newcomers)),
        parts=first.parts,
        greedy_objective_micro=first.greedy_objective_micro,
        greedy_assigned=first.greedy_assigned,
        filled=fillings,
        dissolved=decision.dissolved,
    )
