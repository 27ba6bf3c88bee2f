"""The generator feeds tests and benchmarks, so its files must be valid, reproducible and self-consistent."""

import importlib.util
import json

import pytest
from conftest import INSTANCES

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


# --- shapes --------------------------------------------------------------------------------------------------

NEW_SHAPES = ["mostly_remote", "tight_schedules"]


@pytest.mark.parametrize("shape", NEW_SHAPES)
def test_new_shapes_are_reproducible_and_valid(shape):
    signups = generate_signups(200, 4, shape=shape)
    assert json.dumps(signups) == json.dumps(generate_signups(200, 4, shape=shape))
    SignupFile.model_validate(json.loads(json.dumps(signups)))


def test_mostly_remote_sign_ups_mostly_meet_remotely_across_many_time_zones():
    participants = generate_signups(1000, 4, shape="mostly_remote")["participants"]
    remote_only = sum(participant["modality"] == ["remote"] for participant in participants) / len(participants)
    assert remote_only > 0.65
    assert len({participant["timezone"] for participant in participants}) >= 10


def test_tight_schedules_offer_few_windows_each_just_one_meeting_long():
    signups = generate_signups(1000, 4, shape="tight_schedules")
    minutes = signups["settings"]["meeting_minutes"]
    for participant in signups["participants"]:
        windows = participant["availability"]
        assert 1 <= len(windows) <= 3
        assert all(clock_minutes(window["end"]) - clock_minutes(window["start"]) <= minutes for window in windows)


def test_the_committed_instances_are_what_the_generator_writes_today():
    """Adding shapes must not change any existing shape's output for the same seed."""
    committed = {
        "example.json": (60, 2, "regional"),
        "generated-200.json": (200, 1, "national"),
    }
    for name, (count, seed, shape) in committed.items():
        written = json.dumps(generate_signups(count, seed, shape=shape), indent=2, ensure_ascii=False) + "\n"
        assert written == (INSTANCES / name).read_text(encoding="utf-8")


def test_the_committed_suite_is_what_its_script_writes():
    script = INSTANCES.parent / "benchmarks" / "make_suite.py"
    spec = importlib.util.spec_from_file_location("make_suite", script)
    make_suite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_suite)
    expected = {make_suite.suite_file_name(shape, count) for shape in make_suite.SHAPES for count in make_suite.SIZES}
    assert {path.name for path in (INSTANCES / "suite").glob("*.json")} == expected
    for shape in make_suite.SHAPES:
        for count in make_suite.SIZES:
            written = json.dumps(generate_signups(count, make_suite.SEED, shape=shape), indent=2, ensure_ascii=False)
            path = INSTANCES / "suite" / make_suite.suite_file_name(shape, count)
            assert written + "\n" == path.read_text(encoding="utf-8"), path.name
