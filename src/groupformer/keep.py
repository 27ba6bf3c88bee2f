"""Re-solving with locks (`solve --keep PREVIOUS`): the previous groups become open groups.

Each previous group keeps its id, meeting, modality, style, frequency and focus, minus the members who
are no longer signed up. By default a group still at the minimum size takes nobody new, so a re-solve
after a drop-out leaves every other group exactly as it was; a group that fell below the minimum gets
back the seats it lost (it dissolves if they cannot be filled, and its members are placed again). With
`open_seats` every kept group offers its free seats up to group_size.max instead, for a coordinator who
wants newcomers to join running groups. A member whose sign-up no longer suits the group's meeting (a
new availability, a new conflict) is released and placed again, and said so.

The sign-ups' own open groups that the previous solution already holds (under their id, or dissolved
and their members placed elsewhere) are replaced by its groups, so no group is kept twice; one the
previous solution does not know, added since, stays as the sign-ups give it.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupformer.contract import Group, OpenGroup, OpenGroupMeeting, OpenGroupPlace, SignupFile, SubmittedSolution
from groupformer.evaluate import Timetable
from groupformer.open_group_checks import broken_rules


@dataclass(frozen=True)
class KeptGroups:
    signups: SignupFile
    released: dict[str, str]
    gone: list[str]


def keep_conflict(signups: SignupFile) -> str | None:
    """The setting that kept groups cannot live with, in the user's words: kept groups become open
    groups, which keep their own style, frequency and focus (so none can be a wish) and stand outside
    any fixed groups' count (docs/keep.md)."""
    settings = signups.settings
    if settings.as_wishes:
        return "settings.as_wishes (a kept group keeps its own style, frequency and focus)"
    if settings.groups is not None or settings.group_count is not None:
        return "settings.groups or settings.group_count (kept groups are not among the fixed groups)"
    return None


def _free_seats(members: list[str], previous_size: int, signups: SignupFile, open_seats: bool) -> int:
    group_size = signups.settings.group_size
    if open_seats:
        return max(0, group_size.max - len(members))
    if len(members) >= group_size.min:
        return 0
    return max(0, min(previous_size, group_size.max) - len(members))


def _as_open_group(group: Group, members: list[str], seats: int) -> OpenGroup:
    location = group.meeting.location
    return OpenGroup(
        id=group.id,
        members=members,
        meeting=OpenGroupMeeting(
            utc_start=group.meeting.utc_start,
            location=None
            if location is None
            else OpenGroupPlace(lat=location.lat, lon=location.lon, host=location.host),
        ),
        modality=group.modality,
        style=group.style,
        frequency=group.frequency,
        focus=group.focus,
        open_seats=seats,
    )


def _misfits(open_group: OpenGroup, signups: SignupFile, timetable: Timetable) -> set[str]:
    """Members the group's meeting or other members no longer suit, by the judge's rules."""
    return {member for violation in broken_rules(open_group, signups, timetable) for member in violation.members}


def _own_open_groups_still_pending(signups: SignupFile, previous: SubmittedSolution) -> list[OpenGroup]:
    previous_ids = {group.id for group in previous.groups}
    placed_before = {member for group in previous.groups for member in group.members}
    return [
        group
        for group in signups.open_groups
        if group.id not in previous_ids and not placed_before.intersection(group.members)
    ]


def keep_previous_groups(signups: SignupFile, previous: SubmittedSolution, open_seats: bool = False) -> KeptGroups:
    """The sign-ups with every previous group added to their open groups; `open_seats` opens every free
    seat of every kept group, not only the seats of groups below the minimum."""
    signed_up = {participant.id for participant in signups.participants}
    own_open_groups = _own_open_groups_still_pending(signups, previous)
    already_open = {member for group in own_open_groups for member in group.members}
    timetable = Timetable(signups)
    kept: list[OpenGroup] = []
    released: dict[str, str] = {}
    gone: list[str] = []
    for group in previous.groups:
        gone += [member for member in group.members if member not in signed_up]
        members = [member for member in group.members if member in signed_up and member not in already_open]
        if not members:
            continue
        misfits = _misfits(_as_open_group(group, members, 0), signups, timetable)
        released |= {member: group.id for member in misfits}
        members = [member for member in members if member not in misfits]
        if members:
            seats = _free_seats(members, len(group.members), signups, open_seats)
            kept.append(_as_open_group(group, members, seats))
    updated = signups.model_copy(update={"open_groups": own_open_groups + kept})
    return KeptGroups(updated, released, gone)
