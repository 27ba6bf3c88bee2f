"""One stop rule and one progress channel shared by every engine of a solve.

The search stops at the deadline or as soon as someone asks it to (Ctrl-C, SIGTERM, a caller's thread);
engines check `should_stop()` between steps and always return the best solution they hold. Progress is
reported per independent part, so the totals a user sees add the finished parts to the current one;
`complete` says every part holds a solution (so the totals are those of a whole valid solution).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    elapsed_s: float
    assigned: int
    objective_micro: int
    bound_micro: int
    parts_done: int
    parts: int
    complete: bool


class SearchControl:
    def __init__(
        self,
        deadline: float,
        on_progress: Callable[[Progress], None] | None = None,
        stop_requested: threading.Event | None = None,
    ):
        self.started = time.monotonic()
        self.deadline = deadline
        self.stop_requested = stop_requested or threading.Event()
        self._on_progress = on_progress
        self._parts: dict[int, tuple[int, int, int]] = {}
        self._done: set[int] = set()
        self._reported: set[int] = set()
        self._part_count = 0

    def should_stop(self) -> bool:
        return self.stop_requested.is_set() or time.monotonic() >= self.deadline

    def remaining_s(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def expect_parts(self, bounds_micro: list[int]) -> None:
        """Register every part with a bound known before search, so totals are whole from the start."""
        self._part_count = len(bounds_micro)
        self._parts = {index: (0, 0, bound) for index, bound in enumerate(bounds_micro)}

    def report(self, part: int, assigned: int, objective_micro: int, bound_micro: int, done: bool = False) -> None:
        self._parts[part] = (assigned, objective_micro, bound_micro)
        self._reported.add(part)
        if done:
            self._done.add(part)
        if self._on_progress is not None:
            self._on_progress(
                Progress(
                    elapsed_s=time.monotonic() - self.started,
                    assigned=sum(entry[0] for entry in self._parts.values()),
                    objective_micro=sum(entry[1] for entry in self._parts.values()),
                    bound_micro=sum(entry[2] for entry in self._parts.values()),
                    parts_done=len(self._done),
                    parts=self._part_count,
                    complete=len(self._reported) == self._part_count,
                )
            )
