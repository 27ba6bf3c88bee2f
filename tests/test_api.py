"""The public library API: what the command line uses, light to import, and documented by running examples."""

from __future__ import annotations

import ast
import doctest
import json
import pydoc
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import MONDAY_MIDDAY_CHICAGO, SEVEN

import groupformer

ROOT = Path(__file__).resolve().parent.parent
CLI_MODULES = sorted((ROOT / "src" / "groupformer").glob("cli*.py"))
PUBLIC_MODULES = {"groupformer", "groupformer.bench"}
HEAVY_MODULES = ("pydantic", "numpy", "ortools", "numba", "groupformer.contract", "groupformer.solve")


@pytest.fixture
def two_trios(seven):
    """p1-p3 and p4-p6 as two groups, late unplaced: a valid solution whose every move is known."""
    grouping = groupformer.Grouping.model_validate(
        {"groups": [{"id": "A", "members": ["p1", "p2", "p3"]}, {"id": "B", "members": ["p4", "p5", "p6"]}]}
    )
    solution, report = groupformer.complete(seven, grouping)
    assert report.valid
    return solution


def imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""] if node.level == 0 else ["(relative import)"]
    return []


def test_the_cli_imports_only_the_public_api_click_and_the_standard_library():
    trees = [ast.parse(path.read_text()) for path in CLI_MODULES]
    modules = {module for tree in trees for node in ast.walk(tree) for module in imported_modules(node)}
    own = {f"groupformer.{path.stem}" for path in CLI_MODULES}
    allowed = PUBLIC_MODULES | own | {"click", "__future__"}
    outside = {
        module for module in modules if module not in allowed and module.split(".")[0] not in sys.stdlib_module_names
    }
    assert not outside


