"""What the calendar files already in the `--ics` folder say about the events being exported again.

A calendar program matches an update to the event it holds by UID, and takes it as newer only when its
SEQUENCE is higher (RFC 5546). So a group whose meeting changed since the last export into the folder
gets the old SEQUENCE plus one, and one whose meeting did not keeps it, so sending it again changes
nothing in anyone's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar, Event

from groupformer.validate import InputError

MEETING_PROPERTIES = ("DTSTART", "DURATION", "RRULE", "LOCATION")


@dataclass(frozen=True)
class EarlierEvent:
    sequence: int
    meeting: tuple[str, ...]


def meeting_of(event: Event) -> tuple[str, ...]:
    """The properties that say when and where the group meets, as written in the file (the zone's name
    included), so a change of any of them is a change of the meeting."""
    return tuple(
        event.content_line(name, event[name]).to_ical().decode("utf-8") if name in event else ""
        for name in MEETING_PROPERTIES
    )


def _events_in(path: Path) -> list[tuple[str, EarlierEvent]]:
    try:
        events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        return [
            (str(event.get("UID", "")), EarlierEvent(int(event.get("SEQUENCE", 0)), meeting_of(event)))
            for event in events
        ]
    except (ValueError, TypeError, UnicodeDecodeError) as error:
        raise InputError(
            [f"{path}: not a calendar file this export can read ({error}); move it out of the --ics folder"]
        ) from None


def earlier_events(folder: Path | None) -> dict[str, EarlierEvent]:
    """Every event in the folder's .ics files, by UID. A file that cannot be read is an input error rather
    than skipped: its events' SEQUENCE would be unknown, and an update sent with a lower one is ignored."""
    if folder is None or not folder.is_dir():
        return {}
    earlier: dict[str, EarlierEvent] = {}
    for path in sorted(folder.glob("*.ics")):
        for uid, found in _events_in(path):
            if uid and (uid not in earlier or found.sequence > earlier[uid].sequence):
                earlier[uid] = found
    return earlier


def next_sequence(earlier: dict[str, EarlierEvent], uid: str, meeting: tuple[str, ...]) -> int:
    previous = earlier.get(uid)
    if previous is None:
        return 0
    return previous.sequence + (previous.meeting != meeting)
