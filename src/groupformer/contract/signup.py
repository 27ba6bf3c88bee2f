"""The sign-up file as a whole: the document `solve` reads, assembled from its parts' modules."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from groupformer.contract.history import PastGroup
from groupformer.contract.limits import MAX_GROUP_ENTRIES, MAX_PARTICIPANTS
from groupformer.contract.open_groups import OpenGroup
from groupformer.contract.participants import Participant
from groupformer.contract.settings import Settings
from groupformer.contract.vocabulary import INPUT_FORMAT, SignupModel


class SignupFile(SignupModel):
    """A sign-up file: who wants a group, and how groups are formed (docs/contract.md)."""

    format: Literal["groupformer/v1"] = Field(INPUT_FORMAT, description="Always groupformer/v1.")
    settings: Settings = Field(default_factory=Settings, description="How groups are formed; all optional.")
    participants: Annotated[list[Participant], Field(min_length=1, max_length=MAX_PARTICIPANTS)] = Field(
        description="Everyone who signed up, at least one."
    )
    open_groups: Annotated[list[OpenGroup], Field(max_length=MAX_GROUP_ENTRIES)] = Field(
        default_factory=list, description="Groups that already meet and have seats for newcomers."
    )
    history: Annotated[list[PastGroup], Field(max_length=MAX_GROUP_ENTRIES)] = Field(
        default_factory=list, description="Groups of earlier rounds, so people meet new peers."
    )

    def fixed_groups(self) -> list[tuple[str, int, int]] | None:
        """The fixed groups that may be formed as (id, min, max), or None when any number may be."""
        return self.settings.fixed_groups(len(self.participants))
