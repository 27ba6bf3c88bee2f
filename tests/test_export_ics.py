"""`groupformer export --ics DIR`: calendar files that stay right all year.

Each test pins down one thing a coordinator relies on when sending invitations: every meeting, all year
and across both clock changes, at a time each member said they are free; members told beforehand when
a clock change elsewhere moves their local time; a re-export that updates the invitations instead of
duplicating them; and a file every calendar program can read.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from click.testing import CliRunner
from conftest import MANHATTAN_SOLUTION, office, participant, remote_group, run_export, signup_file
from icalendar import Calendar, Event

from groupformer.cli import main
from groupformer.contract import DAYS, SignupFile, SubmittedSolution, clock_minutes
from groupformer.export.clock_changes import local_time_shifts
from groupformer.export.event_zone import event_zone
from groupformer.export.file_names import safe_file_names
from groupformer.export.ics import calendar_files, recurrence
from groupformer.solve import solve

CREATED = datetime(2026, 12, 1, tzinfo=UTC)
A_YEAR = timedelta(days=365)
NORTHERN_AND_SOUTHERN = ("America/Chicago", "Europe/Berlin", "Australia/Sydney")


def zone_trio(prefix: str, zone: str) -> list[dict]:
    """Three members free on Monday around noon in their own zone; together they have exactly
    12:00–13:30, so the only meeting fitting everyone is Monday 12:00 on that zone's clock."""
    windows = (("11:30", "14:00"), ("12:00", "14:30"), ("12:00", "13:30"))
    return [
        participant(f"{prefix}{number}", timezone=zone, availability=[{"day": "mon", "start": start, "end": end}])
        for number, (start, end) in enumerate(windows, start=1)
    ]


# Nine sign-ups in three zones whose Monday noons are hours apart in UTC, so the solver forms one group per
# zone. The reference week is in January: winter in Chicago and Berlin, summer in Sydney.
THREE_ZONES = signup_file(
    [member for prefix, zone in zip("cbs", NORTHERN_AND_SOUTHERN) for member in zone_trio(prefix, zone)],
    group_size={"min": 3, "max": 3},
    reference_week="2027-01-04",
)

# Four members in three zones, one meeting: Monday 18:00 UTC is 12:00 in Chicago (CST), 19:00 in Berlin
# (CET) and 03:00 on Tuesday in Tokyo (JST). Gus has no email.
WORLD = signup_file(
    [
        participant("t1", name="Ada Chicago", email="ada@example.org"),
        participant("t2", name="Gus Noemail"),
        participant(
            "t3",
            name="Berta Berlin",
            email="berta@example.org",
            timezone="Europe/Berlin",
            availability=[{"day": "mon", "start": "18:00", "end": "21:00"}],
        ),
        participant(
            "t4",
            name="Kenji Tokyo",
            email="kenji@example.org",
            timezone="Asia/Tokyo",
            availability=[{"day": "tue", "start": "02:00", "end": "05:00"}],
        ),
    ],
    group_size={"min": 3, "max": 4},
)


def world_solution(**changes) -> dict:
    return {
        "format": "groupformer/v1-solution",
        "groups": [remote_group(**{"members": ["t1", "t2", "t3", "t4"], **changes})],
        "unassigned": [],
    }


# Three New Yorkers who meet in person at Mia's office, in Manhattan.
MANHATTAN = signup_file(
    [
        office("m1", 40.7433, -74.0084, name="Mia Host", email="mia@example.org"),
        office("m2", 40.7306, -73.9866),
        office("m3", 40.7831, -73.9712),
    ]
)


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def write(path: Path, document) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def calendar_of(folder: Path, name: str) -> Calendar:
    return Calendar.from_ical((folder / name).read_bytes())


def event_of(folder: Path, name: str) -> Event:
    (event,) = calendar_of(folder, name).walk("VEVENT")
    return event


