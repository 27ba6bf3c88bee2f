"""The MDGP: its file format, the tabu search's incremental gains, and known optima of tiny instances."""

from __future__ import annotations

import itertools
import math
import time
from pathlib import Path

import numpy as np
import pytest

from groupformer.mdgp import MdgpFormatError, partition_value, read_instance, to_partition_problem
from groupformer.partition_problem import PartitionProblem
from groupformer.search.control import Budget, SearchControl
from groupformer.search.memetic import compile_ahead
from groupformer.search.partition import solve_partition
from groupformer.search.tabu import PartitionState, random_partition, tabu_partition


@pytest.fixture(scope="module", autouse=True)
def compiled_search():
    """Compile the step loop before any timed search (on a fresh machine numba takes seconds)."""
    compile_ahead()


def write_instance(path: Path, distance: np.ndarray, bounds: list[tuple[int, int]], group_type: str = "ds") -> Path:
    count = len(distance)
    header = f"{count} {len(bounds)} {group_type} " + " ".join(f"{low} {high}" for low, high in bounds) + " \n"
    pairs = "".join(f"{i} {j} {distance[i, j]:.3f}\n" for i in range(count) for j in range(i + 1, count))
    path.write_text(header + pairs, encoding="ascii")
    return path


def random_distances(count: int, seed: int) -> np.ndarray:
    upper = np.triu(np.round(np.random.default_rng(seed).uniform(0, 100, (count, count)), 3), 1)
    return upper + upper.T


def brute_force_optimum(distance: np.ndarray, bounds: list[tuple[int, int]]) -> float:
    """Every labelling of the items, kept when each group's size is within its bounds."""
    best = -np.inf
    for labels in itertools.product(range(len(bounds)), repeat=len(distance)):
        sizes = np.bincount(labels, minlength=len(bounds))
        if all(low <= size <= high for size, (low, high) in zip(sizes, bounds)):
            same = np.equal.outer(labels, labels)
            best = max(best, float((distance * same).sum() / 2))
    return best


def test_instance_file_gives_a_symmetric_distance_matrix_and_per_group_bounds(tmp_path):
    distance = random_distances(6, 1)
    instance = read_instance(write_instance(tmp_path / "Tiny_n006_ds_01.txt", distance, [(2, 3), (3, 4)]))
    assert instance.name == "Tiny_n006_ds_01"
    assert np.allclose(instance.distance, distance)
    assert instance.size_min.tolist() == [2, 3] and instance.size_max.tolist() == [3, 4]


@pytest.mark.parametrize(
    "header, message",
    [
        ("4 2 xx 2 2 2 2", "line 1"),
        ("4 2 ss 2 2 2", "need 4 bounds"),
        ("4 2 ss 3 2 2 2", "a_g <= b_g"),
        ("9 2 ss 2 2 2 2", "do not fit"),
    ],
)
def test_a_bad_first_line_is_reported_with_its_line(tmp_path, header, message):
    path = tmp_path / "bad.txt"
    path.write_text(header + "\n0 1 1\n0 2 1\n0 3 1\n1 2 1\n1 3 1\n2 3 1\n", encoding="ascii")
    with pytest.raises(MdgpFormatError, match=message):
        read_instance(path)


