"""The desk's HTTP API and page: each endpoint reads or changes the working folder's state through the
library's public API; the page (static/) is plain files, no build step, nothing from the network."""

from __future__ import annotations

import io
import json
import math
import zipfile
from importlib import resources
from typing import Annotated, Any

from fastapi import Body, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

import groupformer
from groupformer.contract.limits import MAX_GROUP_ENTRIES, MAX_PARTICIPANTS
from groupformer.serve.comparing import compare_steps
from groupformer.serve.hand_edits import EditRequest
from groupformer.serve.security import Access, Guard, read_upload
from groupformer.serve.session import Session
from groupformer.serve.solving import SolveRun, no_solve_stream
from groupformer.serve.workspace import Workspace

STATIC = resources.files("groupformer.serve") / "static"
DOWNLOADS = {
    "invitations.zip": "application/zip",
    "roster.csv": "text/csv; charset=utf-8",
    "report.html": "text/html; charset=utf-8",
    "solution.json": "application/json",
}
# A request the API cannot read is answered with this many problems at most (and how many more there are).
MAX_PROBLEMS = 20


class PinsRequest(BaseModel):
    """Groups the next solve keeps whole, and members it keeps in their group; bounded as a round is, so
    that millions of wrong items are one problem, not one per item."""

    groups: list[str] = Field([], max_length=MAX_GROUP_ENTRIES)
    members: dict[str, str] = Field({}, max_length=MAX_PARTICIPANTS)


