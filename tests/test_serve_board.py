"""The board's hand edits through the desk's API: undo and redo answer like an edit (only the cards
they change), taken by the open desk when its history covers the step and by the working folder
otherwise, with the folder's files always matching the page; members pinned one by one stay through a
re-solve. The instance is small and hand-made, so every answer is known: nine remote Chicagoans free on
Monday at noon in three trios A, B and C, and "late", free on Friday only, not placed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import TRIOS, desk_on_trios
from fastapi.testclient import TestClient

import groupformer
from groupformer.serve.app import create_app
from groupformer.serve.security import TOKEN_HEADER, Access
from groupformer.serve.workspace import Workspace

STATIC = Path(groupformer.__file__).parent / "serve" / "static"


def open_desk(folder: Path) -> TestClient:
    """The desk's API on `folder`, made to hold the three trios as its one solution when it is new."""
    workspace = Workspace(folder) if (folder / "signups.json").exists() else desk_on_trios(folder)
    access = Access()
    access.hosts.add("testserver")
    return TestClient(create_app(workspace, access), headers={TOKEN_HEADER: access.token})


@pytest.fixture
def client(tmp_path) -> TestClient:
    return open_desk(tmp_path)


def members(cards: list[dict]) -> dict[str, list[str]]:
    return {card["id"]: [chip["id"] for chip in card["members"]] for card in cards}


def board_members(client: TestClient) -> dict[str, list[str]]:
    return members(client.get("/api/board").json()["groups"])


def folder_members(folder: Path) -> dict[str, list[str]]:
    """The groups of the folder's solution.json, as another command would read them."""
    solution = json.loads((folder / "solution.json").read_text(encoding="utf-8"))
    return {group["id"]: group["members"] for group in solution["groups"]}


def move(client: TestClient, member: str, to: str | None) -> dict:
    answer = client.post("/api/edit", json={"kind": "move", "member": member, "to": to})
    assert answer.status_code == 200, answer.json()
    return answer.json()


def solve(client: TestClient) -> None:
    assert client.post("/api/solve", json={"work_limit": 0.2, "seed": 0}).status_code == 200
    deadline = time.monotonic() + 30
    while client.get("/api/solve").json()["running"]:
        assert time.monotonic() < deadline, "the solve did not finish"
        time.sleep(0.02)


# --- undo and redo --------------------------------------------------------------------------------------


def test_undo_after_a_move_puts_the_member_back(client):
    move(client, "p1", "B")
    client.post("/api/undo")
    assert board_members(client) == TRIOS


def test_redo_makes_the_undone_move_again(client):
    move(client, "p1", "B")
    client.post("/api/undo")
    client.post("/api/redo")
    assert board_members(client)["B"] == ["p4", "p5", "p6", "p1"]


def test_an_undo_answers_only_the_cards_it_changed_and_the_order_of_all(client):
    move(client, "p1", "B")
    answer = client.post("/api/undo").json()
    assert members(answer["changed"]) == {"A": TRIOS["A"], "B": TRIOS["B"]}
    assert answer["order"] == ["A", "B", "C"]


def test_an_undo_answers_the_totals_and_the_step_it_returns_to(client):
    move(client, "p1", "B")
    answer = client.post("/api/undo").json()
    assert (answer["valid"], answer["assigned"], answer["can_undo"], answer["can_redo"]) == (True, 9, False, True)
    assert answer["step"] == {"label": "three trios", "delta": None}
    assert [entry["id"] for entry in answer["unplaced"]] == ["late"]


def test_undoing_a_new_group_drops_its_card_from_the_order(client):
    client.post("/api/edit", json={"kind": "new_group", "members": ["late"]})
    answer = client.post("/api/undo").json()
    assert answer["order"] == ["A", "B", "C"]
    assert [entry["id"] for entry in answer["unplaced"]] == ["late"]


def test_undo_and_redo_walk_several_edits_back_and_forth(client):
    move(client, "p1", "B")
    move(client, "p7", None)
    for _ in range(2):
        client.post("/api/undo")
    assert board_members(client) == TRIOS
    for _ in range(2):
        client.post("/api/redo")
    assert board_members(client) == {"A": ["p2", "p3"], "B": ["p4", "p5", "p6", "p1"], "C": ["p8", "p9"]}


