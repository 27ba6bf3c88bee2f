"""Who met whom in earlier rounds (`history`): how much each pair's meeting again costs in novelty, and
with settings.history_hard_last_round, the last round's pairs that must not meet again."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from groupformer.contract import Group, Participant, SignupFile, Violation


class PastMeetings:
    """How strongly each pair met in the history: 0.5 ** (age in days / half-life) per shared past
    group, summed and capped at 1, the age counted up to the reference week (docs/objective.md)."""

    def __init__(self, signups: SignupFile):
        self.present = bool(signups.history)
        settings = signups.settings
        reference = datetime.strptime(settings.reference_week, "%Y-%m-%d").date()
        self.weights: dict[frozenset[str], float] = defaultdict(float)
        for past in signups.history:
            age_days = max(0, (reference - datetime.strptime(past.date, "%Y-%m-%d").date()).days)
            for index, first in enumerate(past.members):
                for second in past.members[index + 1 :]:
                    self.weights[frozenset((first, second))] += 0.5 ** (age_days / settings.history_half_life_days)
        latest = max((past.date for past in signups.history), default=None)
        self.last_round = [past for past in signups.history if past.date == latest]
        self.last_round_is_hard = settings.history_hard_last_round

    def weight(self, first: str, second: str) -> float:
        return min(1.0, self.weights.get(frozenset((first, second)), 0.0))

    def together_last_round(self, first: str, second: str) -> str | None:
        """The date they last shared a group, when that was the last round and it counts as a rule."""
        if not self.last_round_is_hard:
            return None
        return next((past.date for past in self.last_round if {first, second} <= set(past.members)), None)


def repeat_violations(group: Group, members: list[Participant], past: PastMeetings) -> list[Violation]:
    found = []
    for index, first in enumerate(members):
        for second in members[index + 1 :]:
            date = past.together_last_round(first.id, second.id)
            if date is not None:
                message = f"{first.id} and {second.id} in {group.id} were grouped together last round ({date})"
                found.append(Violation(rule="history", group=group.id, members=[first.id, second.id], message=message))
    return found
