"""An LP bound for parts too large to enumerate: column generation whose columns come from a pricing
search over the compatibility graph instead of from a list of every group.

The restricted master LP (GLOP, relaxation.MasterProblem) packs the groups found so far; its dual price
π_i ≥ 0 per person gives each group g a reduced cost rc(g) = value(g) − Σ_{i in g} π_i. Heuristic
pricing grows one group from each person, adding the compatible neighbour of largest
w_m = placement + best conceivable quality of m (bound.person_bounds_micro) − π_m; its groups of positive
reduced cost join the master. When it finds none, exact pricing bounds, per person i, the best mean
reduced cost ρ_i = max over feasible groups g containing i of rc(g) / |g|, by a branch and bound over i's
compatible neighbours (members added in one order, the joint masks kept as candidates.py does). A quick
pass values every member by w; then, the largest ρ_i first while the work lasts, a second values the
members so far by their actual pair terms (_Terms) and only those still to come by w, which takes off
the quality slack of w (a member's best partner, spare windows and focus are rarely all in one group).
A search cut short by its node limit keeps the bound of what it left unsearched, so ρ_i is always an
upper bound. The best groups join the master too.

The bound does not trust the LP solver. For any prices π ≥ 0 and any packing x, every chosen group's
reduced cost is its members' mean reduced cost times its size, so
value(x) = Σ_{g in x} rc(g) + Σ_{i placed} π_i ≤ Σ_{i placed} (ρ_i + π_i) ≤ Σ_i π_i + Σ_i max(0, ρ_i).
That Lagrangian bound holds after every exact pricing pass, whether or not the LP has converged; at
convergence with every search finished it equals the LP optimum. Group quality is rounded per group to
the micro-point: the person bounds are rounded up, and a group valued by its pair terms gets a
micro-point more, so the sums need no more slack than the LP's.
Rows for fixed groups are left out of this master: a relaxation with fewer rows still bounds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from groupformer import bitset
from groupformer.compile.scores import (
    FULL_SPARE_STARTS,
    MICRO,
    dissimilarity,
    repeat_weight,
    wishes_met,
)
from groupformer.problem import Problem
from groupformer.search.bound import best_dissimilarities, person_bounds_micro
from groupformer.search.columns import score_columns
from groupformer.search.composition import composition_allows
from groupformer.search.control import Budget
from groupformer.search.joint import EMPTY_GROUP, JointMasks, add_member, can_meet
from groupformer.search.relaxation import MasterProblem


@dataclass(frozen=True)
class PricingSettings:
    # rounds of column generation at most: the bound holds after any exact pass, later ones tighten it
    max_rounds: int = 40
    # branch-and-bound nodes per person in exact pricing before it keeps the bound of what is left
    nodes_per_person: int = 400
    # micro-points a column's reduced cost must exceed to join the master (GLOP's tolerances)
    slack_micro: float = 2.0
    # search nodes, candidates weighed, heuristic growth steps and LP memberships per work unit (about 1 s)
    steps_per_unit: float = 500_000.0
    # share of the bound's work heuristic rounds may use: exact pricing needs the rest (1.1 units, one_metro-500)
    rounds_share: float = 0.5


SETTINGS = PricingSettings()


@dataclass(frozen=True)
class PricedBound:
    bound_micro: int
    rounds: int
    columns: int
    work: float


class _Pricing:
    """The part's placeable people, their compatible neighbours, and the cheapest upper bound per member."""

    def __init__(self, problem: Problem, part: list[int]):
        self.problem = problem
        self.best = person_bounds_micro(problem, part)
        self.people = sorted(self.best)
        self.row = {person: index for index, person in enumerate(part)}
        self.people_bits = bitset.from_indices(self.people)
        self.terms = _Terms(problem, part, self.best)
        self.steps = 0

    def weights(self, prices: np.ndarray) -> dict[int, float]:
        """w_m: the most a member can add to a group's reduced cost at these prices."""
        return {person: self.best[person] - prices[self.row[person]] for person in self.people}

    def greedy_group(self, person: int, w: dict[int, float]) -> tuple[int, ...] | None:
        """A group grown from `person`, each step the compatible neighbour of largest w that keeps the
        joint masks non-empty, until the largest size or no neighbour adds anything past the minimum."""
        problem = self.problem
        members, joint = [person], add_member(problem, EMPTY_GROUP, person)
        eligible = problem.compatible_bits[person] & self.people_bits
        ranked = sorted(bitset.indices(eligible), key=lambda other: (-w[other], other))
        self.steps += len(ranked)
        while joint is not None and len(members) < problem.group_size_max:
            step = None
            for other in ranked:
                self.steps += 1
                if eligible >> other & 1 and (extended := add_member(problem, joint, other)) is not None:
                    step = (other, extended)
                    break
                eligible &= ~(1 << other)
            if step is None or (w[step[0]] <= 0 and len(members) >= problem.group_size_min):
                break
            members.append(step[0])
            joint = step[1]
            eligible &= problem.compatible_bits[step[0]]
        if len(members) < problem.group_size_min or not _feasible(problem, members, joint):
            return None
        return tuple(sorted(members))

    def best_mean(
        self, person: int, w: dict[int, float], node_limit: int, pair_terms: bool
    ) -> tuple[float, tuple[int, ...] | None]:
        """An upper bound on the best mean reduced cost over feasible groups containing `person`, and the
        best group found (exact when the search ends within `node_limit` nodes, valuing members by their
        pair terms or, quicker and looser, by w)."""
        neighbour_bits = self.problem.compatible_bits[person] & self.people_bits
        search = _MeanSearch(self.terms, person, neighbour_bits, w, pair_terms)
        result = search.run(node_limit)
        self.steps += search.steps
        return result


