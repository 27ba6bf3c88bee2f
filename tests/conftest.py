"""Shared helpers: small sign-up files written as dicts, so each test shows its whole instance."""

from __future__ import annotations

import ast
import copy
import importlib
import json
import os
from pathlib import Path

import pytest

INSTANCES = Path(__file__).resolve().parent.parent / "instances"
# where the installed package's sources are (the checkout's src/ with an editable install)
SOURCES = Path(importlib.import_module("groupformer").__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER = "GROUPFORMER_REQUIRE_BROWSER"
ARTIFACTS = "GROUPFORMER_ARTIFACTS"


def participant(identifier: str, **fields) -> dict:
    """A remote participant free on Monday 12:00–14:00 in Chicago, with any field overridden."""
    base = {
        "id": identifier,
        "timezone": "America/Chicago",
        "availability": [{"day": "mon", "start": "12:00", "end": "14:00"}],
        "modality": ["remote"],
    }
    base.update(fields)
    return base


def signup_file(participants: list[dict], **settings) -> dict:
    document = {"format": "groupformer/v1", "participants": participants}
    if settings:
        document["settings"] = settings
    return document


def remote_group(members: list[str], **changes) -> dict:
    """A hand-made remote solution group meeting Monday 12:00 Chicago (18:00 UTC), when `participant`
    defaults are free."""
    group = {
        "id": "G1",
        "members": members,
        "modality": "remote",
        "style": "formal",
        "frequency": "weekly",
        "focus": None,
        "meeting": {"utc_start": "2027-01-04T18:00:00Z", "minutes": 90, "location": None},
    }
    group.update(changes)
    return group


def office(identifier: str, lat: float, lon: float, **fields) -> dict:
    """A New Yorker free on Tuesday evening who meets only in person, with an office at (lat, lon) in
    Manhattan, a 20 km radius and a trauma focus, any field overridden."""
    base = {
        "timezone": "America/New_York",
        "availability": [{"day": "tue", "start": "17:00", "end": "20:00"}],
        "modality": ["in_person"],
        "location": {"lat": lat, "lon": lon, "label": "Manhattan, NY"},
        "max_travel_km": 20,
        "focus": ["trauma"],
    }
    return participant(identifier, **{**base, **fields})


# Three New Yorkers who meet in person at m1's office, in Manhattan, on Tuesday 17:30 (22:30 UTC).
MANHATTAN = signup_file(
    [office("m1", 40.7433, -74.0084), office("m2", 40.7306, -73.9866), office("m3", 40.7831, -73.9712)]
)
MANHATTAN_SOLUTION = {
    "format": "groupformer/v1-solution",
    "groups": [
        {
            "id": "Anna's group",
            "members": ["m1", "m2", "m3"],
            "modality": "in_person",
            "style": "informal",
            "frequency": "monthly",
            "focus": "trauma",
            "meeting": {
                "utc_start": "2027-01-05T22:30:00Z",
                "minutes": 90,
                "location": {"lat": 40.7433, "lon": -74.0084, "host": "m1"},
            },
        }
    ],
    "unassigned": [],
}


def run_export(folder: Path, signups: dict, solution: dict, *options: str):
    """`groupformer export` on these sign-ups and this solution, written into `folder` (made if missing)."""
    from click.testing import CliRunner

    from groupformer.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "signups.json").write_text(json.dumps(signups), encoding="utf-8")
    (folder / "solution.json").write_text(json.dumps(solution), encoding="utf-8")
    return CliRunner().invoke(main, ["export", str(folder / "signups.json"), str(folder / "solution.json"), *options])


# Six remote Chicagoans free on Monday 12:00-14:00 and "late", free on Friday only; groups of three or four.
SEVEN = signup_file(
    [participant(f"p{number}") for number in range(1, 7)]
    + [participant("late", availability=[{"day": "fri", "start": "09:00", "end": "11:00"}])],
    group_size={"min": 3, "max": 4},
)
# The middle start of Monday 12:00-14:00 in Chicago for 90 minutes: 12:15, 18:15 UTC in the reference week.
MONDAY_MIDDAY_CHICAGO = "2027-01-04T18:15:00Z"


# Nine remote Chicagoans free on Monday at noon in three trios A, B and C, and "late", free on Friday
# only, not placed: the desk's board with every edit's outcome known.
NINE_AND_LATE = signup_file(
    [participant(f"p{number}") for number in range(1, 10)]
    + [participant("late", availability=[{"day": "fri", "start": "09:00", "end": "11:00"}])],
    group_size={"min": 3, "max": 4},
)
TRIOS = {"A": ["p1", "p2", "p3"], "B": ["p4", "p5", "p6"], "C": ["p7", "p8", "p9"]}


