"""Where a benchmark's runs run: here one after another, in a pool of this machine's processes (`--jobs`),
or as tasks on a Dask cluster (`--scheduler ADDRESS`, `--cluster local:N`; docs/cluster.md).

Every executor hands each run back to this process as soon as it ends, and only this process writes the
run store, so a lost worker or a broken connection loses only the runs in flight, never a saved one.
Dask is an optional extra (`pip install 'groupformer[dask]'`), imported only when a cluster is asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from groupformer.cluster import Cluster, dask_distributed

# Retries of a task that raised (a worker's full disk, a dropped file system); a lost worker's task is
# rescheduled by the scheduler itself, up to its `allowed-failures` (3 by default).
TASK_RETRIES = 2


@dataclass(frozen=True)
class Task:
    """How a benchmark runs one job: `run(job, data)` on the data `load(source(job))` reads from the job's
    instance file. Split so that a cluster reads each instance once, here, and sends it to its workers
    once, instead of every task reading a file its worker may not have. `process_context` is how a
    process pool starts its processes (None: the platform's default)."""

    run: Callable[[Any, Any], dict]
    source: Callable[[Any], Path]
    load: Callable[[Path], Any]
    process_context: BaseContext | None = None


class Executor:
    """Runs a benchmark's pending jobs; used as a context manager, which starts and stops what it needs."""

    def __enter__(self):
        return self

    def __exit__(self, *exception) -> None:
        return None

    def results(self, pending: list, task: Task) -> Iterator[tuple[Any, dict]]:
        """Each job with its run, in the order they finish."""
        raise NotImplementedError


class InOrder(Executor):
    """One run after another in this process (no `--jobs`, `--scheduler` or `--cluster`)."""

    def results(self, pending: list, task: Task) -> Iterator[tuple[Any, dict]]:
        for job in pending:
            yield job, task.run(job, task.load(task.source(job)))


class ProcessPool(Executor):
    """`jobs` runs at a time, each in a process of this machine that reads its own instance file."""

    def __init__(self, jobs: int):
        self.jobs = jobs

    def results(self, pending: list, task: Task) -> Iterator[tuple[Any, dict]]:
        with ProcessPoolExecutor(max_workers=self.jobs, mp_context=task.process_context) as pool:
            futures = {pool.submit(_load_and_run, task.run, task.load, task.source(job), job): job for job in pending}
            for future in as_completed(futures):
                yield futures[future], future.result()


def _load_and_run(run: Callable[[Any, Any], dict], load: Callable[[Path], Any], source: Path, job) -> dict:
    return run(job, load(source))


class DaskCluster(Executor):
    """Runs as tasks on a Dask cluster (groupformer/cluster.py): the running one at `scheduler`, or
    `local_workers` worker processes started here. Entering connects (or starts the cluster), so a wrong
    address is reported before any run; Dask missing is reported when the executor is made."""

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None):
        self._distributed = dask_distributed()
        self.cluster = Cluster(scheduler, local_workers)
        self._stack = contextlib.ExitStack()
        self.client = None

    def __enter__(self):
        self.client = self._stack.enter_context(self.cluster.client())
        return self

    def __exit__(self, *exception) -> None:
        self._stack.close()

    def results(self, pending: list, task: Task) -> Iterator[tuple[Any, dict]]:
        """One task per run, in the order they finish; each instance's data is scattered to every worker
        once (and stays on the survivors if one is lost) rather than sent with each task."""
        if not pending:
            return
        sources = list(dict.fromkeys(task.source(job) for job in pending))
        scattered = self.client.scatter([task.load(source) for source in sources], broadcast=True)
        data = dict(zip(sources, scattered))
        futures = {
            self.client.submit(task.run, job, data[task.source(job)], retries=TASK_RETRIES, pure=False): job
            for job in pending
        }
        for future in self._distributed.as_completed(futures):
            yield futures.pop(future), future.result()


def chosen(jobs: int, scheduler: str | None, local_workers: int | None) -> Executor:
    """The executor the command line's `--jobs`, `--scheduler` and `--cluster local:N` ask for."""
    if scheduler is not None or local_workers is not None:
        return DaskCluster(scheduler, local_workers)
    return ProcessPool(jobs) if jobs > 1 else InOrder()
