"""The desk's state on disk: the working folder holds everything, so a restart resumes exactly.

Plain files, each written whole to a temporary file and renamed over the old one (a crash leaves the old
file or the new one, never half of either):

- signups.json: the sign-ups, as `groupformer validate` reads them;
- mapping.toml: the form's column mapping, when one was uploaded;
- form.csv: the last form CSV read, as uploaded, to read again when the mapping is corrected;
- pins.json: the groups (and members of groups) the next solve keeps as they are;
- solutions/NNNNNN.json: every solution the coordinator had, each a normal solution file, written once;
- history.json: their order, what made each (solve, hand edit and its change in the report) and which
  one is current;
- solution.json: the current solution, a normal solution file any command reads.

An edit writes one new solution file and the small history, not the whole past: the cost of an edit
does not grow with the number of edits before it.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import groupformer

if TYPE_CHECKING:
    from groupformer import ReportDelta, SignupFile, SubmittedSolution

HISTORY_FORMAT = "groupformer/desk-history-v1"
SOLUTIONS = "solutions"


def write_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and os.replace."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def link_atomically(source: Path, path: Path) -> None:
    """`path` made the same file as `source` (written once, never changed), by a hard link renamed over
    it: no second copy written and flushed per edit. Where the file system has no hard links, a copy."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        write_bytes_atomically(path, source.read_bytes())
        return
    os.replace(temporary, path)


def _json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def delta_document(delta: ReportDelta | None) -> dict | None:
    if delta is None:
        return None
    return {
        **asdict(delta),
        "violations_added": [violation.model_dump(mode="json") for violation in delta.violations_added],
        "violations_removed": [violation.model_dump(mode="json") for violation in delta.violations_removed],
    }


