"""The desk under load and under attack (issue 13; the figures come from benchmarks/desk_load.py): bodies
too large for any endpoint, requests that never finish, and concurrent editors leave the working folder
consistent and the desk answering."""

from __future__ import annotations

import asyncio
import json
import random
import re
import select
import socket
import threading
from collections import Counter

import httpx2 as httpx
import pytest
from conftest import participant, signup_file
from fastapi.testclient import TestClient

import groupformer
from groupformer.serve import session as session_module
from groupformer.serve.app import create_app
from groupformer.serve.run import DeskServer, prepared_workspace
from groupformer.serve.security import TOKEN_HEADER, UPLOAD_LIMIT_BYTES, Access
from groupformer.serve.workspace import Workspace

MEGABYTE = 1024 * 1024
SIGNUPS = signup_file([participant(f"t{number}") for number in range(1, 13)], group_size={"min": 3, "max": 4})


def desk(tmp_path) -> tuple[TestClient, Access]:
    access = Access()
    access.hosts.add("testserver")
    client = TestClient(create_app(Workspace(tmp_path / "desk"), access), headers={TOKEN_HEADER: access.token})
    return client, access


def streamed_call(app, access: Access, method: str, path: str, megabytes: int, declared: bool = False):
    """The status the app answers to a body of `megabytes` streamed a megabyte at a time (with its
    Content-Length when `declared`, else without, as a chunked upload comes), and how many megabytes the
    app read before answering."""
    headers = [(b"host", b"testserver"), (TOKEN_HEADER.lower().encode(), access.token.encode())]
    if declared:
        headers.append((b"content-length", str(megabytes * MEGABYTE).encode()))
    read, answered = [], []

    async def receive() -> dict:
        read.append(1)
        return {"type": "http.request", "body": b"x" * MEGABYTE, "more_body": len(read) < megabytes}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            answered.append(message["status"])

    scope = {"type": "http", "method": method, "path": path, "headers": headers, "query_string": b""}
    asyncio.run(app(scope, receive, send))
    return answered[0], len(read)


@pytest.mark.parametrize(("method", "path"), [("POST", "/api/edit"), ("PUT", "/api/settings"), ("POST", "/api/solve")])
def test_a_json_body_streamed_past_the_upload_limit_is_refused_without_reading_the_rest(tmp_path, method, path):
    client, access = desk(tmp_path)
    status, read = streamed_call(client.app, access, method, path, megabytes=50)
    assert status == 413
    assert read == UPLOAD_LIMIT_BYTES // MEGABYTE + 1


def test_a_json_body_declared_larger_than_the_upload_limit_is_refused_before_it_is_read(tmp_path):
    client, access = desk(tmp_path)
    status, read = streamed_call(client.app, access, "POST", "/api/edit", megabytes=50, declared=True)
    assert (status, read) == (413, 0)


