"""One sign-up and its parts (availability windows, office, preferred size).

Only checks of a participant's own fields live here; those against the rest of the file (an unknown id
in avoid or prefer) are validate.py's, so that every problem of a file is reported at once.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from groupformer.contract.limits import MAX_EMAIL_CHARS, MAX_GROUP_SIZE, MAX_TRAVEL_KM, MAX_YEARS, quoted
from groupformer.contract.vocabulary import (
    ClockTime,
    Day,
    FiniteFloat,
    Frequency,
    Items,
    Modality,
    ParticipantId,
    SignupModel,
    Style,
    Terms,
    _unique,
    clock_minutes,
)

# Zone files that are no place: the machine's own zone (so the same file would give other groups on another
# machine), the "-00" placeholder of an unset zone, and the template tzcode builds rules from.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    """The IANA names a sign-up's (or a report's) time zone may take."""
    return frozenset(zoneinfo.available_timezones()) - NOT_PLACES


def _known_timezone(name: str) -> str:
    if name not in known_timezones():
        raise ValueError(f"unknown time zone {quoted(name)}: use an IANA name such as 'America/Chicago'")
    return name


def _without_control_characters(address: str) -> str:
    """Calendar invitations put the address on a line of its own, which a control character would break."""
    if CONTROL_CHARACTER.search(address):
        raise ValueError("an email address may not contain line breaks or other control characters")
    return address


Email = Annotated[str, Field(max_length=MAX_EMAIL_CHARS), AfterValidator(_without_control_characters)]


class Window(SignupModel):
    """A weekly time when the participant can meet, in their own time zone (docs/contract.md)."""

    day: Day = Field(description="Local weekday: mon, tue, wed, thu, fri, sat or sun.")
    start: ClockTime = Field(description="Local start as HH:MM, before end.")
    end: ClockTime = Field(
        description="Local end as HH:MM; 24:00 is the end of the day. A window never crosses midnight: split it."
    )

    @model_validator(mode="after")
    def _start_before_end(self) -> Window:
        if self.start == "24:00":
            raise ValueError("start may not be 24:00")
        if clock_minutes(self.start) >= clock_minutes(self.end):
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self


class Location(SignupModel):
    """Where the participant would host an in-person meeting (their office)."""

    lat: Annotated[FiniteFloat, Field(ge=-90, le=90)] = Field(description="Latitude in degrees, -90 to 90.")
    lon: Annotated[FiniteFloat, Field(ge=-180, le=180)] = Field(description="Longitude in degrees, -180 to 180.")
    label: str | None = Field(None, description="A name for people, such as 'Chicago, IL'; not used for solving.")


class SizeRange(SignupModel):
    """A participant's preferred group size; a missing side sets no bound."""

    min: Annotated[int, Field(ge=1, le=MAX_GROUP_SIZE)] | None = Field(
        None, description="Smallest size wished for; none: no lower bound."
    )
    max: Annotated[int, Field(ge=1, le=MAX_GROUP_SIZE)] | None = Field(
        None, description="Largest size wished for; none: no upper bound."
    )

    @model_validator(mode="after")
    def _ordered(self) -> SizeRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class Participant(SignupModel):
    """One sign-up. For modality, style, frequency and focus an empty or missing list accepts any value."""

    id: ParticipantId = Field(description="Unique, non-blank id; avoid, prefer and groups refer to it.")
    name: str | None = Field(None, description="For people (rosters, invitations); not used for solving.")
    email: Email | None = Field(None, description="For invitations; not used for solving.")
    timezone: Annotated[str, AfterValidator(_known_timezone)] = Field(
        description="IANA time zone of the availability windows, such as America/Chicago."
    )
    availability: Annotated[list[Window], Items] = Field(
        description="Weekly local windows; touching or overlapping windows of a day join into one."
    )
    modality: Annotated[list[Modality], Items, AfterValidator(_unique)] = Field(
        default_factory=list, description="Accepted meeting modes: in_person, remote; empty: either."
    )
    location: Location | None = Field(
        None, description="Office where they could host; required when in_person is acceptable."
    )
    max_travel_km: Annotated[FiniteFloat, Field(ge=0, le=MAX_TRAVEL_KM)] | None = Field(
        None,
        description="Farthest great-circle distance to an in-person meeting, in km; required when in_person "
        "is acceptable.",
    )
    focus: Terms = Field(
        default_factory=list,
        description="Accepted clinical focuses of the group (free text, compared case-insensitively); empty: any.",
    )
    specialties: Terms = Field(
        default_factory=list, description="Approaches they bring (free text); diversity is measured over them."
    )
    style: Annotated[list[Style], Items, AfterValidator(_unique)] = Field(
        default_factory=list, description="Accepted case presentation: formal, informal; empty: either."
    )
    frequency: Annotated[list[Frequency], Items, AfterValidator(_unique)] = Field(
        default_factory=list, description="Accepted meeting frequency: weekly, biweekly, monthly; empty: any."
    )
    preferred_size: SizeRange | None = Field(None, description="Group size they would like (a wish).")
    tags: Terms = Field(default_factory=list, description="Words describing them, matched by avoid_tags.")
    avoid_tags: Terms = Field(default_factory=list, description="Tags nobody in their group may have (a hard rule).")
    avoid: Annotated[list[ParticipantId], Items] = Field(
        default_factory=list,
        description="Ids never to be grouped with, both ways (conflicts of interest: a hard rule).",
    )
    prefer: Annotated[list[ParticipantId], Items] = Field(
        default_factory=list, description="Ids they would like to be grouped with (a wish)."
    )
    credential: str | None = Field(None, description="Professional credential, such as LCSW; not used for solving.")
    experience_years: Annotated[FiniteFloat, Field(ge=0, le=MAX_YEARS)] | None = Field(
        None, description="Years of practice; used only by settings.composition number rules."
    )

    def accepts_in_person(self) -> bool:
        return not self.modality or "in_person" in self.modality

    @model_validator(mode="after")
    def _location_when_in_person(self) -> Participant:
        if self.accepts_in_person():
            missing = [name for name in ("location", "max_travel_km") if getattr(self, name) is None]
            if missing:
                raise ValueError(
                    f"{' and '.join(missing)} required because in_person meetings are acceptable "
                    '(set modality to ["remote"] otherwise)'
                )
        return self
