"""The hard rules one group must keep: its size, its meeting, each member's modality, style, frequency,
availability and travel, the focus, who must not be grouped together, and the composition rules.

Also the judge's answer to "which rules would this group break", which the input checks of open groups
and the explanations ask it rather than keep a second copy of the rules.
"""

from __future__ import annotations

from groupformer.contract import DAYS, Group, Participant, SignupFile, Violation, normalise_term
from groupformer.evaluate.timetable import Timetable, is_free
from groupformer.timegeo import clock, haversine_km, local_start, parse_utc

# Rounding slack, so a member whose travel limit is exactly the distance may still travel it.
DISTANCE_TOLERANCE_KM = 1e-9


def meeting_violations(group: Group, settings_minutes: int) -> list[Violation]:
    meeting, problems = group.meeting, []
    if meeting.minutes != settings_minutes:
        problems.append(([], f"lasts {meeting.minutes} minutes instead of the {settings_minutes} set"))
    if parse_utc(meeting.utc_start) is None:
        problems.append(([], f"starts at {meeting.utc_start}, which is not a real date-time"))
    if (group.modality == "in_person") != (meeting.location is not None):
        problems.append(([], "must have a location exactly when it meets in person"))
    host = meeting.location.host if meeting.location else None
    if host is not None and host not in group.members:
        problems.append(([host], f"is hosted by {host}, who is not a member"))
    return [
        Violation(rule="meeting", group=group.id, members=members, message=f"the meeting of {group.id} {problem}")
        for members, problem in problems
    ]


def member_violations(
    group: Group, member: Participant, timetable: Timetable, wishes: list[str] = ()
) -> list[Violation]:
    """The rules one member brings: the modality, style and frequency they accept, being free at the
    meeting and able to travel to it; a style or frequency that is a wish (settings.as_wishes) is scored,
    not checked."""

    def violation(rule: str, message: str) -> Violation:
        return Violation(rule=rule, group=group.id, members=[member.id], message=f"{member.id} in {group.id} {message}")

    found = []
    for rule, accepted, value in (
        ("modality", member.modality, group.modality),
        ("style", member.style, group.style),
        ("frequency", member.frequency, group.frequency),
    ):
        if accepted and value not in accepted and rule not in wishes:
            found.append(violation(rule, f"does not accept {rule} {value} (accepts {', '.join(accepted)})"))
    instant = parse_utc(group.meeting.utc_start)
    if instant is not None:
        weekday, minute = local_start(instant, member.timezone)
        if not is_free(timetable.windows(member), weekday, minute, group.meeting.minutes):
            found.append(
                violation(
                    "availability",
                    f"is not available {DAYS[weekday]} {clock(minute)} for "
                    f"{group.meeting.minutes} minutes local time ({member.timezone})",
                )
            )
    place = group.meeting.location
    if group.modality == "in_person" and place is not None:
        if member.location is None or member.max_travel_km is None:
            found.append(violation("distance", "has no location and travel limit for an in-person meeting"))
        else:
            distance = haversine_km(member.location.lat, member.location.lon, place.lat, place.lon)
            if distance > member.max_travel_km + DISTANCE_TOLERANCE_KM:
                found.append(
                    violation("distance", f"would travel {distance:.3f} km, more than {member.max_travel_km} km")
                )
    return found


def focus_violations(group: Group, members: list[Participant], focus_is_wish: bool = False) -> list[Violation]:
    """A focus exactly when someone stated one, and (unless it is a wish) one every stating member listed."""
    stating = [member for member in members if member.focus]
    if not stating:
        if group.focus is None:
            return []
        return [
            Violation(
                rule="focus",
                group=group.id,
                members=[member.id for member in members],
                message=f"{group.id} has focus {group.focus!r} but none of its members stated a focus",
            )
        ]
    if group.focus is None:
        return [
            Violation(
                rule="focus",
                group=group.id,
                members=[member.id for member in stating],
                message=f"{group.id} has no focus although {', '.join(member.id for member in stating)} stated one",
            )
        ]
    focus = normalise_term(group.focus)
    if focus_is_wish:
        return []
    return [
        Violation(
            rule="focus",
            group=group.id,
            members=[member.id],
            message=f"{member.id} in {group.id} does not accept focus {focus!r}",
        )
        for member in stating
        if focus not in member.focus
    ]