def _feasible(problem: Problem, members: list[int], joint: JointMasks | None) -> bool:
    return joint is not None and can_meet(joint) and composition_allows(problem, members)


class _Node(NamedTuple):
    """A group being grown: per member, the sums over the other members of the pair terms (dissimilarity,
    is preferred, met before), how many stated a focus, and the joint masks."""

    members: tuple[int, ...]
    sums: tuple[tuple[float, int, float], ...]
    focus: int
    joint: JointMasks


class _Terms:
    """The objective's terms per member (docs/objective.md). Diversity, preference, focus and novelty
    are sums over the other members, so a group's exact value follows from pair sums carried as it
    grows, and each member's most in a larger group from those sums plus their best partner's terms;
    only the members still to come are valued at their best conceivable quality."""

    def __init__(self, problem: Problem, part: list[int], best: dict[int, int]):
        self.problem = problem
        self.weights = problem.weights
        self.scale = MICRO / problem.weights.total
        self.quality_best = {person: value - problem.placement_weight * MICRO for person, value in best.items()}
        self.dissimilarity_best = best_dissimilarities(problem, part)
        people_bits = bitset.from_indices(part)
        self.spare_weight = problem.weights.spare_window * self.scale
        self.size_losses = {person: self._size_losses(person) for person in best}
        self.prefer_reach = {
            person: (problem.prefer_bits[person] & problem.compatible_bits[person] & people_bits).bit_count()
            for person in best
        }

    def root(self, person: int) -> _Node | None:
        joint = add_member(self.problem, EMPTY_GROUP, person)
        focus = int(self.problem.states_focus[person])
        return None if joint is None else _Node((person,), ((0.0, 0, 0.0),), focus, joint)

    def grown(self, node: _Node, person: int) -> _Node | None:
        """The node with `person` added, or None when the group could no longer meet."""
        joint = add_member(self.problem, node.joint, person)
        if joint is None:
            return None
        problem = self.problem
        specialties, prefer = problem.specialty_bits, problem.prefer_bits
        sums, own = [], [0.0, 0, 0.0]
        for member, (distance, preferred, met) in zip(node.members, node.sums):
            pair_distance = dissimilarity(specialties[member], specialties[person])
            pair_met = repeat_weight(problem, member, person) if self.weights.novelty else 0.0
            sums.append((distance + pair_distance, preferred + (prefer[member] >> person & 1), met + pair_met))
            own = [own[0] + pair_distance, own[1] + (prefer[person] >> member & 1), own[2] + pair_met]
        focus = node.focus + int(problem.states_focus[person])
        return _Node((*node.members, person), (*sums, tuple(own)), focus, joint)

    def value(self, node: _Node, size: int, margins: dict[int, float]) -> float:
        """The most the node's members can add to the reduced cost of a group of `size`: exact when `size`
        is the node's own, but for a micro-point against the group's rounding and the float sums."""
        problem, weights = self.problem, self.weights
        more = size - len(node.members)
        spare = weights.spare_window - self.spare_slack(node.joint.windows) / self.scale
        fixed = spare + weights.novelty + (weights.wish_total if more else 0.0)
        total = 1.0 + (0.0 if more else wishes_met(problem, list(node.members)) * self.scale)
        for member, (distance, preferred, met) in zip(node.members, node.sums):
            quality = weights.diversity * (distance + more * self.dissimilarity_best[member]) / (size - 1)
            if problem.prefer_count[member]:
                reachable = min(self.prefer_reach[member], preferred + more)
                quality += weights.prefer * reachable / problem.prefer_count[member]
            if problem.preferred_size_min[member] <= size <= problem.preferred_size_max[member]:
                quality += weights.size
            if problem.states_focus[member]:
                quality += weights.focus * (node.focus - 1 + more) / (size - 1)
            quality += fixed - weights.novelty * met / (size - 1)
            total += margins[member] + quality * self.scale
        return total

    def spare_slack(self, windows: int) -> float:
        """What the spare-window term of a group meeting within `windows` (one start at least) takes from
        every member's best (spare_window_term, as a scalar: this runs once per search step)."""
        return self.spare_weight * max(0.0, 1.0 - (windows.bit_count() - 1) / FULL_SPARE_STARTS)

    def _size_losses(self, person: int) -> list[float]:
        """Per group size, what the person's best loses for a size outside their preferred sizes (their
        best counts the size wish met whenever some allowed size meets it)."""
        problem = self.problem
        low, high = problem.preferred_size_min[person], problem.preferred_size_max[person]
        wish_possible = low <= problem.group_size_max and high >= problem.group_size_min
        loss = self.weights.size * self.scale if wish_possible else 0.0
        return [0.0 if low <= size <= high else loss for size in range(problem.group_size_max + 1)]

    def joining_loss(self, node: _Node, person: int) -> float:
        """What a person joining the node is sure to lose against the best of them and of the members (at
        their best partner's dissimilarity, every other member stating a focus), as a numerator over the
        group's size less one: the diversity short of the best, and the focus of those who stated none."""
        problem, weights = self.problem, self.weights
        specialties = problem.specialty_bits
        short = 0.0
        for member in node.members:
            pair = dissimilarity(specialties[member], specialties[person])
            short += self.dissimilarity_best[member] + self.dissimilarity_best[person] - 2 * pair
        unfocused = len(node.members) - node.focus if problem.states_focus[person] else 0
        return (weights.diversity * short + weights.focus * unfocused) * self.scale


