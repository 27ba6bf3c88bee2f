"""Large neighbourhood search: free a few related groups and nearby unplaced people, re-solve exactly.

A neighbourhood starts from an unplaced person or a random group and takes in the groups and unplaced
people compatible with its members until it holds about `target_people`. Its candidate groups are
enumerated and CP-SAT picks the best packing, hinted with the current groups (always a candidate set,
so the repair never gets worse). The neighbourhood shrinks when it has too many candidates or CP-SAT
cannot prove its repair optimal in time (dense neighbourhoods), and grows while repairs stay easy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from groupformer import bitset
from groupformer.problem import Problem
from groupformer.search.candidates import TooManyCandidates, enumerate_groups
from groupformer.search.columns import score_columns
from groupformer.search.control import Budget, SearchControl
from groupformer.search.exact import choose_groups
from groupformer.search.fixed_groups import FixedGroups
from groupformer.search.work import RATES


@dataclass(frozen=True)
class LnsSettings:
    # a repair enumerates at most this many candidate groups; more and the neighbourhood shrinks
    repair_candidate_limit: int = 3000
    # share of neighbourhoods grown from someone unplaced: one more person placed outweighs any quality
    start_from_unplaced: float = 0.85
    # work units for one repair's CP-SAT: dense neighbourhoods rarely prove optimal in more
    repair_work: float = 0.5
    # people freed by a repair, at least and at most (it starts at `start_people`)
    smallest_neighbourhood: int = 6
    largest_neighbourhood: int = 40
    start_people: int = 16


SETTINGS = LnsSettings()


@dataclass
class LnsStats:
    iterations: int = 0
    improvements: int = 0
    work: float = 0.0


def _neighbourhood(
    problem: Problem, groups: list[tuple[int, ...]], unplaced: set[int], rng: np.random.Generator, target_people: int
) -> tuple[set[int], list[int]]:
    """People to free and the indices of the groups they come from (whole groups only)."""
    group_of = {member: index for index, members in enumerate(groups) for member in members}
    if unplaced and (not groups or rng.random() < SETTINGS.start_from_unplaced):
        start = sorted(unplaced)[rng.integers(len(unplaced))]
        people, chosen_groups = {start}, []
    else:
        chosen = int(rng.integers(len(groups)))
        people, chosen_groups = set(groups[chosen]), [chosen]
    frontier = sorted(people)
    while frontier and len(people) < target_people:
        person = frontier.pop(int(rng.integers(len(frontier))))
        partners = [other for other in _partners(problem, person) if other not in people]
        rng.shuffle(partners)
        for other in partners:
            if len(people) >= target_people:
                break
            if other in unplaced:
                people.add(other)
                frontier.append(other)
            elif other in group_of and group_of[other] not in chosen_groups:
                chosen_groups.append(group_of[other])
                people.update(groups[group_of[other]])
                frontier.extend(groups[group_of[other]])
    return people, chosen_groups


def _spend(stats: LnsStats, control: SearchControl, work: float) -> None:
    """LNS's own work beside CP-SAT's (which CP-SAT's chooser counts itself)."""
    stats.work += work
    control.spend(work)


def _partners(problem: Problem, person: int) -> list[int]:
    return bitset.indices(problem.compatible_bits[person])


def improve(
    problem: Problem,
    people: list[int],
    groups: list[tuple[int, ...]],
    rng: np.random.Generator,
    budget: Budget,
    max_stale_iterations: int,
    on_improvement: Callable[[list[tuple[int, ...]], int], None] | None = None,
    fixed_groups: FixedGroups | None = None,
) -> tuple[list[tuple[int, ...]], LnsStats]:
    """Repairs until the budget's work is done (repeatable), `max_stale_iterations` repairs in a row
    without gain, a stop request or the budget's deadline (a hard cap); `on_improvement(groups, gain_micro)`
    hears of every gain. With `fixed_groups`, each repair keeps the groups it does not free within the fixed
    groups too."""
    stats = LnsStats()
    groups = list(groups)
    target_people = SETTINGS.start_people
    stale = 0
    repairs = budget.linked()
    repair_control = repairs.control
    while stats.work < budget.work and stale < max_stale_iterations and not repair_control.should_stop():
        stats.iterations += 1
        _spend(stats, repair_control, 1 / RATES.repairs_per_unit)
        placed = {member for members in groups for member in members}
        unplaced = {person for person in people if person not in placed}
        freed, freed_groups = _neighbourhood(problem, groups, unplaced, rng, target_people)
        try:
            candidates = enumerate_groups(problem, sorted(freed), SETTINGS.repair_candidate_limit)
        except TooManyCandidates:
            _spend(stats, repair_control, SETTINGS.repair_candidate_limit / RATES.candidates_per_unit)
            target_people = max(SETTINGS.smallest_neighbourhood, target_people - 2)
            stale += 1
            continue
        position = {members: index for index, members in enumerate(candidates)}
        current = [position[groups[index]] for index in freed_groups]
        values = score_columns(problem, sorted(freed), candidates).value_micro
        freed_indices = set(freed_groups)
        kept = [members for index, members in enumerate(groups) if index not in freed_indices]
        result = choose_groups(
            candidates,
            values.tolist(),
            current,
            repairs.with_work(min(SETTINGS.repair_work, budget.work - stats.work)),
            workers=1,
            seed=int(rng.integers(2**31)),
            fixed_groups=fixed_groups,
            kept_sizes=[len(members) for members in kept],
        )
        stats.work += result.work
        _spend(stats, repair_control, len(candidates) / RATES.candidates_per_unit)
        if result.status == "optimal" and len(candidates) < SETTINGS.repair_candidate_limit // 4:
            target_people = min(SETTINGS.largest_neighbourhood, target_people + 1)
        elif result.status != "optimal":
            target_people = max(SETTINGS.smallest_neighbourhood, target_people - 1)
        if result.status != "unknown" and result.objective > int(values[current].sum()):
            groups = kept + [candidates[index] for index in result.chosen]
            stats.improvements += 1
            stale = 0
            if on_improvement is not None:
                on_improvement(groups, result.objective - int(values[current].sum()))
        else:
            stale += 1
    return sorted(groups), stats
