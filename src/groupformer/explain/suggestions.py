"""What would place an unplaced person: each candidate change tried by a re-solve, kept only if it works.

A suggestion that was not checked would send the coordinator to ask a colleague for a change that may
not help; so nothing is suggested that the re-solve did not confirm, and the re-solve's settings are
reported beside the suggestions. When the person is placed even without a change (the solution was
not the best for them), that is said instead, since any change would then seem to work.
"""

from __future__ import annotations

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.explain.changes import apply_change, candidate_changes
from groupformer.explain.verify import Resolve, keep_every_group, placed_after
from groupformer.open_groups import open_group_problems


def where(placed: dict) -> str:
    if placed["new_group"]:
        return f"a new group with {', '.join(placed['with'])} ({placed['group']})"
    return placed["group"]


def _outcome(resolve: Resolve, **fields) -> dict:
    return {
        "verification": resolve.as_data(),
        "unavailable": None,
        "placed_without_change": None,
        "suggestions": [],
        "tried": [],
        **fields,
    }


def suggest(signups: SignupFile, solution: SubmittedSolution, person_id: str, resolve: Resolve) -> dict:
    kept = keep_every_group(signups, solution)
    problems = open_group_problems(kept)
    if problems:
        return _outcome(resolve, unavailable=f"the groups cannot be kept for a re-solve: {'; '.join(problems)}")
    unchanged = placed_after(kept, person_id, resolve)
    if unchanged is not None:
        return _outcome(resolve, placed_without_change=unchanged)
    person = next(participant for participant in signups.participants if participant.id == person_id)
    groups = [group.as_group(signups.settings.meeting_minutes) for group in kept.open_groups]
    suggestions, tried = [], []
    for change in candidate_changes(person, groups, kept):
        placed = placed_after(apply_change(kept, change), person_id, resolve)
        if placed is None:
            tried.append(change.action)
            continue
        text = f"{change.action} would place {person_id} in {where(placed)}"
        suggestions.append({"change": change.as_data(), "text": text, **placed})
    return _outcome(resolve, suggestions=suggestions, tried=tried)
