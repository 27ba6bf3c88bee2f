"""groupformer explain: why a group works, why someone was not placed, and which single change to their
sign-up would place them, each change checked by the `solve --keep --open-seats` command it prints, all
re-solves together within the time limit."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import INSTANCES, participant, signup_file

from groupformer.cli import main
from groupformer.explain import explain, render_text
from groupformer.explain.budget import MIN_RE_SOLVE_S, TimeBudget
from groupformer.generate import generate_signups
from groupformer.solve import solve
from groupformer.validate import InputError, load_signups, load_solution

MONDAY_NOON_CHICAGO = "2027-01-04T18:00:00Z"
CHICAGO = {"lat": 41.88, "lon": -87.63}
TEN_KM_NORTH_OF_CHICAGO = {"lat": 41.97, "lon": -87.63}


def loaded(document: dict):
    return load_signups(json.dumps(document).encode())


def group(group_id: str, members: list[str], **fields) -> dict:
    """A solution group meeting Monday 12:00 in Chicago, remote unless overridden."""
    meeting = {"utc_start": MONDAY_NOON_CHICAGO, "minutes": 90, "location": fields.pop("location", None)}
    values = {"modality": "remote", "style": "informal", "frequency": "weekly", "focus": None}
    return {"id": group_id, "members": members, "meeting": meeting, **values, **fields}


def solution_of(groups: list[dict], unassigned: dict[str, str] | None = None):
    entries = [{"id": person, "reasons": [reason]} for person, reason in (unassigned or {}).items()]
    return load_solution(json.dumps({"groups": groups, "unassigned": entries}).encode())


def solved(document: dict):
    return solve(loaded(document), time_limit_s=2)


def group_with(solution, person: str):
    return next((found for found in solution.groups if person in found.members), None)


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


@pytest.fixture
def three_in_chicago_one_in_berlin():
    berlin_evening = [{"day": "mon", "start": "19:00", "end": "21:00"}]
    people = [
        participant("c1", prefer=["c2"], focus=["trauma"], specialties=["CBT"]),
        participant("c2", preferred_size={"min": 4, "max": 4}, specialties=["EMDR", "CBT"]),
        participant("c3", focus=["trauma", "grief"]),
        participant("b1", timezone="Europe/Berlin", availability=berlin_evening, specialties=["IFS"]),
    ]
    return signup_file(people), [group("G001", ["c1", "c2", "c3", "b1"], focus="trauma")]


def test_a_group_gives_each_member_the_meeting_on_their_own_clock(three_in_chicago_one_in_berlin):
    document, groups = three_in_chicago_one_in_berlin
    explained = explain(loaded(document), solution_of(groups), "G001")["group"]
    local = {detail["id"]: detail["local_meeting"] for detail in explained["member_details"]}
    assert local["c1"] == {
        "weekday": "Monday",
        "start": "12:00",
        "end": "13:30",
        "zone": "America/Chicago",
        "abbreviation": "CST",
    }
    assert (local["b1"]["weekday"], local["b1"]["start"], local["b1"]["end"]) == ("Monday", "19:00", "20:30")
    assert "b1: Monday 19:00–20:30 CET (Europe/Berlin)" in render_text({"kind": "group", "group": explained})


def test_a_group_says_who_stated_its_focus_and_which_wishes_it_meets(three_in_chicago_one_in_berlin):
    document, groups = three_in_chicago_one_in_berlin
    explained = explain(loaded(document), solution_of(groups), "G001")["group"]
    assert explained["focus_stated_by"] == ["c1", "c3"]
    assert explained["wishes"]["prefer_met"] == [{"from": "c1", "to": "c2"}]
    assert explained["wishes"]["preferred_size_met"] == ["c2"]
    assert (explained["wishes"]["specialties"], explained["wishes"]["coverage"]) == (["cbt", "emdr", "ifs"], 3)
    assert explained["broken_rules"] == []


def test_an_in_person_group_gives_each_members_distance_and_radius():
    people = [
        participant("h", modality=["in_person"], location=CHICAGO, max_travel_km=5),
        participant("n", modality=["in_person"], location=TEN_KM_NORTH_OF_CHICAGO, max_travel_km=25),
        participant("m", modality=["in_person"], location=CHICAGO, max_travel_km=5),
    ]
    place = {**CHICAGO, "host": "h"}
    groups = [group("G001", ["h", "n", "m"], modality="in_person", location=place)]
    explained = explain(loaded(signup_file(people)), solution_of(groups), "G001")["group"]
    north = next(detail for detail in explained["member_details"] if detail["id"] == "n")
    assert north["distance_km"] == pytest.approx(10.0, abs=0.1)
    assert north["max_travel_km"] == 25
    assert explained["host"] == "h"


def test_distances_are_told_in_the_unit_the_sign_ups_use():
    people = [
        participant("h", modality=["in_person"], location=CHICAGO, max_travel_km=5),
        participant("n", modality=["in_person"], location=TEN_KM_NORTH_OF_CHICAGO, max_travel_km=16.0934),
        participant("m", modality=["in_person"], location=CHICAGO, max_travel_km=5),
    ]
    groups = [group("G001", ["h", "n", "m"], modality="in_person", location={**CHICAGO, "host": "h"})]
    explained = explain(loaded(signup_file(people, distance_unit="mi")), solution_of(groups), "G001")
    assert "n: Monday 12:00–13:30 CST (America/Chicago), 6.2 mi away (travels up to 10 mi)" in render_text(explained)


def test_the_overview_gives_each_groups_meeting_on_its_members_clock():
    people = [participant(name, timezone="America/Los_Angeles") for name in ("a", "b")] + [participant("c")]
    overview = render_text(explain(loaded(signup_file(people)), solution_of([group("G001", ["a", "b", "c"])])))
    assert "Monday 10:00–11:30 PST (America/Los_Angeles)" in overview
    assert "T18:00:00Z" not in overview


def test_a_group_breaking_a_rule_is_not_explained_as_if_it_worked():
    people = [participant("a", avoid=["b"]), participant("b"), participant("c")]
    explained = explain(loaded(signup_file(people)), solution_of([group("G001", ["a", "b", "c"])]), "G001")
    assert explained["group"]["broken_rules"] == ["a and b in G001 must not be grouped"]


def test_an_in_person_only_person_is_told_that_accepting_remote_meetings_places_them():
    remote = [participant(f"t{number}") for number in range(1, 4)]
    in_person_only = participant("x", modality=["in_person"], location=CHICAGO, max_travel_km=10)
    document = signup_file([*remote, in_person_only])
    solution = solved(document)
    explained = explain(loaded(document), solution, "x")
    assert explained["kind"] == "unplaced"
    assert explained["reasons"] == [entry.reasons for entry in solution.unassigned if entry.id == "x"][0]
    (suggestion,) = explained["suggestions"]
    assert suggestion["change"] == {"participant": "x", "field": "modality", "value": ["in_person", "remote"]}
    assert (suggestion["group"], suggestion["new_group"]) == (group_with(solution, "t1").id, False)
    assert suggestion["text"] == f"accepting remote meetings would place x in {suggestion['group']}"


def test_a_person_who_would_form_a_new_group_with_other_unplaced_people_is_told_with_whom():
    tuesday = [{"day": "tue", "start": "09:00", "end": "11:00"}]
    remote = [participant(f"t{number}") for number in range(1, 4)]
    waiting = [participant("u1", availability=tuesday), participant("u2", availability=tuesday)]
    in_person_only = participant("x", availability=tuesday, modality=["in_person"], location=CHICAGO, max_travel_km=10)
    document = signup_file([*remote, *waiting, in_person_only])
    (suggestion,) = explain(loaded(document), solved(document), "x")["suggestions"]
    assert (suggestion["new_group"], suggestion["with"]) == (True, ["u1", "u2"])
    assert "would place x in a new group with u1, u2" in suggestion["text"]


def test_nobody_is_told_to_drop_a_conflict_of_interest():
    document = json.loads((INSTANCES / "example.json").read_text())
    solution = solve(loaded(document), time_limit_s=5, workers=1)
    for entry in solution.unassigned[:5]:
        explained = explain(loaded(document), solution, entry.id)
        assert all(suggestion["change"]["field"] != "avoid" for suggestion in explained["suggestions"])


def test_a_window_at_a_groups_meeting_is_suggested_in_the_persons_own_time():
    friday_morning = [{"day": "fri", "start": "09:00", "end": "11:00"}]
    people = [participant(f"t{number}") for number in range(1, 4)]
    people.append(participant("x", timezone="America/New_York", availability=friday_morning))
    solution = solution_of([group("G001", ["t1", "t2", "t3"])], {"x": "nobody shares a window"})
    (suggestion,) = explain(loaded(signup_file(people)), solution, "x")["suggestions"]
    assert suggestion["change"]["value"] == [*friday_morning, {"day": "mon", "start": "13:00", "end": "14:30"}]
    assert suggestion["text"] == "adding Mon 13:00–14:30 to x's availability would place x in G001"


def test_a_person_in_conflict_with_everyone_gets_no_suggestion_and_is_told_so():
    remote = [participant(f"t{number}") for number in range(1, 4)]
    conflicted = participant("x", avoid=["t1", "t2", "t3"], style=["formal"], focus=["trauma"])
    document = signup_file([*remote, conflicted])
    explained = explain(loaded(document), solved(document), "x")
    assert explained["suggestions"] == []
    assert len(explained["tried"]) == 2
    assert "no single change to x's sign-up places x" in render_text(explained)


def test_a_person_the_solution_could_have_placed_is_told_no_change_is_needed():
    people = [participant(f"t{number}") for number in range(1, 5)]
    solution = solution_of([group("G001", ["t1", "t2", "t3"])], {"t4": "left out by hand"})
    explained = explain(loaded(signup_file(people)), solution, "t4")
    assert explained["placed_without_change"]["group"] == "G001"
    assert explained["suggestions"] == []
    assert "no change needed" in render_text(explained)


def test_a_placed_person_is_told_where_they_are(three_in_chicago_one_in_berlin):
    document, groups = three_in_chicago_one_in_berlin
    explained = explain(loaded(document), solution_of(groups), "b1")
    assert (explained["kind"], explained["group"]["id"]) == ("placed", "G001")
    assert render_text(explained).startswith("b1 is placed, in G001")


def test_without_an_id_every_group_and_every_unplaced_person_is_listed_with_reasons():
    people = [participant(f"t{number}") for number in range(1, 5)]
    solution = solution_of([group("G001", ["t1", "t2", "t3"])], {"t4": "left out by hand"})
    explained = explain(loaded(signup_file(people)), solution)
    assert [listed["id"] for listed in explained["groups"]] == ["G001"]
    assert explained["unplaced"] == [{"participant": "t4", "reasons": ["left out by hand"]}]
    assert "give a participant's id for what would place them" in render_text(explained)


def test_a_solution_naming_someone_not_signed_up_is_bad_input():
    people = [participant(f"t{number}") for number in range(1, 4)]
    with pytest.raises(InputError) as error:
        explain(loaded(signup_file(people)), solution_of([group("G001", ["t1", "t2", "t9"])]), "G001")
    assert any("unknown participant id 't9'" in problem for problem in error.value.problems)


def test_a_larger_radius_is_suggested_in_the_unit_the_sign_ups_use():
    hosts = [participant(name, modality=["in_person"], location=CHICAGO, max_travel_km=5) for name in "abc"]
    far = participant("x", modality=["in_person"], location=TEN_KM_NORTH_OF_CHICAGO, max_travel_km=5)
    document = signup_file([*hosts, far])
    document.setdefault("settings", {})["distance_unit"] = "mi"
    place = {**CHICAGO, "host": "a"}
    groups = [group("G001", ["a", "b", "c"], modality="in_person", location=place)]
    unplaced = {"x": "nobody within reach"}
    suggestions = explain(loaded(document), solution_of(groups, unplaced), "x")["suggestions"]
    radius = next(suggestion for suggestion in suggestions if suggestion["change"]["field"] == "max_travel_km")
    assert radius["text"].startswith("a travel radius of 7 mi instead of 3.1 mi (to reach G001's meeting)")
    assert radius["change"]["value"] == pytest.approx(7 * 1.609344, abs=0.001)
    assert radius["group"] == "G001"


@pytest.fixture
def files(write_json, tmp_path):
    remote = [participant(f"t{number}") for number in range(1, 4)]
    in_person_only = participant("x", modality=["in_person"], location=CHICAGO, max_travel_km=10)
    document = signup_file([*remote, in_person_only])
    solution_path = tmp_path / "solution.json"
    solution_path.write_text(json.dumps(solved(document).model_dump(mode="json")), encoding="utf-8")
    return str(write_json(document)), str(solution_path)


def test_cli_json_output_is_one_json_object(files):
    result = run("explain", *files, "x", "--json", "--time-limit", "2")
    assert result.exit_code == 0, result.output
    explained = json.loads(result.stdout)
    assert explained["verification"]["time_limit_s"] == 2
    assert explained["suggestions"][0]["change"]["field"] == "modality"


def test_cli_words_by_default(files):
    result = run("explain", *files, "x")
    assert result.exit_code == 0, result.output
    assert "accepting remote meetings would place x in" in result.stdout


def test_cli_unknown_id_exits_2(files):
    result = run("explain", *files, "nobody")
    assert result.exit_code == 2
    assert "error: unknown id 'nobody'" in result.stderr


def test_cli_bad_solution_is_reported_without_traceback(files, tmp_path):
    signups_path, _ = files
    broken = tmp_path / "broken.json"
    broken.write_text('{"groups": [', encoding="utf-8")
    result = run("explain", signups_path, str(broken))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output


def test_with_fixed_groups_suggestions_are_unavailable_and_it_says_why():
    people = [participant(f"t{number}") for number in range(1, 5)]
    solution = solution_of([group("G001", ["t1", "t2", "t3"])], {"t4": "left out by hand"})
    explained = explain(loaded(signup_file(people, group_count=1)), solution, "t4")
    assert "cannot be combined with settings.groups" in explained["unavailable"]
    assert render_text(explained).splitlines()[-1].startswith("no suggestions: the groups cannot be kept")


# Suggestions hold where the coordinator acts: each printed command, run as printed, places the person.


def run_printed(command: str, output: Path) -> dict:
    """The command split as a shell splits it, its solution read back."""
    program, *arguments = shlex.split(command)
    assert program == "groupformer"
    result = run(*arguments, "-o", str(output), "-q")
    assert result.exit_code == 0, result.output
    return json.loads(output.read_text(encoding="utf-8"))


def holding(solution: dict, person: str) -> dict | None:
    return next((found for found in solution["groups"] if person in found["members"]), None)


def explained_on_disk(signups_path: str, solution_path: str, person: str, changes: Path, *options: str) -> dict:
    result = run("explain", signups_path, solution_path, person, "--json", "--write-changes", str(changes), *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def three_at_the_minimum_and_a_friday_person(write_json, tmp_path):
    """G018 has three members, the minimum; x is free only on Friday, so the group's Monday meeting is
    x's one obstacle. The reported case: explain named G018, `solve --keep` placed nobody."""
    friday = [{"day": "fri", "start": "09:00", "end": "11:00"}]
    people = [participant(f"t{number}") for number in range(1, 4)] + [participant("x", availability=friday)]
    signups_path = write_json(signup_file(people, group_size={"min": 3, "max": 6}))
    solution = {"groups": [group("G018", ["t1", "t2", "t3"])], "unassigned": [{"id": "x", "reasons": ["no window"]}]}
    solution_path = write_json(solution, "solution.json")
    return str(signups_path), str(solution_path)


