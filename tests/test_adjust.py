"""`groupformer adjust`: the desk's edits from the command line, applied in the order given, judged as
the desk judges them, the new solution written even when it breaks a rule (exit 1), bad edits refused
naming the option and value (exit 2, nothing written)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import participant, signup_file

import groupformer
from groupformer.cli import main

# Six remote Chicagoans free on Monday 12:00-14:00, groups of three or four; "late" is free on Friday only.
SEVEN = signup_file(
    [participant(f"p{number}") for number in range(1, 7)]
    + [participant("late", availability=[{"day": "fri", "start": "09:00", "end": "11:00"}])],
    group_size={"min": 3, "max": 4},
)


@pytest.fixture
def files(tmp_path):
    """The sign-ups and a valid solution, A = p1-p3 and B = p4-p6 with late unplaced, written out."""
    signups = groupformer.load_signups(json.dumps(SEVEN))
    grouping = groupformer.Grouping.model_validate(
        {"groups": [{"id": "A", "members": ["p1", "p2", "p3"]}, {"id": "B", "members": ["p4", "p5", "p6"]}]}
    )
    solution, _ = groupformer.complete(signups, grouping)
    (tmp_path / "signups.json").write_text(json.dumps(SEVEN))
    (tmp_path / "solution.json").write_text(solution.model_dump_json())
    return tmp_path


def adjust(folder, *edits: str):
    arguments = ["adjust", str(folder / "signups.json"), str(folder / "solution.json"), "-o", str(folder / "out.json")]
    return CliRunner().invoke(main, [*arguments, *edits])


def written(folder) -> dict[str, list[str]]:
    document = json.loads((folder / "out.json").read_text())
    return {group["id"]: group["members"] for group in document["groups"]}


def test_a_swap_that_keeps_every_rule_exits_0_and_writes_the_groups(files):
    result = adjust(files, "--swap", "p1:p4")
    assert result.exit_code == 0, result.stderr
    assert written(files) == {"A": ["p4", "p2", "p3"], "B": ["p1", "p5", "p6"]}
    assert "no rule broken or mended" in result.stderr


def test_a_move_into_a_group_the_person_cannot_meet_is_written_exits_1_and_names_the_rule(files):
    result = adjust(files, "--move", "late:A")
    assert result.exit_code == 1
    assert written(files)["A"] == ["p1", "p2", "p3", "late"]
    assert "--move late:A: A cannot meet: no common time" in result.stderr
    assert "broken now (availability): late in A is not available" in result.stderr


def test_unassigning_from_a_trio_reports_the_size_rule_broken(files):
    result = adjust(files, "--unassign", "p1")
    assert result.exit_code == 1
    assert "broken now (size): A has 2 members, outside 3..4" in result.stderr
    assert "assigned -1" in result.stderr


def test_edits_apply_in_the_order_given_across_options(files):
    adjust(files, "--move", "p1:B", "--swap", "p1:late")
    assert written(files) == {"A": ["p2", "p3"], "B": ["p4", "p5", "p6", "late"]}
    adjust(files, "--swap", "p1:late", "--move", "p1:B")
    assert written(files) == {"A": ["late", "p2", "p3"], "B": ["p4", "p5", "p6", "p1"]}


def test_a_new_group_and_a_dissolved_group_are_written(files):
    result = adjust(files, "--dissolve", "B", "--new-group", "p4,p5,p6")
    assert result.exit_code == 0, result.stderr
    assert written(files) == {"A": ["p1", "p2", "p3"], "G001": ["p4", "p5", "p6"]}


def test_an_unknown_participant_exits_2_naming_the_option_and_writes_nothing(files):
    result = adjust(files, "--move", "nobody:A")
    assert result.exit_code == 2
    assert result.stderr == "error: --move nobody:A: unknown participant id 'nobody'\n"
    assert not (files / "out.json").exists()


def test_an_unknown_group_exits_2_naming_the_option(files):
    result = adjust(files, "--dissolve", "Z")
    assert result.exit_code == 2
    assert "error: --dissolve Z: unknown group 'Z'" in result.stderr


def test_every_malformed_value_is_listed_before_any_edit_is_made(files):
    result = adjust(files, "--swap", "p1", "--move", "p1:A:B", "--new-group", "p1,,p2")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: --swap p1: write PARTICIPANT:PARTICIPANT, two ids joined by one colon",
        "error: --move p1:A:B: write PARTICIPANT:GROUP, two ids joined by one colon",
        "error: --new-group p1,,p2: write ID,ID,..., ids joined by commas",
    ]


def test_an_edit_to_a_pinned_group_exits_2_naming_the_group(files):
    result = adjust(files, "--pin", "A", "--swap", "p1:p4")
    assert result.exit_code == 2
    assert "error: --swap p1:p4: A is pinned" in result.stderr
    assert not (files / "out.json").exists()


def test_edits_that_leave_the_pinned_groups_alone_are_made(files):
    result = adjust(files, "--pin", "A", "--swap", "p4:late")
    assert result.exit_code == 1
    assert written(files) == {"A": ["p1", "p2", "p3"], "B": ["late", "p5", "p6"]}


def test_the_written_solution_is_the_one_the_judge_reports_on(files):
    adjust(files, "--unassign", "p1", "--move", "late:B")
    signups = groupformer.load_signups(files / "signups.json")
    report = groupformer.evaluate(signups, groupformer.load_solution(files / "out.json"))
    violations = {(violation.rule, violation.group) for violation in report.violations}
    assert violations == {("size", "A"), ("availability", "B")}


def test_the_help_shows_examples():
    result = CliRunner().invoke(main, ["adjust", "--help"])
    assert "groupformer adjust signups.json solution.json --move" in result.output


def test_a_new_group_nobody_in_it_can_meet_with_exits_2_naming_the_rule(files):
    result = adjust(files, "--new-group", "p1,late")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --new-group p1,late: G001 cannot meet: no common time")
    assert not (files / "out.json").exists()
