"""The independent judge: checks any solution against the raw sign-ups and recomputes its objective.

It deliberately shares no code with the solver (only the contract models and the plain conversions of
groupformer.timegeo), so that a bug in the solver's compiled model cannot hide itself by also being in
the check; tests/test_judge_independence.py holds it to that. The hard rules are in docs/contract.md,
the objective in docs/objective.md.
"""

from __future__ import annotations

from groupformer.contract import EvaluationReport, SignupFile, SubmittedSolution
from groupformer.evaluate.coverage import coverage_violations
from groupformer.evaluate.objective import prefers_met, size_fits
from groupformer.evaluate.open_groups import open_group_violations
from groupformer.evaluate.rules import DISTANCE_TOLERANCE_KM, group_violations
from groupformer.evaluate.timetable import Timetable
from groupformer.evaluate.verdict import GroupVerdict, Judge

__all__ = [
    "DISTANCE_TOLERANCE_KM",
    "GroupVerdict",
    "Judge",
    "Timetable",
    "evaluate",
    "group_violations",
    "prefers_met",
    "size_fits",
]


def evaluate(signups: SignupFile, solution: SubmittedSolution) -> EvaluationReport:
    """Judges validity and recomputes every measure, even for invalid solutions, over the known members."""
    judge = Judge(signups)
    violations = coverage_violations(signups, solution) + open_group_violations(signups, solution)
    return judge.report(violations, [judge.group(group) for group in solution.groups])
