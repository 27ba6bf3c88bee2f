"""Tabu search for partitions into fixed groups with size bounds (the MDGP), maximising the sum of pair
weights inside groups.

The state keeps a gain matrix: `weight_to[i, g]` is the sum of i's pair weights to the members of group
g. Moving i from p to g changes the value by `weight_to[i, g] - weight_to[i, p]`, and swapping i (in p)
with j (in q) by `(weight_to[i, q] - weight_to[i, p]) + (weight_to[j, p] - weight_to[j, q]) - 2 w_ij`,
so the whole neighbourhood (every one-move and every swap) is a few vectorised array expressions per
step, and applying a move costs two column updates. After i leaves p, moving i back to p is tabu for a
few steps unless it gives a new best. When the best has not improved for a while, the search restarts
from the best partition perturbed by random swaps (iterated tabu search).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

CLOCK_CHECK_EVERY = 32
IMPROVEMENT_EPSILON = 1e-9


@dataclass(frozen=True)
class TabuSettings:
    """Tenure: steps a reverse move stays tabu, `tenure_base + tenure_per_item * n` plus a random part;
    a restart after `stall_steps_per_item * n` steps without a new best, perturbed by
    `perturbation_share * n` random swaps."""

    tenure_base: int = 5
    tenure_per_item: float = 0.05
    tenure_random: int = 10
    stall_steps_per_item: float = 20.0
    perturbation_share: float = 0.1


@dataclass(frozen=True)
class TabuResult:
    labels: np.ndarray
    value: float
    steps: int
    restarts: int
    seconds_to_best: float


class PartitionState:
    """Labels, sizes and the gain matrix of one partition."""

    def __init__(self, weight: np.ndarray, labels: np.ndarray, group_count: int):
        self.weight = weight
        self.labels = labels.copy()
        self.sizes = np.bincount(labels, minlength=group_count)
        membership = np.zeros((len(labels), group_count))
        membership[np.arange(len(labels)), labels] = 1.0
        self.weight_to = weight @ membership
        self.value = float(self.weight_to[np.arange(len(labels)), labels].sum() / 2)

    def move_gains(self) -> np.ndarray:
        return self.weight_to - self.weight_to[np.arange(len(self.labels)), self.labels][:, None]

    def move(self, item: int, group: int) -> None:
        old = self.labels[item]
        self.value += self.weight_to[item, group] - self.weight_to[item, old]
        self.weight_to[:, old] -= self.weight[:, item]
        self.weight_to[:, group] += self.weight[:, item]
        self.labels[item] = group
        self.sizes[old] -= 1
        self.sizes[group] += 1

    def swap(self, first: int, second: int) -> None:
        group_of_second = self.labels[second]
        self.move(second, self.labels[first])
        self.move(first, group_of_second)


def random_partition(size_min: np.ndarray, size_max: np.ndarray, item_count: int, rng: np.random.Generator):
    """Each group filled to its minimum, the rest spread over groups with room, all in random order."""
    slots = np.repeat(np.arange(len(size_min)), size_min)
    room = np.repeat(np.arange(len(size_min)), size_max - size_min)
    extra = rng.choice(room, size=item_count - len(slots), replace=False)
    labels = np.concatenate([slots, extra])
    rng.shuffle(labels)
    return labels


def tabu_partition(
    weight: np.ndarray,
    size_min: np.ndarray,
    size_max: np.ndarray,
    rng: np.random.Generator,
    deadline: float,
    should_stop: Callable[[], bool] = lambda: False,
    on_improvement: Callable[[float], None] | None = None,
    initial_labels: np.ndarray | None = None,
    settings: TabuSettings = TabuSettings(),
) -> TabuResult:
    """The best partition found before the deadline (time.monotonic) or a stop request."""
    started = time.monotonic()
    item_count, group_count = len(weight), len(size_min)
    if initial_labels is None:
        initial_labels = random_partition(size_min, size_max, item_count, rng)
    state = PartitionState(weight, initial_labels, group_count)
    best_labels, best_value, seconds_to_best = state.labels.copy(), state.value, 0.0
    tabu_until = np.zeros((item_count, group_count), dtype=np.int64)
    twice_weight = 2 * weight
    stall_limit = max(100, int(settings.stall_steps_per_item * item_count))
    tenure_fixed = settings.tenure_base + int(settings.tenure_per_item * item_count)
    steps = restarts = last_best_step = 0
    while True:
        if steps % CLOCK_CHECK_EVERY == 0 and (time.monotonic() >= deadline or should_stop()):
            break
        steps += 1
        step = _best_step(state, size_min, size_max, tabu_until > steps, best_value, twice_weight)
        if step is None:
            break
        first, target = step
        old_group = state.labels[first]
        if target >= 0:
            state.move(first, target)
        else:
            second = -target - 1
            second_group = state.labels[second]
            state.swap(first, second)
            tabu_until[second, second_group] = steps + tenure_fixed + rng.integers(settings.tenure_random + 1)
        tabu_until[first, old_group] = steps + tenure_fixed + rng.integers(settings.tenure_random + 1)
        if state.value > best_value + IMPROVEMENT_EPSILON:
            best_labels, best_value = state.labels.copy(), state.value
            seconds_to_best, last_best_step = time.monotonic() - started, steps
            if on_improvement is not None:
                on_improvement(best_value)
        elif steps - last_best_step > stall_limit:
            state = PartitionState(weight, _perturbed(best_labels, settings.perturbation_share, rng), group_count)
            tabu_until[:] = 0
            restarts += 1
            last_best_step = steps
    return TabuResult(best_labels, best_value, steps, restarts, seconds_to_best)


def _best_step(state: PartitionState, size_min, size_max, is_tabu: np.ndarray, best_value: float, twice_weight):
    """The best admissible one-move or swap as (item, group) or (item, -1 - partner); admissible means
    within the size bounds and not tabu, unless it beats the best value found (aspiration)."""
    labels = state.labels
    move_gains = state.move_gains()
    aspiration = best_value - state.value + IMPROVEMENT_EPSILON
    can_leave = state.sizes[labels] > size_min[labels]
    can_enter = state.sizes < size_max
    allowed = can_leave[:, None] & can_enter[None, :] & (~is_tabu | (move_gains > aspiration))
    allowed[np.arange(len(labels)), labels] = False
    move_scores = np.where(allowed, move_gains, -np.inf)
    best_move = int(np.argmax(move_scores))
    swap_halves = move_gains[:, labels]
    swap_gains = swap_halves + swap_halves.T - twice_weight
    swap_tabu = is_tabu[:, labels]
    swap_tabu |= swap_tabu.T
    swap_allowed = (labels[:, None] != labels[None, :]) & (~swap_tabu | (swap_gains > aspiration))
    swap_scores = np.where(swap_allowed, swap_gains, -np.inf)
    best_swap = int(np.argmax(swap_scores))
    move_value = move_scores.flat[best_move]
    swap_value = swap_scores.flat[best_swap]
    if move_value == -np.inf and swap_value == -np.inf:
        return None
    if move_value >= swap_value:
        return divmod(best_move, move_scores.shape[1])
    first, second = divmod(best_swap, len(labels))
    return first, -1 - second


def _perturbed(labels: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """The labels after random swaps between different groups (sizes unchanged, so still feasible)."""
    labels = labels.copy()
    for _ in range(max(1, int(share * len(labels)))):
        first, second = rng.choice(len(labels), size=2, replace=False)
        labels[first], labels[second] = labels[second], labels[first]
    return labels
