"""One stop rule and one progress channel shared by every engine of a solve.

Two budgets bound a search. Work (`work_limit`, in work units, see search/work.py) is shared out to the
engines before any search runs and counted by each engine itself, so a run that ends on work is
repeatable on any machine under any load. The wall-clock deadline is the hard cap on top: an engine cut
by it says so (`clock_stopped`), since its result then depends on timing. The search also stops as soon
as someone asks it to (Ctrl-C, SIGTERM, a caller's thread); engines check `should_stop()` between steps
and always return the best solution they hold. Progress is
reported per independent part, so the totals a user sees add the finished parts to the current one;
`complete` says every part holds a solution (so the totals are those of a whole valid solution).
Engines racing on one part in several threads each get a linked control: it can be stopped on its own
(the other engine proved optimality) and stops with its parent.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace


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
        work_limit: float | None = None,
    ):
        self.started = time.monotonic()
        self.deadline = deadline
        self.work_limit = work_limit
        self.stop_requested = stop_requested or threading.Event()
        self._clock_stopped = threading.Event()
        self._work_done = 0.0
        self._on_progress = on_progress
        self._parts: dict[int, tuple[int, int, int]] = {}
        self._done: set[int] = set()
        self._reported: set[int] = set()
        self._part_count = 0
        self._parent: SearchControl | None = None
        self._lock = threading.Lock()

    def linked(self, deadline: float | None = None) -> SearchControl:
        """A control with its own stop request (and an earlier `deadline`, if given) that also stops when
        this one does and reports to it."""
        child = SearchControl(self.deadline if deadline is None else min(deadline, self.deadline))
        child._parent = self
        child.work_limit = self.work_limit
        return child

    def bring_forward(self, deadline: float) -> None:
        """An earlier deadline learnt before the search starts (a busy machine will write the output slower)."""
        self.deadline = min(self.deadline, deadline)

    def interrupted(self) -> bool:
        return self.stop_requested.is_set() or (self._parent is not None and self._parent.interrupted())

    def should_stop(self) -> bool:
        if self.interrupted():
            return True
        if time.monotonic() >= self.deadline:
            self.note_clock_stop()
            return True
        return False

    def spend(self, work: float) -> None:
        """Count work an engine did (racing engines add up: it is work done, not time passed)."""
        root = self._root()
        with root._lock:
            root._work_done += work

    @property
    def work_done(self) -> float:
        return self._root()._work_done

    def note_clock_stop(self) -> None:
        """Record that the wall clock, not a work budget, cut an engine short (so the run may not repeat)."""
        self._root()._clock_stopped.set()

    @property
    def clock_stopped(self) -> bool:
        return self._root()._clock_stopped.is_set()

    def stopped_by(self, proved_optimal: bool) -> str:
        """What ended the run: a stop request, the clock, a proof of optimality, or else the work budgets
        (the engines' own deterministic limits, stale-search limits among them)."""
        root = self._root()
        if root.stop_requested.is_set():
            return "interrupt"
        if proved_optimal:
            return "optimal"
        return "time" if root.clock_stopped else "work"

    def _root(self) -> SearchControl:
        return self if self._parent is None else self._parent._root()

    def remaining_s(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def expect_parts(self, bounds_micro: list[int]) -> None:
        """Register every part with a bound known before search, so totals are whole from the start."""
        if self._parent is not None:
            self._parent.expect_parts(bounds_micro)
            return
        self._part_count = len(bounds_micro)
        self._parts = {index: (0, 0, bound) for index, bound in enumerate(bounds_micro)}

    def report(self, part: int, assigned: int, objective_micro: int, bound_micro: int, done: bool = False) -> None:
        """A part's current best; until the part is done, a value below one already reported (from an
        engine racing another) is ignored, so the totals never go backwards."""
        if self._parent is not None:
            self._parent.report(part, assigned, objective_micro, bound_micro, done)
            return
        with self._lock:
            if not done and part in self._reported and objective_micro < self._parts[part][1]:
                return
            self._record(part, assigned, objective_micro, bound_micro, done)

    def _record(self, part: int, assigned: int, objective_micro: int, bound_micro: int, done: bool) -> None:
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


@dataclass(frozen=True)
class Budget:
    """What one engine may spend, in one object: `work` units (repeatable), until the wall-clock
    `deadline` (a hard cap), under the `control`'s stop rule, which also counts the work done; and
    `cpu_seconds` of its own thread's CPU time from when it starts, the unit of the MDGP literature's
    limits, which only the partition searches (search/tabu.py, search/memetic.py) honour."""

    control: SearchControl
    deadline: float
    work: float
    cpu_seconds: float = math.inf

    def with_work(self, work: float) -> Budget:
        return replace(self, work=work)

    def linked(self) -> Budget:
        """The same budget under a control of its own that stops at this deadline, or with its parent."""
        return replace(self, control=self.control.linked(self.deadline))
