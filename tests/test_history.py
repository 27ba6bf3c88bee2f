"""History across rounds: people who met before are grouped again only when it is worth it (a novelty
term decaying with age), or never for last round's pairs when that is made a rule."""

from __future__ import annotations

import itertools
import json

import pytest
from conftest import participant, signup_file
from test_evaluate import BASE_SIGNUPS, BASE_SOLUTION, judge

from groupformer.compile import compile_problem
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.solve import solve
from groupformer.validate import InputError, load_signups

REFERENCE_WEEK = "2027-01-04"


def with_history(document: dict, history: list[dict], **settings) -> dict:
    updated = {**document, "history": history}
    if settings:
        updated["settings"] = {**document.get("settings", {}), **settings}
    return updated


def pairs_of(solution) -> set[frozenset[str]]:
    return {frozenset(pair) for group in solution.groups for pair in itertools.combinations(group.members, 2)}


SIX = signup_file([participant(name) for name in "abcdef"], group_size={"min": 3, "max": 3})
LAST_ROUND = [{"date": "2026-10-01", "members": ["a", "b", "c"]}, {"date": "2026-10-01", "members": ["d", "e", "f"]}]


def test_a_pair_that_met_on_the_reference_week_weighs_one_and_halves_every_half_life():
    history = [
        {"date": REFERENCE_WEEK, "members": ["a", "b"]},
        {"date": "2026-01-04", "members": ["a", "c"]},
        {"date": "2025-01-04", "members": ["b", "c"]},
        {"date": "2025-01-04", "members": ["b", "c"]},
    ]
    problem = compile_problem(SignupFile.model_validate(with_history(SIX, history)))
    assert problem.repeat_weights == {(0, 1): 1.0, (0, 2): 0.5, (1, 2): pytest.approx(0.5)}


def test_without_history_the_novelty_weight_does_not_count():
    problem = compile_problem(SignupFile.model_validate(SIX))
    assert problem.weights.novelty == 0.0


def test_the_judge_scores_novelty_as_computed_by_hand():
    history = [{"date": REFERENCE_WEEK, "members": ["a", "b"]}]
    report = judge(with_history(BASE_SIGNUPS, history), BASE_SOLUTION)
    # As in test_valid_group_scores_exactly_as_computed_by_hand (fit 7.5, diversity points 4 * 2.5), plus
    # novelty (weight 4, total weight 14): a and b met with weight 1, so a and b have 1 - 1/2, c has 1.
    assert report.quality == pytest.approx(round((10 + 7.5 + 4 * 2.0) / 14, 6))
    assert report.valid


def test_groups_of_last_round_are_split_up_as_far_as_possible():
    signups = SignupFile.model_validate(with_history(SIX, LAST_ROUND))
    solution = solve(signups, time_limit_s=5)
    repeated = pairs_of(solution) & {
        frozenset(pair) for group in LAST_ROUND for pair in itertools.combinations(group["members"], 2)
    }
    assert len(repeated) == 2
    assert solution.status == "optimal"
    assert solution.objective == pytest.approx(evaluate(signups, solution).objective, abs=1e-6)


def test_an_old_pair_is_repeated_rather_than_a_recent_one():
    people = [participant("a", avoid=["d"]), participant("b", avoid=["c"]), participant("c"), participant("d")]
    history = [
        {"date": "2026-12-01", "members": ["a", "b"]},
        {"date": "2026-12-01", "members": ["c", "d"]},
        {"date": "2023-12-01", "members": ["a", "c"]},
        {"date": "2023-12-01", "members": ["b", "d"]},
    ]
    document = with_history(signup_file(people, group_size={"min": 2, "max": 2}), history)
    solution = solve(SignupFile.model_validate(document), time_limit_s=5)
    assert {frozenset(group.members) for group in solution.groups} == {frozenset("ac"), frozenset("bd")}


def test_with_the_hard_rule_last_rounds_pairs_are_never_grouped_again():
    earlier = [{"date": "2025-10-01", "members": ["a", "d"]}]
    document = with_history(SIX, LAST_ROUND + earlier, history_hard_last_round=True)
    signups = SignupFile.model_validate(document)
    solution = solve(signups, time_limit_s=5)
    last_round_pairs = {frozenset(pair) for group in LAST_ROUND for pair in itertools.combinations(group["members"], 2)}
    assert not pairs_of(solution) & last_round_pairs
    assert solution.stats.assigned == 0
    assert "(d, e, f)" in solution.unassigned[0].reasons[0]
    assert "in conflict with each other" in solution.unassigned[0].reasons[0]


def test_the_judge_rejects_last_rounds_pair_under_the_hard_rule():
    history = [{"date": "2026-11-01", "members": ["a", "b"]}]
    report = judge(with_history(BASE_SIGNUPS, history, history_hard_last_round=True), BASE_SOLUTION)
    assert [violation.rule for violation in report.violations] == ["history"]
    assert "were grouped together last round (2026-11-01)" in report.violations[0].message


def test_past_members_who_did_not_sign_up_again_are_accepted():
    history = [{"date": "2026-10-01", "members": ["a", "b", "someone-who-left"]}]
    problem = compile_problem(SignupFile.model_validate(with_history(SIX, history)))
    assert problem.repeat_weights == {(0, 1): pytest.approx(0.5 ** (95 / 365))}


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ([{"date": "2026-13-01", "members": ["a", "b"]}], "history[0].date: not a calendar date"),
        ([{"date": "2026-10-01", "members": ["a", "a"]}], "history[0].members: a listed more than once"),
        ([{"date": "2026-10-01", "members": ["a"]}], "history[0].members: List should have at least 2 items"),
    ],
)
def test_a_bad_history_entry_is_reported_with_its_place(history, message):
    with pytest.raises(InputError) as raised:
        load_signups(json.dumps(with_history(SIX, history)).encode())
    assert any(problem.startswith(message) for problem in raised.value.problems), raised.value.problems


def test_generated_sign_ups_with_history_give_valid_solutions_scored_alike_by_solver_and_judge():
    document = generate_signups(60, seed=4, shape="one_metro")
    first = solve(SignupFile.model_validate(document), time_limit_s=5)
    history = [{"date": "2026-09-01", "members": group.members} for group in first.groups]
    signups = SignupFile.model_validate({**document, "history": history})
    second = solve(signups, time_limit_s=5)
    report = evaluate(signups, second)
    assert report.valid
    assert second.status == "optimal"
    assert second.objective == pytest.approx(report.objective, abs=1e-6)
    assert len(pairs_of(second) & pairs_of(first)) < len(pairs_of(first)) / 2
