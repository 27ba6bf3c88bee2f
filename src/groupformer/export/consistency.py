"""Does the solution belong to these sign-ups? Checked before rendering anything.

A solution for another sign-up file (or a hand-edited one with a typo in an id) would otherwise produce
invitations naming nobody, or a roster that silently drops people; so every mismatch is reported at once,
each naming its place in the solution file, like the sign-up file's own problems. Broken hard rules are
not mismatches: the report shows them, and a coordinator may still want to send a hand-made grouping out.
"""

from __future__ import annotations

from collections import defaultdict

from groupformer.contract import SignupFile, SubmittedSolution
from groupformer.contract.limits import quoted
from groupformer.timegeo import parse_utc
from groupformer.validate import InputError


def _listing_problems(signups: SignupFile, solution: SubmittedSolution) -> list[str]:
    """Unknown ids, and people listed twice or not at all, so nobody is lost or invented in any export."""
    known = {participant.id for participant in signups.participants}
    places: dict[str, list[str]] = defaultdict(list)
    problems = []
    listings = [
        (f"groups[{index}].members[{position}] (group {group.id})", member_id)
        for index, group in enumerate(solution.groups)
        for position, member_id in enumerate(group.members)
    ]
    listings += [(f"unassigned[{index}].id", entry.id) for index, entry in enumerate(solution.unassigned)]
    for where, participant_id in listings:
        places[participant_id].append(where)
        if participant_id not in known:
            problems.append(f"{where}: unknown participant id {quoted(participant_id)} (not in the sign-ups)")
    for participant in signups.participants:
        found = places.get(participant.id, [])
        if not found:
            problems.append(f"participant {participant.id}: neither in a group nor unassigned in the solution")
        elif len(found) > 1:
            problems.append(f"participant {participant.id}: listed {len(found)} times: {', '.join(found)}")
    return problems


def _group_problems(solution: SubmittedSolution) -> list[str]:
    """What an invitation needs: a distinct id, a real start, a place for an in-person meeting."""
    problems = []
    first_use: dict[str, int] = {}
    for index, group in enumerate(solution.groups):
        where = f"groups[{index}] (group {group.id})"
        if group.id in first_use:
            problems.append(f"{where}.id: already used by groups[{first_use[group.id]}]")
        first_use.setdefault(group.id, index)
        if parse_utc(group.meeting.utc_start) is None:
            problems.append(f"{where}.meeting.utc_start: {group.meeting.utc_start} is not a real date-time")
        location = group.meeting.location
        if group.modality == "in_person" and location is None:
            problems.append(f"{where}.meeting.location: an in-person group needs a meeting place")
        if location is not None and location.host is not None and location.host not in group.members:
            problems.append(f"{where}.meeting.location.host: {quoted(location.host)} is not a member of the group")
    return problems


def check_solution_matches(signups: SignupFile, solution: SubmittedSolution) -> None:
    problems = _listing_problems(signups, solution) + _group_problems(solution)
    if problems:
        raise InputError(problems)