def exported_event(tmp_path: Path, signups: dict, solution: dict, *options: str, name: str = "G1.ics") -> Event:
    result = run_export(tmp_path, signups, solution, "--ics", str(tmp_path / "ics"), *options)
    assert result.exit_code == 0, result.stderr
    return event_of(tmp_path / "ics", name)


def fits_availability(member: dict, start: datetime, duration: timedelta) -> bool:
    """The contract's rule written out on its own: the whole meeting inside one window of the member's
    weekday, on their own clock."""
    local = start.astimezone(ZoneInfo(member["timezone"]))
    minute = local.hour * 60 + local.minute
    end = minute + duration.total_seconds() / 60
    return any(
        DAYS.index(window["day"]) == local.weekday()
        and clock_minutes(window["start"]) <= minute
        and end <= clock_minutes(window["end"])
        for window in member["availability"]
    )


def occurrences_for_a_year(calendar: Calendar) -> list[datetime]:
    (event,) = calendar.walk("VEVENT")
    first = event.decoded("dtstart")
    return [occurrence.start for occurrence in recurring_ical_events.of(calendar).between(first, first + A_YEAR)]


def repeated_in_utc(calendar: Calendar) -> Calendar:
    """The same calendar with its first meeting written in UTC, as exports did before: the rule then
    repeats on the UTC clock."""
    utc_calendar = Calendar.from_ical(calendar.to_ical())
    (event,) = utc_calendar.walk("VEVENT")
    first = event.decoded("dtstart").astimezone(UTC)
    del event["DTSTART"]
    event.add("dtstart", first)
    return utc_calendar


@pytest.fixture(scope="module")
def three_zones() -> dict[str, tuple[list[dict], Calendar]]:
    """Each group of THREE_ZONES (solved) with its members and its exported calendar, by group id."""
    signups = SignupFile.model_validate(THREE_ZONES)
    solution = SubmittedSolution.model_validate(solve(signups, time_limit_s=5).model_dump(mode="json"))
    files = calendar_files(signups, solution, CREATED)
    names = safe_file_names([group.id for group in solution.groups], ".ics")
    by_id = {member["id"]: member for member in THREE_ZONES["participants"]}
    return {
        group.id: ([by_id[member] for member in group.members], Calendar.from_ical(files[names[group.id]]))
        for group in solution.groups
    }


# --- all year on the members' clocks ----------------------------------------------------------------------


def test_the_solver_forms_one_group_per_zone(three_zones):
    zones = sorted({member["timezone"] for members, _ in three_zones.values() for member in members})
    assert len(three_zones) == 3 and zones == sorted(NORTHERN_AND_SOUTHERN)
    assert all(len({member["timezone"] for member in members}) == 1 for members, _ in three_zones.values())


def test_every_meeting_for_a_year_lies_in_every_members_availability_on_their_own_clock(three_zones):
    for members, calendar in three_zones.values():
        duration = calendar.walk("VEVENT")[0].decoded("duration")
        starts = occurrences_for_a_year(calendar)
        assert len(starts) == 53
        for start in starts:
            for member in members:
                assert fits_availability(member, start, duration), (member["id"], start)


def test_the_year_of_meetings_crosses_both_clock_changes_of_each_zone(three_zones):
    for members, calendar in three_zones.values():
        zone = ZoneInfo(members[0]["timezone"])
        offsets = [start.astimezone(zone).utcoffset() for start in occurrences_for_a_year(calendar)]
        changes = [index for index in range(1, len(offsets)) if offsets[index] != offsets[index - 1]]
        assert len(changes) == 2, members[0]["timezone"]


def test_a_rule_repeating_in_utc_would_miss_the_members_availability_in_july(three_zones):
    for members, calendar in three_zones.values():
        duration = calendar.walk("VEVENT")[0].decoded("duration")
        july = [start for start in occurrences_for_a_year(repeated_in_utc(calendar)) if start.month == 7]
        assert july and not any(fits_availability(members[0], start, duration) for start in july)


