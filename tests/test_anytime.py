"""Anytime behaviour: the time limit holds, and a stop request still yields a valid solution."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import INSTANCES

from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.events import Improved
from groupformer.generate import generate_signups
from groupformer.solve import solve
from groupformer.summary import ProgressLine
from groupformer.validate import load_signups


def test_a_stop_requested_before_the_search_returns_the_greedy_solution_at_once():
    signups = SignupFile.model_validate(generate_signups(300, 2))
    stop = threading.Event()
    stop.set()
    started = time.monotonic()
    solution = solve(signups, time_limit_s=60, stop_requested=stop)
    assert time.monotonic() - started < 20
    assert solution.stats.stopped_by == "interrupt"
    assert solution.status == "feasible"
    assert solution.stats.assigned == solution.stats.greedy_assigned
    assert evaluate(signups, solution).valid


def test_a_stop_requested_during_the_search_ends_it_early_with_a_valid_solution():
    signups = load_signups((INSTANCES / "generated-1000.json").read_bytes())
    stop = threading.Event()
    threading.Timer(3.0, stop.set).start()
    started = time.monotonic()
    solution = solve(signups, time_limit_s=120, stop_requested=stop)
    assert time.monotonic() - started < 30
    assert solution.stats.stopped_by == "interrupt"
    assert evaluate(signups, solution).valid


def test_progress_is_reported_with_whole_totals():
    signups = load_signups((INSTANCES / "generated-200.json").read_bytes())
    seen = []
    solve(signups, time_limit_s=3, on_progress=seen.append)
    assert seen
    assert all(0 <= progress.assigned <= 200 for progress in seen)
    assert all(progress.objective_micro <= progress.bound_micro for progress in seen)
    assert seen[-1].parts_done == seen[-1].parts


def test_a_short_time_limit_is_kept_including_compilation():
    signups = load_signups((INSTANCES / "generated-1000.json").read_bytes())
    started = time.monotonic()
    solution = solve(signups, time_limit_s=3)
    assert time.monotonic() - started < 3 + 2
    assert evaluate(signups, solution).valid


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_interrupting_the_command_writes_the_best_solution_so_far(signal_number, tmp_path):
    output = tmp_path / "solution.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "groupformer", "solve", str(INSTANCES / "generated-1000.json"), "-o", str(output)]
        + ["--time-limit", "120"],
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)
    process.send_signal(signal_number)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "stopping: writing the best solution found so far" in errors
    solution = json.loads(output.read_text())
    assert solution["stats"]["stopped_by"] == "interrupt"
    report = subprocess.run(
        [sys.executable, "-m", "groupformer", "evaluate", str(INSTANCES / "generated-1000.json"), str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert report.returncode == 0


@pytest.mark.parametrize("engine", ["auto", "exact", "search"])
def test_every_engine_returns_a_solution_the_evaluator_accepts(engine):
    signups = SignupFile.model_validate(generate_signups(90, 4, shape="regional"))
    solution = solve(signups, time_limit_s=3, engine=engine)
    assert solution.stats.engine == engine
    assert evaluate(signups, solution).valid
    assert solution.objective >= solution.stats.greedy_objective


def test_progress_line_shows_a_bar_of_time_used_then_assigned_objective_bound_and_parts():
    line = ProgressLine(200, 10.0, lambda text: None).render(
        Improved(objective=30_000.5, bound=32_000.0, assigned=150, parts_done=2, parts=5, elapsed_s=1.0),
        elapsed_s=4.25,
    )
    assert line == (
        "[########............]    4.2/10 s  assigned 150/200  objective 30000.500  bound 32000.000  parts 2/5"
    )
