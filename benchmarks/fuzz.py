"""Fuzz the readers for a set time: sign-up JSON, a form's CSV, a form mapping's TOML.

    python benchmarks/fuzz.py --minutes 10 --reader json     # or csv, toml, all (the minutes each)

Inputs are the shipped examples (instances/example.json, handmade-12.json, sample-form.csv,
sample-form-mapping.toml) mutated by hypothesis: bytes flipped, spliced or cut, and the parsed structure
changed (a value swapped for an odd one, a key or a column dropped, a row repeated), with the generated
sign-ups of tests/strategies.py besides. A reader may answer with sign-ups or with an InputError, nothing
else: any other exception is a crash, which hypothesis shrinks and this script writes to --out with its
traceback. Sign-ups of at most 12 people that validate are also solved, judged and exported, since a file
that validates must solve. Every 15 seconds one input also goes through the `groupformer` command in a
fresh process, whose exit status must be 0, 1 or 2 and whose output must hold no traceback.

Prints, per reader, the minutes it ran (its last batch of 200 inputs ends past --minutes), the inputs
tried, how many were valid, the CLI runs and the crashes found.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
INSTANCES = ROOT / "instances"
sys.path.insert(0, str(ROOT / "tests"))

from strategies import JSON_VALUES, ODD_VALUES, near_valid_documents, paths, signup_documents  # noqa: E402

import groupformer  # noqa: E402
from groupformer.validate import InputError  # noqa: E402

COMMAND = [sys.executable, "-m", "groupformer"]
CLI_EVERY_S = 15.0
CHUNK = 200
SOLVE_UP_TO = 12
TOKENS = (
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"null",
    b"1e999",
    b"-0",
    b"\\u0000",
    b"\\ud800",
    b"=",
    b"#",
    b"'''",
    b'"""',
    b"[[",
    b"]]",
    b";",
    b"24:00",
)


# --- mutations ------------------------------------------------------------------------------------------------


@st.composite
def byte_mutations(draw, raw: bytes) -> bytes:
    """1-4 edits of the bytes: a range cut, repeated or replaced by random bytes or a token."""
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(raw)))
        end = draw(st.integers(start, min(len(raw), start + 16)))
        kind = draw(st.sampled_from(("cut", "repeat", "random", "token")))
        middle = {
            "cut": b"",
            "repeat": raw[start:end] * 2,
            "random": draw(st.binary(min_size=1, max_size=8)),
            "token": draw(st.sampled_from(TOKENS)),
        }[kind]
        raw = raw[:start] + middle + raw[end:]
    return raw


@st.composite
def tree_mutations(draw, document):
    """1-3 structural edits of a parsed JSON document (its copy): a value replaced, a key dropped or added."""
    document = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(document)))
        if not path:
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        kind = draw(st.sampled_from(("replace", "replace", "drop", "add_key")))
        if kind == "replace":
            parent[path[-1]] = draw(ODD_VALUES | JSON_VALUES)
        elif kind == "drop":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(ODD_VALUES)
    return document


def json_inputs() -> st.SearchStrategy[bytes]:
    seeds = [
        json.loads((INSTANCES / name).read_text(encoding="utf-8")) for name in ("example.json", "handmade-12.json")
    ]
    documents = st.sampled_from(seeds) | signup_documents() | near_valid_documents()
    structured = documents.flatmap(tree_mutations).map(lambda document: json.dumps(document).encode())
    raw_seeds = st.sampled_from([json.dumps(seed).encode() for seed in seeds])
    return structured | near_valid_documents().map(lambda d: json.dumps(d).encode()) | raw_seeds.flatmap(byte_mutations)


