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


class Location(ContractModel):
    """Where the participant would host an in-person meeting (their office)."""

    lat: Annotated[FiniteFloat, Field(ge=-90, le=90)] = Field(description="Latitude in degrees, -90 to 90.")
    lon: Annotated[FiniteFloat, Field(ge=-180, le=180)] = Field(description="Longitude in degrees, -180 to 180.")
    label: str | None = Field(None, description="A name for people, such as 'Chicago, IL'; not used for solving.")


class SizeRange(ContractModel):
    """A participant's preferred group size; a missing side sets no bound."""

    min: Annotated[int, Field(ge=1)] | None = Field(None, description="Smallest size wished for; none: no lower bound.")
    max: Annotated[int, Field(ge=1)] | None = Field(None, description="Largest size wished for; none: no upper bound.")

    @model_validator(mode="after")
    def _ordered(self) -> SizeRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class GroupSize(ContractModel):
    """How many members every group has (a hard rule)."""

    min: Annotated[int, Field(ge=2)] = Field(3, description="Fewest members of a group, at least 2.")
    max: Annotated[int, Field(ge=2)] = Field(6, description="Most members of a group, at least min.")

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class GroupSlot(ContractModel):
    """Extension: one group the coordinator can form (a facilitator, a room), with its own size bounds;
    a missing side takes `group_size`'s, a missing id is numbered G001, G002, ... in list order."""

    id: Annotated[str, Field(min_length=1, pattern=r"\S")] | None = Field(
        None, description="The group's id in the solution; none: G001, G002, ... by position in the list."
    )
    min: Annotated[int, Field(ge=2)] | None = Field(None, description="Fewest members; none: group_size.min.")
    max: Annotated[int, Field(ge=2)] | None = Field(None, description="Most members; none: group_size.max.")


