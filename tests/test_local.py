"""Local search: running sums give the same values as scoring from scratch, and every step is legal."""

from __future__ import annotations

import time

import numpy as np
import pytest

from groupformer.compile import compile_problem
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.result import build_solution
from groupformer.search.columns import score_columns
from groupformer.search.construct import greedy_groups
from groupformer.search.control import Budget, SearchControl
from groupformer.search.joint import can_meet, joint_of
from groupformer.search.lns import improve
from groupformer.search.local import LocalSearchState, local_search


def instance(count: int, seed: int, shape: str, with_history: bool = False, with_wishes: bool = False):
    document = generate_signups(count, seed, shape=shape)
    if with_wishes:
        document["settings"]["as_wishes"] = ["style", "frequency", "focus"]
    if with_history:
        ids = [person["id"] for person in document["participants"]]
        recent = [{"date": "2026-09-01", "members": ids[start : start + 4]} for start in range(0, count - 3, 4)]
        older = [{"date": "2025-03-01", "members": ids[start : start + 5]} for start in range(2, count - 4, 5)]
        document["history"] = recent + older
    problem = compile_problem(SignupFile.model_validate(document))
    people = list(range(problem.size))
    return problem, people, greedy_groups(problem, people)


def assert_legal(problem, groups):
    placed = [member for members in groups for member in members]
    assert len(placed) == len(set(placed))
    for members in groups:
        assert problem.group_size_min <= len(members) <= problem.group_size_max
        joint = joint_of(problem, list(members))
        assert joint is not None and can_meet(joint)
        for first in members:
            for second in members:
                assert first == second or problem.compatible_bits[first] >> second & 1


def exact_values(problem, people, state) -> np.ndarray:
    groups = [tuple(sorted(people[member] for member in members)) for members in state.members]
    scored = score_columns(problem, people, [members for members in groups if members]).value_micro / 1e6
    return np.array(sorted(scored))


def any_legal_move(state: LocalSearchState, person: int, rng: np.random.Generator) -> int | None:
    """A group the person may move (or be inserted) into, picked at random, or None."""
    if state.group_of[person] >= 0 and not state.can_leave(person):
        return None
    for group in rng.permutation(state.candidate_groups(person)):
        if state.can_join(person, int(group)):
            return int(group)
    return None


@pytest.mark.parametrize(
    ("shape", "seed", "with_history", "with_wishes"),
    [
        ("one_metro", 1, False, False),
        ("regional", 2, False, False),
        ("national", 3, False, False),
        ("one_metro", 5, True, False),
        ("regional", 6, False, True),
    ],
)
def test_running_values_equal_scoring_from_scratch_after_random_moves(shape, seed, with_history, with_wishes):
    problem, people, groups = instance(150, seed, shape, with_history, with_wishes)
    state = LocalSearchState(problem, people, groups)
    rng = np.random.default_rng(seed)
    moves = 0
    for person in rng.integers(len(people), size=400).tolist():
        partner = state.random_trade(person, rng)
        target = any_legal_move(state, person, rng)
        if partner is not None:
            state.trade(person, partner)
            moves += 1
        elif target is not None:
            state.move(person, target)
            moves += 1
        live = sorted(value for value, size in zip(state.values, state.size) if size)
        np.testing.assert_allclose(live, exact_values(problem, people, state), atol=1e-6)
    assert moves > 20
    assert_legal(problem, state.groups())


def test_predicted_gain_of_a_move_is_the_change_in_exact_value():
    problem, people, groups = instance(150, 4, "one_metro")
    state = LocalSearchState(problem, people, groups)
    checked = 0
    for person in range(len(people)):
        if state.group_of[person] >= 0 and not state.can_leave(person):
            continue
        targets, gains = state.gains(person)
        for target, gain in zip(targets, gains):
            if state.can_join(person, int(target)):
                before = exact_values(problem, people, state).sum()
                state.move(person, int(target))
                assert exact_values(problem, people, state).sum() - before == pytest.approx(gain, abs=2e-6)
                checked += 1
                break
    assert checked >= 3


def test_predicted_gain_of_a_trade_is_the_change_in_exact_value():
    problem, people, groups = instance(150, 1, "one_metro")
    state = LocalSearchState(problem, people, groups)
    checked = 0
    for person in range(len(people)):
        if state.group_of[person] < 0:
            continue
        partners, gains = state.swap_gains(person)
        for partner, gain in zip(partners, gains):
            if state.can_trade(person, int(partner)):
                before = exact_values(problem, people, state).sum()
                state.trade(person, int(partner))
                # each of the two groups' quality is rounded to the micro-point when scored from scratch
                assert exact_values(problem, people, state).sum() - before == pytest.approx(gain, abs=2e-6)
                checked += 1
                break
    assert checked > 20


def test_unplaced_people_are_inserted_where_a_seat_is_legal():
    problem, people, groups = instance(200, 1, "regional")
    state = LocalSearchState(problem, people, groups)
    unplaced = [person for person in range(len(people)) if state.group_of[person] < 0]
    for person in unplaced:
        move = state.best_move(person)
        if move is not None:
            assert state.can_join(person, move[0])
            assert state.size[move[0]] < problem.group_size_max
            assert move[1] > problem.placement_weight


def test_local_search_never_worsens_and_keeps_every_group_legal():
    problem, people, groups = instance(300, 5, "regional")
    budget = Budget(SearchControl(deadline=time.monotonic() + 60), time.monotonic() + 20, work=5.0)
    improved, stats = local_search(problem, people, groups, np.random.default_rng(0), budget, max_kicks=5)
    assert stats.sweeps > 0
    before = score_columns(problem, people, groups).value_micro.sum()
    after = score_columns(problem, people, improved).value_micro.sum()
    assert after >= before
    assert_legal(problem, improved)


def judged_valid(signups, problem, groups) -> bool:
    solution = build_solution(problem, groups, "feasible", 0, 0, {"solve_seconds": 0.0})
    return evaluate(signups, solution).valid


def test_every_intermediate_solution_of_the_searches_is_valid_per_the_evaluator():
    signups = SignupFile.model_validate(generate_signups(120, 6, shape="regional"))
    problem = compile_problem(signups)
    people = list(range(problem.size))
    start = greedy_groups(problem, people)
    seen = []
    budget = Budget(SearchControl(deadline=time.monotonic() + 60), time.monotonic() + 30, work=1.5)
    improve(
        problem,
        people,
        start,
        np.random.default_rng(1),
        budget,
        10**6,
        on_improvement=lambda groups, gain: seen.append(list(groups)),
    )
    state = LocalSearchState(problem, people, start)
    rng = np.random.default_rng(2)
    for person in rng.integers(len(people), size=60).tolist():
        partner = state.random_trade(person, rng)
        if partner is not None:
            state.trade(person, partner)
            seen.append(state.groups())
    assert len(seen) > 10
    assert all(judged_valid(signups, problem, groups) for groups in seen)
