"""A crash report for bugs, so the coordinator sees one line and the maintainer gets the whole traceback.

An uncaught exception is our fault, never the input's (bad input is an InputError, exit 2), so the
command line gets a short message and the details go to a file that can be attached to a bug report.
"""

from __future__ import annotations

import datetime
import os
import platform
import sys
import tempfile
import traceback
from importlib import metadata
from pathlib import Path


def write_crash_report(error: BaseException) -> Path:
    """Write the traceback, command line and versions to a fresh file in the system temp folder."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = Path(tempfile.gettempdir()) / f"groupformer-crash-{stamp}-{os.getpid()}.txt"
    details = [
        f"command: {' '.join(sys.argv)}",
        f"groupformer {_version()}, Python {platform.python_version()}, {platform.platform()}",
        "",
        *traceback.format_exception(error),
    ]
    path.write_text("\n".join(line.rstrip("\n") for line in details) + "\n", encoding="utf-8")
    return path


def crash_message(error: BaseException, report: Path) -> str:
    return f"internal error: {type(error).__name__}: {error}; details in {report}"


def _version() -> str:
    try:
        return metadata.version("groupformer")
    except metadata.PackageNotFoundError:
        return "(not installed)"
