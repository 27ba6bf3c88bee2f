"""The independent judge: checks any solution against the raw sign-ups and recomputes its objective.

It deliberately shares no code with the solver (only the contract models), so that a bug in the
solver's compiled model cannot hide itself by also being in the check. See docs/objective.md for the
objective and the io-v1 spec for the hard rules and the five measures.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from groupformer.contract import (
    DAYS,
    EvaluationReport,
    Group,
    OpenGroup,
    Participant,
    Settings,
    SignupFile,
    SubmittedSolution,
    Violation,
    clock_minutes,
    normalise_term,
)

EARTH_RADIUS_KM = 6371.0088
DISTANCE_TOLERANCE_KM = 1e-9
MINUTES_PER_DAY = 24 * 60
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Starts beyond the meeting's own that make the spare_window term reach 1 (docs/objective.md).
SPARE_STARTS_FOR_FULL_CREDIT = 4

DayWindows = dict[int, list[tuple[int, int]]]


def merge_windows(participant: Participant) -> DayWindows:
    """Touching or overlapping windows on one day join, so a meeting may span 12:00-13:00 + 13:00-14:00."""
    by_day: DayWindows = defaultdict(list)
    for window in sorted(participant.availability, key=lambda window: clock_minutes(window.start)):
        day, start, end = DAYS.index(window.day), clock_minutes(window.start), clock_minutes(window.end)
        spans = by_day[day]
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return dict(by_day)


def local_start(instant: datetime, zone_name: str) -> tuple[int, float]:
    """Uses the offset in force at that instant, so a member's summer and winter hours both hold."""
    local = instant.astimezone(ZoneInfo(zone_name))
    return local.weekday(), local.hour * 60 + local.minute + local.second / 60


def is_free(windows: DayWindows, weekday: int, minute: float, minutes: int) -> bool:
    """Windows end by 24:00, so fitting inside one also keeps the meeting from crossing local midnight."""
    return any(start <= minute and minute + minutes <= end for start, end in windows.get(weekday, ()))


def parse_utc(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, UTC_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def clock(minute: float) -> str:
    return f"{int(minute) // 60:02d}:{int(minute) % 60:02d}"


class Timetable:
    """Availability of one sign-up file, cached per participant and per time zone.

    Counting a group's common meeting starts by checking every slot of the week for every member would
    cost hundreds of checks per participant (too slow for 10,000); instead each time zone's slots are
    converted once and sorted by local time, and each merged window picks its feasible starts out by
    bisection. The condition is the same as `is_free`: weekday equal and start <= minute <= end - minutes.
    """

    def __init__(self, signups: SignupFile):
        settings = signups.settings
        self.meeting_minutes = settings.meeting_minutes
        week_start = datetime.strptime(settings.reference_week, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        self.slot_starts = [
            week_start + timedelta(minutes=offset) for offset in range(0, 7 * MINUTES_PER_DAY, settings.slot_minutes)
        ]
        self._windows: dict[str, DayWindows] = {}
        self._local_slots: dict[str, tuple[list[float], list[int]]] = {}
        self._free_slots: dict[str, frozenset[int]] = {}

    def windows(self, participant: Participant) -> DayWindows:
        if participant.id not in self._windows:
            self._windows[participant.id] = merge_windows(participant)
        return self._windows[participant.id]

    def local_slots(self, zone_name: str) -> tuple[list[float], list[int]]:
        """Slots sorted by local week minute (weekday * 1440 + minute), with their slot indexes."""
        if zone_name not in self._local_slots:
            keyed = sorted(
                (weekday * MINUTES_PER_DAY + minute, index)
                for index, (weekday, minute) in enumerate(local_start(start, zone_name) for start in self.slot_starts)
            )
            self._local_slots[zone_name] = ([key for key, _ in keyed], [index for _, index in keyed])
        return self._local_slots[zone_name]

    def free_slots(self, participant: Participant) -> frozenset[int]:
        if participant.id not in self._free_slots:
            keys, indexes = self.local_slots(participant.timezone)
            free: set[int] = set()
            for weekday, spans in self.windows(participant).items():
                for start, end in spans:
                    low = bisect.bisect_left(keys, weekday * MINUTES_PER_DAY + start)
                    high = bisect.bisect_right(keys, weekday * MINUTES_PER_DAY + end - self.meeting_minutes)
                    free.update(indexes[low:high])
            self._free_slots[participant.id] = frozenset(free)
        return self._free_slots[participant.id]

    def common_start_count(self, members: list[Participant]) -> int:
        return len(frozenset.intersection(*(self.free_slots(member) for member in members)))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_chord = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, half_chord)))


