"""One iCalendar file per group: a recurring event the coordinator can send to the members.

The event repeats in a real time zone (DTSTART with a TZID and that zone's VTIMEZONE in the file): a
group meeting at 12:00 in Chicago meets at 12:00 there all year, across both clock changes, which is the
time its members said they are free. A rule repeating in UTC would move it to 13:00 from March. The zone
is chosen in event_zone; members elsewhere whose clocks change on other dates are told in the
description when their local time moves (clock_changes).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

from groupformer.contract import Group, Participant, SignupFile, SubmittedSolution
from groupformer.export.clock_changes import Shift, local_time_shifts
from groupformer.export.earlier_calendars import EarlierEvent, meeting_of, next_sequence
from groupformer.export.event_zone import event_zone
from groupformer.export.file_names import safe_file_names
from groupformer.export.labels import meeting_place, person_label
from groupformer.export.local_time import local_meeting
from groupformer.export.organizer import Organizer
from groupformer.timegeo import parse_utc

PRODUCT_ID = "-//groupformer//export//EN"
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "groupformer.invalid")
TIME_ZONE_YEARS = 10


def recurrence(frequency: str, first: datetime) -> dict:
    """Monthly meetings keep the weekday of the month ("second Monday"); a fifth weekday does not exist
    in every month, so it becomes the last one (-1MO) instead of skipping months. `first` is local to
    the event's zone, whose weekday is the one the rule repeats."""
    if frequency == "weekly":
        return {"FREQ": "WEEKLY"}
    if frequency == "biweekly":
        return {"FREQ": "WEEKLY", "INTERVAL": 2}
    week_of_month = (first.day - 1) // 7 + 1
    ordinal = -1 if week_of_month == 5 else week_of_month
    return {"FREQ": "MONTHLY", "BYDAY": f"{ordinal}{WEEKDAY_CODES[first.weekday()]}"}


def event_uid(signups: SignupFile, group: Group) -> str:
    """From what survives both a re-export and a `solve --keep` re-solve (the programme's reference week
    and the group's id, but not its members, who may change), so calendars update the event instead of
    adding a second one; another programme's G001 gets another UID."""
    key = f"{signups.settings.reference_week}|{group.id}"
    return f"{uuid.uuid5(UID_NAMESPACE, key)}@groupformer"


def summary(group: Group) -> str:
    focus = f" ({group.focus})" if group.focus else ""
    return f"Peer consultation group {group.id}{focus}"


def host_of(group: Group, by_id: dict[str, Participant]) -> Participant | None:
    """The member whose office is the meeting place (chosen by the solver, see result.py)."""
    location = group.meeting.location
    if group.modality != "in_person" or location is None or location.host is None:
        return None
    return by_id.get(location.host)


def event_location(group: Group, by_id: dict[str, Participant], redact: bool) -> str:
    if group.modality == "remote":
        return "Remote"
    place = meeting_place(group, by_id)
    host = host_of(group, by_id)
    return place if host is None else f"{place}, hosted by {person_label(host, redact)}"


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def shift_line(shift: Shift, by_id: dict[str, Participant], redact: bool) -> str:
    changes = ", ".join(f"{long_date(change.local_date)} in {change.zone}" for change in shift.clock_changes)
    moved = "; ".join(f"{person_label(by_id[member], redact)} {meeting.describe()}" for member, meeting in shift.moved)
    return f"- from {long_date(shift.first_date)} (clocks change on {changes}): {moved}"