def test_the_printed_command_places_the_person_in_a_group_at_the_minimum_size(
    three_at_the_minimum_and_a_friday_person, tmp_path
):
    signups_path, solution_path = three_at_the_minimum_and_a_friday_person
    explained = explained_on_disk(signups_path, solution_path, "x", tmp_path / "changes")
    (suggestion,) = explained["suggestions"]
    assert (suggestion["group"], suggestion["change"]["field"]) == ("G018", "availability")
    after = run_printed(suggestion["command"], tmp_path / "after.json")
    assert sorted(holding(after, "x")["members"]) == ["t1", "t2", "t3", "x"]
    assert holding(after, "x")["id"] == "G018"


def test_without_open_seats_the_same_command_places_nobody_as_the_reported_bug_did(
    three_at_the_minimum_and_a_friday_person, tmp_path
):
    signups_path, solution_path = three_at_the_minimum_and_a_friday_person
    (suggestion,) = explained_on_disk(signups_path, solution_path, "x", tmp_path / "changes")["suggestions"]
    old_command = suggestion["command"].replace(" --open-seats", "")
    assert old_command != suggestion["command"]
    assert holding(run_printed(old_command, tmp_path / "old.json"), "x") is None


def test_the_changed_sign_up_differs_from_the_original_in_the_one_field_the_patch_names(
    three_at_the_minimum_and_a_friday_person, tmp_path
):
    signups_path, solution_path = three_at_the_minimum_and_a_friday_person
    (suggestion,) = explained_on_disk(signups_path, solution_path, "x", tmp_path / "changes")["suggestions"]
    original = json.loads(Path(signups_path).read_text(encoding="utf-8"))
    changed = json.loads(Path(suggestion["signups_file"]).read_text(encoding="utf-8"))
    ((operation,),) = [suggestion["patch"]]
    _, _, index, field = operation["path"].split("/")
    original["participants"][int(index)][field] = operation["value"]
    assert changed == original
    assert Path(suggestion["signups_file"]).parent == tmp_path / "changes"


