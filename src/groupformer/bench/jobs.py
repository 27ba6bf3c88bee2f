"""What both benchmarks do with their runs: run the pending ones, one process each when asked to, save
each as soon as it ends (atomically, so an interrupted benchmark leaves no half-written run behind)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path


def run_pending(
    pending: list,
    parallel_jobs: int,
    run_one: Callable[[object], dict],
    save: Callable[[dict, object], dict],
    on_done: Callable[[dict, bool], None],
    process_context=None,
) -> list[dict]:
    """`run_one(job)` for every pending job, in order or in `parallel_jobs` processes; `save(run, job)`
    keeps each result and `on_done(run, False)` hears of it."""
    runs: list[dict] = []
    if parallel_jobs <= 1:
        for job in pending:
            runs.append(save(run_one(job), job))
            on_done(runs[-1], False)
        return runs
    with ProcessPoolExecutor(max_workers=parallel_jobs, mp_context=process_context) as pool:
        futures = {pool.submit(run_one, job): job for job in pending}
        for future in as_completed(futures):
            runs.append(save(future.result(), futures[future]))
            on_done(runs[-1], False)
    return runs


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
