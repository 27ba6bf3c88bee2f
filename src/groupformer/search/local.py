"""Local search with incremental gains: insert, move or trade one person at a time, perturb when stuck.

A group's value depends on its members only through a few running figures: its size, the sums of the
pairwise points (weighted dissimilarity less weighted past meetings) and preference weights inside it,
how many members stated a focus, how many would like each size, and how many members are free at each
slot. Keeping, for every person i and group g, the sums of i's pair points and preference weight to g's
members (`points_to`, `prefer_to`) and
how many of g's members i is compatible with (`compatible_with`), the value of an insertion or a move is
a few array reads (O(1)); all of one person's moves are one vectorised expression over the groups, and
a move costs O(people) to apply. Hard rules hold at every step: a person only joins a group all of whose
members they are compatible with and whose joint masks (start, style, frequency, focus, modality, host)
stay non-empty, a person only leaves a group that can still meet without them, and sizes stay in bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from groupformer.compile.scores import spare_window_term
from groupformer.problem import Problem
from groupformer.search.columns import PartScorer, bit_matrix
from groupformer.search.composition import composition_allows
from groupformer.search.control import Budget
from groupformer.search.joint import can_meet, joint_of
from groupformer.search.work import RATES

GAIN_EPSILON = 1e-9


def _best_legal(options: np.ndarray, gains: np.ndarray, is_legal) -> tuple[int, float] | None:
    """The option with the largest positive gain that passes the full rule check (checked lazily, since
    the pairwise filter already removed most illegal options)."""
    for position in np.argsort(-gains, kind="stable"):
        if gains[position] <= GAIN_EPSILON:
            return None
        if is_legal(int(options[position])):
            return int(options[position]), float(gains[position])
    return None


def _with_nobody_row(matrix: np.ndarray) -> np.ndarray:
    return np.vstack([matrix, np.zeros((1, matrix.shape[1]))])


def _with_nobody(matrix: np.ndarray) -> np.ndarray:
    return np.pad(matrix, ((0, 1), (0, 1)))


class LocalSearchState:
    """The groups of one part, with the running sums that make move gains O(1)."""

    def __init__(self, problem: Problem, part: list[int], groups: list[tuple[int, ...]]):
        self.problem = problem
        self.part = part
        scorer = PartScorer(problem, part)
        people = len(part)
        # index `people` is nobody: a zero row and column, so that joining, leaving and trading are one formula
        self.nobody = people
        weights = problem.weights
        # what a pair adds to the diversity and novelty terms together: its dissimilarity, less how
        # strongly it met before (each member's novelty is 1 less the mean of that over the others)
        self.pair_points = _with_nobody(
            weights.diversity * scorer.dense_dissimilarity() - weights.novelty * scorer.dense_repeats()
        )
        prefers = scorer.dense_prefers()
        per_wish = np.divide(
            prefers,
            scorer.prefer_count[:, None],
            out=np.zeros_like(prefers),
            where=scorer.prefer_count[:, None] > 0,
        )
        self.prefer_weight = _with_nobody(per_wish + per_wish.T)
        self.compatible = bit_matrix([problem.compatible_bits[person] for person in part], problem.size)[:, part]
        self.states_focus = np.append(scorer.states_focus, 0.0)
        sizes = np.arange(problem.group_size_max + 2)
        likes_size = (scorer.size_min[:, None] <= sizes) & (sizes <= scorer.size_max[:, None])
        self.likes_size = np.vstack([likes_size, np.zeros(len(sizes), dtype=bool)]).astype(float)
        self.free_at = np.vstack([problem.window_mask[part], np.zeros(problem.window_mask.shape[1], dtype=bool)])
        self.free_at = self.free_at.astype(np.int16)
        count = len(groups)
        self.members: list[list[int]] = [[] for _ in range(count)]
        self.group_of = np.full(people, -1, dtype=np.int64)
        self.points_to = np.zeros((people + 1, count))
        self.prefer_to = np.zeros((people + 1, count))
        self.compatible_with = np.zeros((people, count), dtype=np.int64)
        self.size = np.zeros(count, dtype=np.int64)
        self.pair_points_sum = np.zeros(count)
        self.pair_prefer = np.zeros(count)
        self.focus_count = np.zeros(count)
        self.size_likes = np.zeros((count, len(sizes)))
        self.free_count = np.zeros((count, self.free_at.shape[1]), dtype=np.int16)
        # per wish rule: its weight, which values each person wants, and how many members want each value
        self.wishes = [(weight, _with_nobody_row(wants.astype(np.float64))) for weight, wants in scorer.wanted]
        self.wanted_count = [np.zeros((count, wants.shape[1])) for _, wants in self.wishes]
        self.values = np.zeros(count)
        local = {person: index for index, person in enumerate(part)}
        for group, members in enumerate(groups):
            for person in members:
                self._join(local[person], group)

    def _quality(self, size, pair_points, pair_prefer, focus_count, size_likes, common_starts, wish_points):
        """docs/objective.md in running figures; array arguments give one quality per group."""
        weights = self.problem.weights
        size = np.asarray(size, dtype=np.float64)
        others = np.maximum(size - 1, 1)
        spare = spare_window_term(common_starts)
        points = (
            2 * pair_points / others
            + weights.novelty * size
            + weights.prefer * pair_prefer
            + weights.size * size_likes
            + weights.focus * focus_count * (focus_count - 1) / others
            + weights.spare_window * size * spare
            + wish_points
        )
        return np.where(size >= 2, points / weights.total, 0.0)

    def _values_after(self, groups, leaving, joining) -> np.ndarray:
        """Value of each group with `leaving` out and `joining` in (either may be `nobody`)."""
        size = self.size[groups] - (np.asarray(leaving) != self.nobody) + (np.asarray(joining) != self.nobody)
        free = self.free_count[groups] - self.free_at[leaving] + self.free_at[joining]
        common = np.count_nonzero(free == np.asarray(size)[..., None], axis=-1)
        quality = self._quality(
            size,
            self.pair_points_sum[groups]
            - self.points_to[leaving, groups]
            + self.points_to[joining, groups]
            - self.pair_points[joining, leaving],
            self.pair_prefer[groups]
            - self.prefer_to[leaving, groups]
            + self.prefer_to[joining, groups]
            - self.prefer_weight[joining, leaving],
            self.focus_count[groups] - self.states_focus[leaving] + self.states_focus[joining],
            self.size_likes[groups, size] - self.likes_size[leaving, size] + self.likes_size[joining, size],
            common,
            self._wish_points_after(groups, leaving, joining),
        )
        return self.problem.placement_weight * size + quality

    def _wish_points_after(self, groups, leaving, joining) -> np.ndarray | float:
        """Weighted members who get the value most of them want, per wish rule, after the change."""
        points = 0.0
        for (weight, wants), count in zip(self.wishes, self.wanted_count):
            after = count[groups] - wants[leaving] + wants[joining]
            points = points + weight * after.max(axis=-1)
        return points

    def value_without(self, person: int) -> float:
        """Value of the person's group without them."""
        return float(self._values_after(self.group_of[person], person, self.nobody))

    def values_with(self, person: int, groups: np.ndarray) -> np.ndarray:
        """Value of each of `groups` with the person added (one vectorised expression)."""
        return self._values_after(groups, self.nobody, person)

    def total_value(self) -> float:
        return float(self.values.sum())

    def candidate_groups(self, person: int) -> np.ndarray:
        """Groups with a free seat whose members are all compatible with the person (pairwise rules)."""
        source = self.group_of[person]
        open_seat = (self.compatible_with[person] == self.size) & (self.size < self.problem.group_size_max)
        open_seat &= self.size > 0
        if source >= 0:
            open_seat[source] = False
        return np.flatnonzero(open_seat)

    def _allowed(self, members: list[int]) -> bool:
        """Every group-level rule (a meeting for all, composition) holds for these problem indices."""
        joint = joint_of(self.problem, members)
        return joint is not None and can_meet(joint) and composition_allows(self.problem, members)

    def can_join(self, person: int, group: int) -> bool:
        return self._allowed([self.part[member] for member in self.members[group]] + [self.part[person]])

    def can_leave(self, person: int) -> bool:
        group = self.group_of[person]
        rest = [self.part[member] for member in self.members[group] if member != person]
        return len(rest) >= self.problem.group_size_min and self._allowed(rest)

    def _join(self, person: int, group: int) -> None:
        self.pair_points_sum[group] += self.points_to[person, group]
        self.pair_prefer[group] += self.prefer_to[person, group]
        self.focus_count[group] += self.states_focus[person]
        self.size_likes[group] += self.likes_size[person]
        self.free_count[group] += self.free_at[person]
        for (_, wants), count in zip(self.wishes, self.wanted_count):
            count[group] += wants[person]
        self.points_to[:, group] += self.pair_points[:, person]
        self.prefer_to[:, group] += self.prefer_weight[:, person]
        self.compatible_with[:, group] += self.compatible[:, person]
        self.size[group] += 1
        self.members[group].append(person)
        self.group_of[person] = group
        self.values[group] = float(self._values_after(group, self.nobody, self.nobody))

    def _leave(self, person: int) -> None:
        group = self.group_of[person]
        self.members[group].remove(person)
        self.size[group] -= 1
        self.points_to[:, group] -= self.pair_points[:, person]
        self.prefer_to[:, group] -= self.prefer_weight[:, person]
        self.compatible_with[:, group] -= self.compatible[:, person]
        self.pair_points_sum[group] -= self.points_to[person, group]
        self.pair_prefer[group] -= self.prefer_to[person, group]
        self.focus_count[group] -= self.states_focus[person]
        self.size_likes[group] -= self.likes_size[person]
        self.free_count[group] -= self.free_at[person]
        for (_, wants), count in zip(self.wishes, self.wanted_count):
            count[group] -= wants[person]
        self.group_of[person] = -1
        self.values[group] = float(self._values_after(group, self.nobody, self.nobody))

    def move(self, person: int, group: int) -> None:
        """Insert an unplaced person into `group`, or move a placed one there."""
        if self.group_of[person] >= 0:
            self._leave(person)
        self._join(person, group)

    def gains(self, person: int) -> tuple[np.ndarray, np.ndarray]:
        """Candidate target groups of the person and the gain of moving (or inserting) them there."""
        targets = self.candidate_groups(person)
        source = self.group_of[person]
        leaving = 0.0 if source < 0 else self.value_without(person) - self.values[source]
        return targets, self.values_with(person, targets) - self.values[targets] + leaving

    def best_move(self, person: int) -> tuple[int, float] | None:
        """The target of the legal move with the largest positive gain, and the gain, if any."""
        if self.group_of[person] >= 0 and not self.can_leave(person):
            return None
        targets, gains = self.gains(person)
        return _best_legal(targets, gains, lambda group: self.can_join(person, group))

    def random_trade(self, person: int, rng: np.random.Generator) -> int | None:
        """Any legal partner to trade places with, to shake the search out of a local optimum."""
        if self.group_of[person] < 0:
            return None
        partners, _ = self.swap_gains(person)
        for partner in rng.permutation(partners):
            if self.group_of[partner] >= 0 and self.can_trade(person, int(partner)):
                return int(partner)
        return None

    def swap_gains(self, person: int) -> tuple[np.ndarray, np.ndarray]:
        """Partners the placed person could trade places with (pairwise rules) and the gain of each swap.

        A partner in another group h takes the person's seat while the person takes theirs; an unplaced
        partner takes the seat and the person leaves. Sizes do not change, so every figure is the group's
        figure minus one member plus the other.
        """
        group = self.group_of[person]
        others = self.group_of
        fits_here = self.compatible_with[:, group] - self.compatible[:, person] == self.size[group] - 1
        fits_here &= others != group
        elsewhere = np.maximum(others, 0)
        fits_there = self.compatible_with[person, elsewhere] - self.compatible[person] == self.size[elsewhere] - 1
        partners = np.flatnonzero(fits_here & ((others < 0) | fits_there))
        here = self._values_after(group, person, partners)
        gains = here - self.values[group]
        placed = others[partners] >= 0
        there_groups = others[partners[placed]]
        there = self._values_after(there_groups, partners[placed], np.full(len(there_groups), person))
        gains[placed] += there - self.values[there_groups]
        return partners, gains

    def can_trade(self, person: int, partner: int) -> bool:
        """Both groups can still meet with the two people traded (or the partner taking the seat)."""
        group, other = self.group_of[person], self.group_of[partner]
        here = [self.part[member] for member in self.members[group] if member != person] + [self.part[partner]]
        if not self._allowed(here):
            return False
        if other < 0:
            return True
        there = [self.part[member] for member in self.members[other] if member != partner] + [self.part[person]]
        return self._allowed(there)

    def trade(self, person: int, partner: int) -> None:
        group, other = self.group_of[person], self.group_of[partner]
        self._leave(person)
        if other >= 0:
            self._leave(partner)
            self._join(person, other)
        self._join(partner, group)

    def best_trade(self, person: int) -> tuple[int, float] | None:
        if self.group_of[person] < 0:
            return None
        partners, gains = self.swap_gains(person)
        return _best_legal(partners, gains, lambda partner: self.can_trade(person, partner))

    def groups(self) -> list[tuple[int, ...]]:
        return sorted(tuple(sorted(self.part[member] for member in members)) for members in self.members if members)


