"""A solve running in the background while the page polls its progress and may ask it to stop.

The engine's events are kept in order; the page asks for those after the last it saw. When the solve
ends (done, out of work or time, or stopped: Stop keeps the best groups so far) its solution becomes the
desk's current solution.
"""

from __future__ import annotations

import threading
from dataclasses import asdict

import groupformer
from groupformer.serve.workspace import Workspace


class SolveRun:
    def __init__(self, workspace: Workspace, limits: dict):
        self.workspace = workspace
        self.limits = limits
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
            solution = groupformer.solve(signups, **self.limits, progress=self._receive, stop=self.stop)
            self.workspace.record(solution, f"solve ({solution.stats.stopped_by})")
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
