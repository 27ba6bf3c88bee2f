"""The solver: known optima on hand-made instances, and validity on generated ones (checked by the judge)."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from conftest import INSTANCES, participant, signup_file

from groupformer.compile import compile_problem
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.search.columns import score_columns
from groupformer.search.construct import greedy_groups
from groupformer.search.control import Budget, SearchControl
from groupformer.search.joint import can_meet, joint_of
from groupformer.search.lns import improve
from groupformer.solve import solve
from groupformer.validate import load_signups


def solved(document, **options):
    signups = SignupFile.model_validate(document)
    return signups, solve(signups, **options)


def member_sets(solution) -> set[frozenset[str]]:
    return {frozenset(group.members) for group in solution.groups}


def reasons_by_id(solution) -> dict[str, str]:
    return {entry.id: " ".join(entry.reasons) for entry in solution.unassigned}


@pytest.fixture(scope="module")
def handmade():
    signups = load_signups((INSTANCES / "handmade-12.json").read_bytes())
    return signups, solve(signups)


def test_handmade_instance_reaches_its_documented_optimum(handmade):
    _, solution = handmade
    assert solution.status == "optimal"
    assert member_sets(solution) == {frozenset({"a2", "a3", "a4", "a5"}), frozenset({"b1", "b2", "b3"})}
    assert solution.objective == pytest.approx(85.4, abs=1e-9)
    assert solution.bound == pytest.approx(85.4, abs=1e-9)


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        ("a1", "placed others scored higher"),
        ("b4", "no in-person partner within b4's travel radius (10 km)"),
        ("c1", "no other participant shares an available window with c1"),
        ("e1", "wants a different style (e1 accepts formal)"),
        ("f1", "is in conflict with f1"),
    ],
)
def test_handmade_instance_explains_each_unplaced_person(handmade, person, reason):
    _, solution = handmade
    assert reason in reasons_by_id(solution)[person]


def test_in_person_group_meets_at_the_member_everyone_can_reach(handmade):
    _, solution = handmade
    london = next(group for group in solution.groups if "b1" in group.members)
    assert london.modality == "in_person"
    assert london.meeting.utc_start == "2027-01-05T18:00:00Z"
    assert london.meeting.location.host in {"b1", "b2", "b3"}


def test_placing_more_people_beats_any_quality_gain():
    """Three like-minded people score more as a trio, but a fourth person can only be placed with them."""
    people = [participant(f"t{index}", specialties=["CBT"]) for index in range(1, 4)]
    people.append(participant("t4", specialties=["CBT"], prefer=["t1"]))
    _, solution = solved(signup_file(people, group_size={"min": 3, "max": 4}))
    assert solution.stats.assigned == 4


def test_conflicting_people_are_never_grouped_together():
    people = [participant("t1", avoid=["t2"]), participant("t2"), participant("t3"), participant("t4")]
    _, solution = solved(signup_file(people, group_size={"min": 3, "max": 4}))
    assert solution.stats.assigned == 3
    assert not any({"t1", "t2"} <= set(group.members) for group in solution.groups)


def test_diversity_decides_between_equal_placements():
    """Six people, groups of three: the split pairing unlike specialties wins."""
    specialties = {"t1": "CBT", "t2": "CBT", "t3": "CBT", "t4": "EMDR", "t5": "EMDR", "t6": "EMDR"}
    people = [participant(identifier, specialties=[value]) for identifier, value in specialties.items()]
    _, solution = solved(signup_file(people, group_size={"min": 3, "max": 3}))
    assert solution.status == "optimal"
    for group in solution.groups:
        assert {specialties[member] for member in group.members} == {"CBT", "EMDR"}


def test_group_focus_is_the_shared_stated_value_and_null_when_nobody_stated_one():
    focused = [participant(f"f{index}", focus=["Trauma", "grief"][:index]) for index in (1, 2)]
    focused.append(participant("f3"))
    free = [participant(f"n{index}", timezone="Europe/Berlin") for index in (1, 2, 3)]
    _, solution = solved(signup_file(focused + free, group_size={"min": 3, "max": 3}))
    focus_of = {group.members[0][0]: group.focus for group in solution.groups}
    assert focus_of == {"f": "trauma", "n": None}


def test_nobody_compatible_gives_an_optimal_empty_solution():
    people = [participant("t1", timezone="Asia/Tokyo"), participant("t2")]
    _, solution = solved(signup_file(people))
    assert solution.status == "optimal"
    assert solution.groups == []
    assert [entry.id for entry in solution.unassigned] == ["t1", "t2"]


@pytest.mark.parametrize("shape", ["national", "regional", "one_metro"])
@pytest.mark.parametrize("seed", range(4))
def test_generated_solution_passes_the_judge_and_places_everyone_once(shape, seed):
    signups = SignupFile.model_validate(generate_signups(40 + 30 * seed, seed, shape=shape))
    solution = solve(signups, time_limit_s=2)
    report = evaluate(signups, solution)
    assert report.valid, report.violations
    placed = [member for group in solution.groups for member in group.members]
    listed = placed + [entry.id for entry in solution.unassigned]
    assert sorted(listed) == sorted(p.id for p in signups.participants)
    assert report.objective == pytest.approx(solution.objective, abs=1e-6)
    assert solution.bound >= solution.objective - 1e-9


@pytest.mark.parametrize("seed", range(3))
def test_generated_instances_of_thirty_are_proved_optimal(seed):
    signups = SignupFile.model_validate(generate_signups(30, seed))
    assert solve(signups, time_limit_s=20).status == "optimal"


@pytest.mark.parametrize("shape", ["regional", "one_metro"])
def test_two_workers_race_cp_sat_and_lns_to_a_valid_solution_at_least_as_good_as_greedy(shape):
    signups = SignupFile.model_validate(generate_signups(90, 3, shape=shape))
    solution = solve(signups, time_limit_s=4, workers=2)
    assert evaluate(signups, solution).valid
    assert solution.objective >= solution.stats.greedy_objective
    assert "raced" in solution.stats.parts[0]["method"] or solution.status == "optimal"


def test_two_workers_still_prove_thirty_people_optimal():
    signups = SignupFile.model_validate(generate_signups(30, 1))
    assert solve(signups, time_limit_s=20, workers=2).status == "optimal"


def test_exact_engine_solves_parts_where_greedy_places_nobody():
    signups = load_signups((INSTANCES / "suite" / "national-060.json").read_bytes())
    solution = solve(signups, time_limit_s=5, engine="exact")
    assert evaluate(signups, solution).valid
    assert solution.status == "optimal"


def test_search_places_at_least_as_many_as_greedy():
    signups = SignupFile.model_validate(generate_signups(200, 5))
    solution = solve(signups, time_limit_s=4)
    assert solution.objective >= solution.stats.greedy_objective


MEASUREMENTS = ("solve_seconds", "compile_seconds", "read_seconds", "work_done")


def test_same_seed_and_one_worker_give_identical_output():
    document = generate_signups(120, 11)

    def without_timings(solution) -> str:
        data = solution.model_dump(mode="json")
        data["stats"] = {key: value for key, value in data["stats"].items() if key not in MEASUREMENTS}
        for part in data["stats"]["parts"]:
            part.pop("seconds")
            part.pop("work")
        return json.dumps(data, sort_keys=True)

    first = without_timings(solved(document, time_limit_s=300, work_limit=0.7, seed=7, workers=1)[1])
    second = without_timings(solved(document, time_limit_s=300, work_limit=0.7, seed=7, workers=1)[1])
    assert first == second


def unlimited(work: float) -> Budget:
    """`work` units and a deadline far enough away never to be the limit."""
    deadline = time.monotonic() + 3600
    return Budget(SearchControl(deadline=deadline), deadline, work)


def test_large_neighbourhood_search_is_repeatable_for_a_seed():
    problem = compile_problem(SignupFile.model_validate(generate_signups(120, 3, shape="regional")))
    people = list(range(problem.size))
    start = greedy_groups(problem, people)

    def searched() -> list[tuple[int, ...]]:
        groups, _ = improve(
            problem,
            people,
            start,
            np.random.default_rng(5),
            unlimited(1.0),
            max_stale_iterations=10**6,
        )
        return groups

    assert searched() == searched()


def test_large_neighbourhood_search_never_loses_value_and_keeps_groups_feasible():
    problem = compile_problem(SignupFile.model_validate(generate_signups(120, 4, shape="one_metro")))
    people = list(range(problem.size))
    start = greedy_groups(problem, people)
    groups, stats = improve(problem, people, start, np.random.default_rng(0), unlimited(1.0), 10**6)
    assert stats.iterations > 0
    assert (
        score_columns(problem, people, groups).value_micro.sum()
        >= score_columns(problem, people, start).value_micro.sum()
    )
    placed = [member for members in groups for member in members]
    assert len(placed) == len(set(placed))
    for members in groups:
        joint = joint_of(problem, list(members))
        assert joint is not None and can_meet(joint)
        assert problem.group_size_min <= len(members) <= problem.group_size_max