def coverage_violations(signups: SignupFile, solution: SubmittedSolution) -> list[Violation]:
    known = {participant.id for participant in signups.participants}
    places: dict[str, list[str]] = defaultdict(list)
    violations = []
    listings = [(group.id, member) for group in solution.groups for member in group.members]
    listings += [("unassigned", entry.id) for entry in solution.unassigned]
    for place, participant_id in listings:
        places[participant_id].append(place)
        if participant_id not in known:
            group = None if place == "unassigned" else place
            violations.append(
                Violation(
                    rule="unknown_id",
                    group=group,
                    members=[participant_id],
                    message=f"{participant_id} (in {place}) is not in the sign-ups",
                )
            )
    for participant in signups.participants:
        found = places.get(participant.id, [])
        if not found:
            violations.append(
                Violation(
                    rule="coverage",
                    group=None,
                    members=[participant.id],
                    message=f"{participant.id} is neither in a group nor unassigned",
                )
            )
        elif len(found) > 1:
            violations.append(
                Violation(
                    rule="coverage",
                    group=None,
                    members=[participant.id],
                    message=f"{participant.id} appears {len(found)} times: in {', '.join(found)}",
                )
            )
    group_ids = [group.id for group in solution.groups]
    for group_id in sorted({group_id for group_id in group_ids if group_ids.count(group_id) > 1}):
        violations.append(
            Violation(
                rule="group_id",
                group=group_id,
                members=[],
                message=f"group id {group_id} is used by {group_ids.count(group_id)} groups",
            )
        )
    for entry in solution.unassigned:
        if not any(reason.strip() for reason in entry.reasons):
            violations.append(
                Violation(
                    rule="reasons",
                    group=None,
                    members=[entry.id],
                    message=f"unassigned {entry.id} has no reason a coordinator can act on",
                )
            )
    return violations


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
    """Rules 2 to 4 for one member; a style or frequency that is a wish (settings.as_wishes) is scored,
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
    slots = signups.settings.group_slots()
    limits = signups.settings.group_size
    low, high = limits.min, limits.max
    if slots is not None:
        bounds = {slot_id: (slot_low, slot_high) for slot_id, slot_low, slot_high in slots}
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
    wishes = signups.settings.as_wishes
    found = size_violations(group, signups)
    found += meeting_violations(group, signups.settings.meeting_minutes)
    for member in members:
        found += member_violations(group, member, timetable, wishes)
    found += focus_violations(group, members, "focus" in wishes) + pair_violations(group, members)
    return found + composition_violations(group, members, signups)


def dissimilarity(first: Participant, second: Participant) -> float:
    """1 - Jaccard of specialties; two empty sets are alike (Jaccard 1), not maximally diverse."""
    union = set(first.specialties) | set(second.specialties)
    if not union:
        return 0.0
    return 1 - len(set(first.specialties) & set(second.specialties)) / len(union)


def prefers_met(member: Participant, member_ids: set[str]) -> set[str]:
    return {other for other in member.prefer if other != member.id and other in member_ids}


def size_fits(member: Participant, size: int) -> bool:
    wish = member.preferred_size
    return wish is not None and (wish.min is None or wish.min <= size) and (wish.max is None or size <= wish.max)


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


def wish_points(group: Group, member: Participant, settings: Settings) -> float:
    """The weighted wishes met for one member: their style, frequency and focus, for the rules that are
    wishes (an empty list accepts anything)."""
    weights, wishes = settings.weights, settings.as_wishes
    focus = normalise_term(group.focus) if group.focus is not None else None
    points = 0.0
    if "style" in wishes and (not member.style or group.style in member.style):
        points += weights.style_wish
    if "frequency" in wishes and (not member.frequency or group.frequency in member.frequency):
        points += weights.frequency_wish
    if "focus" in wishes and (not member.focus or focus in member.focus):
        points += weights.focus_wish
    return points


def group_quality(
    group: Group, members: list[Participant], common_starts: int, settings: Settings, past: PastMeetings
) -> float:
    """Per-member weighted mean of the terms, summed and rounded to micro-points as the solver does."""
    weights = settings.weights
    member_ids = {member.id for member in members}
    spare_window = max(0.0, min(1.0, (common_starts - 1) / SPARE_STARTS_FOR_FULL_CREDIT))
    diversity_points = fit_points = 0.0
    for member in members:
        others = [other for other in members if other.id != member.id]
        diversity = sum(dissimilarity(member, other) for other in others) / len(others) if others else 0.0
        wishes = {other for other in member.prefer if other != member.id}
        prefer = len(prefers_met(member, member_ids)) / len(wishes) if wishes else 0.0
        size = 1.0 if size_fits(member, len(members)) else 0.0
        focus = sum(1 for other in others if other.focus) / len(others) if member.focus and others else 0.0
        repeated = sum(past.weight(member.id, other.id) for other in others) / len(others) if others else 0.0
        novelty = 1.0 - repeated if past.present else 0.0
        diversity_points += weights.diversity * diversity
        fit_points += (
            weights.prefer * prefer + weights.size * size + weights.focus * focus + weights.spare_window * spare_window
        )
        fit_points += weights.novelty * novelty + wish_points(group, member, settings)
    total = sum(weights.active(past.present, settings.as_wishes))
    return round((fit_points / total + diversity_points / total) * 1e6) / 1e6


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


def evaluate(signups: SignupFile, solution: SubmittedSolution) -> EvaluationReport:
    """Judges validity and recomputes every measure, even for invalid solutions, over the known members."""
    by_id = {participant.id: participant for participant in signups.participants}
    timetable = Timetable(signups)
    past = PastMeetings(signups)
    violations = coverage_violations(signups, solution) + open_group_violations(signups, solution)
    placed: set[str] = set()
    prefer_pairs: set[tuple[str, str]] = set()
    size_wishes_met: set[str] = set()
    diversity = quality = 0.0
    specialty_counts = []
    for group in solution.groups:
        members = [by_id[member_id] for member_id in dict.fromkeys(group.members) if member_id in by_id]
        violations += group_violations(group, members, signups, timetable) + repeat_violations(group, members, past)
        member_ids = {member.id for member in members}
        placed |= member_ids
        prefer_pairs |= {(member.id, other) for member in members for other in prefers_met(member, member_ids)}
        size_wishes_met |= {member.id for member in members if size_fits(member, len(members))}
        diversity += sum(
            dissimilarity(first, second) for index, first in enumerate(members) for second in members[index + 1 :]
        )
        specialty_counts.append(len({term for member in members for term in member.specialties}))
        if members:
            common_starts = timetable.common_start_count(members)
            quality += group_quality(group, members, common_starts, signups.settings, past)
    participants = len(signups.participants)
    return EvaluationReport(
        valid=not violations,
        violations=violations,
        objective=participants * len(placed) + quality,
        assigned=len(placed),
        diversity=diversity,
        coverage=sum(specialty_counts) / len(specialty_counts) if specialty_counts else 0.0,
        prefer_met=len(prefer_pairs),
        size_pref_met=len(size_wishes_met),
        participants=participants,
        groups=len(solution.groups),
        quality=quality,
        placement_weight=float(participants),
    )
