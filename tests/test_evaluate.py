"""Hand-computed instances for the independent judge; every expected number is worked out in comments."""

from __future__ import annotations

import copy

import pytest

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.evaluate import evaluate

# Three remote UTC members who can meet on Monday; d stays unassigned.
# 60-minute meetings on a 30-minute grid: a is free 09:00-11:30 (two touching windows merged),
# b 09:00-12:00, c 08:00-11:00, so the common starts are 09:00, 09:30, 10:00 (C = 3).
BASE_SIGNUPS = {
    "settings": {"group_size": {"min": 2, "max": 3}, "meeting_minutes": 60, "slot_minutes": 30},
    "participants": [
        {
            "id": "a",
            "timezone": "UTC",
            "modality": ["remote"],
            "availability": [
                {"day": "mon", "start": "09:00", "end": "10:00"},
                {"day": "mon", "start": "10:00", "end": "11:30"},
            ],
            "specialties": ["CBT", "EMDR"],
            "prefer": ["b", "d"],
            "preferred_size": {"min": 3},
            "focus": ["Trauma"],
        },
        {
            "id": "b",
            "timezone": "UTC",
            "modality": ["remote"],
            "availability": [{"day": "mon", "start": "09:00", "end": "12:00"}],
            "specialties": ["cbt"],
            "prefer": ["a"],
            "preferred_size": {"max": 2},
            "focus": ["trauma", "grief"],
        },
        {
            "id": "c",
            "timezone": "UTC",
            "modality": ["remote"],
            "availability": [{"day": "mon", "start": "08:00", "end": "11:00"}],
        },
        {
            "id": "d",
            "timezone": "UTC",
            "modality": ["remote"],
            "availability": [{"day": "tue", "start": "09:00", "end": "10:00"}],
        },
    ],
}

BASE_SOLUTION = {
    "groups": [
        {
            "id": "G1",
            "members": ["a", "b", "c"],
            "modality": "remote",
            "style": "formal",
            "frequency": "weekly",
            "focus": "trauma",
            "meeting": {"utc_start": "2027-01-04T09:30:00Z", "minutes": 60},
        },
    ],
    "unassigned": [{"id": "d", "reasons": ["no one else is free on Tuesday"]}],
}


def judge(signups: dict, solution: dict):
    return evaluate(SignupFile.model_validate(signups), SubmittedSolution.model_validate(solution))


def edited(document: dict) -> dict:
    return copy.deepcopy(document)


def participant(signups: dict, participant_id: str) -> dict:
    return next(entry for entry in signups["participants"] if entry["id"] == participant_id)


def only_violation(report, rule: str):
    matching = [violation for violation in report.violations if violation.rule == rule]
    assert not report.valid
    assert len(matching) == 1, report.violations
    return matching[0]


def in_person_signups(max_travel_km: float) -> dict:
    signups = edited(BASE_SIGNUPS)
    for entry in signups["participants"][:3]:
        entry.update(modality=["in_person"], location={"lat": 0.0, "lon": 0.0}, max_travel_km=500.0)
    participant(signups, "c").update(location={"lat": 0.0, "lon": 1.0}, max_travel_km=max_travel_km)
    return signups


def in_person_solution(location: dict | None) -> dict:
    solution = edited(BASE_SOLUTION)
    solution["groups"][0]["modality"] = "in_person"
    solution["groups"][0]["meeting"]["location"] = location
    return solution


def test_valid_group_scores_exactly_as_computed_by_hand():
    report = judge(BASE_SIGNUPS, BASE_SOLUTION)
    assert report.valid and report.violations == []
    # 1 - jaccard: a-b {cbt,emdr} vs {cbt} = 0.5; a-c = 1; b-c = 1 (one side empty, union non-empty).
    assert report.diversity == pytest.approx(2.5)
    assert report.coverage == pytest.approx(2.0)  # {cbt, emdr}
    assert report.prefer_met == 2  # a->b and b->a; a->d is not met
    assert report.size_pref_met == 1  # a wants >= 3; b wants <= 2
    # Per member (weights 4, 2, 1.5, 1.5, 1; total 10), spare_window = min(1, (3 - 1) / 4) = 0.5:
    #   a: diversity 0.75, prefer 1/2, size 1, focus 1/2 -> fit 1 + 1.5 + 0.75 + 0.5 = 3.75
    #   b: diversity 0.75, prefer 1,   size 0, focus 1/2 -> fit 2 + 0 + 0.75 + 0.5 = 3.25
    #   c: diversity 1,    prefer 0,   size 0, focus 0   -> fit 0.5
    # quality = (4 * 2.5 + 7.5) / 10 = 1.75; objective = n * assigned + quality = 4 * 3 + 1.75.
    assert report.quality == 1.75
    assert report.objective == 13.75
    assert (report.participants, report.assigned, report.groups, report.placement_weight) == (4, 3, 1, 4.0)


