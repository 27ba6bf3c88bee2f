"""The desk's HTTP API (`groupformer serve`): every endpoint, its safety checks, and that the working
folder alone carries the state across a restart. Each test drives the app in memory with TestClient."""

from __future__ import annotations

import asyncio
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import INSTANCES, participant, signup_file
from fastapi.testclient import TestClient
from starlette.exceptions import HTTPException
from starlette.requests import Request

import groupformer
from groupformer.cli import main
from groupformer.serve.app import create_app
from groupformer.serve.run import prepared_workspace
from groupformer.serve.security import TOKEN_HEADER, UPLOAD_LIMIT_BYTES, Access, read_upload
from groupformer.serve.workspace import Workspace

# Seven people who can all meet on Monday at noon (groups of 3 or 4 place them all) and one free only on
# Tuesday, who can meet nobody.
LONER = participant("t8", availability=[{"day": "tue", "start": "09:00", "end": "11:00"}])
SEVEN_AND_A_LONER = signup_file(
    [participant(f"t{number}") for number in range(1, 8)] + [LONER], group_size={"min": 3, "max": 4}
)


def desk_client(folder: Path, **headers: str) -> tuple[TestClient, Access]:
    access = Access()
    access.hosts.add("testserver")
    client = TestClient(create_app(Workspace(folder), access), headers={TOKEN_HEADER: access.token, **headers})
    return client, access


@pytest.fixture
def client(tmp_path) -> TestClient:
    return desk_client(tmp_path / "desk")[0]


def upload(client: TestClient, document: dict = SEVEN_AND_A_LONER):
    return client.post("/api/signups", content=json.dumps(document).encode())


def solved(client: TestClient) -> dict:
    """Upload the sign-ups, solve with a small work limit to the end, and return the board."""
    assert upload(client).status_code == 200
    assert client.post("/api/solve", json={"work_limit": 0.2, "seed": 0}).status_code == 200
    deadline = time.monotonic() + 30
    while client.get("/api/solve").json()["running"]:
        assert time.monotonic() < deadline, "the solve did not finish"
        time.sleep(0.02)
    return client.get("/api/board").json()


def edited_board(client: TestClient, edit: dict) -> dict:
    """The whole board after `edit` (the edit's own answer carries only the changed cards)."""
    assert client.post("/api/edit", json=edit).status_code == 200
    return client.get("/api/board").json()


def group_of(board: dict, member: str) -> dict:
    return next(group for group in board["groups"] if member in [chip["id"] for chip in group["members"]])


# --- safety ----------------------------------------------------------------------------------------------


def test_the_page_allows_only_its_own_scripts_and_styles(client):
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert page.status_code == 200
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in page.text and 'type="module" src="/static/app.js"' in page.text


def test_the_page_script_and_style_are_served_from_the_package(client):
    assert "javascript" in client.get("/static/app.js").headers["content-type"]
    assert client.get("/static/style.css").status_code == 200


def test_the_page_inserts_user_text_as_text_never_as_html():
    script = (Path(groupformer.__file__).parent / "serve" / "static" / "app.js").read_text()
    assert "textContent" in script
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "outerHTML" not in script


def test_an_api_call_without_the_token_is_refused(tmp_path):
    client, _ = desk_client(tmp_path)
    answer = client.get("/api/state", headers={TOKEN_HEADER: ""})
    assert answer.status_code == 401
    assert "token" in answer.json()["detail"]


def test_an_api_call_with_a_wrong_token_is_refused(tmp_path):
    client, _ = desk_client(tmp_path)
    assert client.get("/api/state", headers={TOKEN_HEADER: "guessed"}).status_code == 403


def test_the_token_may_come_in_the_address(tmp_path):
    client, access = desk_client(tmp_path)
    assert client.get(f"/api/state?token={access.token}", headers={TOKEN_HEADER: ""}).status_code == 200


def test_a_foreign_host_is_refused_even_with_the_token(client):
    for path in ("/", "/api/state"):
        answer = client.get(path, headers={"Host": "attacker.example:8000"})
        assert answer.status_code == 400, path
        assert "Host" in answer.json()["detail"]


