"""The contract's limits (docs/contract.md, "Limits"): every count, length, number and date has one, the page
lists each with the value the code enforces, breaking one is a located error (exit status 2), and a file
within them can be solved and exported, however close to the edges it is."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import participant, run_export, signup_file

from groupformer.cli import main
from groupformer.contract import SignupFile, limits
from groupformer.search.fixed_groups import FixedGroups
from groupformer.validate import InputError, load_signups

CONTRACT_PAGE = Path(__file__).resolve().parent.parent / "docs" / "contract.md"
TRIO = [participant("t1"), participant("t2"), participant("t3")]
LIMIT_NAMES = sorted(name for name in vars(limits) if name.isupper())


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def refused(document, write_json) -> list[str]:
    """The error lines of `validate` on the document, which must exit 2 without a traceback."""
    result = run("validate", str(write_json(document)))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def written(value) -> str:
    """A limit's value as the page writes it: 100,000 or 1970-01-01."""
    return str(value) if isinstance(value, datetime.date) else f"{value:,.0f}"


def monday_on_or_after(date: datetime.date) -> datetime.date:
    return date + datetime.timedelta(days=-date.weekday() % 7)


def signups_path(folder: Path, document: dict) -> Path:
    path = folder / "signups.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def solved_and_exported(document: dict, folder: Path) -> None:
    """`solve` then `export` of every file kind, both of which must succeed."""
    folder.mkdir()
    solution = run("solve", str(signups_path(folder, document)), "-q", "--work-limit", "1")
    assert solution.exit_code == 0, solution.output
    files = ("--ics", str(folder / "ics"), "--csv", str(folder / "roster.csv"), "--html", str(folder / "r.html"))
    exported = run_export(folder / "export", document, json.loads(solution.stdout), *files, "-q")
    assert exported.exit_code == 0, exported.output


# --- the page and the code agree ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LIMIT_NAMES)
def test_every_limit_is_on_the_page_with_the_value_the_code_enforces(name):
    rows = [line for line in CONTRACT_PAGE.read_text().splitlines() if line.startswith(f"| `{name}` |")]
    assert len(rows) == 1, name
    assert rows[0].split("|")[2].strip() == written(getattr(limits, name))


# --- small files that would exhaust the machine -------------------------------------------------------------


def test_a_group_count_of_a_billion_is_no_cap():
    signups = load_signups(json.dumps(signup_file(TRIO, group_count=1_000_000_000)).encode())
    assert signups.fixed_groups() is None


def test_a_group_count_the_participants_could_just_fill_is_no_cap():
    six = [participant(f"t{number}") for number in range(6)]
    signups = SignupFile.model_validate(signup_file(six, group_size={"min": 3, "max": 3}, group_count=2))
    assert signups.fixed_groups() is None


def test_a_group_count_below_what_the_participants_could_fill_caps():
    six = [participant(f"t{number}") for number in range(6)]
    signups = SignupFile.model_validate(signup_file(six, group_size={"min": 3, "max": 3}, group_count=1))
    assert signups.fixed_groups() == [("G001", 3, 3)]


def test_a_huge_group_count_solves_like_none(write_json):
    result = run("solve", str(write_json(signup_file(TRIO, group_count=10**12))), "-q", "--work-limit", "1")
    assert result.exit_code == 0, result.output
    assert [group["id"] for group in json.loads(result.stdout)["groups"]] == ["G001"]


def test_alike_fixed_groups_count_once_per_kind_of_size_range():
    assert FixedGroups(((3, 4),) * 1000).interval_limits() == [(3, 3, 1000), (3, 4, 1000), (4, 4, 1000)]


def test_a_list_longer_than_the_limit_is_refused_at_its_place(write_json):
    specialties = [f"approach {number}" for number in range(limits.MAX_LIST_ITEMS + 1)]
    [line] = refused(signup_file([participant("t1", specialties=specialties), *TRIO[1:]]), write_json)
    assert line.startswith("error: participants[0].specialties (participant t1): List should have at most 1000")