def test_each_event_starts_at_noon_on_its_groups_clock_with_that_zones_definition_in_the_file(three_zones):
    for members, calendar in three_zones.values():
        (event,) = calendar.walk("VEVENT")
        assert event["DTSTART"].params["TZID"] == members[0]["timezone"]
        assert event.decoded("dtstart").replace(tzinfo=None) == datetime(2027, 1, 4, 12, 0)
        assert [timezone.tz_name for timezone in calendar.timezones] == [members[0]["timezone"]]


def test_the_embedded_time_zone_gives_every_meeting_the_offset_of_the_iana_zone(three_zones):
    """For calendar programs that do not know the zone's name and use the file's VTIMEZONE instead."""
    for members, calendar in three_zones.values():
        (embedded,) = calendar.timezones
        from_file, iana = embedded.to_tz(lookup_tzid=False), ZoneInfo(members[0]["timezone"])
        for start in occurrences_for_a_year(calendar):
            assert start.astimezone(from_file).utcoffset() == start.astimezone(iana).utcoffset()


# --- the event's zone --------------------------------------------------------------------------------------


def group_and_people(signups: dict, solution: dict):
    people = SignupFile.model_validate(signups).participants
    (group,) = SubmittedSolution.model_validate(solution).groups
    return group, {person.id: person for person in people}


def test_a_remote_group_repeats_in_the_zone_most_members_share():
    berlin_majority = world_solution(members=["t1", "t3", "t4"])
    signups = json.loads(json.dumps(WORLD))
    signups["participants"][3]["timezone"] = "Europe/Berlin"
    assert event_zone(*group_and_people(signups, berlin_majority)) == "Europe/Berlin"
    assert event_zone(*group_and_people(WORLD, world_solution())) == "America/Chicago"


def test_a_tie_between_zones_goes_to_the_first_name_whatever_the_member_order():
    for members in (["t1", "t3", "t4"], ["t4", "t3", "t1"]):
        assert event_zone(*group_and_people(WORLD, world_solution(members=members))) == "America/Chicago"


def test_an_in_person_group_repeats_on_its_hosts_clock_even_when_most_members_live_elsewhere():
    signups = json.loads(json.dumps(MANHATTAN))
    for member in signups["participants"][1:]:
        member["timezone"] = "America/Chicago"
    assert event_zone(*group_and_people(signups, MANHATTAN_SOLUTION)) == "America/New_York"


def test_a_monthly_rule_counts_the_weekday_on_the_events_clock():
    """Monday 09:00 in Sydney is still Sunday in UTC; the rule must say the first Monday."""
    first = datetime(2027, 1, 3, 22, tzinfo=UTC).astimezone(ZoneInfo("Australia/Sydney"))
    assert recurrence("monthly", first) == {"FREQ": "MONTHLY", "BYDAY": "1MO"}


# --- members in other zones --------------------------------------------------------------------------------


def test_members_in_zones_changing_clocks_on_other_dates_are_told_when_and_to_what_their_time_moves(tmp_path):
    description = str(exported_event(tmp_path, WORLD, world_solution()).get("description"))
    assert (
        "- from Monday 15 March 2027 (clocks change on Sunday 14 March 2027 in America/Chicago): "
        "Berta Berlin (t3) Monday 18:00–19:30 CET (Europe/Berlin); Kenji Tokyo (t4) Tuesday 02:00–03:30 JST"
    ) in description
    assert (
        "- from Monday 29 March 2027 (clocks change on Sunday 28 March 2027 in Europe/Berlin): "
        "Berta Berlin (t3) Monday 19:00–20:30 CEST (Europe/Berlin)"
    ) in description
    assert "Ada Chicago (t1) Monday" not in description