def test_spare_window_counts_starts_in_time_zones_off_the_slot_grid():
    # Kathmandu is UTC+5:45, so 30-minute UTC slots fall at local :15 and :45. Free 09:00-11:00 local for
    # 60 minutes: starts 09:15 and 09:45 only, C = 2, spare_window = 1/4 for both members.
    signups = {
        "settings": {"group_size": {"min": 2, "max": 3}, "meeting_minutes": 60, "slot_minutes": 30},
        "participants": [
            {
                "id": member,
                "timezone": "Asia/Kathmandu",
                "modality": ["remote"],
                "availability": [{"day": "mon", "start": "09:00", "end": "11:00"}],
            }
            for member in ("k1", "k2")
        ],
    }
    solution = {
        "groups": [
            {
                "id": "K",
                "members": ["k1", "k2"],
                "modality": "remote",
                "style": "formal",
                "frequency": "weekly",
                "focus": None,
                "meeting": {"utc_start": "2027-01-04T03:30:00Z", "minutes": 60},
            }
        ]
    }
    report = judge(signups, solution)
    assert report.valid, report.violations
    assert report.quality == 0.05  # 2 members * 1 * 0.25 / 10
    assert report.objective == 4.05


def test_group_size_outside_limits_is_a_size_violation():
    signups = edited(BASE_SIGNUPS)
    signups["settings"]["group_size"] = {"min": 4, "max": 6}
    violation = only_violation(judge(signups, BASE_SOLUTION), "size")
    assert (violation.group, violation.members) == ("G1", ["a", "b", "c"])


def test_member_not_free_for_the_whole_meeting_is_an_availability_violation():
    solution = edited(BASE_SOLUTION)
    solution["groups"][0]["meeting"]["utc_start"] = "2027-01-04T10:30:00Z"  # c leaves at 11:00
    violation = only_violation(judge(BASE_SIGNUPS, solution), "availability")
    assert (violation.group, violation.members) == ("G1", ["c"])
    assert "c" in violation.message and "mon 10:30" in violation.message


def test_touching_windows_join_but_a_gap_splits_them():
    # The base meeting 09:30-10:30 spans a's windows 09:00-10:00 and 10:00-11:30 (valid test);
    # with a 15-minute gap between them it fits neither.
    signups = edited(BASE_SIGNUPS)
    participant(signups, "a")["availability"][1]["start"] = "10:15"
    violation = only_violation(judge(signups, BASE_SOLUTION), "availability")
    assert (violation.group, violation.members) == ("G1", ["a"])


def test_meeting_on_another_weekday_misses_monday_windows():
    solution = edited(BASE_SOLUTION)
    solution["groups"][0]["meeting"]["utc_start"] = "2027-01-05T09:30:00Z"
    report = judge(BASE_SIGNUPS, solution)
    assert sorted(v.members[0] for v in report.violations if v.rule == "availability") == ["a", "b", "c"]


def test_daylight_saving_time_moves_the_local_start():
    signups = {
        "settings": {"group_size": {"min": 2, "max": 3}, "meeting_minutes": 90},
        "participants": [
            {
                "id": member,
                "timezone": "America/New_York",
                "modality": ["remote"],
                "availability": [{"day": "mon", "start": "12:00", "end": "13:30"}],
            }
            for member in ("n1", "n2")
        ],
    }

    def at(utc_start: str) -> dict:
        return {
            "groups": [
                {
                    "id": "N",
                    "members": ["n1", "n2"],
                    "modality": "remote",
                    "style": "formal",
                    "frequency": "weekly",
                    "focus": None,
                    "meeting": {"utc_start": utc_start, "minutes": 90},
                }
            ]
        }

    assert judge(signups, at("2027-07-05T16:00:00Z")).valid  # EDT: 12:00 local
    winter = judge(signups, at("2027-01-04T16:00:00Z"))  # EST: 11:00 local
    assert not winter.valid
    assert sorted(v.members[0] for v in winter.violations if v.rule == "availability") == ["n1", "n2"]
    assert all("mon 11:00" in v.message for v in winter.violations)


