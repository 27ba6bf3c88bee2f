"""The JSON contract (io-v1) as pydantic models: the single source of truth for its shape.

Models are strict (no silent coercion of "3" into 3) and forbid unknown fields, because a field the
coordinator misspelt would otherwise be dropped without a word. Checks that need more than one field
or the whole file (unknown ids, time zones) live in `validate.py` so that they can all be reported at
once, even when some participants fail to parse.
"""

from __future__ import annotations

import datetime
import math
import re
import zoneinfo
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

INPUT_FORMAT = "groupformer/v1"
SOLUTION_FORMAT = "groupformer/v1-solution"
REFERENCE_WEEK_DEFAULT = "2027-01-04"

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Modality = Literal["in_person", "remote"]
Style = Literal["formal", "informal"]
Frequency = Literal["weekly", "biweekly", "monthly"]
Status = Literal["optimal", "feasible", "unknown"]

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODALITIES: tuple[str, ...] = ("in_person", "remote")
STYLES: tuple[str, ...] = ("formal", "informal")
FREQUENCIES: tuple[str, ...] = ("weekly", "biweekly", "monthly")


def normalise_term(value: str) -> str:
    """Focus, specialty and tag values compare case-insensitively after trimming (contract rule)."""
    return " ".join(value.split()).casefold()


def _normalise_terms(values: list[str]) -> list[str]:
    normalised: list[str] = []
    for value in values:
        term = normalise_term(value)
        if not term:
            raise ValueError("values must be non-blank strings")
        if term not in normalised:
            normalised.append(term)
    return normalised


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number (no NaN or Infinity)")
    return value


@lru_cache(maxsize=1)
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _known_timezone(name: str) -> str:
    if name not in _known_timezones():
        raise ValueError(f"unknown time zone {name!r}: use an IANA name such as 'America/Chicago'")
    return name


def _monday(date_text: str) -> str:
    try:
        date = datetime.date.fromisoformat(date_text)
    except ValueError as error:
        raise ValueError(f"not a calendar date: {date_text!r}") from error
    if date.weekday() != 0:
        raise ValueError(f"{date_text} is a {date.strftime('%A')}, the reference week starts on a Monday")
    return date_text


def _clock_time(text: str) -> str:
    if not re.fullmatch(r"(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)", text):
        raise ValueError(f"{text!r} is not a time of day as HH:MM between 00:00 and 24:00")
    return text


Terms = Annotated[list[str], AfterValidator(_normalise_terms)]
FiniteFloat = Annotated[float, AfterValidator(_finite)]
ClockTime = Annotated[str, AfterValidator(_clock_time)]
ParticipantId = Annotated[str, Field(min_length=1, pattern=r"\S")]


def clock_minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


class ContractModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Window(ContractModel):
    day: Day
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _start_before_end(self) -> Window:
        if self.start == "24:00":
            raise ValueError("start may not be 24:00")
        if clock_minutes(self.start) >= clock_minutes(self.end):
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self


class Location(ContractModel):
    lat: Annotated[FiniteFloat, Field(ge=-90, le=90)]
    lon: Annotated[FiniteFloat, Field(ge=-180, le=180)]
    label: str | None = None


class SizeRange(ContractModel):
    """A participant's preferred group size; a missing side sets no bound."""

    min: Annotated[int, Field(ge=1)] | None = None
    max: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> SizeRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class GroupSize(ContractModel):
    min: Annotated[int, Field(ge=2)] = 3
    max: Annotated[int, Field(ge=2)] = 6

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class GroupSlot(ContractModel):
    """Extension: one group the coordinator can form (a facilitator, a room), with its own size bounds;
    a missing side takes `group_size`'s, a missing id is numbered G001, G002, ... in list order."""

    id: Annotated[str, Field(min_length=1, pattern=r"\S")] | None = None
    min: Annotated[int, Field(ge=2)] | None = None
    max: Annotated[int, Field(ge=2)] | None = None


class Weights(ContractModel):
    """Extension: relative weights of the per-member quality terms (see README, 'The objective')."""

    diversity: Annotated[FiniteFloat, Field(ge=0)] = 4.0
    prefer: Annotated[FiniteFloat, Field(ge=0)] = 2.0
    size: Annotated[FiniteFloat, Field(ge=0)] = 1.5
    focus: Annotated[FiniteFloat, Field(ge=0)] = 1.5
    spare_window: Annotated[FiniteFloat, Field(ge=0)] = 1.0
    # counts only when the input has a history (README, "History across rounds")
    novelty: Annotated[FiniteFloat, Field(ge=0)] = 4.0
    # count only for the rules settings.as_wishes turns into wishes (README, "Policy")
    style_wish: Annotated[FiniteFloat, Field(ge=0)] = 2.0
    frequency_wish: Annotated[FiniteFloat, Field(ge=0)] = 2.0
    focus_wish: Annotated[FiniteFloat, Field(ge=0)] = 2.0

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if self.total() <= 0:
            raise ValueError("at least one weight must be positive")
        return self

    def total(self) -> float:
        return self.diversity + self.prefer + self.size + self.focus + self.spare_window

    def active(self, has_history: bool, wishes: list[str]) -> tuple[float, ...]:
        """The weights in force: novelty only when there is a history to be novel against, and a wish
        weight only for a rule that is a wish."""
        return (
            self.diversity,
            self.prefer,
            self.size,
            self.focus,
            self.spare_window,
            self.novelty if has_history else 0.0,
            self.style_wish if "style" in wishes else 0.0,
            self.frequency_wish if "frequency" in wishes else 0.0,
            self.focus_wish if "focus" in wishes else 0.0,
        )


