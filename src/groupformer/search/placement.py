"""Ejection chains: place one more person by moving others one seat each, through as many groups as it takes.

Each placed person is worth more than any quality the others could lose (docs/objective.md), so a move
that places one more person always gains. LNS frees a few whole groups around someone unplaced and
re-solves them; a placement that needs a member of one group to move to a second, whose member moves to
a third, runs through more groups than a neighbourhood holds. A chain goes through one group at a time:
the unplaced person takes a seat in a group, ejecting at most one member; that member takes a seat in
another group, ejecting at most one; and so on, until someone takes a free seat or forms a new group
with people still unplaced. Chains are searched breadth first from each unplaced person, each person
ejected at most once, so one search is linear in the groups it reaches; the best of the shortest chains
found (by objective) is applied. Every intermediate group keeps every hard rule, checked as the judge
would: all pairs compatible, a common meeting, composition.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from groupformer import bitset
from groupformer.problem import Problem
from groupformer.search.candidates import some_group_among
from groupformer.search.columns import PartScorer
from groupformer.search.composition import composition_allows
from groupformer.search.control import Budget
from groupformer.search.joint import add_member, can_meet, joint_of
from groupformer.search.work import RATES


@dataclass(frozen=True)
class PlacementSettings:
    # people ejected in a row at most: longer chains are rare and the search grows with their length
    max_ejections: int = 4
    # complete chains compared per unplaced person before the best is applied (they differ in quality only)
    chains_compared: int = 8
    # rule checks one chain search may make (about 70 ms): among thousands of people its breadth grows
    # with everyone's partners, and the work budget is only looked at between searches
    checks_per_search: int = 5000
    # new groups around an unplaced person enumerated, and tried (fewest people displaced first)
    new_groups_enumerated: int = 200
    # extensions one such enumeration may try (about 60 ms): partners who cannot meet together cost tries
    extensions_per_enumeration: int = 10_000
    new_groups_tried: tuple[int, ...] = (20, 5, 3)
    # what the other steps cost, in rule checks (each about 14 µs): extending a group by one member (6 µs
    # with the recursion), copying a state (0.17 µs a person), scoring changed groups (0.45 ms a call)
    checks_per_extension: float = 0.4
    checks_per_person_copied: float = 0.012
    checks_per_scoring: float = 30.0
    # new groups around a displaced person, within a new group around an unplaced one, at most this deep
    regroup_depth: int = 2


SETTINGS = PlacementSettings()


@dataclass
class PlacementStats:
    searches: int = 0
    placed: int = 0
    work: float = 0.0


@dataclass(frozen=True)
class _Node:
    """A homeless person in the breadth-first search: the unplaced person at the root (`group` -1), else
    a member of `group` whose seat the person of node `parent` takes."""

    person: int
    group: int
    parent: int


@dataclass(frozen=True)
class _Move:
    """`person` takes a seat in group `group`, where `ejected` (or -1) leaves it; or with `group` -1, the
    people of `formed` (the person among them) form a new group."""

    person: int
    group: int
    ejected: int = -1
    formed: tuple[int, ...] = ()


class _Groups:
    """The current groups of a part, with the bitsets a chain's checks need."""

    def __init__(self, problem: Problem, part: list[int], groups: list[tuple[int, ...]]):
        self.problem = problem
        self.members = [list(members) for members in groups]
        self.bits = [bitset.from_indices(members) for members in groups]
        self.group_of = {member: index for index, members in enumerate(groups) for member in members}
        self.unplaced_bits = bitset.from_indices(part) & ~bitset.from_indices(self.group_of)

    def copy(self) -> _Groups:
        twin = copy.copy(self)
        twin.members = [list(members) for members in self.members]
        twin.bits = list(self.bits)
        twin.group_of = dict(self.group_of)
        return twin

    def allowed(self, members: list[int]) -> bool:
        """Every group-level rule holds (pairs are checked by the caller, on bitsets)."""
        joint = joint_of(self.problem, members)
        return joint is not None and can_meet(joint) and composition_allows(self.problem, members)

    def neighbour_groups(self, person: int) -> list[int]:
        """Groups holding someone the person is compatible with: the only ones they could join."""
        partners = bitset.indices(self.problem.compatible_bits[person] & ~self.unplaced_bits)
        return sorted({self.group_of[partner] for partner in partners if partner in self.group_of})

    def after(self, move: _Move) -> list[int]:
        """The members of the move's group once it is made."""
        if move.group < 0:
            return list(move.formed)
        return [member for member in self.members[move.group] if member != move.ejected] + [move.person]

    def apply(self, chain: list[_Move]) -> None:
        for move in chain:
            members = self.after(move)
            if move.group < 0:
                self.members.append(members)
                self.bits.append(0)
            group = move.group if move.group >= 0 else len(self.members) - 1
            self.members[group] = members
            self.bits[group] = bitset.from_indices(members)
            self.group_of.pop(move.ejected, None)
            for member in members:
                self.group_of[member] = group
            self.unplaced_bits &= ~self.bits[group]

    def take_out(self, people: tuple[int, ...]) -> list[int]:
        """Take `people` out of their groups; a group left too small or unable to meet is dissolved, and
        its other members are returned (they need seats again)."""
        homeless = []
        for group in sorted({self.group_of[person] for person in people if person in self.group_of}):
            rest = [member for member in self.members[group] if member not in people]
            if len(rest) < self.problem.group_size_min or not self.allowed(rest):
                homeless += rest
                rest = []
            for member in self.members[group]:
                if member not in rest:
                    del self.group_of[member]
                    self.unplaced_bits |= 1 << member
            self.members[group] = rest
            self.bits[group] = bitset.from_indices(rest)
        return homeless

    def placed(self) -> int:
        return len(self.group_of)

    def groups(self) -> list[tuple[int, ...]]:
        return sorted(tuple(sorted(members)) for members in self.members if members)