def test_meeting_crossing_local_midnight_is_invalid():
    signups = {
        "settings": {"group_size": {"min": 2, "max": 3}, "meeting_minutes": 60},
        "participants": [
            {
                "id": member,
                "timezone": "UTC",
                "modality": ["remote"],
                "availability": [
                    {"day": "mon", "start": "22:00", "end": "24:00"},
                    {"day": "tue", "start": "00:00", "end": "02:00"},
                ],
            }
            for member in ("m1", "m2")
        ],
    }
    solution = {
        "groups": [
            {
                "id": "M",
                "members": ["m1", "m2"],
                "modality": "remote",
                "style": "formal",
                "frequency": "weekly",
                "focus": None,
                "meeting": {"utc_start": "2027-01-04T23:30:00Z", "minutes": 60},
            }
        ]
    }
    report = judge(signups, solution)
    assert not report.valid
    assert sorted(v.members[0] for v in report.violations if v.rule == "availability") == ["m1", "m2"]
    solution["groups"][0]["meeting"]["utc_start"] = "2027-01-04T23:00:00Z"  # ends exactly at 24:00
    assert judge(signups, solution).valid


def test_member_refusing_the_modality_is_a_modality_violation():
    signups = edited(BASE_SIGNUPS)
    participant(signups, "b").update(modality=["in_person"], location={"lat": 0.0, "lon": 0.0}, max_travel_km=5.0)
    violation = only_violation(judge(signups, BASE_SOLUTION), "modality")
    assert (violation.group, violation.members) == ("G1", ["b"])


def test_member_refusing_the_style_is_a_style_violation():
    signups = edited(BASE_SIGNUPS)
    participant(signups, "c")["style"] = ["informal"]
    violation = only_violation(judge(signups, BASE_SOLUTION), "style")
    assert (violation.group, violation.members) == ("G1", ["c"])


def test_member_refusing_the_frequency_is_a_frequency_violation():
    signups = edited(BASE_SIGNUPS)
    participant(signups, "a")["frequency"] = ["monthly"]
    violation = only_violation(judge(signups, BASE_SOLUTION), "frequency")
    assert (violation.group, violation.members) == ("G1", ["a"])


def test_focus_outside_a_stating_members_list_is_a_focus_violation():
    solution = edited(BASE_SOLUTION)
    solution["groups"][0]["focus"] = " Grief "  # b accepts grief, a does not; c stated nothing
    violation = only_violation(judge(BASE_SIGNUPS, solution), "focus")
    assert (violation.group, violation.members) == ("G1", ["a"])


def test_missing_focus_when_members_stated_one_is_a_focus_violation():
    solution = edited(BASE_SOLUTION)
    solution["groups"][0]["focus"] = None
    violation = only_violation(judge(BASE_SIGNUPS, solution), "focus")
    assert (violation.group, violation.members) == ("G1", ["a", "b"])


def test_focus_when_nobody_stated_one_is_a_focus_violation():
    signups = edited(BASE_SIGNUPS)
    for entry in signups["participants"]:
        entry.pop("focus", None)
    violation = only_violation(judge(signups, BASE_SOLUTION), "focus")
    assert violation.group == "G1"


def test_member_beyond_travel_limit_is_a_distance_violation():
    # One degree of longitude on the equator: 6371.0088 * pi / 180 = 111.195 km.
    assert judge(in_person_signups(111.2), in_person_solution({"lat": 0.0, "lon": 0.0, "host": "a"})).valid
    report = judge(in_person_signups(111.1), in_person_solution({"lat": 0.0, "lon": 0.0, "host": "a"}))
    violation = only_violation(report, "distance")
    assert (violation.group, violation.members) == ("G1", ["c"])
    assert "111.195 km" in violation.message


def test_member_without_location_in_person_is_a_distance_violation():
    signups = in_person_signups(500.0)
    entry = participant(signups, "c")
    entry.update(modality=["remote"])
    del entry["location"], entry["max_travel_km"]
    report = judge(signups, in_person_solution({"lat": 0.0, "lon": 0.0}))
    violation = only_violation(report, "distance")
    assert (violation.group, violation.members) == ("G1", ["c"])
    assert only_violation(report, "modality").members == ["c"]


