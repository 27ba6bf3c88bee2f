"""A grouping from any source (a spreadsheet, another tool, by hand): who is in which group, and as much
of a solution as it cares to give.

Only each group's members are required; `complete` fills in whatever else is missing by the solver's
rules and the judge checks whatever was given. A full contract solution is a grouping too, so one loader
serves both. Given and missing are told apart by pydantic's `model_fields_set`, because an explicit
`"focus": null` (nobody stated a focus) or `"location": null` (remote) is an answer, not a gap.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from groupformer.contract import (
    SOLUTION_FORMAT,
    ContractModel,
    Frequency,
    GroupScores,
    MeetingLocation,
    Modality,
    SolveStats,
    Status,
    Style,
    UnassignedParticipant,
)

UTC_START_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"


class GivenMeeting(ContractModel):
    utc_start: Annotated[str, Field(pattern=UTC_START_PATTERN)] | None = None
    minutes: int | None = None
    location: MeetingLocation | None = None


class GivenGroup(ContractModel):
    """A group of a grouping: its members, and any of a solution group's other fields."""

    id: Annotated[str, Field(min_length=1, pattern=r"\S")] | None = None
    members: Annotated[list[str], Field(min_length=1)]
    modality: Modality | None = None
    style: Style | None = None
    frequency: Frequency | None = None
    focus: str | None = None
    meeting: GivenMeeting | None = None
    scores: GroupScores | None = None

    def gives_focus(self) -> bool:
        return "focus" in self.model_fields_set

    def gives_location(self) -> bool:
        return self.meeting is not None and "location" in self.meeting.model_fields_set


class Grouping(ContractModel):
    """Whoever is in no group and not listed in `unassigned` is unplaced."""

    format: Literal["groupformer/v1-solution"] = SOLUTION_FORMAT
    status: Status | None = None
    objective: float | None = None
    bound: float | None = None
    groups: list[GivenGroup]
    unassigned: list[UnassignedParticipant] = Field(default_factory=list)
    stats: SolveStats | None = None