class CompositionRule(ContractModel):
    """Extension: a rule every group's make-up must follow (README, "Policy"): about the members with a
    tag (`at_least` of them, or never `not_exactly` of them), or about a number (`within` that many of
    the mean over every participant who gave it)."""

    tag: str | None = None
    number: Literal["experience_years"] | None = None
    at_least: Annotated[int, Field(ge=1)] | None = None
    not_exactly: Annotated[int, Field(ge=1)] | None = None
    within: Annotated[FiniteFloat, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> CompositionRule:
        if (self.tag is None) == (self.number is None):
            raise ValueError("give either tag or number")
        if self.tag is not None:
            self.tag = normalise_term(self.tag)
            if self.within is not None or (self.at_least is None) == (self.not_exactly is None):
                raise ValueError("a tag rule takes either at_least or not_exactly")
        elif self.within is None or self.at_least is not None or self.not_exactly is not None:
            raise ValueError("a number rule takes within")
        return self


class Settings(ContractModel):
    group_size: GroupSize = Field(default_factory=GroupSize)
    meeting_minutes: Annotated[int, Field(ge=15, le=24 * 60)] = 90
    time_limit_s: Annotated[FiniteFloat, Field(gt=0)] = 30.0
    work_limit: Annotated[FiniteFloat, Field(gt=0)] | None = None
    seed: Annotated[int, Field(ge=0)] = 0
    slot_minutes: Literal[15, 30] = 15
    reference_week: Annotated[str, AfterValidator(_monday)] = REFERENCE_WEEK_DEFAULT
    weights: Weights = Field(default_factory=Weights)
    groups: Annotated[list[GroupSlot], Field(min_length=1)] | None = None
    group_count: Annotated[int, Field(ge=1)] | None = None
    history_half_life_days: Annotated[FiniteFloat, Field(gt=0)] = 365.0
    history_hard_last_round: bool = False
    as_wishes: Annotated[list[Literal["style", "frequency", "focus"]], AfterValidator(_unique)] = Field(
        default_factory=list
    )
    composition: list[CompositionRule] = Field(default_factory=list)
    distance_unit: Literal["km", "mi"] = "km"

    @model_validator(mode="after")
    def _slots_consistent(self) -> Settings:
        """Every problem with the fixed groups, one line each (validate.py reports each line)."""
        if self.groups is not None and self.group_count is not None:
            raise ValueError("give either groups or group_count, not both")
        problems = []
        first_use: dict[str, int] = {}
        for index, (slot_id, low, high) in enumerate(self.group_slots() or []):
            if slot_id in first_use:
                problems.append(f"groups[{index}]: id {slot_id} is already used by groups[{first_use[slot_id]}]")
            first_use.setdefault(slot_id, index)
            if low > high:
                problems.append(f"groups[{index}]: min {low} is larger than max {high} (group {slot_id})")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def group_slots(self) -> list[tuple[str, int, int]] | None:
        """The groups that may be formed as (id, min, max), or None when any number may be."""
        if self.group_count is not None:
            slots = [GroupSlot() for _ in range(self.group_count)]
        elif self.groups is not None:
            slots = self.groups
        else:
            return None
        width = max(3, len(str(len(slots))))
        return [
            (
                slot.id if slot.id is not None else f"G{number:0{width}d}",
                slot.min if slot.min is not None else self.group_size.min,
                slot.max if slot.max is not None else self.group_size.max,
            )
            for number, slot in enumerate(slots, start=1)
        ]


class Participant(ContractModel):
    id: ParticipantId
    name: str | None = None
    email: str | None = None
    timezone: Annotated[str, AfterValidator(_known_timezone)]
    availability: list[Window]
    modality: Annotated[list[Modality], AfterValidator(_unique)] = Field(default_factory=list)
    location: Location | None = None
    max_travel_km: Annotated[FiniteFloat, Field(ge=0)] | None = None
    focus: Terms = Field(default_factory=list)
    specialties: Terms = Field(default_factory=list)
    style: Annotated[list[Style], AfterValidator(_unique)] = Field(default_factory=list)
    frequency: Annotated[list[Frequency], AfterValidator(_unique)] = Field(default_factory=list)
    preferred_size: SizeRange | None = None
    tags: Terms = Field(default_factory=list)
    avoid_tags: Terms = Field(default_factory=list)
    avoid: list[ParticipantId] = Field(default_factory=list)
    prefer: list[ParticipantId] = Field(default_factory=list)
    credential: str | None = None
    experience_years: Annotated[FiniteFloat, Field(ge=0)] | None = None

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


def _calendar_date(date_text: str) -> str:
    try:
        datetime.date.fromisoformat(date_text)
    except ValueError as error:
        raise ValueError(f"not a calendar date as YYYY-MM-DD: {date_text!r}") from error
    return date_text


def _distinct(members: list[str]) -> list[str]:
    repeated = sorted({member for member in members if members.count(member) > 1})
    if repeated:
        raise ValueError(f"{', '.join(repeated)} listed more than once")
    return members


class PastGroup(ContractModel):
    """Extension: a group of an earlier round, to avoid repeating it (README, "History across rounds").
    Members may include people who have not signed up this time."""

    date: Annotated[str, AfterValidator(_calendar_date)]
    members: Annotated[list[ParticipantId], Field(min_length=2), AfterValidator(_distinct)]
    id: str | None = None


class OpenGroupPlace(ContractModel):
    lat: Annotated[FiniteFloat, Field(ge=-90, le=90)]
    lon: Annotated[FiniteFloat, Field(ge=-180, le=180)]
    host: str | None = None
    label: str | None = None


class OpenGroupMeeting(ContractModel):
    utc_start: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    location: OpenGroupPlace | None = None


class OpenGroup(ContractModel):
    """Extension: a group that already meets, whose members stay together at their meeting, with seats
    newcomers may fill (README, "Open groups")."""

    id: Annotated[str, Field(min_length=1, pattern=r"\S")]
    members: Annotated[list[ParticipantId], Field(min_length=1)]
    meeting: OpenGroupMeeting
    modality: Modality
    style: Style
    frequency: Frequency
    focus: str | None = None
    open_seats: Annotated[int, Field(ge=0)]

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


class SignupFile(ContractModel):
    format: Literal["groupformer/v1"] = INPUT_FORMAT
    settings: Settings = Field(default_factory=Settings)
    participants: Annotated[list[Participant], Field(min_length=1)]
    open_groups: list[OpenGroup] = Field(default_factory=list)
    history: list[PastGroup] = Field(default_factory=list)


class MeetingLocation(ContractModel):
    lat: FiniteFloat
    lon: FiniteFloat
    host: str | None = None


class Meeting(ContractModel):
    utc_start: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    minutes: int
    location: MeetingLocation | None = None


class GroupScores(ContractModel):
    """Points this group adds on top of its placement points: fit terms and diversity term."""

    fit: float
    diversity: float


class Group(ContractModel):
    id: str
    members: list[str]
    modality: Modality
    style: Style
    frequency: Frequency
    focus: str | None
    meeting: Meeting
    scores: GroupScores | None = None


class UnassignedParticipant(ContractModel):
    id: str
    reasons: list[str]


class SolveStats(BaseModel):
    """Solver statistics; open to extra keys so engines can report their own figures."""

    model_config = ConfigDict(extra="allow")

    participants: int
    assigned: int
    groups: int
    solve_seconds: float


class Solution(ContractModel):
    format: Literal["groupformer/v1-solution"] = SOLUTION_FORMAT
    status: Status
    objective: float
    bound: float
    groups: list[Group]
    unassigned: list[UnassignedParticipant]
    stats: SolveStats


class SubmittedSolution(ContractModel):
    """A solution from any source (a spreadsheet, another tool): only the grouping itself is required."""

    format: Literal["groupformer/v1-solution"] = SOLUTION_FORMAT
    status: Status | None = None
    objective: float | None = None
    bound: float | None = None
    groups: list[Group]
    unassigned: list[UnassignedParticipant] = Field(default_factory=list)
    stats: SolveStats | None = None


class Violation(ContractModel):
    rule: str
    group: str | None
    members: list[str]
    message: str


class DerivedFields(ContractModel):
    """Extension: what the judge filled in for a group of a grouping that did not give it
    (docs/evaluate.md)."""

    group: str = Field(description="The group's id (numbered G001, G002, ... when the grouping gave none).")
    fields: list[str] = Field(
        description="The fields chosen by the solver's rules rather than given: any of id, meeting.utc_start, "
        "meeting.minutes, meeting.location, modality, style, frequency, focus."
    )


class EvaluationReport(ContractModel):
    valid: bool
    violations: list[Violation]
    objective: float
    assigned: int
    diversity: float
    coverage: float
    prefer_met: int
    size_pref_met: int
    participants: int
    groups: int
    quality: float
    placement_weight: float
    derived: list[DerivedFields] = Field(
        default_factory=list,
        description="Extension: for each group of a grouping that left fields out, the fields the judge derived "
        "as `solve` would before checking the rest; empty for a complete solution.",
    )
    derived_unassigned: list[str] = Field(
        default_factory=list,
        description="Extension: participants in no group and not listed in `unassigned`, judged as unplaced.",
    )
