"""Every feasible group among a set of people, found by depth-first extension.

Members are added in increasing index order, each one compatible with all earlier ones, while the
joint masks stay non-empty; a group is recorded from the minimum size on when it can meet. The count
grows quickly with density, so enumeration stops at `limit` groups or at a deadline and says so: the
caller then treats the piece as too large for the exact model.
"""

from __future__ import annotations

import time

from groupformer import bitset
from groupformer.problem import Problem
from groupformer.search.composition import composition_allows
from groupformer.search.joint import EMPTY_GROUP, JointMasks, add_member, can_meet

CLOCK_CHECK_EVERY = 4096


class TooManyCandidates(Exception):
    pass


class EnumerationTimedOut(TooManyCandidates):
    """Stopped by the wall clock rather than the count, so the caller can say the clock cut it short."""


def enumerate_groups(
    problem: Problem, people: list[int], limit: int, deadline: float | None = None
) -> list[tuple[int, ...]]:
    """All feasible groups inside `people`; raises TooManyCandidates past `limit` groups or past the
    deadline (time.monotonic)."""
    people_bits = bitset.from_indices(people)
    found: list[tuple[int, ...]] = []
    for person in sorted(people):
        joint = add_member(problem, EMPTY_GROUP, person)
        if joint is not None:
            later = _after(problem.compatible_bits[person] & people_bits, person)
            _extend(problem, [person], joint, later, found, limit, deadline)
    return found


def some_group_with(problem: Problem, person: int) -> tuple[int, ...] | None:
    """One feasible group containing `person`, ignoring who is placed where, or None if there is none."""
    return some_group_among(problem, person, -1)


def some_group_among(problem: Problem, person: int, others_bits: int) -> tuple[int, ...] | None:
    """One feasible group of `person` and people of `others_bits`, or None if there is none."""
    joint = add_member(problem, EMPTY_GROUP, person)
    found: list[tuple[int, ...]] = []
    if joint is not None:
        eligible = problem.compatible_bits[person] & others_bits
        try:
            _extend(problem, [person], joint, eligible, found, limit=0, deadline=None)
        except TooManyCandidates:
            return tuple(sorted(found[0]))
    return None


def _after(bits: int, index: int) -> int:
    return bits >> (index + 1) << (index + 1)


def _extend(
    problem: Problem,
    members: list[int],
    joint: JointMasks,
    eligible: int,
    found: list[tuple[int, ...]],
    limit: int,
    deadline: float | None,
) -> None:
    if len(members) >= problem.group_size_min and can_meet(joint) and composition_allows(problem, members):
        found.append(tuple(members))
        if len(found) > limit:
            raise TooManyCandidates
        if deadline is not None and len(found) % CLOCK_CHECK_EVERY == 0 and time.monotonic() > deadline:
            raise EnumerationTimedOut
    if len(members) == problem.group_size_max:
        return
    for other in bitset.indices(eligible):
        extended = add_member(problem, joint, other)
        if extended is not None:
            members.append(other)
            later = _after(eligible, other) & problem.compatible_bits[other]
            _extend(problem, members, extended, later, found, limit, deadline)
            members.pop()
