"""solve --keep PREVIOUS: the groups of an earlier solution kept as open groups. By default only a group
that fell below the minimum takes newcomers; with --open-seats every kept group offers its free seats up
to group_size.max."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import participant, remote_group, signup_file

from groupformer.cli import main
from groupformer.keep import keep_previous_groups
from groupformer.validate import load_signups, load_solution

FRIDAY = [{"day": "fri", "start": "09:00", "end": "11:00"}]


def loaded(document: dict):
    return load_signups(json.dumps(document).encode())


def previous_solution(*groups: dict):
    return load_solution(json.dumps({"groups": list(groups), "unassigned": []}).encode())


def seats(signups, previous, **options) -> dict[str, int]:
    kept = keep_previous_groups(loaded(signups), previous_solution(*previous), **options).signups
    return {group.id: group.open_seats for group in kept.open_groups}


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


EIGHT = [participant(f"t{number}") for number in range(1, 9)]


def test_by_default_a_kept_group_at_or_above_the_minimum_offers_no_seat():
    groups = [remote_group(["t1", "t2", "t3"], id="G1"), remote_group(["t4", "t5", "t6", "t7", "t8"], id="G2")]
    assert seats(signup_file(EIGHT), groups) == {"G1": 0, "G2": 0}


def test_with_open_seats_every_kept_group_offers_its_free_seats_up_to_the_maximum():
    groups = [remote_group(["t1", "t2", "t3"], id="G1"), remote_group(["t4", "t5", "t6", "t7", "t8"], id="G2")]
    assert seats(signup_file(EIGHT), groups, open_seats=True) == {"G1": 3, "G2": 1}


def test_a_group_below_the_minimum_gets_back_the_seats_it_lost_or_with_open_seats_every_free_seat():
    after_a_drop_out = signup_file(EIGHT[1:])
    groups = [remote_group(["t1", "t2", "t3"], id="G1")]
    assert seats(after_a_drop_out, groups) == {"G1": 1}
    assert seats(after_a_drop_out, groups, open_seats=True) == {"G1": 4}


@pytest.fixture
def a_newcomer_and_a_group_at_the_minimum(write_json, tmp_path):
    people = [participant("t1"), participant("t2"), participant("t3"), participant("new")]
    signups_path = write_json(signup_file(people))
    previous = {"groups": [remote_group(["t1", "t2", "t3"], id="G1")], "unassigned": []}
    return str(signups_path), str(write_json(previous, "previous.json"))


def placed(result) -> dict[str, list[str]]:
    assert result.exit_code == 0, result.output
    return {group["id"]: sorted(group["members"]) for group in json.loads(result.stdout)["groups"]}


def test_with_open_seats_a_newcomer_joins_a_kept_group_at_the_minimum(a_newcomer_and_a_group_at_the_minimum):
    signups_path, previous_path = a_newcomer_and_a_group_at_the_minimum
    result = run("solve", signups_path, "--keep", previous_path, "--open-seats", "-q")
    assert placed(result) == {"G1": ["new", "t1", "t2", "t3"]}


def test_without_open_seats_the_group_at_the_minimum_stays_as_it_was(a_newcomer_and_a_group_at_the_minimum):
    signups_path, previous_path = a_newcomer_and_a_group_at_the_minimum
    assert placed(run("solve", signups_path, "--keep", previous_path, "-q")) == {"G1": ["t1", "t2", "t3"]}


def test_open_seats_without_keep_is_a_usage_error(a_newcomer_and_a_group_at_the_minimum):
    signups_path, _ = a_newcomer_and_a_group_at_the_minimum
    result = run("solve", signups_path, "--open-seats")
    assert result.exit_code == 2
    assert "--open-seats needs --keep PREVIOUS" in result.output


def test_solve_help_documents_open_seats():
    assert "--open-seats" in run("solve", "--help").output


def test_an_open_group_of_the_sign_ups_that_the_previous_solution_filled_is_kept_as_filled(write_json, tmp_path):
    """The earlier solution holds the sign-ups' open group with its newcomers; it is kept once, filled."""
    people = [participant(name) for name in ("a1", "a2", "a3", "n1")]
    document = signup_file(people)
    open_group = remote_group(["a1", "a2", "a3"], id="Old")
    del open_group["meeting"]["minutes"]
    document["open_groups"] = [{**open_group, "open_seats": 1}]
    signups_path = str(write_json(document))
    first = tmp_path / "first.json"
    assert run("solve", signups_path, "-o", str(first), "-q").exit_code == 0
    assert placed(run("solve", signups_path, "--keep", str(first), "-q")) == {"Old": ["a1", "a2", "a3", "n1"]}


def test_an_open_group_the_previous_solution_does_not_know_stays_as_the_sign_ups_give_it():
    people = [participant(f"t{number}") for number in range(1, 4)] + [participant(f"b{n}") for n in range(1, 4)]
    document = signup_file(people)
    added_since = remote_group(["b1", "b2", "b3"], id="Added")
    del added_since["meeting"]["minutes"]
    document["open_groups"] = [{**added_since, "open_seats": 2}]
    assert seats(document, [remote_group(["t1", "t2", "t3"], id="G1")]) == {"Added": 2, "G1": 0}


# Found by tests/test_properties.py: keeping groups with wishes or fixed groups was refused naming
# open_groups, a field the coordinator never wrote.
@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"as_wishes": ["style"]}, "settings.as_wishes"),
        ({"group_count": 1}, "settings.groups or settings.group_count"),
    ],
)
def test_keep_is_refused_naming_the_setting_it_cannot_be_combined_with(write_json, tmp_path, settings, named):
    signups = signup_file(EIGHT[:3], **settings)
    previous = write_json({"groups": [remote_group(["t1", "t2", "t3"])], "unassigned": []}, "previous.json")
    result = run("solve", str(write_json(signups)), "--keep", str(previous), "--work-limit", "0.05")
    assert result.exit_code == 2
    assert f"previous.json: its groups cannot be kept with {named}" in result.output