@pytest.mark.parametrize("who, avoided", [("a", "c"), ("c", "a")])
def test_avoid_in_either_direction_is_an_avoid_violation(who, avoided):
    signups = edited(BASE_SIGNUPS)
    participant(signups, who)["avoid"] = [avoided]
    violation = only_violation(judge(signups, BASE_SOLUTION), "avoid")
    assert (violation.group, violation.members) == ("G1", ["a", "c"])


def test_avoided_tag_in_the_group_is_an_avoid_tags_violation():
    signups = edited(BASE_SIGNUPS)
    participant(signups, "a")["tags"] = ["Faith  Based"]
    participant(signups, "c")["avoid_tags"] = ["faith based"]
    violation = only_violation(judge(signups, BASE_SOLUTION), "avoid_tags")
    assert (violation.group, violation.members) == ("G1", ["c", "a"])
    assert "faith based" in violation.message


def test_meeting_length_location_and_host_are_checked():
    solution = in_person_solution(None)
    solution["groups"][0]["meeting"]["minutes"] = 90
    report = judge(in_person_signups(500.0), solution)
    assert len([v for v in report.violations if v.rule == "meeting"]) == 2  # minutes, missing location
    remote = edited(BASE_SOLUTION)
    remote["groups"][0]["meeting"]["location"] = {"lat": 0.0, "lon": 0.0}
    assert only_violation(judge(BASE_SIGNUPS, remote), "meeting").group == "G1"
    hosted = in_person_solution({"lat": 0.0, "lon": 0.0, "host": "d"})
    assert only_violation(judge(in_person_signups(500.0), hosted), "meeting").members == ["d"]


def test_missing_participant_is_a_coverage_violation():
    solution = edited(BASE_SOLUTION)
    solution["unassigned"] = []
    violation = only_violation(judge(BASE_SIGNUPS, solution), "coverage")
    assert (violation.group, violation.members) == (None, ["d"])


def test_duplicate_participant_is_a_coverage_violation():
    solution = edited(BASE_SOLUTION)
    solution["groups"][0]["members"].append("d")
    report = judge(BASE_SIGNUPS, solution)
    violation = only_violation(report, "coverage")
    assert violation.members == ["d"] and "G1" in violation.message and "unassigned" in violation.message
    assert report.assigned == 4


def test_unknown_participant_is_flagged_and_left_out_of_the_measures():
    solution = edited(BASE_SOLUTION)
    solution["groups"][0]["members"].append("ghost")
    report = judge(BASE_SIGNUPS, solution)
    violation = only_violation(report, "unknown_id")
    assert (violation.group, violation.members) == ("G1", ["ghost"])
    only_violation(report, "size")  # four listed, at most three allowed
    assert report.assigned == 3 and report.objective == 13.75


def test_unassigned_without_a_reason_is_a_reasons_violation():
    solution = edited(BASE_SOLUTION)
    solution["unassigned"] = [{"id": "d", "reasons": ["  "]}]
    violation = only_violation(judge(BASE_SIGNUPS, solution), "reasons")
    assert (violation.group, violation.members) == (None, ["d"])


def test_empty_solution_places_nobody_and_scores_zero():
    everyone = [entry["id"] for entry in BASE_SIGNUPS["participants"]]
    solution = {"groups": [], "unassigned": [{"id": member, "reasons": ["unsolved"]} for member in everyone]}
    report = judge(BASE_SIGNUPS, solution)
    assert report.valid
    assert (report.objective, report.assigned, report.coverage, report.diversity) == (0.0, 0, 0.0, 0.0)


def test_two_groups_with_the_same_id_are_a_violation():
    signups = SignupFile.model_validate(
        {
            "participants": [
                {
                    "id": f"t{i}",
                    "timezone": "UTC",
                    "availability": [{"day": "mon", "start": "12:00", "end": "14:00"}],
                    "modality": ["remote"],
                }
                for i in range(6)
            ]
        }
    )
    group = {
        "modality": "remote",
        "style": "formal",
        "frequency": "weekly",
        "focus": None,
        "meeting": {"utc_start": "2027-01-04T12:00:00Z", "minutes": 90, "location": None},
    }
    solution = SubmittedSolution.model_validate(
        {
            "groups": [
                {"id": "G1", "members": ["t0", "t1", "t2"], **group},
                {"id": "G1", "members": ["t3", "t4", "t5"], **group},
            ]
        }
    )
    report = evaluate(signups, solution)
    assert [violation.rule for violation in report.violations] == ["group_id"]