class _ChainSearch:
    """Breadth-first chains from one unplaced person, counting each rule check as work."""

    def __init__(self, problem: Problem, rng: np.random.Generator, spend: Callable[[float], None]):
        self.problem = problem
        self.rng = rng
        self.spend = spend

    def chains(self, state: _Groups, start: int) -> list[list[_Move]]:
        """Complete chains of the fewest ejections that place `start`, at most `chains_compared` of them."""
        self.checks_left = SETTINGS.checks_per_search
        nodes = [_Node(start, -1, -1)]
        ejected = {start}
        found: list[list[_Move]] = []
        layer = [0]
        for _ in range(SETTINGS.max_ejections + 1):
            following: list[int] = []
            for index in layer:
                self._expand(state, index, nodes, ejected, following, found)
                if len(found) >= SETTINGS.chains_compared:
                    return found
            if found or not following:
                return found
            layer = following
        return found

    def _expand(self, state: _Groups, index: int, nodes: list[_Node], ejected: set[int], following, found) -> None:
        """Seats for the homeless person of node `index`: a free seat or a new group with people still
        unplaced ends a chain; taking a member's seat continues it with that member."""
        person = nodes[index].person
        path = self._moves(index, nodes)
        formed = self._new_group(state, person, nodes[0].person if path else -1)
        if formed is not None:
            found.append(path + [_Move(person, -1, formed=formed)])
        used = {move.group for move in path}
        groups = [group for group in state.neighbour_groups(person) if group not in used]
        for position in self.rng.permutation(len(groups)).tolist():
            if len(found) >= SETTINGS.chains_compared or self.checks_left <= 0:
                return
            group = groups[position]
            members = state.members[group]
            clash = state.bits[group] & ~self.problem.compatible_bits[person]
            if clash.bit_count() > 1:
                continue
            seat = _Move(person, group)
            if not clash and len(members) < self.problem.group_size_max and self._allowed(state, seat):
                found.append(path + [seat])
                continue
            for member in bitset.indices(clash) if clash else list(members):
                if member not in ejected and self._allowed(state, _Move(person, group, member)):
                    ejected.add(member)
                    nodes.append(_Node(member, group, index))
                    following.append(len(nodes) - 1)

    def _allowed(self, state: _Groups, move: _Move) -> bool:
        self.checks_left -= 1
        self.spend(1)
        return state.allowed(state.after(move))

    def _new_group(self, state: _Groups, person: int, seated: int) -> tuple[int, ...] | None:
        """A group of the person and people still unplaced (but `seated`, already given a seat), if any."""
        free = state.unplaced_bits & ~(1 << person) & ~(1 << seated if seated >= 0 else 0)
        if (self.problem.compatible_bits[person] & free).bit_count() + 1 < self.problem.group_size_min:
            return None
        self.spend(1)
        return some_group_among(self.problem, person, free)

    @staticmethod
    def _moves(index: int, nodes: list[_Node]) -> list[_Move]:
        """The seats taken from the root to node `index`: each node's seat goes to its parent's person."""
        moves = []
        while nodes[index].parent >= 0:
            node = nodes[index]
            moves.append(_Move(nodes[node.parent].person, node.group, node.person))
            index = node.parent
        return moves[::-1]


