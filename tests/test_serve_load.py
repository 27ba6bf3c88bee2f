"""The desk under load and under attack (issue 13; the figures come from benchmarks/desk_load.py): bodies
too large for any endpoint, requests that never finish, and concurrent editors leave the working folder
consistent and the desk answering."""

from __future__ import annotations

import asyncio
import json

import pytest
from conftest import participant, signup_file
from fastapi.testclient import TestClient

from groupformer.serve.app import create_app
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
