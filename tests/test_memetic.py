"""The memetic MDGP search: its crossover passes on groups and keeps every bound; the search reaches
known optima and repeats under a work limit."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from test_mdgp import brute_force_optimum, random_distances

from groupformer.search.control import Budget, SearchControl
from groupformer.search.memetic import MemeticSettings, Population, compile_ahead, crossover, memetic_partition
from groupformer.search.tabu import random_partition


@pytest.fixture(scope="module", autouse=True)
def compiled_search():
    compile_ahead()


def as_groups(labels) -> set[frozenset[int]]:
    """A partition without its group numbering."""
    return {frozenset(np.flatnonzero(labels == group).tolist()) for group in np.unique(labels)}


def test_the_child_of_a_partition_and_itself_is_that_partition():
    distance = random_distances(20, 1)
    bounds = np.array([5, 5, 5, 5])
    parent = random_partition(bounds, bounds, 20, np.random.default_rng(1))
    assert as_groups(crossover(distance, parent, parent, bounds, bounds)) == as_groups(parent)


def test_the_child_keeps_the_richest_group_both_parents_share():
    distance = random_distances(12, 2)
    shared = [0, 1, 2, 3]
    distance[np.ix_(shared, shared)] += 1_000 * (1 - np.eye(4))
    first = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
    second = np.array([2, 2, 2, 2, 0, 1, 0, 1, 0, 1, 0, 1])
    bounds = np.array([4, 4, 4])
    assert frozenset(shared) in as_groups(crossover(distance, first, second, bounds, bounds))


@pytest.mark.parametrize("seed", range(200))
def test_children_keep_every_group_within_its_own_bounds(seed):
    """Random parents under random bounds of different sizes, so that copied groups are often too large
    or too small for where they land."""
    rng = np.random.default_rng(seed)
    groups = int(rng.integers(2, 6))
    size_min = rng.integers(1, 5, groups)
    size_max = size_min + rng.integers(0, 5, groups)
    count = int(rng.integers(size_min.sum(), size_max.sum() + 1))
    distance = random_distances(count, seed)
    first, second = (random_partition(size_min, size_max, count, rng) for _ in range(2))
    rng.shuffle(second)
    child = crossover(distance, first, second, size_min, size_max)
    sizes = np.bincount(child, minlength=groups)
    assert child.min() >= 0
    assert np.all(size_min <= sizes) and np.all(sizes <= size_max)


def for_work(work: float) -> Budget:
    deadline = time.monotonic() + 600
    return Budget(SearchControl(deadline, work_limit=work), deadline, work)


@pytest.mark.parametrize("seed", range(3))
def test_the_memetic_search_finds_the_brute_force_optimum_of_tiny_instances(seed):
    distance = random_distances(9, seed)
    bounds = [(2, 4), (3, 3), (2, 5)]
    size_min, size_max = np.array([low for low, _ in bounds]), np.array([high for _, high in bounds])
    result = memetic_partition(distance, size_min, size_max, np.random.default_rng(seed), for_work(0.01))
    assert result.value == pytest.approx(brute_force_optimum(distance, bounds))


def test_the_same_seed_and_work_limit_give_the_same_partition():
    distance = random_distances(60, 4)
    bounds = np.array([12] * 5)

    def solved():
        return memetic_partition(distance, bounds, bounds, np.random.default_rng(9), for_work(0.02)).labels

    first, second = solved(), solved()
    assert first.tolist() == second.tolist()


def test_a_run_makes_children_once_the_population_holds_two_partitions():
    distance = random_distances(200, 5)
    bounds = np.array([20] * 10)
    settings = MemeticSettings(population_start=2, population_end=2, stall_steps_per_item=5)
    result = memetic_partition(distance, bounds, bounds, np.random.default_rng(0), for_work(0.5), settings=settings)
    assert result.rounds > 0
    groups = [np.flatnonzero(result.labels == group) for group in range(10)]
    assert result.value == pytest.approx(sum(distance[np.ix_(g, g)].sum() / 2 for g in groups))


def test_the_population_keeps_one_partition_per_value():
    population = Population()
    population.offer(np.array([0, 1]), 5.0)
    population.offer(np.array([1, 0]), 5.0)
    assert len(population) == 1


def test_shrinking_the_population_drops_its_worst_members():
    population = Population()
    for value in (3.0, 9.0, 1.0, 7.0):
        population.offer(np.array([int(value)]), value)
    population.shrink_to(2)
    assert sorted(value for _, value in population.members) == [7.0, 9.0]
    assert math.isclose(population.best()[1], 9.0)


def test_a_cpu_limit_ends_the_search_after_that_much_cpu_time_of_its_thread():
    distance = random_distances(120, 6)
    bounds = np.array([12] * 10)
    deadline = time.monotonic() + 600
    budget = Budget(SearchControl(deadline), deadline, math.inf, cpu_seconds=0.3)
    cpu_before = time.thread_time()
    memetic_partition(distance, bounds, bounds, np.random.default_rng(0), budget)
    assert 0.3 <= time.thread_time() - cpu_before < 1.0


def test_a_search_stopped_before_it_starts_still_returns_a_partition_within_the_bounds():
    distance = random_distances(20, 7)
    bounds = np.array([5, 5, 5, 5])
    control = SearchControl(time.monotonic() + 600)
    control.stop_requested.set()
    result = memetic_partition(distance, bounds, bounds, np.random.default_rng(0), Budget(control, math.inf, math.inf))
    assert np.bincount(result.labels, minlength=4).tolist() == [5, 5, 5, 5]