@dataclass
class LocalSearchStats:
    sweeps: int = 0
    moves: int = 0
    kicks: int = 0
    work: float = 0.0


class _WorkCounter:
    """Stops the search on its own work count (repeatable), a stop request or the wall-clock cap."""

    def __init__(self, state: LocalSearchState, budget: Budget, stats):
        self.control = budget.linked().control
        self.work = budget.work
        self.stats = stats
        self.per_person = (
            RATES.local_weighings_per_person + len(state.part) + len(state.members)
        ) / RATES.local_weighings_per_unit

    def spend_person(self) -> None:
        self.stats.work += self.per_person
        self.control.spend(self.per_person)

    def exhausted(self) -> bool:
        return self.stats.work >= self.work or self.control.should_stop()


def _descend(state: LocalSearchState, rng: np.random.Generator, budget: _WorkCounter, stats) -> None:
    """Sweeps over everyone in random order, applying each person's best move, until none improves."""
    improved = True
    while improved and not budget.exhausted():
        improved = False
        stats.sweeps += 1
        for person in rng.permutation(len(state.part)).tolist():
            if budget.exhausted():
                return
            budget.spend_person()
            move = state.best_move(person)
            trade = state.best_trade(person)
            if trade is not None and (move is None or trade[1] > move[1]):
                state.trade(person, trade[0])
            elif move is not None:
                state.move(person, move[0])
            else:
                continue
            stats.moves += 1
            improved = True


def local_search(
    problem: Problem,
    part: list[int],
    groups: list[tuple[int, ...]],
    rng: np.random.Generator,
    budget: Budget,
    kick_size: int = 4,
    max_kicks: int = 50,
) -> tuple[list[tuple[int, ...]], LocalSearchStats]:
    """Iterated local search: descend, then kick a few random people to random legal groups and descend
    again, keeping the best groups seen; stops after the budget's work (repeatable), `max_kicks` kicks, a
    stop request or at the budget's deadline (a hard cap)."""
    state = LocalSearchState(problem, part, groups)
    stats = LocalSearchStats()
    counter = _WorkCounter(state, budget, stats)
    _descend(state, rng, counter, stats)
    best_groups, best_value = state.groups(), state.total_value()
    while stats.kicks < max_kicks and not counter.exhausted():
        stats.kicks += 1
        for person in rng.choice(len(part), size=min(kick_size, len(part)), replace=False).tolist():
            counter.spend_person()
            partner = state.random_trade(person, rng)
            if partner is not None:
                state.trade(person, partner)
        _descend(state, rng, counter, stats)
        if state.total_value() > best_value + GAIN_EPSILON:
            best_groups, best_value = state.groups(), state.total_value()
    return best_groups, stats
