"""The desk's solve (`groupformer serve`): the engine's progress streamed as Server-Sent Events, the solve
kept in the working folder when the server is stopped mid-solve, and on the page the progress chart and
the Why panel in words."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from conftest import INSTANCES, SEVEN, artifact_path
from fastapi.testclient import TestClient

import groupformer
from groupformer.serve.app import create_app
from groupformer.serve.run import DeskServer
from groupformer.serve.security import TOKEN_HEADER, Access
from groupformer.serve.workspace import Workspace

# Enough work that the solve runs until it is stopped.
UNENDING = {"work_limit": 100_000, "seed": 0}


def desk_client(folder: Path) -> TestClient:
    access = Access()
    access.hosts.add("testserver")
    return TestClient(create_app(Workspace(folder), access), headers={TOKEN_HEADER: access.token})


@pytest.fixture
def client(tmp_path) -> TestClient:
    client = desk_client(tmp_path / "desk")
    assert client.post("/api/signups", content=json.dumps(SEVEN).encode()).status_code == 200
    return client


def messages(stream: str) -> list[dict]:
    """The stream's messages, each as its fields (id, event, data)."""
    parsed = []
    for block in stream.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        parsed.append({**fields, "data": json.loads(fields["data"])})
    return parsed


def solved_stream(client: TestClient, path: str = "/api/solve/events", **headers: str) -> list[dict]:
    """Start a short solve and read the event stream from its start to its end."""
    assert client.post("/api/solve", json={"work_limit": 0.2, "seed": 0}).status_code == 200
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    return messages(response.text)


# --- the event stream ------------------------------------------------------------------------------------


def test_the_stream_sends_every_engine_event_in_order_numbered_by_its_id(client):
    stream = solved_stream(client)
    events = stream[:-1]
    assert [message["id"] for message in events] == [str(number) for number in range(1, len(events) + 1)]
    assert [message["data"] for message in events] == client.get("/api/solve").json()["events"]
    assert events[0]["data"]["kind"] == "Started" and events[-1]["data"]["kind"] == "Finished"


def test_the_stream_ends_with_an_end_message_once_the_solve_has_recorded_its_groups(client):
    end = solved_stream(client)[-1]
    assert end == {"event": "end", "data": {"running": False, "problems": []}}
    assert client.get("/api/state").json()["position"] == 0


def test_the_stream_resumes_after_the_event_numbered_since(client):
    everything = solved_stream(client)
    resumed = messages(client.get("/api/solve/events?since=2").text)
    assert resumed == everything[2:]


def test_a_reconnecting_event_source_resumes_after_its_last_event_id(client):
    everything = solved_stream(client)
    resumed = messages(client.get("/api/solve/events?since=0", headers={"Last-Event-ID": "3"}).text)
    assert resumed == everything[3:]


def test_without_a_solve_the_stream_ends_at_once(client):
    assert messages(client.get("/api/solve/events").text) == [
        {"event": "end", "data": {"running": False, "problems": []}}
    ]


def test_the_stream_is_refused_without_the_token(client):
    assert client.get("/api/solve/events", headers={TOKEN_HEADER: ""}).status_code == 401


def test_the_stream_takes_the_token_from_the_address_as_event_source_cannot_send_headers(tmp_path):
    access = Access()
    access.hosts.add("testserver")
    client = TestClient(create_app(Workspace(tmp_path / "desk"), access))
    assert client.get(f"/api/solve/events?token={access.token}").status_code == 200


def test_no_solve_starts_while_the_desk_shuts_down(client):
    client.app.state.session.stop_for_shutdown()
    assert client.post("/api/solve", json={"work_limit": 0.2}).status_code == 503


# --- a served desk: streams beside other requests, and stopping it mid-solve -----------------------------


@pytest.fixture
def served(tmp_path):
    """A desk with 200 generated sign-ups (too many for a solve to prove its groups best before it is
    stopped) served in a thread: its server, thread and an HTTP client."""
    workspace = Workspace(tmp_path / "desk")
    workspace.replace_signups(groupformer.load_signups(INSTANCES / "generated-200.json"))
    server = DeskServer(workspace)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.port}"
    with httpx.Client(base_url=base, headers={TOKEN_HEADER: server.access.token}, timeout=30) as http:
        yield server, thread, http
    server.stop()
    thread.join(timeout=60)


