"""Two steps of the desk's history side by side, as the page's Compare table shows them: the figures
the judge gives each solution and who moved, by `groupformer.compare_solutions`."""

from __future__ import annotations

import groupformer
from groupformer.serve.workspace import Workspace


def compare_steps(workspace: Workspace, first: int | None, second: int | None) -> dict:
    """Steps `first` and `second` (positions in the history); by default the step before the current one
    and the current one. InputError for a position the history does not have."""
    with workspace.lock:
        signups, steps, position = workspace.signups, list(workspace.steps), workspace.position
    second = position if second is None else second
    first = max(position - 1, 0) if first is None else first
    problems = [
        f"compare: {name} must be a step of the history, 0 to {len(steps) - 1}"
        for name, index in (("first", first), ("second", second))
        if not 0 <= index < len(steps)
    ]
    if problems:
        raise groupformer.InputError(problems)
    solutions = [groupformer.load_solution(workspace.folder / steps[index]["file"]) for index in (first, second)]
    comparison = groupformer.compare_solutions(signups, *solutions)
    names = {person.id: person.name for person in signups.participants}
    return {
        "first": {"position": first, "label": steps[first]["label"]},
        "second": {"position": second, "label": steps[second]["label"]},
        "figures": [_figure(name, *values) for name, values in comparison.figures().items()],
        "moved": [
            {"id": moved.participant, "name": names[moved.participant], "before": moved.before, "after": moved.after}
            for moved in comparison.moved
        ],
        "continues": comparison.continues,
    }


def _figure(name: str, first, second) -> dict:
    """One row of the table; `change` is second minus first, None for validity."""
    change = None if isinstance(first, bool) else round(second - first, 6)
    return {"name": name, "first": first, "second": second, "change": change}