def desk_on_trios(folder: Path):
    """A desk's working folder (a Workspace) holding NINE_AND_LATE and the three TRIOS as its one solution."""
    import groupformer
    from groupformer.serve.workspace import Workspace

    workspace = Workspace(folder)
    signups = groupformer.load_signups(json.dumps(NINE_AND_LATE))
    grouping = groupformer.Grouping.model_validate(
        {"groups": [{"id": group_id, "members": members} for group_id, members in TRIOS.items()]}
    )
    workspace.replace_signups(signups)
    workspace.record(groupformer.complete(signups, grouping)[0], "three trios")
    return workspace


@pytest.fixture
def seven():
    """SEVEN, loaded through the public API."""
    import groupformer

    return groupformer.load_signups(json.dumps(SEVEN))


@pytest.fixture
def write_json(tmp_path):
    def write(document, name: str = "signups.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(copy.deepcopy(document)), encoding="utf-8")
        return path

    return write


@pytest.fixture
def chromium_path() -> Path:
    """Debian's chromium for the browser tests: skipped where it is missing, except in CI, which sets
    GROUPFORMER_REQUIRE_BROWSER=1 so that a missing browser fails instead of silently testing less."""
    if CHROMIUM.exists():
        return CHROMIUM
    missing = f"the browser tests need {CHROMIUM}: apt-get install chromium"
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"{missing} ({REQUIRE_BROWSER}=1 makes them mandatory)")
    pytest.skip(missing)


@pytest.fixture
def desk_folder(tmp_path) -> Path:
    """The served desk's working folder, empty; a test module overrides this fixture to start the desk
    on sign-ups and a solution of its own."""
    return tmp_path / "desk"


@pytest.fixture
def desk_server(desk_folder):
    """`groupformer serve` on `desk_folder`, in a thread of this process."""
    import threading

    from groupformer.serve.run import DeskServer
    from groupformer.serve.workspace import Workspace

    server = DeskServer(Workspace(desk_folder))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server
    server.stop()
    thread.join(timeout=10)


# Headless chromium as the browser tests run it: no sandbox (CI runs as root), nothing fetched meanwhile.
BROWSER_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def launched_browser():
    """One browser per test file (starting one takes seconds on a busy machine), launched by the first
    test that asks for a `browser` or a `page`; `chromium_path` skips the tests where there is none."""
    sync_api = pytest.importorskip("playwright.sync_api")
    launched: dict = {}
    with sync_api.sync_playwright() as playwright:
        launched["playwright"] = playwright
        yield launched
        if "browser" in launched:
            launched["browser"].close()


@pytest.fixture
def browser(chromium_path, launched_browser):
    """Debian's chromium, driven by Playwright, shared by the tests of one file."""
    if "browser" not in launched_browser:
        chromium = launched_browser["playwright"].chromium
        launched_browser["browser"] = chromium.launch(executable_path=str(chromium_path), args=BROWSER_ARGUMENTS)
    return launched_browser["browser"]


@pytest.fixture
def page(browser):
    """A page in a context of its own (nothing kept from the test before: storage, cookies)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def artifact_path(name: str, tmp_path: Path) -> Path:
    """Where a test keeps a file worth looking at afterwards (a screenshot): the folder named by
    GROUPFORMER_ARTIFACTS when set, so CI can keep it, else the test's own temporary folder."""
    folder = Path(os.environ.get(ARTIFACTS, tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


# --- what a module imports (for the tests of which modules may import which) ---------------------------


def _is_within(module: str, allowed: tuple[str, ...]) -> bool:
    return any(module == name or module.startswith(name + ".") for name in allowed)


def forbidden_imports(source: str, package: str, allowed: tuple[str, ...]) -> list[str]:
    """The groupformer modules an import in `source` reaches outside `allowed`; relative imports are
    resolved against `package`, and `from X import name` counts as X.name when X itself is not allowed."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            if _is_within(base, allowed):
                continue
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [
            target
            for target in targets
            if (target == "groupformer" or target.startswith("groupformer.")) and not _is_within(target, allowed)
        ]
    return found


def package_of(path: Path) -> str:
    """The dotted package of a module file under src/."""
    return ".".join(path.parent.relative_to(SOURCES).parts)
