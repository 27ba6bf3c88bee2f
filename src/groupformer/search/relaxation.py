"""The linear relaxation of group packing: a strong upper bound, and the columns worth solving over.

Relaxing "choose each candidate group or not" to a fraction gives a linear programme whose optimum
bounds every packing. It is solved by column generation: GLOP solves it over a few thousand columns,
numpy prices all the others with the duals, the most profitable ones join, until none is profitable.

The bound does not trust the LP solver's tolerances. For any duals `price >= 0` and any packing x,
value(x) = Σ_{j in x} reduced_cost_j + Σ_{j in x} price(members of j) <= Σ_{j in x} reduced_cost_j + Σ price,
so Σ price + (most groups that fit) × max(0, largest reduced cost) is a valid bound, computed by us.
The same inequality says a packing better than the incumbent can only use columns whose reduced cost
exceeds incumbent − Σ price (minus the other groups' positive reduced costs): all other columns are
dropped before the exact solve, which then proves optimality over the full candidate set.
With fixed groups, rows "at most k groups with a size in [low, high]" join the LP; their duals count
in the prices the same way (each row's dual times its k, and per column the duals of its rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from groupformer.search.columns import Columns


@dataclass(frozen=True)
class RelaxationSettings:
    # columns in the first master problem: the incumbent's and the most valuable others
    initial_columns: int = 2000
    # columns of positive reduced cost added per round of column generation
    columns_per_round: int = 2000
    # rounds at most: the bound holds at any round, it only gets tighter
    max_rounds: int = 60
    # micro-points of slack against the LP solver's rounding, kept in the bound and the filtering
    absolute_slack_micro: float = 2.0


SETTINGS = RelaxationSettings()


@dataclass(frozen=True)
class Relaxation:
    bound_micro: float
    reduced_cost: np.ndarray
    price_total: float
    max_groups: int
    rounds: int

    def useful_columns(self, incumbent_micro: int) -> np.ndarray:
        """Indices of the columns that can appear in a packing strictly better than the incumbent."""
        positive = max(0.0, float(self.reduced_cost.max(initial=0.0)))
        threshold = (
            incumbent_micro - self.price_total - (self.max_groups - 1) * positive - SETTINGS.absolute_slack_micro
        )
        return np.flatnonzero(self.reduced_cost > threshold)


def _member_matrix(columns: Columns, part: list[int]) -> np.ndarray:
    """Local member indices per column, padded with len(part) (a person whose price is always 0)."""
    local = {person: index for index, person in enumerate(part)}
    width = max(len(members) for members in columns.groups)
    matrix = np.full((len(columns), width), len(part), dtype=np.int64)
    for row, members in enumerate(columns.groups):
        matrix[row, : len(members)] = [local[person] for person in members]
    return matrix


class MasterProblem:
    """The restricted LP over the columns added so far (values in points to keep GLOP well scaled)."""

    def __init__(self, people: int, size_limits: list[tuple[int, int, int]]):
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.rows = [self.solver.Constraint(-self.solver.infinity(), 1.0) for _ in range(people)]
        self.size_rows = [self.solver.Constraint(-self.solver.infinity(), count) for _, _, count in size_limits]
        self.size_limits = size_limits
        self.objective = self.solver.Objective()
        self.objective.SetMaximization()

    def add(self, member_rows: np.ndarray, value_points: float) -> None:
        variable = self.solver.NumVar(0.0, self.solver.infinity(), "")
        for row in member_rows:
            self.rows[row].SetCoefficient(variable, 1.0)
        for (low, high, _), row in zip(self.size_limits, self.size_rows):
            if low <= len(member_rows) <= high:
                row.SetCoefficient(variable, 1.0)
        self.objective.SetCoefficient(variable, value_points)

    def prices_micro(self) -> tuple[np.ndarray, np.ndarray]:
        """Dual prices of the people and of the size rows."""
        self.solver.Solve()
        people = np.array([row.dual_value() for row in self.rows])
        sizes = np.array([row.dual_value() for row in self.size_rows])
        return np.maximum(0.0, people) * 1e6, np.maximum(0.0, sizes) * 1e6


def _size_row_matrix(sizes: np.ndarray, size_limits: list[tuple[int, int, int]]) -> np.ndarray:
    """Which size rows each column appears in (columns by rows, 0 or 1)."""
    matrix = np.zeros((len(sizes), len(size_limits)))
    for row, (low, high, _) in enumerate(size_limits):
        matrix[:, row] = (sizes >= low) & (sizes <= high)
    return matrix


def solve_relaxation(
    columns: Columns,
    part: list[int],
    incumbent: list[int],
    max_groups: int,
    size_limits: list[tuple[int, int, int]] = (),
) -> Relaxation:
    """`size_limits` lists (low, high, k): at most k groups may have a size in [low, high]."""
    size_limits = list(size_limits)
    members = _member_matrix(columns, part)
    in_size_rows = _size_row_matrix(np.array([len(group) for group in columns.groups]), size_limits)
    size_counts = np.array([count for _, _, count in size_limits], dtype=np.float64)
    values = columns.value_micro.astype(np.float64)
    master = MasterProblem(len(part), size_limits)
    in_master = np.zeros(len(columns), dtype=bool)
    first = np.union1d(
        np.asarray(incumbent, dtype=np.int64), np.argsort(-values, kind="stable")[: SETTINGS.initial_columns]
    )
    rounds = 0
    adding = first
    while True:
        for column in adding:
            master.add(members[column][members[column] < len(part)], values[column] / 1e6)
        in_master[adding] = True
        rounds += 1
        person_prices, size_prices = master.prices_micro()
        prices = np.append(person_prices, 0.0)
        reduced_cost = values - prices[members].sum(axis=1) - in_size_rows @ size_prices
        candidates = np.flatnonzero((reduced_cost > SETTINGS.absolute_slack_micro) & ~in_master)
        if len(candidates) == 0 or rounds >= SETTINGS.max_rounds:
            break
        adding = candidates[np.argsort(-reduced_cost[candidates], kind="stable")[: SETTINGS.columns_per_round]]
    price_total = float(prices.sum() + size_prices @ size_counts)
    positive = max(0.0, float(reduced_cost.max(initial=0.0)))
    return Relaxation(
        bound_micro=price_total + max_groups * positive + SETTINGS.absolute_slack_micro,
        reduced_cost=reduced_cost,
        price_total=price_total,
        max_groups=max_groups,
        rounds=rounds,
    )