def test_a_southern_member_of_a_northern_group_moves_at_all_four_clock_changes_of_the_year():
    first = datetime(2027, 1, 4, 12, tzinfo=ZoneInfo("America/Chicago"))
    shifts = local_time_shifts(first, 90, {"c1": "America/Chicago", "s1": "Australia/Sydney"})
    changes = [(change.zone, change.local_date.isoformat()) for shift in shifts for change in shift.clock_changes]
    assert changes == [
        ("America/Chicago", "2027-03-14"),
        ("Australia/Sydney", "2027-04-04"),
        ("Australia/Sydney", "2027-10-03"),
        ("America/Chicago", "2027-11-07"),
    ]
    assert all([member for member, _ in shift.moved] == ["s1"] for shift in shifts)
    # Tuesday 05:00 in Sydney in January; Chicago's spring makes it 04:00, Sydney's autumn 03:00, and so back.
    assert [shift.moved[0][1].start for shift in shifts] == ["04:00", "03:00", "04:00", "05:00"]


def test_members_whose_zones_change_clocks_on_the_same_dates_never_move():
    first = datetime(2027, 1, 4, 12, tzinfo=ZoneInfo("America/Chicago"))
    zones = {"c1": "America/Chicago", "n1": "America/New_York", "p1": "Europe/Paris"}
    assert local_time_shifts(first, 90, {member: zones[member] for member in ("c1", "n1")}) == []
    assert len(local_time_shifts(first, 90, zones)) == 4


def test_a_group_in_one_zone_gets_no_clock_change_notice(three_zones):
    for _, calendar in three_zones.values():
        assert "Clock changes" not in str(calendar.walk("VEVENT")[0].get("description"))


# --- place and host ----------------------------------------------------------------------------------------


def test_in_person_groups_are_located_at_the_hosts_label_and_coordinates_and_name_the_host(tmp_path):
    event = exported_event(tmp_path, MANHATTAN, MANHATTAN_SOLUTION, name="Anna_s_group.ics")
    assert str(event.get("location")) == "Manhattan, NY (40.74330, -74.00840), hosted by Mia Host (m1)"
    assert (event.get("geo").latitude, event.get("geo").longitude) == (40.7433, -74.0084)
    assert "Host: Mia Host (m1), whose office is the meeting place" in str(event.get("description"))
    assert str(event.get("summary")) == "Peer consultation group Anna's group (trauma)"


def test_a_redacted_export_names_the_host_by_id(tmp_path):
    event = exported_event(tmp_path, MANHATTAN, MANHATTAN_SOLUTION, "--redact", name="Anna_s_group.ics")
    assert str(event.get("location")).endswith("hosted by m1")
    assert "Mia" not in event.to_ical().decode("utf-8")


def test_remote_groups_are_located_remote(tmp_path):
    assert str(exported_event(tmp_path, WORLD, world_solution()).get("location")) == "Remote"


# --- re-exports ---------------------------------------------------------------------------------------------


def test_a_group_keeps_its_uid_across_exports_and_a_change_of_members(tmp_path):
    first = exported_event(tmp_path / "one", WORLD, world_solution())
    kept = exported_event(tmp_path / "two", WORLD, world_solution(members=["t1", "t3", "t4", "t2"]))
    assert str(first.get("uid")) == str(kept.get("uid"))


def test_a_re_solve_keeping_the_groups_keeps_their_uids_and_their_sequence(tmp_path):
    """A newcomer in Tokyo, whom nobody can meet, signs up; `solve --keep` keeps the three groups."""
    newcomer = participant("k1", timezone="Asia/Tokyo")
    later = {**THREE_ZONES, "participants": [*THREE_ZONES["participants"], newcomer]}
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run("solve", write(tmp_path / "signups.json", THREE_ZONES), "-q", "-o", str(first)).exit_code == 0
    later_path = write(tmp_path / "later.json", later)
    assert run("solve", later_path, "--keep", str(first), "-q", "-o", str(second)).exit_code == 0
    folder = tmp_path / "ics"
    assert run("export", str(tmp_path / "signups.json"), str(first), "--ics", str(folder)).exit_code == 0
    before = {path.name: event_of(folder, path.name) for path in folder.iterdir()}
    assert run("export", later_path, str(second), "--ics", str(folder)).exit_code == 0
    after = {path.name: event_of(folder, path.name) for path in folder.iterdir()}
    assert len(after) == 3
    assert {name: str(event.get("uid")) for name, event in after.items()} == {
        name: str(event.get("uid")) for name, event in before.items()
    }
    assert [event.get("sequence") for event in after.values()] == [0, 0, 0]


