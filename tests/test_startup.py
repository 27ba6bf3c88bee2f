"""Start-up: the quick commands load none of the solver, and the tabu search's compiled step loop is
cached where any install can write it, its first compile announced."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import INSTANCES

from groupformer.cli import main
from groupformer.search import numba_cache


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


def test_bench_mdgp_announces_the_first_compile_into_an_empty_cache_only(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "cache"))
    instance = tmp_path / "Tiny_n004_ss_01.txt"
    instance.write_text("4 2 ss 2 2 2 2 \n0 1 1\n0 2 2\n0 3 3\n1 2 4\n1 3 5\n2 3 6\n", encoding="ascii")
    outputs = [
        CliRunner().invoke(main, ["bench", "mdgp", str(instance), "--time-limit", "0.1", "--out", str(tmp_path / out)])
        for out in ("first", "second")
    ]
    notices = [result.output.count("compiling the MDGP search (once after install") for result in outputs]
    assert notices == [1, 0]
