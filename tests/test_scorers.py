"""The solver scores groups three ways: the reference scorer (compile.scores.score_group), the vectorised
columns (search.columns.PartScorer) and local search's running sums (search.local.LocalSearchState).
All three must give every group the same quality, to the micro-point, whatever the instance holds."""

from __future__ import annotations

import numpy as np
import pytest

from groupformer import bitset
from groupformer.compile import compile_problem
from groupformer.compile.scores import MICRO, common_window_bits, score_group
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.result import build_solution
from groupformer.search.columns import PartScorer
from groupformer.search.construct import greedy_groups
from groupformer.search.local import LocalSearchState

EVERY_WISH = ["style", "frequency", "focus"]
BALANCED_EXPERIENCE = [{"number": "experience_years", "within": 8}]
SUPERVISED = [{"tag": "supervisor", "at_least": 1}]
# every term weighted differently, so a weight read for the wrong term changes the scores
DISTINCT_WEIGHTS = {
    "diversity": 3.1,
    "prefer": 2.3,
    "size": 0.7,
    "focus": 1.9,
    "spare_window": 1.3,
    "novelty": 2.9,
    "style_wish": 0.4,
    "frequency_wish": 1.1,
    "focus_wish": 1.7,
}
INSTANCES = [
    ("one_metro", 1, False, [], [], {}),
    ("regional", 2, True, [], [], {}),
    ("national", 3, False, EVERY_WISH, [], {}),
    ("mostly_remote", 4, True, ["focus"], BALANCED_EXPERIENCE, {}),
    ("tight_schedules", 5, True, EVERY_WISH, SUPERVISED, {}),
    ("one_metro", 6, True, EVERY_WISH, BALANCED_EXPERIENCE, DISTINCT_WEIGHTS),
]


def sign_ups(shape: str, seed: int, history: bool, wishes: list[str], composition: list[dict], weights: dict):
    document = generate_signups(60, seed, shape=shape)
    document["settings"].update(as_wishes=wishes, composition=composition, weights=weights)
    if history:
        ids = [person["id"] for person in document["participants"]]
        recent = [{"date": "2026-09-01", "members": ids[start : start + 4]} for start in range(0, len(ids) - 3, 4)]
        older = [{"date": "2025-03-01", "members": ids[start : start + 5]} for start in range(2, len(ids) - 4, 5)]
        document["history"] = recent + older
    return SignupFile.model_validate(document)


def linked(problem, people: list[int]) -> dict[int, list[int]]:
    """Whom each person prefers, is preferred by or met before: the pairs that make prefer and novelty count."""
    links: dict[int, list[int]] = {person: [] for person in people}
    pairs = [(person, other) for person in people for other in bitset.indices(problem.prefer_bits[person])]
    for first, second in pairs + list(problem.repeat_weights):
        if first in links and second in links:
            links[first].append(second)
            links[second].append(first)
    return links


def sharing_starts(problem, members: list[int], candidates: list[int]) -> list[int]:
    """The candidates (other than the members) free at two starts or more together with all members."""
    common = common_window_bits(problem, members)
    return [
        other for other in candidates if other not in members and (common & problem.window_bits[other]).bit_count() >= 2
    ]


def next_member(problem, members: list[int], free: list[int], links, keeps_starts: bool, rng) -> int | None:
    """A free person to add: one still free with the members at two starts (none once the group has two
    members and nobody is), or mostly one linked to a member."""
    if keeps_starts:
        options = sharing_starts(problem, members, free)
        if not options and len(members) >= 2:
            return None
    else:
        options = [other for member in members for other in links[member] if other in free]
        options = options if rng.random() < 0.75 else []
    return options[rng.integers(len(options))] if options else free[-1]


def random_groups(problem, people: list[int], rng: np.random.Generator, count: int) -> list[tuple[int, ...]]:
    """Disjoint groups of 2 to group_size_max of `people`: every other one of people free together at two
    starts or more (so that spare starts count), the others mostly of linked people (so that prefer and
    novelty count)."""
    links = linked(problem, people)
    free = [int(person) for person in rng.permutation(people)]
    groups = []
    while len(groups) < count and len(free) >= 2:
        size = int(rng.integers(2, min(problem.group_size_max, len(free)) + 1))
        keeps_starts = len(groups) % 2 == 1
        starters = [person for person in free if sharing_starts(problem, [person], free)] if keeps_starts else []
        members = [starters[-1] if starters else free[-1]]
        free.remove(members[0])
        for _ in range(size - 1):
            pick = next_member(problem, members, free, links, keeps_starts, rng)
            if pick is None:
                break
            free.remove(pick)
            members.append(pick)
        groups.append(tuple(sorted(members)))
    return groups


