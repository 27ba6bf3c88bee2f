"""The judge's report on a solution: the rules broken, where, and the measures to compare solutions by."""

from __future__ import annotations

from pydantic import Field

from groupformer.contract.vocabulary import ContractModel


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
