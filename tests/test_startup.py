"""Start-up: the quick commands load none of the solver, and the tabu search's compiled step loop is
cached where any install can write it, its first compile announced."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import INSTANCES

from groupformer.search import numba_cache
from groupformer.search.tabu import compile_ahead


def modules_imported(*arguments: str) -> set[str]:
    """The modules `python -X importtime -m groupformer ARGUMENTS` imported, from its import-time log."""
    command = [sys.executable, "-X", "importtime", "-m", "groupformer", *arguments]
    log = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    return {line.rsplit("|", 1)[1].strip() for line in log.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["validate", str(INSTANCES / "example.json")], ["schema", "input"]],
    ids=["help", "validate", "schema"],
)
def test_quick_commands_import_neither_numba_nor_ortools_nor_the_search(arguments):
    imported = modules_imported(*arguments)
    solver = {name for name in imported if name.split(".")[0] in ("numba", "ortools")}
    solver |= {name for name in imported if name.startswith("groupformer.search")}
    assert "groupformer.cli" in imported and not solver


def test_without_numba_cache_dir_the_step_loop_is_cached_in_the_users_cache_folder(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "NUMBA_CACHE_DIR"}
    environment["XDG_CACHE_HOME"] = str(tmp_path)
    probe = "import numba, groupformer.search.tabu; print(numba.config.CACHE_DIR)"
    printed = subprocess.run([sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == str(tmp_path / "groupformer" / "numba")


def test_a_cache_dir_the_user_set_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    assert numba_cache.cache_dir() == tmp_path


def test_the_first_compile_into_a_cache_is_announced_and_later_ones_are_not(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    heard: list[str] = []
    compile_ahead(heard.append)
    compile_ahead(heard.append)
    assert len(heard) == 1 and heard[0].startswith("compiling the tabu search (once after install")