def test_the_bound_address_and_localhost_are_the_hosts_answered():
    access = Access()
    access.allow("127.0.0.1", 5123)
    assert access.hosts == {"127.0.0.1:5123", "localhost:5123"}


# --- sign-ups in ---------------------------------------------------------------------------------------


def test_uploaded_signups_become_the_folders_signups(tmp_path):
    client, _ = desk_client(tmp_path)
    assert upload(client).json() == {"participants": 8}
    assert client.get("/api/state").json()["participants"] == 8
    assert len(groupformer.load_signups(tmp_path / "signups.json").participants) == 8


def test_an_upload_that_is_not_utf8_is_refused_with_a_clear_message(client):
    for path in ("/api/signups", "/api/form"):
        answer = client.post(path, content=b"\xff\xfe{ not text")
        assert answer.status_code == 422, path
        assert "not UTF-8" in answer.json()["problems"][0]


def test_an_upload_declared_larger_than_the_limit_is_refused_before_it_is_read(client):
    sent = []

    def fifty_megabytes():
        for _ in range(50):
            sent.append(1)
            yield b"x" * (1024 * 1024)

    answer = client.post("/api/signups", content=fifty_megabytes(), headers={"Content-Length": str(50 * 1024 * 1024)})
    assert answer.status_code == 413
    assert "too large" in answer.json()["detail"]
    assert len(sent) < 50


def test_an_upload_without_a_length_is_counted_while_it_streams_and_refused_past_the_limit():
    megabyte = 1024 * 1024
    received = []

    async def receive() -> dict:
        received.append(megabyte)
        return {"type": "http.request", "body": b"x" * megabyte, "more_body": len(received) < 50}

    request = Request({"type": "http", "method": "POST", "path": "/api/signups", "headers": []}, receive)
    with pytest.raises(HTTPException) as refused:
        asyncio.run(read_upload(request))
    assert refused.value.status_code == 413
    assert sum(received) == UPLOAD_LIMIT_BYTES + megabyte


def test_a_form_csv_is_imported_with_the_shipped_mapping(client):
    answer = client.post("/api/form", content=(INSTANCES / "sample-form.csv").read_bytes())
    assert answer.status_code == 200
    assert answer.json()["participants"] > 0


def test_a_form_csv_with_bad_cells_names_each_cell_by_row_and_column(client):
    header, first, *_ = (INSTANCES / "sample-form.csv").read_text(encoding="utf-8").splitlines()
    broken = first.replace(",3-4,", ",lots,").replace("12:00-13:30", "25:99-26:00")
    answer = client.post("/api/form", content=f"{header}\n{broken}\n".encode())
    problems = answer.json()["problems"]
    assert answer.status_code == 422
    assert any(problem.startswith('row 2, column "Preferred group size"') for problem in problems)
    assert any(problem.startswith('row 2, column "Tuesday"') for problem in problems)


def test_a_mapping_is_kept_in_the_folder_and_used_for_the_next_csv(tmp_path):
    client, _ = desk_client(tmp_path)
    mapping = (INSTANCES / "sample-form-mapping.toml").read_text(encoding="utf-8")
    assert client.put("/api/mapping", content=mapping.encode()).status_code == 200
    assert client.get("/api/mapping").json()["mapping"] == mapping
    assert (tmp_path / "mapping.toml").read_text(encoding="utf-8") == mapping
    assert client.post("/api/form", content=(INSTANCES / "sample-form.csv").read_bytes()).status_code == 200
    assert client.delete("/api/mapping").json() == {"mapping": None}


def test_a_bad_mapping_is_reported_when_the_csv_is_read(client):
    client.put("/api/mapping", content=b"[columns\n")
    answer = client.post("/api/form", content=(INSTANCES / "sample-form.csv").read_bytes())
    assert answer.status_code == 422
    assert answer.json()["problems"][0].startswith("mapping")


def test_without_a_kept_mapping_the_sample_forms_mapping_is_offered_to_start_from(client):
    answer = client.get("/api/mapping").json()
    assert answer["mapping"] is None
    assert answer["default"] == groupformer.default_mapping()
    assert 'id = "Participant ID"' in answer["default"]


