"""`groupformer export --html` and `--csv`: a report a coordinator can read, print and send.

Each test pins down one thing the coordinator relies on: times on the clock of whoever reads them,
distances in the unit the sign-ups use, the host named, colours readable by everyone, map labels that
stay readable, and suggestions for the unplaced that were checked before they are shown.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import office, participant, remote_group, run_export, signup_file

from groupformer.contract import SignupFile
from groupformer.export import palette
from groupformer.export.heat_map import EMPTY, MARK_INNER, MARK_OUTER, local_hourly_counts, shade
from groupformer.export.label_layout import LabelRequest, place_labels
from groupformer.export.map_regions import regions
from groupformer.export.scatter_map import MapGroup

TEXT_CONTRAST, MARK_CONTRAST = 4.5, 3.0


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance, written out here on its own so the check does not trust the code."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour.lstrip("#")[index : index + 2], 16) for index in (0, 2, 4))
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Three therapists in Los Angeles free on Wednesday evening; in January their 18:15 is 02:15 UTC Thursday.
WEDNESDAY_EVENING = [{"day": "wed", "start": "18:00", "end": "20:00"}]
PACIFIC = signup_file(
    [participant(f"p{number}", timezone="America/Los_Angeles", availability=WEDNESDAY_EVENING) for number in (1, 2, 3)]
)
PACIFIC_SOLUTION = {
    "format": "groupformer/v1-solution",
    "groups": [remote_group(["p1", "p2", "p3"], meeting={"utc_start": "2027-01-07T02:15:00Z", "minutes": 90})],
    "unassigned": [],
}


# Three New Yorkers who meet in person at Anna's office; radii given as 10 miles in kilometres.
def radius_of_ten_miles(identifier: str, lat: float, lon: float, **fields) -> dict:
    return office(identifier, lat, lon, max_travel_km=16.0934, focus=[], **fields)


def manhattan(unit: str) -> dict:
    people = [
        radius_of_ten_miles("m1", 40.7433, -74.0084, name="<b>Anna</b> Host"),
        radius_of_ten_miles("m2", 40.7306, -73.9866, name="Ben"),
        radius_of_ten_miles("m3", 40.7831, -73.9712, name="Cleo"),
    ]
    return signup_file(people, distance_unit=unit)


MANHATTAN_SOLUTION = {
    "format": "groupformer/v1-solution",
    "groups": [
        {
            "id": "G1",
            "members": ["m1", "m2", "m3"],
            "modality": "in_person",
            "style": "informal",
            "frequency": "monthly",
            "focus": None,
            "meeting": {
                "utc_start": "2027-01-05T22:30:00Z",
                "minutes": 90,
                "location": {"lat": 40.7433, "lon": -74.0084, "host": "m1"},
            },
            "scores": {"fit": 0.85, "diversity": 1.488889},
        }
    ],
    "unassigned": [],
}

# Three remote Chicagoans in G1 (room for a fourth) and one who only meets in person, so is unplaced.
NEARLY = signup_file(
    [
        participant("c1"),
        participant("c2"),
        participant("c3"),
        participant("c4", modality=["in_person"], location={"lat": 41.88, "lon": -87.63}, max_travel_km=10),
    ],
    group_size={"min": 3, "max": 4},
)
NEARLY_SOLUTION = {
    "format": "groupformer/v1-solution",
    "groups": [remote_group(["c1", "c2", "c3"])],
    "unassigned": [{"id": "c4", "reasons": ["only meets in person, and nobody near meets then"]}],
}


def report(tmp_path: Path, signups: dict, solution: dict, *options: str) -> str:
    result = run_export(tmp_path, signups, solution, "--html", str(tmp_path / "report.html"), *options)
    assert result.exit_code == 0, result.stderr
    return (tmp_path / "report.html").read_text(encoding="utf-8")


def roster(tmp_path: Path, signups: dict, solution: dict, *options: str) -> dict[str, dict[str, str]]:
    result = run_export(tmp_path, signups, solution, "--csv", str(tmp_path / "roster.csv"), *options)
    assert result.exit_code == 0, result.stderr
    rows = csv.DictReader(io.StringIO((tmp_path / "roster.csv").read_text(encoding="utf-8")))
    return {row["participant"]: row for row in rows}


def card(page: str, group_id: str) -> str:
    return re.search(rf'data-group-id="{group_id}".*?</article>', page, re.S).group(0)


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --- colours ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", palette.GROUP_COLOURS)
@pytest.mark.parametrize("background", palette.GROUP_BACKGROUNDS)
def test_each_group_colour_reads_as_text_on_the_card_and_on_the_map(colour, background):
    assert contrast_ratio(colour, background) >= TEXT_CONTRAST


@pytest.mark.parametrize(("ink", "background"), palette.TEXT_PAIRS)
def test_each_text_colour_of_the_page_reads_on_its_background(ink, background):
    assert contrast_ratio(ink, background) >= TEXT_CONTRAST


def test_heat_map_counts_read_on_every_shade_and_a_meeting_outline_stands_out_from_it():
    for count in range(1, 41):
        background = shade(count, 40)
        assert contrast_ratio(palette.readable_ink(background), background) >= TEXT_CONTRAST, background
        assert max(contrast_ratio(MARK_OUTER, background), contrast_ratio(MARK_INNER, background)) >= MARK_CONTRAST
    assert max(contrast_ratio(MARK_OUTER, EMPTY), contrast_ratio(MARK_INNER, EMPTY)) >= MARK_CONTRAST


def test_the_page_uses_no_group_colour_outside_the_palette(tmp_path):
    page = report(tmp_path, manhattan("km"), MANHATTAN_SOLUTION)
    accents = set(re.findall(r"--accent:(#[0-9a-f]{6})", page))
    assert accents and accents <= set(palette.GROUP_COLOURS)


# --- times ------------------------------------------------------------------------------------------------


def test_a_pacific_groups_card_shows_wednesday_evening_on_the_pacific_clock_not_utc(tmp_path):
    shown = text_of(card(report(tmp_path, PACIFIC, PACIFIC_SOLUTION), "G1"))
    assert "Wednesday 18:15–19:45 PST (America/Los_Angeles)" in shown
    assert "Wed 18:15–19:45" in shown and "Thursday" not in shown and "UTC" not in shown


def test_each_member_sees_the_meeting_on_their_own_clock_beside_the_coordinators(tmp_path):
    signups = signup_file(
        [
            participant("c1"),
            participant("c2"),
            participant(
                "b1", timezone="Europe/Berlin", availability=[{"day": "mon", "start": "19:00", "end": "20:30"}]
            ),
        ]
    )
    solution = {"format": "groupformer/v1-solution", "groups": [remote_group(["c1", "c2", "b1"])], "unassigned": []}
    shown = text_of(card(report(tmp_path, signups, solution), "G1"))
    assert "Monday 12:00–13:30 CST (America/Chicago)" in shown
    assert "Mon 19:00–20:30CET · Europe/Berlin" in shown


def test_the_timezone_option_puts_the_cards_and_the_heat_map_on_that_clock(tmp_path):
    default = report(tmp_path, PACIFIC, PACIFIC_SOLUTION)
    berlin = report(tmp_path, PACIFIC, PACIFIC_SOLUTION, "--timezone", "Europe/Berlin")
    assert 'data-zone="America/Los_Angeles"' in default and "Wed 18:xx PST: G1 start" in default
    assert 'data-zone="Europe/Berlin"' in berlin and "Thu 03:xx CET: G1 start" in berlin
    assert "Hours of the week of Monday 2027-01-04 in <b>Europe/Berlin</b> (CET)" in berlin
    assert "Thursday 03:15–04:45 CET (Europe/Berlin)" in text_of(card(berlin, "G1"))


def test_an_unknown_time_zone_is_bad_input_naming_the_option(tmp_path):
    result = run_export(
        tmp_path, PACIFIC, PACIFIC_SOLUTION, "--html", str(tmp_path / "r.html"), "--timezone", "Mars/Base"
    )
    assert result.exit_code == 2
    assert "--timezone" in result.stderr and "Mars/Base" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("option", [("--timezone", "Europe/Berlin"), ("--suggest",)])
def test_report_options_without_a_report_are_a_usage_error(tmp_path, option):
    result = run_export(tmp_path, PACIFIC, PACIFIC_SOLUTION, "--csv", str(tmp_path / "roster.csv"), *option)
    assert result.exit_code == 2 and "--html" in result.stderr
    assert not (tmp_path / "roster.csv").exists()


@pytest.mark.parametrize(
    ("zone", "cells"),
    [("America/Chicago", [(0, 12), (0, 13)]), ("UTC", [(0, 18), (0, 19)]), ("Asia/Tokyo", [(1, 3), (1, 4)])],
)
def test_heat_map_counts_whole_free_hours_on_the_readers_clock(zone, cells):
    chicago = SignupFile.model_validate(signup_file([participant("t1")])).participants
    counts = local_hourly_counts(chicago, "2027-01-04", zone)
    assert [(day, hour) for day in range(7) for hour in range(24) if counts[day][hour]] == cells


def test_heat_map_counts_a_person_once_in_the_hour_that_a_clock_change_repeats():
    night_owl = participant("t1", availability=[{"day": "sun", "start": "00:00", "end": "03:00"}])
    people = SignupFile.model_validate(signup_file([night_owl], reference_week="2026-10-26")).participants
    counts = local_hourly_counts(people, "2026-10-26", "America/Chicago")
    assert [counts[6][hour] for hour in range(4)] == [1, 1, 1, 0]


# --- distances and the host -------------------------------------------------------------------------------


def test_distances_and_radii_show_in_miles_when_the_sign_ups_use_miles(tmp_path):
    shown = text_of(card(report(tmp_path, manhattan("mi"), MANHATTAN_SOLUTION), "G1"))
    assert "max 10 mi" in shown and "1.4 mi" in shown
    assert "km" not in shown


def test_radii_show_rounded_in_kilometres_by_default(tmp_path):
    shown = text_of(card(report(tmp_path, manhattan("km"), MANHATTAN_SOLUTION), "G1"))
    assert "max 16.1 km" in shown and "2.3 km" in shown and "16.093" not in shown


def test_the_roster_gives_distances_in_the_sign_ups_unit_and_says_which_in_the_header(tmp_path):
    rows = roster(tmp_path, manhattan("mi"), MANHATTAN_SOLUTION)
    assert (rows["m2"]["distance_mi"], rows["m2"]["max_travel_mi"]) == ("1.4", "10")
    assert "distance_km" not in rows["m2"]


def test_the_host_is_named_on_the_card_with_the_place_and_escaped(tmp_path):
    page = report(tmp_path, manhattan("km"), MANHATTAN_SOLUTION)
    where = re.search(r'<p class="where">.*?</p>', card(page, "G1")).group(0)
    assert "Manhattan, NY (40.74330, -74.00840)" in where
    assert "hosted by <b>&lt;b&gt;Anna&lt;/b&gt; Host (m1)</b>" in where


def test_the_host_is_named_in_the_roster_and_only_by_id_when_redacted(tmp_path):
    assert roster(tmp_path, manhattan("km"), MANHATTAN_SOLUTION)["m3"]["host"] == "<b>Anna</b> Host (m1)"
    assert roster(tmp_path, manhattan("km"), MANHATTAN_SOLUTION, "--redact")["m3"]["host"] == "m1"
    redacted = report(tmp_path, manhattan("km"), MANHATTAN_SOLUTION, "--redact")
    assert "hosted by <b>m1</b>" in redacted and "Anna" not in redacted


def test_cards_show_the_groups_fit_and_diversity_scores(tmp_path):
    shown = text_of(card(report(tmp_path, manhattan("km"), MANHATTAN_SOLUTION), "G1"))
    assert "fit 0.85 · diversity 1.49" in shown


# --- suggestions for the unplaced -------------------------------------------------------------------------


def test_without_suggest_the_unplaced_show_their_reasons_only(tmp_path):
    page = report(tmp_path, NEARLY, NEARLY_SOLUTION)
    assert "only meets in person, and nobody near meets then" in page
    assert 'class="suggestion"' not in page


def test_suggest_adds_each_verified_suggestion_with_the_group_it_places_them_in(tmp_path):
    page = report(tmp_path, NEARLY, NEARLY_SOLUTION, "--suggest")
    suggestion = re.search(r'<li class="suggestion">.*?</li>', page).group(0)
    assert "accepting remote meetings would place c4 in G1" in suggestion


# --- the map ----------------------------------------------------------------------------------------------


def map_group(group_id: str, lat: float, lon: float, area: str) -> MapGroup:
    return MapGroup(group_id, "#1f6aa5", (lat, lon), area, area, [(lat + 0.01, lon, "someone")])


def test_groups_in_metros_far_apart_get_one_map_each_and_nearby_groups_share_one():
    groups = [
        map_group("G1", 40.71, -74.00, "New York, NY"),
        map_group("G2", 41.88, -87.63, "Chicago, IL"),
        map_group("G3", 40.90, -73.80, "Yonkers, NY"),
        map_group("G4", 40.75, -73.95, "New York, NY"),
    ]
    found = regions(groups)
    assert [(region.title, [group.group_id for group in region.groups]) for region in found] == [
        ("New York, NY", ["G1", "G3", "G4"]),
        ("Chicago, IL", ["G2"]),
    ]


def test_labels_crowded_on_one_point_all_find_a_free_place_inside_the_drawing():
    requests = [LabelRequest(f"Group {number}", (150.0, 100.0), "#000000") for number in range(40)]
    labels, height = place_labels(requests, 300.0, 200.0, [], [])
    boxes = [label.box for label in labels]
    assert height >= 200.0
    assert all(box.left >= 0 and box.top >= 0 and box.right <= 300 and box.bottom <= height for box in boxes)
    assert not any(first.overlaps(second) for index, first in enumerate(boxes) for second in boxes[index + 1 :])


def test_a_label_at_the_edge_of_the_drawing_is_placed_inward():
    (label,), height = place_labels([LabelRequest("G1", (299.0, 1.0), "#000000")], 300.0, 200.0, [], [])
    assert height == 200.0 and label.box.right <= 300 and label.box.top >= 0
