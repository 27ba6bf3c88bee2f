"""The desk: a session of hand edits, each rebuilt and judged at once, with undo, redo and pins.

Its report must always be the independent judge's report on its solution, and each edit's delta the
difference of two full reports, although the desk judges only the groups an edit changed."""

from __future__ import annotations

import json
import random

import pytest
from conftest import MANHATTAN, MANHATTAN_SOLUTION, MONDAY_MIDDAY_CHICAGO, SEVEN, participant, remote_group

import groupformer


def completed(signups, groups: dict[str, list[str]]):
    grouping = groupformer.Grouping.model_validate(
        {"groups": [{"id": group_id, "members": members} for group_id, members in groups.items()]}
    )
    solution, report = groupformer.complete(signups, grouping)
    assert report.valid
    return solution


@pytest.fixture
def two_trios(seven):
    """A = p1-p3, B = p4-p6, late unplaced: valid, and every edit's outcome is known."""
    return completed(seven, {"A": ["p1", "p2", "p3"], "B": ["p4", "p5", "p6"]})


def members(desk) -> dict[str, list[str]]:
    return {group.id: group.members for group in desk.solution().groups}


def as_json(desk) -> str:
    return desk.solution().model_dump_json()


def test_moving_someone_into_a_group_they_cannot_meet_names_the_rule_and_keeps_the_meeting(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    change = desk.move("late", "A")
    [cannot_meet] = change.cannot_meet
    assert "no common time" in cannot_meet.message and "late" in cannot_meet.members
    assert [(v.rule, v.group, v.members) for v in change.delta.violations_added] == [("availability", "A", ["late"])]
    assert desk.group("A")[0].meeting == two_trios.groups[0].meeting
    assert not desk.report.valid and change.delta.assigned == 1


def test_a_swap_between_two_groups_everyone_can_meet_keeps_everything_valid(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    change = desk.swap("p1", "p4")
    assert members(desk) == {"A": ["p4", "p2", "p3"], "B": ["p1", "p5", "p6"]}
    assert desk.report.valid and change.delta.assigned == 0
    assert change.delta.violations_added == change.delta.violations_removed == []


def test_unassigning_from_a_trio_leaves_a_group_of_two_that_breaks_the_size_rule(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    change = desk.unassign("p1")
    assert [(v.rule, v.group) for v in change.delta.violations_added] == [("size", "A")]
    assert change.delta.assigned == -1
    [reason] = next(entry.reasons for entry in desk.solution().unassigned if entry.id == "p1")
    assert "taken out of A by hand" in reason


def test_a_new_group_of_three_compatible_people_is_formed_with_a_derived_meeting(seven):
    desk = groupformer.Desk(seven, completed(seven, {"A": ["p1", "p2", "p3"]}))
    change = desk.new_group(["p4", "p5", "p6"])
    [new] = change.changed
    group, violations = desk.group(new)
    assert (group.modality, group.meeting.utc_start, violations) == ("remote", MONDAY_MIDDAY_CHICAGO, [])
    assert desk.report.valid and change.delta.assigned == 3 and change.delta.measures["groups"] == 1


def test_a_new_group_takes_its_members_out_of_their_groups(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    desk.new_group(["p3", "p6", "late"])
    assert members(desk)["A"] == ["p1", "p2"] and members(desk)["B"] == ["p4", "p5"]


def test_dissolving_a_group_unplaces_its_members_saying_so(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    change = desk.dissolve("B")
    assert list(members(desk)) == ["A"] and change.removed == ["B"] and change.delta.assigned == -3
    reasons = {entry.id: entry.reasons[0] for entry in desk.solution().unassigned}
    assert reasons["p4"].startswith("B, p4's group, was dissolved by hand")


def test_undo_and_redo_restore_byte_identical_solutions(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    seen = [as_json(desk)]
    for edit in (
        lambda: desk.swap("p1", "p4"),
        lambda: desk.unassign("p2"),
        lambda: desk.new_group(["p2", "late", "p5"]),
        lambda: desk.dissolve("A"),
        lambda: desk.move("p3", "B"),
    ):
        edit()
        seen.append(as_json(desk))
    undone = [as_json(desk)]
    while desk.undo() is not None:
        undone.append(as_json(desk))
    redone = [as_json(desk)]
    while desk.redo() is not None:
        redone.append(as_json(desk))
    assert undone == seen[::-1] and redone == seen


def test_an_undo_reports_the_opposite_change(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    edit = desk.unassign("p1")
    undo = desk.undo()
    assert (undo.delta.violations_added, undo.delta.violations_removed) == (
        edit.delta.violations_removed,
        edit.delta.violations_added,
    )
    assert undo.delta.assigned == -edit.delta.assigned


def test_a_new_edit_after_an_undo_cannot_be_followed_by_a_redo(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    desk.unassign("p1")
    desk.undo()
    desk.swap("p2", "p5")
    assert desk.redo() is None


def test_an_edit_to_a_pinned_group_is_refused_naming_the_group(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    desk.pin("A")
    before = as_json(desk)
    with pytest.raises(groupformer.InputError, match="A is pinned"):
        desk.swap("p1", "p4")
    assert as_json(desk) == before


def test_undoing_an_edit_to_a_group_pinned_since_is_refused(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    desk.swap("p1", "p4")
    desk.pin("A")
    with pytest.raises(groupformer.InputError, match="A is pinned"):
        desk.undo()
    desk.unpin("A")
    assert desk.undo() is not None and members(desk)["A"] == ["p1", "p2", "p3"]


def test_a_pinned_member_cannot_be_moved_but_others_may_join_their_group(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    desk.pin_member("p1")
    with pytest.raises(groupformer.InputError, match="p1 is pinned to A"):
        desk.move("p1", "B")
    desk.move("late", "A")
    assert desk.undo() is not None


def test_a_re_solve_keeps_the_pinned_groups_as_they_were(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    desk.pin("A")
    again = desk.resolve(work_limit=1, seed=0)
    [kept] = [group for group in again.groups if group.id == "A"]
    assert (kept.members, kept.meeting) == (two_trios.groups[0].members, two_trios.groups[0].meeting)


def test_the_keep_of_members_pinned_to_a_group_holds_that_group_with_them_alone(two_trios):
    keep = groupformer.pinned_solution(two_trios, members={"p4": "B", "p5": "B"})
    assert [(group.id, group.members) for group in keep.groups] == [("B", ["p4", "p5"])]


def test_a_group_with_pinned_members_keeps_them_and_its_meeting_and_is_filled_up_again(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    desk.pin("A")
    desk.pin_member("p4")
    desk.pin_member("p5")
    again = desk.resolve(work_limit=1, seed=0)
    assert [(group.id, group.members) for group in again.groups] == [
        ("A", ["p1", "p2", "p3"]),
        ("B", ["p4", "p5", "p6"]),
    ]
    assert again.groups[1].meeting == two_trios.groups[1].meeting and groupformer.evaluate(seven, again).valid


def test_pinning_someone_to_a_group_they_are_not_in_is_bad_input(two_trios):
    with pytest.raises(groupformer.InputError, match="p1 is pinned to B, but is not one of its members"):
        groupformer.pinned_solution(two_trios, members={"p1": "B"})


def test_a_desk_refuses_a_solution_that_lists_someone_twice(seven, two_trios):
    twice = two_trios.model_copy(update={"unassigned": [*two_trios.unassigned, *two_trios.unassigned]})
    with pytest.raises(groupformer.InputError, match="late appears 2 times"):
        groupformer.Desk(seven, twice)


def test_an_edit_naming_an_unknown_person_changes_nothing(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    with pytest.raises(groupformer.InputError, match="unknown participant id 'nobody'"):
        desk.swap("p1", "nobody")
    assert desk.solution() == groupformer.Desk(seven, two_trios).solution()


def test_taking_a_member_out_of_an_open_group_is_judged_as_evaluate_judges_it(seven):
    document = {
        **SEVEN,
        "open_groups": [
            {
                "id": "Old",
                "members": ["p1", "p2", "p3"],
                "meeting": {"utc_start": MONDAY_MIDDAY_CHICAGO},
                "modality": "remote",
                "style": "informal",
                "frequency": "weekly",
                "focus": None,
                "open_seats": 1,
            }
        ],
    }
    signups = groupformer.load_signups(json.dumps(document))
    desk = groupformer.Desk(signups, completed(signups, {"Old": ["p1", "p2", "p3"]}))
    change = desk.move("p1", None)
    assert desk.report == groupformer.evaluate(signups, desk.solution())
    assert "open_group" in {violation.rule for violation in change.delta.violations_added}


GENERATED = 40


@pytest.fixture(scope="module")
def generated():
    signups = groupformer.load_signups(json.dumps(groupformer.generate_signups(GENERATED, 3)))
    return signups, groupformer.solve(signups, work_limit=0.2, seed=0)


def random_edit(desk, rng: random.Random, people: list[str]):
    groups = [group.id for group in desk.solution().groups] or ["none"]
    edits = [
        lambda: desk.move(rng.choice(people), rng.choice(groups)),
        lambda: desk.swap(rng.choice(people), rng.choice(people)),
        lambda: desk.unassign(rng.choice(people)),
        lambda: desk.new_group(rng.sample(people, rng.randint(1, 4))),
        lambda: desk.dissolve(rng.choice(groups)),
        desk.undo,
        desk.redo,
    ]
    return rng.choice(edits)()


@pytest.mark.parametrize("seed", range(4))
def test_after_random_edits_the_desk_report_and_each_delta_equal_the_full_judge(generated, seed):
    signups, solution = generated
    desk = groupformer.Desk(signups, solution)
    assert desk.report == groupformer.evaluate(signups, desk.solution())
    rng, people = random.Random(seed), [participant.id for participant in signups.participants]
    checked = 0
    for _ in range(40):
        before = desk.report
        try:
            change = random_edit(desk, rng, people)
        except (groupformer.InputError, groupformer.GroupCannotMeet):
            continue
        full = groupformer.evaluate(signups, desk.solution())
        assert desk.report == full
        if change is not None:
            assert change.delta == groupformer.report_delta(before, full)
            checked += 1
    assert checked > 20


def test_a_member_pinned_alone_keeps_their_group_filled_up_rather_than_dissolved(seven, two_trios):
    """Five free people could form one new group of four, leaving A (p1 alone) unfillable, dissolved and
    p1 unplaced; filling A first places all six."""
    desk = groupformer.Desk(seven, two_trios)
    desk.pin_member("p1")
    again = desk.resolve(work_limit=1, seed=0)
    groups = {group.id: group.members for group in again.groups}
    assert "p1" in groups["A"] and len(groups["A"]) == 3
    assert sorted(member for members in groups.values() for member in members) == [f"p{n}" for n in range(1, 7)]


def test_a_group_its_host_left_for_a_member_who_cannot_meet_there_is_hosted_by_a_member():
    """Anna's group keeps its Tuesday meeting (the remote Chicagoan c1 cannot come in person), but no
    longer at m1's office: at m2's, the nearest member's office (a solution naming a host who is not a
    member is not a solution)."""
    chicagoans = [participant(name) for name in ("c1", "c2", "c3")]
    signups = groupformer.load_signups(
        json.dumps({**MANHATTAN, "participants": MANHATTAN["participants"] + chicagoans})
    )
    solution = {**MANHATTAN_SOLUTION, "groups": [*MANHATTAN_SOLUTION["groups"], remote_group(["c1", "c2", "c3"])]}
    desk = groupformer.Desk(signups, groupformer.load_solution(json.dumps(solution)))
    desk.swap("m1", "c1")
    anna, broken = desk.group("Anna's group")
    assert anna.members == ["c1", "m2", "m3"] and anna.meeting.location.host == "m2"
    assert (anna.meeting.location.lat, anna.meeting.location.lon) == (40.7306, -73.9866)
    assert groupformer.load_solution(desk.solution().model_dump_json()).groups[0].meeting == anna.meeting
    assert {violation.rule for violation in broken} >= {"modality"}


def test_the_desk_describes_the_groups_an_edit_changed_as_describe_groups_does(seven, two_trios):
    desk = groupformer.Desk(seven, two_trios)
    change = desk.move("p1", "B")
    changed = sorted(change.changed)
    assert desk.describe_groups(changed) == groupformer.describe_groups(seven, desk.solution(), changed)