def test_a_form_refused_for_a_wrong_mapping_is_read_again_once_the_mapping_is_corrected(client):
    mapping = (INSTANCES / "sample-form-mapping.toml").read_text(encoding="utf-8")
    client.put("/api/mapping", content=mapping.replace('"Preferred group size"', '"Group size wanted"').encode())
    refused = client.post("/api/form", content=(INSTANCES / "sample-form.csv").read_bytes())
    assert refused.json()["problems"] == [
        'form: the mapping names column "Group size wanted", which the header does not have'
    ]
    assert client.get("/api/state").json()["form"] is True
    client.put("/api/mapping", content=mapping.encode())
    again = client.post("/api/form/again")
    assert again.status_code == 200 and again.json()["participants"] == 40
    assert client.get("/api/state").json()["participants"] == 40


def test_reading_the_form_again_before_any_form_was_uploaded_is_refused(client):
    answer = client.post("/api/form/again")
    assert answer.status_code == 409 and "upload the form's CSV first" in answer.json()["detail"]


# --- settings -------------------------------------------------------------------------------------------


def test_settings_are_read_and_replaced(client):
    upload(client)
    settings = client.get("/api/settings").json()
    assert settings["group_size"] == {"min": 3, "max": 4}
    changed = client.put("/api/settings", json={**settings, "group_size": {"min": 2, "max": 4}})
    assert changed.status_code == 200
    assert client.get("/api/settings").json()["group_size"] == {"min": 2, "max": 4}


def test_bad_settings_are_refused_with_their_json_path(client):
    upload(client)
    answer = client.put("/api/settings", json={"group_size": {"min": 5, "max": 3}})
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["settings.group_size: min 5 is larger than max 3"]
    assert client.get("/api/settings").json()["group_size"] == {"min": 3, "max": 4}


def test_settings_before_any_signups_are_a_conflict(client):
    assert client.get("/api/settings").status_code == 409


# --- solve ----------------------------------------------------------------------------------------------


def test_a_solve_runs_to_completion_and_reports_its_events(client):
    board = solved(client)
    kinds = [event["kind"] for event in client.get("/api/solve").json()["events"]]
    assert kinds[0] == "Started" and kinds[-1] == "Finished"
    assert board["assigned"] == 7 and board["valid"]
    assert [entry["id"] for entry in board["unplaced"]] == ["t8"]


def test_progress_is_given_from_the_last_event_seen(client):
    solved(client)
    everything = client.get("/api/solve").json()
    rest = client.get(f"/api/solve?since={everything['next'] - 1}").json()
    assert rest["events"] == everything["events"][-1:]


def test_stopping_a_finished_solve_keeps_its_solution(client):
    solved(client)
    assert client.post("/api/solve/stop").json()["running"] is False
    assert client.get("/api/board").json()["assigned"] == 7


def test_solve_options_other_than_the_limits_are_refused(client):
    upload(client)
    answer = client.post("/api/solve", json={"work_limit": -1, "engine": "exact"})
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        "solve: unknown option 'engine'",
        "solve: work_limit must be a positive number",
    ]
    assert client.post("/api/solve", json={"work_limit": -1, "seed": "one"}).json()["problems"] == [
        "solve: work_limit must be a positive number",
        "solve: seed must be a whole number, 0 or more",
    ]


def test_a_solve_needs_signups(client):
    assert client.post("/api/solve", json={}).status_code == 409


# --- the board ------------------------------------------------------------------------------------------


def test_the_board_shows_each_members_local_meeting_and_each_unplaced_persons_reasons(client):
    board = solved(client)
    chip = board["groups"][0]["members"][0]
    assert chip["local_meeting"]["weekday"] == "Monday"
    assert chip["local_meeting"]["zone"] == "America/Chicago"
    assert board["groups"][0]["modality"] == "remote"
    assert board["groups"][0]["scores"] is not None
    assert board["unplaced"][0]["reasons"]


def test_there_is_no_board_before_a_solve(client):
    upload(client)
    assert client.get("/api/board").status_code == 409


# --- edits, undo and redo --------------------------------------------------------------------------------


