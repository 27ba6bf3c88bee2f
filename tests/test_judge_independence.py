"""The judge stays independent of the solver: its modules import nothing of groupformer but the contract
and the neutral conversions of groupformer.timegeo, so a bug in the solver cannot also be in the check."""

from __future__ import annotations

import ast
from importlib import import_module
from pathlib import Path

import pytest

# By import_module: `groupformer.evaluate` as an attribute is the public API's function, not the package.
JUDGE = Path(import_module("groupformer.evaluate").__file__).parent
NEUTRAL = Path(import_module("groupformer.timegeo").__file__)
SOURCES = JUDGE.parent.parent
JUDGE_MAY_IMPORT = ("groupformer.contract", "groupformer.timegeo", "groupformer.evaluate")


def _is_within(module: str, allowed: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in allowed)


def forbidden_imports(source: str, package: str, allowed: tuple[str, ...]) -> list[str]:
    """The groupformer modules an import in `source` reaches outside `allowed`; relative imports are
    resolved against `package`, and `from X import name` counts as X.name when X itself is not allowed."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            if _is_within(base, allowed):
                continue
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [
            target
            for target in targets
            if (target == "groupformer" or target.startswith("groupformer.")) and not _is_within(target, allowed)
        ]
    return found


def _package_of(path: Path) -> str:
    return ".".join(path.parent.relative_to(SOURCES).parts)


def test_every_module_of_the_judge_imports_only_the_contract_and_the_neutral_conversions():
    modules = sorted(JUDGE.rglob("*.py"))
    assert JUDGE / "__init__.py" in modules
    for path in modules:
        assert forbidden_imports(path.read_text(), _package_of(path), JUDGE_MAY_IMPORT) == [], path.name


def test_the_neutral_conversions_import_nothing_from_groupformer():
    assert forbidden_imports(NEUTRAL.read_text(), _package_of(NEUTRAL), ()) == []


@pytest.mark.parametrize(
    "line",
    [
        "import groupformer.solve",
        "import groupformer",
        "from groupformer.search.local import improve",
        "from groupformer import solve",
        "from groupformer.compile import geo",
        "from .. import problem",
        "from ..compile.scores import score_group",
        "def later():\n    from groupformer.problem import Problem",
    ],
)
def test_an_import_of_the_solver_is_caught_however_it_is_written(line):
    assert forbidden_imports(line, "groupformer.evaluate", JUDGE_MAY_IMPORT) != []


@pytest.mark.parametrize(
    "line",
    [
        "import math",
        "from groupformer.contract import Group",
        "from groupformer import contract, timegeo",
        "from groupformer.evaluate.rules import group_violations",
        "from .rules import group_violations",
        "from . import history",
        "from ..timegeo import parse_utc",
    ],
)
def test_the_contract_the_neutral_conversions_and_the_judge_itself_may_be_imported(line):
    assert forbidden_imports(line, "groupformer.evaluate", JUDGE_MAY_IMPORT) == []
