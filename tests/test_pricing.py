"""The priced LP bound of parts too large to enumerate: checked where enumerating is possible, against the
optimum CP-SAT proves and the LP optimum over every candidate group."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from conftest import INSTANCES, participant, signup_file
from hypothesis import given
from ortools.linear_solver import pywraplp
from strategies import signup_documents

import groupformer
from groupformer.compile import compile_problem
from groupformer.compile.scores import MICRO
from groupformer.contract import SignupFile
from groupformer.generate import generate_signups
from groupformer.search.candidates import enumerate_groups
from groupformer.search.columns import score_columns
from groupformer.search.construct import greedy_groups
from groupformer.search.control import Budget, SearchControl
from groupformer.search.decompose import independent_parts
from groupformer.search.exact import choose_groups
from groupformer.search.lns import improve
from groupformer.search.pricing import SETTINGS, priced_bound
from groupformer.validate import load_signups


def _budget(work: float = 5.0) -> Budget:
    control = SearchControl(time.monotonic() + 60)
    return Budget(control, control.deadline, work)


def _optimum_micro(problem, part) -> int:
    candidates = enumerate_groups(problem, part, 1_000_000)
    values = score_columns(problem, part, candidates).value_micro.tolist()
    result = choose_groups(candidates, values, [], _budget(), workers=1, seed=0)
    assert result.status == "optimal"
    return result.objective


def _lp_optimum_micro(problem, part) -> float:
    """The packing LP over every candidate group, solved outright."""
    candidates = enumerate_groups(problem, part, 1_000_000)
    values = score_columns(problem, part, candidates).value_micro
    solver = pywraplp.Solver.CreateSolver("GLOP")
    rows = {person: solver.Constraint(0.0, 1.0) for person in part}
    objective = solver.Objective()
    for members, value in zip(candidates, values):
        variable = solver.NumVar(0.0, 1.0, "")
        for member in members:
            rows[member].SetCoefficient(variable, 1.0)
        objective.SetCoefficient(variable, float(value) / 1e6)
    objective.SetMaximization()
    solver.Solve()
    return objective.Value() * 1e6


def _window(day: str) -> dict:
    return {"day": day, "start": "12:00", "end": "14:00"}


def test_three_people_who_meet_only_in_pairs_are_bounded_by_the_lp_of_half_pairs():
    """Each pair shares a day, the three share none: a pair is the optimum (two placed), and the LP,
    taking each pair at one half, places three halves of pairs (three people's placement)."""
    days = {"a": ["mon", "wed"], "b": ["mon", "tue"], "c": ["tue", "wed"]}
    everyone = [participant(name, availability=[_window(day) for day in own]) for name, own in days.items()]
    problem = compile_problem(SignupFile.model_validate(signup_file(everyone, group_size={"min": 2, "max": 3})))
    part = [0, 1, 2]
    bound = priced_bound(problem, part, greedy_groups(problem, part), _budget()).bound_micro
    optimum = _optimum_micro(problem, part)
    assert optimum < 3 * problem.placement_weight * MICRO <= bound
    assert bound >= _lp_optimum_micro(problem, part) - 1


def _search_methods(document: dict) -> list[str]:
    """How `--engine search` (LNS, then the priced bound where it pays) treated each part."""
    solution = groupformer.solve(SignupFile.model_validate(document), engine="search", work_limit=0.3, seed=0)
    return [part["method"] for part in solution.stats.parts]


def test_the_priced_bound_is_skipped_where_lns_places_everyone_the_cheap_bound_counts():
    """Six people free at the same time: LNS places all six, so only quality slack is left to prove."""
    document = signup_file([participant(f"p{index}") for index in range(6)], group_size={"min": 3, "max": 3})
    assert all("priced lp" not in method for method in _search_methods(document))


def test_the_priced_bound_runs_where_lns_places_fewer_than_the_cheap_bound_counts():
    days = {"a": ["mon", "wed"], "b": ["mon", "tue"], "c": ["tue", "wed"]}
    everyone = [participant(name, availability=[_window(day) for day in own]) for name, own in days.items()]
    document = signup_file(everyone, group_size={"min": 2, "max": 3})
    assert all("priced lp" in method for method in _search_methods(document))


def test_parts_larger_than_the_priced_bounds_limit_keep_the_cheap_bound(monkeypatch):
    from dataclasses import replace

    from groupformer.search import strategy

    monkeypatch.setattr(strategy, "SETTINGS", replace(strategy.SETTINGS, priced_bound_max_people=2))
    days = {"a": ["mon", "wed"], "b": ["mon", "tue"], "c": ["tue", "wed"]}
    everyone = [participant(name, availability=[_window(day) for day in own]) for name, own in days.items()]
    document = signup_file(everyone, group_size={"min": 2, "max": 3})
    assert all("priced lp" not in method for method in _search_methods(document))


def test_the_bound_of_the_handmade_instance_is_no_less_than_its_optimum():
    problem = compile_problem(load_signups((INSTANCES / "handmade-12.json").read_bytes()))
    for part in independent_parts(problem, list(range(problem.size))):
        if len(part) >= problem.group_size_min:
            bound = priced_bound(problem, part, greedy_groups(problem, part), _budget()).bound_micro
            assert bound >= _optimum_micro(problem, part)


@pytest.mark.parametrize(("seed", "shape"), [(1, "national"), (2, "one_metro"), (3, "regional")])
def test_the_bound_is_no_less_than_the_lp_over_every_group_nor_the_optimum(seed, shape):
    problem = compile_problem(SignupFile.model_validate(generate_signups(36, seed, shape=shape)))
    for part in independent_parts(problem, list(range(problem.size))):
        if len(part) < problem.group_size_min or len(enumerate_groups(problem, part, 1_000_000)) == 0:
            continue
        bound = priced_bound(problem, part, greedy_groups(problem, part), _budget()).bound_micro
        assert bound >= _lp_optimum_micro(problem, part) - 1
        assert bound >= _optimum_micro(problem, part)


def test_a_bound_stopped_at_once_still_bounds_the_optimum():
    """Out of work before the first round, every person keeps their search root's bound."""
    problem = compile_problem(SignupFile.model_validate(generate_signups(40, 4, shape="one_metro")))
    part = max(independent_parts(problem, list(range(problem.size))), key=len)
    bound = priced_bound(problem, part, greedy_groups(problem, part), _budget(work=0.0)).bound_micro
    assert bound >= _optimum_micro(problem, part)


def test_the_bound_never_falls_below_a_searched_solution_on_a_large_part():
    problem = compile_problem(SignupFile.model_validate(generate_signups(150, 7, shape="national")))
    part = max(independent_parts(problem, list(range(problem.size))), key=len)
    start = greedy_groups(problem, part)
    groups, _ = improve(problem, part, start, np.random.default_rng(0), _budget(2.0), max_stale_iterations=200)
    value = int(score_columns(problem, part, groups).value_micro.sum())
    assert priced_bound(problem, part, groups, _budget(1.0)).bound_micro >= value


def _parts_with_groups(problem):
    """The independent parts in which some group can form."""
    for part in independent_parts(problem, list(range(problem.size))):
        if len(part) >= problem.group_size_min and enumerate_groups(problem, part, 1_000_000):
            yield part


@pytest.mark.parametrize(("seed", "shape"), [(1, "national"), (2, "one_metro"), (3, "regional")])
def test_with_work_enough_the_bound_is_the_lp_over_every_group(seed, shape):
    """Pricing by the groups' actual pair terms leaves no quality slack (valuing every member at their
    best conceivable quality left 3 to 6 points here): what stays above the LP optimum is the micro-point
    per person kept against rounding."""
    problem = compile_problem(SignupFile.model_validate(generate_signups(36, seed, shape=shape)))
    for part in _parts_with_groups(problem):
        bound = priced_bound(problem, part, greedy_groups(problem, part), _budget()).bound_micro
        assert bound <= _lp_optimum_micro(problem, part) + len(part) + SETTINGS.slack_micro + 1


@given(signup_documents())
def test_the_bound_of_any_sign_ups_is_no_less_than_the_lp_over_every_group(document):
    """Histories (novelty), wishes, composition rules and every weight, as hypothesis draws them: the
    bound holds over the LP and so over every packing."""
    problem = compile_problem(load_signups(json.dumps(document).encode()))
    for part in _parts_with_groups(problem):
        bound = priced_bound(problem, part, greedy_groups(problem, part), _budget()).bound_micro
        assert bound >= _lp_optimum_micro(problem, part) - 1
