"""`groupformer serve` in a process of its own, for the benchmarks that time the desk through its door."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import groupformer


@dataclass
class ServedDesk:
    """The served desk's process, its port and token, and its working folder."""

    process: subprocess.Popen
    port: int
    token: str
    folder: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def serve_desk(
    signups: groupformer.SignupFile, solution: groupformer.Solution, folder: Path, log: IO | None = None
) -> ServedDesk:
    """Serve these sign-ups and this solution from `folder` (the desk's working folder is folder/desk),
    once the address it prints is read: the server queues requests from then on."""
    signups_path, solution_path = folder / "in-signups.json", folder / "in-solution.json"
    signups_path.write_text(signups.model_dump_json(), encoding="utf-8")
    solution_path.write_text(solution.model_dump_json(), encoding="utf-8")
    command = [sys.executable, "-m", "groupformer", "serve", str(signups_path), str(solution_path)]
    process = subprocess.Popen(
        [*command, "--folder", str(folder / "desk"), "--no-browser"], stdout=subprocess.PIPE, stderr=log, text=True
    )
    address = re.search(r"http://[^:]+:(\d+)/\?token=(\S+)", process.stdout.readline())
    return ServedDesk(process, int(address.group(1)), address.group(2), folder / "desk")
