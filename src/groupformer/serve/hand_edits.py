"""The coordinator's hand edits, each made by the library's edit functions (`groupformer.move`, `swap`,
`rebuild_group`) and judged by its evaluator; an edit that breaks a rule is kept and marked, a group
whose members cannot meet at all is refused (GroupCannotMeet) and changes nothing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

import groupformer

if TYPE_CHECKING:
    from groupformer import Edit, SignupFile, SubmittedSolution


class EditRequest(BaseModel):
    """move: `member` into group `to` (null: unplaced); swap: `member` and `other`; unassign: `member`;
    new_group: `member` alone in a new group; dissolve: every member of `group` unplaced."""

    kind: Literal["move", "swap", "unassign", "new_group", "dissolve"]
    member: str | None = None
    to: str | None = None
    other: str | None = None
    group: str | None = None


def apply_edit(signups: SignupFile, solution: SubmittedSolution, request: EditRequest) -> tuple[Edit, str]:
    """The edit and the words the history shows for it."""
    if request.kind == "move":
        return groupformer.move(signups, solution, _needed(request.member, "member"), request.to), (
            f"move {request.member} to {request.to or 'unplaced'}"
        )
    if request.kind == "swap":
        first, second = _needed(request.member, "member"), _needed(request.other, "other")
        return groupformer.swap(signups, solution, first, second), f"swap {first} and {second}"
    if request.kind == "unassign":
        return groupformer.move(signups, solution, _needed(request.member, "member"), None), (
            f"unplace {request.member}"
        )
    if request.kind == "new_group":
        return _new_group(signups, solution, _needed(request.member, "member"))
    return _dissolve(signups, solution, _needed(request.group, "group"))


def _needed(value: str | None, name: str) -> str:
    if value is None:
        raise groupformer.InputError([f"{name}: required for this edit"])
    return value


def _dissolve(signups: SignupFile, solution: SubmittedSolution, group_id: str) -> tuple[Edit, str]:
    members = next((group.members for group in solution.groups if group.id == group_id), None)
    if members is None:
        raise groupformer.InputError([f"unknown group {group_id!r}: not a group of the solution"])
    before = groupformer.evaluate(signups, solution)
    edited = solution
    for member in members:
        edited = groupformer.move(signups, edited, member, None).solution
    after = groupformer.evaluate(signups, edited)
    return groupformer.Edit(edited, after, groupformer.report_delta(before, after)), f"dissolve {group_id}"


def _new_group(signups: SignupFile, solution: SubmittedSolution, member: str) -> tuple[Edit, str]:
    """`member` out of their group and into a group of their own, which the next moves fill."""
    before = groupformer.evaluate(signups, solution)
    unplaced = groupformer.move(signups, solution, member, None).solution
    group_id = _free_group_id(unplaced)
    alone = groupformer.rebuild_group(signups, [member], group_id=group_id)
    document = unplaced.model_dump(mode="json")
    edited = groupformer.load_solution(
        json.dumps(
            {
                "format": document["format"],
                "groups": [*document["groups"], alone.model_dump(mode="json")],
                "unassigned": [entry for entry in document["unassigned"] if entry["id"] != member],
            }
        ),
        "edit",
    )
    after = groupformer.evaluate(signups, edited)
    return groupformer.Edit(edited, after, groupformer.report_delta(before, after)), (
        f"new group {group_id} for {member}"
    )


def _free_group_id(solution: SubmittedSolution) -> str:
    taken = {group.id for group in solution.groups}
    return next(f"G{number:03d}" for number in range(1, len(taken) + 2) if f"G{number:03d}" not in taken)