class Weights(ContractModel):
    """Extension: relative weights of the per-member quality terms (docs/objective.md); only their ratios
    matter."""

    diversity: Annotated[FiniteFloat, Field(ge=0)] = Field(
        4.0, description="Members whose specialties differ from each other's."
    )
    prefer: Annotated[FiniteFloat, Field(ge=0)] = Field(2.0, description="Members grouped with whom they prefer.")
    size: Annotated[FiniteFloat, Field(ge=0)] = Field(1.5, description="Group sizes within members' preferred_size.")
    focus: Annotated[FiniteFloat, Field(ge=0)] = Field(
        1.5, description="Members who stated a focus sharing it with others who did."
    )
    spare_window: Annotated[FiniteFloat, Field(ge=0)] = Field(
        1.0, description="Spare common meeting starts, so a group can move its meeting."
    )
    novelty: Annotated[FiniteFloat, Field(ge=0)] = Field(
        4.0, description="Members who did not meet in the history's past groups; counts only with a history."
    )
    style_wish: Annotated[FiniteFloat, Field(ge=0)] = Field(
        2.0, description="Members accepting the group's style; counts only when as_wishes holds style."
    )
    frequency_wish: Annotated[FiniteFloat, Field(ge=0)] = Field(
        2.0, description="Members accepting the group's frequency; counts only when as_wishes holds frequency."
    )
    focus_wish: Annotated[FiniteFloat, Field(ge=0)] = Field(
        2.0, description="Members accepting the group's focus; counts only when as_wishes holds focus."
    )

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if self.unconditional_total() <= 0:
            raise ValueError("at least one weight must be positive")
        return self

    def unconditional_total(self) -> float:
        """The weights that count in every instance (novelty needs a history, a wish weight needs its rule
        to be a wish): while it is positive, so is the quality scale."""
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
    """Extension: a rule every group's make-up must follow (docs/contract.md): about the members with a
    tag (`at_least` of them, or never `not_exactly` of them), or about a number (`within` that many of
    the mean over every participant who gave it)."""

    tag: str | None = Field(None, description="A tag of participants.tags; give tag or number.")
    number: Literal["experience_years"] | None = Field(
        None, description="A participant number whose group mean is bounded; give tag or number."
    )
    at_least: Annotated[int, Field(ge=1)] | None = Field(
        None, description="With tag: every group has at least this many members with the tag."
    )
    not_exactly: Annotated[int, Field(ge=1)] | None = Field(
        None, description="With tag: no group has exactly this many members with the tag (1: nobody alone)."
    )
    within: Annotated[FiniteFloat, Field(ge=0)] | None = Field(
        None,
        description="With number: each group's mean (over members who gave it) is within this of the mean "
        "over every participant who gave it.",
    )

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
    """How groups are formed; every field is optional, and command-line options override them."""

    group_size: GroupSize = Field(default_factory=GroupSize, description="Fewest and most members of a group.")
    meeting_minutes: Annotated[int, Field(ge=15, le=24 * 60)] = Field(
        90, description="Length of every meeting in minutes; each member's whole meeting fits one window."
    )
    time_limit_s: Annotated[FiniteFloat, Field(gt=0)] = Field(
        30.0, description="Seconds for the whole solve, reading to writing (solve --time-limit)."
    )
    work_limit: Annotated[FiniteFloat, Field(gt=0)] | None = Field(
        None,
        description="Search budget in deterministic work units, about one second each on the reference 2-core "
        "machine; the same limit and seed give the same groups on any machine (docs/reproducibility.md). "
        "None: what time_limit_s buys.",
    )
    seed: Annotated[int, Field(ge=0)] = Field(0, description="Seed of every random choice of the search.")
    slot_minutes: Literal[15, 30] = Field(
        15, description="Meetings may start every 15 or 30 minutes of the reference week (UTC)."
    )
    reference_week: Annotated[str, AfterValidator(_monday)] = Field(
        REFERENCE_WEEK_DEFAULT,
        description="The Monday (YYYY-MM-DD) whose week, from 00:00 UTC, holds every meeting; it fixes the "
        "time zone offsets (daylight saving) used.",
    )
    weights: Weights = Field(default_factory=Weights, description="Relative weights of the quality terms.")
    groups: Annotated[list[GroupSlot], Field(min_length=1)] | None = Field(
        None, description="The groups that may be formed (at most these), each with its own size bounds."
    )
    group_count: Annotated[int, Field(ge=1)] | None = Field(
        None, description="At most this many groups, each within group_size; give groups or group_count."
    )
    history_half_life_days: Annotated[FiniteFloat, Field(gt=0)] = Field(
        365.0, description="A past group's weight halves every this many days before the reference week."
    )
    history_hard_last_round: bool = Field(
        False, description="Never group again two people who shared a group on the history's latest date."
    )
    as_wishes: Annotated[list[Literal["style", "frequency", "focus"]], AfterValidator(_unique)] = Field(
        default_factory=list,
        description="Rules (style, frequency, focus) that become weighted wishes instead of hard rules.",
    )
    composition: list[CompositionRule] = Field(
        default_factory=list, description="Rules about every group's make-up (tags, a number's mean)."
    )
    distance_unit: Literal["km", "mi"] = Field(
        "km", description="Unit in which exports show distances; max_travel_km is always in kilometres."
    )

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
    """One sign-up. For modality, style, frequency and focus an empty or missing list accepts any value."""

    id: ParticipantId = Field(description="Unique, non-blank id; avoid, prefer and groups refer to it.")
    name: str | None = Field(None, description="For people (rosters, invitations); not used for solving.")
    email: str | None = Field(None, description="For invitations; not used for solving.")
    timezone: Annotated[str, AfterValidator(_known_timezone)] = Field(
        description="IANA time zone of the availability windows, such as America/Chicago."
    )
    availability: list[Window] = Field(
        description="Weekly local windows; touching or overlapping windows of a day join into one."
    )
    modality: Annotated[list[Modality], AfterValidator(_unique)] = Field(
        default_factory=list, description="Accepted meeting modes: in_person, remote; empty: either."
    )
    location: Location | None = Field(
        None, description="Office where they could host; required when in_person is acceptable."
    )
    max_travel_km: Annotated[FiniteFloat, Field(ge=0)] | None = Field(
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
    style: Annotated[list[Style], AfterValidator(_unique)] = Field(
        default_factory=list, description="Accepted case presentation: formal, informal; empty: either."
    )
    frequency: Annotated[list[Frequency], AfterValidator(_unique)] = Field(
        default_factory=list, description="Accepted meeting frequency: weekly, biweekly, monthly; empty: any."
    )
    preferred_size: SizeRange | None = Field(None, description="Group size they would like (a wish).")
    tags: Terms = Field(default_factory=list, description="Words describing them, matched by avoid_tags.")
    avoid_tags: Terms = Field(default_factory=list, description="Tags nobody in their group may have (a hard rule).")
    avoid: list[ParticipantId] = Field(
        default_factory=list,
        description="Ids never to be grouped with, both ways (conflicts of interest: a hard rule).",
    )
    prefer: list[ParticipantId] = Field(
        default_factory=list, description="Ids they would like to be grouped with (a wish)."
    )
    credential: str | None = Field(None, description="Professional credential, such as LCSW; not used for solving.")
    experience_years: Annotated[FiniteFloat, Field(ge=0)] | None = Field(
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
    """Extension: a group of an earlier round, to avoid repeating it (docs/contract.md, "history").
    Members may include people who have not signed up this time."""

    date: Annotated[str, AfterValidator(_calendar_date)] = Field(
        description="When the group met (YYYY-MM-DD); its weight halves every history_half_life_days."
    )
    members: Annotated[list[ParticipantId], Field(min_length=2), AfterValidator(_distinct)] = Field(
        description="Ids of its members, at least two; people not signed up now are allowed."
    )
    id: str | None = Field(None, description="A name for the past group; not used for solving.")


class OpenGroupPlace(ContractModel):
    """Where an in-person open group meets."""

    lat: Annotated[FiniteFloat, Field(ge=-90, le=90)] = Field(description="Latitude in degrees, -90 to 90.")
    lon: Annotated[FiniteFloat, Field(ge=-180, le=180)] = Field(description="Longitude in degrees, -180 to 180.")
    host: str | None = Field(None, description="Id of the member who hosts; optional.")
    label: str | None = Field(None, description="A name for people; not used for solving.")


class OpenGroupMeeting(ContractModel):
    """When (and for in-person groups, where) an open group meets; it does not move."""

    utc_start: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")] = Field(
        description="Start as YYYY-MM-DDTHH:MM:SSZ: an instant of the reference week on the slot_minutes grid."
    )
    location: OpenGroupPlace | None = Field(None, description="Required exactly when the group meets in person.")


class OpenGroup(ContractModel):
    """Extension: a group that already meets, whose members stay together at their meeting, with seats
    newcomers may fill (docs/contract.md, "open_groups")."""

    id: Annotated[str, Field(min_length=1, pattern=r"\S")] = Field(description="The group's id, kept in the solution.")
    members: Annotated[list[ParticipantId], Field(min_length=1)] = Field(
        description="Ids of its current members, who must be in participants and suit the meeting."
    )
    meeting: OpenGroupMeeting = Field(description="Its fixed meeting.")
    modality: Modality = Field(description="in_person or remote.")
    style: Style = Field(description="formal or informal.")
    frequency: Frequency = Field(description="weekly, biweekly or monthly.")
    focus: str | None = Field(None, description="Its focus, or null for none.")
    open_seats: Annotated[int, Field(ge=0)] = Field(
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


class SignupFile(ContractModel):
    """A sign-up file: who wants a group, and how groups are formed (docs/contract.md)."""

    format: Literal["groupformer/v1"] = Field(INPUT_FORMAT, description="Always groupformer/v1.")
    settings: Settings = Field(default_factory=Settings, description="How groups are formed; all optional.")
    participants: Annotated[list[Participant], Field(min_length=1)] = Field(
        description="Everyone who signed up, at least one."
    )
    open_groups: list[OpenGroup] = Field(
        default_factory=list, description="Groups that already meet and have seats for newcomers."
    )
    history: list[PastGroup] = Field(
        default_factory=list, description="Groups of earlier rounds, so people meet new peers."
    )


class MeetingLocation(ContractModel):
    """Where an in-person group meets: a member's office."""

    lat: FiniteFloat = Field(description="Latitude in degrees.")
    lon: FiniteFloat = Field(description="Longitude in degrees.")
    host: str | None = Field(None, description="Id of the member whose office it is; a member of the group.")


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

    id: str = Field(description="G001, G002, ..., or the id of the fixed or open group it is.")
    members: list[str] = Field(description="Participant ids.")
    modality: Modality = Field(description="in_person or remote; every member accepts it.")
    style: Style = Field(description="formal or informal; every member accepts it unless style is a wish.")
    frequency: Frequency = Field(
        description="weekly, biweekly or monthly; every member accepts it unless frequency is a wish."
    )
    focus: str | None = Field(
        description="A focus every member who stated one accepts (normalised; the most accepted one when focus "
        "is a wish), or null when nobody stated one."
    )
    meeting: Meeting = Field(description="When and, in person, where the group meets.")
    scores: GroupScores | None = Field(None, description="The group's quality, split in two.")


class UnassignedParticipant(ContractModel):
    """Someone not placed, and why."""

    id: str = Field(description="Participant id.")
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
    groups: list[Group] = Field(description="The groups formed.")
    unassigned: list[UnassignedParticipant] = Field(description="Everyone not placed, with reasons.")
    stats: SolveStats = Field(description="Counts, timings and the engines' own figures.")


class SubmittedSolution(ContractModel):
    """A solution from any source (a spreadsheet, another tool): only the grouping itself is required."""

    format: Literal["groupformer/v1-solution"] = Field(SOLUTION_FORMAT, description="Always groupformer/v1-solution.")
    status: Status | None = Field(None, description="Ignored by the judge.")
    objective: float | None = Field(None, description="Ignored: the judge computes its own.")
    bound: float | None = Field(None, description="Ignored by the judge.")
    groups: list[Group] = Field(description="The groups, each complete.")
    unassigned: list[UnassignedParticipant] = Field(
        default_factory=list, description="Everyone not in a group, each with at least one reason."
    )
    stats: SolveStats | None = Field(None, description="Ignored by the judge.")


class Violation(ContractModel):
    """A broken rule, with where it is broken."""

    rule: str = Field(
        description="Which rule: size, availability, modality, style, frequency, focus, distance, avoid, "
        "avoid_tags, meeting, coverage, unknown_id, group_id, reasons, composition, history or open_group."
    )
    group: str | None = Field(description="The group's id, or null when the problem is not one group's.")
    members: list[str] = Field(description="The participants involved.")
    message: str = Field(description="What is wrong, in words.")


class DerivedFields(ContractModel):
    """Extension: what the judge filled in for a group of a grouping that did not give it
    (docs/evaluate.md)."""

    group: str = Field(description="The group's id (numbered G001, G002, ... when the grouping gave none).")
    fields: list[str] = Field(
        description="The fields chosen by the solver's rules rather than given: any of id, meeting.utc_start, "
        "meeting.minutes, meeting.location, modality, style, frequency, focus."
    )


class EvaluationReport(ContractModel):
    """The judge's verdict on a solution from any source, and the measures to compare solutions by."""

    valid: bool = Field(description="True when no rule is broken.")
    violations: list[Violation] = Field(description="Every broken rule.")
    objective: float = Field(
        description="The solver's objective recomputed for this solution: placement_weight × assigned + quality."
    )
    assigned: int = Field(description="Participants placed in groups.")
    diversity: float = Field(
        description="Sum over groups and member pairs of 1 − Jaccard similarity of their specialties."
    )
    coverage: float = Field(description="Mean over groups of the number of distinct specialties.")
    prefer_met: int = Field(description="prefer entries (one participant naming another) met by a shared group.")
    size_pref_met: int = Field(description="Placed participants whose group size lies in their preferred_size.")
    participants: int = Field(description="Participants in the sign-up file.")
    groups: int = Field(description="Groups in the solution.")
    quality: float = Field(description="Sum over groups of their quality points (docs/objective.md).")
    placement_weight: float = Field(description="Points per placed participant: the number of participants.")
    derived: list[DerivedFields] = Field(
        default_factory=list,
        description="Extension: for each group of a grouping that left fields out, the fields the judge derived "
        "as `solve` would before checking the rest; empty for a complete solution.",
    )
    derived_unassigned: list[str] = Field(
        default_factory=list,
        description="Extension: participants in no group and not listed in `unassigned`, judged as unplaced.",
    )
