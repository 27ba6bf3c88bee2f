"""A change counts only if a re-solve places the person, and the re-solve is the coordinator's own
`groupformer solve SIGNUPS --keep SOLUTION --open-seats`: the same keeping of the solution's groups
(keep_previous_groups with open seats) and the same solve, with the same seed and work limit.

Every group stays with its members and meeting and offers its free seats up to group_size.max, since a
newcomer may join a group already at the minimum. Only the unplaced are placed again: into a free seat,
or into a new group among themselves.

A re-solve ends on its work limit, not on the clock, so the printed command gives the same groups on any
machine; one the clock cut short is said to be so.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from groupformer.contract import SignupFile, Solution, SubmittedSolution
from groupformer.keep import keep_previous_groups
from groupformer.open_group_checks import open_group_problems
from groupformer.search.work import WORK_PER_SECOND
from groupformer.solve import solve
from groupformer.validate import load_signups

# The command line's default, and the setting that makes a re-solve repeatable.
WORKERS = 1
# Half a re-solve's share is searching, at the solver's work per second of a time limit; the other half
# reads the sign-ups, keeps the groups, compiles and builds the solution.
SEARCHED_PART = 0.5
# The printed command's time limit is only a cap, so that the work limit ends its search: a new process
# spends a second or more starting (counted in a command's limit), longer on a busy machine.
COMMAND_CAP_MARGIN_S = 5.0


@dataclass(frozen=True)
class ReSolve:
    time_limit_s: float
    seed: int

    @property
    def work_limit(self) -> float:
        return round(self.time_limit_s * SEARCHED_PART * WORK_PER_SECOND, 3)

    @property
    def command_time_limit_s(self) -> int:
        return math.ceil(self.time_limit_s + COMMAND_CAP_MARGIN_S)

    def as_data(self) -> dict:
        return {
            "time_limit_s": self.time_limit_s,
            "work_limit": self.work_limit,
            "seed": self.seed,
            "workers": WORKERS,
            "open_seats": True,
        }


def kept_with_open_seats(signups: SignupFile, solution: SubmittedSolution) -> tuple[SignupFile, list[str]]:
    """The sign-ups as `solve --keep SOLUTION --open-seats` solves them, and what stops it."""
    kept = keep_previous_groups(signups, solution, open_seats=True).signups
    return kept, open_group_problems(kept)


def placement(solution: Solution, person_id: str, kept_ids: set[str]) -> dict | None:
    """Where the person ended up: a kept group's seat, or a new group with whom."""
    for group in solution.groups:
        if person_id in group.members:
            others = [member for member in group.members if member != person_id]
            return {"group": group.id, "new_group": group.id not in kept_ids, "with": others}
    return None


@dataclass(frozen=True)
class Outcome:
    placed: dict | None
    cut_by_clock: bool


def placed_after(signups_text: str, solution: SubmittedSolution, person_id: str, resolve: ReSolve) -> Outcome:
    """The clock starts before the sign-ups are read, as the command's does."""
    started = time.monotonic()
    kept, _ = kept_with_open_seats(load_signups(signups_text.encode()), solution)
    solved = solve(
        kept,
        time_limit_s=resolve.time_limit_s,
        work_limit=resolve.work_limit,
        seed=resolve.seed,
        workers=WORKERS,
        clock_started=started,
    )
    placed = placement(solved, person_id, {group.id for group in kept.open_groups})
    return Outcome(placed, getattr(solved.stats, "stopped_by", None) == "time")
