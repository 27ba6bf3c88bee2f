"""The judge's checks of open groups (groups that already meet, or kept by `solve --keep`): a solution
keeps their members and meeting and fills at most their open seats.

Whether an open group suits its members in the first place is an input check, made before solving
(groupformer.open_group_checks).
"""

from __future__ import annotations

from groupformer.contract import Group, OpenGroup, SignupFile, SubmittedSolution, Violation
from groupformer.timegeo import parse_utc


def _changed_meeting(open_group: OpenGroup, group: Group) -> list[str]:
    """What the solution changed of an open group's meeting, which must stay as it is."""
    changes = [
        name
        for name, before, after in (
            ("modality", open_group.modality, group.modality),
            ("style", open_group.style, group.style),
            ("frequency", open_group.frequency, group.frequency),
            ("focus", open_group.focus, group.focus),
            ("meeting time", parse_utc(open_group.meeting.utc_start), parse_utc(group.meeting.utc_start)),
        )
        if before != after
    ]
    place, new_place = open_group.meeting.location, group.meeting.location
    if (place is None) != (new_place is None) or (
        place is not None and (place.lat, place.lon) != (new_place.lat, new_place.lon)
    ):
        changes.append("place")
    return changes


def open_group_violations(signups: SignupFile, solution: SubmittedSolution) -> list[Violation]:
    """Open groups keep their members and meeting and take at most their open seats; one below the
    minimum size may instead be missing (dissolved, its members placed again)."""
    by_id = {group.id: group for group in solution.groups}
    found = []
    for open_group in signups.open_groups:
        group = by_id.get(open_group.id)
        if group is None:
            if len(set(open_group.members)) >= signups.settings.group_size.min:
                message = f"open group {open_group.id} is missing from the solution"
                found.append(Violation(rule="open_group", group=open_group.id, members=[], message=message))
            continue
        problems = []
        missing = [member for member in open_group.members if member not in group.members]
        if missing:
            problems.append((missing, f"lost its members {', '.join(missing)}"))
        newcomers = [member for member in dict.fromkeys(group.members) if member not in open_group.members]
        if len(newcomers) > open_group.open_seats:
            problems.append((newcomers, f"took {len(newcomers)} newcomers into {open_group.open_seats} open seats"))
        changes = _changed_meeting(open_group, group)
        if changes:
            problems.append(([], f"changed its {', '.join(changes)}"))
        found += [
            Violation(rule="open_group", group=group.id, members=members, message=f"open group {group.id} {problem}")
            for members, problem in problems
        ]
    return found
