"""Starting the desk: prepare the working folder, bind the port, print the address with its token, serve;
and stopping it (Ctrl-C) without losing the solve that was running."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

import groupformer
from groupformer.serve.app import create_app
from groupformer.serve.security import Access
from groupformer.serve.session import Session
from groupformer.serve.workspace import Workspace

DEFAULT_FOLDER = Path("groupformer-desk")
# How long shutdown waits for a stopped solve to record its best groups; the engine answers a stop in about
# a second (1.2 s measured at 200 sign-ups on a busy 2-core machine), so this bounds only a stuck solve.
SHUTDOWN_WAIT_S = 30.0
log = logging.getLogger("uvicorn.error")


class _KeepingServer(uvicorn.Server):
    """uvicorn's server, whose shutdown (Ctrl-C, or `should_exit`) first stops a running solve and waits
    for it to record its best groups in the working folder; a second Ctrl-C (`force_exit`) stops waiting."""

    def __init__(self, config: uvicorn.Config, session: Session):
        super().__init__(config)
        self.session = session

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await self._keep_the_solve()
        await super().shutdown(sockets)

    async def _keep_the_solve(self) -> None:
        run = self.session.stop_for_shutdown()
        if run is None:
            return
        log.warning("groupformer desk: stopping the solve; its best groups so far go into the working folder")
        deadline = time.monotonic() + SHUTDOWN_WAIT_S
        while not run.finished.is_set() and not self.force_exit and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if not run.finished.is_set():
            log.error("groupformer desk: the solve did not stop in time; its groups are not kept")
        run.close()


class DeskServer:
    """A desk bound to its port (0: any free one) but not yet answering; `run` serves until `stop`.
    Binding first lets the address be printed, and the Host check know its port, before the first request."""

    def __init__(self, workspace: Workspace, host: str = "127.0.0.1", port: int = 0):
        self.access = Access()
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
        except OSError as error:
            self.socket.close()
            raise groupformer.InputError([f"--port {port}: cannot listen on {host}:{port}: {error.strerror}"]) from None
        # Listening at once queues a browser that connects before uvicorn starts, instead of refusing it.
        self.socket.listen(2048)
        self.port = self.socket.getsockname()[1]
        self.access.allow(host, self.port)
        self.url = f"http://{host}:{self.port}/?token={self.access.token}"
        app = create_app(workspace, self.access)
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self.server = _KeepingServer(config, app.state.session)

    def run(self) -> None:
        self.server.run(sockets=[self.socket])

    def stop(self) -> None:
        """Like Ctrl-C: `run` returns once a running solve has recorded its best groups."""
        self.server.should_exit = True


def prepared_workspace(folder: Path, signups: Path | None, solution: Path | None) -> Workspace:
    """The working folder, with the given sign-ups and solution taken in (the same sign-ups again keep
    the folder's history, so a restart resumes). Bad files raise InputError before anything listens."""
    workspace = Workspace(folder)
    if signups is not None:
        workspace.replace_signups(groupformer.load_signups(signups))
    if solution is not None:
        if workspace.signups is None:
            raise groupformer.InputError([f"{solution}: a solution needs sign-ups: give SIGNUPS too"])
        loaded = groupformer.load_solution(solution)
        workspace.record(loaded, f"opened {solution.name}")
    return workspace


def serve(
    signups: Path | None = None,
    solution: Path | None = None,
    *,
    folder: Path = DEFAULT_FOLDER,
    port: int = 0,
    host: str = "127.0.0.1",
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the coordinator's desk on `host:port` until interrupted, its state in `folder`."""
    desk = DeskServer(prepared_workspace(folder, signups, solution), host, port)
    announce(desk.url)
    if open_browser:
        webbrowser.open(desk.url)
    desk.run()
