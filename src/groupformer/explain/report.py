"""Which explanation an id asks for: a group's, an unplaced person's (with verified suggestions), a placed
person's (their group's), or, without an id, the short form of everything."""

from __future__ import annotations

import time

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.explain.groups import explain_group, short_group
from groupformer.explain.reproduce import Sources
from groupformer.explain.suggestions import suggest
from groupformer.export.consistency import check_solution_matches
from groupformer.validate import InputError

DEFAULT_TIME_LIMIT_S = 10.0
PLACEHOLDER_SOURCES = Sources()
FOR_SUGGESTIONS = "give a participant's id for what would place them (each suggestion is checked by a re-solve)"


def _reasons(solution: SubmittedSolution) -> dict[str, list[str]]:
    return {entry.id: entry.reasons for entry in solution.unassigned}


def _overview(signups: SignupFile, solution: SubmittedSolution) -> dict:
    by_id = {participant.id: participant for participant in signups.participants}
    return {
        "kind": "overview",
        "participants": len(signups.participants),
        "groups": [short_group(group, by_id) for group in solution.groups],
        "unplaced": [{"participant": person, "reasons": reasons} for person, reasons in _reasons(solution).items()],
        "note": FOR_SUGGESTIONS,
    }


def explain(
    signups: SignupFile,
    solution: SubmittedSolution,
    target: str | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    clock_started: float | None = None,
    sources: Sources = PLACEHOLDER_SOURCES,
) -> dict:
    """Raises InputError for a solution of other sign-ups and for an id that is neither group nor person.

    `time_limit_s` bounds everything from `clock_started` (time.monotonic(); default now), the command
    line's reading of the files included; `sources` give the printed commands their paths."""
    started = time.monotonic() if clock_started is None else clock_started
    check_solution_matches(signups, solution)
    if target is None:
        return _overview(signups, solution)
    groups = {group.id: group for group in solution.groups}
    if target in groups:
        return {"kind": "group", "group": explain_group(signups, groups[target])}
    if target not in {participant.id for participant in signups.participants}:
        raise InputError([f"unknown id {target!r}: neither a group of the solution nor a participant"])
    home = next((group for group in solution.groups if target in group.members), None)
    if home is not None:
        return {"kind": "placed", "participant": target, "group": explain_group(signups, home)}
    return {
        "kind": "unplaced",
        "participant": target,
        "reasons": _reasons(solution)[target],
        **suggest(signups, solution, target, time_limit_s, started, sources),
    }
