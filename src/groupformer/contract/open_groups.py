"""Open groups: groups that already meet at a fixed time and place, keep their members and offer seats.

An open group is placed as a solution group as it is, so it knows how to become one (`as_group`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from groupformer.contract.limits import MAX_GROUP_SIZE
from groupformer.contract.solution import Group, Meeting, MeetingLocation
from groupformer.contract.vocabulary import (
    FiniteFloat,
    Frequency,
    Items,
    Modality,
    ParticipantId,
    SignupModel,
    Style,
    normalise_term,
)


class OpenGroupPlace(SignupModel):
    """Where an in-person open group meets."""

    lat: Annotated[FiniteFloat, Field(ge=-90, le=90)] = Field(description="Latitude in degrees, -90 to 90.")
    lon: Annotated[FiniteFloat, Field(ge=-180, le=180)] = Field(description="Longitude in degrees, -180 to 180.")
    host: str | None = Field(None, description="Id of the member who hosts; optional.")
    label: str | None = Field(None, description="A name for people; not used for solving.")


class OpenGroupMeeting(SignupModel):
    """When (and for in-person groups, where) an open group meets; it does not move."""

    utc_start: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")] = Field(
        description="Start as YYYY-MM-DDTHH:MM:SSZ: an instant of the reference week on the slot_minutes grid."
    )
    location: OpenGroupPlace | None = Field(None, description="Required exactly when the group meets in person.")


class OpenGroup(SignupModel):
    """Extension: a group that already meets, whose members stay together at their meeting, with seats
    newcomers may fill (docs/contract.md, "open_groups")."""

    id: Annotated[str, Field(min_length=1, pattern=r"\S")] = Field(description="The group's id, kept in the solution.")
    members: Annotated[list[ParticipantId], Field(min_length=1), Items] = Field(
        description="Ids of its current members, who must be in participants and suit the meeting."
    )
    meeting: OpenGroupMeeting = Field(description="Its fixed meeting.")
    modality: Modality = Field(description="in_person or remote.")
    style: Style = Field(description="formal or informal.")
    frequency: Frequency = Field(description="weekly, biweekly or monthly.")
    focus: str | None = Field(None, description="Its focus, or null for none.")
    open_seats: Annotated[int, Field(ge=0, le=MAX_GROUP_SIZE)] = Field(
        description="How many newcomers it may take; members plus open seats are at most group_size.max."
    )

    @model_validator(mode="after")
    def _location_exactly_when_in_person(self) -> OpenGroup:
        if self.modality == "in_person" and self.meeting.location is None:
            raise ValueError("meeting.location is required for an in_person group")
        if self.modality == "remote" and self.meeting.location is not None:
            raise ValueError("meeting.location is only for in_person groups")
        if self.focus is not None:
            self.focus = normalise_term(self.focus)
        return self

    def as_group(self, meeting_minutes: int, members: list[str] | None = None) -> Group:
        """This group as a solution group (with `members` instead of its own, when given)."""
        location = self.meeting.location
        return Group(
            id=self.id,
            members=list(self.members if members is None else members),
            modality=self.modality,
            style=self.style,
            frequency=self.frequency,
            focus=self.focus,
            meeting=Meeting(
                utc_start=self.meeting.utc_start,
                minutes=meeting_minutes,
                location=None
                if location is None
                else MeetingLocation(lat=location.lat, lon=location.lon, host=location.host),
            ),
        )