def test_the_longest_list_of_repeated_terms_keeps_each_term_once():
    repeated = ["CBT", " cbt "] * (limits.MAX_LIST_ITEMS // 2)
    signups = SignupFile.model_validate(signup_file([participant("t1", specialties=repeated), *TRIO[1:]]))
    assert signups.participants[0].specialties == ["cbt"]


def test_one_participant_more_than_the_limit_is_refused():
    everyone = [participant(f"t{number}") for number in range(limits.MAX_PARTICIPANTS + 1)]
    with pytest.raises(InputError) as caught:
        load_signups(json.dumps(signup_file(everyone)).encode())
    assert caught.value.problems == ["participants: List should have at most 100000 items after validation, not 100001"]


def test_the_most_participants_validate():
    everyone = [participant(f"t{number}") for number in range(limits.MAX_PARTICIPANTS)]
    assert len(load_signups(json.dumps(signup_file(everyone)).encode()).participants) == limits.MAX_PARTICIPANTS


# --- what validates also solves and exports ---------------------------------------------------------------------


@pytest.mark.parametrize("week", ["0001-01-01", "1969-12-29", "3000-01-06", "9999-12-27"])
def test_a_reference_week_outside_the_accepted_dates_is_refused(week, write_json):
    [line] = refused(signup_file(TRIO, reference_week=week), write_json)
    assert (
        line
        == f"error: settings.reference_week: {week} is outside 1970-01-01 to 2999-12-31, the dates groupformer accepts"
    )


@pytest.mark.parametrize(
    "week",
    [monday_on_or_after(limits.EARLIEST_DATE), monday_on_or_after(limits.LATEST_DATE - datetime.timedelta(days=6))],
    ids=["earliest", "latest"],
)
def test_the_first_and_last_accepted_reference_weeks_solve_and_export(week, tmp_path):
    solved_and_exported(signup_file(TRIO, reference_week=str(week)), tmp_path / "round")


def test_a_past_group_dated_outside_the_accepted_dates_is_refused(write_json):
    document = {**signup_file(TRIO), "history": [{"date": "0001-01-01", "members": ["t1", "t2"]}]}
    [line] = refused(document, write_json)
    assert line.startswith("error: history[0].date: 0001-01-01 is outside 1970-01-01 to 2999-12-31")


def test_a_weight_above_the_limit_is_refused(write_json):
    [line] = refused(signup_file(TRIO, weights={"diversity": 1e308}), write_json)
    assert line == "error: settings.weights.diversity: Input should be less than or equal to 1000000"


def test_every_weight_at_the_limit_solves_and_exports(tmp_path):
    names = ("diversity", "prefer", "size", "focus", "spare_window", "novelty", "style_wish", "frequency_wish")
    weights = {name: limits.MAX_WEIGHT for name in (*names, "focus_wish")}
    solved_and_exported(signup_file(TRIO, weights=weights, as_wishes=["style"]), tmp_path / "round")


@pytest.mark.parametrize("address", ["dana@example.org\r\nBcc: all@example.org", "dana@example.org\n", "da\tna@x.org"])
def test_an_email_with_a_line_break_or_control_character_is_refused(address, write_json):
    [line] = refused(signup_file([participant("t1", email=address), *TRIO[1:]]), write_json)
    assert line == (
        "error: participants[0].email (participant t1): an email address may not contain line breaks or other "
        "control characters"
    )


def test_an_email_longer_than_smtp_delivers_is_refused(write_json):
    address = "d" * 243 + "@example.org"
    [line] = refused(signup_file([participant("t1", email=address), *TRIO[1:]]), write_json)
    assert line == "error: participants[0].email (participant t1): String should have at most 254 characters"


def test_a_name_longer_than_the_limit_is_refused(write_json):
    [line] = refused(signup_file([participant("t1", name="Dana " * 1000), *TRIO[1:]]), write_json)
    assert line == "error: participants[0].name (participant t1): String should have at most 1000 characters"


def test_names_and_emails_at_the_limits_solve_and_export(tmp_path):
    person = participant("t1", name="D" * limits.MAX_TEXT_CHARS, email="d" * 242 + "@example.org")
    solved_and_exported(signup_file([person, *TRIO[1:]]), tmp_path / "round")


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules"])
def test_a_zone_file_that_names_no_place_is_not_a_time_zone(zone, write_json):
    [line] = refused(signup_file([participant("t1", timezone=zone), *TRIO[1:]]), write_json)
    assert line.startswith(f"error: participants[0].timezone (participant t1): unknown time zone {zone!r}")


def test_the_report_refuses_a_zone_file_that_names_no_place(tmp_path):
    solution = run("solve", str(signups_path(tmp_path, signup_file(TRIO))), "-q", "--work-limit", "1")
    result = run_export(tmp_path / "x", signup_file(TRIO), json.loads(solution.stdout), "--timezone", "localtime")
    assert result.exit_code == 2
    assert "unknown time zone 'localtime'" in result.stderr


@pytest.mark.parametrize(
    ("field", "value", "place"),
    [
        ("max_travel_km", 20_039, "participants[0].max_travel_km"),
        ("experience_years", 101, "participants[0].experience_years"),
        ("preferred_size", {"max": 101}, "participants[0].preferred_size.max"),
    ],
)
def test_a_participant_number_above_its_limit_is_refused(field, value, place, write_json):
    fields = {"modality": ["in_person"], "location": {"lat": 0.0, "lon": 0.0}, "max_travel_km": 5, field: value}
    [line] = refused(signup_file([participant("t1", **fields), *TRIO[1:]]), write_json)
    assert line.startswith(f"error: {place} (participant t1): Input should be less than or equal to")


@pytest.mark.parametrize(
    ("settings", "place"),
    [
        ({"group_size": {"min": 3, "max": 101}}, "settings.group_size.max"),
        ({"groups": [{"id": "A", "max": 10**9}]}, "settings.groups[0].max"),
        ({"time_limit_s": 1e308}, "settings.time_limit_s"),
        ({"work_limit": 1e308}, "settings.work_limit"),
        ({"seed": 2**53}, "settings.seed"),
        ({"history_half_life_days": 1e300}, "settings.history_half_life_days"),
        ({"composition": [{"tag": "x", "at_least": 10**30}]}, "settings.composition[0].at_least"),
    ],
)
def test_a_setting_above_its_limit_is_refused(settings, place, write_json):
    [line] = refused(signup_file(TRIO, **settings), write_json)
    assert line.startswith(f"error: {place}: Input should be less than or equal to")


@pytest.mark.parametrize(
    ("option", "value"), [("--time-limit", "1e308"), ("--work-limit", "1e308"), ("--time-limit", "nan")]
)
def test_a_command_line_limit_beyond_a_week_is_refused(option, value, write_json):
    result = run("solve", str(write_json(signup_file(TRIO))), option, value)
    assert result.exit_code == 2
    assert "must be a finite number of seconds, at most 604,800 (a week)" in result.stderr


def test_a_command_line_seed_beyond_the_limit_is_refused(write_json):
    result = run("solve", str(write_json(signup_file(TRIO))), "--seed", str(2**53))
    assert result.exit_code == 2
    assert "must be at most 9,007,199,254,740,991" in result.stderr


def test_generating_more_participants_than_the_limit_is_refused():
    result = run("generate", "--n", str(limits.MAX_PARTICIPANTS + 1))
    assert result.exit_code == 2
    assert "must be at most 100,000" in result.stderr


# --- the JSON itself ----------------------------------------------------------------------------------------


def test_json_nested_far_too_deep_for_the_reader_is_refused_at_the_bracket(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"participants": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: line 1 column 81: nested deeper than 64 levels\n"


def test_json_one_level_deeper_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"participants": [\n' + "[" * 63 + "]" * 63 + "]}")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: line 2 column 63: nested deeper than 64 levels\n"


def test_json_as_deep_as_the_limit_is_read_and_judged_by_the_contract(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"participants": [\n' + "[" * 62 + "]" * 62 + "]}")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "participants[0]: Input should be a valid dictionary" in result.stderr


def test_a_key_repeated_in_an_object_is_refused_at_its_place(tmp_path):
    path = tmp_path / "signups.json"
    text = json.dumps(signup_file(TRIO)).replace('"id": "t2",', '"id": "t2", "timezone": "Asia/Tokyo",')
    path.write_text(text)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == "error: participants[1] (participant t2): the key 'timezone' appears more than once\n"


def test_a_huge_bad_value_is_quoted_cut_short(write_json):
    lines = refused(signup_file([participant("t1", avoid=["x" * 1_000_000]), *TRIO[1:]]), write_json)
    assert all(len(line) < 300 for line in lines)
    assert f"unknown participant id {'x' * 80!r}… (1,000,000 characters)" in lines[-1]


def test_a_huge_unknown_key_is_named_cut_short(write_json):
    [line] = refused(signup_file([participant("t1", **{"k" * 1_000_000: 1}), *TRIO[1:]]), write_json)
    assert re.fullmatch(r"error: participants\[0\]\.k{80}… \(1,000,000 characters\) \(participant t1\): .*", line)


def test_a_utf16_sign_up_file_is_named_utf16(tmp_path):
    path = tmp_path / "signups.json"
    path.write_bytes(json.dumps(signup_file(TRIO)).encode("utf-16-le"))
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: UTF-16 text (NUL bytes between the letters), not UTF-8; save it as UTF-8\n"


def test_a_roster_group_name_beyond_the_limit_is_an_error_at_its_first_row(write_json, tmp_path):
    path = tmp_path / "roster.csv"
    long_name = "G" * (limits.MAX_TEXT_CHARS + 1)
    path.write_text(f"group,participant\nA,t1\n{long_name},t2\n{long_name},t3\n", encoding="utf-8")
    result = run("evaluate", str(write_json(signup_file(TRIO))), "--roster", str(path), "-q")
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: row 3, column group: String should have at most 1000 characters\n"


def test_a_kept_meeting_place_off_the_globe_is_refused_at_its_place(write_json):
    offices = [
        participant(name, modality=["in_person"], location={"lat": 41.9, "lon": -87.6}, max_travel_km=50)
        for name in ("t1", "t2", "t3")
    ]
    place = {"lat": 95.0, "lon": -87.6, "host": "t1"}
    group = {"id": "A", "members": ["t1", "t2", "t3"], "modality": "in_person", "style": "formal"}
    group |= {"frequency": "weekly", "focus": None, "meeting": {"utc_start": "2027-01-04T18:00:00Z", "minutes": 90}}
    group["meeting"]["location"] = place
    previous = write_json({"groups": [group], "unassigned": []}, "previous.json")
    result = run("solve", str(write_json(signup_file(offices))), "--keep", str(previous), "-q")
    assert result.exit_code == 2
    assert result.stderr == "error: groups[0].meeting.location.lat: Input should be less than or equal to 90\n"
