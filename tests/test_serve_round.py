"""A coordinator's whole round on the desk's page, in a real browser (Debian's chromium), from the
shipped sample form: upload the form, solve, drag a member into a group whose meeting they cannot
attend (the card names the broken rule), reload the page (nothing is lost), undo, pin two groups,
solve again (the pinned groups are unchanged), and download the invitations. Each step leaves a
screenshot among the test artifacts (GROUPFORMER_ARTIFACTS)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import INSTANCES, artifact_path

import groupformer

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
SOLVED = 60_000


def cannot_meet(folder) -> tuple[str, str]:
    """A member and a group whose meeting they are not free for, found by the library's own desk on the
    folder's current solution, so the page is checked against the judge and not against a guess."""
    signups = groupformer.load_signups(folder / "signups.json")
    desk = groupformer.Desk(signups, groupformer.load_solution(folder / "solution.json"))
    groups = [group.id for group in desk.solution().groups]
    for group_id in groups:
        for other in groups:
            for member in desk.group(other)[0].members if other != group_id else []:
                change = desk.move(member, group_id)
                desk.undo()
                if any(violation.rule == "availability" for violation in change.delta.violations_added):
                    return member, group_id
    raise AssertionError("every member could attend every other group's meeting")


def member_ids(page, group_id: str) -> list[str]:
    return page.locator(f'[data-group-id="{group_id}"] [data-member-id]').evaluate_all(
        "chips => chips.map((chip) => chip.dataset.memberId)"
    )


def shot(page, name: str, tmp_path) -> None:
    page.screenshot(path=str(artifact_path(f"round-{name}.png", tmp_path)), full_page=True)


def test_a_whole_round_from_the_sample_form_to_the_invitations(desk_server, desk_folder, page, tmp_path):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(desk_server.url)
    page.set_input_files("#signups-file", str(INSTANCES / "sample-form.csv"))
    expect(page.locator("#signups-summary")).to_contain_text("40 participants")
    shot(page, "1-signups", tmp_path)

    page.fill("#work-limit", "0.5")
    page.click("#solve")
    expect(page.locator("#step")).to_contain_text("solve (", timeout=SOLVED)
    expect(page.locator("[data-progress-chart] [data-point]").first).to_be_attached()
    shot(page, "2-solved", tmp_path)

    member, group = cannot_meet(desk_folder)
    home = page.locator(f'[data-member-id="{member}"]').locator("xpath=ancestor::*[@data-group-id]")
    home_id = home.get_attribute("data-group-id")
    page.locator(f'[data-member-id="{member}"]').drag_to(page.locator(f'[data-group-id="{group}"] h3'))
    broken = page.locator(f'[data-group-id="{group}"] [data-violation="availability"]')
    expect(broken).to_contain_text(f"{member} in {group} is not available")
    expect(page.locator("#step")).to_contain_text(f"move {member} to {group}")
    shot(page, "3-broken-rule", tmp_path)
    page.locator("#board-panel").screenshot(path=str(artifact_path("round-3-board.png", tmp_path)))

    page.reload()
    expect(broken).to_contain_text(f"{member} in {group} is not available")
    expect(page.locator("#undo")).to_be_enabled()
    shot(page, "4-reloaded", tmp_path)

    page.click("#undo")
    expect(page.locator(f'[data-group-id="{home_id}"] [data-member-id="{member}"]')).to_be_visible()
    expect(broken).to_have_count(0)

    cards = page.locator("[data-group-id]")
    pinned = [cards.nth(index).get_attribute("data-group-id") for index in (0, 1)]
    before = {group_id: member_ids(page, group_id) for group_id in pinned}
    for group_id in pinned:
        page.locator(f'[data-group-id="{group_id}"] > button[aria-pressed]').click()
        expect(page.locator(f'[data-group-id="{group_id}"][data-pinned]')).to_be_visible()
    shot(page, "5-pinned", tmp_path)

    page.click("#solve")
    expect(page.locator("#step")).to_contain_text("re-solve around", timeout=SOLVED)
    assert {group_id: member_ids(page, group_id) for group_id in pinned} == before
    on_disk = json.loads((desk_folder / "solution.json").read_text(encoding="utf-8"))
    assert {group["id"]: group["members"] for group in on_disk["groups"] if group["id"] in pinned} == before
    shot(page, "6-re-solved", tmp_path)

    with page.expect_download() as download:
        page.click("#downloads a[download='invitations.zip']")
    invitations = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    names = invitations.namelist()
    assert names and all(name.endswith(".ics") for name in names)
    assert any(pinned[0] in invitations.read(name).decode() for name in names)
    assert errors == []
