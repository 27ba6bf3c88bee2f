"""The explanation in words, compact enough to paste into an email to a colleague."""

from __future__ import annotations

from groupformer.explain.reproduce import PLACEHOLDER_FOLDER
from groupformer.explain.suggestions import where

CUT_BY_CLOCK = " (the clock stopped this re-solve before its work limit, so its command may place differently)"


def _local(detail: dict) -> str:
    local = detail["local_meeting"]
    return f"{local['weekday']} {local['start']}–{local['end']} {local['abbreviation']} ({local['zone']})"


def _travel(detail: dict) -> str:
    return "" if detail["travel"] is None else f", {detail['travel']}"


def _focus(group: dict) -> str:
    if group["focus"] is None:
        return "no focus (nobody stated one)"
    return f"focus {group['focus']}, stated by {', '.join(group['focus_stated_by'])} (the others accept any)"


def _wishes(wishes: dict) -> list[str]:
    pairs = [f"{pair['from']} wanted {pair['to']}" for pair in wishes["prefer_met"]]
    sizes = wishes["preferred_size_met"]
    return [
        f"  wishes met: {'; '.join(pairs) if pairs else 'no prefer entries met'}",
        f"  preferred size met for: {', '.join(sizes) if sizes else 'nobody who stated one'}",
        f"  specialties ({wishes['coverage']}): {', '.join(wishes['specialties']) or 'none stated'}",
    ]


def _group(group: dict) -> list[str]:
    modality = "remote" if group["modality"] == "remote" else f"in person at {group['place']}"
    modality += f", hosted by {group['host']}" if group["host"] else ""
    lines = [
        f"{group['id']}: {len(group['members'])} members, {modality}, {group['style']}, {group['frequency']}",
        f"  meets for {group['minutes']} minutes, in each member's time:",
    ]
    lines += [f"    {detail['id']}: {_local(detail)}{_travel(detail)}" for detail in group["member_details"]]
    lines += [f"  {_focus(group)}", *_wishes(group["wishes"])]
    lines += [f"  broken rule: {message}" for message in group["broken_rules"]]
    return lines


def _short_group(group: dict) -> str:
    focus = f", focus {group['focus']}" if group["focus"] else ""
    return (
        f"  {group['id']}: {', '.join(group['members'])} ({group['modality']}, {group['style']}, "
        f"{group['frequency']}{focus}, {group['local_start']})"
    )


def _overview(explanation: dict) -> list[str]:
    placed = sum(len(group["members"]) for group in explanation["groups"])
    lines = [f"{len(explanation['groups'])} groups, {placed} of {explanation['participants']} placed:"]
    lines += [_short_group(group) for group in explanation["groups"]]
    lines += [f"unplaced ({len(explanation['unplaced'])}):"] if explanation["unplaced"] else []
    for entry in explanation["unplaced"]:
        lines += [f"  {entry['participant']}: {reason}" for reason in entry["reasons"]]
    return lines + [f"{explanation['note']}."]


def _checked(explanation: dict) -> str:
    settings = explanation["verification"]
    return (
        f"each checked by solve --keep SOLUTION --open-seats, every group kept with its free seats open; "
        f"seed {settings['seed']}, {settings['time_limit_s']:g} s for all re-solves"
    )


def _not_tried(explanation: dict) -> list[str]:
    if not explanation["not_tried"]:
        return []
    return [f"  not tried, the time limit ran out first: {'; '.join(explanation['not_tried'])}"]


def _how_to_repeat(explanation: dict) -> list[str]:
    folder = explanation["verification"]["changes_folder"]
    if folder is not None:
        return [f"each changed sign-up is written in {folder}; its command repeats the check"]
    return [
        f"to repeat a check, run explain again with --write-changes {PLACEHOLDER_FOLDER}, which writes the "
        "changed sign-up each command reads"
    ]


def _cut_by_clock(checked: dict) -> str:
    return CUT_BY_CLOCK if checked["cut_by_clock"] else ""


def _suggestion(number: int, suggestion: dict) -> list[str]:
    return [f"  {number}. {suggestion['text']}{_cut_by_clock(suggestion)}", f"     {suggestion['command']}"]


def _what_would_place(explanation: dict) -> list[str]:
    who = explanation["participant"]
    if explanation["unavailable"]:
        return [f"no suggestions: {explanation['unavailable']}"]
    unchanged = explanation["placed_without_change"]
    if unchanged:
        return [
            f"no change needed: re-solving with every group kept places {who} in {where(unchanged)}"
            f"{_cut_by_clock(unchanged)}:",
            f"  {unchanged['command']}",
        ]
    if not explanation["suggestions"]:
        tried = "; ".join(entry["action"] for entry in explanation["tried"]) or "no change applies"
        return [f"no single change to {who}'s sign-up places {who} ({_checked(explanation)}); tried: {tried}"] + (
            _not_tried(explanation)
        )
    lines = [f"what would place {who} ({_checked(explanation)}):"]
    for number, suggestion in enumerate(explanation["suggestions"], start=1):
        lines += _suggestion(number, suggestion)
    return lines + _not_tried(explanation) + _how_to_repeat(explanation)


def _unplaced(explanation: dict) -> list[str]:
    lines = [f"{explanation['participant']} is not placed, because:"]
    lines += [f"  {reason}" for reason in explanation["reasons"]]
    return lines + _what_would_place(explanation)


def render_text(explanation: dict) -> str:
    kind = explanation["kind"]
    if kind == "overview":
        lines = _overview(explanation)
    elif kind == "group":
        lines = _group(explanation["group"])
    elif kind == "placed":
        lines = [f"{explanation['participant']} is placed, in {explanation['group']['id']}:"] + _group(
            explanation["group"]
        )
    else:
        lines = _unplaced(explanation)
    return "\n".join(lines) + "\n"
