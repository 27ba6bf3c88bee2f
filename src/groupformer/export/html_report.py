"""The coordinator's report: one HTML page that opens anywhere, offline, and can be mailed as it is.

Self-contained by construction (inline CSS and SVG, no scripts, fonts, images or links), and a
Content-Security-Policy forbids everything else, so even a mistake elsewhere could neither run a script
nor reach the network. Every piece of text from the sign-ups or the solution goes through `escape`.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from groupformer.contract import EvaluationReport, Group, Participant, SignupFile, SubmittedSolution
from groupformer.evaluate import parse_utc
from groupformer.export.availability import hourly_counts
from groupformer.export.heat_map import heat_map_svg
from groupformer.export.labels import meeting_place, person_label, travel_km, visible_name
from groupformer.export.local_time import local_meeting
from groupformer.export.palette import group_colour
from groupformer.export.report_style import STYLE
from groupformer.export.scatter_map import MapGroup, scatter_map_svg

TITLE = "groupformer report"
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


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


def _travel_cell(member: Participant, group: Group) -> str:
    distance = travel_km(member, group)
    shown = "" if distance is None else f"{distance:.1f} km"
    limit = f"max {member.max_travel_km:g} km" if member.max_travel_km is not None else ""
    return f"<td class='km'>{shown}<span class='small'>{escape(limit)}</span></td>"


def _member_row(member: Participant, group: Group, redact: bool) -> str:
    start = parse_utc(group.meeting.utc_start)
    local = local_meeting(start, group.meeting.minutes, member.timezone)
    travel = _travel_cell(member, group) if group.modality == "in_person" else ""
    return (
        f"<tr><td>{person_cell(member, redact)}</td>"
        f"<td><b>{escape(local.weekday[:3])} {escape(local.start)}–{escape(local.end)}</b>"
        f"<span class='small'>{escape(local.abbreviation)} · {escape(local.zone)}</span></td>{travel}</tr>"
    )


def group_card(index: int, group: Group, by_id: dict[str, Participant], redact: bool) -> str:
    start = parse_utc(group.meeting.utc_start)
    chips = [group.modality.replace("_", " "), group.style, group.frequency, f"{len(group.members)} members"]
    focus = escape(group.focus) if group.focus else "<i>open focus</i>"
    place = "" if group.modality == "remote" else f'<p class="where">at {escape(meeting_place(group, by_id))}</p>'
    travel_head = "<th>travel</th>" if group.modality == "in_person" else ""
    rows = "".join(_member_row(by_id[member_id], group, redact) for member_id in group.members)
    return (
        f'<article class="group-card" data-group-id="{escape(group.id)}" style="--accent:{group_colour(index)}">'
        f'<header><h3>{escape(group.id)}</h3><span class="focus">{focus}</span></header>'
        f'<p class="chips">{"".join(f"<span>{escape(chip)}</span>" for chip in chips)}</p>'
        f'<p class="when">{start:%A %H:%M} UTC · {group.meeting.minutes} min</p>{place}'
        f'<table class="members"><tr><th>member</th><th>local time</th>{travel_head}</tr>{rows}</table></article>'
    )


def unassigned_section(solution: SubmittedSolution, by_id: dict[str, Participant], redact: bool) -> str:
    if not solution.unassigned:
        return '<section><h2>Unassigned</h2><p class="note">Everyone is in a group.</p></section>'
    rows = "".join(
        f"<tr><td>{person_cell(by_id[entry.id], redact)}</td><td>{escape(by_id[entry.id].timezone)}</td>"
        f"<td><ul>{''.join(f'<li>{escape(reason)}</li>' for reason in entry.reasons)}</ul></td></tr>"
        for entry in solution.unassigned
    )
    return (
        f'<section class="unassigned"><h2>Unassigned ({len(solution.unassigned)})</h2>'
        f"<table><tr><th>participant</th><th>time zone</th><th>why, and what would place them</th></tr>"
        f"{rows}</table></section>"
    )


def availability_section(signups: SignupFile, solution: SubmittedSolution) -> str:
    counts = hourly_counts(signups.participants, signups.settings.reference_week)
    starts = {group.id: parse_utc(group.meeting.utc_start) for group in solution.groups}
    return (
        "<section><h2>When people are free</h2>"
        f'<p class="note">UTC hours of the week of Monday {escape(signups.settings.reference_week)}: how many '
        "participants are free for the whole hour in their own time zone; outlined: a group's meeting starts. "
        "Hover a cell for details.</p>"
        f'<div class="figure">{heat_map_svg(counts, starts)}</div></section>'
    )


def map_groups(solution: SubmittedSolution, by_id: dict[str, Participant], redact: bool) -> list[MapGroup]:
    return [
        MapGroup(
            group_id=group.id,
            colour=group_colour(index),
            place=(group.meeting.location.lat, group.meeting.location.lon),
            place_label=meeting_place(group, by_id),
            members=[
                (member.location.lat, member.location.lon, person_label(member, redact))
                for member in (by_id[member_id] for member_id in group.members)
                if member.location is not None
            ],
        )
        for index, group in enumerate(solution.groups)
        if group.modality == "in_person"
    ]


def map_section(solution: SubmittedSolution, by_id: dict[str, Participant], redact: bool) -> str:
    groups = map_groups(solution, by_id, redact)
    if not groups:
        return '<section><h2>In-person groups</h2><p class="note">No group meets in person.</p></section>'
    legend = "".join(
        f'<li><span class="swatch" style="background:{group.colour}"></span>{escape(group.group_id)}</li>'
        for group in groups
    )
    return (
        "<section><h2>In-person groups</h2>"
        '<p class="note">Members (dots) and meeting place (diamond) of each in-person group, to scale, '
        "without a background map. Hover a point for its name.</p>"
        f'<div class="figure">{scatter_map_svg(groups)}</div>'
        f'<ul class="legend">{legend}<li>● member</li><li>◆ meeting place</li></ul></section>'
    )


def report_html(
    signups: SignupFile, solution: SubmittedSolution, report: EvaluationReport, redact: bool = False
) -> str:
    by_id = {participant.id: participant for participant in signups.participants}
    cards = "".join(group_card(index, group, by_id, redact) for index, group in enumerate(solution.groups))
    redaction = '<p class="note">Redacted: people are shown by id only.</p>' if redact else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{TITLE}</title><style>{STYLE}</style></head><body>"
        "<header class='page'><h1>Peer consultation groups</h1>"
        f"<p>{len(signups.participants)} sign-ups · {len(solution.groups)} groups · "
        f"meetings in the week of {escape(signups.settings.reference_week)}</p>{redaction}</header>"
        f"{measures(report, solution)}{violations(report)}"
        f'<div class="overview">{availability_section(signups, solution)}{map_section(solution, by_id, redact)}</div>'
        f'<section><h2>Groups</h2><div class="cards">{cards}</div></section>'
        f"{unassigned_section(solution, by_id, redact)}</body></html>\n"
    )
