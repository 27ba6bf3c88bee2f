"""What every command shares: reading inputs, writing outputs all or nothing, failing on bad input with
exit status 2, and the option types."""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import click

import groupformer

EXIT_NO_SOLUTION = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3


def read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise groupformer.InputError([f"{source}: cannot read: {error.strerror}"]) from None


def writable_folder(destination: str) -> Path:
    """The output's folder, checked before any work; missing folders are made when writing (mkdir -p)."""
    if Path(destination).is_dir():
        raise groupformer.InputError([f"{destination}: is a folder; give a file name for the output"])
    folder = Path(destination).resolve().parent
    nearest = next(ancestor for ancestor in (folder, *folder.parents) if ancestor.exists())
    if not nearest.is_dir():
        raise groupformer.InputError([f"{destination}: {nearest} is a file, not a folder"])
    return folder


def write_output(destination: str, text: str) -> None:
    """Write all or nothing: a temporary file beside the destination, renamed into place when complete."""
    if destination == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(destination)
    folder = writable_folder(destination)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        with open(temporary, "x", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def to_json(model) -> str:
    return json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def fail(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _limit(name: str) -> float:
    """A limit of the contract (groupformer.contract.limits), read when an option is parsed so that
    `groupformer --help` loads none of the contract's models."""
    return getattr(importlib.import_module("groupformer.contract.limits"), name)


def finite_seconds(context: click.Context, parameter: click.Parameter, value: float | None) -> float | None:
    """Seconds within the contract's limit on time_limit_s and work_limit (which NaN and infinity are not)."""
    if value is not None and not value <= _limit("MAX_SECONDS"):
        raise click.BadParameter(f"must be a finite number of seconds, at most {_limit('MAX_SECONDS'):,.0f} (a week)")
    return value


def within_limit(name: str) -> Callable[[click.Context, click.Parameter, int | None], int | None]:
    """An option callback refusing a whole number above the contract's limit `name`."""

    def check(context: click.Context, parameter: click.Parameter, value: int | None) -> int | None:
        if value is not None and value > _limit(name):
            raise click.BadParameter(f"must be at most {_limit(name):,}")
        return value

    return check


class LibraryChoice(click.Choice):
    """A choice among names the library defines, read when a command parses or shows its own help, so
    that `groupformer --help` imports none of the modules defining them."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._names())


def command_started() -> float:
    """When this command started on time.monotonic(): the process start when run as a program, else (the
    command called in another program's process, tests among them) now."""
    started = click.get_current_context().find_root().obj
    return started if isinstance(started, float) else time.monotonic()


def finite_seconds_each(context: click.Context, parameter: click.Parameter, values: tuple[float, ...]):
    return tuple(finite_seconds(context, parameter, value) for value in values)


def _local_workers(context: click.Context, parameter: click.Parameter, value: str | None) -> int | None:
    """`local:N` as N worker processes; the prefix leaves room for other kinds of cluster."""
    if value is None:
        return None
    match = re.fullmatch(r"local:([1-9][0-9]*)", value)
    if match is None:
        raise click.BadParameter(f"{value!r}: expected local:N, N worker processes (e.g. local:2)")
    return int(match.group(1))


def cluster_options(what: str):
    """`--scheduler ADDRESS` and `--cluster local:N` (docs/cluster.md), passed on as `scheduler` and
    `local_workers`; `what` says what runs there, in the options' help."""

    def with_cluster_options(command):
        scheduler = click.option(
            "--scheduler", metavar="ADDRESS", help=f"{what} on the Dask scheduler at ADDRESS (docs/cluster.md)."
        )
        local = click.option(
            "--cluster",
            "local_workers",
            metavar="local:N",
            callback=_local_workers,
            help=f"{what} on a Dask cluster of N worker processes started on this machine.",
        )
        return scheduler(local(command))

    return with_cluster_options


def one_place(what: str, given: dict[str, bool]) -> None:
    """Options that each say where `what` run are exclusive: a usage error names those given together."""
    chosen = [name for name, present in given.items() if present]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be combined: choose where the {what} run")


def chosen_cluster(scheduler: str | None, local_workers: int | None) -> groupformer.Cluster | None:
    """The cluster `--scheduler` or `--cluster local:N` names (at most one of them), or None."""
    one_place("parts", {"--scheduler": scheduler is not None, "--cluster": local_workers is not None})
    if scheduler is None and local_workers is None:
        return None
    return groupformer.Cluster(scheduler, local_workers)
