"""Tabu search for partitions into fixed groups with size bounds (the MDGP), maximising the sum of pair
weights inside groups.

The state keeps a gain matrix: `weight_to[i, g]` is the sum of i's pair weights to the members of group
g. Moving i from p to g changes the value by `weight_to[i, g] - weight_to[i, p]`, and swapping i (in p)
with j (in q) by `(weight_to[i, q] - weight_to[i, p]) + (weight_to[j, p] - weight_to[j, q]) - 2 w_ij`,
so every one-move and every swap is evaluated at each step in O(1) each, and applying a step costs two
column updates. After i leaves p, moving i back to p is tabu for a short random tenure unless it gives
a new best. When the best has not improved for a long while, the search restarts from the best
partition perturbed by random swaps (iterated tabu search).

The step loop is compiled with numba: the whole neighbourhood of n = 120 items is about 8,000 pair
evaluations, which plain numpy array expressions did at 3,000-10,000 steps a second here and the
compiled loop at about 50,000; skipping groups of swap partners whose bound cannot beat the best step
so far raised that to 120,000 (n = 120) and from 3,000 to 25,000 (n = 480). Short tenures (3 to 11
steps) worked best in a sweep on the MDGPLIB n = 120 instances (mean gap 0.20% on ten RanReal ds
instances at 150,000 steps, against 0.27-0.29% for 2-7 or 6-21 steps); long tenures let the search
drift far below the best.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

from groupformer.search import numba_cache
from groupformer.search.control import Budget
from groupformer.search.work import RATES

numba_cache.use_cache_dir(numba.config)

STEPS_PER_CHUNK = 2_000
IMPROVEMENT_EPSILON = 1e-9


@dataclass(frozen=True)
class TabuSettings:
    """Tenure: steps a reverse move stays tabu, `tenure_base` plus a random 0..`tenure_random`; a restart
    after `stall_steps_per_item * n` steps without a new best, perturbed by `perturbation_share * n`
    random swaps."""

    tenure_base: int = 3
    tenure_random: int = 8
    stall_steps_per_item: float = 100.0
    perturbation_share: float = 0.2


@dataclass(frozen=True)
class TabuResult:
    labels: np.ndarray
    value: float
    steps: int
    rounds: int
    seconds_to_best: float
    weighings: int


class PartitionState:
    """Labels, sizes and the gain matrix of one partition."""

    def __init__(self, weight: np.ndarray, labels: np.ndarray, group_count: int):
        self.weight = weight
        self.labels = np.array(labels, dtype=np.int64)
        self.sizes = np.bincount(self.labels, minlength=group_count).astype(np.int64)
        membership = np.zeros((len(labels), group_count))
        membership[np.arange(len(labels)), self.labels] = 1.0
        self.weight_to = weight @ membership
        self.value = float(self.weight_to[np.arange(len(labels)), self.labels].sum() / 2)

    def move(self, item: int, group: int) -> None:
        self.value += _apply_move(self.weight, self.labels, self.sizes, self.weight_to, item, group)


@numba.njit(cache=True, nogil=True)
def _apply_move(weight, labels, sizes, weight_to, item, group):
    old = labels[item]
    gain = weight_to[item, group] - weight_to[item, old]
    for other in range(len(labels)):
        weight_to[other, old] -= weight[other, item]
        weight_to[other, group] += weight[other, item]
    labels[item] = group
    sizes[old] -= 1
    sizes[group] += 1
    return gain


@numba.njit(cache=True, nogil=True)
def _seed(seed):
    np.random.seed(seed)


@numba.njit(cache=True, nogil=True)
def _best_step(weight, labels, sizes, weight_to, size_min, size_max, tabu_until, step, aspiration, swap_slack):
    """The best admissible one-move (item, group, -1) or swap (item, -1, partner), ties broken at random;
    admissible: within the size bounds and not tabu, unless its gain exceeds `aspiration` (a new best).
    Returns the gain too ((-1, -1, -1) when nothing is admissible) and the number of weighings done (every
    item against every group, plus the swap partners not skipped): the step's work.

    A swap of i (in p) with j (in q) gains at most i's move gain to q plus the best move gain to p of
    anyone in q, plus `swap_slack` (minus twice the smallest pair weight), so whole groups of partners
    are skipped when that bound cannot beat the best step found so far."""
    count, groups = weight_to.shape
    move_gain = np.empty((count, groups))
    best_into = np.full((groups, groups), -np.inf)
    for item in range(count):
        home = labels[item]
        for group in range(groups):
            move_gain[item, group] = weight_to[item, group] - weight_to[item, home]
            if move_gain[item, group] > best_into[home, group]:
                best_into[home, group] = move_gain[item, group]
    members = np.argsort(labels, kind="mergesort")
    first_member = np.zeros(groups + 1, dtype=np.int64)
    for group in range(groups):
        first_member[group + 1] = first_member[group] + sizes[group]
    best_gain = -np.inf
    best_item, best_group, best_partner = -1, -1, -1
    ties = 0
    weighings = 2 * count * groups
    for item in range(count):
        home = labels[item]
        if sizes[home] <= size_min[home]:
            continue
        for group in range(groups):
            if group == home or sizes[group] >= size_max[group]:
                continue
            gain = move_gain[item, group]
            if tabu_until[item, group] > step and gain <= aspiration:
                continue
            if gain > best_gain:
                best_gain, best_item, best_group, best_partner, ties = gain, item, group, -1, 1
            elif gain == best_gain:
                ties += 1
                if np.random.randint(ties) == 0:
                    best_item, best_group, best_partner = item, group, -1
    for item in range(count):
        home = labels[item]
        for there in range(home + 1, groups):
            if move_gain[item, there] + best_into[there, home] + swap_slack < best_gain:
                continue
            weighings += sizes[there]
            for position in range(first_member[there], first_member[there + 1]):
                partner = members[position]
                gain = move_gain[item, there] + move_gain[partner, home] - 2.0 * weight[item, partner]
                if (tabu_until[item, there] > step or tabu_until[partner, home] > step) and gain <= aspiration:
                    continue
                if gain > best_gain:
                    best_gain, best_item, best_group, best_partner, ties = gain, item, -1, partner, 1
                elif gain == best_gain:
                    ties += 1
                    if np.random.randint(ties) == 0:
                        best_item, best_group, best_partner = item, -1, partner
    return best_item, best_group, best_partner, best_gain, weighings


@numba.njit(cache=True, nogil=True)
def _run_steps(
    weight,
    labels,
    sizes,
    weight_to,
    size_min,
    size_max,
    tabu_until,
    first_step,
    steps,
    value,
    best_value,
    best_labels,
    tenure_base,
    tenure_random,
    swap_slack,
    weighing_limit,
):
    """Up to `steps` tabu steps from step number `first_step`, stopping early once `weighing_limit`
    weighings are done; returns the current value, the best value (its labels copied into
    `best_labels`), the step at which the best last improved (-1 if it did not), the steps taken and
    the weighings done."""
    improved_at = -1
    weighings = 0
    taken = 0
    for step in range(first_step, first_step + steps):
        if weighings >= weighing_limit:
            break
        taken += 1
        aspiration = best_value - value + IMPROVEMENT_EPSILON
        item, group, partner, gain, step_weighings = _best_step(
            weight, labels, sizes, weight_to, size_min, size_max, tabu_until, step, aspiration, swap_slack
        )
        weighings += step_weighings
        if item < 0:
            tabu_until[:] = 0
            continue
        home = labels[item]
        if partner >= 0:
            there = labels[partner]
            _apply_move(weight, labels, sizes, weight_to, partner, home)
            _apply_move(weight, labels, sizes, weight_to, item, there)
            tabu_until[partner, there] = step + tenure_base + np.random.randint(tenure_random + 1)
        else:
            _apply_move(weight, labels, sizes, weight_to, item, group)
        tabu_until[item, home] = step + tenure_base + np.random.randint(tenure_random + 1)
        value += gain
        if value > best_value + IMPROVEMENT_EPSILON:
            best_value = value
            best_labels[:] = labels
            improved_at = step
    return value, best_value, improved_at, taken, weighings


def random_partition(size_min: np.ndarray, size_max: np.ndarray, item_count: int, rng: np.random.Generator):
    """Items in random order over groups sized by `pair_rich_sizes`."""
    labels = np.repeat(np.arange(len(size_min)), pair_rich_sizes(size_min, size_max, item_count))
    rng.shuffle(labels)
    return labels


def pair_rich_sizes(size_min: np.ndarray, size_max: np.ndarray, item_count: int) -> np.ndarray:
    """The group sizes with the most pairs in all (a dynamic programme over groups and items placed).
    A group of s holds s(s-1)/2 pairs, so sizes matter more than who goes where: the search keeps the
    sizes it starts from, since moving one item from a large group to a small one always loses value."""
    group_count = len(size_min)
    most_pairs = np.full((group_count + 1, item_count + 1), -1, dtype=np.int64)
    chosen = np.zeros((group_count + 1, item_count + 1), dtype=np.int64)
    most_pairs[0, 0] = 0
    for group in range(group_count):
        for placed in range(item_count + 1):
            if most_pairs[group, placed] < 0:
                continue
            for size in range(int(size_min[group]), int(size_max[group]) + 1):
                total = placed + size
                pairs = most_pairs[group, placed] + size * (size - 1) // 2
                if total <= item_count and pairs > most_pairs[group + 1, total]:
                    most_pairs[group + 1, total], chosen[group + 1, total] = pairs, size
    sizes = np.zeros(group_count, dtype=np.int64)
    placed = item_count
    for group in range(group_count, 0, -1):
        sizes[group - 1] = chosen[group, placed]
        placed -= sizes[group - 1]
    return sizes


class TabuDescent:
    """Tabu descents on one instance under one budget: each descent starts from given labels and ends
    after `stall_steps` steps without a new best of its own (or when the budget runs out). The step
    count and the weighings (the search's unit of work) run on across descents, so that any strategy
    built on descents (iterated restarts, a population) spends one budget."""

    def __init__(self, weight, size_min, size_max, budget: Budget, settings: TabuSettings, max_steps: int | None):
        self.weight = np.ascontiguousarray(weight, dtype=np.float64)
        self.size_min = np.asarray(size_min, dtype=np.int64)
        self.size_max = np.asarray(size_max, dtype=np.int64)
        self.settings = settings
        self.deadline, self.should_stop = budget.deadline, budget.control.interrupted
        max_weighings = None if math.isinf(budget.work) else int(budget.work * RATES.tabu_weighings_per_unit)
        self.weighing_limit = np.iinfo(np.int64).max if max_weighings is None else max_weighings
        self.max_steps = max_steps
        self.swap_slack = -2.0 * min(0.0, float(self.weight.min()))
        self.tabu_until = np.zeros((len(self.weight), len(self.size_min)), dtype=np.int64)
        self.steps = self.weighings = 0
        self.started, self.cpu_started = time.monotonic(), time.thread_time()
        self.cpu_seconds = budget.cpu_seconds

    def exhausted(self) -> bool:
        return (
            time.monotonic() >= self.deadline
            or self.should_stop()
            or (self.max_steps is not None and self.steps >= self.max_steps)
            or self.weighings >= self.weighing_limit
            or time.thread_time() - self.cpu_started >= self.cpu_seconds
        )

    def elapsed(self) -> float:
        """Seconds since the start, on the clock that limits the search: this thread's CPU time under a
        CPU limit, else the wall clock."""
        if math.isinf(self.cpu_seconds):
            return time.monotonic() - self.started
        return time.thread_time() - self.cpu_started

    def progress(self) -> float:
        """The share of the budget spent: of the work under a work limit, else of the time that ends it."""
        if self.weighing_limit < np.iinfo(np.int64).max:
            return self.weighings / self.weighing_limit
        if not math.isinf(self.cpu_seconds):
            return self.elapsed() / max(1e-9, self.cpu_seconds)
        if math.isinf(self.deadline):
            return 0.0
        return self.elapsed() / max(1e-9, self.deadline - self.started)

    def spend(self, weighings: int) -> None:
        """Count work done outside the step loop (building a start), so that it too is budgeted."""
        self.weighings += weighings

    def descend(
        self, labels: np.ndarray, stall_steps: int, on_improvement: Callable[[float], None] | None = None
    ) -> tuple[np.ndarray, float]:
        """The best labels met, and their value, on a descent from `labels`; `on_improvement` hears each
        new best of the descent after its first chunk."""
        state = PartitionState(self.weight, labels, len(self.size_min))
        best_labels, best_value = state.labels.copy(), state.value
        self.tabu_until[:] = 0
        last_best_step = self.steps
        while not self.exhausted() and self.steps - last_best_step <= stall_steps:
            chunk = STEPS_PER_CHUNK if self.max_steps is None else min(STEPS_PER_CHUNK, self.max_steps - self.steps)
            value, new_best, improved_at, taken, chunk_weighings = _run_steps(
                self.weight,
                state.labels,
                state.sizes,
                state.weight_to,
                self.size_min,
                self.size_max,
                self.tabu_until,
                self.steps,
                chunk,
                state.value,
                best_value,
                best_labels,
                self.settings.tenure_base,
                self.settings.tenure_random,
                self.swap_slack,
                self.weighing_limit - self.weighings,
            )
            state.value = value
            self.steps += taken
            self.weighings += chunk_weighings
            if improved_at >= 0:
                best_value, last_best_step = new_best, improved_at
                if on_improvement is not None:
                    on_improvement(best_value)
        return best_labels, best_value


def tabu_partition(
    weight: np.ndarray,
    size_min: np.ndarray,
    size_max: np.ndarray,
    rng: np.random.Generator,
    budget: Budget,
    on_improvement: Callable[[float], None] | None = None,
    initial_labels: np.ndarray | None = None,
    settings: TabuSettings = TabuSettings(),
    max_steps: int | None = None,
) -> TabuResult:
    """The best partition found within the budget: its work in weighings (the search's own count, so
    repeatable; an infinite work budget leaves the clock to end it), its deadline, its control's stop
    requests; or within `max_steps` steps. Iterated tabu search: each descent after the first starts
    from the best partition perturbed."""
    descent = TabuDescent(weight, size_min, size_max, budget, settings, max_steps)
    _seed(int(rng.integers(2**31)))
    if initial_labels is None:
        initial_labels = random_partition(descent.size_min, descent.size_max, len(descent.weight), rng)
    stall_steps = max(1_000, int(settings.stall_steps_per_item * len(descent.weight)))
    best_labels = np.array(initial_labels, dtype=np.int64)
    best_value = PartitionState(descent.weight, best_labels, len(descent.size_min)).value
    record = Record(best_value, descent.elapsed, on_improvement)
    restarts, start = -1, best_labels
    while not descent.exhausted():
        restarts += 1
        labels, value = descent.descend(start, stall_steps, record.hear)
        if value > best_value + IMPROVEMENT_EPSILON:
            best_labels, best_value = labels, value
        start = _perturbed(best_labels, settings.perturbation_share, descent.size_min, descent.size_max, rng)
    return TabuResult(
        best_labels, best_value, descent.steps, max(0, restarts), record.seconds_to_best, descent.weighings
    )


class Record:
    """The best value of a whole search, fed by its descents as they go: live progress and the time to
    the best, which a descent's end would report late."""

    def __init__(self, value: float, elapsed: Callable[[], float], on_improvement: Callable[[float], None] | None):
        self.value, self.elapsed, self.on_improvement = value, elapsed, on_improvement
        self.seconds_to_best = 0.0

    def hear(self, value: float) -> None:
        if value > self.value + IMPROVEMENT_EPSILON:
            self.value, self.seconds_to_best = value, self.elapsed()
            if self.on_improvement is not None:
                self.on_improvement(value)


def _perturbed(labels, share, size_min, size_max, rng: np.random.Generator) -> np.ndarray:
    """The labels after `share * n` random changes, each a swap between two items or, half the time
    when sizes allow, one item moved to another group (so that restarts also try other group sizes)."""
    labels = labels.copy()
    sizes = np.bincount(labels, minlength=len(size_min))
    for _ in range(max(1, int(share * len(labels)))):
        first, second = rng.choice(len(labels), size=2, replace=False)
        source, target = labels[first], labels[second]
        if rng.random() < 0.5 and sizes[source] > size_min[source] and sizes[target] < size_max[target]:
            labels[first] = target
            sizes[source] -= 1
            sizes[target] += 1
        else:
            labels[first], labels[second] = target, source
    return labels
