"""The report as a browser draws and prints it (Chromium through Playwright).

Geometry is measured, not assumed: the boxes of the map labels come from the DOM, and the pages of a
printout from the PDF Chromium makes of it. The instances are generated sign-ups with a hand-made
grouping (in-person groups per metro, then remote groups), so the figures do not depend on the solver.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.evaluate import evaluate
from groupformer.export.html_report import map_groups, report_html
from groupformer.export.map_regions import regions
from groupformer.generate import generate_signups

sync_api = pytest.importorskip("playwright.sync_api")

GROUP_SIZE = 4
REMOTE_GROUPS = 6
LABEL_BOXES = """() => [...document.querySelectorAll('svg.scatter-map')].map(svg => {
  const box = element => { const r = element.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {drawing: box(svg), labels: [...svg.querySelectorAll('.map-label')].map(box)};
})"""


def hand_made_solution(signups: dict) -> dict:
    """In-person groups of four per metro, hosted by their first member, then a few remote groups; the
    rest unplaced. Rules may break (the report says so); what matters here is where things are drawn."""
    groups, placed = [], set()
    by_metro: dict[str, list[dict]] = {}
    for person in signups["participants"]:
        if "in_person" in person["modality"] and "location" in person:
            by_metro.setdefault(person["location"]["label"], []).append(person)
    for people in by_metro.values():
        for start in range(0, len(people) - GROUP_SIZE + 1, GROUP_SIZE):
            members = people[start : start + GROUP_SIZE]
            host = members[0]
            place = {"lat": host["location"]["lat"], "lon": host["location"]["lon"], "host": host["id"]}
            groups.append(group(len(groups), members, "in_person", place))
    placed = {member for entry in groups for member in entry["members"]}
    rest = [person for person in signups["participants"] if person["id"] not in placed]
    for start in range(0, min(len(rest), REMOTE_GROUPS * GROUP_SIZE) - GROUP_SIZE + 1, GROUP_SIZE):
        groups.append(group(len(groups), rest[start : start + GROUP_SIZE], "remote", None))
    placed = {member for entry in groups for member in entry["members"]}
    unassigned = [
        {"id": person["id"], "reasons": ["left out of this hand-made grouping"]}
        for person in signups["participants"]
        if person["id"] not in placed
    ]
    return {"format": "groupformer/v1-solution", "groups": groups, "unassigned": unassigned}


def group(index: int, members: list[dict], modality: str, place: dict | None) -> dict:
    return {
        "id": f"G{index + 1:03d}",
        "members": [member["id"] for member in members],
        "modality": modality,
        "style": "informal",
        "frequency": "weekly",
        "focus": None,
        "meeting": {"utc_start": "2027-01-05T18:00:00Z", "minutes": 90, "location": place},
    }


def rendered(shape: str, count: int = 200) -> tuple[SignupFile, SubmittedSolution, str]:
    document = generate_signups(count, 1, shape=shape)
    signups = SignupFile.model_validate(document)
    solution = SubmittedSolution.model_validate(hand_made_solution(document))
    return signups, solution, report_html(signups, solution, evaluate(signups, solution))


@pytest.fixture(scope="module", params=["national", "one_metro"])
def instance(request, tmp_path_factory) -> tuple[SignupFile, SubmittedSolution, Path]:
    signups, solution, page = rendered(request.param)
    path = tmp_path_factory.mktemp(request.param) / "report.html"
    path.write_text(page, encoding="utf-8")
    return signups, solution, path


def overlap(first: list[float], second: list[float]) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def inside(box: list[float], drawing: list[float]) -> bool:
    return box[0] >= drawing[0] and box[1] >= drawing[1] and box[2] <= drawing[2] and box[3] <= drawing[3]


@pytest.mark.parametrize(("shape", "maps"), [("national", 2), ("one_metro", 1)])
def test_a_national_programme_gets_one_map_per_metro_and_a_city_chapter_one_map(shape, maps):
    signups, solution, page = rendered(shape)
    by_id = {person.id: person for person in signups.participants}
    found = regions(map_groups(solution, by_id, redact=False))
    assert len(found) >= maps if shape == "national" else len(found) == maps
    assert len({region.title for region in found}) == len(found)
    assert page.count('<svg class="scatter-map"') == len(found)


def test_no_map_label_overlaps_another_or_leaves_its_drawing(instance, browser):
    _, solution, path = instance
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    maps = page.evaluate(LABEL_BOXES)
    labels = [label for drawn in maps for label in drawn["labels"]]
    in_person = sum(group.modality == "in_person" for group in solution.groups)
    assert len(labels) == in_person + len(maps)  # a group id per in-person group, a scale per map
    for drawn in maps:
        assert all(inside(label, drawn["drawing"]) for label in drawn["labels"]), drawn
    assert not [(a, b) for index, a in enumerate(labels) for b in labels[index + 1 :] if overlap(a, b)]


def member_pages(pdf: bytes, solution: SubmittedSolution) -> dict[str, set[int]]:
    """Group id -> the pages on which any of its members is named."""
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    group_of = {member: group.id for group in solution.groups for member in group.members}
    pages: dict[str, set[int]] = {group.id: set() for group in solution.groups}
    for number, text in enumerate(texts):
        for member in re.findall(r"\bt\d+\b", text):
            if member in group_of:
                pages[group_of[member]].add(number)
    return pages


def test_printed_each_group_card_is_a_page_of_its_own(browser, tmp_path):
    _, solution, html = rendered("regional", 40)
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format="Letter")
    pages = member_pages(pdf, solution)
    assert all(len(found) == 1 for found in pages.values()), "a card split across pages"
    on_page = [found.pop() for found in pages.values()]
    assert len(set(on_page)) == len(on_page), "two cards on one page"
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(solution.groups)
