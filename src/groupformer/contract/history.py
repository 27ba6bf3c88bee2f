"""Groups of earlier rounds (the `history`), so that people meet new peers; members need not have
signed up this time."""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from groupformer.contract.vocabulary import ContractModel, ParticipantId


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
