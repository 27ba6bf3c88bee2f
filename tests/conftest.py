"""Shared helpers: small sign-up files written as dicts, so each test shows its whole instance."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

INSTANCES = Path(__file__).resolve().parent.parent / "instances"


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


@pytest.fixture
def write_json(tmp_path):
    def write(document, name: str = "signups.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(copy.deepcopy(document)), encoding="utf-8")
        return path

    return write
