"""The placement search: it places people a chain or a new group can place, and never breaks a rule."""

from __future__ import annotations

import time

import numpy as np
import pytest
from conftest import participant, signup_file

from groupformer.compile import compile_problem
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.result import build_solution
from groupformer.search.construct import greedy_groups
from groupformer.search.control import Budget, SearchControl
from groupformer.search.placement import place_more


def compiled(people: list[dict], low: int, high: int):
    signups = SignupFile.model_validate(signup_file(people, group_size={"min": low, "max": high}))
    return signups, compile_problem(signups)


def placed_from(problem, start: list[list[str]], seed: int = 0, work: float = 1.0):
    index = {identifier: position for position, identifier in enumerate(problem.ids)}
    groups = [tuple(sorted(index[identifier] for identifier in members)) for members in start]
    budget = Budget(SearchControl(deadline=time.monotonic() + 60), time.monotonic() + 30, work=work)
    groups, _ = place_more(problem, list(range(problem.size)), groups, np.random.default_rng(seed), budget)
    return {frozenset(problem.ids[member] for member in members) for members in groups}


def test_one_ejection_places_someone_whom_a_full_group_holds_out():
    """u fits only the full group {c, d, e} and clashes with e, who fits {a, b}: u takes e's seat."""
    people = [participant(name) for name in ("a", "b", "c", "d", "e")]
    people.append(participant("u", avoid=["a", "b", "e"]))
    _, problem = compiled(people, 2, 3)
    groups = placed_from(problem, [["a", "b"], ["c", "d", "e"]])
    assert groups == {frozenset("abe"), frozenset("cdu")}


def test_a_new_group_around_someone_seats_again_the_members_it_displaces():
    """u fits only a1 and b1, each in a group of the minimum size: {u, a1, b1} forms, and the members
    their groups leave too small find seats in the two groups with room."""
    names = ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3", "d1", "d2", "d3"]
    people = [participant(name) for name in names]
    people.append(participant("u", avoid=[name for name in names if name not in ("a1", "b1")]))
    _, problem = compiled(people, 3, 5)
    start = [names[0:3], names[3:6], names[6:9], names[9:12]]
    groups = placed_from(problem, start)
    assert frozenset({"u", "a1", "b1"}) in groups
    assert sum(map(len, groups)) == 13


def test_a_new_group_takes_no_one_from_outside_the_part():
    """The part is u and the two trios; x1, x2 (compatible with u, outside the part: in a group kept
    elsewhere, say) are not the search's to move, so u stays unplaced."""
    names = ["a1", "a2", "a3", "b1", "b2", "b3"]
    people = [participant(name) for name in names]
    people += [participant("x1"), participant("x2")]
    people.append(participant("u", avoid=names))
    _, problem = compiled(people, 3, 3)
    index = {identifier: position for position, identifier in enumerate(problem.ids)}
    part = [index[name] for name in [*names, "u"]]
    groups = [tuple(index[name] for name in names[:3]), tuple(index[name] for name in names[3:])]
    budget = Budget(SearchControl(deadline=time.monotonic() + 60), time.monotonic() + 30, work=1.0)
    placed, _ = place_more(problem, part, groups, np.random.default_rng(0), budget)
    assert sorted(placed) == sorted(groups)


@pytest.mark.parametrize(("shape", "seed"), [("regional", 1), ("national", 2), ("one_metro", 3), ("regional", 4)])
def test_the_search_never_places_fewer_nor_breaks_a_rule(shape, seed):
    signups = SignupFile.model_validate(generate_signups(150, seed, shape=shape))
    problem = compile_problem(signups)
    people = list(range(problem.size))
    start = greedy_groups(problem, people)
    budget = Budget(SearchControl(deadline=time.monotonic() + 60), time.monotonic() + 30, work=0.5)
    groups, _ = place_more(problem, people, start, np.random.default_rng(seed), budget)
    assert sum(map(len, groups)) >= sum(map(len, start))
    solution = build_solution(problem, groups, "feasible", 0, 0, {"solve_seconds": 0.0})
    assert evaluate(signups, solution).valid