class _Placer:
    """Places one unplaced person at a time: by a chain, else by a new group around them."""

    def __init__(self, problem: Problem, part: list[int], rng: np.random.Generator, spend: Callable[[float], None]):
        self.problem = problem
        self.scorer = PartScorer(problem, part)
        self.part_bits = bitset.from_indices(part)
        self.spend = spend
        self.search = _ChainSearch(problem, rng, spend)

    def place(self, state: _Groups, person: int) -> _Groups | None:
        """A state with more people placed, `person` among them, or None: by the best chain, else by
        the best new group around them."""
        trials = self._chained(state, person) or self._around(state, person, 0)
        return self._best(state, trials)

    def _chained(self, state: _Groups, person: int) -> list[_Groups]:
        trials = []
        for chain in self.search.chains(state, person):
            trial = state.copy()
            trial.apply(chain)
            trials.append(trial)
        self.spend(len(trials) * len(state.group_of) * SETTINGS.checks_per_person_copied)
        return trials

    def _around(self, state: _Groups, person: int, depth: int) -> list[_Groups]:
        """New groups of the smallest size around `person` taking people from other groups, each
        followed by seating again the members of the groups it leaves too small: so one person left out
        there is outweighed when seating another places someone more."""
        found = []
        for formed in self._new_groups(state, person, depth):
            if len(found) >= SETTINGS.chains_compared:
                break
            trial = state.copy()
            self.spend(len(state.group_of) * SETTINGS.checks_per_person_copied)
            homeless = trial.take_out(formed)
            trial.apply([_Move(person, -1, formed=formed)])
            trial = self._seat_all(trial, homeless, depth)
            if trial.placed() > state.placed():
                found.append(trial)
        return found

    def _seat_all(self, state: _Groups, homeless: list[int], depth: int) -> _Groups:
        """The state with as many of `homeless` seated again as one move each can seat: the best of the
        chains and (up to `regroup_depth` deep) of the new groups around them, which may place others too."""
        for person in homeless:
            if state.unplaced_bits >> person & 1:
                trials = self._chained(state, person)
                if depth < SETTINGS.regroup_depth:
                    trials += self._around(state, person, depth + 1)
                state = self._best(state, trials) or state
        return state

    def _new_groups(self, state: _Groups, person: int, depth: int) -> list[tuple[int, ...]]:
        """Groups of the smallest size with `person` among their compatible partners, fewest people
        displaced first, at most `new_groups_tried` of them."""
        found: list[tuple[int, ...]] = []
        partners = self.problem.compatible_bits[person] & self.part_bits & ~(1 << person)
        tries_left = [SETTINGS.extensions_per_enumeration]
        _groups_of_size(self.problem, [person], joint_of(self.problem, [person]), partners, found, tries_left)
        self.spend((SETTINGS.extensions_per_enumeration - tries_left[0]) * SETTINGS.checks_per_extension)
        order = sorted(range(len(found)), key=lambda index: (self._displaced(state, found[index]), index))
        return [found[index] for index in order[: SETTINGS.new_groups_tried[depth]]]

    def _displaced(self, state: _Groups, formed: tuple[int, ...]) -> int:
        """The groups it takes from, and the members of those it leaves too small."""
        taken: dict[int, int] = {}
        for member in formed:
            if member in state.group_of:
                taken[state.group_of[member]] = taken.get(state.group_of[member], 0) + 1
        displaced = 0
        for group, count in taken.items():
            rest = len(state.members[group]) - count
            displaced += 0 if rest >= self.problem.group_size_min else rest
        return displaced + len(taken)

    def _best(self, base: _Groups, trials: list[_Groups]) -> _Groups | None:
        """The trial of the highest objective; only the groups that differ from `base` are scored, all
        trials' at once (numpy's cost is per call)."""
        if not trials:
            return None
        changes = [_changed(base, trial) for trial in trials]
        scored = [group for before, after in changes for group in before + after]
        self.spend(SETTINGS.checks_per_scoring)
        quality = self.scorer.quality(scored).tolist()
        gains, at = [], 0
        for trial, (before, after) in zip(trials, changes):
            lost = sum(quality[at : at + len(before)])
            at += len(before)
            gained = sum(quality[at : at + len(after)])
            at += len(after)
            gains.append(self.problem.placement_weight * (trial.placed() - base.placed()) + gained - lost)
        return trials[int(np.argmax(gains))]