CELLS = (
    "",
    " ",
    "N/A",
    "-",
    "None",
    "=1+1",
    "12pm-2pm",
    "12:00-13:30",
    "11pm-1am",
    "25:00-26:00",
    "noon",
    "12:00-12:00",
    "Lunchtime",
    "9-5; 6pm-8pm",
    "60614",
    "00000",
    "99999",
    "Chicago, IL",
    "Springfield",
    "Paris, France",
    "Lyon, France",
    "91, 200",
    "nan, nan",
    "1e400, 0",
    "-90, 180",
    "10 km",
    "5 miles",
    "1e309",
    "-3",
    "3-4",
    "6-3",
    "Small (3-4)",
    "In person",
    "Either",
    "Remote (video)",
    "Central (US)",
    "Asia/Kolkata",
    "Mars/Olympus",
    "t01",
    "t01; t01",
    "Dana Reyes",
    "dana.reyes@example.org",
    "30+",
    "200",
    "Trauma / PTSD",
)


@st.composite
def csv_mutations(draw, rows: list[list[str]]) -> bytes:
    """1-4 edits of the form's cells: one replaced, a column dropped, a row repeated or cut short."""
    rows = [list(row) for row in rows]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, max(0, len(rows[row]) - 1)))
        kind = draw(st.sampled_from(("cell", "cell", "cell", "drop_column", "repeat_row", "short_row")))
        if kind == "cell" and rows[row]:
            rows[row][column] = draw(st.sampled_from(CELLS) | st.text(max_size=12))
        elif kind == "drop_column":
            rows = [cells[:column] + cells[column + 1 :] for cells in rows]
        elif kind == "repeat_row":
            rows.insert(row, list(rows[row]))
        else:
            rows[row] = rows[row][:column]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def csv_inputs() -> st.SearchStrategy[bytes]:
    raw = (INSTANCES / "sample-form.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    return csv_mutations(rows) | byte_mutations(raw)


TOML_VALUES = (
    '""',
    '"x"',
    "0",
    "-1",
    "1e400",
    "inf",
    "nan",
    "true",
    "[]",
    "[1, 2]",
    '["id", "id"]',
    "{}",
    "{ min = 5, max = 3 }",
    "{ min = 0 }",
    "1979-05-27",
    "12:00:00",
    '"Monday"',
    '"Participant ID"',
    '"kilometres"',
    '"miles"',
    '"America/Nowhere"',
    '[["a"]]',
    "{ a = { b = { c = 1 } } }",
    '"24:00-25:00"',
    "9223372036854775808",
    '"\\u0000"',
)
TOML_KEYS = ("id", "bogus", "timezone", "travel_unit", '""', "mon", "location", "country")


@st.composite
def toml_mutations(draw, lines: list[str]) -> bytes:
    """1-3 edits of the mapping's lines: a value replaced, a line dropped, repeated or renamed."""
    lines = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(("value", "value", "drop", "repeat", "key")))
        key, equals, rest = lines[index].partition("=")
        if kind == "value" and equals:
            lines[index] = f"{key}= {draw(st.sampled_from(TOML_VALUES))}"
        elif kind == "drop":
            del lines[index]
        elif kind == "repeat":
            lines.insert(index, lines[index])
        elif equals:
            lines[index] = f"{draw(st.sampled_from(TOML_KEYS))} ={rest}"
    return "\n".join(lines).encode()


def toml_inputs() -> st.SearchStrategy[bytes]:
    raw = (INSTANCES / "sample-form-mapping.toml").read_bytes()
    return toml_mutations(raw.decode("utf-8").splitlines()) | byte_mutations(raw)


# --- what each reader must do ---------------------------------------------------------------------------------


def check_signups(signups) -> None:
    """Small sign-ups that validate must also solve to a solution the judge accepts, and export."""
    if len(signups.participants) > SOLVE_UP_TO:
        return
    solution = groupformer.solve(signups, work_limit=0.02, seed=0)
    report = groupformer.evaluate(signups, solution)
    if not report.valid:
        raise AssertionError(f"the judge rejects the solver's solution: {report.violations}")
    groupformer.export(signups, solution, roster=True, calendars=True)


def read_json(raw: bytes):
    return groupformer.load_signups(raw)


SAMPLE_FORM = (INSTANCES / "sample-form.csv").read_bytes()


def read_csv(raw: bytes):
    return groupformer.import_form(raw).signups


