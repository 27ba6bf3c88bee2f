"""`groupformer bench suite`: every instance under every configuration and baseline, judged by the
evaluator, reported as a table, JSON and anytime plots, resumable, and strict about its input."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner

from groupformer.bench import suite
from groupformer.bench.baselines import baseline_solution, greedy_assignment, random_groups
from groupformer.bench.svg import anytime_plot
from groupformer.cli import main
from groupformer.compile import compile_problem
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups

TIME_LIMIT = "0.5"
SVG = "{http://www.w3.org/2000/svg}"


def bench_suite(*arguments: str):
    return CliRunner().invoke(main, ["bench", "suite", *arguments])


def signups(count: int, seed: int, shape: str) -> SignupFile:
    return SignupFile.model_validate(generate_signups(count, seed, shape=shape))


@pytest.fixture(scope="module")
def instance_folder(tmp_path_factory):
    """Two tiny instances every configuration solves in well under a second."""
    folder = tmp_path_factory.mktemp("instances")
    for name, seed in (("metro-a", 1), ("metro-b", 2)):
        document = generate_signups(18, seed, shape="one_metro")
        (folder / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def finished_suite(instance_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    result = bench_suite(str(instance_folder), "--out", str(out), "--time-limit", TIME_LIMIT)
    assert result.exit_code == 0, result.output
    return out, result


# --- baselines ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["one_metro", "national", "mostly_remote", "tight_schedules"])
def test_the_random_baseline_is_a_valid_assignment_by_the_evaluator(shape):
    instance = signups(80, 4, shape)
    problem = compile_problem(instance)
    groups = random_groups(problem, seed=0)
    report = evaluate(instance, baseline_solution(problem, groups, seconds=0.0))
    assert report.valid, [violation.message for violation in report.violations]
    assert report.assigned == sum(len(members) for members in groups) > 0


def test_the_random_baseline_depends_only_on_its_seed():
    problem = compile_problem(signups(80, 4, "one_metro"))
    assert random_groups(problem, seed=3) == random_groups(problem, seed=3)
    assert random_groups(problem, seed=3) != random_groups(problem, seed=4)


def test_the_greedy_baseline_is_a_valid_assignment_by_the_evaluator():
    instance = signups(80, 4, "national")
    problem = compile_problem(instance)
    report = evaluate(instance, baseline_solution(problem, greedy_assignment(problem), seconds=0.0))
    assert report.valid


# --- the report --------------------------------------------------------------------------------------------


def test_the_report_has_a_row_per_instance_and_configuration(finished_suite):
    out, result = finished_suite
    runs = json.loads((out / "report.json").read_text())["runs"]
    assert sorted((run["instance"], run["configuration"]) for run in runs) == sorted(
        (instance, name) for instance in ("metro-a", "metro-b") for name in suite.CONFIGURATION_NAMES
    )
    table_rows = [line for line in result.output.splitlines() if line.startswith("| metro-")]
    assert len(table_rows) == 2 * len(suite.CONFIGURATIONS) + 2  # plus one comparison row per instance
    assert (out / "report.md").read_text() in result.output


def test_every_run_reports_the_evaluators_measures_and_validity(finished_suite):
    out, _ = finished_suite
    for run in json.loads((out / "report.json").read_text())["runs"]:
        assert run["valid"] is True
        assert {"assigned", "diversity", "coverage", "prefer_met", "size_pref_met", "objective"} <= run.keys()
        assert {"bound", "gap_percent", "wall_s", "curve"} <= run.keys()


def test_the_full_engine_is_compared_with_each_baseline_by_difference_and_ratio(finished_suite):
    out, _ = finished_suite
    comparisons = json.loads((out / "report.json").read_text())["comparisons"]
    assert [row["instance"] for row in comparisons] == ["metro-a", "metro-b"]
    for row in comparisons:
        assert set(row["versus"]) == {"exact", "greedy", "random"}
        random_run = row["versus"]["random"]
        assert random_run["ratio"] == pytest.approx(row["auto"] / (row["auto"] - random_run["difference"]))


def test_constructions_report_no_bound(finished_suite):
    out, _ = finished_suite
    runs = json.loads((out / "report.json").read_text())["runs"]
    assert all(run["bound"] is None for run in runs if run["configuration"] in ("greedy", "random"))
    assert all(run["bound"] is not None for run in runs if run["configuration"] == "auto")


# --- plots -------------------------------------------------------------------------------------------------


def test_each_instance_gets_a_well_formed_svg_plot_with_a_legend_entry_per_configuration(finished_suite):
    out, _ = finished_suite
    for instance in ("metro-a", "metro-b"):
        root = ElementTree.parse(out / "plots" / f"{instance}-{TIME_LIMIT}s.svg").getroot()
        assert root.tag == f"{SVG}svg"
        texts = {element.text for element in root.iter(f"{SVG}text")}
        assert {"auto", "search", "exact", "greedy", "random", "auto-diversity (own weights)"} <= texts


def test_a_curve_is_drawn_as_a_line_and_a_single_result_as_a_marker():
    document = anytime_plot("t & <title>", {"auto": [(0.1, 10.0), (0.5, 12.0)], "greedy": [(0.05, 10.0)]}, 1.0)
    root = ElementTree.fromstring(document)
    assert len(root.findall(f"{SVG}polyline")) == 1
    assert len(root.findall(f"{SVG}circle")) == 1


def test_a_marker_far_below_the_curves_is_pinned_to_the_edge_and_marked_off_scale():
    document = anytime_plot("t", {"auto": [(0.1, 1000.0), (0.5, 1010.0)], "random": [(0.05, 200.0)]}, 1.0)
    root = ElementTree.fromstring(document)
    assert len(root.findall(f"{SVG}polygon")) == 1
    assert any("off scale" in (element.text or "") for element in root.iter(f"{SVG}text"))


# --- resuming and parallel runs ----------------------------------------------------------------------------


def copied_results(finished_suite, tmp_path) -> Path:
    out, _ = finished_suite
    return Path(shutil.copytree(out, tmp_path / "results"))


def test_a_second_suite_reuses_every_finished_run(finished_suite, instance_folder, tmp_path, monkeypatch):
    out = copied_results(finished_suite, tmp_path)

    def must_not_run(job, raw):
        raise AssertionError(f"recomputed {job}")

    monkeypatch.setattr(suite, "run_job", must_not_run)
    again = bench_suite(str(instance_folder), "--out", str(out), "--time-limit", TIME_LIMIT)
    assert again.exit_code == 0, again.output
    assert again.output == finished_suite[1].output


def test_a_run_at_another_time_limit_is_not_reused(finished_suite, instance_folder, tmp_path, monkeypatch):
    out = copied_results(finished_suite, tmp_path)
    recomputed = []

    def recording_run(job, raw):
        recomputed.append((job.instance.stem, job.time_limit_s))
        return suite._judged_run(job, raw)

    monkeypatch.setattr(suite, "run_job", recording_run)
    result = bench_suite(str(instance_folder), "--out", str(out), "--time-limit", "0.4", "--config", "greedy")
    assert result.exit_code == 0, result.output
    assert recomputed == [("metro-a", 0.4), ("metro-b", 0.4)]


def test_config_restricts_the_configurations_and_jobs_run_in_parallel_processes(instance_folder, tmp_path):
    only_two = ["--config", "auto", "--config", "random"]
    result = bench_suite(
        str(instance_folder), "--out", str(tmp_path), "--time-limit", TIME_LIMIT, *only_two, "--jobs", "2"
    )
    assert result.exit_code == 0, result.output
    runs = json.loads((tmp_path / "report.json").read_text())["runs"]
    assert sorted(run["configuration"] for run in runs) == ["auto", "auto", "random", "random"]
    assert len(list((tmp_path / "runs").rglob("*.json"))) == 4


def test_a_crashing_configuration_is_reported_not_kept_and_fails_the_suite(instance_folder, tmp_path, monkeypatch):
    def crash(job, raw):
        raise RuntimeError("engine fell over")

    monkeypatch.setattr(suite, "_judged_run", crash)
    result = bench_suite(str(instance_folder), "--out", str(tmp_path), "--time-limit", TIME_LIMIT, "--config", "auto")
    assert result.exit_code == 1
    assert "error: RuntimeError" in result.output and "engine fell over" in result.output
    assert not (tmp_path / "runs").exists()


# --- bad input ---------------------------------------------------------------------------------------------


def test_a_missing_folder_exits_2_naming_it(tmp_path):
    result = bench_suite(str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "nowhere: no such folder" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_folder_without_sign_up_files_exits_2(tmp_path):
    result = bench_suite(str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "no sign-up files" in result.output


def test_an_invalid_sign_up_file_exits_2_naming_the_file_and_runs_nothing(instance_folder, tmp_path):
    folder = tmp_path / "instances"
    folder.mkdir()
    (folder / "good.json").write_text((instance_folder / "metro-a.json").read_text(), encoding="utf-8")
    (folder / "broken.json").write_text('{"format": "groupformer/v1", "participants": [{"id": "x"}]}')
    result = bench_suite(str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"error: {folder / 'broken.json'}: participants[0]" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
