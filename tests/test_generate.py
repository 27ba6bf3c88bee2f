"""The generator feeds tests and benchmarks, so its files must be valid, reproducible and self-consistent."""

import json

import pytest

from groupformer.contract import SignupFile, clock_minutes
from groupformer.generate import generate_signups


def test_same_n_and_seed_give_identical_files():
    assert json.dumps(generate_signups(150, 7)) == json.dumps(generate_signups(150, 7))


def test_different_seeds_give_different_files():
    assert generate_signups(150, 7)["participants"] != generate_signups(150, 8)["participants"]


@pytest.mark.parametrize("n", [1, 12, 200])
def test_files_validate_against_the_contract_with_unique_ids(n):
    signups = generate_signups(n, 3)
    parsed = SignupFile.model_validate(json.loads(json.dumps(signups)))
    ids = [participant.id for participant in parsed.participants]
    assert len(ids) == n
    assert len(set(ids)) == n


def test_ids_are_zero_padded_to_the_width_of_n():
    ids = [participant["id"] for participant in generate_signups(120, 1)["participants"]]
    assert ids[0] == "t001" and ids[-1] == "t120"


@pytest.mark.parametrize("n", [2, 12, 500])
def test_avoid_and_prefer_name_other_existing_participants_once(n):
    participants = generate_signups(n, 5)["participants"]
    ids = {participant["id"] for participant in participants}
    for participant in participants:
        for relation in ("avoid", "prefer"):
            others = participant[relation]
            assert set(others) <= ids - {participant["id"]}
            assert len(others) == len(set(others))


def test_relations_occur_at_realistic_rates():
    participants = generate_signups(2000, 11)["participants"]
    with_avoid = sum(bool(participant["avoid"]) for participant in participants) / len(participants)
    with_prefer = sum(bool(participant["prefer"]) for participant in participants) / len(participants)
    assert 0.04 < with_avoid < 0.12
    assert 0.18 < with_prefer < 0.32


def test_windows_lie_inside_one_day_with_start_before_end():
    for participant in generate_signups(500, 9)["participants"]:
        assert 1 <= len(participant["availability"]) <= 4
        for window in participant["availability"]:
            assert 0 <= clock_minutes(window["start"]) < clock_minutes(window["end"]) <= 24 * 60


def test_group_size_settings_bound_the_preferred_sizes():
    signups = generate_signups(300, 2, group_size_min=4, group_size_max=5)
    assert signups["settings"]["group_size"] == {"min": 4, "max": 5}
    for participant in signups["participants"]:
        wish = participant.get("preferred_size", {})
        assert all(4 <= size <= 5 for size in wish.values())


@pytest.mark.parametrize("n", [0, -3])
def test_non_positive_n_is_rejected(n):
    with pytest.raises(ValueError):
        generate_signups(n, 1)


@pytest.mark.parametrize("sizes", [(1, 6), (5, 4)])
def test_impossible_group_sizes_are_rejected(sizes):
    with pytest.raises(ValueError):
        generate_signups(10, 1, group_size_min=sizes[0], group_size_max=sizes[1])


def test_negative_seed_is_rejected():
    with pytest.raises(ValueError):
        generate_signups(10, -1)
