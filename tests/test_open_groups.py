"""Open groups and re-solving with --keep: existing groups keep their members and meeting, newcomers take
open seats only where every rule holds and it is worth more than a new group."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import participant, signup_file

from groupformer.cli import main
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.solve import solve
from groupformer.validate import load_signups

MONDAY_NOON_CHICAGO = "2027-01-04T18:00:00Z"


def open_group(members: list[str], open_seats: int, **fields) -> dict:
    group = {
        "id": "Old",
        "members": members,
        "meeting": {"utc_start": MONDAY_NOON_CHICAGO},
        "modality": "remote",
        "style": "informal",
        "frequency": "weekly",
        "focus": None,
        "open_seats": open_seats,
    }
    group.update(fields)
    return group


def with_open_groups(participants: list[dict], groups: list[dict], **settings) -> SignupFile:
    document = signup_file(participants, **settings)
    document["open_groups"] = groups
    return load_signups(json.dumps(document).encode())


def members_of(solution, group_id: str) -> set[str]:
    return {member for group in solution.groups if group.id == group_id for member in group.members}


OLD_MEMBERS = [participant("a1"), participant("a2"), participant("a3")]


def test_newcomers_too_few_for_a_group_of_their_own_take_open_seats():
    signups = with_open_groups(
        OLD_MEMBERS + [participant("n1"), participant("n2")], [open_group(["a1", "a2", "a3"], 2)]
    )
    solution = solve(signups, time_limit_s=5)
    assert members_of(solution, "Old") == {"a1", "a2", "a3", "n1", "n2"}
    assert solution.stats.open_groups["seats_filled"] == {"Old": ["n1", "n2"]}
    assert evaluate(signups, solution).valid


def test_open_seats_are_filled_when_that_is_worth_more_than_a_new_group():
    newcomers = [participant(name, prefer=["a1"]) for name in ("n1", "n2", "n3")]
    signups = with_open_groups(OLD_MEMBERS + newcomers, [open_group(["a1", "a2", "a3"], 3)])
    solution = solve(signups, time_limit_s=5)
    assert members_of(solution, "Old") == {"a1", "a2", "a3", "n1", "n2", "n3"}
    as_new_group = solution.model_copy(deep=True)
    as_new_group.groups[0].members = ["a1", "a2", "a3"]
    as_new_group.groups.append(as_new_group.groups[0].model_copy(update={"id": "G001", "members": ["n1", "n2", "n3"]}))
    assert evaluate(signups, as_new_group).valid
    assert evaluate(signups, as_new_group).objective < evaluate(signups, solution).objective


def test_a_new_group_is_kept_when_it_is_worth_more_than_open_seats():
    newcomers = [participant(name, preferred_size={"max": 3}) for name in ("n1", "n2", "n3")]
    signups = with_open_groups(OLD_MEMBERS + newcomers, [open_group(["a1", "a2", "a3"], 3)])
    solution = solve(signups, time_limit_s=5)
    assert members_of(solution, "Old") == {"a1", "a2", "a3"}
    assert members_of(solution, "G001") == {"n1", "n2", "n3"}


def test_a_newcomer_in_conflict_with_a_member_never_takes_a_seat():
    newcomers = [participant("n1", avoid=["a2"]), participant("n2")]
    signups = with_open_groups(OLD_MEMBERS + newcomers, [open_group(["a1", "a2", "a3"], 2)])
    solution = solve(signups, time_limit_s=5)
    assert members_of(solution, "Old") == {"a1", "a2", "a3", "n2"}
    assert evaluate(signups, solution).valid


def test_a_newcomer_not_free_at_the_meeting_never_takes_a_seat():
    tuesday = [{"day": "tue", "start": "12:00", "end": "14:00"}]
    newcomers = [participant("n1", availability=tuesday), participant("n2")]
    signups = with_open_groups(OLD_MEMBERS + newcomers, [open_group(["a1", "a2", "a3"], 2)])
    solution = solve(signups, time_limit_s=5)
    assert members_of(solution, "Old") == {"a1", "a2", "a3", "n2"}


def test_a_group_below_the_minimum_size_is_refilled_up_to_it():
    people = [participant("a1"), participant("n1"), participant("n2")]
    signups = with_open_groups(people, [open_group(["a1"], 2)])
    solution = solve(signups, time_limit_s=5)
    assert members_of(solution, "Old") == {"a1", "n1", "n2"}
    assert evaluate(signups, solution).valid


def test_a_group_below_the_minimum_size_that_nobody_can_join_dissolves_and_says_why():
    people = [participant("a1"), participant("n1", avoid=["a1"])]
    signups = with_open_groups(people, [open_group(["a1"], 2)])
    solution = solve(signups, time_limit_s=5)
    assert solution.stats.open_groups["dissolved"] == ["Old"]
    reasons = {entry.id: entry.reasons for entry in solution.unassigned}
    assert reasons["a1"][0].startswith("a1's group Old fell below the minimum size of 3")
    assert evaluate(signups, solution).valid


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda group: group.members.remove("a3"), "lost its members a3"),
        (lambda group: setattr(group.meeting, "utc_start", "2027-01-04T18:30:00Z"), "changed its meeting time"),
        (lambda group: setattr(group, "style", "formal"), "changed its style"),
    ],
)
def test_the_judge_rejects_an_open_group_that_was_changed(change, message):
    signups = with_open_groups(OLD_MEMBERS, [open_group(["a1", "a2", "a3"], 0)])
    solution = solve(signups, time_limit_s=5)
    changed = solution.model_copy(deep=True)
    change(changed.groups[0])
    report = evaluate(signups, changed)
    assert any(violation.rule == "open_group" and message in violation.message for violation in report.violations)


def test_the_judge_rejects_more_newcomers_than_open_seats():
    signups = with_open_groups(
        OLD_MEMBERS + [participant("n1"), participant("n2")], [open_group(["a1", "a2", "a3"], 1)]
    )
    solution = solve(signups, time_limit_s=5)
    crowded = solution.model_copy(deep=True)
    crowded.groups[0].members = ["a1", "a2", "a3", "n1", "n2"]
    crowded.unassigned = []
    report = evaluate(signups, crowded)
    assert any("took 2 newcomers into 1 open seats" in violation.message for violation in report.violations)


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


@pytest.fixture
def previous_round(write_json, tmp_path):
    people = [participant(f"t{number:02d}") for number in range(1, 10)]
    people += [
        participant(f"w{number:02d}", availability=[{"day": "wed", "start": "09:00", "end": "11:00"}])
        for number in range(1, 7)
    ]
    signups_path = write_json(signup_file(people, group_size={"min": 3, "max": 3}))
    previous_path = tmp_path / "previous.json"
    assert run("solve", str(signups_path), "-o", str(previous_path), "-q").exit_code == 0
    return people, json.loads(previous_path.read_text()), previous_path


def test_a_re_solve_after_two_drop_outs_keeps_every_other_group_exactly(previous_round, write_json, tmp_path):
    people, previous, previous_path = previous_round
    shrunk = previous["groups"][0]
    dropped = set(shrunk["members"][:2])
    remaining = [person for person in people if person["id"] not in dropped]
    signups_path = write_json(signup_file(remaining, group_size={"min": 3, "max": 3}), "next.json")
    output = tmp_path / "next-solution.json"
    result = run("solve", str(signups_path), "--keep", str(previous_path), "-o", str(output))
    assert result.exit_code == 0, result.output
    after = {group["id"]: group for group in json.loads(output.read_text())["groups"]}
    for group in previous["groups"][1:]:
        assert after[group["id"]] == group
    assert "no longer signed up, left their groups" in result.output


def test_keep_refills_a_group_that_fell_below_the_minimum(previous_round, write_json, tmp_path):
    people, previous, previous_path = previous_round
    shrunk = previous["groups"][0]
    dropped = shrunk["members"][0]
    newcomer = dict(people[[person["id"] for person in people].index(shrunk["members"][1])], id="new")
    remaining = [person for person in people if person["id"] != dropped] + [newcomer]
    signups_path = write_json(signup_file(remaining, group_size={"min": 3, "max": 3}), "next.json")
    output = tmp_path / "next-solution.json"
    assert run("solve", str(signups_path), "--keep", str(previous_path), "-o", str(output), "-q").exit_code == 0
    after = {group["id"]: group for group in json.loads(output.read_text())["groups"]}
    assert set(after[shrunk["id"]]["members"]) == set(shrunk["members"][1:]) | {"new"}
    assert after[shrunk["id"]]["meeting"] == shrunk["meeting"]


def test_keep_releases_a_member_whose_availability_no_longer_fits(previous_round, write_json, tmp_path):
    people, previous, previous_path = previous_round
    moved = previous["groups"][0]["members"][0]
    friday = [{"day": "fri", "start": "09:00", "end": "11:00"}]
    changed = [dict(person, availability=friday) if person["id"] == moved else person for person in people]
    signups_path = write_json(signup_file(changed, group_size={"min": 3, "max": 3}), "next.json")
    output = tmp_path / "next-solution.json"
    result = run("solve", str(signups_path), "--keep", str(previous_path), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert f"--keep: {moved} no longer suits {previous['groups'][0]['id']}'s meeting" in result.output
    assert moved in {entry["id"] for entry in json.loads(output.read_text())["unassigned"]}


def test_a_newcomer_whose_only_partners_stay_in_full_open_groups_is_told_so():
    signups = with_open_groups(OLD_MEMBERS + [participant("n1")], [open_group(["a1", "a2", "a3"], 0)])
    solution = solve(signups, time_limit_s=5)
    assert solution.unassigned[0].reasons == [
        "n1 could meet with a1 (Old), a2 (Old), but they stay in their existing groups, which have no open seat "
        "n1 can take"
    ]
    assert solution.bound == pytest.approx(solution.objective, abs=1e-5)
