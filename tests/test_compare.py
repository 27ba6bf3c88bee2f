"""Comparing two solutions of the same sign-ups (`groupformer.compare_solutions`): each judged by the
judge, groups matched by their members whatever their ids, and exactly the people whose group changed
listed as moved."""

from __future__ import annotations

import json

from conftest import SEVEN, remote_group

import groupformer


def solution(**groups: list[str]):
    """The groups given by id, all meeting Monday at noon in Chicago; everyone else of SEVEN unplaced."""
    placed = {member for members in groups.values() for member in members}
    document = {
        "groups": [remote_group(members, id=group_id) for group_id, members in groups.items()],
        "unassigned": [
            {"id": person["id"], "reasons": ["left out by hand"]}
            for person in SEVEN["participants"]
            if person["id"] not in placed
        ],
    }
    return groupformer.load_solution(json.dumps(document))


TWO_TRIOS = solution(A=["p1", "p2", "p3"], B=["p4", "p5", "p6"])


def moves(comparison) -> list[tuple[str, str | None, str | None]]:
    return [(moved.participant, moved.before, moved.after) for moved in comparison.moved]


def test_renamed_groups_with_the_same_members_move_nobody(seven):
    renamed = solution(G001=["p4", "p5", "p6"], G002=["p3", "p2", "p1"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, renamed)
    assert comparison.moved == []
    assert comparison.continues == {"G001": "B", "G002": "A"}


def test_a_swap_moves_exactly_the_two_people_swapped(seven):
    swapped = solution(G001=["p1", "p2", "p4"], G002=["p3", "p5", "p6"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, swapped)
    assert moves(comparison) == [("p3", "A", "G002"), ("p4", "B", "G001")]


def test_people_placed_in_one_solution_only_are_listed_with_none_for_not_placed(seven):
    fewer = solution(A=["p1", "p2", "p3", "p4"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, fewer)
    assert moves(comparison) == [("p4", "B", "A"), ("p5", "B", None), ("p6", "B", None)]


def test_a_group_split_in_two_is_continued_by_one_part_and_the_other_is_new(seven):
    together = solution(A=["p1", "p2", "p3", "p4", "p5", "p6"])
    split = solution(X=["p1", "p2", "p3"], Y=["p4", "p5", "p6"])
    comparison = groupformer.compare_solutions(seven, together, split)
    assert comparison.continues == {"X": "A", "Y": None}
    assert moves(comparison) == [("p4", "A", "Y"), ("p5", "A", "Y"), ("p6", "A", "Y")]


def test_the_figures_are_the_judges_for_each_solution_side_by_side(seven):
    too_small = solution(A=["p1", "p2", "p3"], B=["p4", "p5"])
    comparison = groupformer.compare_solutions(seven, TWO_TRIOS, too_small)
    figures = comparison.figures()
    judged = groupformer.evaluate(seven, TWO_TRIOS), groupformer.evaluate(seven, too_small)
    assert figures["valid"] == (True, False)
    assert figures["violations"] == (0, 1)
    assert figures["assigned"] == (6, 5)
    assert figures["objective"] == (judged[0].objective, judged[1].objective)
    assert figures["groups"] == (2, 2)
    assert [violation.rule for violation in comparison.delta.violations_added] == ["size"]
