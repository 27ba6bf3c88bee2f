"""The contract's words and field types: format names, the values a day, modality, style or frequency
may take, and the checked types (terms, finite numbers, clock times).

They are written once here so that every document checks a day or a term the same way.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

from annotated_types import MaxLen
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from groupformer.contract.limits import MAX_LIST_ITEMS, MAX_TEXT_CHARS, quoted

INPUT_FORMAT = "groupformer/v1"
SOLUTION_FORMAT = "groupformer/v1-solution"

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
    terms = [normalise_term(values[0])] if len(values) == 1 else list(dict.fromkeys(map(normalise_term, values)))
    if "" in terms:
        raise ValueError("values must be non-blank strings")
    return terms


def _unique(values: list[str]) -> list[str]:
    return values if len(values) < 2 else list(dict.fromkeys(values))


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number (no NaN or Infinity)")
    return value


_CLOCK = re.compile(r"(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)")


def _clock_time(text: str) -> str:
    if not _CLOCK.fullmatch(text):
        raise ValueError(f"{quoted(text)} is not a time of day as HH:MM between 00:00 and 24:00")
    return text


Items = MaxLen(MAX_LIST_ITEMS)
"""The length limit of every list inside one entry of the sign-up file."""
Terms = Annotated[list[str], Items, AfterValidator(_normalise_terms)]
Text = Annotated[str, MaxLen(MAX_TEXT_CHARS)]
"""An id or a name inside a solution, whose other strings (reasons) are the solver's own and unbounded."""
FiniteFloat = Annotated[float, AfterValidator(_finite)]
ClockTime = Annotated[str, AfterValidator(_clock_time)]
ParticipantId = Annotated[str, Field(min_length=1, pattern=r"\S")]


def clock_minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


class ContractModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class SignupModel(ContractModel):
    """A part of the sign-up file, whose every string is at most MAX_TEXT_CHARS long: the exports copy
    names and labels into every file, so an unbounded one would be copied as often."""

    model_config = ConfigDict(str_max_length=MAX_TEXT_CHARS)
