"""Where numba keeps the MDGP search's compiled code (search/tabu.py, search/memetic.py), and whether it
is there yet.

numba's `cache=True` writes next to the source by default, which an installed wheel may not allow (numba
then falls back to a folder of its own); the cache goes instead to NUMBA_CACHE_DIR when the user set it,
else to the user's cache folder (`$XDG_CACHE_HOME`, `%LOCALAPPDATA%` or `~/.cache`, then
`groupformer/numba`), one known place that a marker file beside it can vouch for. The marker names this
groupformer, numba and Python and the compiled sources, so the first search after an install, an
upgrade or an edit of either source is known to compile and can say so, instead of seeming to hang.

Nothing here imports numba, so asking whether the cache is warm costs no start-up.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

# Seconds the first compile took on the reference machine (docs/measurements.md), for the notice.
COLD_COMPILE_S = 8
COMPILED_SOURCES = tuple(Path(__file__).with_name(name) for name in ("tabu.py", "memetic.py"))


def cache_dir() -> Path:
    configured = os.environ.get("NUMBA_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return Path(base or Path.home() / ".cache") / "groupformer" / "numba"


def use_cache_dir(numba_config) -> None:
    """Point numba's cache at `cache_dir()` unless the user chose one; in effect for the functions
    decorated after it, since numba finds a function's cache folder when it is decorated."""
    if not numba_config.CACHE_DIR:
        numba_config.CACHE_DIR = str(cache_dir())


def _marker() -> Path:
    versions = [_version("groupformer"), _version("numba"), sys.version]
    sources = [f"{source.stat().st_mtime_ns}:{source.stat().st_size}" for source in COMPILED_SOURCES]
    stamp = "|".join([*versions, *sources])
    return cache_dir() / f"groupformer-compiled-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


def _version(package: str) -> str:
    """A package's version; a source tree run without installing has none, and the source stamp decides."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def is_warm() -> bool:
    return _marker().is_file()


def mark_warm() -> None:
    """After a compile: a cache folder that cannot be written only means the notice shows again."""
    try:
        _marker().parent.mkdir(parents=True, exist_ok=True)
        _marker().touch()
    except OSError:
        pass
