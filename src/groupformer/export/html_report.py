"""The coordinator's report: one HTML page that opens anywhere, offline, and can be mailed as it is.

Self-contained by construction (inline CSS and SVG, no scripts, fonts, images or links), and a
Content-Security-Policy forbids everything else, so even a mistake elsewhere could neither run a script
nor reach the network. Every piece of text from the sign-ups or the solution goes through `escape`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from zoneinfo import ZoneInfo

from groupformer.contract import (
    EvaluationReport,
    Group,
    Participant,
    SignupFile,
    SubmittedSolution,
    UnassignedParticipant,
)
from groupformer.distance_unit import distance_text
from groupformer.export.heat_map import heat_map_svg, local_hourly_counts, local_week_start
from groupformer.export.labels import host_label, meeting_place, person_label, travel_km, visible_name
from groupformer.export.local_time import local_meeting, most_shared_zone
from groupformer.export.map_regions import REGION_KM, Region, regions
from groupformer.export.palette import group_colour
from groupformer.export.report_style import STYLE
from groupformer.export.scatter_map import MapGroup, scatter_map_svg
from groupformer.timegeo import parse_utc

TITLE = "groupformer report"
POLICY = "default-src 'none'; style-src 'unsafe-inline'"
MAP_WIDTH, MAP_HEIGHT = 640, 400
INSET_WIDTH, INSET_HEIGHT = 420, 300


@dataclass(frozen=True)
class View:
    """How the coordinator reads the report: their time zone, the distance unit, suggestions by person."""

    zone: str
    unit: str
    suggestions: dict[str, dict]


def _tile(label: str, value: str, hint: str, tone: str = "") -> str:
    return (
        f'<div class="measure {tone}"><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(value)}</div><div class="hint">{escape(hint)}</div></div>'
    )


def measures(report: EvaluationReport, solution: SubmittedSolution) -> str:
    sizes = Counter(len(group.members) for group in solution.groups)
    size_text = ", ".join(f"{count}×{size}" for size, count in sorted(sizes.items())) or "none"
    broken = len(report.violations)
    tiles = [
        _tile("assigned", f"{report.assigned} of {report.participants}", "placed in a group"),
        _tile("groups", str(report.groups), size_text),
        _tile("diversity", f"{report.diversity:.2f}", "Σ over pairs of 1 − Jaccard"),
        _tile("coverage", f"{report.coverage:.2f}", "distinct specialties per group"),
        _tile("prefer_met", str(report.prefer_met), "wishes to be together met"),
        _tile("size_pref_met", str(report.size_pref_met), "preferred group sizes met"),
        _tile("objective", f"{report.objective:,.3f}", f"status {solution.status or 'not stated'}"),
        _tile(
            "validity",
            "valid" if report.valid else "invalid",
            "every hard rule holds" if report.valid else f"{broken} broken rule{'s' * (broken != 1)}, listed below",
            "good" if report.valid else "bad",
        ),
    ]
    return f'<section class="measures">{"".join(tiles)}</section>'


def violations(report: EvaluationReport) -> str:
    if report.valid:
        return ""
    items = "".join(
        f"<li>{escape(violation.message)} ({escape(violation.rule)})</li>" for violation in report.violations
    )
    return f'<section class="violations"><h2>Broken rules</h2><ul>{items}</ul></section>'


def person_cell(participant: Participant, redact: bool) -> str:
    name = visible_name(participant, redact)
    identifier = f"<span class='id'>{escape(participant.id)}</span>"
    return f"{escape(name)} {identifier}" if name else identifier


def _travel_cell(member: Participant, group: Group, unit: str) -> str:
    distance = travel_km(member, group)
    shown = "" if distance is None else distance_text(distance, unit)
    limit = "" if member.max_travel_km is None else f"max {distance_text(member.max_travel_km, unit)}"
    return f"<td class='km'>{escape(shown)}<span class='small'>{escape(limit)}</span></td>"


def _member_row(member: Participant, group: Group, redact: bool, unit: str) -> str:
    start = parse_utc(group.meeting.utc_start)
    local = local_meeting(start, group.meeting.minutes, member.timezone)
    travel = _travel_cell(member, group, unit) if group.modality == "in_person" else ""
    return (
        f"<tr><td>{person_cell(member, redact)}</td>"
        f"<td><b>{escape(local.weekday[:3])} {escape(local.start)}–{escape(local.end)}</b>"
        f"<span class='small'>{escape(local.abbreviation)} · {escape(local.zone)}</span></td>{travel}</tr>"
    )


def _where(group: Group, by_id: dict[str, Participant], redact: bool) -> str:
    if group.modality == "remote":
        return ""
    host = host_label(group, by_id, redact)
    hosted = f" · hosted by <b>{escape(host)}</b>" if host else ""
    return f'<p class="where">at {escape(meeting_place(group, by_id))}{hosted}</p>'


def _scores(group: Group) -> str:
    if group.scores is None:
        return ""
    return (
        f'<p class="scores">fit <b>{group.scores.fit:.2f}</b> · diversity <b>{group.scores.diversity:.2f}</b>'
        '<span class="screen-only"> (points this group adds to the objective)</span></p>'
    )


def group_card(index: int, group: Group, by_id: dict[str, Participant], redact: bool, view: View) -> str:
    """The group's time is on the coordinator's clock; each member's on their own."""
    when = local_meeting(parse_utc(group.meeting.utc_start), group.meeting.minutes, view.zone)
    chips = [group.modality.replace("_", " "), group.style, group.frequency, f"{len(group.members)} members"]
    focus = escape(group.focus) if group.focus else "<i>open focus</i>"
    travel_head = "<th>travel</th>" if group.modality == "in_person" else ""
    rows = "".join(_member_row(by_id[member_id], group, redact, view.unit) for member_id in group.members)
    return (
        f'<article class="group-card" data-group-id="{escape(group.id)}" style="--accent:{group_colour(index)}">'
        f'<header><h3>{escape(group.id)}</h3><span class="focus">{focus}</span></header>'
        f'<p class="chips">{"".join(f"<span>{escape(chip)}</span>" for chip in chips)}</p>'
        f'<p class="when">{escape(when.describe())} · {group.meeting.minutes} min</p>'
        f"{_where(group, by_id, redact)}{_scores(group)}"
        f'<table class="members"><tr><th>member</th><th>their local time</th>{travel_head}</tr>{rows}</table>'
        "</article>"
    )