def test_a_json_body_under_the_upload_limit_is_still_read(tmp_path):
    client, _ = desk(tmp_path)
    client.post("/api/signups", content=json.dumps(SIGNUPS).encode())
    answer = client.put("/api/settings", json={"padding": "x" * (UPLOAD_LIMIT_BYTES // 2)})
    assert answer.status_code == 422


def test_an_edit_of_bytes_that_are_not_text_is_refused_with_a_problem_not_a_server_error(tmp_path):
    client, _ = desk(tmp_path)
    answer = client.post("/api/edit", content=b"\x93\xff" * 100)
    assert answer.status_code == 422
    assert answer.json()["problems"]


def test_a_request_the_api_cannot_read_is_answered_in_its_words_at_the_place_of_each_problem(tmp_path):
    client, _ = desk(tmp_path)
    answer = client.post("/api/edit", json={"kind": "new_group", "members": ["t1", 7]})
    assert answer.json() == {"detail": "bad input", "problems": ["members[1]: Input should be a valid string"]}


def test_a_request_with_millions_of_wrong_items_is_answered_in_a_few_lines(tmp_path):
    client, _ = desk(tmp_path)
    body = b'{"kind": "new_group", "members": [' + b"0," * 2_000_000 + b"0]}"
    answer = client.post("/api/edit", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    assert len(answer.content) < 10_000


def test_pins_with_millions_of_wrong_groups_are_answered_in_a_few_lines(tmp_path):
    client, _ = desk(tmp_path)
    body = b'{"groups": [' + b"0," * 2_000_000 + b"0]}"
    answer = client.put("/api/pins", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    assert len(answer.content) < 10_000


# --- a served desk: concurrent editors and slow clients ---------------------------------------------------

EDITORS = 20
PEOPLE = [person["id"] for person in SIGNUPS["participants"]]


@pytest.fixture
def served(tmp_path):
    """The twelve sign-ups and a solution of them, served in a thread as `groupformer serve` serves them."""
    signups_path, solution_path = tmp_path / "signups.json", tmp_path / "solution.json"
    signups_path.write_text(json.dumps(SIGNUPS), encoding="utf-8")
    solution = groupformer.solve(groupformer.load_signups(signups_path), work_limit=0.2, seed=0)
    solution_path.write_text(solution.model_dump_json(), encoding="utf-8")
    server = DeskServer(prepared_workspace(tmp_path / "desk", signups_path, solution_path))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server
    server.stop()
    thread.join(timeout=60)


def http_client(server: DeskServer) -> httpx.Client:
    base = f"http://127.0.0.1:{server.port}"
    return httpx.Client(base_url=base, headers={TOKEN_HEADER: server.access.token}, timeout=60)


def history(server: DeskServer) -> dict:
    return json.loads((server.server.session.workspace.history_path).read_text("utf-8"))


def edit_concurrently(server: DeskServer) -> Counter:
    """EDITORS threads, each on its own connection, making ten random swaps, undos and redos at once:
    how many of each got which status."""
    answers, lock = Counter(), threading.Lock()

    def editor(seed: int) -> None:
        rng = random.Random(seed)
        with http_client(server) as http:
            for _ in range(10):
                kind = rng.choice(["edit", "edit", "undo", "redo"])
                body = {"kind": "swap", "member": rng.choice(PEOPLE), "other": rng.choice(PEOPLE)}
                answer = http.post("/api/edit", json=body) if kind == "edit" else http.post(f"/api/{kind}")
                with lock:
                    answers[kind, answer.status_code] += 1

    threads = [threading.Thread(target=editor, args=(seed,)) for seed in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_concurrent_editors_get_no_server_error(served):
    answers = edit_concurrently(served)
    assert {status for _, status in answers} <= {200, 409, 422}


def test_each_edit_answered_200_by_concurrent_editors_is_recorded_exactly_once(served):
    before = history(served)
    answers = edit_concurrently(served)
    assert history(served)["serial"] - before["serial"] == answers["edit", 200]


def test_concurrent_edits_undos_and_redos_move_the_history_by_exactly_their_count(served):
    before = history(served)
    answers = edit_concurrently(served)
    expected = answers["edit", 200] - answers["undo", 200] + answers["redo", 200]
    assert history(served)["position"] - before["position"] == expected


def test_after_concurrent_edits_every_step_has_its_file_and_solution_json_is_the_current_one(served):
    edit_concurrently(served)
    folder, after = served.server.session.workspace.folder, history(served)
    files = {step["file"] for step in after["steps"]}
    assert files == {f"solutions/{path.name}" for path in (folder / "solutions").glob("*.json")}
    current = (folder / after["steps"][after["position"]]["file"]).read_bytes()
    assert (folder / "solution.json").read_bytes() == current


def test_after_concurrent_edits_the_served_board_is_solution_json(served):
    edit_concurrently(served)
    with http_client(served) as http:
        board = http.get("/api/board").json()
    on_disk = json.loads((served.server.session.workspace.solution_path).read_text("utf-8"))
    assert {group["id"]: [member["id"] for member in group["members"]] for group in board["groups"]} == {
        group["id"]: group["members"] for group in on_disk["groups"]
    }


def raw_head(server: DeskServer, method: str, path: str, *headers: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", f"{TOKEN_HEADER}: {server.access.token}"]
    return ("\r\n".join([*lines, *headers]) + "\r\n").encode()


def test_an_edit_whose_body_never_finishes_does_not_hold_up_other_edits(served):
    head = raw_head(served, "POST", "/api/edit", "Content-Type: application/json", "Content-Length: 100")
    with socket.create_connection(("127.0.0.1", served.port)) as slow, http_client(served) as http:
        slow.sendall(head + b'\r\n{"kind": ')
        answer = http.post("/api/edit", json={"kind": "unassign", "member": PEOPLE[0]}, timeout=30)
    assert answer.status_code == 200


def test_a_request_whose_headers_never_end_does_not_hold_up_other_requests(served):
    with socket.create_connection(("127.0.0.1", served.port)) as slow, http_client(served) as http:
        slow.sendall(raw_head(served, "GET", "/api/board", "X-Slow: a"))
        answer = http.get("/api/board", timeout=30)
    assert answer.status_code == 200


def test_a_50_mb_upload_streamed_without_a_length_is_answered_413_before_it_is_all_sent(served):
    head = raw_head(served, "POST", "/api/signups", "Transfer-Encoding: chunked") + b"\r\n"
    chunk = b"%x\r\n%s\r\n" % (MEGABYTE, b"x" * MEGABYTE)
    sent = 0
    with socket.create_connection(("127.0.0.1", served.port), timeout=30) as connection:
        connection.sendall(head)
        try:
            while sent < 50 and not select_readable(connection):
                connection.sendall(chunk)
                sent += 1
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = connection.recv(65536)
    assert re.match(rb"HTTP/1\.1 413", answer)
    assert sent < 50


def select_readable(connection: socket.socket) -> bool:
    return bool(select.select([connection], [], [], 0)[0])


def test_a_board_is_built_while_edits_can_take_the_workspace_lock(served, monkeypatch):
    workspace, lock_was_free = served.server.session.workspace, []

    def try_the_lock() -> None:
        taken = workspace.lock.acquire(timeout=10)
        lock_was_free.append(taken)
        if taken:
            workspace.lock.release()

    def probing_board(*arguments):
        probe = threading.Thread(target=try_the_lock)
        probe.start()
        probe.join()
        return built_board(*arguments)

    built_board = session_module.board
    monkeypatch.setattr(session_module, "board", probing_board)
    with http_client(served) as http:
        assert http.get("/api/board").status_code == 200
    assert lock_was_free == [True]