def test_without_write_changes_nothing_is_written_and_the_text_says_how_to_get_the_files(
    three_at_the_minimum_and_a_friday_person, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    signups_path, solution_path = three_at_the_minimum_and_a_friday_person
    result = run("explain", signups_path, solution_path, "x")
    assert result.exit_code == 0, result.output
    assert "--write-changes" in result.stdout and f"--keep {solution_path} --open-seats" in result.stdout
    assert not (tmp_path / "CHANGES").exists()


@pytest.fixture(scope="module")
def example_round(tmp_path_factory):
    """instances/example.json solved once, and its first unplaced person that some change would place."""
    signups = load_signups((INSTANCES / "example.json").read_bytes())
    solution = solve(signups, time_limit_s=5, workers=1)
    solution_path = tmp_path_factory.mktemp("example") / "solution.json"
    solution_path.write_text(json.dumps(solution.model_dump(mode="json")), encoding="utf-8")
    return str(INSTANCES / "example.json"), str(solution_path), [entry.id for entry in solution.unassigned]


def test_on_the_example_each_printed_command_places_the_person_as_its_suggestion_says(example_round, tmp_path):
    signups_path, solution_path, unplaced = example_round
    explained = explained_on_disk(signups_path, solution_path, unplaced[0], tmp_path / "changes")
    assert explained["suggestions"], "the example's first unplaced person has changes that place them"
    for number, suggestion in enumerate(explained["suggestions"]):
        after = run_printed(suggestion["command"], tmp_path / f"after-{number}.json")
        placed_in = holding(after, unplaced[0])
        assert placed_in is not None and placed_in["id"] == suggestion["group"], suggestion["text"]
        assert sorted(placed_in["members"]) == sorted([unplaced[0], *suggestion["with"]])


@pytest.mark.slow
def test_on_the_example_every_printed_command_run_in_a_new_process_places_its_person(example_round, tmp_path):
    signups_path, solution_path, unplaced = example_round
    checked = 0
    for person in unplaced:
        for suggestion in explained_on_disk(signups_path, solution_path, person, tmp_path / person)["suggestions"]:
            command = [sys.executable, "-m", "groupformer", *shlex.split(suggestion["command"])[1:], "-q"]
            after = json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)
            assert holding(after, person)["id"] == suggestion["group"], suggestion["text"]
            checked += 1
    assert checked > len(unplaced)


