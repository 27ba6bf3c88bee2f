"""Properties every sign-up file must have, checked on files hypothesis draws (tests/strategies.py).

Each solving property solves files of at most 12 people with a small work limit, so one example takes a
fraction of a second; the "ci" profile bounds the examples, HYPOTHESIS_PROFILE=long runs many more. A
failure hypothesis shrinks becomes a named regression test with its instance written out by hand.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import near_valid_documents, reading_examples, signup_documents

import groupformer
from groupformer.validate import InputError

WORK_LIMIT = 0.05
CREATED = datetime(2026, 12, 1, tzinfo=timezone.utc)


def read(document: dict):
    return groupformer.load_signups(json.dumps(document))


def solved(document: dict, seed: int = 0):
    signups = read(document)
    return signups, groupformer.solve(signups, work_limit=WORK_LIMIT, seed=seed)


def memberships(solution) -> dict[str, list[str]]:
    return {group.id: list(group.members) for group in solution.groups}


# --- reading ------------------------------------------------------------------------------------------------


@settings(max_examples=reading_examples())
@given(near_valid_documents())
def test_reading_a_file_one_mutation_from_valid_gives_sign_ups_or_an_input_error(document):
    try:
        read(document)
    except InputError as error:
        assert error.problems and all(isinstance(problem, str) and problem for problem in error.problems)


@settings(max_examples=reading_examples())
@given(signup_documents(max_participants=4), st.data())
def test_reading_a_file_with_bytes_spliced_in_gives_sign_ups_or_an_input_error(document, data):
    text = json.dumps(document, ensure_ascii=False).encode()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 8)))
    try:
        groupformer.load_signups(text[:start] + data.draw(st.binary(max_size=8)) + text[end:])
    except InputError as error:
        assert error.problems


# --- solving ------------------------------------------------------------------------------------------------


@given(signup_documents())
def test_a_file_that_validates_solves_and_exports(document):
    signups, solution = solved(document)
    files = groupformer.export(signups, solution, calendars=True, roster=True, report=True, created=CREATED)
    assert files.roster and files.report


@given(signup_documents())
def test_every_solution_passes_the_judge_and_lists_every_participant_exactly_once(document):
    signups, solution = solved(document)
    report = groupformer.evaluate(signups, solution)
    listed = [member for group in solution.groups for member in group.members]
    listed += [entry.id for entry in solution.unassigned]
    assert report.valid, report.violations
    assert sorted(listed) == sorted(participant.id for participant in signups.participants)


@given(signup_documents())
def test_the_judges_objective_equals_the_solvers(document):
    signups, solution = solved(document)
    assert groupformer.evaluate(signups, solution).objective == pytest.approx(solution.objective, abs=1e-6)


@given(signup_documents())
def test_keeping_a_solution_with_nobody_removed_keeps_every_group_as_it_was(document):
    settings_used = document.get("settings", {})
    assume(not any(settings_used.get(key) for key in ("as_wishes", "groups", "group_count")))  # docs/keep.md
    signups, solution = solved(document)
    kept = groupformer.solve(signups, work_limit=WORK_LIMIT, seed=0, keep=solution)
    again = {group.id: group.model_dump(exclude={"scores"}) for group in kept.groups}
    for group in solution.groups:
        assert again.get(group.id) == group.model_dump(exclude={"scores"})


@given(signup_documents())
def test_a_roster_exported_and_read_back_gives_the_solutions_groups(document):
    signups, solution = solved(document)
    roster = groupformer.export(signups, solution, roster=True, created=CREATED).roster
    grouping = groupformer.load_roster(roster.encode(), signups)
    assert memberships(grouping) == memberships(solution)
    completed, report = groupformer.complete(signups, grouping)
    assert report.valid and memberships(completed) == memberships(solution)


@given(signup_documents(), st.integers(0, 2**31))
def test_solving_again_with_the_same_seed_and_work_limit_gives_the_same_solution(document, seed):
    signups, first = solved(document, seed)
    second = groupformer.solve(signups, work_limit=WORK_LIMIT, seed=seed)
    assert second.model_dump(exclude={"stats"}) == first.model_dump(exclude={"stats"})