def reference_quality(problem, groups) -> np.ndarray:
    return np.array([score_group(problem, list(members)).quality for members in groups])


def local_quality(problem, state: LocalSearchState, groups) -> np.ndarray:
    """The state's running value of each group, less the placement points."""
    return np.array(
        [state.values[group] - problem.placement_weight * len(members) for group, members in enumerate(groups)]
    )


@pytest.fixture(params=INSTANCES, ids=lambda case: f"{case[0]}-{case[1]}")
def instance(request):
    """The problem, a part of 4 in 5 of its people, and a generator that draws the same groups in every test."""
    problem = compile_problem(sign_ups(*request.param))
    rng = np.random.default_rng(request.param[1])
    part = sorted(rng.choice(problem.size, size=problem.size * 4 // 5, replace=False).tolist())
    return problem, part, rng


def test_the_columns_score_random_groups_as_the_reference_does(instance):
    problem, part, rng = instance
    groups = random_groups(problem, part, rng, count=12)
    np.testing.assert_allclose(PartScorer(problem, part).quality(groups), reference_quality(problem, groups), atol=1e-6)


def test_the_local_search_scores_random_groups_as_the_reference_does(instance):
    problem, part, rng = instance
    groups = random_groups(problem, part, rng, count=12)
    state = LocalSearchState(problem, part, groups)
    np.testing.assert_allclose(local_quality(problem, state, groups), reference_quality(problem, groups), atol=1e-6)


def test_the_local_search_still_scores_as_the_reference_after_moves(instance):
    problem, part, rng = instance
    groups = random_groups(problem, part, rng, count=12)
    state = LocalSearchState(problem, part, groups)
    moves = 0
    for _ in range(40):
        person = int(rng.integers(len(part)))
        source = state.group_of[person]
        target = int(rng.integers(len(groups)))
        if source != target and (source < 0 or state.size[source] > 2) and state.size[target] < problem.group_size_max:
            state.move(person, target)
            moves += 1
    moved = [tuple(part[member] for member in members) for members in state.members]
    assert moves >= 10
    np.testing.assert_allclose(local_quality(problem, state, moved), reference_quality(problem, moved), atol=1e-6)


def test_the_random_groups_exercise_every_term(instance):
    problem, part, rng = instance
    groups = random_groups(problem, part, rng, count=12)
    pairs = [(first, second) for members in groups for first in members for second in members if first != second]
    assert any(problem.prefer_bits[first] >> second & 1 for first, second in pairs)
    assert any(problem.states_focus[first] and problem.states_focus[second] for first, second in pairs)
    assert any(problem.preferred_size_min[m] <= len(g) <= problem.preferred_size_max[m] for g in groups for m in g)
    if any(sharing_starts(problem, [person], part) for person in part):
        assert any(common_window_bits(problem, list(members)).bit_count() >= 2 for members in groups)
    if problem.weights.novelty:
        assert any((first, second) in problem.repeat_weights for first, second in pairs)


def test_the_reference_scores_every_weighted_term_as_the_judge_does():
    signups = sign_ups(*INSTANCES[-1])
    problem = compile_problem(signups)
    groups = greedy_groups(problem, list(range(problem.size)))
    solution = build_solution(problem, groups, "feasible", 0, 0, {"solve_seconds": 0.0})
    placed = sum(problem.placement_weight * len(members) for members in groups)
    reference = placed + round(reference_quality(problem, groups).sum() * MICRO) / MICRO
    assert evaluate(signups, solution).objective == pytest.approx(reference, abs=1e-6 * len(groups))


def test_a_wish_weight_counts_only_for_a_rule_that_is_a_wish():
    weights = compile_problem(sign_ups("one_metro", 1, False, ["frequency"], [], DISTINCT_WEIGHTS)).weights
    assert (weights.style_wish, weights.frequency_wish, weights.focus_wish) == (0.0, 1.1, 0.0)


def test_the_quality_scale_totals_the_weights_in_force():
    weights = compile_problem(sign_ups("one_metro", 1, False, ["frequency"], [], DISTINCT_WEIGHTS)).weights
    assert weights.total == pytest.approx(3.1 + 2.3 + 0.7 + 1.9 + 1.3 + 1.1)
