"""The explanation in words, compact enough to paste into an email to a colleague."""

from __future__ import annotations

from groupformer.explain.suggestions import where


def _local(detail: dict) -> str:
    local = detail["local_meeting"]
    return f"{local['weekday']} {local['start']}–{local['end']} {local['abbreviation']} ({local['zone']})"


def _travel(detail: dict) -> str:
    if detail["distance_km"] is None:
        return ""
    return f", {detail['distance_km']:g} km away (travels up to {detail['max_travel_km']:g} km)"


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
        f"{group['frequency']}{focus}, starts {group['utc_start']})"
    )


def _overview(explanation: dict) -> list[str]:
    placed = sum(len(group["members"]) for group in explanation["groups"])
    lines = [f"{len(explanation['groups'])} groups, {placed} of {explanation['participants']} placed:"]
    lines += [_short_group(group) for group in explanation["groups"]]
    lines += [f"unplaced ({len(explanation['unplaced'])}):"] if explanation["unplaced"] else []
    for entry in explanation["unplaced"]:
        lines += [f"  {entry['participant']}: {reason}" for reason in entry["reasons"]]
    return lines + [f"{explanation['note']}."]


def _what_would_place(explanation: dict) -> list[str]:
    who = explanation["participant"]
    settings = explanation["verification"]
    if explanation["unavailable"]:
        return [f"no suggestions: {explanation['unavailable']}"]
    if explanation["placed_without_change"]:
        placed = where(explanation["placed_without_change"])
        return [f"no change needed: re-solving with every group kept places {who} in {placed}"]
    checked = (
        f"each checked by re-solving with every group kept, {settings['time_limit_s']:g} s, seed {settings['seed']}"
    )
    if not explanation["suggestions"]:
        tried = "; ".join(explanation["tried"]) or "no change applies"
        return [f"no single change to {who}'s sign-up places {who} ({checked}); tried: {tried}"]
    return [f"what would place {who} ({checked}):"] + [f"  {item['text']}" for item in explanation["suggestions"]]


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