def pair_violations(group: Group, members: list[Participant]) -> list[Violation]:
    found = []
    for first_index, first in enumerate(members):
        for second in members[first_index + 1 :]:
            if second.id in first.avoid or first.id in second.avoid:
                found.append(
                    Violation(
                        rule="avoid",
                        group=group.id,
                        members=[first.id, second.id],
                        message=f"{first.id} and {second.id} in {group.id} must not be grouped",
                    )
                )
    for member in members:
        for other in members:
            clash = sorted(set(member.avoid_tags) & set(other.tags)) if other is not member else []
            if clash:
                found.append(
                    Violation(
                        rule="avoid_tags",
                        group=group.id,
                        members=[member.id, other.id],
                        message=f"{member.id} in {group.id} avoids tag {', '.join(clash)} of {other.id}",
                    )
                )
    return found


def size_violations(group: Group, signups: SignupFile) -> list[Violation]:
    """Within group_size, or with fixed groups (settings.groups) within the bounds of the group whose id
    this group carries (each id at most once is checked with the other ids)."""
    fixed_groups = signups.fixed_groups()
    limits = signups.settings.group_size
    low, high = limits.min, limits.max
    if fixed_groups is not None:
        bounds = {group_id: (group_low, group_high) for group_id, group_low, group_high in fixed_groups}
        if group.id not in bounds:
            message = f"{group.id} is not one of the groups in settings.groups ({', '.join(bounds)})"
            return [Violation(rule="group_id", group=group.id, members=[], message=message)]
        low, high = bounds[group.id]
    size = len(set(group.members))
    if low <= size <= high:
        return []
    message = f"{group.id} has {size} members, outside {low}..{high}"
    return [Violation(rule="size", group=group.id, members=list(dict.fromkeys(group.members)), message=message)]


def composition_violations(group: Group, members: list[Participant], signups: SignupFile) -> list[Violation]:
    """settings.composition: tags held by at least / never exactly so many members, a mean number near
    the mean over every participant who gave it."""
    found = []
    for rule in signups.settings.composition:
        if rule.tag is not None:
            holding = sum(1 for member in members if rule.tag in member.tags)
            if rule.at_least is not None and holding < rule.at_least:
                found.append(f"has {holding} members tagged {rule.tag!r}, fewer than {rule.at_least}")
            if rule.not_exactly is not None and holding == rule.not_exactly:
                found.append(f"has exactly {holding} members tagged {rule.tag!r}")
            continue
        everyone = [p.experience_years for p in signups.participants if p.experience_years is not None]
        given = [member.experience_years for member in members if member.experience_years is not None]
        if given and everyone:
            mean, centre = sum(given) / len(given), sum(everyone) / len(everyone)
            if abs(mean - centre) > rule.within + 1e-9:
                found.append(f"has mean {rule.number} {mean:.2f}, more than {rule.within:g} from {centre:.2f}")
    return [
        Violation(rule="composition", group=group.id, members=[m.id for m in members], message=f"{group.id} {text}")
        for text in found
    ]


def group_violations(
    group: Group, members: list[Participant], signups: SignupFile, timetable: Timetable
) -> list[Violation]:
    """Every rule of one group on its own; those that look across groups (coverage, open groups, the last
    round's pairs) are checked by `evaluate`."""
    wishes = signups.settings.as_wishes
    found = size_violations(group, signups)
    found += meeting_violations(group, signups.settings.meeting_minutes)
    for member in members:
        found += member_violations(group, member, timetable, wishes)
    found += focus_violations(group, members, "focus" in wishes) + pair_violations(group, members)
    return found + composition_violations(group, members, signups)
