"""Work units: each engine's own count of what it did, in one currency worth about a second of one core
of the reference machine (the 2-core x86_64 machine of docs/reproducibility.md, idle).

A budget in work units ends a search at the same point on any machine and under any load, which is
what makes a run repeatable; the wall clock only caps it. The rates are calibrated by
`benchmarks/work_rates.py`, which prints how many units each engine does per wall second here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkRates:
    # CP-SAT's deterministic time (its own count of work) per unit: one thread accrued 0.85 to 1.96 of it
    # per wall second on the set-packing models here; the slowest model sets the unit.
    cp_sat_deterministic_per_unit: float = 1.0
    # Building a CP-SAT model in Python, per unit: one membership is one member of one candidate group
    # (1.7 s for 783,000 of them, which CP-SAT's own count leaves out).
    model_memberships_per_unit: float = 450_000.0
    # Candidate groups enumerated and scored per unit (about 4 µs each, LNS neighbourhoods included).
    candidates_per_unit: float = 250_000.0
    # LNS repairs per unit for what a repair costs beside CP-SAT and its candidates (choosing the
    # neighbourhood, building the model).
    repairs_per_unit: float = 400.0
    # Local search: a person weighed against one group (a move) or one partner (a trade), per unit.
    local_weighings_per_unit: float = 2_000_000.0
    # Weighing one person costs as much as this many weighings more (a handful of numpy calls), so small
    # parts are not undercharged.
    local_weighings_per_person: float = 200.0
    # Placement search: a group's rules checked with one member traded (joint masks, composition; about
    # 14 µs each), per unit; its other steps are counted in checks too (search/placement.py).
    placement_checks_per_unit: float = 70_000.0
    # Tabu search: the compiled step loop's weighings (an item against a group, or a swap partner not
    # pruned) per unit; it did 3.4-5.4e8 a second on MDGPLIB n = 120 to 480.
    tabu_weighings_per_unit: float = 400_000_000.0


RATES = WorkRates()
# Units a second of time limit buys when no work limit is given: the work ends a run before the clock
# here, idle or with both cores busy elsewhere (docs/reproducibility.md).
WORK_PER_SECOND = 0.5
