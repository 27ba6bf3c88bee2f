"""Which modules may never import which: the one-way flow parse/validate → compile → search → result, with
the judge, the exports and the command line kept apart (docs/solver.md, "Modules"). A test per rule, so
a change that crosses a line fails here, not later in a review."""

from __future__ import annotations

import pytest
from conftest import SOURCES, forbidden_imports, package_of

PACKAGE = SOURCES / "groupformer"
TOP_LEVEL = sorted(
    {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    | {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
)

NEVER = {
    "contract": [name for name in TOP_LEVEL if name != "contract"],
    "compile": ["search", "solve", "result", "evaluate", "export", "explain", "api", "bench", "formimport", "cli"],
    "search": ["contract", "evaluate", "result", "solve", "export", "explain", "api", "bench", "formimport", "cli"],
    "export": ["search", "solve", "compile", "explain", "result", "api", "cli"],
    "formimport": ["search", "solve", "compile", "evaluate", "result", "export", "explain", "api", "cli"],
}


def modules_of(layer: str) -> list:
    folder = PACKAGE / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{layer}.py"]


def test_every_layer_named_here_exists():
    for layer, denied in NEVER.items():
        assert modules_of(layer), layer
        assert set(denied) <= set(TOP_LEVEL) | {"cli"}, layer


@pytest.mark.parametrize("layer", sorted(NEVER))
def test_a_layer_imports_none_of_the_modules_it_must_never_import(layer):
    allowed = tuple(f"groupformer.{name}" for name in TOP_LEVEL if not _denied(name, NEVER[layer]))
    for path in modules_of(layer):
        assert forbidden_imports(path.read_text(), package_of(path), allowed) == [], path.relative_to(PACKAGE)


def _denied(name: str, denied: list[str]) -> bool:
    """`cli` stands for the command line's modules, cli.py and cli_*.py."""
    return name in denied or ("cli" in denied and name.startswith("cli"))


def test_a_forbidden_import_is_caught():
    allowed = tuple(f"groupformer.{name}" for name in TOP_LEVEL if not _denied(name, NEVER["search"]))
    assert forbidden_imports("from groupformer.evaluate import evaluate", "groupformer.search", allowed) != []
