"""Open seats: which newcomers join which open group, weighed against the new groups they could form.

Once new groups are formed among the newcomers, one CP-SAT packing decides the seats: for every open
group at most one set of newcomers (a "filling"), and which new groups to keep, each newcomer in at most
one of them. A newcomer leaves a new group for an open seat only when that is worth more overall. Each
open group takes part in the packing as a virtual member shared by all its fillings (index
`problem.size + g`), so at most one filling per group is chosen by the same rows that keep people apart.
A group below the minimum size only has fillings that bring it up to the minimum; choosing none
dissolves it, and its members are placed again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from groupformer import bitset
from groupformer.compile.scores import MICRO, score_group
from groupformer.problem import OpenGroupSeats, Problem
from groupformer.search.columns import score_columns
from groupformer.search.composition import composition_allows
from groupformer.search.control import Budget
from groupformer.search.exact import choose_groups

# Fillings enumerated per open group, smallest sets first: three seats among 40 eligible newcomers are
# about 10,000 sets; beyond the limit the largest fillings are left out.
FILLING_LIMIT = 20_000


@dataclass(frozen=True)
class SeatDecision:
    new_groups: list[tuple[int, ...]]
    fillings: dict[int, tuple[int, ...]]
    dissolved: list[int]
    status: str


def fillings(problem: Problem, group: OpenGroupSeats, free_bits: int) -> list[tuple[int, ...]]:
    """Sets of eligible free newcomers, none in conflict with another, of `needed` to `seats` people."""
    eligible = bitset.indices(group.eligible_bits & free_bits)
    found: list[tuple[int, ...]] = []
    for size in range(max(1, group.needed), group.seats + 1):
        _extend(problem, list(group.members), [], eligible, size, found)
        if len(found) >= FILLING_LIMIT:
            return found[:FILLING_LIMIT]
    return found


def _extend(
    problem: Problem, group_members: list[int], chosen: list[int], remaining: list[int], size: int, found: list
) -> None:
    if len(chosen) == size:
        if composition_allows(problem, group_members + chosen):
            found.append(tuple(chosen))
        return
    for position, person in enumerate(remaining):
        if len(found) >= FILLING_LIMIT:
            return
        if any(problem.conflict_bits[person] >> other & 1 for other in chosen):
            continue
        chosen.append(person)
        _extend(problem, group_members, chosen, remaining[position + 1 :], size, found)
        chosen.pop()


def open_group_total_micro(problem: Problem, group: OpenGroupSeats, newcomers: tuple[int, ...]) -> int:
    """What the group with these newcomers is worth in the objective: its members' placement and its
    quality (none for a lone member, who is no group)."""
    members = sorted(group.members + newcomers)
    quality = score_group(problem, members).quality if len(members) > 1 else 0.0
    return len(members) * problem.placement_weight * MICRO + round(quality * MICRO)


def open_group_value_micro(problem: Problem, group: OpenGroupSeats, newcomers: tuple[int, ...]) -> int:
    """What filling the group with these newcomers adds to the objective: its worth, less what it is
    worth as it stands; a group that needs filling to exist at all counts its whole worth."""
    total = open_group_total_micro(problem, group, newcomers)
    return total if group.needed else total - open_group_total_micro(problem, group, ())


def decide_seats(
    problem: Problem,
    newcomers: list[int],
    new_groups: list[tuple[int, ...]],
    budget: Budget,
    seed: int,
    open_groups: Collection[int],
) -> SeatDecision:
    """Keep or drop each new group and fill each of the `open_groups` (indices), for the best total
    (hinted with every new group kept and no seat filled, which is always a valid choice)."""
    free_bits = bitset.from_indices(newcomers)
    columns: list[tuple[int, ...]] = list(new_groups)
    values = score_columns(problem, newcomers, new_groups).value_micro.tolist() if new_groups else []
    owner: list[int | None] = [None] * len(new_groups)
    for index in open_groups:
        group = problem.open_groups[index]
        for filling in fillings(problem, group, free_bits):
            columns.append(filling + (problem.size + index,))
            values.append(open_group_value_micro(problem, group, filling))
            owner.append(index)
    result = choose_groups(
        columns,
        values,
        list(range(len(new_groups))),
        budget,
        workers=1,
        seed=seed,
    )
    chosen = result.chosen if result.status != "unknown" else list(range(len(new_groups)))
    filled = {owner[column]: columns[column][:-1] for column in chosen if owner[column] is not None}
    kept = [columns[column] for column in chosen if owner[column] is None]
    dissolved = [index for index in open_groups if problem.open_groups[index].needed and index not in filled]
    return SeatDecision(kept, filled, dissolved, result.status)
