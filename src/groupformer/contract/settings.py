"""The sign-up file's settings: how groups are formed, apart from who signs up.

Every field has a default, so a file may leave them all out, and command-line options override them.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from groupformer.contract.limits import (
    MAX_FIXED_GROUPS,
    MAX_GROUP_SIZE,
    MAX_HALF_LIFE_DAYS,
    MAX_SECONDS,
    MAX_SEED,
    MAX_WEIGHT,
    MAX_YEARS,
    date_in_range,
    quoted,
)
from groupformer.contract.vocabulary import FiniteFloat, Items, SignupModel, _unique, normalise_term

REFERENCE_WEEK_DEFAULT = "2027-01-04"

GroupSizeBound = Annotated[int, Field(ge=2, le=MAX_GROUP_SIZE)]
Weight = Annotated[FiniteFloat, Field(ge=0, le=MAX_WEIGHT)]


def _monday(date_text: str) -> str:
    try:
        date = datetime.date.fromisoformat(date_text)
    except ValueError as error:
        raise ValueError(f"not a calendar date: {quoted(date_text)}") from error
    if date.weekday() != 0:
        raise ValueError(f"{date_text} is a {date.strftime('%A')}, the reference week starts on a Monday")
    return date_in_range(date, date_text)


class GroupSize(SignupModel):
    """How many members every group has (a hard rule)."""

    min: GroupSizeBound = Field(3, description="Fewest members of a group, at least 2.")
    max: GroupSizeBound = Field(6, description="Most members of a group, at least min.")

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class FixedGroup(SignupModel):
    """Extension: one group the coordinator can form (a facilitator, a room), with its own size bounds;
    a missing side takes `group_size`'s, a missing id is numbered G001, G002, ... in list order."""

    id: Annotated[str, Field(min_length=1, pattern=r"\S")] | None = Field(
        None, description="The group's id in the solution; none: G001, G002, ... by position in the list."
    )
    min: GroupSizeBound | None = Field(None, description="Fewest members; none: group_size.min.")
    max: GroupSizeBound | None = Field(None, description="Most members; none: group_size.max.")


