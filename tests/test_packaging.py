"""The package works when installed from its wheel and run outside the checkout: everything it reads at
run time (the default import mapping, the schemas) travels inside the package."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import INSTANCES

ROOT = Path(__file__).resolve().parent.parent


def run(command: list, cwd: Path) -> str:
    finished = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, f"{command}: {finished.stderr}"
    return finished.stdout


@pytest.mark.slow
def test_the_wheel_in_a_fresh_environment_runs_outside_the_checkout(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path / "wheel")], tmp_path)
    [wheel] = (tmp_path / "wheel").glob("groupformer-*.whl")

    environment = tmp_path / "environment"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    run([python, "-m", "pip", "install", "--no-deps", "-q", str(wheel)], tmp_path)
    # The dependencies come from the test's own environment, so no download is needed to install them.
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).strip()
    (Path(purelib) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(INSTANCES / "sample-form.csv", elsewhere / "form.csv")
    groupformer = str(environment / "bin" / "groupformer")
    assert run([python, "-c", "import groupformer; print(groupformer.__file__)"], elsewhere).startswith(
        str(environment)
    )
    assert "Usage: groupformer" in run([groupformer, "--help"], elsewhere)
    assert json.loads(run([groupformer, "schema", "input"], elsewhere))["title"] == "SignupFile"
    signups = json.loads(run([groupformer, "import", "form.csv", "-q"], elsewhere))
    assert len(signups["participants"]) == 40