class Workspace:
    """The sign-ups and the line of solutions (each solve or hand edit adds one; undo and redo move along
    it), kept in memory and on disk together. Every change holds `lock`, so a solve finishing in its
    thread and an edit from the page never interleave, and counts in `revision`, so whoever keeps
    something made from the current state knows when it is stale."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.lock = threading.RLock()
        (folder / SOLUTIONS).mkdir(parents=True, exist_ok=True)
        self.signups: SignupFile | None = None
        self.steps: list[dict] = []
        self.position = -1
        self.serial = 0
        self.revision = 0
        self._current: SubmittedSolution | None = None
        self._load()

    @property
    def signups_path(self) -> Path:
        return self.folder / "signups.json"

    @property
    def solution_path(self) -> Path:
        return self.folder / "solution.json"

    @property
    def history_path(self) -> Path:
        return self.folder / "history.json"

    @property
    def mapping_path(self) -> Path:
        return self.folder / "mapping.toml"

    @property
    def pins_path(self) -> Path:
        return self.folder / "pins.json"

    def pins(self) -> dict:
        """{"groups": [group id, ...], "members": {person: group id}}: what the next solve keeps."""
        if not self.pins_path.exists():
            return {"groups": [], "members": {}}
        return groupformer.parse_json(self.pins_path.read_bytes(), str(self.pins_path))

    def set_pins(self, groups: list[str], members: dict[str, str]) -> None:
        with self.lock:
            write_atomically(self.pins_path, _json({"groups": groups, "members": members}))

    def _load(self) -> None:
        if self.signups_path.exists():
            self.signups = groupformer.load_signups(self.signups_path)
        if self.history_path.exists():
            history = groupformer.parse_json(self.history_path.read_bytes(), str(self.history_path))
            self.steps, self.position, self.serial = history["steps"], history["position"], history["serial"]

    @property
    def form_path(self) -> Path:
        return self.folder / "form.csv"

    def form(self) -> bytes | None:
        """The last form CSV read, as uploaded, so it can be read again by a corrected mapping."""
        return self.form_path.read_bytes() if self.form_path.exists() else None

    def set_form(self, raw: bytes) -> None:
        with self.lock:
            write_bytes_atomically(self.form_path, raw)

    def mapping(self) -> str | None:
        return self.mapping_path.read_text(encoding="utf-8") if self.mapping_path.exists() else None

    def set_mapping(self, text: str | None) -> None:
        with self.lock:
            if text is None:
                self.mapping_path.unlink(missing_ok=True)
            else:
                write_atomically(self.mapping_path, text)

    def replace_signups(self, signups: SignupFile) -> None:
        """New sign-ups; the solutions made for other sign-ups are set aside in a dated folder
        (earlier-DATE/), not deleted. The same sign-ups again change nothing, so restarting with SIGNUPS
        resumes."""
        with self.lock:
            if self.signups is not None and signups.model_dump() == self.signups.model_dump():
                return
            if self.steps:
                self._set_aside()
            self.steps, self.position, self._current = [], -1, None
            self._write_signups(signups)

    def _set_aside(self) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        earlier = self.folder / f"earlier-{stamp}"
        earlier.mkdir()
        for name in ("signups.json", "history.json", "solution.json", "pins.json", "form.csv", SOLUTIONS):
            if (self.folder / name).exists():
                os.replace(self.folder / name, earlier / name)
        (self.folder / SOLUTIONS).mkdir()

    def replace_settings(self, signups: SignupFile) -> None:
        """The same people with other settings: the solutions stay, judged by the new settings."""
        with self.lock:
            self._write_signups(signups)

    def _write_signups(self, signups: SignupFile) -> None:
        write_atomically(self.signups_path, _json(signups.model_dump(mode="json")))
        self.signups = signups
        self.revision += 1

    def current(self) -> SubmittedSolution | None:
        with self.lock:
            if self._current is None and self.position >= 0:
                self._current = groupformer.load_solution(self.folder / self.steps[self.position]["file"])
            return self._current

    def record(self, solution: SubmittedSolution, label: str, delta: ReportDelta | None = None) -> None:
        """A new current solution; whatever had been undone is dropped, as in any editor."""
        with self.lock:
            self.serial += 1
            file = f"{SOLUTIONS}/{self.serial:06d}.json"
            write_atomically(self.folder / file, solution.model_dump_json(indent=2) + "\n")
            dropped = self.steps[self.position + 1 :]
            self.steps = [
                *self.steps[: self.position + 1],
                {"label": label, "delta": delta_document(delta), "file": file},
            ]
            self.position = len(self.steps) - 1
            self._write_history(solution)
            for step in dropped:
                (self.folder / step["file"]).unlink(missing_ok=True)

    def undo(self) -> bool:
        return self._go_to(self.position - 1)

    def redo(self) -> bool:
        return self._go_to(self.position + 1)

    def _go_to(self, position: int) -> bool:
        with self.lock:
            if not 0 <= position < len(self.steps):
                return False
            self.position = position
            self._write_history(None)
            return True

    def _write_history(self, current: SubmittedSolution | None) -> None:
        """The history, then the current solution's copy: after a crash between the two, solution.json
        is one step behind and the next change rewrites it.
        `current` None: read from its file when first asked for (after an undo the page's open desk
        usually has it already, and reading a large solution takes longer than the undo itself)."""
        history = {"format": HISTORY_FORMAT, "position": self.position, "serial": self.serial, "steps": self.steps}
        write_atomically(self.history_path, _json(history))
        link_atomically(self.folder / self.steps[self.position]["file"], self.solution_path)
        self._current = current
        self.revision += 1

    def summary(self) -> dict:
        with self.lock:
            return {
                "folder": str(self.folder),
                "participants": None if self.signups is None else len(self.signups.participants),
                "mapping": self.mapping_path.exists(),
                "form": self.form_path.exists(),
                "steps": [step["label"] for step in self.steps],
                "position": self.position,
                "can_undo": self.position > 0,
                "can_redo": self.position < len(self.steps) - 1,
                "pins": self.pins(),
            }
