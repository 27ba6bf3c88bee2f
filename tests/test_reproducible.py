"""Reproducible by construction: a run that ends on its work budget gives the same output on any
machine and under any load; `stats.stopped_by` says what ended a run."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from conftest import INSTANCES

from groupformer.contract import SignupFile
from groupformer.generate import generate_signups
from groupformer.solve import default_work_limit, solve
from groupformer.validate import load_signups

BUSY_LOOP = "while True: pass"


def without_timings(text: str) -> dict:
    """The solution with the measurements taken out, the only fields allowed to differ between two runs
    that end on work: seconds, and the work done (when one engine of a race proves a part optimal, how
    far the other got depends on timing)."""
    solution = json.loads(text)
    stats = solution["stats"]
    for key in ("solve_seconds", "compile_seconds", "read_seconds", "work_done"):
        stats.pop(key)
    for part in stats["parts"]:
        part.pop("seconds")
        part.pop("work")
    return solution


def solve_command(signups_path, output_path) -> dict:
    arguments = ["solve", str(signups_path), "-o", str(output_path), "-q"]
    arguments += ["--work-limit", "1", "--time-limit", "300", "--workers", "1", "--seed", "3"]
    subprocess.run([sys.executable, "-m", "groupformer", *arguments], check=True)
    return without_timings(output_path.read_text())


@pytest.fixture(scope="module")
def raced_instance(tmp_path_factory):
    """200 people in several metros: one part goes to auto's race of CP-SAT and LNS in two threads."""
    path = tmp_path_factory.mktemp("signups") / "national-200.json"
    path.write_text(json.dumps(generate_signups(200, 3, shape="national")))
    return path


@pytest.mark.parametrize("instance", ["raced", "generated-200"])
def test_the_same_work_limit_gives_the_same_output_while_both_cores_are_busy(instance, raced_instance, tmp_path):
    signups_path = raced_instance if instance == "raced" else INSTANCES / "generated-200.json"
    quiet = solve_command(signups_path, tmp_path / "quiet.json")
    burners = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(2)]
    try:
        busy = solve_command(signups_path, tmp_path / "busy.json")
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert quiet["stats"]["stopped_by"] == "work"
    assert busy == quiet


def test_without_a_work_limit_the_budget_is_derived_from_the_time_limit_and_the_size_alone():
    signups = load_signups((INSTANCES / "generated-200.json").read_bytes())
    solution = solve(signups, time_limit_s=4, seed=1)
    assert solution.stats.work_limit == default_work_limit(4, 200)
    assert 0 < default_work_limit(4, 200) < default_work_limit(8, 200)
    assert default_work_limit(4, 2000) < default_work_limit(4, 200)


def test_a_work_limit_in_the_settings_is_used_when_none_is_given():
    document = generate_signups(60, 2, shape="regional")
    document["settings"]["work_limit"] = 0.3
    solution = solve(SignupFile.model_validate(document), time_limit_s=60)
    assert solution.stats.work_limit == 0.3


def test_a_run_that_proves_its_groups_optimal_says_so():
    solution = solve(load_signups((INSTANCES / "handmade-12.json").read_bytes()), time_limit_s=30)
    assert solution.status == "optimal"
    assert solution.stats.stopped_by == "optimal"


def test_a_run_cut_by_the_clock_says_so():
    signups = load_signups((INSTANCES / "generated-200.json").read_bytes())
    solution = solve(signups, time_limit_s=1.5, work_limit=1000)
    assert solution.stats.stopped_by == "time"


def test_a_run_ended_by_its_work_budget_says_so():
    signups = load_signups((INSTANCES / "generated-200.json").read_bytes())
    solution = solve(signups, time_limit_s=300, work_limit=0.2)
    assert solution.stats.stopped_by == "work"
    assert solution.stats.work_done >= 0.2


def test_a_stop_request_is_reported_as_an_interrupt():
    signups = load_signups((INSTANCES / "generated-200.json").read_bytes())
    stop = threading.Event()
    stop.set()
    solution = solve(signups, time_limit_s=60, work_limit=1000, stop_requested=stop)
    assert solution.stats.stopped_by == "interrupt"
