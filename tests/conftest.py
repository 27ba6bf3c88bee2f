"""Shared helpers: small sign-up files written as dicts, so each test shows its whole instance."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

INSTANCES = Path(__file__).resolve().parent.parent / "instances"
CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER = "GROUPFORMER_REQUIRE_BROWSER"


def participant(identifier: str, **fields) -> dict:
    """A remote participant free on Monday 12:00–14:00 in Chicago, with any field overridden."""
    base = {
        "id": identifier,
        "timezone": "America/Chicago",
        "availability": [{"day": "mon", "start": "12:00", "end": "14:00"}],
        "modality": ["remote"],
    }
    base.update(fields)
    return base


def signup_file(participants: list[dict], **settings) -> dict:
    document = {"format": "groupformer/v1", "participants": participants}
    if settings:
        document["settings"] = settings
    return document


def remote_group(members: list[str], **changes) -> dict:
    """A hand-made remote solution group meeting Monday 12:00 Chicago (18:00 UTC), when `participant`
    defaults are free."""
    group = {
        "id": "G1",
        "members": members,
        "modality": "remote",
        "style": "formal",
        "frequency": "weekly",
        "focus": None,
        "meeting": {"utc_start": "2027-01-04T18:00:00Z", "minutes": 90, "location": None},
    }
    group.update(changes)
    return group


@pytest.fixture
def write_json(tmp_path):
    def write(document, name: str = "signups.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(copy.deepcopy(document)), encoding="utf-8")
        return path

    return write


@pytest.fixture
def chromium_path() -> Path:
    """Debian's chromium for the browser tests: skipped where it is missing, except in CI, which sets
    GROUPFORMER_REQUIRE_BROWSER=1 so that a missing browser fails instead of silently testing less."""
    if CHROMIUM.exists():
        return CHROMIUM
    missing = f"the browser tests need {CHROMIUM}: apt-get install chromium"
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{missing} ({REQUIRE_BROWSER}=1 makes them mandatory)")
    pytest.skip(missing)
