"""`groupformer export`: calendar files, a roster and a report page, all from the sign-ups and a solution.

Each test pins down one behaviour a coordinator relies on when sending the groups out: invitations that
open in any calendar at a time every member can make, a roster that loses nobody, a report that is
safe to open and needs no network, and a redacted mode that names nobody.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import INSTANCES, MANHATTAN, MANHATTAN_SOLUTION, participant, remote_group, run_export, signup_file

from groupformer.cli import main
from groupformer.contract import SignupFile
from groupformer.export.local_time import local_meeting
from groupformer.solve import solve

SCRIPT_NAME = "<script>alert(1)</script>"
CREATED = datetime(2026, 5, 1, tzinfo=timezone.utc)

# Three time zones, one meeting: Monday 18:00 UTC is 12:00 in Chicago (CST), 19:00 in Berlin (CET) and
# 03:00 on Tuesday in Tokyo (JST). Gus has no email; the Berlin member's name starts like a formula.
WORLD = signup_file(
    [
        participant("t1", name="Ada Chicago", email="ada@example.org"),
        participant("t2", name="Gus Noemail"),
        participant(
            "t3",
            name="=Berta Berlin",
            email="berta@example.org",
            timezone="Europe/Berlin",
            availability=[{"day": "mon", "start": "19:00", "end": "21:00"}],
        ),
        participant(
            "t4",
            name="Kenji Tokyo",
            email="kenji@example.org",
            timezone="Asia/Tokyo",
            availability=[{"day": "tue", "start": "03:00", "end": "05:00"}],
        ),
        participant("t5", name="Una Placed", email="una@example.org", timezone="Australia/Perth"),
    ],
    group_size={"min": 3, "max": 4},
)


def world_solution(**changes) -> dict:
    return {
        "format": "groupformer/v1-solution",
        "groups": [remote_group(**{"members": ["t1", "t2", "t3", "t4"], **changes})],
        "unassigned": [{"id": "t5", "reasons": ["nobody shares an available window with t5"]}],
    }


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def write(path: Path, document) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """instances/example.json (60 named sign-ups with emails), its solution, and every export of both;
    the first member of the first group is renamed to a script tag."""
    folder = tmp_path_factory.mktemp("example")
    document = json.loads((INSTANCES / "example.json").read_text(encoding="utf-8"))
    solution = solve(SignupFile.model_validate(document), time_limit_s=2).model_dump(mode="json")
    scripted = solution["groups"][0]["members"][0]
    next(member for member in document["participants"] if member["id"] == scripted)["name"] = SCRIPT_NAME
    outputs = ("--ics", str(folder / "ics"), "--csv", str(folder / "roster.csv"), "--html", str(folder / "report.html"))
    result = run_export(folder, document, solution, *outputs)
    assert result.exit_code == 0, result.stderr
    return document, solution, folder


def roster_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def chromium(browser: Path, *arguments: str, profile: Path) -> subprocess.CompletedProcess:
    command = [
        str(browser),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


# --- roster -----------------------------------------------------------------------------------------------


def test_roster_has_one_row_per_participant_members_and_unassigned(example):
    document, solution, folder = example
    rows = roster_rows((folder / "roster.csv").read_text(encoding="utf-8"))
    assert sorted(row["participant"] for row in rows) == sorted(member["id"] for member in document["participants"])
    unassigned = {entry["id"]: entry["reasons"] for entry in solution["unassigned"]}
    for row in rows:
        if row["participant"] in unassigned:
            assert row["group"] == "" and row["reason"] == "; ".join(unassigned[row["participant"]])
        else:
            assert row["group"] and row["reason"] == ""


def test_roster_gives_each_member_the_meeting_on_their_own_clock(tmp_path):
    result = run_export(tmp_path, WORLD, world_solution(), "--csv", str(tmp_path / "roster.csv"))
    assert result.exit_code == 0, result.stderr
    rows = {row["participant"]: row for row in roster_rows((tmp_path / "roster.csv").read_text(encoding="utf-8"))}
    local = {member: (row["weekday"], row["local_time"], row["time_zone"]) for member, row in rows.items()}
    assert local["t1"] == ("Monday", "12:00-13:30", "America/Chicago (CST)")
    assert local["t3"] == ("Monday", "19:00-20:30", "Europe/Berlin (CET)")
    assert local["t4"] == ("Tuesday", "03:00-04:30", "Asia/Tokyo (JST)")
    assert rows["t5"]["group"] == "" and rows["t5"]["reason"] == "nobody shares an available window with t5"


def test_roster_lists_place_and_distance_for_in_person_members(tmp_path):
    run_export(tmp_path, MANHATTAN, MANHATTAN_SOLUTION, "--csv", str(tmp_path / "roster.csv"))
    rows = {row["participant"]: row for row in roster_rows((tmp_path / "roster.csv").read_text(encoding="utf-8"))}
    assert rows["m2"]["place"] == "Manhattan, NY (40.74330, -74.00840)"
    assert rows["m1"]["distance_km"] == "0" and rows["m2"]["distance_km"] == "2.3"
    assert [rows["m3"][column] for column in ("modality", "style", "frequency", "focus")] == [
        "in_person",
        "informal",
        "monthly",
        "trauma",
    ]


def test_roster_text_a_spreadsheet_would_run_as_a_formula_is_quoted(tmp_path):
    run_export(tmp_path, WORLD, world_solution(), "--csv", str(tmp_path / "roster.csv"))
    rows = {row["participant"]: row for row in roster_rows((tmp_path / "roster.csv").read_text(encoding="utf-8"))}
    assert rows["t3"]["name"] == "'=Berta Berlin"


# --- report page ------------------------------------------------------------------------------------------


def test_report_in_a_browser_has_one_card_per_group_and_shows_a_script_name_as_text(example, tmp_path, chromium_path):
    _, solution, folder = example
    page = (folder / "report.html").as_uri()
    rendered = chromium(chromium_path, "--dump-dom", page, profile=tmp_path / "profile")
    assert rendered.returncode == 0, rendered.stderr
    dom = rendered.stdout
    for group in solution["groups"]:
        assert dom.count(f'data-group-id="{group["id"]}"') == 1
    assert dom.count('class="group-card"') == len(solution["groups"])
    card = re.search(rf'data-group-id="{solution["groups"][0]["id"]}".*?</article>', dom, re.S).group(0)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card
    assert "<script" not in dom
    assert "<title>groupformer report</title>" in dom


def test_report_screenshot_renders(example, tmp_path, chromium_path):
    _, _, folder = example
    screenshot = tmp_path / "report.png"
    rendered = chromium(
        chromium_path,
        f"--screenshot={screenshot}",
        "--window-size=1280,2000",
        (folder / "report.html").as_uri(),
        profile=tmp_path / "profile",
    )
    assert rendered.returncode == 0, rendered.stderr
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 50_000


def test_report_refers_to_no_external_resource(example):
    _, _, folder = example
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page and "<link" not in page and "<img" not in page


def test_report_shows_the_judges_measures_and_each_in_person_members_distance(tmp_path):
    result = run_export(tmp_path, MANHATTAN, MANHATTAN_SOLUTION, "--html", str(tmp_path / "report.html"))
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    for measure in ("assigned", "groups", "diversity", "coverage", "prefer_met", "size_pref_met", "objective"):
        assert f'<div class="label">{measure}</div>' in page
    assert '<div class="value">valid</div>' in page
    assert "2.3 km" in page and "Tue 17:30–19:00" in page
    assert 'class="scatter-map"' in page and 'class="heat-map"' in page


def test_report_of_a_solution_breaking_rules_says_invalid_and_lists_them(tmp_path):
    late = world_solution(meeting={"utc_start": "2027-01-04T20:00:00Z", "minutes": 90, "location": None})
    result = run_export(tmp_path, WORLD, late, "--html", str(tmp_path / "report.html"))
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<div class="value">invalid</div>' in page and "is not available" in page
    assert "warning: the solution breaks" in result.stderr


def test_a_meeting_ending_at_local_midnight_ends_at_24_00():
    meeting = local_meeting(datetime(2027, 1, 4, 22, 30, tzinfo=timezone.utc), 90, "UTC")
    assert (meeting.weekday, meeting.start, meeting.end) == ("Monday", "22:30", "24:00")


# --- redaction --------------------------------------------------------------------------------------------


def test_redacted_exports_contain_no_name_and_no_email_of_anyone(example, tmp_path):
    document, solution, _ = example
    outputs = (
        "--ics",
        str(tmp_path / "ics"),
        "--csv",
        str(tmp_path / "roster.csv"),
        "--html",
        str(tmp_path / "r.html"),
    )
    result = run_export(tmp_path, document, solution, "--redact", *outputs)
    assert result.exit_code == 0, result.stderr
    files = [tmp_path / "roster.csv", tmp_path / "r.html", *(tmp_path / "ics").iterdir()]
    secrets = [member[key] for member in document["participants"] for key in ("name", "email") if key in member]
    secrets += [value.replace("<", "&lt;").replace(">", "&gt;") for value in secrets]
    for file in files:
        raw = file.read_bytes()
        unfolded = raw.replace(b"\r\n ", b"")  # iCalendar folds long lines
        for secret in secrets:
            assert secret.encode() not in raw and secret.encode() not in unfolded, (file.name, secret)
    assert "mailto:" not in "".join(path.read_text(encoding="utf-8") for path in files)
    assert solution["groups"][0]["members"][0] in (tmp_path / "r.html").read_text(encoding="utf-8")


# --- command line -----------------------------------------------------------------------------------------


def test_export_without_any_output_is_a_usage_error(tmp_path):
    result = run_export(tmp_path, WORLD, world_solution())
    assert result.exit_code == 2
    assert "--ics" in result.stderr and "Traceback" not in result.stderr


def test_a_solution_naming_unknown_people_is_bad_input_and_writes_nothing(tmp_path):
    stranger = world_solution(members=["t1", "t999", "t3", "t4"])
    result = run_export(
        tmp_path, WORLD, stranger, "--ics", str(tmp_path / "ics"), "--csv", str(tmp_path / "roster.csv")
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: groups[0].members[1] (group G1): unknown participant id 't999' (not in the sign-ups)",
        "error: participant t2: neither in a group nor unassigned in the solution",
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["signups.json", "solution.json"]


def test_invalid_json_and_invalid_signups_are_bad_input_without_traceback(tmp_path):
    broken = tmp_path / "solution.json"
    broken.write_text("{", encoding="utf-8")
    result = run("export", write(tmp_path / "signups.json", WORLD), str(broken), "--csv", str(tmp_path / "r.csv"))
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {broken}: line 1 column 2: invalid JSON")
    bad = copy.deepcopy(WORLD)
    bad["participants"][0]["availability"][0]["end"] = "11:00"
    result = run_export(tmp_path, bad, world_solution(), "--csv", str(tmp_path / "r.csv"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: participants[0].availability[0] (participant t1): start 12:00")
    assert not (tmp_path / "r.csv").exists()


def test_an_unwritable_folder_for_one_output_writes_no_other_output(tmp_path):
    (tmp_path / "notes.txt").write_text("a file where a folder should be")
    outputs = ("--csv", str(tmp_path / "roster.csv"), "--html", str(tmp_path / "notes.txt" / "report.html"))
    result = run_export(tmp_path, WORLD, world_solution(), *outputs)
    assert result.exit_code == 2
    assert not (tmp_path / "roster.csv").exists()


def test_summary_names_what_was_written_and_quiet_silences_it(tmp_path):
    options = ("--ics", str(tmp_path / "ics"), "--csv", str(tmp_path / "roster.csv"))
    result = run_export(tmp_path, WORLD, world_solution(), *options)
    assert result.stderr.strip() == (
        "groupformer export\n"
        f"  calendars  1 file in {tmp_path / 'ics'}\n"
        f"  roster     {tmp_path / 'roster.csv'} (5 rows)"
    )
    assert run_export(tmp_path, WORLD, world_solution(), *options, "-q").stderr == ""


def test_roster_to_standard_output_when_the_file_is_dash(tmp_path):
    result = run_export(tmp_path, WORLD, world_solution(), "--csv", "-", "-q")
    assert result.exit_code == 0
    assert len(roster_rows(result.stdout)) == 5