def test_a_move_is_judged_and_undone_and_redone(client):
    board = solved(client)
    larger = max(board["groups"], key=lambda group: len(group["members"]))
    smaller = min(board["groups"], key=lambda group: len(group["members"]))
    member = larger["members"][0]["id"]
    moved = edited_board(client, {"kind": "move", "member": member, "to": smaller["id"]})
    assert group_of(moved, member)["id"] == smaller["id"]
    assert moved["valid"] and moved["step"]["label"] == f"move {member} to {smaller['id']}"
    assert client.post("/api/undo").json()["can_redo"]
    assert group_of(client.get("/api/board").json(), member)["id"] == larger["id"]
    client.post("/api/redo")
    assert group_of(client.get("/api/board").json(), member)["id"] == smaller["id"]


def test_an_edit_answers_the_cards_of_the_groups_it_changed_and_the_order_of_all(client):
    board = solved(client)
    larger = max(board["groups"], key=lambda group: len(group["members"]))
    smaller = min(board["groups"], key=lambda group: len(group["members"]))
    member = larger["members"][0]["id"]
    answer = client.post("/api/edit", json={"kind": "move", "member": member, "to": smaller["id"]}).json()
    after = client.get("/api/board").json()
    assert sorted(card["id"] for card in answer["changed"]) == sorted([larger["id"], smaller["id"]])
    assert answer["order"] == [card["id"] for card in after["groups"]]
    assert all(card in after["groups"] for card in answer["changed"])
    assert (answer["objective"], answer["unplaced"], answer["step"]) == (
        after["objective"],
        after["unplaced"],
        after["step"],
    )


def test_an_edit_that_breaks_a_rule_is_kept_and_marked(client):
    board = solved(client)
    smaller = min(board["groups"], key=lambda group: len(group["members"]))
    member = smaller["members"][0]["id"]
    edited = edited_board(client, {"kind": "unassign", "member": member})
    assert not edited["valid"]
    assert [violation["rule"] for violation in group_of(edited, smaller["members"][1]["id"])["violations"]] == ["size"]
    assert edited["step"]["delta"]["assigned"] == -1


def test_a_move_into_a_group_its_member_cannot_meet_is_kept_with_the_broken_rule_named(client):
    board = solved(client)
    group = board["groups"][0]
    moved = edited_board(client, {"kind": "move", "member": "t8", "to": group["id"]})
    notes = [violation["message"] for violation in group_of(moved, "t8")["violations"]]
    assert not moved["valid"]
    assert any("t8" in note and "time" in note for note in notes), notes
    client.post("/api/undo")
    assert client.get("/api/board").json()["groups"] == board["groups"]


def test_a_swap_trades_two_people(client):
    board = solved(client)
    first, second = board["groups"][0]["members"][0]["id"], board["groups"][1]["members"][0]["id"]
    swapped = edited_board(client, {"kind": "swap", "member": first, "other": second})
    assert group_of(swapped, first)["id"] == board["groups"][1]["id"]
    assert group_of(swapped, second)["id"] == board["groups"][0]["id"]


def test_a_new_group_holds_its_member_alone(client):
    board = solved(client)
    member = max(board["groups"], key=lambda group: len(group["members"]))["members"][0]["id"]
    edited = edited_board(client, {"kind": "new_group", "members": [member]})
    assert len(edited["groups"]) == len(board["groups"]) + 1
    assert [chip["id"] for chip in group_of(edited, member)["members"]] == [member]


def test_dissolving_a_group_leaves_its_members_unplaced(client):
    board = solved(client)
    group = board["groups"][0]
    edited = edited_board(client, {"kind": "dissolve", "group": group["id"]})
    assert group["id"] not in [card["id"] for card in edited["groups"]]
    unplaced = {entry["id"] for entry in edited["unplaced"]}
    assert {chip["id"] for chip in group["members"]} <= unplaced


def test_an_edit_of_an_unknown_group_is_bad_input(client):
    solved(client)
    answer = client.post("/api/edit", json={"kind": "move", "member": "t1", "to": "G999"})
    assert answer.status_code == 422


def test_undo_with_nothing_to_undo_is_a_conflict(client):
    solved(client)
    assert client.post("/api/undo").status_code == 409
    assert client.post("/api/redo").status_code == 409


# --- why and out ---------------------------------------------------------------------------------------


