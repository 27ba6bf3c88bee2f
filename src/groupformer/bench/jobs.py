"""What both benchmarks do with their runs: run the pending ones through an executor (here, in local
processes or on a Dask cluster: executors.py), save each as soon as it ends (atomically, so an interrupted
benchmark leaves no half-written run behind)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from groupformer.bench.executors import Executor, Task


def run_pending(
    pending: list,
    executor: Executor,
    task: Task,
    save: Callable[[dict, object], dict],
    on_done: Callable[[dict, bool], None],
) -> list[dict]:
    """Every pending job's run through `executor`; `save(run, job)` keeps each result in this process as
    it arrives and `on_done(run, False)` hears of it."""
    runs: list[dict] = []
    for job, run in executor.results(pending, task):
        runs.append(save(run, job))
        on_done(runs[-1], False)
    return runs


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
