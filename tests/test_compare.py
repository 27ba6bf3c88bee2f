"""Comparing two solutions of the same sign-ups (`groupformer.compare_solutions`): each judged by the
judge, groups matched by their members whatever their ids, and exactly the people whose group changed
listed as moved; and the desk's compare call on two steps of its history."""

from __future__ import annotations

import json

from conftest import SEVEN, remote_group
from fastapi.testclient import TestClient

import groupformer
from groupformer.serve.app import create_app
from groupformer.serve.security import TOKEN_HEADER, Access
from groupformer.serve.workspace import Workspace


def solution(**groups: list[str]):
    """The groups given by id, all meeting Monday at noon in Chicago; everyone else of SEVEN unplaced."""
    placed = {member for members in groups.values() for member in members}
    document = {
        "groups": [remote_group(members, id=group_id) for group_id, members in groups.items()],
        "unassigned": [
            {"id": person["id"], "reasons": ["left out by hand"]}
            for person in SEVEN["participants"]
            if person["id"] not in placed
        ],
    }
    return groupformer.load_solution(json.dumps(document))


TWO_TRIOS = solution(A=["p1", "p2", "p3"], B=["p4", "p5", "p6"])


def moves(comparison) -> list[tuple[str, str | None, str | None]]:
    return [(moved.participant, moved.before, moved.after) for moved in comparison.moved]


def test_renamed_groups_with_the_same_members_move_nobody(seven):
    renamed = solution(G001=["p4", "p5", "p6"], G002=["p3", "p2", "p1"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, renamed)
    assert comparison.moved == []
    assert comparison.continues == {"G001": "B", "G002": "A"}


def test_a_swap_moves_exactly_the_two_people_swapped(seven):
    swapped = solution(G001=["p1", "p2", "p4"], G002=["p3", "p5", "p6"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, swapped)
    assert moves(comparison) == [("p3", "A", "G002"), ("p4", "B", "G001")]


def test_people_placed_in_one_solution_only_are_listed_with_none_for_not_placed(seven):
    fewer = solution(A=["p1", "p2", "p3", "p4"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, fewer)
    assert moves(comparison) == [("p4", "B", "A"), ("p5", "B", None), ("p6", "B", None)]


def test_a_group_split_in_two_is_continued_by_one_part_and_the_other_is_new(seven):
    together = solution(A=["p1", "p2", "p3", "p4", "p5", "p6"])
    split = solution(X=["p1", "p2", "p3"], Y=["p4", "p5", "p6"])
    comparison = groupformer.compare_solutions(seven, together, split)
    assert comparison.continues == {"X": "A", "Y": None}
    assert moves(comparison) == [("p4", "A", "Y"), ("p5", "A", "Y"), ("p6", "A", "Y")]


def test_the_figures_are_the_judges_for_each_solution_side_by_side(seven):
    too_small = solution(A=["p1", "p2", "p3"], B=["p4", "p5"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, too_small)
    figures = comparison.figures()
    judged = groupformer.evaluate(seven, TWO_TRIOS), groupformer.evaluate(seven, too_small)
    assert figures["valid"] == (True, False)
    assert figures["violations"] == (0, 1)
    assert figures["assigned"] == (6, 5)
    assert figures["objective"] == (judged[0].objective, judged[1].objective)
    assert figures["groups"] == (2, 2)
    assert [violation.rule for violation in comparison.delta.violations_added] == ["size"]


# --- the desk's compare call: GET /api/compare ------------------------------------------------------------


def desk_with_steps(folder, *steps) -> TestClient:
    """A desk on SEVEN whose history holds `steps` (each a solution), the last one current."""
    workspace = Workspace(folder)
    workspace.replace_signups(groupformer.load_signups(json.dumps(SEVEN)))
    for number, step in enumerate(steps, start=1):
        workspace.record(step, f"step {number}")
    access = Access()
    access.hosts.add("testserver")
    return TestClient(create_app(workspace, access), headers={TOKEN_HEADER: access.token})


def test_the_desk_compares_the_previous_step_with_the_current_one_by_default(tmp_path):
    swapped = solution(G001=["p1", "p2", "p4"], G002=["p3", "p5", "p6"])
    client = desk_with_steps(tmp_path / "desk", TWO_TRIOS, swapped)
    answer = client.get("/api/compare").json()
    assert (answer["first"], answer["second"]) == (
        {"position": 0, "label": "step 1"},
        {"position": 1, "label": "step 2"},
    )
    assert answer["moved"] == [
        {"id": "p3", "name": None, "before": "A", "after": "G002"},
        {"id": "p4", "name": None, "before": "B", "after": "G001"},
    ]
    assert answer["continues"] == {"G001": "A", "G002": "B"}


def test_the_desk_compares_any_two_steps_with_each_figure_side_by_side(tmp_path):
    fewer = solution(A=["p1", "p2", "p3", "p4"])
    client = desk_with_steps(tmp_path / "desk", TWO_TRIOS, fewer, TWO_TRIOS)
    answer = client.get("/api/compare", params={"first": 1, "second": 0}).json()
    figures = {figure["name"]: figure for figure in answer["figures"]}
    assert figures["assigned"] == {"name": "assigned", "first": 4, "second": 6, "change": 2}
    assert figures["valid"] == {"name": "valid", "first": True, "second": True, "change": None}
    assert [moved["id"] for moved in answer["moved"]] == ["p4", "p5", "p6"]


def test_comparing_a_step_the_history_does_not_have_names_it(tmp_path):
    client = desk_with_steps(tmp_path / "desk", TWO_TRIOS)
    answer = client.get("/api/compare", params={"second": 3})
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["compare: second must be a step of the history, 0 to 0"]


def test_there_is_nothing_to_compare_before_a_solution(tmp_path):
    assert desk_with_steps(tmp_path / "desk").get("/api/compare").status_code == 409
