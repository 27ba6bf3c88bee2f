"""The command line: JSON on standard output (or `-o`), the human summary on standard error, `-` for the
standard streams, and exit status 0 success, 1 no solution or invalid solution, 2 bad usage or input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import INSTANCES, participant, remote_group, signup_file

from groupformer.cli import SCHEMAS, main

# Three remote Chicagoans free on Monday 12:00-14:00: one group of three meets at 18:00 UTC (CST is UTC-6).
TRIO = signup_file([participant("t1"), participant("t2"), participant("t3")], group_size={"min": 3, "max": 4})
FAST = ["--time-limit", "2"]


def run(*arguments: str, input: str | None = None):
    return CliRunner().invoke(main, list(arguments), input=input)


def run_process(*arguments: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "groupformer", *arguments], input=input, capture_output=True, text=True, check=False
    )


def hand_made_solution(groups: list[dict], unassigned: list[dict] | None = None) -> dict:
    return {"format": "groupformer/v1-solution", "groups": groups, "unassigned": unassigned or []}


def without_timings(value):
    """The solution without its measurements: every `stats` key that mentions seconds, and the work done
    (timing decides how far the losing side of a race got), at any depth."""
    if isinstance(value, dict):
        kept = {key: item for key, item in value.items() if "seconds" not in key and key not in ("work", "work_done")}
        return {key: without_timings(item) for key, item in kept.items()}
    if isinstance(value, list):
        return [without_timings(item) for item in value]
    return value


# --- solve: where things go -------------------------------------------------------------------------------


def test_solve_without_output_prints_solution_json_on_stdout_and_summary_on_stderr_only(write_json):
    result = run("solve", str(write_json(TRIO)), *FAST)
    assert result.exit_code == 0, result.stderr
    solution = json.loads(result.stdout)
    assert solution["format"] == "groupformer/v1-solution"
    assert "status" in result.stderr and "assigned" in result.stderr
    assert "groupformer solve" not in result.stdout  # the whole of stdout parsed as JSON: no summary there


def test_solve_reads_signups_from_stdin_when_input_is_dash():
    result = run("solve", "-", *FAST, "--quiet", input=json.dumps(TRIO))
    assert result.exit_code == 0, result.stderr
    assert [sorted(group["members"]) for group in json.loads(result.stdout)["groups"]] == [["t1", "t2", "t3"]]


def test_solve_output_dash_means_stdout(write_json):
    result = run("solve", str(write_json(TRIO)), "-o", "-", *FAST, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "groupformer/v1-solution"


def test_generate_solve_evaluate_chain_through_real_pipes(tmp_path):
    generated = run_process("generate", "--n", "30", "--seed", "1")
    assert generated.returncode == 0, generated.stderr
    signups = tmp_path / "signups.json"
    signups.write_text(generated.stdout, encoding="utf-8")

    solved = run_process("solve", "-", "--time-limit", "5", input=generated.stdout)
    assert solved.returncode == 0, solved.stderr
    judged = run_process("evaluate", str(signups), "-", input=solved.stdout)

    assert judged.returncode == 0, judged.stderr
    assert json.loads(judged.stdout)["valid"] is True


def test_solve_to_file_writes_valid_json_and_nothing_json_on_stdout(write_json, tmp_path):
    output = tmp_path / "solution.json"
    result = run("solve", str(write_json(TRIO)), "-o", str(output), *FAST)
    assert result.exit_code == 0, result.stderr
    assert json.loads(output.read_text(encoding="utf-8"))["format"] == "groupformer/v1-solution"
    assert result.stdout.strip() == ""
    assert "status" in result.stderr


def test_quiet_suppresses_the_summary(write_json, tmp_path):
    result = run("solve", str(write_json(TRIO)), "-o", str(tmp_path / "solution.json"), *FAST, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""


# --- solve: usage errors and exit status ------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--time-limit", "--workers"])
def test_zero_time_limit_or_workers_is_a_usage_error(option, write_json, tmp_path):
    output = tmp_path / "solution.json"
    result = run("solve", str(write_json(TRIO)), option, "0", "-o", str(output))
    assert result.exit_code == 2
    assert option in result.stderr
    assert not output.exists()


def test_nobody_placeable_is_still_success_with_everyone_unassigned_and_explained(write_json):
    # Each person is free on a different day: no two can ever meet.
    days = ["mon", "tue", "wed"]
    lonely = signup_file(
        [
            participant(f"t{index}", availability=[{"day": day, "start": "12:00", "end": "14:00"}])
            for index, day in enumerate(days, 1)
        ]
    )
    result = run("solve", str(write_json(lonely)), *FAST)
    assert result.exit_code == 0, result.stderr
    solution = json.loads(result.stdout)
    assert solution["status"] == "optimal"
    assert solution["groups"] == []
    assert sorted(entry["id"] for entry in solution["unassigned"]) == ["t1", "t2", "t3"]
    assert all(entry["reasons"] for entry in solution["unassigned"])


# --- evaluate ---------------------------------------------------------------------------------------------


def test_evaluate_rejects_a_group_of_people_who_avoid_each_other_with_exit_1_and_the_violation_on_stderr(write_json):
    signups = signup_file(
        [participant("t1", avoid=["t2"]), participant("t2"), participant("t3")], group_size={"min": 3, "max": 4}
    )
    solution = hand_made_solution([remote_group(["t1", "t2", "t3"])])
    result = run("evaluate", str(write_json(signups)), str(write_json(solution, "solution.json")))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["violations"]
    assert "violation" in result.stderr
    assert "t1" in result.stderr and "t2" in result.stderr


def test_evaluate_accepts_a_hand_made_valid_solution_with_exit_0(write_json):
    solution = hand_made_solution([remote_group(["t1", "t2", "t3"])])
    result = run("evaluate", str(write_json(TRIO)), str(write_json(solution, "solution.json")))
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert report["violations"] == []
    assert report["assigned"] == 3
    assert "violation" not in result.stderr
    assert "  valid          yes\n  assigned       3 of 3\n" in result.stderr


def test_evaluate_quiet_prints_no_summary(write_json):
    solution = hand_made_solution([remote_group(["t1", "t2", "t3"])])
    result = run("evaluate", str(write_json(TRIO)), str(write_json(solution, "solution.json")), "-q")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_evaluate_objective_equals_the_solvers_own_objective(write_json, tmp_path):
    signups = write_json(TRIO)
    solution_path = tmp_path / "solution.json"
    solved = run("solve", str(signups), "-o", str(solution_path), *FAST, "--quiet")
    assert solved.exit_code == 0, solved.stderr
    solution = json.loads(solution_path.read_text(encoding="utf-8"))

    judged = run("evaluate", str(signups), str(solution_path))
    assert judged.exit_code == 0, judged.stderr
    assert json.loads(judged.stdout)["objective"] == pytest.approx(solution["objective"], abs=1e-6)


def test_evaluate_solution_that_is_not_json_exits_2_naming_the_solution_file(write_json, tmp_path):
    broken = tmp_path / "broken-solution.json"
    broken.write_text('{"groups": [', encoding="utf-8")
    result = run("evaluate", str(write_json(TRIO)), str(broken))
    assert result.exit_code == 2
    assert "broken-solution.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --- schema -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["input", "solution", "report"])
def test_schema_prints_a_json_schema(which):
    result = run("schema", which)
    assert result.exit_code == 0
    assert "properties" in json.loads(result.stdout)


@pytest.mark.parametrize("which", sorted(SCHEMAS))
def test_every_field_of_every_schema_is_described(which):
    schema = json.loads(run("schema", which).stdout)
    undescribed = [
        f"{name}.{field}"
        for name, definition in [(which, schema), *schema.get("$defs", {}).items()]
        for field, specification in definition.get("properties", {}).items()
        if not specification.get("description", "").strip()
    ]
    assert undescribed == []


def test_unknown_schema_name_is_a_usage_error():
    result = run("schema", "bogus")
    assert result.exit_code == 2
    assert result.stdout == ""


# --- generate and validate --------------------------------------------------------------------------------


def test_generate_is_reproducible_for_a_seed():
    first = run("generate", "--n", "12", "--seed", "3")
    second = run("generate", "--n", "12", "--seed", "3")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout


def test_generated_signups_validate_through_stdin():
    generated = run("generate", "--n", "12", "--seed", "3")
    result = run("validate", "-", input=generated.stdout)
    assert result.exit_code == 0, result.stderr
    assert "valid" in result.stderr


def test_one_metro_shape_puts_everyone_in_chicago():
    result = run("generate", "--n", "12", "--seed", "3", "--shape", "one_metro")
    assert result.exit_code == 0
    assert {entry["timezone"] for entry in json.loads(result.stdout)["participants"]} == {"America/Chicago"}


def test_validate_reports_valid_with_the_participant_count_on_stderr(write_json):
    result = run("validate", str(write_json(TRIO)))
    assert result.exit_code == 0
    assert "valid, 3 participants" in result.stderr
    assert result.stdout == ""


# --- determinism and the documented answer ----------------------------------------------------------------


def test_same_seed_and_one_worker_give_identical_solutions_apart_from_timings():
    arguments = [
        "solve",
        str(INSTANCES / "example.json"),
        "--seed",
        "7",
        "--workers",
        "1",
        "--time-limit",
        "5",
        "--quiet",
    ]
    first, second = run(*arguments), run(*arguments)
    assert first.exit_code == second.exit_code == 0
    assert without_timings(json.loads(first.stdout)) == without_timings(json.loads(second.stdout))


def test_handmade_instance_gives_its_documented_groups_through_the_cli():
    result = run("solve", str(INSTANCES / "handmade-12.json"), "--quiet")
    assert result.exit_code == 0, result.stderr
    groups = {frozenset(group["members"]) for group in json.loads(result.stdout)["groups"]}
    assert groups == {frozenset({"a2", "a3", "a4", "a5"}), frozenset({"b1", "b2", "b3"})}


def test_output_naming_an_existing_folder_exits_2_before_solving(tmp_path):
    result = CliRunner().invoke(main, ["solve", str(INSTANCES / "handmade-12.json"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_time_limit_must_be_finite(value):
    result = CliRunner().invoke(main, ["solve", str(INSTANCES / "handmade-12.json"), "--time-limit", value])
    assert result.exit_code == 2
    assert "finite" in result.stderr


# --- output folders -----------------------------------------------------------------------------------------


def test_output_into_missing_folders_creates_them_like_mkdir_p(write_json, tmp_path):
    destination = tmp_path / "round" / "2027" / "solution.json"
    result = run("solve", str(write_json(TRIO)), *FAST, "-q", "-o", str(destination))
    assert result.exit_code == 0, result.stderr
    assert json.loads(destination.read_text())["stats"]["assigned"] == 3


def test_export_roster_and_report_into_missing_folders_creates_them(write_json, tmp_path):
    solution = write_json(hand_made_solution([remote_group(["t1", "t2", "t3"])]), "solution.json")
    roster, report = tmp_path / "out" / "csv" / "roster.csv", tmp_path / "out" / "html" / "report.html"
    result = run("export", str(write_json(TRIO)), str(solution), "--csv", str(roster), "--html", str(report), "-q")
    assert result.exit_code == 0, result.stderr
    assert roster.is_file() and report.is_file()


def test_output_below_a_file_exits_2_before_solving_and_creates_nothing(write_json, tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")
    result = run("solve", str(write_json(TRIO)), *FAST, "-o", str(tmp_path / "notes.txt" / "sub" / "s.json"))
    assert result.exit_code == 2
    assert "notes.txt is a file, not a folder" in result.stderr


# --- internal errors ----------------------------------------------------------------------------------------


def test_an_uncaught_exception_exits_3_with_one_line_and_the_traceback_in_a_crash_report(
    write_json, tmp_path, monkeypatch
):
    def broken_solve(*arguments, **options):
        raise ZeroDivisionError("a bug in the solver")

    monkeypatch.setattr("groupformer.cli.solve", broken_solve)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    result = run("solve", str(write_json(TRIO)), *FAST, "-q")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith("internal error: ZeroDivisionError: a bug in the solver; details in ")
    report = tmp_path / line.rsplit("details in ", 1)[1]
    assert report.parent == tmp_path and report.name.startswith("groupformer-crash-")
    assert "Traceback" in report.read_text() and "broken_solve" in report.read_text()


def test_bad_input_is_still_exit_2_not_an_internal_error(write_json):
    result = run("solve", str(write_json({"format": "groupformer/v1", "participants": []})))
    assert result.exit_code == 2
    assert "internal error" not in result.stderr


# --- help -------------------------------------------------------------------------------------------------


def command_paths(group=main, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command and subcommand of the command line, so a new one cannot go without help."""
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append([*prefix, name])
        if hasattr(command, "commands"):
            paths += command_paths(command, (*prefix, name))
    return paths


COMMANDS = command_paths()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_takes_dash_h_for_help_and_shows_examples(command):
    result = CliRunner().invoke(main, [*command, "-h"], prog_name="groupformer")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: groupformer {' '.join(command)} ")
    examples = result.output.split("Examples:\n", 1)[1].splitlines()
    assert examples[0].strip().startswith(f"groupformer {' '.join(command)}")


def test_main_help_documents_every_exit_status():
    result = run("-h")
    assert result.exit_code == 0
    for status in ("0  success", "1  no solution", "2  bad input", "3  internal error"):
        assert status in result.output


def test_generate_help_describes_every_shape():
    from groupformer.generate import SHAPES

    described = run("generate", "--help").output.split("--shape", 1)[1].split("-o, --output")[0]
    for shape in SHAPES:
        assert f"{shape}:" in " ".join(described.split())
