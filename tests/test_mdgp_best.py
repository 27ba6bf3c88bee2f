"""The literature's protocol for `bench mdgp` (best, average and worst over seeds, TPSDP's average-run gap
beside ours, the reference values from a folder the user names) and kept new best partitions, verified
from the instance file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from groupformer.bench.mdgp_best import keep_new_bests, verify_kept
from groupformer.bench.mdgp_report import (
    Reference,
    beats_best_known,
    group_averages,
    instance_summary,
    markdown_report,
)
from groupformer.cli import main
from groupformer.mdgp import InvalidPartition, read_instance, verified_value

# Four items in two groups of exactly two; d01 = 1, d02 = 2, d03 = 3, d12 = 4, d13 = 5, d23 = 10, so
# {0, 1} and {2, 3} (11) is the optimum and the other two partitions are worth 7.
SQUARE = "4 2 ss 2 2 2 2 \n0 1 1\n0 2 2\n0 3 3\n1 2 4\n1 3 5\n2 3 10\n"


@pytest.fixture
def square(tmp_path) -> Path:
    path = tmp_path / "Tiny_n004_ss_01.txt"
    path.write_text(SQUARE, encoding="ascii")
    return path


def test_a_partition_is_worth_the_distances_inside_its_groups(square):
    assert verified_value(read_instance(square), [[0, 3], [1, 2]]) == 3 + 4


def test_a_group_outside_its_bounds_is_rejected(square):
    with pytest.raises(InvalidPartition, match="group 0 has 3 items, outside 2..2"):
        verified_value(read_instance(square), [[0, 1, 2], [3]])


def test_groups_that_leave_an_item_out_are_rejected(square):
    with pytest.raises(InvalidPartition, match="once each"):
        verified_value(read_instance(square), [[0, 1], [2, 2]])


def kept_file(folder: Path, groups: list[list[int]], objective: float) -> Path:
    path = folder / "Tiny_n004_ss_01.json"
    path.write_text(json.dumps({"instance": "Tiny_n004_ss_01", "objective": objective, "groups": groups}))
    return path


def test_a_kept_best_is_recomputed_from_the_instance_file(square, tmp_path):
    assert verify_kept(kept_file(tmp_path, [[1, 3], [0, 2]], 7.0), square) == 5 + 2


def test_a_kept_best_whose_recorded_objective_is_not_its_value_is_rejected(square, tmp_path):
    with pytest.raises(InvalidPartition, match="records 8"):
        verify_kept(kept_file(tmp_path, [[1, 3], [0, 2]], 8.0), square)


def run(seed: int, objective: float, name: str = "Tiny_n004_ss_01") -> dict:
    shape = {"instance": name, "set": "Tiny", "n": 4, "m": 2, "type": "ss", "seconds": 1.0}
    timing = {"time_to_best_s": 0.5, "time_limit_s": 1.0, "workers": 1}
    return {**shape, **timing, "seed": seed, "objective": objective, "groups": [[0, 3], [1, 2]]}


def summary_of(objectives: list[float], best_known: float, tpsdp_average: float | None = None) -> dict:
    runs = [run(seed, objective) for seed, objective in enumerate(objectives)]
    averages = {} if tpsdp_average is None else {"Tiny_n004_ss_01": tpsdp_average}
    return instance_summary(runs, Reference({"Tiny_n004_ss_01": best_known}, averages))


def test_an_instance_reports_the_best_average_and_worst_seed_with_their_gaps():
    summary = summary_of([80.0, 100.0, 60.0], best_known=100.0)
    assert (summary["objective"], summary["mean_objective"], summary["worst_objective"]) == (100.0, 80.0, 60.0)
    assert (summary["gap_percent"], summary["mean_gap_percent"], summary["worst_gap_percent"]) == (0.0, 20.0, 40.0)
    assert summary["best_seed"] == 1


def test_tpsdps_average_run_gap_is_measured_against_the_same_best_known_value():
    assert summary_of([90.0], best_known=100.0, tpsdp_average=95.0)["tpsdp_average_gap_percent"] == 5.0


def test_tpsdps_mean_gap_is_left_out_where_an_instance_lacks_its_average():
    with_average = summary_of([90.0], best_known=100.0, tpsdp_average=95.0)
    without = {**summary_of([90.0], best_known=100.0), "instance": "Tiny_n004_ss_02"}
    assert group_averages([with_average])[0]["tpsdp_mean_gap_percent_all_runs"] == 5.0
    assert group_averages([with_average, without])[0]["tpsdp_mean_gap_percent_all_runs"] is None


def test_each_size_gets_a_row_over_every_set_after_the_sets_own_rows():
    tiny = summary_of([90.0], best_known=100.0, tpsdp_average=95.0)
    other = {**summary_of([100.0], best_known=100.0, tpsdp_average=99.0), "set": "Other", "instance": "Other_n004"}
    rows = group_averages([tiny, other])
    every_set = rows[-1]
    assert (every_set["set"], every_set["n"], every_set["type"], every_set["instances"]) == ("all", 4, "all", 2)
    assert every_set["mean_gap_percent_all_runs"] == 5.0
    assert every_set["tpsdp_mean_gap_percent_all_runs"] == 3.0


def test_a_best_known_value_listed_with_fewer_decimals_is_not_beaten_by_its_rounding():
    assert not beats_best_known(summary_of([3752.033], best_known=3752.03))
    assert beats_best_known(summary_of([3752.2], best_known=3752.03))


def test_the_report_lists_the_instances_that_beat_their_best_known_value():
    summaries = [summary_of([7.0], best_known=6.0)]
    assert "| Tiny_n004_ss_01 | 7.000000 | 6.000000 | 1.000000 |" in markdown_report(summaries, [])


def test_a_partition_is_kept_when_it_beats_the_best_known_value(tmp_path):
    assert keep_new_bests([summary_of([7.0], best_known=6.0)], tmp_path) == ["Tiny_n004_ss_01"]
    kept = json.loads((tmp_path / "Tiny_n004_ss_01.json").read_text())
    assert (kept["objective"], kept["best_known"], kept["groups"]) == (7.0, 6.0, [[0, 3], [1, 2]])


def test_a_partition_that_only_matches_the_best_known_value_is_not_kept(tmp_path):
    assert keep_new_bests([summary_of([7.0], best_known=7.0)], tmp_path) == []


def test_a_kept_partition_is_replaced_only_by_a_better_one(tmp_path):
    keep_new_bests([summary_of([8.0], best_known=6.0)], tmp_path)
    assert keep_new_bests([summary_of([7.0], best_known=6.0)], tmp_path) == []
    assert json.loads((tmp_path / "Tiny_n004_ss_01.json").read_text())["objective"] == 8.0


def bench(arguments: list[str]):
    return CliRunner().invoke(main, ["bench", "mdgp", "--time-limit", "0.2", *arguments])


def test_bench_reads_the_reference_values_from_the_folder_it_is_given(square, tmp_path):
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "best_known.csv").write_text("instance,best_known\nTiny_n004_ss_01,10\n")
    (reference / "tpsdp_reported_all.csv").write_text("instance,tpsdp_avg\nTiny_n004_ss_01,9\n")
    out = tmp_path / "out"
    result = bench([str(square), "--reference", str(reference), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "Tiny_n004_ss_01.json").read_text())
    assert summary["objective"] == 11
    assert (summary["gap_percent"], summary["tpsdp_average_gap_percent"]) == pytest.approx((-10, 10))


def test_bench_with_a_reference_folder_holding_no_table_exits_2_naming_it(square, tmp_path):
    result = bench([str(square), "--reference", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "empty: --reference needs a folder holding best_known.csv" in result.output


def test_bench_keeps_the_partition_of_a_new_best_where_it_is_told(square, tmp_path):
    (square.parent / "best_known.csv").write_text("instance,best_known\nTiny_n004_ss_01,9\n")
    kept = tmp_path / "kept"
    result = bench([str(square), "--out", str(tmp_path / "out"), "--keep-best", str(kept)])
    assert result.exit_code == 0, result.output
    assert verify_kept(kept / "Tiny_n004_ss_01.json", square) == 11
