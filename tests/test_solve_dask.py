"""`solve` on a Dask cluster (`--scheduler`, `--cluster local:N`, the library's `cluster=`): each
independent part is a task, and with a work limit and one worker the output is the local run's apart
from timings; clear errors for what cannot work."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from importlib.util import find_spec

import pytest
from click.testing import CliRunner
from test_part_tasks import regions_signups
from test_reproducible import without_timings

import groupformer
from groupformer import cluster as cluster_module
from groupformer.cli import main
from groupformer.compile import compile_problem
from groupformer.search.control import SearchControl
from groupformer.search.parts import solve_problem

needs_dask = pytest.mark.skipif(
    find_spec("distributed") is None, reason="Dask is an optional extra: pip install 'groupformer[dask]'"
)
REPEATABLE = ["--work-limit", "0.5", "--seed", "3", "--workers", "1", "--time-limit", "120", "-q"]


@pytest.fixture(scope="module")
def regions(tmp_path_factory):
    """Sign-ups of three far-apart regions: several independent parts."""
    path = tmp_path_factory.mktemp("signups") / "regions.json"
    path.write_text(json.dumps(regions_signups(3, 20)))
    return path


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each, started once for the module; its scheduler's address."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local.scheduler_address


def solved(signups_path, output_path, *options: str):
    result = CliRunner().invoke(main, ["solve", str(signups_path), "-o", str(output_path), *REPEATABLE, *options])
    assert result.exit_code == 0, result.output
    return without_timings(output_path.read_text())


@needs_dask
def test_solve_on_a_local_cluster_gives_the_output_of_a_local_run_apart_from_timings(regions, tmp_path):
    here = solved(regions, tmp_path / "here.json")
    there = solved(regions, tmp_path / "there.json", "--cluster", "local:2")
    assert len(here["stats"]["parts"]) >= 3
    assert there == here


@needs_dask
def test_the_library_solve_on_a_running_cluster_reports_each_part_done_and_matches_a_local_run(regions, cluster):
    signups = groupformer.load_signups(regions)
    done: list[groupformer.PartDone] = []
    options = {"work_limit": 0.5, "seed": 3, "workers": 1, "time_limit": 120}
    there = groupformer.solve(
        signups,
        **options,
        cluster=groupformer.Cluster(scheduler=cluster),
        progress=lambda event: done.append(event) if isinstance(event, groupformer.PartDone) else None,
    )
    here = groupformer.solve(signups, **options)
    assert without_timings(there.model_dump_json()) == without_timings(here.model_dump_json())
    assert [event.parts_done for event in done] == list(range(1, done[0].parts + 1))


@needs_dask
def test_parts_not_back_when_the_time_is_up_keep_their_greedy_groups(regions, cluster):
    problem = compile_problem(groupformer.load_signups(regions))
    control = SearchControl(time.monotonic(), work_limit=0.5)
    with cluster_module.Cluster(scheduler=cluster).client() as client:
        outcome = solve_problem(problem, 3, 1, "auto", control, runner=cluster_module.ClusterParts(client))
    searchable = [part for part in outcome.parts if part.people >= problem.group_size_min]
    assert {part.method for part in searchable} <= {"greedy (not searched)", "greedy (stopped)"}
    assert outcome.groups and outcome.objective_micro == outcome.greedy_objective_micro
    assert control.stopped_by(False) == "time"


@needs_dask
def test_a_worker_killed_mid_solve_has_its_parts_sent_again_and_the_groups_stay_the_same(regions, cluster):
    problem = compile_problem(groupformer.load_signups(regions))
    run = (problem, 3, 1, "search")
    here = solve_problem(*run, SearchControl(time.monotonic() + 300, work_limit=3))
    killed: list[int] = []

    def kill_a_busy_worker_once(progress) -> None:
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy and not killed:
            killed.append(client.run(os.getpid, workers=busy[:1])[busy[0]])
            os.kill(killed[0], signal.SIGKILL)

    with cluster_module.Cluster(scheduler=cluster).client() as client:
        control = SearchControl(time.monotonic() + 300, kill_a_busy_worker_once, work_limit=3)
        there = solve_problem(*run, control, runner=cluster_module.ClusterParts(client))
    assert killed
    assert there.groups == here.groups
    assert (there.objective_micro, there.bound_micro) == (here.objective_micro, here.bound_micro)


def test_a_scheduler_and_a_local_cluster_together_are_a_usage_error(regions, tmp_path):
    result = CliRunner().invoke(
        main, ["solve", str(regions), "--scheduler", "tcp://127.0.0.1:1", "--cluster", "local:2", "-q"]
    )
    assert result.exit_code == 2
    assert "--scheduler and --cluster cannot be combined" in result.output


def test_solve_on_a_cluster_without_dask_installed_exits_2_naming_the_extra(regions, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(main, ["solve", str(regions), "--cluster", "local:2", "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 2
    assert "pip install 'groupformer[dask]'" in result.output
    assert not (tmp_path / "out.json").exists()


@needs_dask
def test_solve_with_an_unreachable_scheduler_exits_2_naming_its_address(regions, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT_S", 1)
    result = CliRunner().invoke(main, ["solve", str(regions), "--scheduler", "tcp://127.0.0.1:1", "-q"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.output