# --time-limit bounds the whole command.


def test_the_re_solves_limits_add_up_to_at_most_the_time_limit(example_round):
    signups_path, solution_path, unplaced = example_round
    explained = explain(load_signups(Path(signups_path).read_bytes()), solution_of_file(solution_path), unplaced[0], 3)
    limits = explained["verification"]["re_solve_time_limits_s"]
    assert len(limits) == 1 + len(explained["suggestions"]) + len(explained["tried"])
    assert len(limits) + len(explained["not_tried"]) >= 4
    assert sum(limits) <= 3
    assert all(suggestion["re_solve"]["time_limit_s"] in limits for suggestion in explained["suggestions"])


def solution_of_file(path: str):
    return load_solution(Path(path).read_bytes())


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_each_re_solve_gets_an_equal_share_of_the_time_not_yet_handed_out():
    clock = FakeClock()
    shares = TimeBudget(3.0, clock.now, 6, clock)
    limits = [shares.next_limit_s() for _ in range(6)]
    assert limits == [0.5] * 6
    assert shares.next_limit_s() is None


def test_time_a_re_solve_left_unused_is_not_handed_out_again():
    clock = FakeClock()
    shares = TimeBudget(3.0, clock.now, 3, clock)
    assert shares.next_limit_s() == 1.0
    clock.now += 0.1
    assert [shares.next_limit_s(), shares.next_limit_s()] == [1.0, 1.0]