def test_explain_says_why_a_group_works_and_why_someone_was_not_placed(client):
    board = solved(client)
    assert client.get(f"/api/explain/{board['groups'][0]['id']}").json()["kind"] == "group"
    assert client.get("/api/explain/t8").json()["kind"] != "group"


def test_the_invitations_download_is_a_zip_of_calendar_files(client):
    board = solved(client)
    answer = client.get("/api/download/invitations.zip")
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert answer.headers["content-disposition"] == 'attachment; filename="invitations.zip"'
    assert len(names) == len(board["groups"]) and all(name.endswith(".ics") for name in names)


def test_the_roster_report_and_solution_downloads(client):
    solved(client)
    assert "t1" in client.get("/api/download/roster.csv").text
    assert client.get("/api/download/report.html").text.lstrip().lower().startswith("<!doctype html>")
    solution = groupformer.load_solution(client.get("/api/download/solution.json").content)
    assert sum(len(group.members) for group in solution.groups) == 7


def test_an_unknown_download_is_not_found(client):
    solved(client)
    assert client.get("/api/download/secrets.txt").status_code == 404


# --- nothing lost ----------------------------------------------------------------------------------------


def test_the_folders_solution_is_a_normal_solution_the_judge_accepts(tmp_path):
    client, _ = desk_client(tmp_path)
    solved(client)
    signups = groupformer.load_signups(tmp_path / "signups.json")
    assert groupformer.evaluate(signups, groupformer.load_solution(tmp_path / "solution.json")).valid


def test_a_restart_on_the_same_folder_resumes_exactly(tmp_path):
    client, _ = desk_client(tmp_path)
    board = solved(client)
    member = board["groups"][0]["members"][0]["id"]
    edited = client.post("/api/edit", json={"kind": "swap", "member": member, "other": "t8"})
    assert edited.status_code == 200
    before = client.get("/api/board").json()
    restarted, _ = desk_client(tmp_path)
    assert restarted.get("/api/board").json() == before
    assert restarted.get("/api/state").json()["steps"] == client.get("/api/state").json()["steps"]


def test_undo_after_a_restart_goes_back_to_before_the_edit(tmp_path):
    client, _ = desk_client(tmp_path)
    board = solved(client)
    client.post("/api/edit", json={"kind": "dissolve", "group": board["groups"][0]["id"]})
    restarted, _ = desk_client(tmp_path)
    assert restarted.post("/api/undo").json()["changed"] == board["groups"]


def test_new_signups_set_the_earlier_history_aside(tmp_path):
    client, _ = desk_client(tmp_path)
    solved(client)
    other = signup_file([participant(f"p{number}") for number in range(1, 4)])
    upload(client, other)
    assert client.get("/api/state").json()["steps"] == []
    [earlier] = tmp_path.glob("earlier-*")
    assert groupformer.load_signups(earlier / "signups.json").participants[0].id == "t1"
    assert groupformer.load_solution(earlier / "solution.json").groups


# --- the command ---------------------------------------------------------------------------------------


def test_serve_refuses_unreadable_signups_before_listening(tmp_path):
    result = CliRunner().invoke(
        main, ["serve", str(tmp_path / "missing.json"), "--folder", str(tmp_path / "desk"), "--no-browser"]
    )
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_stop_keeps_the_best_groups_so_far_and_signups_stay_put_while_solving(client):
    client.post("/api/signups", content=(INSTANCES / "generated-200.json").read_bytes())
    assert client.post("/api/solve", json={"work_limit": 600}).json()["running"]
    assert client.post("/api/signups", content=json.dumps(SEVEN_AND_A_LONER).encode()).status_code == 409
    assert client.put("/api/settings", json={}).status_code == 409
    assert client.post("/api/solve", json={}).status_code == 409
    stopped = client.post("/api/solve/stop").json()
    assert not stopped["running"]
    assert stopped["events"][-1]["kind"] == "Finished"
    assert stopped["events"][-1]["stopped_by"] == "interrupt"
    assert client.get("/api/board").json()["step"]["label"] == "solve (interrupt)"


def test_describe_groups_gives_what_explain_gives_for_each_group():
    signups = groupformer.load_signups(json.dumps(SEVEN_AND_A_LONER))
    solution = groupformer.solve(signups, work_limit=0.2, seed=0)
    described = groupformer.describe_groups(signups, solution)
    assert described == [groupformer.explain(signups, solution, group.id)["group"] for group in solution.groups]