def test_another_programme_gets_another_uid_for_the_same_group_id(tmp_path):
    next_year = {**WORLD, "settings": {**WORLD["settings"], "reference_week": "2028-01-03"}}
    next_meeting = {"utc_start": "2028-01-03T18:00:00Z", "minutes": 90, "location": None}
    this_year = exported_event(tmp_path / "one", WORLD, world_solution())
    other = exported_event(tmp_path / "two", next_year, world_solution(meeting=next_meeting))
    assert str(this_year.get("uid")) != str(other.get("uid"))


def test_a_new_event_has_sequence_0_and_an_unchanged_one_keeps_its_sequence(tmp_path):
    assert exported_event(tmp_path, WORLD, world_solution()).get("sequence") == 0
    assert exported_event(tmp_path, WORLD, world_solution(members=["t4", "t3", "t2", "t1"])).get("sequence") == 0


def test_sequence_rises_each_time_the_meeting_changes_between_exports_into_the_same_folder(tmp_path):
    later = {"utc_start": "2027-01-04T18:30:00Z", "minutes": 90, "location": None}
    assert exported_event(tmp_path, WORLD, world_solution()).get("sequence") == 0
    assert exported_event(tmp_path, WORLD, world_solution(meeting=later)).get("sequence") == 1
    assert exported_event(tmp_path, WORLD, world_solution(meeting=later)).get("sequence") == 1
    assert exported_event(tmp_path, WORLD, world_solution(frequency="biweekly")).get("sequence") == 2


def test_a_file_in_the_folder_that_is_not_a_calendar_is_bad_input_and_nothing_is_written(tmp_path):
    (tmp_path / "ics").mkdir()
    (tmp_path / "ics" / "notes.ics").write_text("not a calendar", encoding="utf-8")
    result = run_export(tmp_path, WORLD, world_solution(), "--ics", str(tmp_path / "ics"))
    assert result.exit_code == 2 and "notes.ics" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "ics" / "G1.ics").exists()


# --- invitations ----------------------------------------------------------------------------------------------


def test_an_organizer_makes_the_file_an_invitation_asking_members_to_answer(tmp_path):
    exported_event(tmp_path, WORLD, world_solution(), "--organizer", "Cora Lee <cora@example.org>")
    calendar = calendar_of(tmp_path / "ics", "G1.ics")
    (event,) = calendar.walk("VEVENT")
    assert str(calendar.get("method")) == "REQUEST"
    assert (str(event.get("organizer")), event.get("organizer").params["CN"]) == ("mailto:cora@example.org", "Cora Lee")
    assert {str(address): address.params["RSVP"] for address in event.get("attendee")} == {
        "mailto:ada@example.org": "TRUE",
        "mailto:berta@example.org": "TRUE",
        "mailto:kenji@example.org": "TRUE",
    }


def test_a_redacted_invitation_keeps_its_organizer_and_invites_nobody_by_address(tmp_path):
    event = exported_event(tmp_path, WORLD, world_solution(), "--redact", "--organizer", "Cora Lee <cora@example.org>")
    assert str(event.get("organizer")) == "mailto:cora@example.org"
    assert event.get("attendee") is None


