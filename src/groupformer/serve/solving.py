"""A solve running in the background while the page polls its progress and may ask it to stop.

The engine's events are kept in order; the page asks for those after the last it saw. When the solve
ends (done, out of work or time, or stopped: Stop keeps the best groups so far) its solution becomes the
desk's current solution. With pins, everything but the pinned groups is solved again
(`groupformer.solve_pinned`).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import groupformer
from groupformer.serve.workspace import Workspace

if TYPE_CHECKING:
    from groupformer import SubmittedSolution


@dataclass(frozen=True)
class Pins:
    """The solution the pins are in, its pinned groups and its members pinned to their group."""

    solution: SubmittedSolution
    groups: list[str]
    members: dict[str, str]


class SolveRun:
    def __init__(self, workspace: Workspace, limits: dict, pins: Pins | None = None):
        self.workspace = workspace
        self.limits = limits
        self.pins = pins
        self.stop = groupformer.StopSignal()
        self.events: list[dict] = []
        self.problems: list[str] = []
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, name="groupformer-solve", daemon=True)

    def start(self) -> SolveRun:
        self.thread.start()
        return self

    def _receive(self, event: groupformer.ProgressEvent) -> None:
        self.events.append({"kind": type(event).__name__, **asdict(event)})

    def _run(self) -> None:
        try:
            signups = self.workspace.signups
            options = {**self.limits, "progress": self._receive, "stop": self.stop}
            if self.pins is None:
                solution = groupformer.solve(signups, **options)
                label = f"solve ({solution.stats.stopped_by})"
            else:
                pins = self.pins
                solution = groupformer.solve_pinned(signups, pins.solution, pins.groups, pins.members, **options)
                label = f"re-solve around {', '.join(pins.groups + sorted(pins.members))} ({solution.stats.stopped_by})"
            self.workspace.record(solution, label)
        except groupformer.InputError as error:
            self.problems = list(error.problems)
        except Exception as error:  # a bug in the engine: shown on the page instead of a silent stop
            self.problems = [f"internal error: {type(error).__name__}: {error}"]
        finally:
            self.finished.set()

    def status(self, since: int = 0) -> dict:
        events = self.events[since:]
        return {
            "running": not self.finished.is_set(),
            "events": events,
            "next": since + len(events),
            "problems": self.problems,
        }
