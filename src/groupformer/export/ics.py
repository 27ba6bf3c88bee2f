"""One iCalendar file per group: a recurring event the coordinator can send to the members.

The first occurrence is the solution's meeting in the reference week, written in UTC: the members
may live in several time zones, and UTC is the one clock they share, so every calendar shows each
member the local time that was checked against their availability. The rule then repeats in UTC, so
after a clock change a member's local time moves by an hour (see docs/export.md).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vCalAddress

from groupformer.contract import Group, Participant, SignupFile, SubmittedSolution
from groupformer.evaluate import parse_utc
from groupformer.export.file_names import safe_file_names
from groupformer.export.labels import meeting_place, person_label
from groupformer.export.local_time import local_meeting

PRODUCT_ID = "-//groupformer//export//EN"
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "groupformer.invalid")


def recurrence(frequency: str, first: datetime) -> dict:
    """Monthly meetings keep the weekday of the month ("second Monday"); a fifth weekday does not exist
    in every month, so it becomes the last one (-1MO) instead of skipping months."""
    if frequency == "weekly":
        return {"FREQ": "WEEKLY"}
    if frequency == "biweekly":
        return {"FREQ": "WEEKLY", "INTERVAL": 2}
    week_of_month = (first.day - 1) // 7 + 1
    ordinal = -1 if week_of_month == 5 else week_of_month
    return {"FREQ": "MONTHLY", "BYDAY": f"{ordinal}{WEEKDAY_CODES[first.weekday()]}"}


def event_uid(signups: SignupFile, group: Group) -> str:
    """The same group exported again gets the same UID, so calendars update the event instead of
    adding a second one; another programme's G001 (another week or other members) gets another."""
    members = ",".join(sorted(group.members))
    key = f"{signups.settings.reference_week}|{group.id}|{members}"
    return f"{uuid.uuid5(UID_NAMESPACE, key)}@groupformer"


def summary(group: Group) -> str:
    focus = f" ({group.focus})" if group.focus else ""
    return f"Peer consultation group {group.id}{focus}"


def description(group: Group, members: list[Participant], place: str, redact: bool) -> str:
    """Everything an invitee needs in plain text, including their own local time, since calendar
    programs show only the reader's zone; members without an email are named here as not invited."""
    start = parse_utc(group.meeting.utc_start)
    lines = [
        summary(group),
        f"Focus: {group.focus or 'open'}; style: {group.style}; frequency: {group.frequency}",
        "Meets: remote" if group.modality == "remote" else f"Meets: in person at {place}",
        "Members and their local times:",
    ]
    lines += [
        f"- {person_label(member, redact)}: {local_meeting(start, group.meeting.minutes, member.timezone).describe()}"
        for member in members
    ]
    not_invited = [person_label(member, redact) for member in members if not member.email]
    if not_invited and not redact:
        lines.append(f"Not invited by email (no address in the sign-ups): {', '.join(not_invited)}")
    return "\n".join(lines)


def attendee(member: Participant) -> vCalAddress:
    address = vCalAddress(f"mailto:{member.email}")
    address.params["CN"] = member.name or member.id
    address.params["ROLE"] = "REQ-PARTICIPANT"
    return address


def group_event(signups: SignupFile, group: Group, by_id: dict[str, Participant], created: datetime, redact: bool):
    """Redacted events have no ATTENDEE at all: an attendee is an address, and without the email there
    is nothing to invite; the members' ids are in the description instead."""
    members = [by_id[member_id] for member_id in group.members]
    place = meeting_place(group, by_id)
    first = parse_utc(group.meeting.utc_start)
    event = Event()
    event.add("uid", event_uid(signups, group))
    event.add("dtstamp", created)
    event.add("dtstart", first)
    event.add("duration", timedelta(minutes=group.meeting.minutes))
    event.add("rrule", recurrence(group.frequency, first))
    event.add("summary", summary(group))
    event.add("location", "Remote" if group.modality == "remote" else place)
    if group.modality == "in_person":
        event.add("geo", (group.meeting.location.lat, group.meeting.location.lon))
    event.add("description", description(group, members, place, redact))
    for member in members:
        if member.email and not redact:
            event.add("attendee", attendee(member))
    return event


def group_calendar(signups: SignupFile, group: Group, by_id: dict[str, Participant], created: datetime, redact: bool):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(group_event(signups, group, by_id, created, redact))
    return calendar


def calendar_files(
    signups: SignupFile, solution: SubmittedSolution, created: datetime, redact: bool = False
) -> dict[str, str]:
    """File name -> iCalendar text, one per group. `created` is the DTSTAMP the standard requires
    (when the file was made), passed in so the same inputs give the same bytes in tests."""
    by_id = {participant.id: participant for participant in signups.participants}
    names = safe_file_names([group.id for group in solution.groups], ".ics")
    return {
        names[group.id]: group_calendar(signups, group, by_id, created, redact).to_ical().decode("utf-8")
        for group in solution.groups
    }
