"""The judge's findings group by group, and the report summed from them.

`evaluate` judges every group of a solution; the desk judges only the groups an edit changed and sums
the same verdicts again. Both go through here, so the desk's report is the judge's report by
construction: the sums run in the solution's order, and people, preference pairs and size wishes are
counted as sets, so someone listed twice still counts once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from groupformer.contract import EvaluationReport, Group, SignupFile, Violation
from groupformer.evaluate.history import PastMeetings, repeat_violations
from groupformer.evaluate.objective import dissimilarity, group_quality, prefers_met, size_fits
from groupformer.evaluate.rules import group_violations
from groupformer.evaluate.timetable import Timetable


@dataclass(frozen=True)
class GroupVerdict:
    """One group's broken rules and its share of each measure (`quality` None for a group with no known
    member, which is not scored)."""

    violations: list[Violation]
    member_ids: frozenset[str]
    prefer_pairs: frozenset[tuple[str, str]]
    size_wishes_met: frozenset[str]
    diversity: float
    specialties: int
    quality: float | None


class Judge:
    """The judge for one set of sign-ups: what every verdict needs is read from them once."""

    def __init__(self, signups: SignupFile):
        self.signups = signups
        self.by_id = {participant.id: participant for participant in signups.participants}
        self.timetable = Timetable(signups)
        self.past = PastMeetings(signups)

    def group(self, group: Group) -> GroupVerdict:
        members = [self.by_id[member_id] for member_id in dict.fromkeys(group.members) if member_id in self.by_id]
        violations = group_violations(group, members, self.signups, self.timetable)
        violations += repeat_violations(group, members, self.past)
        member_ids = frozenset(member.id for member in members)
        quality = None
        if members:
            common_starts = self.timetable.common_start_count(members)
            quality = group_quality(group, members, common_starts, self.signups.settings, self.past)
        return GroupVerdict(
            violations=violations,
            member_ids=member_ids,
            prefer_pairs=frozenset(
                (member.id, other) for member in members for other in prefers_met(member, member_ids)
            ),
            size_wishes_met=frozenset(member.id for member in members if size_fits(member, len(members))),
            diversity=sum(
                dissimilarity(first, second) for index, first in enumerate(members) for second in members[index + 1 :]
            ),
            specialties=len({term for member in members for term in member.specialties}),
            quality=quality,
        )

    def report(self, violations: list[Violation], verdicts: Iterable[GroupVerdict]) -> EvaluationReport:
        """The report from the solution-wide `violations` (coverage, open groups) and every group's
        verdict, in the solution's order."""
        violations = list(violations)
        placed: set[str] = set()
        prefer_pairs: set[tuple[str, str]] = set()
        size_wishes_met: set[str] = set()
        diversity = quality = 0.0
        specialty_counts = []
        for verdict in verdicts:
            violations += verdict.violations
            placed |= verdict.member_ids
            prefer_pairs |= verdict.prefer_pairs
            size_wishes_met |= verdict.size_wishes_met
            diversity += verdict.diversity
            specialty_counts.append(verdict.specialties)
            if verdict.quality is not None:
                quality += verdict.quality
        participants = len(self.signups.participants)
        return EvaluationReport(
            valid=not violations,
            violations=violations,
            objective=participants * len(placed) + quality,
            assigned=len(placed),
            diversity=diversity,
            coverage=sum(specialty_counts) / len(specialty_counts) if specialty_counts else 0.0,
            prefer_met=len(prefer_pairs),
            size_pref_met=len(size_wishes_met),
            participants=participants,
            groups=len(specialty_counts),
            quality=quality,
            placement_weight=float(participants),
        )