class _MeanSearch:
    """Branch and bound for the largest mean reduced cost over feasible groups containing one person.
    Neighbours get local indices in decreasing w, so the largest reachable w are the lowest bits of a
    candidate set. A group's members are valued by their actual pair terms (_Terms.value), the members
    still to come by w, the next one of them less what its size wishes, its focus, its diversity and its
    meeting times are sure to lose; a complete group by its exact value. Without `pair_terms` every
    member is valued by w, which bounds the same mean more loosely at a fraction of the cost."""

    def __init__(self, terms: _Terms, person: int, neighbour_bits: int, w: dict[int, float], pair_terms: bool):
        self.terms = terms
        self.pair_terms = pair_terms
        self.w_of = w
        self.problem = terms.problem
        self.person = person
        self.neighbour_bits = neighbour_bits
        self.people = sorted(bitset.indices(neighbour_bits), key=lambda other: (-w[other], other))
        self.w = [w[other] for other in self.people]
        self.margins = {other: w[other] - terms.quality_best[other] for other in (person, *self.people)}
        self.local: dict[int, int] = {}
        self.compatible: dict[int, int] = {}
        self.best = 0.0
        self.best_group: tuple[int, ...] | None = None
        self.nodes = 0
        self.steps = len(self.people)

    def run(self, node_limit: int) -> tuple[float, tuple[int, ...] | None]:
        """Searches only when the root's bound leaves room above 0; a search cut short keeps the bound of
        what it left unsearched."""
        everyone = (1 << len(self.people)) - 1
        root = self.terms.root(self.person)
        if root is None:
            return 0.0, None
        root_bound = self._bound(self._member_values(root), 1, self._spare_slack(root), everyone)
        if root_bound <= 0 or node_limit == 0:
            return root_bound, None
        self.local = {other: index for index, other in enumerate(self.people)}
        unsearched = self._search(root, everyone, node_limit)
        return max(self.best, unsearched), self.best_group

    def _compatible(self, index: int) -> int:
        """The neighbours compatible with neighbour `index`, as local bits (built when first needed)."""
        if index not in self.compatible:
            others = bitset.indices(self.problem.compatible_bits[self.people[index]] & self.neighbour_bits)
            self.compatible[index] = sum(1 << self.local[other] for other in others)
            self.steps += len(others) // 4
        return self.compatible[index]

    def _member_values(self, node: _Node) -> list[float]:
        """The members' most, per size of group the node can still grow into."""
        sizes = range(len(node.members) + 1, self.problem.group_size_max + 1)
        if not self.pair_terms:
            return [sum(self.w_of[member] for member in node.members)] * len(sizes)
        self.steps += len(node.members) * len(sizes)
        return [self.terms.value(node, size, self.margins) for size in sizes]

    def _value(self, node: _Node) -> float:
        if not self.pair_terms:
            return sum(self.w_of[member] for member in node.members)
        return self.terms.value(node, len(node.members), self.margins)

    def _spare_slack(self, node: _Node) -> float:
        return self.terms.spare_slack(node.joint.windows) if self.pair_terms else 0.0

    def _bound(
        self,
        member_values: list[float],
        size: int,
        slack: float,
        candidates: int,
        first: _Joining | None = None,
    ) -> float:
        """The best mean of a group grown from `size` members by candidates (`first` among them): per
        size, the members' most plus the largest w of as many candidates, less the spare window every
        one of them is sure to lose, and less what `first` is sure to lose."""
        best, added = -np.inf, 0.0
        for grown_size, members_value in enumerate(member_values, start=size + 1):
            if first is not None and grown_size == size + 1:
                added += first.w - slack
            elif candidates:
                lowest = candidates & -candidates
                candidates ^= lowest
                added += self.w[lowest.bit_length() - 1] - slack
            else:
                break
            if grown_size >= self.problem.group_size_min:
                mean = (members_value + added) / grown_size
                best = max(best, mean if first is None else mean - first.loss(grown_size))
        return best

    def _joining(self, node: _Node, index: int, slack: float) -> _Joining:
        if not self.pair_terms:
            return _Joining(self.w[index])
        person = self.people[index]
        self.steps += len(node.members)
        windows = node.joint.windows & self.problem.window_bits[person]
        drop = self.terms.spare_slack(windows) - slack
        return _Joining(self.w[index], self.terms.size_losses[person], self.terms.joining_loss(node, person), drop)

    def _search(self, node: _Node, candidates: int, limit: int) -> float:
        """Depth first from `node`: -inf when its subtree was searched in full, else a bound on the mean
        of the groups the node limit left unsearched. Candidates come in decreasing w, so once the next
        one's bound before its sure losses is no better than the best, no later one is either."""
        self.nodes += 1
        self.steps += 1
        problem = self.problem
        size = len(node.members)
        if size >= problem.group_size_min and _feasible(problem, list(node.members), node.joint):
            mean = self._value(node) / size
            if mean > self.best:
                self.best, self.best_group = mean, tuple(sorted(node.members))
        if size == problem.group_size_max or not candidates:
            return -np.inf
        member_values = self._member_values(node)
        slack = self._spare_slack(node)
        if self.nodes > limit:
            return self._bound(member_values, size, slack, candidates)
        while candidates:
            lowest = candidates & -candidates
            candidates ^= lowest
            index = lowest.bit_length() - 1
            self.steps += 1
            if self._bound(member_values, size, slack, candidates, _Joining(self.w[index])) <= self.best:
                return -np.inf
            rest = candidates & self._compatible(index)
            if self._bound(member_values, size, slack, rest, self._joining(node, index, slack)) <= self.best:
                continue
            child = self.terms.grown(node, self.people[index])
            if child is None:
                continue
            unsearched = self._search(child, rest, limit)
            if unsearched > -np.inf:
                return max(unsearched, self._bound(member_values, size, slack, candidates))
        return -np.inf


