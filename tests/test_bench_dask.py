"""Benchmarks on a Dask cluster (`--scheduler`, `--cluster local:N`): the same runs as on this machine,
every one saved once even when a worker dies, and clear errors for what cannot work."""

from __future__ import annotations

import json
import os
import signal
import sys
from importlib.util import find_spec

import pytest
from click.testing import CliRunner
from test_mdgp import random_distances, run_bench, write_instance

from groupformer import cluster as cluster_module
from groupformer.bench import executors, mdgp_runner
from groupformer.cli import main
from groupformer.generate import generate_signups

needs_dask = pytest.mark.skipif(
    find_spec("distributed") is None, reason="Dask is an optional extra: pip install 'groupformer[dask]'"
)
# A work limit ends each run after the same steps anywhere, so the cluster's runs can equal the local ones.
REPEATABLE = ["--work-limit", "0.001", "--seeds", "2"]


@pytest.fixture(scope="module")
def instance_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("instances")
    write_instance(folder / "Tiny_n009_ds_01.txt", random_distances(9, 1), [(2, 4), (3, 3), (2, 5)])
    write_instance(folder / "Tiny_n008_ss_01.txt", random_distances(8, 2), [(4, 4), (4, 4)], group_type="ss")
    return folder


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each, started once for the module; its scheduler's address."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local.scheduler_address


def saved_runs(out) -> dict[str, dict]:
    return {str(path.relative_to(out)): json.loads(path.read_text()) for path in (out / "runs").rglob("*.json")}


@needs_dask
def test_a_cluster_gives_the_same_partitions_as_this_machine_for_the_same_seeds(instance_folder, cluster, tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    assert run_bench([str(instance_folder), *REPEATABLE, "--out", str(here)]).exit_code == 0
    result = run_bench([str(instance_folder), *REPEATABLE, "--scheduler", cluster, "--out", str(there)])
    assert result.exit_code == 0, result.output
    local, remote = saved_runs(here), saved_runs(there)
    assert len(remote) == 4 and remote.keys() == local.keys()
    for name, run in remote.items():
        assert (run["objective"], run["groups"]) == (local[name]["objective"], local[name]["groups"]), name


@needs_dask
def test_a_local_cluster_option_starts_its_workers_and_runs_every_job(instance_folder, tmp_path):
    result = run_bench([str(instance_folder), *REPEATABLE, "--cluster", "local:2", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(saved_runs(tmp_path)) == 4


@needs_dask
def test_a_worker_killed_mid_run_loses_no_run_and_saves_none_twice(instance_folder, cluster, tmp_path, monkeypatch):
    saved: list[tuple[str, int]] = []
    keep = mdgp_runner._saved
    monkeypatch.setattr(
        mdgp_runner, "_saved", lambda run, out: saved.append((run["instance"], run["seed"])) or keep(run, out)
    )
    killed: list[int] = []

    def kill_a_busy_worker_after_the_first_run(run, reused):
        if len(saved) == 1:
            busy = next(worker for worker, keys in client.processing().items() if keys)
            killed.append(client.run(os.getpid, workers=[busy])[busy])
            os.kill(killed[0], signal.SIGKILL)

    files = sorted(instance_folder.glob("*.txt"))
    jobs = [mdgp_runner.Job(file, seed, 0.4, 1) for file in files for seed in range(4)]
    with executors.DaskCluster(scheduler=cluster) as executor:
        client = executor.client
        mdgp_runner.run_all(jobs, tmp_path, executor, kill_a_busy_worker_after_the_first_run)
        assert killed and killed[0] not in client.run(os.getpid).values()
    assert sorted(saved) == sorted((file.stem, seed) for file in files for seed in range(4))
    assert len(saved_runs(tmp_path)) == 8


@needs_dask
def test_a_suite_on_a_cluster_judges_and_saves_every_run(cluster, tmp_path):
    folder = tmp_path / "signups"
    folder.mkdir()
    (folder / "metro.json").write_text(json.dumps(generate_signups(18, 1, shape="one_metro")), encoding="utf-8")
    only_two = ["--config", "auto", "--config", "greedy", "--time-limit", "0.5"]
    result = CliRunner().invoke(
        main, ["bench", "suite", str(folder), *only_two, "--scheduler", cluster, "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert all(run["valid"] for run in saved_runs(tmp_path / "out").values())
    assert len(saved_runs(tmp_path / "out")) == 2


def test_a_cluster_not_written_local_n_is_a_usage_error(instance_folder, tmp_path):
    result = run_bench([str(instance_folder), "--cluster", "2", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "expected local:N" in result.output


def test_jobs_and_a_cluster_together_are_a_usage_error(instance_folder, tmp_path):
    result = run_bench([str(instance_folder), "--jobs", "2", "--cluster", "local:2", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "--jobs and --cluster cannot be combined" in result.output


def test_a_cluster_without_dask_installed_exits_2_naming_the_extra(instance_folder, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run_bench([str(instance_folder), "--cluster", "local:2", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "pip install 'groupformer[dask]'" in result.output
    assert not (tmp_path / "out").exists()


@needs_dask
def test_an_unreachable_scheduler_exits_2_naming_its_address(instance_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT_S", 1)
    result = run_bench([str(instance_folder), "--scheduler", "tcp://127.0.0.1:1", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.output
