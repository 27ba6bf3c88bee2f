"""The human summary printed to standard error: a compact table a coordinator reads at a glance."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable

from groupformer.contract import EvaluationReport, SignupFile, Solution
from groupformer.events import Improved, ProgressEvent


def table(title: str, rows: list[tuple[str, str]]) -> str:
    """A command's summary: its name, then one aligned label and value per line."""
    width = max(len(label) for label, _ in rows)
    return title + "\n" + "\n".join(f"  {label.ljust(width)}  {value}" for label, value in rows)


def solution_summary(solution: Solution) -> str:
    stats = solution.stats
    sizes = Counter(len(group.members) for group in solution.groups)
    modalities = Counter(group.modality for group in solution.groups)
    gap = f"{100 * stats.gap:.2f}%" if getattr(stats, "gap", None) is not None else "n/a"
    rows = [
        ("status", solution.status),
        ("assigned", f"{stats.assigned} of {stats.participants}"),
        ("groups", f"{stats.groups} (" + ", ".join(f"{count}×{size}" for size, count in sorted(sizes.items())) + ")"),
        ("modality", ", ".join(f"{count} {name}" for name, count in sorted(modalities.items())) or "-"),
        ("objective", f"{solution.objective:.6f}"),
        ("bound", f"{solution.bound:.6f}  (gap {gap})"),
        ("unassigned", str(len(solution.unassigned))),
        ("seconds", f"{stats.solve_seconds:.2f}"),
    ]
    return table("groupformer solve", rows)


BAR_WIDTH = 20


def evaluation_summary(report: EvaluationReport) -> str:
    rows = [
        ("valid", "yes" if report.valid else f"no, {len(report.violations)} broken rules"),
        ("assigned", f"{report.assigned} of {report.participants}"),
        ("groups", str(report.groups)),
        ("objective", f"{report.objective:.6f}"),
        ("diversity", f"{report.diversity:.3f}"),
        ("coverage", f"{report.coverage:.3f}"),
        ("prefer_met", str(report.prefer_met)),
        ("size_pref_met", str(report.size_pref_met)),
    ]
    return table("groupformer evaluate", rows)


def import_summary(signups: SignupFile, source: str, output: str) -> str:
    participants = signups.participants
    in_person = sum(1 for participant in participants if participant.accepts_in_person())
    rows = [
        ("participants", f"{len(participants)} from {source}"),
        ("modality", f"{in_person} accept in person, {len(participants) - in_person} remote only"),
        ("windows", str(sum(len(participant.availability) for participant in participants))),
        ("written to", "standard output" if output == "-" else output),
    ]
    return table("groupformer import", rows)


class ProgressLine:
    """Redraws a progress bar (time used of the limit) with the latest totals every `every_s` seconds
    while a solve runs; `write` puts one line in place of the previous one.

    Engines report only when something changes; a ticker thread keeps the line coming during long
    silent stretches (a CP-SAT proof), so a coordinator watching a terminal knows it is alive.
    """

    def __init__(
        self, participants: int, time_limit_s: float, write: Callable[[str], None], every_s: float = 0.5
    ) -> None:
        self._participants = participants
        self._time_limit_s = time_limit_s
        self._write = write
        self._every_s = every_s
        self._latest: Improved | None = None
        self.drawn = False
        self._started = time.monotonic()
        self._finished = threading.Event()
        self._ticker = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> ProgressLine:
        self._ticker.start()
        return self

    def __exit__(self, *exception) -> None:
        self._finished.set()
        self._ticker.join()

    def update(self, event: ProgressEvent) -> None:
        if isinstance(event, Improved):
            self._latest = event

    def _tick(self) -> None:
        while not self._finished.wait(self._every_s):
            if self._latest is not None:
                self._write(self.render(self._latest, time.monotonic() - self._started))
                self.drawn = True

    def render(self, progress: Improved, elapsed_s: float) -> str:
        filled = min(BAR_WIDTH, round(BAR_WIDTH * elapsed_s / self._time_limit_s))
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        return (
            f"[{bar}] {elapsed_s:6.1f}/{self._time_limit_s:g} s  assigned {progress.assigned}/{self._participants}  "
            f"objective {progress.objective:.3f}  bound {progress.bound:.3f}  "
            f"parts {progress.parts_done}/{progress.parts}"
        )
