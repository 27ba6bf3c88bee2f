"""Which explanation an id asks for: a group's, an unplaced person's (with verified suggestions), a placed
person's (their group's), or, without an id, the short form of everything."""

from __future__ import annotations

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.explain.groups import explain_group, short_group
from groupformer.explain.suggestions import suggest
from groupformer.explain.verify import Resolve
from groupformer.export.consistency import check_solution_matches
from groupformer.validate import InputError

DEFAULT_TIME_LIMIT_S = 5.0
FOR_SUGGESTIONS = "give a participant's id for what would place them (each suggestion is checked by a re-solve)"


def _reasons(solution: SubmittedSolution) -> dict[str, list[str]]:
    return {entry.id: entry.reasons for entry in solution.unassigned}


def _overview(signups: SignupFile, solution: SubmittedSolution) -> dict:
    return {
        "kind": "overview",
        "participants": len(signups.participants),
        "groups": [short_group(group) for group in solution.groups],
        "unplaced": [{"participant": person, "reasons": reasons} for person, reasons in _reasons(solution).items()],
        "note": FOR_SUGGESTIONS,
    }


def explain(
    signups: SignupFile,
    solution: SubmittedSolution,
    target: str | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
) -> dict:
    """Raises InputError for a solution of other sign-ups and for an id that is neither group nor person."""
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
    resolve = Resolve(time_limit_s, signups.settings.seed)
    return {
        "kind": "unplaced",
        "participant": target,
        "reasons": _reasons(solution)[target],
        **suggest(signups, solution, target, resolve),
    }
