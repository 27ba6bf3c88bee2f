"""Compiling within the time limit: the pairwise stages stop when told to, what they compared stays as a
whole compile has it, the rest can meet nobody and is told why, and the stats say what compiling took."""

from __future__ import annotations

import time

import pytest

from groupformer import bitset
from groupformer.compile import compile_problem
from groupformer.contract import SignupFile
from groupformer.evaluate import evaluate
from groupformer.generate import generate_signups
from groupformer.solve import solve


@pytest.fixture(scope="module")
def signups() -> SignupFile:
    return SignupFile.model_validate(generate_signups(300, 3, shape="regional"))


class StopAfter:
    """An `out_of_time` that says no `calls` times, then yes."""

    def __init__(self, calls: float):
        self.calls = calls
        self.asked = 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked > self.calls


def test_compiling_stopped_midway_keeps_the_pairs_it_compared_and_leaves_the_rest_with_nobody(signups):
    whole = compile_problem(signups)
    part = compile_problem(signups, StopAfter(3))
    uncompared = bitset.indices(part.uncompared_bits)
    assert 0 < len(uncompared) < 300
    for person in range(300):
        expected = 0 if person in uncompared else whole.compatible_bits[person] & ~part.uncompared_bits
        assert part.compatible_bits[person] == expected
        assert part.compatible_bits[person] >> person & 1 == 0


def test_those_who_meet_remotely_only_are_compared_first(signups):
    problem = compile_problem(signups, StopAfter(2))
    remote_only = [index for index, person in enumerate(signups.participants) if not person.accepts_in_person()]
    assert remote_only
    assert bitset.indices(~problem.uncompared_bits & ((1 << 300) - 1)) == remote_only


def test_compiling_with_no_time_left_compares_nobody(signups):
    problem = compile_problem(signups, StopAfter(0))
    assert problem.uncompared_bits.bit_count() == 300
    assert not any(problem.compatible_bits)
    assert not problem.window_mask.any()


def test_a_solve_out_of_time_before_compiling_still_writes_a_valid_solution_and_says_why(signups):
    solution = solve(signups, time_limit_s=5, clock_started=time.monotonic() - 10)
    assert evaluate(signups, solution).valid
    assert solution.stats.assigned == 0
    assert solution.stats.uncompared == 300
    assert solution.stats.stopped_by == "time"
    assert all("ran out while compiling" in person.reasons[0] for person in solution.unassigned)


def test_stats_say_how_long_reading_and_compiling_took(signups):
    stats = solve(signups, work_limit=0.2).stats
    assert 0 <= stats.read_seconds <= stats.compile_seconds <= stats.solve_seconds
    assert stats.uncompared == 0
