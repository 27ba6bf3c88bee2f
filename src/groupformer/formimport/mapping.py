"""The mapping file: which form column holds which contract field, and what each answer means.

Forms word their questions and answers for people ("Every other week"), the contract for machines
("biweekly"); the mapping is the one place where a coordinator writes down that translation. It is
strict like the contract: a misspelt key would otherwise silently leave a column unread.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Annotated, Any, Literal

import pydantic
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from groupformer.contract import Day, Frequency, Modality, SizeRange, Style
from groupformer.contract.limits import MAX_NESTING_DEPTH, quoted
from groupformer.json_shape import nests_too_deep, too_deep_location
from groupformer.validate import InputError, decoded_text, json_path, too_deep

DEFAULT_MAPPING_NAME = "default mapping"

ReferenceKey = Literal["id", "email", "name"]
TravelUnit = Literal["km", "mi", "miles"]
DistanceUnit = Literal["km", "mi"]
_UNIT_WORDS: dict[DistanceUnit, set[str]] = {
    "mi": {"mi", "mile", "miles"},
    "km": {"km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"},
}
ColumnName = Annotated[str, Field(min_length=1, pattern=r"\S")]


def answer_key(text: str) -> str:
    """Answers match case-insensitively and regardless of spacing, as coordinators type them by hand."""
    return " ".join(text.split()).casefold()


def _distinct_answer_keys(answers: dict[str, Any]) -> dict[str, Any]:
    seen: dict[str, str] = {}
    for answer in answers:
        key = answer_key(answer)
        if key in seen:
            raise ValueError(
                f"answers {quoted(seen[key])} and {quoted(answer)} are the same answer (case and spaces ignored)"
            )
        seen[key] = answer
    return {answer_key(answer): value for answer, value in answers.items()}


def _answers_table(value_type: Any) -> Any:
    return Annotated[dict[str, value_type], AfterValidator(_distinct_answer_keys)]


class MappingModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class AvailabilityColumns(MappingModel):
    """One column per weekday; a day without a column is a day nobody is available."""

    mon: ColumnName | None = None
    tue: ColumnName | None = None
    wed: ColumnName | None = None
    thu: ColumnName | None = None
    fri: ColumnName | None = None
    sat: ColumnName | None = None
    sun: ColumnName | None = None

    def by_day(self) -> dict[Day, str]:
        return {day: column for day, column in self.model_dump().items() if column is not None}


class Columns(MappingModel):
    """Contract field (or importer field, like `max_travel`) -> the form's column header."""

    id: ColumnName | None = None
    name: ColumnName | None = None
    email: ColumnName | None = None
    timezone: ColumnName | None = None
    availability: AvailabilityColumns
    modality: ColumnName | None = None
    location: ColumnName | None = None
    country: ColumnName | None = None
    latitude: ColumnName | None = None
    longitude: ColumnName | None = None
    max_travel: ColumnName | None = None
    focus: ColumnName | None = None
    specialties: ColumnName | None = None
    style: ColumnName | None = None
    frequency: ColumnName | None = None
    preferred_size: ColumnName | None = None
    tags: ColumnName | None = None
    avoid_tags: ColumnName | None = None
    avoid: ColumnName | None = None
    prefer: ColumnName | None = None
    credential: ColumnName | None = None
    experience_years: ColumnName | None = None

    @pydantic.model_validator(mode="after")
    def _one_way_to_locate(self) -> Columns:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude columns, or neither")
        if self.location is not None and self.latitude is not None:
            raise ValueError("give either a location column or latitude and longitude columns, not both")
        if self.country is not None and self.location is None:
            raise ValueError("a country column needs a location column (the city in that country)")
        return self

    def by_field(self) -> dict[str, str]:
        """Every mapped column by field name, availability columns as `availability.mon` and so on."""
        fields = {name: column for name, column in self.model_dump(exclude={"availability"}).items() if column}
        for day, column in self.availability.by_day().items():
            fields[f"availability.{day}"] = column
        return fields


