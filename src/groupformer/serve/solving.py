"""A solve running in the background while the page follows its progress and may ask it to stop.

The engine's events are kept in order; the page follows them as a stream of Server-Sent Events (or a
script polls for those after the last it saw). When the solve ends (done, out of work or time, or
stopped: Stop keeps the best groups so far) its solution becomes the desk's current solution. With
pins, everything but the pinned groups is solved again (`groupformer.solve_pinned`).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator
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
    """The solve's thread appends events; each stream following it (on the server's event loop) is woken
    through its loop, so a waiting stream holds no thread. `closed` ends the streams even when the solve
    did not finish in time on shutdown."""

    def __init__(self, workspace: Workspace, limits: dict, pins: Pins | None = None):
        self.workspace = workspace
        self.limits = limits
        self.pins = pins
        self.stop = groupformer.StopSignal()
        self.events: list[dict] = []
        self.problems: list[str] = []
        self.finished = threading.Event()
        self.closed = False
        self.followers: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._followers_lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="groupformer-solve", daemon=True)

    def start(self) -> SolveRun:
        self.thread.start()
        return self

    def close(self) -> None:
        self.closed = True
        self._wake_followers()

    def _receive(self, event: groupformer.ProgressEvent) -> None:
        self.events.append({"kind": type(event).__name__, **asdict(event)})
        self._wake_followers()

    def _wake_followers(self) -> None:
        with self._followers_lock:
            followers = list(self.followers)
        for loop, woken in followers:
            try:
                loop.call_soon_threadsafe(woken.set)
            except RuntimeError:  # the follower's loop has already closed: nobody is listening there
                pass

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
            self._wake_followers()

    def status(self, since: int = 0) -> dict:
        events = self.events[since:]
        return {
            "running": not self.finished.is_set(),
            "events": events,
            "next": since + len(events),
            "problems": self.problems,
        }

    def over(self) -> bool:
        return self.finished.is_set() or self.closed

    async def stream(self, since: int) -> AsyncIterator[str]:
        """The events after the `since`-th as Server-Sent Events, each with its number as id (so
        EventSource's Last-Event-ID resumes after it), then an `end` message with the outcome."""
        woken = asyncio.Event()
        follower = (asyncio.get_running_loop(), woken)
        with self._followers_lock:
            self.followers.add(follower)
        try:
            sent = since
            while True:
                woken.clear()
                over = self.over()
                for number, event in enumerate(self.events[sent:], start=sent + 1):
                    yield server_sent_event(event, number)
                    sent = number
                if over:
                    yield end_event(self.status(sent))
                    return
                await woken.wait()
        finally:
            with self._followers_lock:
                self.followers.discard(follower)


def server_sent_event(data: dict, number: int | None = None, kind: str | None = None) -> str:
    lines = [] if number is None else [f"id: {number}"]
    lines += [] if kind is None else [f"event: {kind}"]
    return "\n".join([*lines, f"data: {json.dumps(data)}", "", ""])


def end_event(status: dict) -> str:
    """The last message: whether the solve failed and with what problems; the page closes its
    EventSource on it, which would otherwise reconnect when the stream ends."""
    return server_sent_event({"running": status["running"], "problems": status["problems"]}, kind="end")


async def no_solve_stream() -> AsyncIterator[str]:
    yield end_event({"running": False, "problems": []})
