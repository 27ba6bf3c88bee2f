"""The judge stays independent of the solver: its modules import nothing of groupformer but the contract
and the neutral conversions of groupformer.timegeo, so a bug in the solver cannot also be in the check."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
from conftest import forbidden_imports, package_of

# By import_module: `groupformer.evaluate` as an attribute is the public API's function, not the package.
JUDGE = Path(import_module("groupformer.evaluate").__file__).parent
NEUTRAL = Path(import_module("groupformer.timegeo").__file__)
JUDGE_MAY_IMPORT = ("groupformer.contract", "groupformer.timegeo", "groupformer.evaluate")


def test_every_module_of_the_judge_imports_only_the_contract_and_the_neutral_conversions():
    modules = sorted(JUDGE.rglob("*.py"))
    assert JUDGE / "__init__.py" in modules
    for path in modules:
        assert forbidden_imports(path.read_text(), package_of(path), JUDGE_MAY_IMPORT) == [], path.name


def test_the_neutral_conversions_import_nothing_from_groupformer():
    assert forbidden_imports(NEUTRAL.read_text(), package_of(NEUTRAL), ()) == []


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