def create_app(workspace: Workspace, access: Access) -> FastAPI:
    app = FastAPI(title="groupformer desk", docs_url=None, redoc_url=None, openapi_url=None)
    session = Session(workspace)
    app.state.session = session
    app.add_middleware(Guard, access=access)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(groupformer.InputError)
    async def bad_input(request: Request, error: groupformer.InputError) -> JSONResponse:
        return JSONResponse({"detail": "bad input", "problems": list(error.problems)}, 422)

    @app.exception_handler(RequestValidationError)
    async def unreadable_request(request: Request, error: RequestValidationError) -> JSONResponse:
        """As bad input, in a few lines that never quote the input: FastAPI's own answer quoted it, and
        failed (500) on a body that is not UTF-8."""
        return JSONResponse({"detail": "bad input", "problems": _request_problems(error.errors())}, 422)

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"))

    @app.get("/api/state")
    def state() -> dict:
        return {**workspace.summary(), "solving": session.solving()}

    @app.post("/api/signups")
    async def upload_signups(request: Request) -> dict:
        session.not_solving()
        raw = await read_upload(request)
        signups = await run_in_threadpool(groupformer.load_signups, raw, "signups")
        workspace.replace_signups(signups)
        return {"participants": len(signups.participants)}

    @app.post("/api/form")
    async def upload_form(request: Request) -> dict:
        session.not_solving()
        raw = await read_upload(request)
        return await run_in_threadpool(session.import_form, raw)

    @app.post("/api/form/again")
    async def reread_form() -> dict:
        """The last form read again, by the mapping kept since (a corrected column, say)."""
        session.not_solving()
        raw = workspace.form()
        if raw is None:
            raise HTTPException(409, "no form read yet: upload the form's CSV first")
        return await run_in_threadpool(session.import_form, raw)

    @app.get("/api/mapping")
    def get_mapping() -> dict:
        """The kept mapping (None: none kept) and the one a CSV is read by without it."""
        return {"mapping": workspace.mapping(), "default": groupformer.default_mapping()}

    @app.put("/api/mapping")
    async def put_mapping(request: Request) -> dict:
        raw = await read_upload(request)
        try:
            workspace.set_mapping(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise groupformer.InputError([f"mapping: not UTF-8 text (byte {error.start})"]) from None
        return {"mapping": workspace.mapping()}

    @app.delete("/api/mapping")
    def delete_mapping() -> dict:
        workspace.set_mapping(None)
        return {"mapping": None}

    @app.get("/api/settings")
    def get_settings() -> dict:
        return session.signups().settings.model_dump(mode="json")

    @app.put("/api/settings")
    def put_settings(settings: Annotated[dict[str, Any], Body()]) -> dict:
        session.not_solving()
        signups = _with_part(session.signups(), "settings", settings)
        workspace.replace_settings(signups)
        return signups.settings.model_dump(mode="json")

    @app.get("/api/history")
    def get_history() -> list:
        return [group.model_dump(mode="json") for group in session.signups().history]

    @app.put("/api/history")
    def put_history(history: Annotated[list[Any], Body()]) -> list:
        session.not_solving()
        signups = _with_part(session.signups(), "history", history)
        workspace.replace_settings(signups)
        return [group.model_dump(mode="json") for group in signups.history]

    @app.get("/api/compare")
    def compare(first: int | None = None, second: int | None = None) -> dict:
        session.solution()
        return compare_steps(workspace, first, second)

    @app.post("/api/solve")
    def start_solve(limits: Annotated[dict[str, Any] | None, Body()] = None) -> dict:
        with workspace.lock:
            session.signups()
            session.not_solving()
            if session.shutting_down:
                raise HTTPException(503, "the desk is shutting down")
            session.solve = SolveRun(workspace, _solve_limits(limits or {}), session.pins()).start()
            return session.solve.status()

    @app.get("/api/pins")
    def get_pins() -> dict:
        return workspace.pins()

    @app.put("/api/pins")
    def put_pins(pins: PinsRequest) -> dict:
        groupformer.pinned_solution(session.solution(), pins.groups, pins.members)
        workspace.set_pins(pins.groups, pins.members)
        return workspace.pins()

    @app.get("/api/solve")
    def solve_status(since: int = 0) -> dict:
        if session.solve is None:
            return {"running": False, "events": [], "next": 0, "problems": []}
        return session.solve.status(since)

    @app.get("/api/solve/events")
    def solve_events(
        since: Annotated[int, Query(ge=0)] = 0,
        last_event_id: Annotated[str | None, Header()] = None,
    ) -> StreamingResponse:
        """The solve's events as Server-Sent Events; a reconnecting EventSource resumes after the last
        event it received (its Last-Event-ID) instead of `since`."""
        if last_event_id is not None and last_event_id.isdigit():
            since = int(last_event_id)
        stream = no_solve_stream() if session.solve is None else session.solve.stream(since)
        return StreamingResponse(stream, media_type="text/event-stream")

    @app.post("/api/solve/stop")
    def stop_solve() -> dict:
        if session.solve is not None:
            session.solve.stop.set()
            session.solve.finished.wait(timeout=30)
        return solve_status()

    @app.get("/api/board")
    def get_board() -> dict:
        return session.board()

    @app.post("/api/edit")
    def edit(request: EditRequest) -> dict:
        return session.edit(request)

    @app.post("/api/undo")
    def undo() -> dict:
        return session.undo()

    @app.post("/api/redo")
    def redo() -> dict:
        return session.redo()

    @app.get("/api/explain/{target}")
    def explain(target: str) -> dict:
        return groupformer.explain(session.signups(), session.solution(), target, time_limit=10.0)

    @app.get("/api/download/{name}")
    def download(name: str) -> Response:
        if name not in DOWNLOADS:
            raise HTTPException(404, f"no download {name!r}: one of {', '.join(DOWNLOADS)}")
        content = _download(session.signups(), session.solution(), name)
        disposition = f'attachment; filename="{name}"'
        return Response(content, media_type=DOWNLOADS[name], headers={"Content-Disposition": disposition})

    return app


def _request_problems(errors: list[dict]) -> list[str]:
    """One line per problem, at its place in the request (`members[1]: ...`), the first MAX_PROBLEMS."""
    lines = [_request_problem(error) for error in errors[:MAX_PROBLEMS]]
    if len(errors) > MAX_PROBLEMS:
        lines.append(f"... and {len(errors) - MAX_PROBLEMS:,} more problems")
    return lines


def _request_problem(error: dict) -> str:
    if error["type"] == "json_invalid":
        reason = error.get("ctx", {}).get("error", "")
        return f"request body: invalid JSON at character {error['loc'][-1]}: {reason}"
    place = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"][1:])
    return f"{place.lstrip('.') or 'request body'}: {error['msg']}"


def _solve_limits(limits: dict[str, Any]) -> dict:
    """Only the limits the page may set; everything else is the sign-ups' settings."""
    unknown = sorted(set(limits) - {"work_limit", "time_limit", "seed"})
    problems = [f"solve: unknown option {name!r}" for name in unknown]
    problems += [
        f"solve: {name} must be a positive number"
        for name in ("work_limit", "time_limit")
        if limits.get(name) is not None and not _positive_number(limits[name])
    ]
    seed = limits.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        problems.append("solve: seed must be a whole number, 0 or more")
    if problems:
        raise groupformer.InputError(problems)
    return {name: limits.get(name) for name in ("work_limit", "time_limit", "seed")}


def _with_part(signups, part: str, value: Any):
    """The sign-ups with one part (settings, history) replaced, checked as a whole sign-up file, so that
    each problem names its place in the file (`settings.group_size: ...`, `history[0].date: ...`)."""
    document = {**signups.model_dump(mode="json"), part: value}
    return groupformer.load_signups(json.dumps(document), part)


def _positive_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _download(signups, solution, name: str) -> bytes:
    if name == "solution.json":
        return (json.dumps(solution.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n").encode()
    files = groupformer.export(
        signups,
        solution,
        calendars=name == "invitations.zip",
        roster=name == "roster.csv",
        report=name == "report.html",
    )
    if name == "roster.csv":
        return files.roster.encode()
    if name == "report.html":
        return files.report.encode()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file_name, text in sorted(files.calendars.items()):
            bundle.writestr(file_name, text)
    return archive.getvalue()
