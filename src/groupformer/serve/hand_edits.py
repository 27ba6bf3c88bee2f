"""The coordinator's hand edits, made on a `groupformer.Desk` (the library's editing session: each edit
rebuilds the groups it changes and judges them in milliseconds). An edit that breaks a rule, even one
whose group can no longer meet, is kept and marked: the board shows the judge's words, undo takes it back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

import groupformer
from groupformer.contract.limits import MAX_LIST_ITEMS

if TYPE_CHECKING:
    from groupformer import Desk, DeskChange


class EditRequest(BaseModel):
    """move: `member` into group `to` (null: unplaced); swap: `member` and `other`; unassign: `member`;
    new_group: `members` (taken out of their groups) in a new group; dissolve: every member of `group`
    unplaced. `members` is bounded as a sign-up's lists are, so that a list of millions of wrong items is
    one problem, not one per item."""

    kind: Literal["move", "swap", "unassign", "new_group", "dissolve"]
    member: str | None = None
    to: str | None = None
    other: str | None = None
    members: list[str] | None = Field(None, max_length=MAX_LIST_ITEMS)
    group: str | None = None


def apply_edit(desk: Desk, request: EditRequest) -> tuple[DeskChange, str]:
    """The change and the words the history shows for it."""
    if request.kind == "move":
        member = _needed(request.member, "member")
        return desk.move(member, request.to), f"move {member} to {request.to or 'unplaced'}"
    if request.kind == "swap":
        first, second = _needed(request.member, "member"), _needed(request.other, "other")
        return desk.swap(first, second), f"swap {first} and {second}"
    if request.kind == "unassign":
        member = _needed(request.member, "member")
        return desk.unassign(member), f"unplace {member}"
    if request.kind == "new_group":
        members = _needed(request.members, "members")
        return desk.new_group(members), f"new group of {', '.join(members)}"
    group = _needed(request.group, "group")
    return desk.dissolve(group), f"dissolve {group}"


def _needed(value, name: str):
    if value is None:
        raise groupformer.InputError([f"{name}: required for this edit"])
    return value