def description(group: Group, by_id: dict[str, Participant], first_local: datetime, redact: bool) -> str:
    """Everything an invitee needs in plain text: each member's own local time, since calendar programs
    show only the reader's zone, and when clock changes elsewhere move it. Members without an email are
    named as not invited."""
    members = [by_id[member_id] for member_id in group.members]
    first_utc = parse_utc(group.meeting.utc_start)
    minutes = group.meeting.minutes
    zone = first_local.tzinfo.key
    at_home = local_meeting(first_utc, minutes, zone)
    host = host_of(group, by_id)
    lines = [
        summary(group),
        f"Focus: {group.focus or 'open'}; style: {group.style}; frequency: {group.frequency}",
        "Meets: remote" if group.modality == "remote" else f"Meets: in person at {meeting_place(group, by_id)}",
    ]
    if host is not None:
        lines.append(f"Host: {person_label(host, redact)}, whose office is the meeting place")
    lines += [
        f"When: {at_home.weekday} {at_home.start}–{at_home.end} on the clock of {zone}, all year round",
        f"Members and their local times from {long_date(first_local.date())}:",
    ]
    lines += [
        f"- {person_label(member, redact)}: {local_meeting(first_utc, minutes, member.timezone).describe()}"
        for member in members
    ]
    shifts = local_time_shifts(first_local, minutes, {member.id: member.timezone for member in members})
    if shifts:
        lines.append("Clock changes move these members' local times:")
        lines += [shift_line(shift, by_id, redact) for shift in shifts]
    not_invited = [person_label(member, redact) for member in members if not member.email]
    if not_invited and not redact:
        lines.append(f"Not invited by email (no address in the sign-ups): {', '.join(not_invited)}")
    return "\n".join(lines)


def attendee(member: Participant, invited: bool) -> vCalAddress:
    """An invitation asks each attendee to answer (RSVP); without an organizer there is nobody to answer to."""
    address = vCalAddress(f"mailto:{member.email}")
    address.params["CN"] = member.name or member.id
    address.params["ROLE"] = "REQ-PARTICIPANT"
    if invited:
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
    return address


def group_event(
    signups: SignupFile,
    group: Group,
    by_id: dict[str, Participant],
    created: datetime,
    redact: bool,
    organizer: Organizer | None,
    earlier: dict[str, EarlierEvent],
) -> Event:
    """Redacted events have no ATTENDEE at all: an attendee is an address, and without the email there
    is nothing to invite; the members' ids are in the description instead."""
    first_local = parse_utc(group.meeting.utc_start).astimezone(ZoneInfo(event_zone(group, by_id)))
    uid = event_uid(signups, group)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", created)
    event.add("dtstart", first_local)
    event.add("duration", timedelta(minutes=group.meeting.minutes))
    event.add("rrule", recurrence(group.frequency, first_local))
    event.add("summary", summary(group))
    event.add("location", event_location(group, by_id, redact))
    event.add("sequence", next_sequence(earlier, uid, meeting_of(event)))
    if group.modality == "in_person" and group.meeting.location is not None:
        event.add("geo", (group.meeting.location.lat, group.meeting.location.lon))
    event.add("description", description(group, by_id, first_local, redact))
    if organizer is not None:
        event.add("organizer", organizer.address())
    for member_id in group.members:
        member = by_id[member_id]
        if member.email and not redact:
            event.add("attendee", attendee(member, invited=organizer is not None))
    return event


@lru_cache(maxsize=64)
def time_zone_definition(zone: str, first_day: date) -> Timezone:
    """The VTIMEZONE lets a calendar program that does not know the zone's name still place every
    occurrence; it covers TIME_ZONE_YEARS from the first meeting. Shared by the groups of one zone that
    start on one day: it is only ever serialized, never changed."""
    return Timezone.from_tzid(zone, first_date=first_day, last_date=date(first_day.year + TIME_ZONE_YEARS, 1, 1))


def group_calendar(event: Event, organizer: Organizer | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if organizer is not None:
        calendar.add("method", "REQUEST")
    first = event.decoded("dtstart")
    calendar.add_component(time_zone_definition(first.tzinfo.key, first.date()))
    calendar.add_component(event)
    return calendar


def calendar_files(
    signups: SignupFile,
    solution: SubmittedSolution,
    created: datetime,
    redact: bool = False,
    organizer: Organizer | None = None,
    earlier: dict[str, EarlierEvent] | None = None,
) -> dict[str, str]:
    """File name -> iCalendar text, one per group. `created` is the DTSTAMP the standard requires
    (when the file was made), passed in so the same inputs give the same bytes in tests; `earlier` holds
    the events already in the folder, whose SEQUENCE a changed meeting raises."""
    by_id = {participant.id: participant for participant in signups.participants}
    names = safe_file_names([group.id for group in solution.groups], ".ics")
    return {
        names[group.id]: group_calendar(
            group_event(signups, group, by_id, created, redact, organizer, earlier or {}), organizer
        )
        .to_ical()
        .decode("utf-8")
        for group in solution.groups
    }
