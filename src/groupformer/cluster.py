"""Dask clusters, for solve's parts and the benchmarks' runs: the running cluster at a scheduler's
address, or worker processes started on this machine and stopped at the end (docs/cluster.md).

Dask is an optional extra (`pip install 'groupformer[dask]'`), imported only when a cluster is asked for,
so that `import groupformer` stays quick and nothing else needs it.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import TYPE_CHECKING

from groupformer.validate import InputError

if TYPE_CHECKING:
    from groupformer.search.control import SearchControl
    from groupformer.search.part import PartOutcome
    from groupformer.search.part_tasks import PartTask

# Seconds to wait for a scheduler that does not answer before saying so, rather than Dask's 30.
CONNECT_TIMEOUT_S = 10
# A part's result travels back before the run's deadline: its task is given this much less time.
RESULT_RETURN_S = 0.5
# How often the run looks for finished parts, a stop request and its deadline while parts run.
POLL_S = 0.1
# Times a part is sent again when the worker holding its task was lost (Dask cancels the task then, since
# scattered data cannot be recomputed).
RESENDS = 3


@dataclass(frozen=True)
class Cluster:
    """Where tasks run: the running Dask cluster whose scheduler is at `scheduler` (`tcp://host:8786`),
    or `local_workers` worker processes of one thread each started on this machine (as `--jobs` gives
    one run per process, and one worker thread per task keeps a work-limited run repeatable)."""

    scheduler: str | None = None
    local_workers: int | None = None

    def __post_init__(self):
        if (self.scheduler is None) == (self.local_workers is None):
            raise ValueError("a Cluster is either a scheduler's address or a number of local workers")

    @contextlib.contextmanager
    def client(self) -> Iterator:
        """A Dask client of the cluster (connected, or started here), closed at the end; a scheduler that
        cannot be reached, or Dask missing, is bad input (InputError), reported before any work."""
        distributed = dask_distributed()
        if self.scheduler is not None:
            try:
                client = distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as error:
                raise InputError([f"cannot reach the Dask scheduler at {self.scheduler}: {error}"]) from None
            with client:
                yield client
            return
        local = distributed.LocalCluster(
            n_workers=self.local_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,  # not the warnings of stopping workers busy with cancelled tasks
        )
        with local, distributed.Client(local) as client:
            yield client


def dask_distributed():
    """Dask's `distributed`, or InputError naming the extra that installs it."""
    try:
        import distributed
    except ImportError:
        raise InputError(
            ["--scheduler and --cluster need Dask, an optional extra: pip install 'groupformer[dask]'"]
        ) from None
    return distributed


class ClusterParts:
    """Solve's parts as tasks on a cluster (search/parts.py's PartRunner): each part's task is scattered
    to one worker as it is made and runs within the time the run has left when it is sent. Finished
    parts come back in the order they finish. A task's slice lives on its worker only, so this process
    keeps each task until its part is back and sends it again if that worker is lost. When the run is
    stopped, or its deadline passes, the parts not back are cancelled and keep their greedy groups."""

    def __init__(self, client):
        self.client = client

    def outcomes(self, tasks: Iterator[PartTask], control: SearchControl) -> Iterator[tuple[int, PartOutcome]]:
        distributed = dask_distributed()
        pending: dict = {}
        finished = distributed.as_completed()
        for task in tasks:
            self._send(task, 0, control, pending, finished)
        while not finished.is_empty():
            for future in finished.next_batch(block=False):
                task, resent = pending.pop(future)
                try:
                    outcome = future.result()
                except CancelledError:
                    if resent == RESENDS:
                        raise
                    self._send(task, resent + 1, control, pending, finished)
                    continue
                control.spend(outcome.work)
                if outcome.clock_stopped:
                    control.note_clock_stop()
                yield task.index, outcome
            if pending and control.should_stop():
                self.client.cancel(list(pending))
                return
            time.sleep(POLL_S)

    def _send(self, task: PartTask, resent: int, control: SearchControl, pending: dict, finished) -> None:
        from groupformer.search.part_tasks import run_part

        data = self.client.scatter(task, hash=False)
        seconds = max(0.0, control.remaining_s() - RESULT_RETURN_S)
        future = self.client.submit(run_part, data, seconds, pure=False)
        pending[future] = (task, resent)
        finished.add(future)


@contextlib.contextmanager
def part_runner(cluster: Cluster | None) -> Iterator[ClusterParts | None]:
    """The runner of solve's parts on `cluster` for the length of the block (None: none, they run here)."""
    if cluster is None:
        yield None
        return
    with cluster.client() as client:
        yield ClusterParts(client)