def test_without_an_organizer_the_file_is_no_invitation(tmp_path):
    exported_event(tmp_path, WORLD, world_solution())
    calendar_text = (tmp_path / "ics" / "G1.ics").read_text(encoding="utf-8")
    assert "METHOD:" not in calendar_text and "ORGANIZER" not in calendar_text and "RSVP" not in calendar_text


@pytest.mark.parametrize("value", ["Cora Lee", "Cora <cora@example>", "<>", "Cora <a@b.org> extra"])
def test_a_malformed_organizer_is_a_usage_error_naming_the_option(value, tmp_path):
    result = run_export(tmp_path, WORLD, world_solution(), "--ics", str(tmp_path / "ics"), "--organizer", value)
    assert result.exit_code == 2 and "--organizer" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "ics").exists()


def test_an_organizer_without_calendar_files_is_a_usage_error(tmp_path):
    result = run_export(tmp_path, WORLD, world_solution(), "--csv", str(tmp_path / "r.csv"), "--organizer", "a@b.org")
    assert result.exit_code == 2 and "--organizer" in result.stderr


def test_members_with_email_are_attendees_and_the_others_are_named_in_the_description(tmp_path):
    event = exported_event(tmp_path, WORLD, world_solution())
    attendees = {str(address): address.params["CN"] for address in event.get("attendee")}
    assert attendees == {
        "mailto:ada@example.org": "Ada Chicago",
        "mailto:berta@example.org": "Berta Berlin",
        "mailto:kenji@example.org": "Kenji Tokyo",
    }
    description = str(event.get("description"))
    assert "Not invited by email (no address in the sign-ups): Gus Noemail (t2)" in description
    assert "- Kenji Tokyo (t4): Tuesday 03:00–04:30 JST (Asia/Tokyo)" in description


# --- rules and files ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "rule"),
    [
        ("weekly", {"FREQ": ["WEEKLY"]}),
        ("biweekly", {"FREQ": ["WEEKLY"], "INTERVAL": [2]}),
        ("monthly", {"FREQ": ["MONTHLY"], "BYDAY": ["1MO"]}),
    ],
)
def test_recurrence_rule_matches_the_groups_frequency(frequency, rule, tmp_path):
    recurrence_rule = exported_event(tmp_path, WORLD, world_solution(frequency=frequency)).get("rrule")
    assert {key: list(value) for key, value in recurrence_rule.items()} == rule


@pytest.mark.parametrize(("day", "by_day"), [(4, "1MO"), (11, "2MO"), (18, "3MO"), (25, "4MO"), (29, "-1FR")])
def test_monthly_meetings_keep_the_weekday_of_the_month_and_a_fifth_one_becomes_the_last(day, by_day):
    first = datetime(2027, 1, day, 12, tzinfo=ZoneInfo("America/Chicago"))
    assert recurrence("monthly", first) == {"FREQ": "MONTHLY", "BYDAY": by_day}


def test_file_names_keep_only_safe_characters_and_never_collide():
    names = safe_file_names(["Anna's group", "anna_s group", "../../etc/passwd", "Müller", "", ".hidden"], ".ics")
    assert names == {
        "Anna's group": "Anna_s_group.ics",
        "anna_s group": "anna_s_group-2.ics",
        "../../etc/passwd": "etc_passwd.ics",
        "Müller": "Muller.ics",
        "": "group.ics",
        ".hidden": "hidden.ics",
    }


def test_calendar_folder_is_created_with_its_missing_parents(tmp_path):
    result = run_export(tmp_path, WORLD, world_solution(), "--ics", str(tmp_path / "a" / "b"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "a" / "b" / "G1.ics").exists()


def test_a_file_where_a_folder_of_the_calendar_path_must_be_is_bad_input(tmp_path):
    (tmp_path / "a").write_text("", encoding="utf-8")
    result = run_export(tmp_path, WORLD, world_solution(), "--ics", str(tmp_path / "a" / "b"))
    assert result.exit_code == 2 and "exists and is not a folder" in result.stderr
