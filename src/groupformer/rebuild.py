"""A group rebuilt for a new set of members, as `solve` would build it, for the desk's hand edits.

The sign-ups are compiled once per desk; each rebuild fills in the group as `complete` fills in a
hand-made one (derive.py's choices of meeting, modality, host, focus, style and frequency). When a rule
leaves no choice, the group keeps the meeting it had (a newcomer who cannot make it is then judged as
breaking the rule), and a new group takes the meeting its members form without those who block it.
"""

from __future__ import annotations

from groupformer.compile import compile_problem
from groupformer.compile.scores import score_group
from groupformer.complete import GroupCompleter, infeasible_violation
from groupformer.contract import Group, GroupScores, SignupFile, Violation
from groupformer.edits import GroupCannotMeet
from groupformer.grouping import GivenGroup
from groupformer.timegeo import haversine_km

MEETING_FIELDS = {"modality", "style", "frequency", "focus", "meeting"}


class GroupRebuilder:
    def __init__(self, signups: SignupFile):
        self._problem = compile_problem(signups)
        self._completer = GroupCompleter(signups, lambda: self._problem)
        self._index_of = {participant.id: index for index, participant in enumerate(signups.participants)}
        self._offices = {participant.id: participant.location for participant in signups.participants}

    def rebuilt(self, group_id: str, members: list[str], previous: Group | None) -> tuple[Group, list[Violation]]:
        """The group these members form, and the rules no choice satisfies (then the meeting is the one
        `previous` had, or for a new group the one its members form without those who block it)."""
        group, cannot_meet = self._completed(GivenGroup(id=group_id, members=members))
        if group is None:
            previous = previous or self._formed_without_blockers(group_id, members, cannot_meet)
            meeting = self._hosted_by_a_member(previous.model_dump(mode="json", include=MEETING_FIELDS), members)
            group, _ = self._completed(GivenGroup.model_validate({**meeting, "id": group_id, "members": members}))
        return group.model_copy(update={"scores": self._scores(members)}), cannot_meet

    def _hosted_by_a_member(self, fields: dict, members: list[str]) -> dict:
        """The kept meeting, moved from the office of a host who has left the group to the nearest
        office of a member (a solution naming a host who is not a member is no solution); it stays
        where it was when no member has an office."""
        location = fields["meeting"].get("location")
        if location is None or location.get("host") in (None, *members):
            return fields
        offices = [(member, self._offices[member]) for member in members if self._offices[member] is not None]
        if not offices:
            moved = {**location, "host": None}
        else:
            host, office = min(
                offices, key=lambda entry: haversine_km(location["lat"], location["lon"], entry[1].lat, entry[1].lon)
            )
            moved = {"lat": office.lat, "lon": office.lon, "host": host}
        return {**fields, "meeting": {**fields["meeting"], "location": moved}}

    def _completed(self, given: GivenGroup) -> tuple[Group | None, list[Violation]]:
        group, _, blocked = self._completer.group(given.id, given)
        return group, [infeasible_violation(given.id, rule) for rule in blocked]

    def _scores(self, members: list[str]) -> GroupScores | None:
        """The solver's scores of the group, which has none with fewer than two members."""
        if len(set(members)) < 2:
            return None
        score = score_group(self._problem, sorted({self._index_of[member] for member in members}))
        return GroupScores(fit=round(score.fit, 6), diversity=round(score.diversity, 6))

    def _formed_without_blockers(self, group_id: str, members: list[str], cannot_meet: list[Violation]) -> Group:
        blocking = {member for violation in cannot_meet for member in violation.members}
        others = [member for member in members if member not in blocking]
        group = self._completed(GivenGroup(id=group_id, members=others))[0] if others else None
        if group is None:
            raise GroupCannotMeet(cannot_meet)
        return group