def read_toml(raw: bytes):
    return groupformer.import_form(SAMPLE_FORM, raw).signups


def cli_arguments(reader: str, path: Path) -> list[str]:
    if reader == "json":
        return ["validate", str(path)]
    if reader == "csv":
        return ["import", str(path), "-o", "-", "-q"]
    return ["import", str(INSTANCES / "sample-form.csv"), "--mapping", str(path), "-o", "-", "-q"]


READERS: dict[str, tuple[Callable[[], st.SearchStrategy[bytes]], Callable[[bytes], object], str]] = {
    "json": (json_inputs, read_json, ".json"),
    "csv": (csv_inputs, read_csv, ".csv"),
    "toml": (toml_inputs, read_toml, ".toml"),
}


# --- the run --------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    reader: str
    tried: int = 0
    seconds: float = 0.0
    valid: int = 0
    cli_runs: int = 0
    crashes: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    last_cli: float = 0.0


def crash_key(error: BaseException) -> str:
    """Where a crash happens: its type and innermost groupformer frame, so one bug counts once."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "groupformer" in frame.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}"


def run_cli(tally: Tally, raw: bytes, suffix: str, folder: Path) -> str | None:
    """A crash description when the command on this input exits other than 0, 1 or 2 or prints a traceback."""
    path = folder / f"input{suffix}"
    path.write_bytes(raw)
    tally.cli_runs += 1
    done = subprocess.run([*COMMAND, *cli_arguments(tally.reader, path)], capture_output=True, timeout=300, cwd=folder)
    output = done.stdout + done.stderr
    if done.returncode not in (0, 1, 2) or b"Traceback" in output:
        return f"CLI exit {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}"
    return None


def fuzz(reader: str, seconds: float, out: Path) -> Tally:
    inputs, read, suffix = READERS[reader]
    tally = Tally(reader)
    started = time.monotonic()
    deadline = started + seconds
    folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{reader}-"))

    @settings(
        max_examples=CHUNK,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs())
    def one_input(raw: bytes) -> None:
        tally.tried += 1
        try:
            signups = read(raw)
            tally.valid += 1
            if reader == "json":
                check_signups(signups)
        except InputError:
            pass
        except Exception as error:
            tally.crashes[crash_key(error)] = (raw, traceback.format_exc())
            raise
        if time.monotonic() - tally.last_cli > CLI_EVERY_S:
            failure = run_cli(tally, raw, suffix, folder)
            tally.last_cli = time.monotonic()
            if failure:
                tally.crashes[f"CLI on {reader}"] = (raw, failure)
                raise AssertionError(failure)

    while time.monotonic() < deadline:
        try:
            one_input()
        except Exception:
            pass  # recorded in tally.crashes; the shrunk input is the last one recorded under its key
    tally.seconds = time.monotonic() - started
    write_crashes(tally, out)
    return tally


def write_crashes(tally: Tally, out: Path) -> None:
    for number, (key, (raw, trace)) in enumerate(sorted(tally.crashes.items()), start=1):
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{tally.reader}-{number}.input").write_bytes(raw)
        (out / f"{tally.reader}-{number}.txt").write_text(f"{key}\n\n{trace}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="minutes per reader")
    parser.add_argument("--reader", choices=[*READERS, "all"], default="all")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "fuzz", help="crash inputs go here")
    options = parser.parse_args()
    readers = list(READERS) if options.reader == "all" else [options.reader]
    print("| reader | minutes | inputs tried | valid | CLI runs | crashes |")
    print("|---|---|---|---|---|---|")
    for reader in readers:
        tally = fuzz(reader, options.minutes * 60, options.out)
        figures = (
            reader,
            f"{tally.seconds / 60:.1f}",
            f"{tally.tried:,}",
            f"{tally.valid:,}",
            tally.cli_runs,
            len(tally.crashes),
        )
        print("| " + " | ".join(map(str, figures)) + " |")
        for key in sorted(tally.crashes):
            print(f"    crash: {key}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
