"""The desk's settings and past groups: read and replaced through the API, checked as the sign-up file
is (each problem naming its place), and on the page a form that shows each problem next to its field,
keeps every setting it does not show, and a Compare table of two steps after a solve and an edit."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import participant, signup_file
from fastapi.testclient import TestClient

import groupformer
from groupformer.serve.app import create_app
from groupformer.serve.security import TOKEN_HEADER, Access
from groupformer.serve.workspace import Workspace

# Seven people free on Monday at noon, with settings the form does not show (distance unit, seed) and
# some it does (a composition rule, a rule held as a wish), and one past group.
ROUND = {
    **signup_file(
        [participant(f"t{number}") for number in range(1, 8)],
        group_size={"min": 3, "max": 4},
        distance_unit="mi",
        seed=7,
        as_wishes=["style"],
        composition=[{"tag": "faith_based", "not_exactly": 1}],
    ),
    "history": [{"date": "2026-09-01", "members": ["t1", "t2"], "id": "autumn"}],
}


@pytest.fixture
def desk_folder(tmp_path):
    folder = tmp_path / "desk"
    Workspace(folder).replace_signups(groupformer.load_signups(json.dumps(ROUND)))
    return folder


@pytest.fixture
def client(desk_folder) -> TestClient:
    access = Access()
    access.hosts.add("testserver")
    return TestClient(create_app(Workspace(desk_folder), access), headers={TOKEN_HEADER: access.token})


def saved_signups(folder) -> dict:
    return json.loads((folder / "signups.json").read_text(encoding="utf-8"))


# --- the API --------------------------------------------------------------------------------------------


def test_settings_read_and_saved_again_are_the_same_settings(client, desk_folder):
    before = saved_signups(desk_folder)
    answer = client.put("/api/settings", json=client.get("/api/settings").json())
    assert answer.status_code == 200
    assert saved_signups(desk_folder) == before


def test_past_groups_are_read_and_replaced(client, desk_folder):
    assert client.get("/api/history").json() == [{"date": "2026-09-01", "members": ["t1", "t2"], "id": "autumn"}]
    spring = [{"date": "2026-03-01", "members": ["t3", "t4", "gone"], "id": None}]
    assert client.put("/api/history", json=spring).json() == spring
    assert saved_signups(desk_folder)["history"] == spring


def test_bad_past_groups_are_refused_with_their_json_path_and_the_old_ones_kept(client, desk_folder):
    answer = client.put("/api/history", json=[{"date": "2026-02-30", "members": ["t1"]}])
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        "history[0].date: not a calendar date as YYYY-MM-DD: '2026-02-30'",
        "history[0].members: List should have at least 2 items after validation, not 1",
    ]
    assert saved_signups(desk_folder)["history"] == ROUND["history"]


def test_new_past_groups_keep_the_solutions_made_so_far(client):
    assert client.post("/api/solve", json={"work_limit": 0.2}).status_code == 200
    client.post("/api/solve/stop")
    steps = client.get("/api/state").json()["steps"]
    assert client.put("/api/history", json=[]).status_code == 200
    assert client.get("/api/state").json()["steps"] == steps


# --- the page -------------------------------------------------------------------------------------------


def test_the_settings_form_shows_problems_at_their_fields_keeps_what_it_hides_and_compares_steps(
    desk_server, desk_folder, page
):
    sync_api = pytest.importorskip("playwright.sync_api")
    page.goto(desk_server.url)
    minimum = page.locator('[data-path="settings.group_size.min"]')
    maximum = page.locator('[data-path="settings.group_size.max"]')
    sync_api.expect(minimum).to_have_value("3")
    minimum.fill("7")
    page.click("#save-settings-form")
    note = page.locator('[data-path="settings.group_size"] .field-problem')
    sync_api.expect(note).to_have_text("min 7 is larger than max 4")
    sync_api.expect(maximum).to_have_attribute("aria-invalid", "true")

    minimum.fill("3")
    maximum.fill("3")
    page.click("#save-settings-form")
    sync_api.expect(page.locator("#status")).to_contain_text("Settings saved")
    sync_api.expect(note).to_have_count(0)
    expected = copy.deepcopy(saved_signups(desk_folder))
    expected["settings"]["group_size"] = {"min": 3, "max": 3}
    assert saved_signups(desk_folder) == expected

    page.click("#solve")
    cards = page.locator("[data-group-id]")
    sync_api.expect(cards.first).to_be_visible(timeout=30_000)
    member = cards.first.locator("[data-member-id]").first.get_attribute("data-member-id")
    group = cards.first.get_attribute("data-group-id")
    page.locator(f'select[data-move-member="{member}"]').select_option("__unplaced")
    sync_api.expect(page.locator(f'[data-unplaced] [data-member-id="{member}"]')).to_be_visible()
    page.click("#compare")
    sync_api.expect(page.locator(f'[data-moved="{member}"]')).to_have_text(f"{member}: {group} → not placed")
    sync_api.expect(page.locator('[data-figure="assigned"] td').last).to_have_text("-1")
