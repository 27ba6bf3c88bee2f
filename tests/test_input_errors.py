"""Bad input: exit status 2, one line per problem naming its place, no traceback, no output file."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import participant, signup_file

from groupformer.cli import main

VALID = [participant("t1"), participant("t2"), participant("t3")]


def with_first(**fields) -> dict:
    return signup_file([participant("t1", **fields), participant("t2"), participant("t3")])


def with_open_group(**fields) -> dict:
    group = {
        "id": "Old",
        "members": ["t1", "t2"],
        "meeting": {"utc_start": "2027-01-04T18:00:00Z"},
        "modality": "remote",
        "style": "informal",
        "frequency": "weekly",
        "open_seats": 1,
    }
    group.update(fields)
    return {**signup_file(VALID), "open_groups": [group]}


BAD_DOCUMENTS = {
    "top level is a list": ([VALID], "top level must be a JSON object"),
    "wrong format tag": ({"format": "groupformer/v0", "participants": VALID}, "format"),
    "empty participant list": (signup_file([]), "participants: List should have at least 1 item"),
    "wrong type for meeting minutes": (signup_file(VALID, meeting_minutes="90"), "settings.meeting_minutes"),
    "group size min above max": (signup_file(VALID, group_size={"min": 5, "max": 4}), "settings.group_size"),
    "group size min below two": (signup_file(VALID, group_size={"min": 1, "max": 4}), "settings.group_size.min"),
    "reference week not a monday": (signup_file(VALID, reference_week="2027-01-05"), "settings.reference_week"),
    "unknown settings field": (signup_file(VALID, time_limit=5), "settings.time_limit"),
    "fixed groups and a group count": (
        signup_file(VALID, groups=[{"id": "A"}], group_count=2),
        "settings: give either groups or group_count, not both",
    ),
    "fixed group id used twice": (
        signup_file(VALID, groups=[{"id": "A"}, {"id": "A"}]),
        "settings: groups[1]: id A is already used by groups[0]",
    ),
    "fixed group min above the default max": (
        signup_file(VALID, groups=[{"id": "A", "min": 7}]),
        "settings: groups[0]: min 7 is larger than max 6 (group A)",
    ),
    "group count zero": (signup_file(VALID, group_count=0), "settings.group_count"),
    "open group with an unknown member": (
        with_open_group(members=["t1", "t9"]),
        "open_groups[0].members[1]: unknown participant id 't9'",
    ),
    "open group meeting outside the reference week": (
        with_open_group(meeting={"utc_start": "2027-02-01T18:00:00Z"}),
        "open_groups[0].meeting.utc_start: 2027-02-01T18:00:00Z is not in the reference week starting 2027-01-04",
    ),
    "open group meeting when a member is not free": (
        with_open_group(meeting={"utc_start": "2027-01-05T18:00:00Z"}),
        "open_groups[0] (Old): t1 in Old is not available tue 12:00 for 90 minutes local time (America/Chicago)",
    ),
    "open group in person without a place": (
        with_open_group(modality="in_person"),
        "open_groups[0]: meeting.location is required for an in_person group",
    ),
    "open group with more seats than the largest size": (
        with_open_group(open_seats=5),
        "open_groups[0].open_seats: 2 members and 5 open seats exceed group_size.max 6",
    ),
    "duplicate ids": (
        signup_file([participant("t1"), participant("t1"), participant("t3")]),
        "participants[1].id: duplicate id 't1'",
    ),
    "empty id": (signup_file([participant(""), participant("t2"), participant("t3")]), "participants[0].id"),
    "unknown id in avoid": (
        with_first(avoid=["t9"]),
        "participants[0].avoid[0] (participant t1): unknown participant id 't9'",
    ),
    "prefer oneself": (
        with_first(prefer=["t1"]),
        "participants[0].prefer[0] (participant t1): a participant cannot prefer themselves",
    ),
    "unknown time zone": (
        with_first(timezone="Mars/Olympus_Mons"),
        "participants[0].timezone (participant t1): unknown time zone",
    ),
    "start after end": (
        with_first(availability=[{"day": "mon", "start": "14:00", "end": "12:00"}]),
        "participants[0].availability[0] (participant t1): start 14:00 must be before end 12:00",
    ),
    "time not HH:MM": (
        with_first(availability=[{"day": "mon", "start": "9:00", "end": "12:00"}]),
        "participants[0].availability[0].start",
    ),
    "hour 25": (
        with_first(availability=[{"day": "mon", "start": "09:00", "end": "25:00"}]),
        "participants[0].availability[0].end",
    ),
    "unknown day": (
        with_first(availability=[{"day": "monday", "start": "09:00", "end": "12:00"}]),
        "participants[0].availability[0].day",
    ),
    "missing location for in person": (with_first(modality=["in_person"]), "location and max_travel_km required"),
    "latitude out of range": (
        with_first(modality=["in_person"], location={"lat": 95.0, "lon": 0.0}, max_travel_km=10),
        "participants[0].location.lat",
    ),
    "negative travel radius": (
        with_first(modality=["in_person"], location={"lat": 45.0, "lon": 0.0}, max_travel_km=-1),
        "participants[0].max_travel_km",
    ),
    "unknown modality": (with_first(modality=["hybrid"]), "participants[0].modality[0]"),
    "misspelt field": (
        with_first(emial="x@example.org"),
        "participants[0].emial (participant t1): Extra inputs are not permitted",
    ),
    "blank focus value": (with_first(focus=["  "]), "participants[0].focus"),
    "preferred size min above max": (with_first(preferred_size={"min": 5, "max": 3}), "participants[0].preferred_size"),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_document_exits_2_naming_the_place_and_writes_nothing(case, write_json, tmp_path):
    document, expected = BAD_DOCUMENTS[case]
    output = tmp_path / "solution.json"
    result = CliRunner().invoke(main, ["solve", str(write_json(document)), "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "signups.json"]


RAW_BAD_INPUTS = {
    "malformed JSON": (b'{"participants": [}', "line 1 column 19: invalid JSON"),
    "not UTF-8": (b'{"participants": ["\xff"]}', "not UTF-8 text"),
    "NaN literal": (b'{"participants": [], "settings": {"time_limit_s": NaN}}', "NaN is not a number JSON allows"),
    "Infinity literal": (
        b'{"participants": [], "settings": {"time_limit_s": Infinity}}',
        "Infinity is not a number JSON allows",
    ),
}


@pytest.mark.parametrize("case", sorted(RAW_BAD_INPUTS))
def test_unreadable_bytes_exit_2_with_the_reason(case, tmp_path):
    raw, expected = RAW_BAD_INPUTS[case]
    path = tmp_path / "signups.json"
    path.write_bytes(raw)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert expected in result.stderr


def test_missing_input_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "absent.json")])
    assert result.exit_code == 2
    assert "absent.json: cannot read" in result.stderr


def test_every_problem_is_reported_at_once(write_json):
    document = signup_file(
        [
            participant("t1", timezone="Nowhere/City", avoid=["t7"]),
            participant("t1", availability=[{"day": "mon", "start": "13:00", "end": "12:00"}]),
        ]
    )
    result = CliRunner().invoke(main, ["validate", str(write_json(document))])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4
    assert any("participants[0].timezone" in line for line in lines)
    assert any("participants[1].availability[0]" in line for line in lines)
    assert any("duplicate id 't1'" in line for line in lines)
    assert any("unknown participant id 't7'" in line for line in lines)


def test_output_below_a_file_exits_2_before_solving(write_json, tmp_path):
    (tmp_path / "no").write_text("a file where a folder should be")
    result = CliRunner().invoke(
        main, ["solve", str(write_json(signup_file(VALID))), "-o", str(tmp_path / "no" / "s.json")]
    )
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.stderr


def test_real_process_prints_no_traceback_on_bad_input(tmp_path):
    path = tmp_path / "signups.json"
    path.write_text('{"participants": [{"id": 3}]}', encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "groupformer", "solve", str(path)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "participants[0].id: Input should be a valid string" in completed.stderr
    assert completed.stdout == ""