class _Joining(NamedTuple):
    """The next member of a group being grown: their w, and what joining is sure to cost against the
    best the bound assumed for them and for the members: their size wish per group size, the diversity
    and focus lost over the group's size less one, and the spare window every member loses."""

    w: float
    size_losses: list[float] | None = None
    shared: float = 0.0
    drop: float = 0.0

    def loss(self, size: int) -> float:
        """Per member, in a group of `size`."""
        if self.size_losses is None:
            return 0.0
        return (self.size_losses[size] + self.shared / (size - 1)) / size + self.drop


def priced_bound(problem: Problem, part: list[int], start: list[tuple[int, ...]], budget: Budget) -> PricedBound:
    """The Lagrangian bound of the part's packing LP after column generation from the groups `start`
    (a known packing): heuristic pricing while it finds columns, exact pricing when it does not or when
    the budget's work or the rounds run out. Stopped early (a stop request, the clock), every person left
    keeps the bound of their search's root, so a bound is always found."""
    pricing = _Pricing(problem, part)
    master = MasterProblem(len(part), [])
    zero = np.zeros(len(part))
    adding = _positive(problem, part, pricing, set(start) | _heuristic(pricing, pricing.weights(zero), budget), zero)
    known: set[tuple[int, ...]] = set()
    bound, rounds = np.inf, 0
    while True:
        for members, value_micro in adding:
            master.add(np.array([pricing.row[member] for member in members]), value_micro / 1e6)
            known.add(members)
        pricing.steps += sum(len(members) for members, _ in adding)
        rounds += 1
        prices, _ = master.prices_micro()
        w = pricing.weights(prices)
        out_of_budget = _out_of_budget(pricing, rounds, budget)
        adding = (
            [] if out_of_budget else _positive(problem, part, pricing, _heuristic(pricing, w, budget) - known, prices)
        )
        if adding:
            continue
        lagrangian, groups = _exact(pricing, w, prices, budget)
        bound = min(bound, lagrangian)
        adding = _positive(problem, part, pricing, groups - known, prices)
        if not adding or _out_of_budget(pricing, rounds, budget):
            work = pricing.steps / SETTINGS.steps_per_unit
            budget.control.spend(work)
            return PricedBound(int(np.floor(bound)), rounds, len(known), work)


