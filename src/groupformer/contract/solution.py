"""The solution, as `solve` writes it and as any other source may submit it.

`SubmittedSolution` requires only the grouping itself, so that the judge can check a grouping made in a
spreadsheet or another tool.
"""

from __future__ import annotations

from typing import Annotated, Literal

from annotated_types import MaxLen
from pydantic import BaseModel, ConfigDict, Field

from groupformer.contract.limits import MAX_GROUP_ENTRIES, MAX_PARTICIPANTS
from groupformer.contract.vocabulary import (
    SOLUTION_FORMAT,
    ContractModel,
    FiniteFloat,
    Frequency,
    Items,
    Modality,
    Status,
    Style,
    Text,
)


class MeetingLocation(ContractModel):
    """Where an in-person group meets: a member's office."""

    lat: Annotated[FiniteFloat, Field(ge=-90, le=90)] = Field(description="Latitude in degrees, -90 to 90.")
    lon: Annotated[FiniteFloat, Field(ge=-180, le=180)] = Field(description="Longitude in degrees, -180 to 180.")
    host: Text | None = Field(None, description="Id of the member whose office it is; a member of the group.")


class Meeting(ContractModel):
    """The group's weekly meeting, as one instant of the reference week."""

    utc_start: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")] = Field(
        description="Start as YYYY-MM-DDTHH:MM:SSZ in the reference week; each member's local weekday and "
        "time follow from their time zone's offset at that instant."
    )
    minutes: int = Field(description="Length, always settings.meeting_minutes.")
    location: MeetingLocation | None = Field(
        None, description="Present exactly when the group meets in person; null for remote groups."
    )


class GroupScores(ContractModel):
    """Points this group adds on top of its placement points: fit terms and diversity term."""

    fit: float = Field(description="Quality points from wishes, sizes, focus, spare starts (and novelty).")
    diversity: float = Field(description="Quality points from how different the members' specialties are.")


class Group(ContractModel):
    """A group, how it works and its meeting; in a valid solution every hard rule holds for every member."""

    id: Text = Field(description="G001, G002, ..., or the id of the fixed or open group it is.")
    members: Annotated[list[Text], Items] = Field(description="Participant ids.")
    modality: Modality = Field(description="in_person or remote; every member accepts it.")
    style: Style = Field(description="formal or informal; every member accepts it unless style is a wish.")
    frequency: Frequency = Field(
        description="weekly, biweekly or monthly; every member accepts it unless frequency is a wish."
    )
    focus: Text | None = Field(
        description="A focus every member who stated one accepts (normalised; the most accepted one when focus "
        "is a wish), or null when nobody stated one."
    )
    meeting: Meeting = Field(description="When and, in person, where the group meets.")
    scores: GroupScores | None = Field(None, description="The group's quality, split in two.")


class UnassignedParticipant(ContractModel):
    """Someone not placed, and why."""

    id: Text = Field(description="Participant id.")
    reasons: list[str] = Field(description="At least one reason a coordinator can act on.")


class SolveStats(BaseModel):
    """Solver statistics; open to extra keys so engines can report their own figures (docs/contract.md)."""

    model_config = ConfigDict(extra="allow")

    participants: int = Field(description="Participants in the sign-up file.")
    assigned: int = Field(description="Participants placed in a group.")
    groups: int = Field(description="Groups formed.")
    solve_seconds: float = Field(description="Wall-clock seconds of the solve.")


class Solution(ContractModel):
    """What `groupformer solve` writes: every participant exactly once, in a group or unassigned."""

    format: Literal["groupformer/v1-solution"] = Field(SOLUTION_FORMAT, description="Always groupformer/v1-solution.")
    status: Status = Field(
        description="optimal: proved best; feasible: valid, not proved best; unknown: none found in time."
    )
    objective: float = Field(description="participants × assigned + the groups' quality (docs/objective.md).")
    bound: float = Field(description="No solution of these sign-ups scores more than this.")
    groups: Annotated[list[Group], MaxLen(MAX_GROUP_ENTRIES)] = Field(description="The groups formed.")
    unassigned: Annotated[list[UnassignedParticipant], MaxLen(MAX_PARTICIPANTS)] = Field(
        description="Everyone not placed, with reasons."
    )
    stats: SolveStats = Field(description="Counts, timings and the engines' own figures.")


class SubmittedSolution(ContractModel):
    """A solution from any source (a spreadsheet, another tool): only the grouping itself is required."""

    format: Literal["groupformer/v1-solution"] = Field(SOLUTION_FORMAT, description="Always groupformer/v1-solution.")
    status: Status | None = Field(None, description="Ignored by the judge.")
    objective: float | None = Field(None, description="Ignored: the judge computes its own.")
    bound: float | None = Field(None, description="Ignored by the judge.")
    groups: Annotated[list[Group], MaxLen(MAX_GROUP_ENTRIES)] = Field(description="The groups, each complete.")
    unassigned: Annotated[list[UnassignedParticipant], MaxLen(MAX_PARTICIPANTS)] = Field(
        default_factory=list, description="Everyone not in a group, each with at least one reason."
    )
    stats: SolveStats | None = Field(None, description="Ignored by the judge.")
