"""A part as a task that can run anywhere: here, in turn with the others, or on a worker of a cluster.

A part's search depends only on its task (its slice of the problem, its greedy groups, its own seed and
its work) and, when the clock cuts it, on the seconds it was given; never on the other parts, the order
they run in, or the clock of the machine that sent it. So with a work limit and one worker the same
task gives the same groups wherever it runs. The seconds are a budget counted from the moment the task
starts, not a clock reading, since clocks differ between machines.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from groupformer import bitset
from groupformer.problem import Problem
from groupformer.search.control import SearchControl
from groupformer.search.fixed_groups import FixedGroups
from groupformer.search.part import PartOutcome, PartSearch, trivial_bound_micro
from groupformer.search.strategy import solve_part


@dataclass(frozen=True)
class PartTask:
    """What a part's search reads. `people[k]` is the whole problem's index of the slice's person k;
    `greedy` is in the slice's indices; `time_share` is the part's share of the time left when the parts
    run one after another (the later parts keep theirs)."""

    index: int
    people: np.ndarray
    problem: Problem
    greedy: tuple[tuple[int, ...], ...]
    greedy_micro: int
    seed: int
    work: float
    time_share: float
    workers: int
    engine: str


def part_task(
    problem: Problem, part: list[int], index: int, greedy: list[tuple[int, ...]], greedy_micro: int, **run
) -> PartTask:
    """The part's task; `run` holds its seed (the run's), work, time_share, workers and engine."""
    position = {person: local for local, person in enumerate(part)}
    local_greedy = tuple(tuple(position[member] for member in members) for members in greedy)
    people = np.asarray(part, dtype=np.int64)
    return PartTask(index, people, part_slice(problem, people), local_greedy, greedy_micro, **run)


def part_slice(problem: Problem, people: np.ndarray) -> Problem:
    """The problem restricted to `people` (increasing), renumbered 0, 1, ... in their order, so that every
    comparison of people by index goes as in the whole problem. Bitsets keep the bits of these people
    only, past rounds' pairs the pairs among them; open groups are left out (a part's search forms new
    groups only). The placement weight stays the whole sign-up's, so the parts' values add up."""
    if len(people) == problem.size and problem.signup_size == 0 and not problem.open_groups:
        return problem
    chosen = people.tolist()
    position = {person: local for local, person in enumerate(chosen)}

    def rows(bits: tuple[int, ...]) -> tuple[int, ...]:
        return bitset.sliced_rows([bits[person] for person in chosen], people)

    def each(values: tuple) -> tuple:
        return tuple(values[person] for person in chosen)

    return replace(
        problem,
        ids=each(problem.ids),
        window_mask=problem.window_mask[people],
        window_bits=each(problem.window_bits),
        modality_mask=problem.modality_mask[people],
        style_mask=problem.style_mask[people],
        frequency_mask=problem.frequency_mask[people],
        focus_bits=each(problem.focus_bits),
        states_focus=problem.states_focus[people],
        host_bits=rows(problem.host_bits),
        coordinates=problem.coordinates[people],
        max_travel_km=problem.max_travel_km[people],
        conflict_bits=rows(problem.conflict_bits),
        compatible_bits=rows(problem.compatible_bits),
        specialty_bits=each(problem.specialty_bits),
        prefer_bits=rows(problem.prefer_bits),
        prefer_count=problem.prefer_count[people],
        preferred_size_min=problem.preferred_size_min[people],
        preferred_size_max=problem.preferred_size_max[people],
        repeat_weights={
            (position[first], position[second]): weight
            for (first, second), weight in problem.repeat_weights.items()
            if first in position and second in position
        },
        open_groups=(),
        style_wanted=None if problem.style_wanted is None else problem.style_wanted[people],
        frequency_wanted=None if problem.frequency_wanted is None else problem.frequency_wanted[people],
        focus_wanted_bits=each(problem.focus_wanted_bits) if problem.focus_wanted_bits else (),
        composition=tuple(
            replace(
                check,
                holders=bitset.sliced_rows([check.holders], people)[0],
                values=None if check.values is None else check.values[people],
            )
            for check in problem.composition
        ),
        uncompared_bits=bitset.sliced_rows([problem.uncompared_bits], people)[0],
        signup_size=problem.placement_weight,
    )


def run_part(task: PartTask, seconds: float, control: SearchControl | None = None) -> PartOutcome:
    """The part searched within `seconds` from now, its groups in the whole problem's indices. Under the
    run's `control` when it runs here (progress, stop requests and work go to the run); on a worker under
    a control of its own, and `clock_stopped` tells the run whether the clock cut it."""
    deadline = time.monotonic() + seconds
    control = SearchControl(deadline) if control is None else control.linked(deadline)
    problem = task.problem
    fixed_groups = FixedGroups(problem.group_bounds) if problem.group_bounds is not None else None
    rng = np.random.default_rng(part_seed(task.seed, task.index))
    everyone = list(range(problem.size))
    search = PartSearch(problem, everyone, task.index, task.work, deadline, task.workers, rng, control, fixed_groups)
    work_before = control.work_done
    outcome = solve_part(search, task.engine, list(task.greedy), task.greedy_micro)
    outcome.work = control.work_done - work_before
    outcome.groups = [tuple(int(task.people[member]) for member in members) for members in outcome.groups]
    outcome.clock_stopped = control.clock_stopped
    return outcome


def part_seed(seed: int, index: int) -> np.random.SeedSequence:
    """Part `index`'s own seed stream: the run seed's `index`-th spawned child (numpy's SeedSequence), so
    no part's randomness depends on how many draws another part made, or on which ran first."""
    return np.random.SeedSequence(seed, spawn_key=(index,))


def too_few_people(part: list[int]) -> PartOutcome:
    """A part smaller than the smallest group: nobody in it can be placed, so nothing is better."""
    return PartOutcome(len(part), [], "optimal", 0, 0, "too few people")


def unsearched(problem: Problem, part: list[int], greedy: list[tuple[int, ...]], greedy_micro: int) -> PartOutcome:
    """A part whose search never came back (the run was stopped, or its time ran out first): its greedy
    groups, under the bound known before any search."""
    outcome = PartOutcome(
        len(part), greedy, "feasible", greedy_micro, trivial_bound_micro(problem, part), "greedy (not searched)"
    )
    outcome.greedy_micro = greedy_micro
    outcome.greedy_assigned = sum(len(members) for members in greedy)
    return outcome
