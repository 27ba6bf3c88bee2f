"""What the page draws: each group as `explain` describes it (members' local meeting times, place, host,
distances) with its scores and the judge's words for the rules it breaks, and each unplaced person with
their reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

import groupformer

if TYPE_CHECKING:
    from groupformer import EvaluationReport, SignupFile, SubmittedSolution


def board(signups: SignupFile, solution: SubmittedSolution, report: EvaluationReport) -> dict:
    violations = [violation.model_dump(mode="json") for violation in report.violations]
    group_ids = {group.id for group in solution.groups}
    return {
        "valid": report.valid,
        "objective": report.objective,
        "assigned": report.assigned,
        "participants": len(signups.participants),
        "groups": [
            _group_card(group, described, violations)
            for group, described in zip(solution.groups, groupformer.describe_groups(signups, solution), strict=True)
        ],
        "unplaced": [entry.model_dump(mode="json") for entry in solution.unassigned],
        "violations": [violation for violation in violations if violation["group"] not in group_ids],
    }


def _group_card(group, described: dict, violations: list[dict]) -> dict:
    return {
        "id": group.id,
        "modality": described["modality"],
        "style": described["style"],
        "frequency": described["frequency"],
        "focus": described["focus"],
        "local_start": described["local_start"],
        "place": described["place"],
        "host": described["host"],
        "scores": group.scores.model_dump(mode="json") if group.scores else None,
        "members": [
            {
                "id": member["id"],
                "local_meeting": member["local_meeting"],
                "distance_km": member["distance_km"],
                "travel": member["travel"],
            }
            for member in described["member_details"]
        ],
        "violations": [violation for violation in violations if violation["group"] == group.id],
    }
