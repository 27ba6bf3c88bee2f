"""Policy: style, frequency and focus as weighted wishes instead of rules, and composition rules every
group must follow (a tag at least so often, never exactly once, a balanced mean experience)."""

from __future__ import annotations

import pytest
from conftest import participant, signup_file

from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.solve import solve


def solved(document, **options):
    signups = SignupFile.model_validate(document)
    solution = solve(signups, time_limit_s=5, **options)
    report = evaluate(signups, solution)
    assert report.valid, report.violations
    assert solution.objective == pytest.approx(report.objective, abs=1e-6)
    return solution


MIXED_STYLES = [
    participant("a", style=["formal"]),
    participant("b", style=["informal"]),
    participant("c", style=["formal"]),
]


def test_as_a_rule_different_styles_never_meet():
    assert solved(signup_file(MIXED_STYLES)).stats.assigned == 0


def test_as_a_wish_different_styles_meet_and_the_group_takes_the_style_most_want():
    solution = solved(signup_file(MIXED_STYLES, as_wishes=["style"]))
    assert solution.stats.assigned == 3
    assert solution.groups[0].style == "formal"


def test_a_style_wish_is_met_for_everyone_when_the_groups_can_be_split_by_style():
    people = [participant(f"f{number}", style=["formal"]) for number in range(3)]
    people += [participant(f"i{number}", style=["informal"]) for number in range(3)]
    solution = solved(signup_file(people, as_wishes=["style"], group_size={"min": 3, "max": 3}))
    assert {frozenset(group.members) for group in solution.groups} == {
        frozenset({"f0", "f1", "f2"}),
        frozenset({"i0", "i1", "i2"}),
    }


def test_as_a_wish_a_focus_most_members_listed_is_chosen():
    people = [
        participant("a", focus=["trauma"]),
        participant("b", focus=["trauma", "grief"]),
        participant("c", focus=["grief"]),
        participant("d"),
    ]
    solution = solved(signup_file(people, as_wishes=["focus"], group_size={"min": 4, "max": 4}))
    assert solution.stats.assigned == 4
    assert solution.groups[0].focus == "grief"


def test_at_least_one_tagged_member_in_every_group():
    people = [participant(f"t{number}") for number in range(6)]
    people[0]["tags"] = people[1]["tags"] = ["experienced"]
    rule = {"tag": "experienced", "at_least": 1}
    solution = solved(signup_file(people, group_size={"min": 3, "max": 3}, composition=[rule]))
    assert solution.stats.assigned == 6
    for group in solution.groups:
        assert len({"t0", "t1"} & set(group.members)) == 1


def test_never_exactly_one_tagged_member_leaves_a_lone_one_out():
    people = [participant(f"t{number}", tags=["faith-based"] if number == 0 else []) for number in range(4)]
    rule = {"tag": "faith-based", "not_exactly": 1}
    solution = solved(signup_file(people, group_size={"min": 3, "max": 4}, composition=[rule]))
    assert solution.stats.assigned == 3
    assert [entry.id for entry in solution.unassigned] == ["t0"]
    assert solution.unassigned[0].reasons[0].endswith("or no such group follows settings.composition")


def test_balanced_experience_mixes_juniors_and_seniors():
    years = [1, 1, 1, 20, 20, 20]
    people = [participant(f"t{number}", experience_years=value) for number, value in enumerate(years)]
    rule = {"number": "experience_years", "within": 5}
    solution = solved(signup_file(people, group_size={"min": 3, "max": 3}, composition=[rule]))
    assert solution.stats.assigned == 6
    for group in solution.groups:
        assert {"t0", "t1", "t2"} & set(group.members) and {"t3", "t4", "t5"} & set(group.members)


def test_the_judge_rejects_a_group_breaking_a_composition_rule():
    people = [participant(f"t{number}") for number in range(3)]
    signups = SignupFile.model_validate(signup_file(people))
    solution = solve(signups, time_limit_s=2)
    ruled = SignupFile.model_validate(signup_file(people, composition=[{"tag": "experienced", "at_least": 1}]))
    report = evaluate(ruled, solution)
    assert [violation.rule for violation in report.violations] == ["composition"]
    assert "has 0 members tagged 'experienced', fewer than 1" in report.violations[0].message


@pytest.mark.parametrize("shape", ["one_metro", "regional"])
def test_generated_sign_ups_under_a_policy_give_valid_solutions_scored_alike(shape):
    document = generate_signups(120, seed=3, shape=shape)
    document["settings"]["as_wishes"] = ["style", "frequency", "focus"]
    document["settings"]["composition"] = [{"number": "experience_years", "within": 8}]
    solved(document)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"tag": "x", "number": "experience_years", "within": 1}, "give either tag or number"),
        ({"tag": "x"}, "a tag rule takes either at_least or not_exactly"),
        ({"number": "experience_years", "at_least": 1}, "a number rule takes within"),
    ],
)
def test_a_malformed_composition_rule_is_an_input_error(rule, message):
    with pytest.raises(ValueError, match=message):
        SignupFile.model_validate(signup_file([participant("a")], composition=[rule]))
