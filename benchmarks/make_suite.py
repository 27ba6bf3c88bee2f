"""Regenerate the committed sign-up suite in `instances/suite/`, byte for byte:

    python benchmarks/make_suite.py

Each file is what `groupformer generate --n N --seed 1 --shape SHAPE` writes. Four shapes (one metro,
many metros, mostly remote, tight schedules) at three sizes keep `groupformer bench suite` at a 10 s limit
to about ten minutes with `--jobs 2`.
"""

from __future__ import annotations

import json
from pathlib import Path

from groupformer.generate import generate_signups

SUITE_FOLDER = Path(__file__).resolve().parent.parent / "instances" / "suite"
SHAPES = ("one_metro", "national", "mostly_remote", "tight_schedules")
SIZES = (60, 200, 500)
SEED = 1


def suite_file_name(shape: str, count: int) -> str:
    return f"{shape}-{count:03d}.json"


def main() -> None:
    SUITE_FOLDER.mkdir(parents=True, exist_ok=True)
    for shape in SHAPES:
        for count in SIZES:
            document = generate_signups(count, SEED, shape=shape)
            path = SUITE_FOLDER / suite_file_name(shape, count)
            path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"{path}: {count} sign-ups, shape {shape}, seed {SEED}")


if __name__ == "__main__":
    main()
