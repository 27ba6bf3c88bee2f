"""What the page draws: each group as `explain` describes it (members' local meeting times, place, host,
distances) with its scores and the rules it breaks, and each unplaced person with their reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

import groupformer

if TYPE_CHECKING:
    from groupformer import SignupFile, SubmittedSolution


def board(signups: SignupFile, solution: SubmittedSolution) -> dict:
    report = groupformer.evaluate(signups, solution)
    violations = [violation.model_dump(mode="json") for violation in report.violations]
    group_ids = {group.id for group in solution.groups}
    return {
        "valid": report.valid,
        "objective": report.objective,
        "assigned": report.assigned,
        "participants": len(signups.participants),
        "groups": [_group_card(signups, solution, group, violations) for group in solution.groups],
        "unplaced": [entry.model_dump(mode="json") for entry in solution.unassigned],
        "violations": [violation for violation in violations if violation["group"] not in group_ids],
    }


def _group_card(signups: SignupFile, solution: SubmittedSolution, group, violations: list[dict]) -> dict:
    described = groupformer.explain(signups, solution, group.id)["group"]
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
