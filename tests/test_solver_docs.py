"""The module map of docs/solver.md names every module of the package, so a reader can find each."""

from __future__ import annotations

from pathlib import Path

from conftest import SOURCES

MAP = Path(__file__).resolve().parent.parent / "docs" / "solver.md"


def test_the_module_map_names_every_module():
    text = MAP.read_text(encoding="utf-8")
    package = SOURCES / "groupformer"
    missing = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path.name != "__init__.py" and path.name not in text
    ]
    assert missing == []
