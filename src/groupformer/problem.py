"""The compiled problem: sign-ups reduced to arrays and integer bitsets, no pydantic, no I/O.

Every engine works on this one immutable object. Bitsets are Python integers: bit k of
`window_bits[i]` says participant i can attend a meeting starting at slot k, bit j of
`compatible_bits[i]` says i and j may share a group as far as any pair of rules can tell.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class OpenGroupSeats:
    """A group that already meets at `slot`: who may join it (`eligible_bits`), how many may, and how
    many must for it to reach the minimum size (else it dissolves and its members are placed again)."""

    id: str
    members: tuple[int, ...]
    slot: int
    eligible_bits: int
    seats: int
    needed: int


@dataclass(frozen=True)
class CompositionCheck:
    """One composition rule: a group holds at least `at_least` and never exactly `not_exactly` of the
    people in `holders` (0 disables either), and the mean of `values` over its members who gave one (NaN
    for the others) lies in [low, high]."""

    holders: int
    at_least: int
    not_exactly: int
    values: np.ndarray | None
    low: float
    high: float


@dataclass(frozen=True)
class ActiveWeights:
    """The weights of the objective's terms as they count for this instance (docs/objective.md): novelty
    is 0 without a history to be novel against, and a wish weight is 0 where its rule is a rule."""

    diversity: float = 0.0
    prefer: float = 0.0
    size: float = 0.0
    focus: float = 0.0
    spare_window: float = 0.0
    novelty: float = 0.0
    style_wish: float = 0.0
    frequency_wish: float = 0.0
    focus_wish: float = 0.0

    @property
    def wish_total(self) -> float:
        """The most wishes can add for one member."""
        return self.style_wish + self.frequency_wish + self.focus_wish

    @cached_property
    def total(self) -> float:
        """The quality scale: weighted points are divided by it, so a member meeting every term adds 1."""
        return sum(astuple(self))


@dataclass(frozen=True)
class Problem:
    ids: tuple[str, ...]
    group_size_min: int
    group_size_max: int
    meeting_minutes: int
    slot_minutes: int
    reference_week: str
    # per participant: which meeting starts (slots of the UTC reference week) they can attend,
    # as a boolean row and as a bitset
    window_mask: np.ndarray
    window_bits: tuple[int, ...]
    # per participant: bitsets of accepted values (an empty list in the sign-up means all bits set);
    # focus bit k is focus_values[k], and the extra bit len(focus_values) is the null focus, accepted
    # only by those who stated no focus
    modality_mask: np.ndarray
    style_mask: np.ndarray
    frequency_mask: np.ndarray
    focus_bits: tuple[int, ...]
    states_focus: np.ndarray
    focus_values: tuple[str, ...]
    # per participant: the members who could host an in-person meeting within their travel radius
    host_bits: tuple[int, ...]
    coordinates: np.ndarray
    max_travel_km: np.ndarray
    # pairwise rules: conflicts (avoid both ways, tag clashes) and overall compatibility
    conflict_bits: tuple[int, ...]
    compatible_bits: tuple[int, ...]
    # scoring inputs
    specialty_bits: tuple[int, ...]
    prefer_bits: tuple[int, ...]
    prefer_count: np.ndarray
    preferred_size_min: np.ndarray
    preferred_size_max: np.ndarray
    weights: ActiveWeights
    # pairs (first < second) who met in past rounds, and how strongly (compile/history.py)
    repeat_weights: dict[tuple[int, int], float]
    # fixed groups: at most len(group_bounds) groups, each filling its own fixed group g of between
    # group_bounds[g][0] and group_bounds[g][1] members (settings.groups; group_size_min/max are then the
    # smallest and largest bounds), named group_ids[g]
    group_bounds: tuple[tuple[int, int], ...] | None = None
    group_ids: tuple[str, ...] | None = None
    # groups that already meet (compile/open_groups.py): their members stay, newcomers may take seats
    open_groups: tuple[OpenGroupSeats, ...] = ()
    # policy (compile/policy.py): the members' own accept-lists for rules that are wishes (the masks
    # above then accept everything), and composition rules every group must follow
    style_wanted: np.ndarray | None = None
    frequency_wanted: np.ndarray | None = None
    focus_wanted_bits: tuple[int, ...] = ()
    composition: tuple[CompositionCheck, ...] = ()
    # people whose pairs compiling had no time left to compare (compile_problem's deadline): compatible
    # with nobody, so never placed, and told why
    uncompared_bits: int = 0
    # in one part's slice (search/part_tasks.py): the whole sign-up's size, which the placement weight
    # stays, so that parts solved apart are valued on one scale (0: this is the whole sign-up)
    signup_size: int = 0

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def placement_weight(self) -> int:
        """Each placed person is worth more than any quality the others could lose (docs/objective.md)."""
        return self.signup_size or len(self.ids)

    def accepts_remote(self, person: int) -> bool:
        return bool(self.modality_mask[person] & REMOTE_BIT)

    def accepts_in_person(self, person: int) -> bool:
        return bool(self.modality_mask[person] & IN_PERSON_BIT)


IN_PERSON_BIT = 1
REMOTE_BIT = 2
