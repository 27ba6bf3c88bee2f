"""groupformer: peer consultation groups that can actually meet.

The library comes first; the `groupformer` command is one client of it and uses nothing else. Read the
sign-ups, solve, let the independent judge check, then export what the coordinator sends out:

    import groupformer
    signups = groupformer.load_signups(Path("signups.json"))   # raises InputError listing every problem
    solution = groupformer.solve(signups, work_limit=5, seed=0)
    report = groupformer.evaluate(signups, solution)           # report.valid, report.violations
    files = groupformer.export(signups, solution, roster=True, report=True)

A hand-made grouping (who is in which group) is completed as solve would with `complete`, judged with
`judge`; `explain` says why a group works or why someone was not placed. At the desk, `rebuild_group`
gives the group a set of members forms (or raises GroupCannotMeet with the rule); `move`, `swap`,
`unassign`, `new_group` and `dissolve` return the edited solution with the change in the judge's report
(`Edit.delta`, in words with `delta_summary`). A `Desk` is a session of such edits, each judged in
milliseconds, with undo and redo; `solve_pinned` (or `Desk.resolve`) solves again all but the pinned groups
(docs/adjust.md). `compare_solutions` judges two solutions side by side and says who moved.

A solve reports `progress` as events (Started, Improved, PartDone, Finished) and ends early, keeping the
best solution so far, when its `stop` (a StopSignal or threading.Event) is set.

Bad input raises `InputError`, whose `problems` each name where they are (JSON path, row and column,
participant id). Heavy modules (pydantic's models, the solver) load at first use, so `import groupformer`
is quick. `groupformer.bench` (mdgp_runner, suite) is the benchmarks' API. docs/api.md has examples.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

from groupformer.api import (
    SCHEMA_NAMES,
    complete,
    default_mapping,
    describe_groups,
    evaluate,
    explain,
    export,
    import_form,
    judge,
    keep_groups,
    load_grouping,
    load_roster,
    load_signups,
    load_solution,
    schema,
    solve,
)
from groupformer.edits import (
    Edit,
    GroupCannotMeet,
    ReportDelta,
    delta_summary,
    dissolve,
    move,
    new_group,
    pinned_solution,
    rebuild_group,
    report_delta,
    solve_pinned,
    swap,
    unassign,
)
from groupformer.events import Finished, Improved, PartDone, ProgressEvent, Started, StopSignal

# Loaded at first use: name → (module, name there).
_LAZY = {
    "InputError": ("groupformer.validate", "InputError"),
    "parse_json": ("groupformer.validate", "parse_json"),
    "SignupFile": ("groupformer.contract", "SignupFile"),
    "Solution": ("groupformer.contract", "Solution"),
    "SubmittedSolution": ("groupformer.contract", "SubmittedSolution"),
    "EvaluationReport": ("groupformer.contract", "EvaluationReport"),
    "Group": ("groupformer.contract", "Group"),
    "Violation": ("groupformer.contract", "Violation"),
    "Grouping": ("groupformer.grouping", "Grouping"),
    "KeptGroups": ("groupformer.keep", "KeptGroups"),
    "Desk": ("groupformer.desk", "Desk"),
    "DeskChange": ("groupformer.desk", "DeskChange"),
    "compare_solutions": ("groupformer.compare", "compare_solutions"),
    "Comparison": ("groupformer.compare", "Comparison"),
    "Moved": ("groupformer.compare", "Moved"),
    "ENGINES": ("groupformer.solve", "ENGINES"),
    "Cluster": ("groupformer.cluster", "Cluster"),
    "SHAPES": ("groupformer.generate", "SHAPES"),
    "generate_signups": ("groupformer.generate", "generate_signups"),
    "solution_summary": ("groupformer.summary", "solution_summary"),
    "evaluation_summary": ("groupformer.summary", "evaluation_summary"),
    "import_summary": ("groupformer.summary", "import_summary"),
    "ProgressLine": ("groupformer.summary", "ProgressLine"),
    "Exports": ("groupformer.export.bundle", "Exports"),
    "export_summary": ("groupformer.export.bundle", "export_summary"),
    "Organizer": ("groupformer.export.organizer", "Organizer"),
    "parse_organizer": ("groupformer.export.organizer", "parse_organizer"),
    "is_zone_name": ("groupformer.export.local_time", "is_zone_name"),
    "ExplainSources": ("groupformer.explain", "Sources"),
    "render_explanation": ("groupformer.explain", "render_text"),
    "changed_signup_files": ("groupformer.explain", "changed_signup_files"),
    "FormImport": ("groupformer.formimport", "FormImport"),
    "MdgpFormatError": ("groupformer.mdgp", "MdgpFormatError"),
    "check_mdgp_header": ("groupformer.mdgp", "check_header"),
    "process_started": ("groupformer.process_clock", "process_started"),
    "crash_message": ("groupformer.crash", "crash_message"),
    "write_crash_report": ("groupformer.crash", "write_crash_report"),
    "serve": ("groupformer.serve.run", "serve"),
}

__all__ = [
    "SCHEMA_NAMES",
    "Edit",
    "Finished",
    "GroupCannotMeet",
    "Improved",
    "PartDone",
    "ProgressEvent",
    "ReportDelta",
    "Started",
    "StopSignal",
    "complete",
    "delta_summary",
    "describe_groups",
    "dissolve",
    "evaluate",
    "explain",
    "export",
    "import_form",
    "default_mapping",
    "judge",
    "keep_groups",
    "load_grouping",
    "load_roster",
    "load_signups",
    "load_solution",
    "move",
    "new_group",
    "pinned_solution",
    "rebuild_group",
    "report_delta",
    "schema",
    "solve",
    "solve_pinned",
    "swap",
    "unassign",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'groupformer' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """Importing a submodule sets it as an attribute of its package; the API's functions named like
    their modules (solve, evaluate, complete, explain, export) keep their names, and the modules stay
    reachable by import."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in __all__:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
