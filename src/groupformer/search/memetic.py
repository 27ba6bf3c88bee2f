"""A memetic search for the MDGP: a small population of tabu-descended partitions (search/tabu.py), where
each new start is built from two members by a group-based crossover rather than by perturbing the best
partition at random.

A partition's value lives in its groups, so the crossover passes on whole groups: taking turns between
the two parents, it copies the parent's group whose members not yet placed are worth the most per member
(the sum of their pair weights over their count), until every group of the child is taken; the items
left over go where they add the most, groups below their lower bound first. The child inherits what its
parents agree on, is unlike either, and starts its descent far above a random partition, so a descent
from it costs a fraction of one from scratch.

The population shrinks as the budget is spent, from `population_start` to `population_end`, dropping its
worst member: early on many different partitions give the crossover material, later the budget goes to
children of the best few (the dynamic population size of Yang et al.'s TPSDP, EJOR 2022). A child
replaces the worst member when it is better and its value is not already in the population (equal
values are almost always the same partition, and copies would end the population's variety); when
every descent so far has reached the same value (small or easy instances), the next starts from the
best partition perturbed, as in the iterated tabu search.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

from groupformer.search import numba_cache
from groupformer.search.control import Budget, SearchControl
from groupformer.search.tabu import (
    IMPROVEMENT_EPSILON,
    Record,
    TabuDescent,
    TabuResult,
    TabuSettings,
    _perturbed,
    _seed,
    random_partition,
    tabu_partition,
)

numba_cache.use_cache_dir(numba.config)


@dataclass(frozen=True)
class MemeticSettings:
    """Population sizes at the start and the end of the budget; each descent ends after
    `stall_steps_per_item * n` steps without a new best of its own (docs/solver.md, "Settings", has the
    measurements behind each)."""

    # 10 -> 4 and 6 -> 3 were alike (mean gap 0.025% and 0.024%, four n = 120 ds instances, three seeds)
    population_start: int = 10
    population_end: int = 4
    # 30 n: 31-40 children in 120 units at n = 480 (gaps 0.016%, -0.022%), 100 n: 2-3 (0.11%, 0.18%)
    stall_steps_per_item: float = 30.0


def memetic_partition(
    weight: np.ndarray,
    size_min: np.ndarray,
    size_max: np.ndarray,
    rng: np.random.Generator,
    budget: Budget,
    on_improvement: Callable[[float], None] | None = None,
    settings: MemeticSettings = MemeticSettings(),
    tabu_settings: TabuSettings | None = None,
    max_steps: int | None = None,
) -> TabuResult:
    """The best partition found within the budget (as in `tabu_partition`, whose result it shares)."""
    tabu = tabu_settings or TabuSettings()
    descent = TabuDescent(weight, size_min, size_max, budget, tabu, max_steps)
    _seed(int(rng.integers(2**31)))
    item_count = len(descent.weight)
    stall_steps = max(1_000, int(settings.stall_steps_per_item * item_count))
    record = Record(-math.inf, descent.elapsed, on_improvement)
    population = Population()
    random_starts = children = 0
    while not population or not descent.exhausted():
        if random_starts < settings.population_start:
            random_starts += 1
            start = random_partition(descent.size_min, descent.size_max, item_count, rng)
        elif len(population) < 2:
            start = _perturbed(population.best()[0], tabu.perturbation_share, descent.size_min, descent.size_max, rng)
        else:
            children += 1
            population.shrink_to(_population_target(settings, descent.progress()))
            first, second = population.parents(rng)
            start = crossover(descent.weight, first, second, descent.size_min, descent.size_max)
            descent.spend(item_count * len(descent.size_min))
        labels, value = descent.descend(start, stall_steps, record.hear)
        population.offer(labels, value)
    best_labels, best_value = population.best()
    return TabuResult(best_labels, best_value, descent.steps, children, record.seconds_to_best, descent.weighings)


class Population:
    """Partitions and their values; at most one per value."""

    def __init__(self):
        self.members: list[tuple[np.ndarray, float]] = []

    def __len__(self) -> int:
        return len(self.members)

    def offer(self, labels: np.ndarray, value: float) -> None:
        if any(abs(value - kept) <= IMPROVEMENT_EPSILON * max(1.0, abs(value)) for _, kept in self.members):
            return
        self.members.append((labels, value))

    def shrink_to(self, size: int) -> None:
        self.members.sort(key=lambda member: -member[1])
        del self.members[max(2, size) :]

    def parents(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        if len(self.members) == 1:
            return self.members[0][0], self.members[0][0]
        first, second = rng.choice(len(self.members), size=2, replace=False)
        return self.members[first][0], self.members[second][0]

    def best(self) -> tuple[np.ndarray, float]:
        return max(self.members, key=lambda member: member[1])


def _population_target(settings: MemeticSettings, progress: float) -> int:
    span = settings.population_start - settings.population_end
    return round(settings.population_start - span * min(1.0, progress))


def crossover(weight, first, second, size_min, size_max) -> np.ndarray:
    """A child of two partitions (labels), within the size bounds."""
    return _crossover(weight, np.asarray(first), np.asarray(second), size_min, size_max)


@numba.njit(cache=True, nogil=True)
def _crossover(weight, first, second, size_min, size_max):
    count, groups = len(first), len(size_min)
    child = np.full(count, -1, dtype=np.int64)
    sizes = np.zeros(groups, dtype=np.int64)
    taken = np.zeros(groups, dtype=np.bool_)
    used = np.zeros((2, groups), dtype=np.bool_)
    for turn in range(groups):
        parent = first if turn % 2 == 0 else second
        group = _richest_group(weight, parent, child, used[turn % 2])
        if group < 0:
            break
        used[turn % 2, group] = True
        members = np.flatnonzero((parent == group) & (child < 0))
        target = _free_group(len(members), group, taken, size_min, size_max)
        taken[target] = True
        members = _strongest(weight, members, size_max[target])
        child[members] = target
        sizes[target] = len(members)
    _release_surplus(weight, child, sizes, size_min)
    _place_leftovers(weight, child, sizes, size_min, size_max)
    return child


@numba.njit(cache=True, nogil=True)
def _richest_group(weight, parent, child, used):
    """The parent's unused group whose members not yet in the child have the largest pair sum per member."""
    best_group, best_score = -1, -np.inf
    for group in range(len(used)):
        if used[group]:
            continue
        members = np.flatnonzero((parent == group) & (child < 0))
        if len(members) == 0:
            continue
        total = 0.0
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                total += weight[members[a], members[b]]
        score = total / len(members)
        if score > best_score:
            best_group, best_score = group, score
    return best_group


