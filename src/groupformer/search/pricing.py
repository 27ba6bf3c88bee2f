"""An LP bound for parts too large to enumerate: column generation whose columns come from a pricing
search over the compatibility graph instead of from a list of every group.

The restricted master LP (GLOP, relaxation.MasterProblem) packs the groups found so far; its dual price
π_i ≥ 0 per person gives each group g a reduced cost rc(g) = value(g) − Σ_{i in g} π_i. Heuristic
pricing grows one group from each person, adding the compatible neighbour of largest
w_m = placement + best conceivable quality of m (bound.person_bounds_micro) − π_m; its groups of positive
reduced cost join the master. When it finds none, exact pricing bounds, per person i, the best mean
reduced cost ρ_i = max over feasible groups g containing i of rc(g) / |g|, by a branch and bound over i's
compatible neighbours (members added in one order, the joint masks kept as candidates.py does, pruned
by the sum of the largest w still reachable); a search cut short by its node limit keeps its root's
bound, so ρ_i is always an upper bound. Its best groups join the master too.

The bound does not trust the LP solver. For any prices π ≥ 0 and any packing x, every chosen group's
reduced cost is its members' mean reduced cost times its size, so
value(x) = Σ_{g in x} rc(g) + Σ_{i placed} π_i ≤ Σ_{i placed} (ρ_i + π_i) ≤ Σ_i π_i + Σ_i max(0, ρ_i).
That Lagrangian bound holds after every exact pricing pass, whether or not the LP has converged; at
convergence with every search finished it equals the LP optimum. Group quality is rounded per group to
the micro-point and the person bounds are rounded up, so the sums need no more slack than the LP's.
Rows for fixed groups are left out of this master: a relaxation with fewer rows still bounds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from groupformer import bitset
from groupformer.problem import Problem
from groupformer.search.bound import person_bounds_micro
from groupformer.search.columns import score_columns
from groupformer.search.composition import composition_allows
from groupformer.search.control import Budget
from groupformer.search.joint import EMPTY_GROUP, JointMasks, add_member, can_meet
from groupformer.search.relaxation import MasterProblem


@dataclass(frozen=True)
class PricingSettings:
    # rounds of column generation at most: the bound holds after any exact pass, later ones tighten it
    max_rounds: int = 40
    # branch-and-bound nodes per person in exact pricing before it keeps its root's bound
    nodes_per_person: int = 400
    # micro-points a column's reduced cost must exceed to join the master (GLOP's tolerances)
    slack_micro: float = 2.0
    # search nodes, heuristic growth steps and LP memberships per work unit (about 1 s on national-500)
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

    def best_mean(self, person: int, w: dict[int, float], node_limit: int) -> tuple[float, tuple[int, ...] | None]:
        """An upper bound on the best mean w over feasible groups containing `person`, and the best
        group found (exact when the search ends within `node_limit` nodes)."""
        search = _MeanSearch(self.problem, person, self.problem.compatible_bits[person] & self.people_bits, w)
        result = search.run(node_limit)
        self.steps += search.nodes
        return result


def _feasible(problem: Problem, members: list[int], joint: JointMasks | None) -> bool:
    return joint is not None and can_meet(joint) and composition_allows(problem, members)


class _MeanSearch:
    """Branch and bound for the largest mean w over feasible groups containing one person. Neighbours get
    local indices in decreasing w, so the largest reachable w are the lowest bits of a candidate set."""

    def __init__(self, problem: Problem, person: int, neighbour_bits: int, w: dict[int, float]):
        self.problem = problem
        self.person = person
        self.neighbour_bits = neighbour_bits
        self.people = sorted(bitset.indices(neighbour_bits), key=lambda other: (-w[other], other))
        self.w = [w[other] for other in self.people]
        self.w_person = w[person]
        self.compatible: list[int] = []
        self.best = 0.0
        self.best_group: tuple[int, ...] | None = None
        self.nodes = len(self.people)

    def run(self, node_limit: int) -> tuple[float, tuple[int, ...] | None]:
        """Searches only when the root's bound leaves room above 0 (building the neighbours' compatibility
        costs their number squared)."""
        everyone = (1 << len(self.people)) - 1
        root_bound = self._bound(1, self.w_person, everyone)
        joint = add_member(self.problem, EMPTY_GROUP, self.person)
        if root_bound <= self.best or joint is None or node_limit == 0:
            return (self.best if root_bound <= self.best or joint is None else root_bound), None
        local = {other: index for index, other in enumerate(self.people)}
        self.compatible = [
            sum(1 << local[n] for n in bitset.indices(self.problem.compatible_bits[other] & self.neighbour_bits))
            for other in self.people
        ]
        self.nodes += len(self.people) ** 2 // 8
        limit = self.nodes + node_limit
        complete = self._search([], self.w_person, joint, everyone, limit)
        return (self.best if complete else max(self.best, root_bound)), self.best_group

    def _bound(self, size: int, total: float, candidates: int) -> float:
        """The best mean any completion can reach: the largest w of the candidates, one more at a time."""
        problem = self.problem
        best = total / size if size >= problem.group_size_min else -np.inf
        for _ in range(problem.group_size_max - size):
            if not candidates:
                break
            lowest = candidates & -candidates
            candidates ^= lowest
            size += 1
            total += self.w[lowest.bit_length() - 1]
            if size >= problem.group_size_min:
                best = max(best, total / size)
        return best

    def _search(self, members: list[int], total: float, joint: JointMasks, candidates: int, limit: int) -> bool:
        """Depth first from this node; False when the node limit cut it short."""
        self.nodes += 1
        if self.nodes > limit:
            return False
        problem = self.problem
        size = len(members) + 1
        group = [self.person, *(self.people[index] for index in members)]
        if size >= problem.group_size_min and total / size > self.best and _feasible(problem, group, joint):
            self.best = total / size
            self.best_group = tuple(sorted(group))
        if size == problem.group_size_max or self._bound(size, total, candidates) <= self.best:
            return True
        while candidates:
            lowest = candidates & -candidates
            candidates ^= lowest
            index = lowest.bit_length() - 1
            if self._bound(size + 1, total + self.w[index], candidates & self.compatible[index]) <= self.best:
                continue
            extended = add_member(problem, joint, self.people[index])
            if extended is None:
                continue
            if not self._search(
                [*members, index], total + self.w[index], extended, candidates & self.compatible[index], limit
            ):
                return False
        return True


def priced_bound(problem: Problem, part: list[int], start: list[tuple[int, ...]], budget: Budget) -> PricedBound:
    """The Lagrangian bound of the part's packing LP after column generation from the groups `start`
    (a known packing): heuristic pricing while it finds columns, exact pricing when it does not or when
    the budget's work or the rounds run out. Stopped early (a stop request, the clock), every person left
    keeps the bound of their search's root, so a bound is always found."""
    pricing = _Pricing(problem, part)
    master = MasterProblem(len(part), [])
    zero = np.zeros(len(part))
    adding = _positive(problem, part, pricing, set(start) | _heuristic(pricing, pricing.weights(zero)), zero)
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
        adding = [] if out_of_budget else _positive(problem, part, pricing, _heuristic(pricing, w) - known, prices)
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


def _heuristic(pricing: _Pricing, w: dict[int, float]) -> set[tuple[int, ...]]:
    groups = (pricing.greedy_group(person, w) for person in pricing.people if w[person] > 0)
    return {group for group in groups if group is not None}


def _exact(
    pricing: _Pricing, w: dict[int, float], prices: np.ndarray, budget: Budget
) -> tuple[float, set[tuple[int, ...]]]:
    """Σ π + Σ max(0, ρ_i) with every person's bound searched (only its root's once stopped or out of
    work), and the best groups found."""
    total, groups = float(prices.sum()) + SETTINGS.slack_micro, set()
    node_limit = SETTINGS.nodes_per_person
    for person in pricing.people:
        spent = pricing.steps / SETTINGS.steps_per_unit >= budget.work
        node_limit = 0 if node_limit and (spent or _stopped(budget)) else node_limit
        mean, group = pricing.best_mean(person, w, node_limit)
        total += max(0.0, mean)
        if group is not None:
            groups.add(group)
    return total, groups


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
