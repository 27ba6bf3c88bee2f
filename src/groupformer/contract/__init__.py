"""The JSON contract (groupformer/v1) as pydantic models: the single source of truth for its shape.

Models are strict (no silent coercion of "3" into 3) and forbid unknown fields, because a field the
coordinator misspelt would otherwise be dropped without a word. Checks that need more than one field
or the whole file (unknown ids, time zones) live in `validate.py` so that they can all be reported at
once, even when some participants fail to parse.

One module per document part: `limits` (the largest input accepted, and why), `vocabulary` (formats,
value sets, checked field types), `participants`, `settings`, `open_groups`, `history`, `signup` (the
whole sign-up file), `solution` and `report` (the judge's). Everything is imported from here, so callers
never depend on where a model lives.
"""

from __future__ import annotations

from groupformer.contract.history import PastGroup
from groupformer.contract.open_groups import OpenGroup, OpenGroupMeeting, OpenGroupPlace
from groupformer.contract.participants import Location, Participant, SizeRange, Window, known_timezones
from groupformer.contract.report import DerivedFields, EvaluationReport, Violation
from groupformer.contract.settings import (
    REFERENCE_WEEK_DEFAULT,
    CompositionRule,
    FixedGroup,
    GroupSize,
    Settings,
    Weights,
)
from groupformer.contract.signup import SignupFile
from groupformer.contract.solution import (
    Group,
    GroupScores,
    Meeting,
    MeetingLocation,
    Solution,
    SolveStats,
    SubmittedSolution,
    UnassignedParticipant,
)
from groupformer.contract.vocabulary import (
    DAYS,
    FREQUENCIES,
    INPUT_FORMAT,
    MODALITIES,
    SOLUTION_FORMAT,
    STYLES,
    ClockTime,
    ContractModel,
    Day,
    FiniteFloat,
    Frequency,
    Items,
    Modality,
    ParticipantId,
    SignupModel,
    Status,
    Style,
    Terms,
    Text,
    clock_minutes,
    normalise_term,
)

__all__ = [
    "DAYS",
    "FREQUENCIES",
    "INPUT_FORMAT",
    "MODALITIES",
    "REFERENCE_WEEK_DEFAULT",
    "SOLUTION_FORMAT",
    "STYLES",
    "ClockTime",
    "CompositionRule",
    "ContractModel",
    "Day",
    "DerivedFields",
    "EvaluationReport",
    "FiniteFloat",
    "Frequency",
    "Group",
    "GroupScores",
    "GroupSize",
    "FixedGroup",
    "Items",
    "Location",
    "Meeting",
    "MeetingLocation",
    "Modality",
    "OpenGroup",
    "OpenGroupMeeting",
    "OpenGroupPlace",
    "Participant",
    "ParticipantId",
    "PastGroup",
    "Settings",
    "SignupFile",
    "SignupModel",
    "SizeRange",
    "Solution",
    "SolveStats",
    "Status",
    "Style",
    "SubmittedSolution",
    "Terms",
    "Text",
    "UnassignedParticipant",
    "Violation",
    "Weights",
    "Window",
    "clock_minutes",
    "known_timezones",
    "normalise_term",
]