def test_a_missing_pair_line_is_reported(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("4 2 ss 2 2 2 2\n0 1 1\n0 2 1\n0 3 1\n1 2 1\n1 3 1\n", encoding="ascii")
    with pytest.raises(MdgpFormatError, match="expected 6 lines"):
        read_instance(path)


def test_a_pair_given_twice_in_place_of_another_is_reported(tmp_path):
    path = tmp_path / "twice.txt"
    path.write_text("4 2 ss 2 2 2 2\n0 1 1\n0 2 1\n0 3 1\n1 2 1\n1 3 1\n0 1 1\n", encoding="ascii")
    with pytest.raises(MdgpFormatError, match="missing"):
        read_instance(path)


def test_a_pair_with_its_indices_out_of_order_is_reported_with_its_line(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("4 2 ss 2 2 2 2\n0 1 1\n0 2 1\n3 0 1\n1 2 1\n1 3 1\n2 3 1\n", encoding="ascii")
    with pytest.raises(MdgpFormatError, match="line 4"):
        read_instance(path)


def test_running_gains_equal_recomputation_after_random_moves_and_swaps():
    """A swap is two moves, the partner's first, as the search's step loop applies it."""
    rng = np.random.default_rng(3)
    distance = random_distances(30, 3)
    size_min, size_max = np.array([4, 5, 6, 5]), np.array([9, 8, 10, 9])
    state = PartitionState(distance, random_partition(size_min, size_max, 30, rng), 4)
    for _ in range(300):
        item, partner = (int(index) for index in rng.choice(30, size=2, replace=False))
        if rng.random() < 0.5:
            home, there = int(state.labels[item]), int(state.labels[partner])
            state.move(partner, home)
            state.move(item, there)
        else:
            state.move(item, int(rng.integers(4)))
        fresh = PartitionState(distance, state.labels, 4)
        assert np.allclose(state.weight_to, fresh.weight_to)
        assert state.value == pytest.approx(fresh.value)
        assert state.sizes.tolist() == fresh.sizes.tolist()


def for_seconds(seconds: float) -> Budget:
    """A budget the clock ends: `seconds` from now, no work limit."""
    deadline = time.monotonic() + seconds
    return Budget(SearchControl(deadline), deadline, math.inf)


@pytest.mark.parametrize("seed", range(3))
def test_tabu_search_finds_the_brute_force_optimum_of_tiny_instances(seed):
    distance = random_distances(9, seed)
    bounds = [(2, 4), (3, 3), (2, 5)]
    size_min, size_max = np.array([low for low, _ in bounds]), np.array([high for _, high in bounds])
    rng = np.random.default_rng(seed)
    result = tabu_partition(distance, size_min, size_max, rng, for_seconds(60), max_steps=20_000)
    assert result.value == pytest.approx(brute_force_optimum(distance, bounds))


def test_tabu_partitions_keep_every_group_within_its_own_bounds():
    distance = random_distances(40, 7)
    size_min, size_max = np.array([3, 8, 10, 5]), np.array([6, 12, 14, 9])
    result = tabu_partition(distance, size_min, size_max, np.random.default_rng(0), for_seconds(0.5))
    sizes = np.bincount(result.labels, minlength=4)
    assert np.all(size_min <= sizes) and np.all(sizes <= size_max)
    groups = [np.flatnonzero(result.labels == group) for group in range(4)]
    assert result.value == pytest.approx(sum(distance[np.ix_(g, g)].sum() / 2 for g in groups))


def solved_by_the_partition_engine(
    folder: Path, seed: int, bounds: list[tuple[int, int]], workers: int, seconds: float
):
    """A tiny random instance written to a file, read back, and solved by the partition engine."""
    instance = read_instance(write_instance(folder / "Tiny_n009_ds_01.txt", random_distances(9, seed), bounds))
    control = SearchControl(time.monotonic() + seconds)
    outcome = solve_partition(to_partition_problem(instance), seed=0, workers=workers, control=control)
    return instance, outcome, [list(members) for members in outcome.groups]


def test_an_instance_file_is_solved_to_its_optimum_within_each_groups_bounds(tmp_path):
    bounds = [(3, 3), (2, 4), (2, 4)]
    instance, outcome, groups = solved_by_the_partition_engine(tmp_path, 5, bounds, workers=1, seconds=1.0)
    assert [low <= len(members) <= high for members, (low, high) in zip(groups, bounds)] == [True] * 3
    assert partition_value(instance, groups) == pytest.approx(brute_force_optimum(instance.distance, bounds))
    assert outcome.bound_micro >= outcome.objective_micro


def run_bench(arguments: list[str]):
    from click.testing import CliRunner

    from groupformer.cli import main

    return CliRunner().invoke(main, ["bench", "mdgp", *arguments])


@pytest.fixture
def instance_folder(tmp_path) -> Path:
    folder = tmp_path / "instances"
    folder.mkdir()
    write_instance(folder / "Tiny_n009_ds_01.txt", random_distances(9, 1), [(2, 4), (3, 3), (2, 5)])
    write_instance(folder / "Tiny_n008_ss_01.txt", random_distances(8, 2), [(4, 4), (4, 4)], group_type="ss")
    optimum = brute_force_optimum(random_distances(9, 1), [(2, 4), (3, 3), (2, 5)])
    table = f"instance,n,m,best_known,source\nTiny_n009_ds_01,9,3,{optimum},brute force\n"
    (folder / "best_known.csv").write_text(table)
    return folder


def test_bench_writes_each_instance_with_its_partition_and_a_report(instance_folder, tmp_path):
    import json

    out = tmp_path / "results"
    result = run_bench([str(instance_folder), "--time-limit", "0.3", "--seeds", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "Tiny_n009_ds_01.json").read_text())
    assert {"instance", "objective", "seconds", "groups"} <= set(record)
    assert [len(members) for members in record["groups"]][1] == 3
    assert record["gap_percent"] == pytest.approx(0.0, abs=1e-6)
    assert len(record["runs"]) == 2
    assert "| Tiny | 9 | all | 1 |" in (out / "report.md").read_text()
    assert json.loads((out / "Tiny_n008_ss_01.json").read_text())["best_known"] is None


def test_bench_resumes_without_recomputing_finished_runs(instance_folder, tmp_path):
    out = tmp_path / "results"
    assert run_bench([str(instance_folder), "--time-limit", "0.3", "--out", str(out)]).exit_code == 0
    run_file = out / "runs" / "Tiny_n009_ds_01" / "seed-0.json"
    first_written = run_file.stat().st_mtime_ns
    assert run_bench([str(instance_folder), "--time-limit", "0.3", "--out", str(out)]).exit_code == 0
    assert run_file.stat().st_mtime_ns == first_written


def test_bench_runs_again_for_another_search_or_clock(instance_folder, tmp_path):
    import json

    out = tmp_path / "results"
    run_file = out / "runs" / "Tiny_n009_ds_01" / "seed-0.json"
    searches = [[], ["--search", "iterated"], ["--search", "iterated", "--clock", "wall"]]
    recorded = []
    for search in searches:
        assert run_bench([str(instance_folder), "--time-limit", "0.3", "--out", str(out), *search]).exit_code == 0
        run = json.loads(run_file.read_text())
        recorded.append((run["search"], run["clock"]))
    assert recorded == [("memetic", "cpu"), ("iterated", "cpu"), ("iterated", "wall")]


def test_bench_runs_jobs_in_parallel_processes(instance_folder, tmp_path):
    out = tmp_path / "results"
    result = run_bench([str(instance_folder), "--time-limit", "0.3", "--jobs", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (out / "runs").iterdir()) == ["Tiny_n008_ss_01", "Tiny_n009_ds_01"]


def test_bench_on_a_missing_path_exits_2_naming_it(tmp_path):
    result = run_bench([str(tmp_path / "nowhere"), "--out", str(tmp_path / "results")])
    assert result.exit_code == 2
    assert "nowhere: no such file or folder" in result.output
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize("seed", range(5))
def test_starting_sizes_hold_the_most_pairs_any_sizes_within_the_bounds_could(seed):
    from groupformer.search.tabu import pair_rich_sizes

    rng = np.random.default_rng(seed)
    size_min = rng.integers(1, 4, size=4)
    size_max = size_min + rng.integers(0, 4, size=4)
    item_count = int(rng.integers(size_min.sum(), size_max.sum() + 1))
    sizes = pair_rich_sizes(size_min, size_max, item_count)
    assert sizes.sum() == item_count and np.all(size_min <= sizes) and np.all(sizes <= size_max)
    every_choice = itertools.product(*[range(low, high + 1) for low, high in zip(size_min, size_max)])
    most = max(sum(s * (s - 1) // 2 for s in choice) for choice in every_choice if sum(choice) == item_count)
    assert int((sizes * (sizes - 1) // 2).sum()) == most


def test_several_workers_run_independent_searches_and_keep_the_best(tmp_path):
    bounds = [(2, 4), (3, 3), (2, 5)]
    instance, _, groups = solved_by_the_partition_engine(tmp_path, 2, bounds, workers=2, seconds=0.5)
    assert partition_value(instance, groups) == pytest.approx(brute_force_optimum(instance.distance, bounds))


def test_bench_on_a_file_with_a_bad_pair_line_exits_2_naming_file_and_line(tmp_path):
    folder = tmp_path / "instances"
    folder.mkdir()
    (folder / "Bad_n004_ss_01.txt").write_text("4 2 ss 2 2 2 2\n0 1 1\n0 2 1\n3 0 1\n1 2 1\n1 3 1\n2 3 1\n")
    result = run_bench([str(folder), "--time-limit", "0.3", "--out", str(tmp_path / "results")])
    assert result.exit_code == 2
    assert "Bad_n004_ss_01.txt: line 4" in result.output
    assert "Traceback" not in result.output


def test_the_partition_engine_with_a_work_limit_repeats_its_groups_for_the_same_seed():
    problem = PartitionProblem(random_distances(40, 4), np.array([6, 8, 10, 8]), np.array([10, 12, 14, 12]))

    def solved() -> tuple[list[tuple[int, ...]], SearchControl]:
        control = SearchControl(time.monotonic() + 60, work_limit=0.001)
        return solve_partition(problem, seed=7, workers=2, control=control).groups, control

    (first, first_control), (second, second_control) = solved(), solved()
    assert not first_control.clock_stopped and not second_control.clock_stopped
    assert first == second
