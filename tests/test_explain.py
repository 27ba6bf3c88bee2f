"""groupformer explain: why a group works, why someone was not placed, and which single change to their
sign-up would place them, each change checked by re-solving with every group kept."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import INSTANCES, participant, signup_file

from groupformer.cli import main
from groupformer.explain import explain, render_text
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


def kept_as_open_groups(solution: dict, group_max: int) -> list[dict]:
    """Written out here rather than borrowed from explain, so the test checks its procedure independently."""
    return [
        {
            "id": kept["id"],
            "members": kept["members"],
            "meeting": {"utc_start": kept["meeting"]["utc_start"], "location": kept["meeting"]["location"]},
            "modality": kept["modality"],
            "style": kept["style"],
            "frequency": kept["frequency"],
            "focus": kept["focus"],
            "open_seats": group_max - len(kept["members"]),
        }
        for kept in solution["groups"]
    ]


def re_solve_with(document: dict, solution: dict, change: dict, verification: dict):
    changed = json.loads(json.dumps(document))
    for person in changed["participants"]:
        if person["id"] == change["participant"]:
            person[change["field"]] = change["value"]
    group_max = changed.get("settings", {}).get("group_size", {}).get("max", 6)
    changed["open_groups"] = kept_as_open_groups(solution, group_max)
    return solve(
        loaded(changed),
        time_limit_s=verification["time_limit_s"],
        seed=verification["seed"],
        workers=verification["workers"],
    )


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


def test_every_suggestion_is_confirmed_by_the_re_solve_it_describes():
    document = json.loads((INSTANCES / "example.json").read_text())
    solution = solve(loaded(document), time_limit_s=5, workers=1)
    solution_document = solution.model_dump(mode="json")
    suggested = 0
    for entry in solution.unassigned:
        explained = explain(loaded(document), solution, entry.id)
        for suggestion in explained["suggestions"]:
            after = re_solve_with(document, solution_document, suggestion["change"], explained["verification"])
            placed_in = group_with(after, entry.id)
            assert placed_in is not None and placed_in.id == suggestion["group"], suggestion["text"]
            assert sorted(placed_in.members) == sorted([entry.id, *suggestion["with"]])
            suggested += 1
    assert suggested > 0


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
