"""The board's moves in a real browser (Debian's chromium), without a mouse and with one: Space or
Enter on a member picks them up and Enter or Space on a group, another member or the unplaced column
puts them there (the step line then names the edit); Escape puts them back; a member dragged onto the
unplaced column leaves their group; an edit redraws only the cards it changed; a member is pinned to
their group from their chip. The desk starts on three trios A, B and C (conftest.TRIOS)."""

from __future__ import annotations

import json

import pytest
from conftest import TRIOS, artifact_path, desk_on_trios

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def desk_folder(tmp_path):
    folder = tmp_path / "desk"
    desk_on_trios(folder)
    return folder


@pytest.fixture
def board(desk_server, page):
    """The page open on the trios, every card drawn."""
    page.goto(desk_server.url)
    expect(page.locator("[data-group-id]")).to_have_count(len(TRIOS))
    return page


def chip(page, member: str):
    return page.locator(f'[data-member-id="{member}"]')


def in_group(page, group: str, member: str):
    return page.locator(f'[data-group-id="{group}"] [data-member-id="{member}"]')


def test_space_on_a_member_picks_them_up_and_says_so(board):
    chip(board, "p1").focus()
    board.keyboard.press("Space")
    expect(chip(board, "p1")).to_have_attribute("aria-grabbed", "true")
    expect(board.locator("#moves-status")).to_contain_text("Picked up p1 (in A)")


def test_a_member_picked_up_is_put_into_the_focused_group_with_enter(board, tmp_path):
    chip(board, "p1").focus()
    board.keyboard.press("Space")
    board.locator('[data-group-id="B"]').focus()
    board.keyboard.press("Enter")
    expect(in_group(board, "B", "p1")).to_be_visible()
    expect(board.locator("#step")).to_contain_text("move p1 to B")
    expect(board.locator('[data-group-id="A"] [data-violation="size"]')).to_be_visible()
    expect(chip(board, "p1")).to_be_focused()
    board.screenshot(path=str(artifact_path("keyboard-move.png", tmp_path)), full_page=True)


def test_a_member_put_on_another_member_trades_places_with_them(board):
    chip(board, "p1").focus()
    board.keyboard.press("Enter")
    chip(board, "p4").focus()
    board.keyboard.press("Space")
    expect(in_group(board, "B", "p1")).to_be_visible()
    expect(in_group(board, "A", "p4")).to_be_visible()
    expect(board.locator("#step")).to_contain_text("swap p1 and p4")


def test_a_member_put_on_the_unplaced_column_from_the_keyboard_is_unplaced(board):
    chip(board, "p7").focus()
    board.keyboard.press("Space")
    board.locator("[data-unplaced]").focus()
    board.keyboard.press("Enter")
    expect(board.locator('[data-unplaced] [data-member-id="p7"]')).to_be_visible()


def test_a_member_put_on_the_new_group_zone_starts_a_group_of_their_own(board):
    chip(board, "late").focus()
    board.keyboard.press("Space")
    board.locator("[data-new-group]").focus()
    board.keyboard.press("Enter")
    expect(board.locator("[data-group-id]")).to_have_count(len(TRIOS) + 1)
    expect(board.locator("#step")).to_contain_text("new group of late")


def test_escape_puts_a_picked_member_back_and_moves_nobody(board):
    chip(board, "p1").focus()
    board.keyboard.press("Space")
    board.locator('[data-group-id="B"]').focus()
    board.keyboard.press("Escape")
    expect(chip(board, "p1")).to_have_attribute("aria-grabbed", "false")
    board.locator('[data-group-id="B"]').focus()
    board.keyboard.press("Enter")
    expect(in_group(board, "A", "p1")).to_be_visible()
    expect(board.locator("#step")).to_have_text("three trios")


def test_a_member_dragged_onto_the_unplaced_column_leaves_their_group(board):
    column = board.locator("[data-unplaced]")
    chip(board, "p1").drag_to(column, target_position={"x": 8, "y": 8})
    expect(board.locator('[data-unplaced] [data-member-id="p1"]')).to_be_visible()
    expect(board.locator("#step")).to_contain_text("move p1 to unplaced")
    expect(board.locator("#step")).to_contain_text("Broken now (size): A has 2 members, outside 3..4.")


def test_a_member_dragged_onto_another_member_trades_places_with_them(board):
    chip(board, "p1").drag_to(chip(board, "p9"))
    expect(in_group(board, "C", "p1")).to_be_visible()
    expect(in_group(board, "A", "p9")).to_be_visible()


def test_an_edit_and_its_undo_redraw_only_the_cards_they_change(board):
    board.evaluate("document.querySelector('[data-group-id=\"C\"]').dataset.untouched = ''")
    chip(board, "p1").focus()
    board.keyboard.press("Space")
    board.locator('[data-group-id="B"]').focus()
    board.keyboard.press("Enter")
    expect(in_group(board, "B", "p1")).to_be_visible()
    board.click("#undo")
    expect(in_group(board, "A", "p1")).to_be_visible()
    expect(board.locator('[data-group-id="C"][data-untouched]')).to_have_count(1)


def test_a_member_pinned_from_their_chip_is_kept_in_the_folders_pins(board, desk_folder):
    board.locator('[data-pin-member="p2"]').check()
    expect(board.locator('[data-member-id="p2"][data-pinned]')).to_be_visible()
    pins = json.loads((desk_folder / "pins.json").read_text(encoding="utf-8"))
    assert pins == {"groups": [], "members": {"p2": "A"}}


def test_a_swap_is_made_from_the_menu_on_the_members_chip(board):
    menu = board.locator('select[data-swap-member="p1"]')
    menu.focus()
    menu.select_option("p9")
    expect(in_group(board, "C", "p1")).to_be_visible()
    expect(in_group(board, "A", "p9")).to_be_visible()
