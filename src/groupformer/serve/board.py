"""What the page draws: each group as `explain` describes it (members' local meeting times, place, host,
distances) with its scores and the judge's words for the rules it breaks, and each unplaced person with
their reasons."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

import groupformer

if TYPE_CHECKING:
    from groupformer import EvaluationReport, Group, SignupFile, SubmittedSolution


def board(signups: SignupFile, solution: SubmittedSolution, report: EvaluationReport) -> dict:
    return {**_totals(signups, solution, report), "groups": _cards(signups, solution, report)}


def board_change(
    signups: SignupFile,
    solution: SubmittedSolution,
    report: EvaluationReport,
    changed: Collection[str],
    describe: Callable[[list[str]], list[dict]],
) -> dict:
    """After an edit, only the cards of the groups it `changed` (describing every group would take
    hundreds of milliseconds at a thousand sign-ups), described by `describe` (the open desk's
    `describe_groups`), with the order of all groups, so the page drops the cards of groups that are
    gone and places the new ones."""
    groups = [group for group in solution.groups if group.id in changed]
    described = describe([group.id for group in groups])
    return {
        **_totals(signups, solution, report),
        "order": [group.id for group in solution.groups],
        "changed": [_group_card(group, card, report) for group, card in zip(groups, described, strict=True)],
    }


def _totals(signups: SignupFile, solution: SubmittedSolution, report: EvaluationReport) -> dict:
    group_ids = {group.id for group in solution.groups}
    return {
        "valid": report.valid,
        "objective": report.objective,
        "assigned": report.assigned,
        "participants": len(signups.participants),
        "unplaced": [entry.model_dump(mode="json") for entry in solution.unassigned],
        "violations": [
            violation.model_dump(mode="json") for violation in report.violations if violation.group not in group_ids
        ],
    }


def _cards(signups: SignupFile, solution: SubmittedSolution, report: EvaluationReport) -> list[dict]:
    described = groupformer.describe_groups(signups, solution)
    return [_group_card(group, card, report) for group, card in zip(solution.groups, described, strict=True)]


def _group_card(group: Group, described: dict, report: EvaluationReport) -> dict:
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
        "violations": [
            violation.model_dump(mode="json") for violation in report.violations if violation.group == group.id
        ],
    }
