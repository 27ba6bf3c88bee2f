"""Fixed groups (settings.groups, settings.group_count): at most that many groups, each named after the
slot it fills and sized within that slot's bounds, whoever is left out told why."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from conftest import participant, signup_file
from ortools.sat.python import cp_model

from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.search.fixed_groups import FixedGroups
from groupformer.solve import solve

SEVEN_COMPATIBLE = [participant(f"t{number}") for number in range(1, 8)]


def solved(document, **options):
    signups = SignupFile.model_validate(document)
    return signups, solve(signups, **options)


def sizes_by_id(solution) -> dict[str, int]:
    return {group.id: len(group.members) for group in solution.groups}


def test_a_group_count_caps_how_many_groups_are_formed():
    _, free = solved(signup_file(SEVEN_COMPATIBLE, group_size={"min": 3, "max": 3}))
    _, capped = solved(signup_file(SEVEN_COMPATIBLE, group_size={"min": 3, "max": 3}, group_count=1))
    assert len(free.groups) == 2
    assert sizes_by_id(capped) == {"G001": 3}
    assert capped.status == "optimal"


def test_people_left_out_because_every_fixed_group_is_formed_are_told_so():
    _, solution = solved(signup_file(SEVEN_COMPATIBLE, group_size={"min": 3, "max": 3}, group_count=1))
    assert len(solution.unassigned) == 4
    for entry in solution.unassigned:
        assert entry.reasons[0].startswith("all 1 groups of settings.groups are formed")
        assert "add a group to settings.groups" in entry.reasons[0]


def test_each_group_is_named_after_its_slot_and_sized_within_its_bounds():
    slots = [{"id": "Trio", "min": 3, "max": 3}, {"id": "Quartet", "min": 4, "max": 4}]
    signups, solution = solved(signup_file(SEVEN_COMPATIBLE, groups=slots))
    assert sizes_by_id(solution) == {"Trio": 3, "Quartet": 4}
    assert [group.id for group in solution.groups] == ["Trio", "Quartet"]
    assert solution.stats.unused_groups == []
    assert evaluate(signups, solution).valid


def test_a_slot_too_small_for_anyone_left_stays_unused():
    slots = [{"id": "Five", "min": 5, "max": 5}, {"id": "Six", "min": 6, "max": 6}]
    _, solution = solved(signup_file(SEVEN_COMPATIBLE, groups=slots))
    assert len(solution.groups) == 1
    assert solution.stats.assigned == 6
    assert solution.stats.unused_groups == ["Five"]
    assert solution.status == "optimal"


def test_slot_bounds_replace_group_size_where_given():
    slots = [{"id": "Pair", "min": 2, "max": 2}, {"id": "Rest"}]
    _, solution = solved(signup_file(SEVEN_COMPATIBLE[:5], group_size={"min": 3, "max": 3}, groups=slots))
    assert sizes_by_id(solution) == {"Pair": 2, "Rest": 3}


def test_the_judge_rejects_a_group_whose_id_is_not_a_slot():
    signups, solution = solved(signup_file(SEVEN_COMPATIBLE, groups=[{"id": "A", "min": 3, "max": 4}]))
    renamed = solution.model_copy(deep=True)
    renamed.groups[0].id = "B"
    report = evaluate(signups, renamed)
    assert not report.valid
    assert report.violations[0].rule == "group_id"
    assert "B is not one of the groups in settings.groups (A)" in report.violations[0].message


def test_the_judge_rejects_a_group_outside_its_slots_bounds():
    slots = [{"id": "Trio", "min": 3, "max": 3}, {"id": "Quartet", "min": 4, "max": 4}]
    signups, solution = solved(signup_file(SEVEN_COMPATIBLE, groups=slots))
    swapped = solution.model_copy(deep=True)
    swapped.groups[0].id, swapped.groups[1].id = "Quartet", "Trio"
    report = evaluate(signups, swapped)
    assert {violation.rule for violation in report.violations} == {"size"}
    assert len(report.violations) == 2


def brute_force_fits(bounds: list[tuple[int, int]], sizes: list[int]) -> bool:
    return any(
        all(bounds[slot][0] <= size <= bounds[slot][1] for slot, size in zip(slots, sizes))
        for slots in itertools.permutations(range(len(bounds)), len(sizes))
    )


def cp_sat_fits(bounds: list[tuple[int, int]], sizes: list[int]) -> bool:
    model = cp_model.CpModel()
    chosen = [model.new_constant(1) for _ in sizes]
    FixedGroups(tuple(bounds)).constrain(model, chosen, sizes)
    return cp_model.CpSolver().solve(model) == cp_model.OPTIMAL


def test_slot_assignment_and_the_cp_sat_constraint_agree_with_brute_force():
    rng = np.random.default_rng(3)
    for _ in range(300):
        bounds = []
        for _ in range(int(rng.integers(1, 5))):
            low = int(rng.integers(2, 6))
            bounds.append((low, low + int(rng.integers(0, 3))))
        sizes = [int(size) for size in rng.integers(2, 8, size=int(rng.integers(1, len(bounds) + 2)))]
        expected = len(sizes) <= len(bounds) and brute_force_fits(bounds, sizes)
        assignment = FixedGroups(tuple(bounds)).assign(sizes)
        assert (assignment is not None) == expected, (bounds, sizes)
        if assignment is not None:
            assert len(set(assignment)) == len(sizes)
            assert all(bounds[slot][0] <= size <= bounds[slot][1] for slot, size in zip(assignment, sizes))
        assert cp_sat_fits(bounds, sizes) == expected, (bounds, sizes)
        assert FixedGroups(tuple(bounds)).fits_counts(Counter(sizes)) == expected, (bounds, sizes)


@pytest.mark.parametrize("engine", ["auto", "exact", "search"])
@pytest.mark.parametrize("shape", ["national", "one_metro"])
def test_generated_sign_ups_with_fixed_groups_give_valid_solutions(engine, shape):
    document = generate_signups(120, seed=2, shape=shape)
    document["settings"]["groups"] = [{"min": 5, "max": 6}] * 6 + [{"min": 3, "max": 4}] * 8 + [{"min": 4}] * 4
    signups, solution = solved(document, time_limit_s=4, engine=engine)
    report = evaluate(signups, solution)
    assert report.valid, report.violations
    assert len(solution.groups) + len(solution.stats.unused_groups) == 18
    assert solution.objective == pytest.approx(report.objective, abs=1e-6)
    assert solution.bound >= solution.objective