def test_undo_after_a_solve_goes_back_to_the_groups_before_it_with_every_card(client):
    move(client, "p1", "B")
    solve(client)
    answer = client.post("/api/undo").json()
    assert members(answer["changed"]) == {"A": ["p2", "p3"], "B": ["p4", "p5", "p6", "p1"], "C": TRIOS["C"]}
    assert answer["step"]["label"] == "move p1 to B"


def test_undo_past_a_solve_and_then_past_the_edit_before_it(client):
    move(client, "p1", "B")
    solve(client)
    client.post("/api/undo")
    client.post("/api/undo")
    assert board_members(client) == TRIOS


def test_an_edit_after_an_undo_leaves_nothing_to_redo(client):
    move(client, "p1", "B")
    client.post("/api/undo")
    move(client, "p4", "C")
    assert client.post("/api/redo").status_code == 409


def test_undo_with_only_the_first_solution_is_a_conflict(client):
    answer = client.post("/api/undo")
    assert answer.status_code == 409
    assert answer.json()["detail"] == "nothing to undo"


# --- the folder matches the page ------------------------------------------------------------------------


def test_after_an_undo_the_folders_solution_is_the_pages(tmp_path):
    client = open_desk(tmp_path)
    move(client, "p1", "B")
    client.post("/api/undo")
    assert folder_members(tmp_path) == board_members(client) == TRIOS


def test_after_a_redo_the_folders_solution_is_the_edits_file(tmp_path):
    client = open_desk(tmp_path)
    move(client, "p1", "B")
    client.post("/api/undo")
    client.post("/api/redo")
    history = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    edited = (tmp_path / history["steps"][history["position"]]["file"]).read_bytes()
    assert (tmp_path / "solution.json").read_bytes() == edited
    assert folder_members(tmp_path) == board_members(client)


def test_a_restart_after_undo_and_redo_shows_the_same_board(tmp_path):
    client = open_desk(tmp_path)
    move(client, "p1", "B")
    move(client, "late", "C")
    client.post("/api/undo")
    before = client.get("/api/board").json()
    assert open_desk(tmp_path).get("/api/board").json() == before


# --- the step line's change -----------------------------------------------------------------------------


def test_an_edits_step_names_the_change_in_the_objective_and_each_measure(client):
    step = move(client, "p1", None)["step"]
    assert step["label"] == "move p1 to unplaced"
    assert (step["delta"]["objective"] < 0, step["delta"]["assigned"]) == (True, -1)
    assert set(step["delta"]["measures"]) == set(groupformer.edits.MEASURES)
    assert [violation["rule"] for violation in step["delta"]["violations_added"]] == ["size"]


# --- member pins ----------------------------------------------------------------------------------------


def test_a_member_pinned_to_their_group_stays_in_it_through_a_re_solve(client):
    assert client.put("/api/pins", json={"members": {"p1": "A"}}).status_code == 200
    solve(client)
    board = client.get("/api/board").json()
    assert board["step"]["label"].startswith("re-solve around p1")
    assert "p1" in members(board["groups"])["A"]


def test_pinning_a_member_to_a_group_they_are_not_in_is_bad_input(client):
    answer = client.put("/api/pins", json={"members": {"p1": "B"}})
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["p1 is pinned to B, but is not one of its members"]


# --- the page's scripts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["board.js", "moves.js"])
def test_the_boards_scripts_put_user_text_in_as_text_never_as_html(module):
    script = (STATIC / module).read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "outerHTML" not in script


def test_an_edit_the_desk_refuses_keeps_the_open_desk(client):
    move(client, "p1", "B")
    session = client.app.state.session
    desk = session.desk()
    refused = client.post("/api/edit", json={"kind": "move", "member": "nobody", "to": "A"})
    assert refused.status_code == 422
    assert session.desk() is desk
    assert move(client, "p2", "B")["changed"]