def _landing(placed: dict) -> str:
    if placed["new_group"]:
        return f"new group {placed['group']} with {', '.join(placed['with'])}"
    return f"group {placed['group']}"


def _suggestion(text: str, placed: dict | None = None) -> str:
    lands = "" if placed is None else f' <span class="lands">→ {escape(_landing(placed))}</span>'
    return f'<li class="suggestion">{escape(text)}{lands}</li>'


def _action(tried: str | dict) -> str:
    """A change explain tried without placing the person: its words, or a record holding them."""
    return tried["action"] if isinstance(tried, dict) else tried


def _suggestion_items(explanation: dict) -> list[str]:
    """explain's verified suggestions for one unplaced person (each sentence names the group it lands in)."""
    if explanation["unavailable"]:
        return [_suggestion(f"no suggestion: {explanation['unavailable']}")]
    if explanation["placed_without_change"]:
        return [_suggestion("no change needed: a re-solve places them", explanation["placed_without_change"])]
    if not explanation["suggestions"]:
        tried = "; ".join(_action(change) for change in explanation["tried"]) or "no change applies"
        return [_suggestion(f"no single change to their sign-up places them (tried: {tried})")]
    return [_suggestion(item["text"]) for item in explanation["suggestions"]]


def _unassigned_row(entry: UnassignedParticipant, person: Participant, redact: bool, view: View) -> str:
    items = [f"<li>{escape(reason)}</li>" for reason in entry.reasons]
    if entry.id in view.suggestions:
        items += _suggestion_items(view.suggestions[entry.id])
    return (
        f"<tr><td>{person_cell(person, redact)}</td><td>{escape(person.timezone)}</td>"
        f"<td><ul>{''.join(items)}</ul></td></tr>"
    )


def unassigned_section(solution: SubmittedSolution, by_id: dict[str, Participant], redact: bool, view: View) -> str:
    if not solution.unassigned:
        return '<section class="screen-only"><h2>Unassigned</h2><p class="note">Everyone is in a group.</p></section>'
    rows = "".join(_unassigned_row(entry, by_id[entry.id], redact, view) for entry in solution.unassigned)
    checked = (
        "Suggestions were each checked by re-solving with every group kept."
        if view.suggestions
        else "For what would place them, export with --suggest (each suggestion is checked by a re-solve)."
    )
    return (
        f'<section class="unassigned screen-only"><h2>Unassigned ({len(solution.unassigned)})</h2>'
        f'<p class="note">{checked}</p>'
        f"<table><tr><th>participant</th><th>time zone</th><th>why, and what would place them</th></tr>"
        f"{rows}</table></section>"
    )


