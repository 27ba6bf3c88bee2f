"""Re-solving with locks (`solve --keep PREVIOUS`): the previous groups become open groups.

Each previous group keeps its id, meeting, modality, style, frequency and focus, minus the members who
are no longer signed up. A group still at the minimum size takes nobody new, so a re-solve after a
drop-out leaves every other group exactly as it was; a group that fell below the minimum gets back the
seats it lost (it dissolves if they cannot be filled, and its members are placed again). A member whose
sign-up no longer suits the group's meeting (a new availability, a new conflict) is released and placed
again, and said so.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupformer.contract import Group, OpenGroup, OpenGroupMeeting, OpenGroupPlace, SignupFile, SubmittedSolution
from groupformer.evaluate import Timetable
from groupformer.open_groups import broken_rules


@dataclass(frozen=True)
class KeptGroups:
    signups: SignupFile
    released: dict[str, str]
    gone: list[str]


def _as_open_group(group: Group, members: list[str], previous_size: int, signups: SignupFile) -> OpenGroup:
    group_size = signups.settings.group_size
    seats = 0 if len(members) >= group_size.min else min(previous_size, group_size.max) - len(members)
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
        open_seats=max(0, seats),
    )


def _misfits(open_group: OpenGroup, signups: SignupFile, timetable: Timetable) -> set[str]:
    """Members the group's meeting or other members no longer suit, by the judge's rules."""
    return {member for violation in broken_rules(open_group, signups, timetable) for member in violation.members}


def keep_previous_groups(signups: SignupFile, previous: SubmittedSolution) -> KeptGroups:
    """The sign-ups with every previous group added to their open groups."""
    signed_up = {participant.id for participant in signups.participants}
    already_open = {member for group in signups.open_groups for member in group.members}
    timetable = Timetable(signups)
    kept: list[OpenGroup] = []
    released: dict[str, str] = {}
    gone: list[str] = []
    for group in previous.groups:
        gone += [member for member in group.members if member not in signed_up]
        members = [member for member in group.members if member in signed_up and member not in already_open]
        if not members:
            continue
        misfits = _misfits(_as_open_group(group, members, len(group.members), signups), signups, timetable)
        released |= {member: group.id for member in misfits}
        members = [member for member in members if member not in misfits]
        if members:
            kept.append(_as_open_group(group, members, len(group.members), signups))
    updated = signups.model_copy(update={"open_groups": list(signups.open_groups) + kept})
    return KeptGroups(updated, released, gone)
