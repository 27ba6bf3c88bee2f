"""The desk's edit history: what an edit touched, as it was before and after, so undo and redo restore
it exactly, and who an edit moved (pins are checked against them).
"""

from __future__ import annotations

from dataclasses import dataclass

from groupformer.contract import EvaluationReport, Group, UnassignedParticipant, Violation
from groupformer.evaluate import GroupVerdict


@dataclass(frozen=True)
class EditState:
    """The part of the session an edit touches, as it was: the groups by id (None: absent) with their
    verdicts, the unassigned entries by person, the orders when an edit changes which ids exist."""

    groups: dict[str, tuple[Group, GroupVerdict] | None]
    unassigned: dict[str, UnassignedParticipant | None]
    group_order: tuple[str, ...] | None
    unassigned_order: tuple[str, ...] | None
    open_violations: list[Violation]
    report: EvaluationReport


@dataclass(frozen=True)
class EditStep:
    before: EditState
    after: EditState
    cannot_meet: list[Violation]


def moved_people(step: EditStep) -> set[str]:
    """Who an edit moved: in another group, or in or out of the unplaced, after it than before."""

    def places(state: EditState) -> dict[str, str | None]:
        found: dict[str, str | None] = dict.fromkeys(state.unassigned)
        for group_id, entry in state.groups.items():
            found |= {member: group_id for member in (entry[0].members if entry else ())}
        return found

    before, after = places(step.before), places(step.after)
    return {person for person in before.keys() | after.keys() if before.get(person) != after.get(person)}


def violations_in_order(state: EditState, current_order: dict[str, Group]) -> list[Violation]:
    """The open groups' and the captured groups' violations, in the report's order."""
    order = state.group_order if state.group_order is not None else current_order
    found = list(state.open_violations)
    for group_id in order:
        entry = state.groups.get(group_id)
        if entry is not None:
            found += entry[1].violations
    return found
