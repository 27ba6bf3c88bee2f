"""The independent judge: checks any solution against the raw sign-ups and recomputes its objective.

It deliberately shares no code with the solver (only the contract models and the plain conversions of
groupformer.timegeo), so that a bug in the solver's compiled model cannot hide itself by also being in
the check; tests/test_judge_independence.py holds it to that. The hard rules are in docs/contract.md,
the objective in docs/objective.md.
"""

from __future__ import annotations

from groupformer.contract import EvaluationReport, SignupFile, SubmittedSolution
from groupformer.evaluate.coverage import coverage_violations
from groupformer.evaluate.history import PastMeetings, repeat_violations
from groupformer.evaluate.objective import dissimilarity, group_quality, prefers_met, size_fits
from groupformer.evaluate.open_groups import open_group_violations
from groupformer.evaluate.rules import DISTANCE_TOLERANCE_KM, group_violations
from groupformer.evaluate.timetable import Timetable

__all__ = [
    "DISTANCE_TOLERANCE_KM",
    "Timetable",
    "evaluate",
    "group_violations",
    "prefers_met",
    "size_fits",
]


def evaluate(signups: SignupFile, solution: SubmittedSolution) -> EvaluationReport:
    """Judges validity and recomputes every measure, even for invalid solutions, over the known members."""
    by_id = {participant.id: participant for participant in signups.participants}
    timetable = Timetable(signups)
    past = PastMeetings(signups)
    violations = coverage_violations(signups, solution) + open_group_violations(signups, solution)
    placed: set[str] = set()
    prefer_pairs: set[tuple[str, str]] = set()
    size_wishes_met: set[str] = set()
    diversity = quality = 0.0
    specialty_counts = []
    for group in solution.groups:
        members = [by_id[member_id] for member_id in dict.fromkeys(group.members) if member_id in by_id]
        violations += group_violations(group, members, signups, timetable) + repeat_violations(group, members, past)
        member_ids = {member.id for member in members}
        placed |= member_ids
        prefer_pairs |= {(member.id, other) for member in members for other in prefers_met(member, member_ids)}
        size_wishes_met |= {member.id for member in members if size_fits(member, len(members))}
        diversity += sum(
            dissimilarity(first, second) for index, first in enumerate(members) for second in members[index + 1 :]
        )
        specialty_counts.append(len({term for member in members for term in member.specialties}))
        if members:
            common_starts = timetable.common_start_count(members)
            quality += group_quality(group, members, common_starts, signups.settings, past)
    participants = len(signups.participants)
    return EvaluationReport(
        valid=not violations,
        violations=violations,
        objective=participants * len(placed) + quality,
        assigned=len(placed),
        diversity=diversity,
        coverage=sum(specialty_counts) / len(specialty_counts) if specialty_counts else 0.0,
        prefer_met=len(prefer_pairs),
        size_pref_met=len(size_wishes_met),
        participants=participants,
        groups=len(solution.groups),
        quality=quality,
        placement_weight=float(participants),
    )