class Weights(SignupModel):
    """Extension: relative weights of the per-member quality terms (docs/objective.md); only their ratios
    matter."""

    diversity: Weight = Field(4.0, description="Members whose specialties differ from each other's.")
    prefer: Weight = Field(2.0, description="Members grouped with whom they prefer.")
    size: Weight = Field(1.5, description="Group sizes within members' preferred_size.")
    focus: Weight = Field(1.5, description="Members who stated a focus sharing it with others who did.")
    spare_window: Weight = Field(1.0, description="Spare common meeting starts, so a group can move its meeting.")
    novelty: Weight = Field(
        4.0, description="Members who did not meet in the history's past groups; counts only with a history."
    )
    style_wish: Weight = Field(
        2.0, description="Members accepting the group's style; counts only when as_wishes holds style."
    )
    frequency_wish: Weight = Field(
        2.0, description="Members accepting the group's frequency; counts only when as_wishes holds frequency."
    )
    focus_wish: Weight = Field(
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

    def quality_scale(self, has_history: bool, wishes: list[str]) -> float:
        """The sum of the weights in force, which one member's quality is divided by: novelty only when
        there is a history to be novel against, and a wish weight only for a rule that is a wish (added in
        this order, the order the solver's compiled weights add them)."""
        in_force = (
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
        return sum(in_force)


class CompositionRule(SignupModel):
    """Extension: a rule every group's make-up must follow (docs/contract.md): about the members with a
    tag (`at_least` of them, or never `not_exactly` of them), or about a number (`within` that many of
    the mean over every participant who gave it)."""

    tag: str | None = Field(None, description="A tag of participants.tags; give tag or number.")
    number: Literal["experience_years"] | None = Field(
        None, description="A participant number whose group mean is bounded; give tag or number."
    )
    at_least: Annotated[int, Field(ge=1, le=MAX_GROUP_SIZE)] | None = Field(
        None, description="With tag: every group has at least this many members with the tag."
    )
    not_exactly: Annotated[int, Field(ge=1, le=MAX_GROUP_SIZE)] | None = Field(
        None, description="With tag: no group has exactly this many members with the tag (1: nobody alone)."
    )
    within: Annotated[FiniteFloat, Field(ge=0, le=MAX_YEARS)] | None = Field(
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


class Settings(SignupModel):
    """How groups are formed; every field is optional, and command-line options override them."""

    group_size: GroupSize = Field(default_factory=GroupSize, description="Fewest and most members of a group.")
    meeting_minutes: Annotated[int, Field(ge=15, le=24 * 60)] = Field(
        90, description="Length of every meeting in minutes; each member's whole meeting fits one window."
    )
    time_limit_s: Annotated[FiniteFloat, Field(gt=0, le=MAX_SECONDS)] = Field(
        30.0, description="Seconds for the whole solve, reading to writing (solve --time-limit)."
    )
    work_limit: Annotated[FiniteFloat, Field(gt=0, le=MAX_SECONDS)] | None = Field(
        None,
        description="Search budget in deterministic work units, about one second each on the reference 2-core "
        "machine; the same limit and seed give the same groups on any machine (docs/reproducibility.md). "
        "None: what time_limit_s buys.",
    )
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] = Field(0, description="Seed of every random choice of the search.")
    slot_minutes: Literal[15, 30] = Field(
        15, description="Meetings may start every 15 or 30 minutes of the reference week (UTC)."
    )
    reference_week: Annotated[str, AfterValidator(_monday)] = Field(
        REFERENCE_WEEK_DEFAULT,
        description="The Monday (YYYY-MM-DD) whose week, from 00:00 UTC, holds every meeting; it fixes the "
        "time zone offsets (daylight saving) used.",
    )
    weights: Weights = Field(default_factory=Weights, description="Relative weights of the quality terms.")
    groups: Annotated[list[FixedGroup], Field(min_length=1, max_length=MAX_FIXED_GROUPS)] | None = Field(
        None, description="The groups that may be formed (at most these), each with its own size bounds."
    )
    group_count: Annotated[int, Field(ge=1)] | None = Field(
        None, description="At most this many groups, each within group_size; give groups or group_count."
    )
    history_half_life_days: Annotated[FiniteFloat, Field(gt=0, le=MAX_HALF_LIFE_DAYS)] = Field(
        365.0, description="A past group's weight halves every this many days before the reference week."
    )
    history_hard_last_round: bool = Field(
        False, description="Never group again two people who shared a group on the history's latest date."
    )
    as_wishes: Annotated[list[Literal["style", "frequency", "focus"]], Items, AfterValidator(_unique)] = Field(
        default_factory=list,
        description="Rules (style, frequency, focus) that become weighted wishes instead of hard rules.",
    )
    composition: Annotated[list[CompositionRule], Items] = Field(
        default_factory=list, description="Rules about every group's make-up (tags, a number's mean)."
    )
    distance_unit: Literal["km", "mi"] = Field(
        "km", description="Unit in which exports show distances; max_travel_km is always in kilometres."
    )

    @model_validator(mode="after")
    def _fixed_groups_consistent(self) -> Settings:
        """Every problem with the fixed groups, one line each (validate.py reports each line); a
        group_count's groups are all alike, so they have none."""
        if self.groups is not None and self.group_count is not None:
            raise ValueError("give either groups or group_count, not both")
        problems = []
        first_use: dict[str, int] = {}
        for index, (group_id, low, high) in enumerate(self._bounds(self.groups or [])):
            if group_id in first_use:
                problems.append(f"groups[{index}]: id {group_id} is already used by groups[{first_use[group_id]}]")
            first_use.setdefault(group_id, index)
            if low > high:
                problems.append(f"groups[{index}]: min {low} is larger than max {high} (group {group_id})")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def fixed_groups(self, participant_count: int) -> list[tuple[str, int, int]] | None:
        """The fixed groups that may be formed as (id, min, max), or None when any number may be.

        A group_count of at least the most groups the participants could fill caps nothing, so it is no
        cap: the work then follows the participants, not a number that costs nothing to write."""
        if self.group_count is not None and self.group_count < participant_count // self.group_size.min:
            return self._bounds([FixedGroup()] * self.group_count)
        if self.groups is not None:
            return self._bounds(self.groups)
        return None

    def _bounds(self, declared: list[FixedGroup]) -> list[tuple[str, int, int]]:
        width = max(3, len(str(len(declared))))
        return [
            (
                fixed.id if fixed.id is not None else f"G{number:0{width}d}",
                fixed.min if fixed.min is not None else self.group_size.min,
                fixed.max if fixed.max is not None else self.group_size.max,
            )
            for number, fixed in enumerate(declared, start=1)
        ]
