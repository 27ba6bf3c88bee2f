"""Fixed groups (settings.groups): which sets of formed groups fit them, and which fixed group each fills.

Each formed group needs a fixed group of its own whose size bounds hold the group's size. Sizes are points
and fixed groups are intervals, so whether a set of groups fits depends only on how many groups there are
of each size: a transport of those counts to the kinds of fixed group (distinct bounds) exists exactly
when an assignment does. The search adds that transport to its CP-SAT models; the final solution names
each group after the fixed group it fills.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class FixedGroups:
    bounds: tuple[tuple[int, int], ...]

    def assign(self, sizes: Sequence[int]) -> list[int] | None:
        """The fixed group each group fills (by index into `bounds`), or None when the groups do not fit.

        Groups are taken from the smallest up, each into the free fixed group holding its size with the
        lowest upper bound: one that could still take a later (larger) group is never used up when a
        tighter one would do, so this finds an assignment whenever one exists.
        """
        free = set(range(len(self.bounds)))
        assignment: list[int] = [0] * len(sizes)
        for group in sorted(range(len(sizes)), key=lambda group: sizes[group]):
            size = sizes[group]
            holding = [fixed for fixed in free if self.bounds[fixed][0] <= size <= self.bounds[fixed][1]]
            if not holding:
                return None
            fixed = min(holding, key=lambda fixed: (self.bounds[fixed][1], fixed))
            free.remove(fixed)
            assignment[group] = fixed
        return assignment

    def interval_limits(self) -> list[tuple[int, int, int]]:
        """(low, high, k) for every range of sizes: at most k groups, the fixed groups meeting the range,
        can have a size in it (necessary conditions, added to the linear relaxation); counted by kind of
        fixed group, so a group_count of alike groups costs no more than one."""
        kinds = Counter(self.bounds)
        smallest = min(low for low, _ in kinds)
        largest = max(high for _, high in kinds)
        return [
            (
                low,
                high,
                sum(count for (kind_low, kind_high), count in kinds.items() if kind_low <= high and kind_high >= low),
            )
            for low in range(smallest, largest + 1)
            for high in range(low, largest + 1)
        ]

    def fits_counts(self, groups_of_size: Counter) -> bool:
        """Whether groups with these counts per size fit: the same smallest-first rule as `assign`, a
        whole size at a time, over kinds of fixed group instead of each one (fast enough per added member)."""
        free = Counter(self.bounds)
        for size in sorted(groups_of_size):
            needed = groups_of_size[size]
            for kind in sorted(free, key=lambda kind: kind[1]):
                if kind[0] <= size <= kind[1] and needed:
                    taken = min(needed, free[kind])
                    free[kind] -= taken
                    needed -= taken
            if needed:
                return False
        return True

    @property
    def interchangeable(self) -> bool:
        """All fixed groups share their bounds, so any group within them fits any free one."""
        return len(set(self.bounds)) == 1

    def fits(self, sizes: Sequence[int]) -> bool:
        return self.assign(sizes) is not None

    def constrain(
        self, model: cp_model.CpModel, chosen: Sequence, sizes: Sequence[int], kept_sizes: Sequence[int] = ()
    ) -> None:
        """Allow only choices that, together with kept groups of `kept_sizes` (outside the model), fit."""
        kinds = Counter(self.bounds)
        kept = Counter(kept_sizes)
        into_kind: dict[tuple[int, int], list] = {kind: [] for kind in kinds}
        for size in sorted(set(sizes) | set(kept)):
            groups_of_size = [variable for variable, group_size in zip(chosen, sizes) if group_size == size]
            shipped = []
            for (low, high), capacity in kinds.items():
                if low <= size <= high:
                    flow = model.new_int_var(0, capacity, f"size_{size}_into_{low}_{high}")
                    shipped.append(flow)
                    into_kind[(low, high)].append(flow)
            model.add(sum(groups_of_size) + kept[size] == sum(shipped))
        for kind, flows in into_kind.items():
            model.add(sum(flows) <= kinds[kind])


class FixedGroupSeats:
    """Which groups may take one more member while the whole set still fits the fixed groups."""

    def __init__(self, fixed_groups: FixedGroups, sizes: Sequence[int]):
        self.fixed_groups = fixed_groups
        self.groups_of_size = Counter(sizes)

    def may_grow(self, size: int) -> bool:
        grown = self.groups_of_size.copy()
        grown[size] -= 1
        grown[size + 1] += 1
        return self.fixed_groups.fits_counts(+grown)

    def grow(self, size: int) -> None:
        self.groups_of_size[size] -= 1
        self.groups_of_size[size + 1] += 1
