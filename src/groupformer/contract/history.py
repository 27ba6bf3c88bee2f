"""Groups of earlier rounds (the `history`), so that people meet new peers; members need not have
signed up this time."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Annotated

from pydantic import AfterValidator, Field

from groupformer.contract.limits import date_in_range, quoted
from groupformer.contract.vocabulary import Items, ParticipantId, SignupModel


def _calendar_date(date_text: str) -> str:
    try:
        date = datetime.date.fromisoformat(date_text)
    except ValueError as error:
        raise ValueError(f"not a calendar date as YYYY-MM-DD: {quoted(date_text)}") from error
    return date_in_range(date, date_text)


def _distinct(members: list[str]) -> list[str]:
    counts = Counter(members)
    repeated = sorted(member for member, count in counts.items() if count > 1)
    if repeated:
        raise ValueError(f"{', '.join(repeated)} listed more than once")
    return members


class PastGroup(SignupModel):
    """Extension: a group of an earlier round, to avoid repeating it (docs/contract.md, "history").
    Members may include people who have not signed up this time."""

    date: Annotated[str, AfterValidator(_calendar_date)] = Field(
        description="When the group met (YYYY-MM-DD); its weight halves every history_half_life_days."
    )
    members: Annotated[list[ParticipantId], Field(min_length=2), Items, AfterValidator(_distinct)] = Field(
        description="Ids of its members, at least two; people not signed up now are allowed."
    )
    id: str | None = Field(None, description="A name for the past group; not used for solving.")