def _out_of_budget(pricing: _Pricing, rounds: int, budget: Budget) -> bool:
    if rounds >= SETTINGS.max_rounds or pricing.steps / SETTINGS.steps_per_unit >= budget.work * SETTINGS.rounds_share:
        return True
    return _stopped(budget)


def _stopped(budget: Budget) -> bool:
    """A stop request or the budget's deadline (which the control then hears cut the search short)."""
    if budget.control.should_stop():
        return True
    if time.monotonic() >= budget.deadline:
        budget.control.note_clock_stop()
        return True
    return False


def _heuristic(pricing: _Pricing, w: dict[int, float], budget: Budget) -> set[tuple[int, ...]]:
    """A group grown from each person of positive w, until the budget's work or clock runs out: one pass
    over a part of 100,000 people ran ten minutes past its time limit."""
    groups = set()
    for person in pricing.people:
        if _spent(pricing, budget):
            break
        if w[person] > 0 and (group := pricing.greedy_group(person, w)) is not None:
            groups.add(group)
    return groups


def _exact(
    pricing: _Pricing, w: dict[int, float], prices: np.ndarray, budget: Budget
) -> tuple[float, set[tuple[int, ...]]]:
    """Σ π + Σ max(0, ρ_i), and the best groups found: every person's ρ_i first valuing members by w
    (only its root's once stopped or out of work), then by their pair terms, the largest ρ_i first, while
    the work lasts."""
    means, groups = {}, set()
    node_limit = SETTINGS.nodes_per_person
    for person in pricing.people:
        node_limit = 0 if node_limit and _spent(pricing, budget) else node_limit
        means[person], group = pricing.best_mean(person, w, node_limit, pair_terms=False)
        groups.add(group)
    for person in sorted(means, key=lambda person: (-means[person], person)):
        if means[person] <= 0 or _spent(pricing, budget):
            break
        mean, group = pricing.best_mean(person, w, SETTINGS.nodes_per_person, pair_terms=True)
        means[person] = min(means[person], mean)
        groups.add(group)
    groups.discard(None)
    return float(prices.sum()) + SETTINGS.slack_micro + sum(max(0.0, mean) for mean in means.values()), groups


def _spent(pricing: _Pricing, budget: Budget) -> bool:
    return pricing.steps / SETTINGS.steps_per_unit >= budget.work or _stopped(budget)


def _positive(
    problem: Problem, part: list[int], pricing: _Pricing, groups: set[tuple[int, ...]], prices: np.ndarray
) -> list[tuple[tuple[int, ...], int]]:
    """The groups whose reduced cost at `prices` is positive, with their values."""
    ordered = sorted(groups)
    if not ordered:
        return []
    values = score_columns(problem, part, ordered).value_micro
    reduced = values - np.array([prices[[pricing.row[m] for m in members]].sum() for members in ordered])
    return [(members, int(value)) for members, value, rc in zip(ordered, values, reduced) if rc > SETTINGS.slack_micro]