class Options(MappingModel):
    travel_unit: TravelUnit = "km"
    timezone_from_location: bool = False
    references: Annotated[list[ReferenceKey], Field(min_length=1)] = Field(
        default_factory=lambda: ["id", "email", "name"]
    )
    generated_id_prefix: Annotated[str, Field(min_length=1, pattern=r"^\S+$")] = "p"
    none_answers: list[str] = Field(default_factory=list)

    def means_none(self, cell: str) -> bool:
        return answer_key(cell) in {answer_key(answer) for answer in self.none_answers}

    @property
    def distance_unit(self) -> DistanceUnit:
        return "km" if self.travel_unit == "km" else "mi"


class Answers(MappingModel):
    """Per field: form answer -> contract value(s). Keys compare case-insensitively."""

    modality: _answers_table(Modality | list[Modality]) = Field(default_factory=dict)
    style: _answers_table(Style | list[Style]) = Field(default_factory=dict)
    frequency: _answers_table(Frequency | list[Frequency]) = Field(default_factory=dict)
    focus: _answers_table(str | list[str]) = Field(default_factory=dict)
    specialties: _answers_table(str | list[str]) = Field(default_factory=dict)
    tags: _answers_table(str | list[str]) = Field(default_factory=dict)
    avoid_tags: _answers_table(str | list[str]) = Field(default_factory=dict)
    timezone: _answers_table(str) = Field(default_factory=dict)
    country: _answers_table(str) = Field(default_factory=dict)
    availability: _answers_table(str) = Field(default_factory=dict)
    preferred_size: _answers_table(SizeRange) = Field(default_factory=dict)
    max_travel: _answers_table(Annotated[float, Field(ge=0)]) = Field(default_factory=dict)
    experience_years: _answers_table(Annotated[float, Field(ge=0)]) = Field(default_factory=dict)


class FormMapping(MappingModel):
    settings: dict[str, Any] = Field(default_factory=dict)
    columns: Columns
    options: Options = Field(default_factory=Options)
    answers: Answers = Field(default_factory=Answers)

    @pydantic.model_validator(mode="after")
    def _time_zones_have_a_source(self) -> FormMapping:
        if self.options.timezone_from_location and self.columns.location is None:
            raise ValueError("options.timezone_from_location needs a location column (coordinates carry no time zone)")
        if self.columns.timezone is None and not self.options.timezone_from_location:
            raise ValueError(
                "columns.timezone: give the time zone column, or set options.timezone_from_location = true "
                "to take each time zone from the place of the location column"
            )
        return self

    @pydantic.model_validator(mode="after")
    def _travel_unit_agrees_with_the_question(self) -> FormMapping:
        """A question "How far would you travel (miles)?" read with the default km would shrink every
        radius by 38% without a word; the header is the coordinator's own statement of the unit."""
        header = self.columns.max_travel
        if header is None:
            return self
        words = set(re.findall(r"[a-z]+", header.casefold()))
        spoken = {unit for unit, names in _UNIT_WORDS.items() if words & names}
        if len(spoken) == 1 and spoken != {self.options.distance_unit}:
            written = "miles" if spoken == {"mi"} else "km"
            raise ValueError(
                f'the max_travel column "{header}" asks in {written} but options.travel_unit is '
                f'"{self.options.travel_unit}": set travel_unit = "{written}"'
            )
        return self


def _mapping_problems(error: pydantic.ValidationError, mapping_name: str) -> list[str]:
    problems = []
    for detail in error.errors(include_url=False):
        message = detail["msg"].removeprefix("Value error, ")
        problems.append(f"{mapping_name}: {json_path(tuple(detail['loc']))}: {message}")
    return problems


def parse_mapping(raw: bytes, mapping_name: str) -> FormMapping:
    text = decoded_text(raw, mapping_name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError([f"{mapping_name}: invalid TOML: {error}"]) from None
    except RecursionError:
        raise InputError([too_deep(mapping_name, text)]) from None
    if nests_too_deep(data):
        where = json_path(too_deep_location(data))
        raise InputError([f"{mapping_name}: {where}: nested deeper than {MAX_NESTING_DEPTH} levels"])
    try:
        return FormMapping.model_validate(data)
    except pydantic.ValidationError as error:
        raise InputError(_mapping_problems(error, mapping_name)) from None


def default_mapping_bytes() -> bytes:
    """The mapping of the shipped sample form (instances/sample-form.csv), kept inside the package."""
    return resources.files("groupformer.formimport").joinpath("default_mapping.toml").read_bytes()
