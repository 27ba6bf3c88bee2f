"""How anyone repeats a check: the changed sign-up file and the `groupformer solve` command that reads it.

The re-solve inside explain reads the very text written here (through the same loading the command
line uses), so the file and the check cannot drift apart. The file is the sign-up document as its owner
wrote it with the one field changed, so a diff shows the change and nothing else. Without
`--write-changes` nothing is written and the commands name a placeholder folder; the JSON patch
(RFC 6902, against SIGNUPS) says the same change for those who apply it with their own tools.
"""

from __future__ import annotations

import copy
import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from groupformer.contract import SignupFile
from groupformer.explain.verify import ReSolve
from groupformer.export.file_names import safe_file_names

PLACEHOLDER_FOLDER = "CHANGES"


@dataclass(frozen=True)
class Sources:
    """What the user gave: the paths as typed (the printed commands name them), and the sign-up
    document as read, before validation; without it, the validated sign-ups stand in."""

    signups_path: str = "SIGNUPS"
    solution_path: str = "SOLUTION"
    changes_folder: str | None = None
    signups_document: dict | None = None

    def changed_signups_path(self, person_id: str, number: int) -> str:
        stem = safe_file_names([person_id], "")[person_id]
        return str(Path(self.changes_folder or PLACEHOLDER_FOLDER) / f"{stem}-change-{number}.json")

    def signups_text(self, signups: SignupFile, change: dict | None = None) -> str:
        """The sign-ups with the one field of the one person changed, or unchanged."""
        document = copy.deepcopy(self.signups_document) or signups.model_dump(mode="json", exclude_unset=True)
        for person in document["participants"]:
            if change is not None and person["id"] == change["participant"]:
                person[change["field"]] = change["value"]
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def solve_command(signups_path: str, solution_path: str, resolve: ReSolve) -> str:
    arguments = ["groupformer", "solve", signups_path, "--keep", solution_path, "--open-seats", "--seed"]
    limits = ["--work-limit", f"{resolve.work_limit:g}", "--time-limit", f"{resolve.command_time_limit_s:g}"]
    return shlex.join([*arguments, str(resolve.seed), *limits])


def json_patch(signups: SignupFile, change: dict) -> list[dict]:
    """`add` rather than `replace`, since the field may be absent from the person's sign-up."""
    index = next(index for index, person in enumerate(signups.participants) if person.id == change["participant"])
    return [{"op": "add", "path": f"/participants/{index}/{change['field']}", "value": change["value"]}]


def changed_signup_files(sources: Sources, signups: SignupFile, explanation: dict) -> dict[str, str]:
    """What `--write-changes` writes: each suggestion's changed sign-ups under the name its command uses."""
    return {
        suggestion["signups_file"]: sources.signups_text(signups, suggestion["change"])
        for suggestion in explanation.get("suggestions", [])
    }