def _changed(base: _Groups, trial: _Groups) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """The groups of `base` that `trial` changed, and what they and its new groups became (empty ones
    left out)."""
    before, after = [], []
    for index, members in enumerate(trial.members):
        old = base.members[index] if index < len(base.members) else []
        if members != old:
            before += [tuple(old)] if old else []
            after += [tuple(members)] if members else []
    return before, after


def _groups_of_size(problem, members, joint, eligible, found, tries_left: list[int]) -> None:
    """Feasible groups of the smallest size extending `members` with people of `eligible`, until
    `new_groups_enumerated` are found or the extensions it may try (`tries_left[0]`) run out."""
    if len(members) == problem.group_size_min:
        if can_meet(joint) and composition_allows(problem, members):
            found.append(tuple(sorted(members)))
        return
    for other in bitset.indices(eligible):
        if len(found) >= SETTINGS.new_groups_enumerated or tries_left[0] <= 0:
            return
        tries_left[0] -= 1
        extended = add_member(problem, joint, other)
        if extended is not None:
            later = (eligible >> (other + 1) << (other + 1)) & problem.compatible_bits[other]
            _groups_of_size(problem, members + [other], extended, later, found, tries_left)


def place_more(
    problem: Problem, part: list[int], groups: list[tuple[int, ...]], rng: np.random.Generator, budget: Budget
) -> tuple[list[tuple[int, ...]], PlacementStats]:
    """Places unplaced people one at a time (random order), each by the best of the chains or new
    groups found around them, until a whole pass places nobody, the budget's work is done (repeatable),
    a stop request or the budget's deadline."""
    state = _Groups(problem, part, groups)
    stats = PlacementStats()
    control = budget.linked().control

    def spend(checks: float) -> None:
        work = checks / RATES.placement_checks_per_unit
        stats.work += work
        control.spend(work)

    placer = _Placer(problem, part, rng, spend)
    placed_in_pass = True
    while placed_in_pass:
        placed_in_pass = False
        for person in rng.permutation(bitset.indices(state.unplaced_bits)).tolist():
            if stats.work >= budget.work or control.should_stop():
                return state.groups(), stats
            if not state.unplaced_bits >> person & 1:
                continue
            stats.searches += 1
            better = placer.place(state, person)
            if better is not None:
                stats.placed += better.placed() - state.placed()
                state = better
                placed_in_pass = True
    return state.groups(), stats
