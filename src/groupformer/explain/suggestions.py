"""What would place an unplaced person: each candidate change tried by a re-solve, kept only if it works.

A suggestion that was not checked would send the coordinator to ask a colleague for a change that may
not help; so nothing is suggested that the re-solve did not confirm, and each suggestion carries the
command that repeats its check. When the person is placed even without a change (the solution was not
the best for them), that is said instead, since any change would then seem to work.
"""

from __future__ import annotations

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.explain.budget import TimeBudget
from groupformer.explain.changes import Change, candidate_changes
from groupformer.explain.reproduce import Sources, json_patch, solve_command
from groupformer.explain.verify import WORKERS, Outcome, ReSolve, kept_with_open_seats, placed_after


def where(placed: dict) -> str:
    if placed["new_group"]:
        return f"a new group with {', '.join(placed['with'])} ({placed['group']})"
    return placed["group"]


def _checked(resolve: ReSolve, outcome: Outcome, signups_path: str, sources: Sources) -> dict:
    return {
        "re_solve": resolve.as_data(),
        "cut_by_clock": outcome.cut_by_clock,
        "command": solve_command(signups_path, sources.solution_path, resolve),
    }


def _suggestion(
    signups: SignupFile, change: Change, outcome: Outcome, number: int, resolve: ReSolve, sources: Sources
) -> dict:
    changed_path = sources.changed_signups_path(change.participant, number)
    return {
        "change": change.as_data(),
        "patch": json_patch(signups, change.as_data()),
        "text": f"{change.action} would place {change.participant} in {where(outcome.placed)}",
        **outcome.placed,
        "signups_file": changed_path,
        **_checked(resolve, outcome, changed_path, sources),
    }


class _ReSolves:
    """The re-solves for one person, in turn, each with its share of the time and each limit recorded."""

    def __init__(self, signups: SignupFile, solution: SubmittedSolution, person_id: str, sources: Sources) -> None:
        self.signups, self.solution, self.person_id, self.sources = signups, solution, person_id, sources
        self.time_limits_s: list[float] = []

    def check(self, change: Change | None, shares: TimeBudget) -> tuple[ReSolve, Outcome] | None:
        """None when the time left is too short for another re-solve."""
        limit_s = shares.next_limit_s()
        if limit_s is None:
            return None
        self.time_limits_s.append(limit_s)
        resolve = ReSolve(limit_s, self.signups.settings.seed)
        text = self.sources.signups_text(self.signups, None if change is None else change.as_data())
        return resolve, placed_after(text, self.solution, self.person_id, resolve)


def _tried(change: Change, resolve: ReSolve, outcome: Outcome) -> dict:
    return {
        "change": change.as_data(),
        "action": change.action,
        "re_solve": resolve.as_data(),
        "cut_by_clock": outcome.cut_by_clock,
    }


def _changes_tried(changes: list[Change], re_solves: _ReSolves, shares: TimeBudget) -> dict:
    suggestions, tried = [], []
    for position, change in enumerate(changes):
        checked = re_solves.check(change, shares)
        if checked is None:
            not_tried = [left.action for left in changes[position:]]
            return {"suggestions": suggestions, "tried": tried, "not_tried": not_tried}
        resolve, outcome = checked
        if outcome.placed is None:
            tried.append(_tried(change, resolve, outcome))
        else:
            number = len(suggestions) + 1
            suggestions.append(_suggestion(re_solves.signups, change, outcome, number, resolve, re_solves.sources))
    return {"suggestions": suggestions, "tried": tried}


def _what_would_place(
    signups: SignupFile, person_id: str, re_solves: _ReSolves, time_limit_s: float, started: float
) -> dict:
    kept, problems = kept_with_open_seats(signups, re_solves.solution)
    if problems:
        return {"unavailable": f"the groups cannot be kept for a re-solve: {'; '.join(problems)}"}
    person = next(participant for participant in signups.participants if participant.id == person_id)
    groups = [group.as_group(signups.settings.meeting_minutes) for group in kept.open_groups]
    changes = candidate_changes(person, groups, kept)
    shares = TimeBudget(time_limit_s, started, 1 + len(changes))
    unchanged = re_solves.check(None, shares)
    if unchanged is None:
        return {"unavailable": f"{time_limit_s:g} s is too short for a re-solve"}
    resolve, outcome = unchanged
    if outcome.placed is not None:
        checked = _checked(resolve, outcome, re_solves.sources.signups_path, re_solves.sources)
        return {"placed_without_change": {**outcome.placed, **checked}}
    return _changes_tried(changes, re_solves, shares)


def suggest(
    signups: SignupFile,
    solution: SubmittedSolution,
    person_id: str,
    time_limit_s: float,
    started: float,
    sources: Sources,
) -> dict:
    """The unchanged re-solve and one per candidate change share the whole command's time limit, whose
    clock started at `started`; `verification` lists the limit each re-solve had."""
    re_solves = _ReSolves(signups, solution, person_id, sources)
    found = _what_would_place(signups, person_id, re_solves, time_limit_s, started)
    verification = {
        "time_limit_s": time_limit_s,
        "seed": signups.settings.seed,
        "workers": WORKERS,
        "changes_folder": sources.changes_folder,
        "re_solve_time_limits_s": re_solves.time_limits_s,
    }
    return {
        "verification": verification,
        "unavailable": None,
        "placed_without_change": None,
        "suggestions": [],
        "tried": [],
        "not_tried": [],
        **found,
    }
