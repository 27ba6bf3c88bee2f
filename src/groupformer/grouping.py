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
    Items,
    MeetingLocation,
    Modality,
    SolveStats,
    Status,
    Style,
    Text,
    UnassignedParticipant,
)
from groupformer.contract.limits import MAX_GROUP_ENTRIES, MAX_PARTICIPANTS

UTC_START_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"


class GivenMeeting(ContractModel):
    """Any part of a meeting; what is left out is derived."""

    utc_start: Annotated[str, Field(pattern=UTC_START_PATTERN)] | None = Field(
        None, description="Start in the reference week, YYYY-MM-DDTHH:MM:SSZ; derived when left out."
    )
    minutes: int | None = Field(None, description="Length; settings.meeting_minutes when left out.")
    location: MeetingLocation | None = Field(
        None, description="Where an in-person group meets; null means remote; derived when left out."
    )


class GivenGroup(ContractModel):
    """A group of a grouping: its members, and any of a solution group's other fields."""

    id: Annotated[Text, Field(min_length=1, pattern=r"\S")] | None = Field(
        None, description="Numbered G001, G002, ... when left out, skipping the ids other groups carry."
    )
    members: Annotated[list[Text], Field(min_length=1), Items] = Field(
        description="Participant ids, each in one group."
    )
    modality: Modality | None = Field(None, description="in_person or remote; derived when left out.")
    style: Style | None = Field(None, description="formal or informal; derived when left out.")
    frequency: Frequency | None = Field(None, description="weekly, biweekly or monthly; derived when left out.")
    focus: Text | None = Field(
        None, description="The group's focus; null means none; derived when left out (not when given as null)."
    )
    meeting: GivenMeeting | None = Field(None, description="Any part of the meeting; the rest is derived.")
    scores: GroupScores | None = Field(None, description="Ignored: scores follow from the members.")

    def gives_focus(self) -> bool:
        return "focus" in self.model_fields_set

    def gives_location(self) -> bool:
        return self.meeting is not None and "location" in self.meeting.model_fields_set


class Grouping(ContractModel):
    """Who is in which group (docs/evaluate.md); whoever is in no group and not listed in `unassigned` is
    unplaced."""

    format: Literal["groupformer/v1-solution"] = Field(SOLUTION_FORMAT, description="Optional.")
    status: Status | None = Field(None, description="Ignored.")
    objective: float | None = Field(None, description="Ignored: the judge computes it.")
    bound: float | None = Field(None, description="Ignored.")
    groups: Annotated[list[GivenGroup], Field(max_length=MAX_GROUP_ENTRIES)] = Field(
        description="The groups, each with its members at least."
    )
    unassigned: Annotated[list[UnassignedParticipant], Field(max_length=MAX_PARTICIPANTS)] = Field(
        default_factory=list, description="People left out on purpose, each with the reasons to keep."
    )
    stats: SolveStats | None = Field(None, description="Ignored.")
