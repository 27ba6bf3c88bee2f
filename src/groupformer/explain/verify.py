"""A change counts only if a re-solve places the person, and the re-solve may not reshuffle anyone else.

So every group of the solution is kept as an open group (the conversion `solve --keep` uses), with every
seat up to group_size.max open, since a newcomer may join a group that is already at the minimum. Only
the unplaced are placed again: into a free seat, or into a new group among themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupformer.contract import SignupFile, Solution, SubmittedSolution
from groupformer.keep import keep_previous_groups
from groupformer.solve import solve

WORKERS = 1


@dataclass(frozen=True)
class Resolve:
    """One re-solve's settings, reported with the suggestions so anyone can repeat them."""

    time_limit_s: float
    seed: int

    def as_data(self) -> dict:
        return {"time_limit_s": self.time_limit_s, "seed": self.seed, "workers": WORKERS}


def keep_every_group(signups: SignupFile, solution: SubmittedSolution) -> SignupFile:
    """The solution's groups replace the sign-ups' own open groups, which the solution already holds
    (filled or dissolved), so that no group is kept twice."""
    kept = keep_previous_groups(signups.model_copy(update={"open_groups": []}), solution).signups
    limit = signups.settings.group_size.max
    open_groups = [
        group.model_copy(update={"open_seats": max(0, limit - len(group.members))}) for group in kept.open_groups
    ]
    return kept.model_copy(update={"open_groups": open_groups})


def placement(solution: Solution, person_id: str, kept_ids: set[str]) -> dict | None:
    """Where the person ended up: a kept group's seat, or a new group with whom."""
    for group in solution.groups:
        if person_id in group.members:
            others = [member for member in group.members if member != person_id]
            return {"group": group.id, "new_group": group.id not in kept_ids, "with": others}
    return None


def placed_after(kept: SignupFile, person_id: str, resolve: Resolve) -> dict | None:
    solution = solve(kept, time_limit_s=resolve.time_limit_s, seed=resolve.seed, workers=WORKERS)
    return placement(solution, person_id, {group.id for group in kept.open_groups})