def availability_section(signups: SignupFile, solution: SubmittedSolution, view: View) -> str:
    week = signups.settings.reference_week
    counts = local_hourly_counts(signups.participants, week, view.zone)
    abbreviation = local_week_start(week, view.zone).astimezone(ZoneInfo(view.zone)).tzname() or view.zone
    starts = {group.id: parse_utc(group.meeting.utc_start) for group in solution.groups}
    return (
        "<section><h2>When people are free</h2>"
        f'<p class="note heat-caption">Hours of the week of Monday {escape(week)} in <b>{escape(view.zone)}</b> '
        f"({escape(abbreviation)}): how many participants are free for the whole hour in their own time zone; "
        "outlined: a group's meeting starts. "
        '<span class="screen-only">Hover a cell for details.</span></p>'
        f'<div class="figure">{heat_map_svg(counts, starts, view.zone, abbreviation)}</div></section>'
    )


def map_groups(solution: SubmittedSolution, by_id: dict[str, Participant], redact: bool) -> list[MapGroup]:
    groups = []
    for index, group in enumerate(solution.groups):
        location = group.meeting.location
        if group.modality != "in_person" or location is None:
            continue
        host = by_id.get(location.host) if location.host is not None else None
        members = [by_id[member_id] for member_id in group.members]
        groups.append(
            MapGroup(
                group_id=group.id,
                colour=group_colour(index),
                place=(location.lat, location.lon),
                place_label=meeting_place(group, by_id),
                area=host.location.label if host is not None and host.location is not None else None,
                members=[
                    (member.location.lat, member.location.lon, person_label(member, redact))
                    for member in members
                    if member.location is not None
                ],
            )
        )
    return groups


def _region_figure(region: Region, unit: str, single: bool) -> str:
    width, height = (MAP_WIDTH, MAP_HEIGHT) if single else (INSET_WIDTH, INSET_HEIGHT)
    count = len(region.groups)
    caption = f"{region.title}: {count} group{'s' * (count != 1)}"
    svg = scatter_map_svg(region.groups, unit, width, height, f"in-person groups, {caption}")
    title = "" if single else f"<figcaption>{escape(caption)}</figcaption>"
    return f'<figure class="map-region">{title}{svg}</figure>'


def map_section(solution: SubmittedSolution, by_id: dict[str, Participant], redact: bool, view: View) -> str:
    groups = map_groups(solution, by_id, redact)
    if not groups:
        return '<section><h2>In-person groups</h2><p class="note">No group meets in person.</p></section>'
    found = regions(groups)
    legend = "".join(
        f'<li><span class="swatch" style="background:{group.colour}"></span>{escape(group.group_id)}</li>'
        for group in groups
    )
    apart = (
        f" The groups meet in {len(found)} regions more than {REGION_KM:g} km apart, each drawn to its own scale."
        if len(found) > 1
        else ""
    )
    figures = "".join(_region_figure(region, view.unit, len(found) == 1) for region in found)
    return (
        "<section><h2>In-person groups</h2>"
        '<p class="note">Members (dots) and meeting place (diamond) of each in-person group, to scale, '
        f'without a background map.{apart} <span class="screen-only">Hover a point for its name.</span></p>'
        f'<div class="figure maps{" insets" * (len(found) > 1)}">{figures}</div>'
        f'<ul class="legend">{legend}<li>● member</li><li>◆ meeting place</li></ul></section>'
    )


def report_html(
    signups: SignupFile,
    solution: SubmittedSolution,
    report: EvaluationReport,
    redact: bool = False,
    zone: str | None = None,
    suggestions: dict[str, dict] | None = None,
) -> str:
    """`zone`: the coordinator's time zone (default: the one most participants live in); `suggestions`:
    explain's answer for each unplaced person to show, by id."""
    view = View(zone or most_shared_zone(signups.participants), signups.settings.distance_unit, suggestions or {})
    by_id = {participant.id: participant for participant in signups.participants}
    cards = "".join(group_card(index, group, by_id, redact, view) for index, group in enumerate(solution.groups))
    redaction = '<p class="note">Redacted: people are shown by id only.</p>' if redact else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{TITLE}</title><style>{STYLE}</style></head><body>"
        "<header class='page screen-only'><h1>Peer consultation groups</h1>"
        f"<p>{len(signups.participants)} sign-ups · {len(solution.groups)} groups · "
        f"meetings in the week of {escape(signups.settings.reference_week)}, "
        f"times in {escape(view.zone)}</p>{redaction}</header>"
        f'<div class="screen-only">{measures(report, solution)}{violations(report)}'
        f'<div class="overview">{availability_section(signups, solution, view)}'
        f"{map_section(solution, by_id, redact, view)}</div></div>"
        '<section><h2 class="screen-only">Groups</h2>'
        '<p class="note screen-only">Printed, this page gives one page per group, a handout for its members.</p>'
        f'<div class="cards">{cards}</div></section>'
        f"{unassigned_section(solution, by_id, redact, view)}</body></html>\n"
    )
