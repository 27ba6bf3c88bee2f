"""The desk's page in a real browser (Debian's chromium): the address with the token opens it, sign-ups
go in, bad settings are refused with their JSON path, a solve runs, the groups appear as cards, a
member moves out by the menu (the card then names the broken rule) and back by undo, two pinned groups
stay as they are through a re-solve, and the console shows no error but the refused settings' (a CSP
that blocked the page's own script or style would show there)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import INSTANCES

sync_api = pytest.importorskip("playwright.sync_api")


def member_ids(page, group_id: str) -> list[str]:
    chips = page.locator(f'[data-group-id="{group_id}"] [data-member-id]')
    return [chips.nth(index).get_attribute("data-member-id") for index in range(chips.count())]


def test_upload_solve_move_a_member_out_undo_pin_and_solve_again_on_the_page(desk_server, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(desk_server.url)
    assert "token=" not in page.url
    page.set_input_files("#signups-file", str(INSTANCES / "example.json"))
    sync_api.expect(page.locator("#signups-summary")).to_contain_text("60 participants")
    sync_api.expect(page.locator("#settings")).to_have_value(re.compile("group_size"))
    assert json.loads(page.input_value("#settings"))["group_size"] == {"min": 3, "max": 6}
    page.locator("#settings-panel summary").click()
    page.fill("#settings", json.dumps({"group_size": {"min": 7, "max": 3}}))
    page.click("#save-settings")
    sync_api.expect(page.locator("#problems")).to_contain_text("settings.group_size: min 7 is larger than max 3")
    page.fill("#work-limit", "0.2")
    page.click("#solve")
    cards = page.locator("[data-group-id]")
    sync_api.expect(cards.first).to_be_visible(timeout=30_000)
    assert page.locator("[data-unplaced] [data-member-id]").count() > 0
    smallest = min(range(cards.count()), key=lambda index: cards.nth(index).locator("[data-member-id]").count())
    card = cards.nth(smallest)
    group = card.get_attribute("data-group-id")
    member = card.locator("[data-member-id]").first.get_attribute("data-member-id")
    card.locator(f'[data-member-id="{member}"] select[data-move-member]').select_option("__unplaced")
    sync_api.expect(page.locator(f'[data-unplaced] [data-member-id="{member}"]')).to_be_visible()
    sync_api.expect(page.locator(f'[data-group-id="{group}"] [data-violation="size"]')).to_be_visible()
    page.click("#undo")
    sync_api.expect(page.locator(f'[data-group-id="{group}"] [data-member-id="{member}"]')).to_be_visible()
    pinned = [cards.nth(index).get_attribute("data-group-id") for index in (0, 1)]
    members_before = {group_id: member_ids(page, group_id) for group_id in pinned}
    for group_id in pinned:
        page.locator(f'[data-group-id="{group_id}"] button[aria-pressed]').click()
        sync_api.expect(page.locator(f'[data-group-id="{group_id}"][data-pinned]')).to_be_visible()
    page.click("#solve")
    sync_api.expect(page.locator("#step")).to_contain_text("re-solve around", timeout=30_000)
    assert {group_id: member_ids(page, group_id) for group_id in pinned} == members_before
    assert errors == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]
