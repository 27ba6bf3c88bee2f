"""The examples of docs/contract.md are true: its sign-up files and settings are valid, and the solution
and report it shows are what `solve` and `evaluate` give for them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from groupformer.cli import main
from groupformer.validate import load_signups

CONTRACT_PAGE = Path(__file__).resolve().parent.parent / "docs" / "contract.md"
BLOCKS = re.findall(r"```json\n(.*?)```", CONTRACT_PAGE.read_text(), re.S)
EXAMPLES = [json.loads(block) for block in BLOCKS if block.lstrip().startswith("{")]
SETTINGS_FRAGMENTS = [block for block in BLOCKS if block.lstrip().startswith('"settings"')]
SIGN_UP_FILES = [example for example in EXAMPLES if example.get("format") == "groupformer/v1"]
MONDAY_MORNING = [{"day": "mon", "start": "09:00", "end": "12:00"}]
REMOTE_TRIO = [
    {"id": name, "timezone": "UTC", "modality": ["remote"], "availability": MONDAY_MORNING} for name in "abc"
]


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def test_the_page_shows_at_least_two_sign_up_files():
    assert len(SIGN_UP_FILES) >= 2


@pytest.mark.parametrize("document", SIGN_UP_FILES, ids=lambda document: f"{len(document['participants'])} people")
def test_every_sign_up_file_on_the_page_is_valid(document):
    load_signups(json.dumps(document).encode())


@pytest.mark.parametrize("fragment", SETTINGS_FRAGMENTS)
def test_every_settings_example_is_valid_on_its_own(fragment):
    settings = json.loads("{" + fragment + "}")["settings"]
    load_signups(json.dumps({"settings": settings, "participants": REMOTE_TRIO}).encode())


def test_the_documented_solution_is_what_solve_gives(tmp_path):
    [signups] = [document for document in SIGN_UP_FILES if len(document["participants"]) == 5]
    documented = next(example for example in EXAMPLES if example.get("format") == "groupformer/v1-solution")
    path = tmp_path / "chicago.json"
    path.write_text(json.dumps(signups))
    result = run("solve", str(path), "-q")
    assert result.exit_code == 0, result.stderr
    solved = json.loads(result.stdout)
    for key in ("status", "objective", "bound", "groups", "unassigned"):
        assert solved[key] == documented[key], key


def test_the_documented_report_is_what_evaluate_gives(tmp_path):
    [signups] = [document for document in SIGN_UP_FILES if len(document["participants"]) == 5]
    grouping = next(example for example in EXAMPLES if "groups" in example and "format" not in example)
    documented = next(example for example in EXAMPLES if "violations" in example)
    (tmp_path / "chicago.json").write_text(json.dumps(signups))
    (tmp_path / "bad.json").write_text(json.dumps(grouping))
    result = run("evaluate", str(tmp_path / "chicago.json"), str(tmp_path / "bad.json"), "-q")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == documented
