"""Everyone once: each participant in exactly one group or listed as unassigned (with a reason), nobody
unknown, no group id used twice."""

from __future__ import annotations

from collections import Counter, defaultdict

from groupformer.contract import SignupFile, SubmittedSolution, Violation


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
    uses = Counter(group.id for group in solution.groups)
    for group_id in sorted(group_id for group_id, count in uses.items() if count > 1):
        violations.append(
            Violation(
                rule="group_id",
                group=group_id,
                members=[],
                message=f"group id {group_id} is used by {uses[group_id]} groups",
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