def first_message(lines) -> dict:
    block = []
    for line in lines:
        if not line:
            return messages("\n".join(block))[0]
        block.append(line)
    raise AssertionError("the stream ended before its first message")


def wait_until(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_the_desk_answers_other_requests_while_a_stream_is_open(served):
    _, _, http = served
    assert http.post("/api/solve", json=UNENDING).status_code == 200
    with http.stream("GET", "/api/solve/events") as stream:
        lines = stream.iter_lines()
        assert first_message(lines)["data"]["kind"] == "Started"
        assert http.get("/api/state").json()["solving"] is True
        assert http.post("/api/solve/stop").json()["running"] is False
        assert messages("\n".join(lines))[-1]["event"] == "end"


def test_a_stream_ends_on_the_server_when_its_client_goes_away(served):
    server, _, http = served
    assert http.post("/api/solve", json=UNENDING).status_code == 200
    run = server.server.session.solve
    with http.stream("GET", "/api/solve/events") as stream:
        lines = stream.iter_lines()
        first_message(lines)
        assert len(run.followers) == 1
    wait_until(lambda: not run.followers, "the server kept streaming to a client that had gone")
    http.post("/api/solve/stop")


def test_stopping_the_server_mid_solve_keeps_the_solves_best_groups_in_the_working_folder(served, tmp_path):
    server, thread, http = served
    assert http.post("/api/solve", json=UNENDING).status_code == 200
    wait_until(lambda: any(e["kind"] == "Improved" for e in http.get("/api/solve").json()["events"]), "no progress")
    server.stop()
    thread.join(timeout=60)
    assert not thread.is_alive()
    history = json.loads((tmp_path / "desk" / "history.json").read_text())
    assert [step["label"] for step in history["steps"]] == ["solve (interrupt)"]
    kept = groupformer.load_solution(tmp_path / "desk" / "solution.json")
    assert kept.groups


def test_stopping_the_server_ends_the_open_event_streams(served):
    server, thread, http = served
    assert http.post("/api/solve", json=UNENDING).status_code == 200
    with http.stream("GET", "/api/solve/events") as stream:
        lines = stream.iter_lines()
        first_message(lines)
        server.stop()
        assert messages("\n".join(lines))[-1]["event"] == "end"
    thread.join(timeout=60)
    assert not thread.is_alive()


# --- the page: the progress chart and the Why panel --------------------------------------------------------


def test_the_page_charts_the_solve_and_explains_in_words_why_someone_is_not_placed(
    desk_server, page, write_json, tmp_path
):
    sync_api = pytest.importorskip("playwright.sync_api")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(desk_server.url)
    page.set_input_files("#signups-file", str(write_json(SEVEN)))
    sync_api.expect(page.locator("#signups-summary")).to_contain_text("7 participants")
    page.fill("#work-limit", "0.2")
    page.click("#solve")
    sync_api.expect(page.locator("[data-unplaced] [data-member-id='late']")).to_be_visible(timeout=30_000)
    chart = page.locator("[data-progress-chart]")
    assert chart.locator("[data-point]").count() >= 1
    assert {"people placed", "seconds since the solve started"} <= set(chart.locator("text").all_text_contents())
    chart.screenshot(path=str(artifact_path("solve-progress-chart.png", tmp_path)))
    page.locator("[data-unplaced] [data-member-id='late'] button", has_text="Why?").click()
    panel = page.locator("[data-explanation]")
    sync_api.expect(panel.locator("h3")).to_have_text("Why late is not placed", timeout=30_000)
    sync_api.expect(panel).to_contain_text("no other participant shares an available window with late")
    sync_api.expect(panel).to_contain_text("would place late in")
    page.screenshot(path=str(artifact_path("why-panel.png", tmp_path)), full_page=True)
    panel.get_by_role("button", name="Close").click()
    sync_api.expect(panel).to_be_hidden()
    assert errors == []
