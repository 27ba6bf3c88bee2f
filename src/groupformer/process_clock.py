"""When this process started, on the time.monotonic() clock.

A command's time limit covers the whole command as a user times it, Python's start-up and the imports
of the solver's libraries (about a second) included; reading the kernel's record of the process start
counts them. Where there is no /proc, the first import of this module stands in.
"""

from __future__ import annotations

import os
import time

_IMPORTED = time.monotonic()


def process_started() -> float:
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime_s = float(handle.read().split()[0])
        age_s = uptime_s - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED
    return min(_IMPORTED, time.monotonic() - max(0.0, age_s))