def test_serve_takes_in_the_given_signups_and_solution_and_resumes_with_the_same_signups(tmp_path, write_json):
    signups_path = write_json(SEVEN_AND_A_LONER)
    signups = groupformer.load_signups(signups_path)
    solution_path = tmp_path / "solution.json"
    solution_path.write_text(groupformer.solve(signups, work_limit=0.2, seed=0).model_dump_json(), encoding="utf-8")
    folder = tmp_path / "desk"
    opened = prepared_workspace(folder, signups_path, solution_path)
    assert opened.summary()["steps"] == ["opened solution.json"]
    again = prepared_workspace(folder, signups_path, None)
    assert again.current() == opened.current()
    assert again.summary()["steps"] == ["opened solution.json"]


def test_a_solution_without_signups_is_refused(tmp_path, write_json):
    with pytest.raises(groupformer.InputError, match="needs sign-ups"):
        prepared_workspace(tmp_path / "desk", None, write_json({"groups": [], "unassigned": []}, "solution.json"))


def test_each_solution_is_a_file_of_its_own_and_an_edit_after_undo_drops_the_undone_one(tmp_path):
    client, _ = desk_client(tmp_path)
    board = solved(client)
    first, second = board["groups"][0]["id"], board["groups"][1]["id"]
    client.post("/api/edit", json={"kind": "dissolve", "group": first})
    client.post("/api/undo")
    client.post("/api/edit", json={"kind": "dissolve", "group": second})
    files = sorted(path.name for path in (tmp_path / "solutions").iterdir())
    history = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    assert [step["label"] for step in history["steps"]] == ["solve (optimal)", f"dissolve {second}"]
    assert files == sorted(Path(step["file"]).name for step in history["steps"])
    assert (tmp_path / "solution.json").read_bytes() == (tmp_path / history["steps"][-1]["file"]).read_bytes()


# --- pin and re-solve -----------------------------------------------------------------------------------


def run_solve(client: TestClient, **limits) -> dict:
    assert client.post("/api/solve", json={"work_limit": 0.2, "seed": 0, **limits}).status_code == 200
    while client.get("/api/solve").json()["running"]:
        time.sleep(0.02)
    return client.get("/api/board").json()


def test_a_re_solve_keeps_the_pinned_groups_as_they_are(tmp_path):
    client, _ = desk_client(tmp_path)
    client.post("/api/signups", content=(INSTANCES / "example.json").read_bytes())
    board = run_solve(client)
    pinned = [board["groups"][0], board["groups"][1]]
    assert client.put("/api/pins", json={"groups": [group["id"] for group in pinned]}).status_code == 200
    again = run_solve(client, seed=1)
    assert again["step"]["label"].startswith(f"re-solve around {pinned[0]['id']}, {pinned[1]['id']}")
    for group in pinned:
        kept = next(card for card in again["groups"] if card["id"] == group["id"])
        assert (kept["members"], kept["local_start"]) == (group["members"], group["local_start"])


def test_pinning_a_group_the_solution_does_not_have_is_bad_input(client):
    solved(client)
    answer = client.put("/api/pins", json={"groups": ["G999"]})
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["pinned group 'G999' is not a group of the solution"]


def test_pins_are_kept_in_the_folder(tmp_path):
    client, _ = desk_client(tmp_path)
    board = solved(client)
    pins = {"groups": [], "members": {board["groups"][0]["members"][0]["id"]: board["groups"][0]["id"]}}
    client.put("/api/pins", json=pins)
    restarted, _ = desk_client(tmp_path)
    assert restarted.get("/api/state").json()["pins"] == pins
    assert restarted.get("/api/pins").json() == pins


def test_a_solve_refuses_pins_of_a_group_that_is_gone(client):
    board = solved(client)
    group = board["groups"][0]["id"]
    client.put("/api/pins", json={"groups": [group]})
    client.post("/api/edit", json={"kind": "dissolve", "group": group})
    answer = client.post("/api/solve", json={"work_limit": 0.2})
    assert answer.status_code == 422
    assert group in answer.json()["problems"][0]