def test_importing_the_package_and_the_cli_loads_neither_the_models_nor_the_solver():
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, groupformer.cli; print([m for m in {HEAVY_MODULES!r} if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert loaded == "[]"


def test_help_on_the_package_documents_every_public_function():
    text = pydoc.render_doc(groupformer, renderer=pydoc.plaintext)
    for name in ("load_signups", "solve", "evaluate", "complete", "explain", "export", "import_form"):
        assert f"{name}(" in text
    for name in ("rebuild_group", "move", "swap", "StopSignal", "Improved", "GroupCannotMeet"):
        assert name in text


def test_the_api_functions_keep_their_names_after_their_modules_are_imported():
    import groupformer.evaluate.rules  # noqa: F401
    import groupformer.export.bundle  # noqa: F401
    import groupformer.solve  # noqa: F401

    assert callable(groupformer.solve) and callable(groupformer.evaluate) and callable(groupformer.export)


def test_sign_ups_load_alike_from_a_path_text_and_bytes(tmp_path):
    path = tmp_path / "signups.json"
    path.write_text(json.dumps(SEVEN))
    loaded = [groupformer.load_signups(source) for source in (path, path.read_text(), path.read_bytes())]
    assert loaded[0] == loaded[1] == loaded[2]


def test_bad_sign_ups_raise_input_error_naming_the_source_and_place():
    with pytest.raises(groupformer.InputError) as error:
        groupformer.load_signups("{", "mine.json")
    assert error.value.problems == [
        "mine.json: line 1 column 2: invalid JSON: Expecting property name enclosed in double quotes"
    ]


def test_a_file_that_cannot_be_read_is_bad_input(tmp_path):
    with pytest.raises(groupformer.InputError) as error:
        groupformer.load_signups(tmp_path / "missing.json")
    assert error.value.problems[0].endswith("missing.json: cannot read: No such file or directory")


def test_solve_reports_started_first_and_finished_last_matching_the_solution(seven):
    events = []
    solution = groupformer.solve(seven, work_limit=1, seed=0, progress=events.append)
    assert events[0] == groupformer.Started(participants=7, time_limit_s=None, work_limit=1)
    assert events[-1] == groupformer.Finished(
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        assigned=6,
        stopped_by=solution.stats.stopped_by,
    )
    improved = [event for event in events if isinstance(event, groupformer.Improved)]
    assert improved and improved[-1].assigned == 6


def test_each_part_done_is_reported_once_in_order(seven):
    events = []
    groupformer.solve(seven, work_limit=1, seed=0, progress=events.append)
    done = [event.parts_done for event in events if isinstance(event, groupformer.PartDone)]
    assert done == list(range(1, len(done) + 1))


@pytest.mark.parametrize("stop", [groupformer.StopSignal(), threading.Event()], ids=["StopSignal", "Event"])
def test_a_stop_already_set_returns_a_valid_solution_saying_it_was_interrupted(seven, stop):
    stop.set()
    solution = groupformer.solve(seven, work_limit=5, seed=0, stop=stop)
    assert solution.stats.stopped_by == "interrupt"
    assert groupformer.evaluate(seven, solution).valid


def test_solve_keeps_the_groups_of_an_earlier_solution(seven, two_trios):
    again = groupformer.solve(seven, work_limit=1, seed=0, keep=two_trios)
    assert {group.id: group.members for group in again.groups} == {"A": ["p1", "p2", "p3"], "B": ["p4", "p5", "p6"]}


def test_a_rebuilt_group_meets_when_all_its_members_can(seven):
    group = groupformer.rebuild_group(seven, ["p1", "p2", "p3"], group_id="X")
    assert (group.id, group.modality, group.meeting.utc_start) == ("X", "remote", MONDAY_MIDDAY_CHICAGO)


def test_a_rebuilt_group_keeps_what_is_pinned(seven):
    group = groupformer.rebuild_group(seven, ["p1", "p2", "p3"], pinned={"style": "informal"})
    assert group.style == "informal"


def test_a_group_with_no_common_time_cannot_be_rebuilt_and_says_who_blocks_it(seven):
    with pytest.raises(groupformer.GroupCannotMeet) as error:
        groupformer.rebuild_group(seven, ["p1", "p2", "late"])
    [violation] = error.value.violations
    assert violation.rule == "infeasible" and "no common time" in violation.message
    assert "late" in violation.members


def test_rebuilding_with_an_unknown_member_is_bad_input(seven):
    with pytest.raises(groupformer.InputError, match="unknown participant id 'nobody'"):
        groupformer.rebuild_group(seven, ["p1", "p2", "nobody"])


def test_moving_someone_into_a_group_with_a_free_seat_places_them_and_says_so(seven):
    grouping = groupformer.Grouping.model_validate({"groups": [{"id": "A", "members": ["p1", "p2", "p3"]}]})
    solution, _ = groupformer.complete(seven, grouping)
    edit = groupformer.move(seven, solution, "p4", "A")
    assert edit.report.valid and edit.delta.assigned == 1 and edit.delta.objective > 0
    assert edit.solution.groups[0].members == ["p1", "p2", "p3", "p4"]


def test_moving_someone_out_of_a_trio_reports_the_size_violation_it_adds(seven, two_trios):
    edit = groupformer.move(seven, two_trios, "p1", None)
    assert not edit.report.valid and edit.delta.assigned == -1
    assert [(violation.rule, violation.group) for violation in edit.delta.violations_added] == [("size", "A")]
    assert edit.delta.violations_removed == []


def test_moving_someone_back_removes_the_violation_the_move_out_added(seven, two_trios):
    out = groupformer.move(seven, two_trios, "p1", None)
    back = groupformer.move(seven, out.solution, "p1", "A")
    assert back.report.valid and back.delta.violations_removed == out.delta.violations_added


def test_moving_someone_into_a_group_they_cannot_meet_with_raises(seven, two_trios):
    with pytest.raises(groupformer.GroupCannotMeet):
        groupformer.move(seven, two_trios, "late", "A")


def test_a_swap_exchanges_two_people_between_groups(seven, two_trios):
    edit = groupformer.swap(seven, two_trios, "p1", "p4")
    members = {group.id: group.members for group in edit.solution.groups}
    assert members == {"A": ["p4", "p2", "p3"], "B": ["p1", "p5", "p6"]}
    assert edit.delta.assigned == 0 and edit.report.valid


def test_a_move_into_an_unknown_group_is_bad_input(seven, two_trios):
    with pytest.raises(groupformer.InputError, match="unknown group 'Z'"):
        groupformer.move(seven, two_trios, "p1", "Z")


def test_the_examples_in_docs_api_md_run_as_written(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False)
    assert result.attempted > 0 and result.failed == 0
