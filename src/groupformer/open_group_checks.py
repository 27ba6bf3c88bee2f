"""Open groups (the `open_groups` extension): groups that already meet, checked against the sign-ups.

Their members stay together at their meeting, so the meeting must still suit every member; a problem is
reported like any other bad input, naming the open group and the member, so the coordinator can fix the
group or the member's sign-up.
"""

from __future__ import annotations

from groupformer.compile.time import MINUTES_PER_WEEK, reference_monday
from groupformer.contract import OpenGroup, SignupFile, Violation
from groupformer.contract.limits import quoted
from groupformer.evaluate import Timetable, group_violations
from groupformer.timegeo import parse_utc


def _meeting_problem(signups: SignupFile, utc_start: str) -> str | None:
    """A meeting must be a start of the reference week's slot grid, where the search places meetings."""
    instant = parse_utc(utc_start)
    if instant is None:
        return f"meeting.utc_start: {utc_start} is not a real date-time"
    settings = signups.settings
    minutes = (instant - reference_monday(settings.reference_week)).total_seconds() / 60
    if not 0 <= minutes < MINUTES_PER_WEEK:
        return f"meeting.utc_start: {utc_start} is not in the reference week starting {settings.reference_week}"
    if minutes % settings.slot_minutes:
        return f"meeting.utc_start: {utc_start} is not on the {settings.slot_minutes}-minute grid"
    return None


def _membership_problems(signups: SignupFile) -> list[str]:
    known = {participant.id for participant in signups.participants}
    problems = []
    first_group: dict[str, str] = {}
    group_ids: set[str] = set()
    for index, group in enumerate(signups.open_groups):
        if group.id in group_ids:
            problems.append(f"open_groups[{index}].id: {group.id} is used by another open group")
        group_ids.add(group.id)
        for position, member in enumerate(group.members):
            where = f"open_groups[{index}].members[{position}]"
            if member not in known:
                problems.append(f"{where}: unknown participant id {quoted(member)}")
            elif member in first_group:
                problems.append(f"{where}: {member} is already a member of {first_group[member]}")
            else:
                first_group[member] = group.id
    return problems


def _size_problem(signups: SignupFile, index: int) -> str | None:
    group = signups.open_groups[index]
    limit = signups.settings.group_size.max
    if len(set(group.members)) + group.open_seats > limit:
        return (
            f"open_groups[{index}].open_seats: {len(set(group.members))} members and {group.open_seats} open seats "
            f"exceed group_size.max {limit}"
        )
    return None


def broken_rules(group: OpenGroup, signups: SignupFile, timetable: Timetable) -> list[Violation]:
    """The judge's rules the group breaks at its meeting as it stands; its size is not one of them, since
    a group below the minimum may still be filled."""
    by_id = {participant.id: participant for participant in signups.participants}
    members = [by_id[member] for member in group.members]
    violations = group_violations(group.as_group(signups.settings.meeting_minutes), members, signups, timetable)
    return [violation for violation in violations if violation.rule != "size"]


def open_group_problems(signups: SignupFile) -> list[str]:
    """Every problem with the open groups, one line each naming the open group (and member)."""
    problems = _membership_problems(signups)
    if problems or not signups.open_groups:
        return problems
    if signups.settings.groups is not None or signups.settings.group_count is not None:
        return ["open_groups: cannot be combined with settings.groups or settings.group_count"]
    if signups.settings.as_wishes:
        return ["open_groups: cannot be combined with settings.as_wishes (open groups keep their own values)"]
    timetable = Timetable(signups)
    for index, group in enumerate(signups.open_groups):
        meeting_problem = _meeting_problem(signups, group.meeting.utc_start)
        size_problem = _size_problem(signups, index)
        problems += [f"open_groups[{index}].{meeting_problem}"] if meeting_problem else []
        problems += [size_problem] if size_problem else []
        if meeting_problem:
            continue
        for violation in broken_rules(group, signups, timetable):
            problems.append(f"open_groups[{index}] ({group.id}): {violation.message}")
    return problems
