"""A part as a task (search/part_tasks.py): its search depends on its own slice, seed and work alone, so
the parts can run in any order, anywhere, and the merged result is the same."""

from __future__ import annotations

import json
import pickle
import time

import numpy as np
import pytest

from groupformer.compile import compile_problem
from groupformer.generate import generate_signups
from groupformer.search.construct import greedy_groups
from groupformer.search.control import SearchControl
from groupformer.search.decompose import independent_parts
from groupformer.search.part import value_micro
from groupformer.search.part_tasks import part_slice, run_part
from groupformer.search.parts import solve_problem
from groupformer.validate import load_signups


def regions_signups(regions: int, people: int, seed: int = 1) -> dict:
    """`regions` metros of in-person members (those of `people` generated sign-ups who gave a place), far
    apart, so that no part spans two regions; their sign-ups interleaved, so that no part's people are
    consecutive."""
    members = []
    for region in range(regions):
        signups = generate_signups(people, seed + region, shape="one_metro")
        kept = [participant for participant in signups["participants"] if "location" in participant]
        ids = {participant["id"] for participant in kept}
        for order, participant in enumerate(kept):
            prefix = f"r{region}-"
            for relation in ("avoid", "prefer"):
                participant[relation] = [prefix + other for other in participant[relation] if other in ids]
            participant["id"] = prefix + participant["id"]
            participant["email"] = prefix + participant["email"]
            participant["modality"] = ["in_person"]
            participant["location"]["lat"] += 5 * region
            members.append((order, region, participant))
    return {**signups, "participants": [participant for _, _, participant in sorted(members, key=lambda m: m[:2])]}


@pytest.fixture(scope="module")
def problem():
    return compile_problem(load_signups(json.dumps(regions_signups(3, 20)).encode(), "regions"))


class Reversed:
    """Runs the parts last first, as a cluster might finish them."""

    def outcomes(self, tasks, control):
        for task in reversed(list(tasks)):
            yield task.index, run_part(task, control.remaining_s(), control)


def solved(problem, runner=None):
    control = SearchControl(time.monotonic() + 300, work_limit=0.5)
    return solve_problem(problem, 7, 1, "auto", control, runner=runner)


def test_the_regions_instance_has_several_searchable_parts_of_interleaved_people(problem):
    searchable = [part for part in independent_parts(problem) if len(part) >= problem.group_size_min]
    assert len(searchable) >= 3
    assert all(part != list(range(part[0], part[0] + len(part))) for part in searchable)


def test_parts_searched_in_any_order_give_the_same_groups_and_values(problem):
    in_order, reversed_order = solved(problem), solved(problem, Reversed())
    assert in_order.groups == reversed_order.groups
    assert (in_order.objective_micro, in_order.bound_micro) == (
        reversed_order.objective_micro,
        reversed_order.bound_micro,
    )
    assert [part.method for part in in_order.parts] == [part.method for part in reversed_order.parts]


def test_a_part_slice_values_its_groups_as_the_whole_problem_does(problem):
    part = independent_parts(problem)[1]
    groups = greedy_groups(problem, part)
    position = {person: local for local, person in enumerate(part)}
    local_groups = [tuple(position[member] for member in members) for members in groups]
    sliced = part_slice(problem, np.asarray(part))
    assert sliced.size == len(part) and sliced.placement_weight == problem.placement_weight
    assert value_micro(sliced, list(range(len(part))), local_groups) == value_micro(problem, part, groups)


def test_a_part_slice_holds_only_its_own_people(problem):
    part = independent_parts(problem)[0]
    sliced = part_slice(problem, np.asarray(part))
    assert sliced.ids == tuple(problem.ids[person] for person in part)
    assert all(bits < 1 << len(part) for bits in sliced.compatible_bits + sliced.host_bits + sliced.conflict_bits)
    assert len(pickle.dumps(sliced)) < len(pickle.dumps(problem)) / 2
