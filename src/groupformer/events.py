"""What a running solve tells its caller, and how the caller asks it to stop.

The engines report raw totals in micro-units per independent part (search/control.py); a caller wants a
few plain events instead: the solve began, the best solution improved, a part finished, the solve
ended. `ProgressEvents` turns the first into the second. Importing this module loads the standard
library only, so `import groupformer` stays fast.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from groupformer.contract import Solution
    from groupformer.search.control import Progress


@dataclass(frozen=True)
class Started:
    """The sign-ups are read and the search is about to run; the limits as the caller gave them (None:
    the sign-ups' settings decide)."""

    participants: int
    time_limit_s: float | None
    work_limit: float | None


@dataclass(frozen=True)
class Improved:
    """The best whole solution so far got better (or its bound tighter); totals over every part."""

    objective: float
    bound: float
    assigned: int
    parts_done: int
    parts: int
    elapsed_s: float


@dataclass(frozen=True)
class PartDone:
    """One more independent part of the sign-ups is searched to the end of its budget."""

    parts_done: int
    parts: int


@dataclass(frozen=True)
class Finished:
    """The solve returned this solution; `stopped_by` says why it ended (optimal, work, time, interrupt)."""

    status: str
    objective: float
    bound: float
    assigned: int
    stopped_by: str


ProgressEvent = Started | Improved | PartDone | Finished


class Stoppable(Protocol):
    def is_set(self) -> bool: ...


class StopSignal(threading.Event):
    """Set it (`.set()`) from any thread, a signal handler or a button, and the solve returns the best
    solution found so far. A plain `threading.Event` works the same."""


class ProgressEvents:
    """Adapts the engines' progress callback to events: Improved whenever a total changes, PartDone when
    a part finishes."""

    def __init__(self, receive: Callable[[ProgressEvent], None]):
        from groupformer.compile.scores import MICRO

        self._micro = MICRO
        self._receive = receive
        self._last: tuple[int, int, int] | None = None
        self._parts_done = 0

    def __call__(self, progress: Progress) -> None:
        totals = (progress.objective_micro, progress.bound_micro, progress.assigned)
        if totals != self._last:
            self._last = totals
            self._receive(
                Improved(
                    objective=progress.objective_micro / self._micro,
                    bound=progress.bound_micro / self._micro,
                    assigned=progress.assigned,
                    parts_done=progress.parts_done,
                    parts=progress.parts,
                    elapsed_s=progress.elapsed_s,
                )
            )
        while self._parts_done < progress.parts_done:
            self._parts_done += 1
            self._receive(PartDone(parts_done=self._parts_done, parts=progress.parts))

    def finished(self, solution: Solution) -> None:
        self._receive(
            Finished(
                status=solution.status,
                objective=solution.objective,
                bound=solution.bound,
                assigned=solution.stats.assigned,
                stopped_by=solution.stats.stopped_by,
            )
        )