@numba.njit(cache=True, nogil=True)
def _free_group(count, preferred, taken, size_min, size_max):
    """Where a copied group of `count` goes: its own index if free and `count` fits its bounds, else a
    free index whose bounds fit, else the free index with the most room."""
    if not taken[preferred] and size_min[preferred] <= count <= size_max[preferred]:
        return preferred
    roomiest = -1
    for group in range(len(taken)):
        if taken[group]:
            continue
        if size_min[group] <= count <= size_max[group]:
            return group
        if roomiest < 0 or size_max[group] > size_max[roomiest]:
            roomiest = group
    return roomiest


@numba.njit(cache=True, nogil=True)
def _strongest(weight, members, limit):
    """`members` less those with the smallest pair sums to the others, until at most `limit` are left."""
    while len(members) > limit:
        weakest, weakest_sum = 0, np.inf
        for a in range(len(members)):
            total = 0.0
            for b in range(len(members)):
                total += weight[members[a], members[b]]
            if total < weakest_sum:
                weakest, weakest_sum = a, total
        members = np.concatenate((members[:weakest], members[weakest + 1 :]))
    return members


@numba.njit(cache=True, nogil=True)
def _release_surplus(weight, child, sizes, size_min):
    """Items taken back from groups above their lower bound until the items left over can bring every
    group up to its own: copied groups may hold more than their bounds' share."""
    deficit = 0
    for group in range(len(sizes)):
        deficit += max(0, size_min[group] - sizes[group])
    leftover = np.sum(child < 0)
    while leftover < deficit:
        for item in range(len(child)):
            group = child[item]
            if group >= 0 and sizes[group] > size_min[group]:
                child[item] = -1
                sizes[group] -= 1
                leftover += 1
                break


@numba.njit(cache=True, nogil=True)
def _place_leftovers(weight, child, sizes, size_min, size_max):
    """Each item left over, best gain first, into a group below its lower bound while any is, then into
    any group with room."""
    groups = len(sizes)
    leftovers = np.flatnonzero(child < 0)
    weight_to = np.zeros((len(leftovers), groups))
    for row in range(len(leftovers)):
        for item in range(len(child)):
            if child[item] >= 0:
                weight_to[row, child[item]] += weight[leftovers[row], item]
    placed = np.zeros(len(leftovers), dtype=np.bool_)
    for _ in range(len(leftovers)):
        short = False
        for group in range(groups):
            if sizes[group] < size_min[group]:
                short = True
        best_row, best_group, best_gain = -1, -1, -np.inf
        for row in range(len(leftovers)):
            if placed[row]:
                continue
            for group in range(groups):
                open_group = sizes[group] < size_min[group] if short else sizes[group] < size_max[group]
                if open_group and weight_to[row, group] > best_gain:
                    best_row, best_group, best_gain = row, group, weight_to[row, group]
        placed[best_row] = True
        item = leftovers[best_row]
        child[item] = best_group
        sizes[best_group] += 1
        for row in range(len(leftovers)):
            weight_to[row, best_group] += weight[leftovers[row], item]


def compile_ahead(announce: Callable[[str], None] | None = None, size: int = 8) -> None:
    """Compile (or load from numba's cache) the step loop and the crossover on a tiny instance, so that
    a timed search does not spend its first seconds compiling; `announce` hears first when that means
    compiling, which takes seconds once after an install rather than the usual fraction of one."""
    if announce is not None and not numba_cache.is_warm():
        announce(f"compiling the MDGP search (once after install, about {numba_cache.COLD_COMPILE_S} s)…")
    weight = np.ones((size, size)) - np.eye(size)
    bounds = np.array([size // 2, size - size // 2])
    deadline = time.monotonic() + 1.0
    budget = Budget(SearchControl(deadline), deadline, math.inf)
    rng = np.random.default_rng(0)
    tabu_partition(weight, bounds, bounds, rng, budget, max_steps=10)
    crossover(
        weight, random_partition(bounds, bounds, size, rng), random_partition(bounds, bounds, size, rng), bounds, bounds
    )
    numba_cache.mark_warm()