def test_a_re_solve_that_overran_shortens_the_ones_after_it():
    clock = FakeClock()
    shares = TimeBudget(3.0, clock.now, 3, clock)
    assert shares.next_limit_s() == 1.0
    clock.now += 1.5
    assert shares.next_limit_s() == 0.75


def test_no_re_solve_starts_when_less_time_is_left_than_the_longest_took():
    clock = FakeClock()
    shares = TimeBudget(3.0, clock.now, 3, clock)
    shares.next_limit_s()
    clock.now += 1.8
    assert shares.next_limit_s() is None


def test_no_re_solve_starts_with_a_share_too_short_to_compile():
    clock = FakeClock()
    assert TimeBudget(MIN_RE_SOLVE_S * 5, clock.now, 6, clock).next_limit_s() is None


def test_a_time_limit_too_short_for_any_re_solve_runs_none_and_says_so(example_round):
    signups_path, solution_path, unplaced = example_round
    signups = load_signups(Path(signups_path).read_bytes())
    explained = explain(signups, solution_of_file(solution_path), unplaced[0], MIN_RE_SOLVE_S)
    assert explained["verification"]["re_solve_time_limits_s"] == []
    assert (
        render_text(explained).splitlines()[-1] == f"no suggestions: {MIN_RE_SOLVE_S:g} s is too short for a re-solve"
    )


@pytest.mark.slow
def test_explain_with_a_time_limit_of_3_s_finishes_within_it_on_300_sign_ups(tmp_path):
    """Re-solves of 300 sign-ups take their whole share, unlike the example's, which end at once."""
    document = generate_signups(300, seed=3, shape="regional")
    solution = solve(loaded(document), time_limit_s=4, workers=1)
    paths = [tmp_path / "signups.json", tmp_path / "solution.json"]
    paths[0].write_text(json.dumps(document), encoding="utf-8")
    paths[1].write_text(json.dumps(solution.model_dump(mode="json")), encoding="utf-8")
    for entry in solution.unassigned[:3]:
        started = time.monotonic()
        result = run("explain", *map(str, paths), entry.id, "--json", "--time-limit", "3")
        elapsed_s = time.monotonic() - started
        assert result.exit_code == 0, result.output
        assert elapsed_s <= 3 + 1.0, f"{entry.id}: {elapsed_s:.2f} s"
        assert len(json.loads(result.stdout)["verification"]["re_solve_time_limits_s"]) >= 3
