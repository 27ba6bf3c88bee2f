"""`explain --time-limit` bounds the whole command, so the re-solves share it.

Each re-solve gets an equal share of what is left, counted two ways: the time not yet handed out, so the
limits handed down never add up to more than the total whichever finish early, and the wall time left,
so a re-solve that overran its limit shortens the ones after it. A re-solve needs some time whatever its
limit (reading and keeping the groups, compiling, a first search), so none is started when its share is
below MIN_RE_SOLVE_S or the wall time left is shorter than the longest re-solve so far; the changes left
are then reported as not tried.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

MIN_RE_SOLVE_S = 0.2


class TimeBudget:
    def __init__(
        self, total_s: float, started: float, re_solves: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.clock = clock
        self.deadline = started + total_s
        self.unallocated_s = self.deadline - clock()
        self.re_solves_left = re_solves
        self.handed_out_at: float | None = None
        self.longest_s = 0.0

    def next_limit_s(self) -> float | None:
        """Whole hundredths, so the limit printed in a command is the limit the re-solve had."""
        now = self.clock()
        if self.handed_out_at is not None:
            self.longest_s = max(self.longest_s, now - self.handed_out_at)
        wall_left_s = self.deadline - now
        if self.re_solves_left == 0 or wall_left_s < self.longest_s:
            return None
        share_s = round(math.floor(min(self.unallocated_s, wall_left_s) / self.re_solves_left * 100) / 100, 2)
        if share_s < MIN_RE_SOLVE_S:
            return None
        self.unallocated_s -= share_s
        self.re_solves_left -= 1
        self.handed_out_at = now
        return share_s
