"""The coordinator's desk (`groupformer serve`) under load and under attack, and whether its working folder
stays consistent.

`groupformer serve` runs in a process of its own on generated sign-ups, solved with a small work limit.
For `--seconds`, over loopback:

- `--clients` editors (20), each on its own keep-alive connection, make random hand edits (move, swap,
  unplace), undo, redo and read the board and the state;
- attackers: 50 MB uploads, with a Content-Length and streamed without one (chunked), to the upload
  endpoints and to a JSON one; junk bodies (random bytes, text that is not UTF-8, broken and deeply nested
  JSON, JSON of the wrong shape); requests with a foreign Host header, without the token or with a wrong
  one (edits among them, which must not be applied);
- slow clients: a request whose headers arrive a byte a second and never end (slowloris), an edit whose
  body arrives a byte every half second, and a board read a kilobyte a second.

Measured: requests and their outcomes per kind, errors (a 5xx, an answer the request should not get, a
connection that failed or timed out, a traceback in the server's log), the editors' latencies (p50, p95,
max), the server's peak resident memory (VmHWM), threads and open files. Then the folder is checked:
the history's counter grew by exactly the edits answered 200 and its position moved by those edits, minus
the undos, plus the redos answered 200 (no edit lost or applied twice, no refused request applied);
every step has its solution file and no other solution file is left; solution.json is the current step's
file; the served board has the same groups; `groupformer evaluate` reads it (exit 0 or 1).
Exit status 1 when any check fails or any error was counted.

    python benchmarks/desk_load.py
    python benchmarks/desk_load.py --load 2 --seconds 90
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import select
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
from busy import busy_processes
from served import serve_desk

import groupformer

HOST = "127.0.0.1"
MB = 1024 * 1024
BIG = 50 * MB
CHUNK = b"x" * 65536
TIMEOUT_S = 60.0
# What each kind of request may be answered; anything else is an error.
EXPECTED = {
    "edit": {200, 422},
    "undo": {200, 409},
    "redo": {200, 409},
    "board": {200},
    "state": {200},
    "upload 50 MB, declared": {413, "cut off"},
    "upload 50 MB, chunked": {413, "cut off"},
    "junk": {400, 413, 422},
    "foreign host": {400},
    "no token": {401},
    "wrong token": {403},
    "slow body edit": {200, 422},
    "slow reader": {"read slowly"},
    "slowloris": {"held open"},
}


@dataclass
class Tally:
    """Every request's outcome and, for the editors', its latency; shared by all threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    outcomes: Counter = field(default_factory=Counter)
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    examples: dict[tuple, str] = field(default_factory=dict)

    def record(self, kind: str, outcome: int | str, seconds: float | None = None, example: str = "") -> None:
        with self.lock:
            self.outcomes[kind, outcome] += 1
            if seconds is not None:
                self.seconds[kind].append(seconds)
            if outcome not in EXPECTED[kind]:
                self.examples.setdefault((kind, outcome), example[:300])

    def count(self, kind: str, outcome: int | str) -> int:
        with self.lock:
            return self.outcomes[kind, outcome]

    def errors(self) -> int:
        with self.lock:
            return sum(n for (kind, outcome), n in self.outcomes.items() if outcome not in EXPECTED[kind])

    def requests(self) -> int:
        with self.lock:
            return sum(self.outcomes.values())


@dataclass
class Desk:
    port: int
    token: str
    process: subprocess.Popen
    folder: Path
    people: list[str]
    groups: list[str]

    @property
    def host(self) -> str:
        return f"{HOST}:{self.port}"


def start_desk(folder: Path, count: int, work_limit: float) -> Desk:
    signups = groupformer.load_signups(json.dumps(groupformer.generate_signups(count, seed=1)))
    solution = groupformer.solve(signups, work_limit=work_limit, seed=0)
    served = serve_desk(signups, solution, folder, (folder / "server.log").open("w"))
    people = [person.id for person in signups.participants]
    return Desk(
        served.port, served.token, served.process, served.folder, people, [group.id for group in solution.groups]
    )


def call(connection: http.client.HTTPConnection, method: str, path: str, body: bytes | None, headers: dict):
    """(status, answer body)."""
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


def editor(desk: Desk, seed: int, tally: Tally, stop: threading.Event) -> None:
    """Random edits, undos, redos and reads on one keep-alive connection until `stop`."""
    rng = random.Random(seed)
    headers = {"X-Groupformer-Token": desk.token, "Content-Type": "application/json"}
    connection = http.client.HTTPConnection(HOST, desk.port, timeout=TIMEOUT_S)
    while not stop.is_set():
        kind, method, path, body = random_request(desk, rng)
        started = time.perf_counter()
        try:
            status, answer = call(connection, method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            tally.record(kind, f"failed: {type(error).__name__}", example=str(error))
            connection.close()
            connection = http.client.HTTPConnection(HOST, desk.port, timeout=TIMEOUT_S)
            continue
        tally.record(kind, status, time.perf_counter() - started, answer.decode("utf-8", "replace"))
        if status == 200 and kind in ("edit", "undo", "redo"):
            desk.groups = json.loads(answer)["order"] or desk.groups
    connection.close()


def random_request(desk: Desk, rng: random.Random) -> tuple[str, str, str, bytes | None]:
    draw = rng.random()
    if draw < 0.45:
        return "edit", "POST", "/api/edit", json.dumps(random_edit(desk, rng)).encode()
    if draw < 0.55:
        return "undo", "POST", "/api/undo", None
    if draw < 0.60:
        return "redo", "POST", "/api/redo", None
    if draw < 0.70:
        return "board", "GET", "/api/board", None
    return "state", "GET", "/api/state", None


def random_edit(desk: Desk, rng: random.Random) -> dict:
    member = rng.choice(desk.people)
    draw = rng.random()
    if draw < 0.5:
        return {"kind": "move", "member": member, "to": rng.choice(desk.groups)}
    if draw < 0.95:
        return {"kind": "swap", "member": member, "other": rng.choice(desk.people)}
    return {"kind": "unassign", "member": member}


def raw_request(port: int, head: str, chunks: Iterator[bytes]) -> str:
    """Send `head` then `chunks` on a fresh connection, stopping as soon as the server answers; the
    answer's status, or "cut off" when the server closed the connection without one reaching us."""
    with socket.create_connection((HOST, port), timeout=TIMEOUT_S) as connection:
        try:
            connection.sendall(head.encode())
            for chunk in chunks:
                if select.select([connection], [], [], 0)[0]:
                    break
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            first = connection.recv(65536)
        except ConnectionResetError:
            return "cut off"
    status = re.match(rb"HTTP/1\.1 (\d{3})", first)
    return int(status.group(1)) if status else "cut off"


def big_upload(desk: Desk, path: str, chunked: bool, method: str = "POST") -> str:
    head = f"{method} {path} HTTP/1.1\r\nHost: {desk.host}\r\nX-Groupformer-Token: {desk.token}\r\n"
    if not chunked:
        return raw_request(
            desk.port, head + f"Content-Length: {BIG}\r\n\r\n", (CHUNK for _ in range(BIG // len(CHUNK)))
        )
    framed = b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK)
    chunks = (framed for _ in range(BIG // len(CHUNK)))
    return raw_request(desk.port, head + "Transfer-Encoding: chunked\r\n\r\n", _then(chunks, b"0\r\n\r\n"))


def _then(chunks: Iterator[bytes], last: bytes) -> Iterator[bytes]:
    yield from chunks
    yield last


def junk_bodies(rng: random.Random) -> list[tuple[str, str, Callable[[], bytes]]]:
    """(method, path, body): none of them a request the desk should carry out. Each body is made when
    chosen, so that the large ones cost the client only when sent."""
    deep = b"[" * 100_000
    nested = b'{"kind": "move", "member": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"
    not_utf8 = b"\xff\xfe\xfa" + rng.randbytes(1000)
    return [
        ("POST", "/api/signups", lambda: rng.randbytes(rng.randrange(1, 2 * MB))),
        ("POST", "/api/signups", lambda: not_utf8),
        ("POST", "/api/signups", lambda: b'{"participants": [{"id": '),
        ("POST", "/api/signups", lambda: deep),
        ("POST", "/api/signups", lambda: b"[]"),
        ("POST", "/api/form", lambda: rng.randbytes(rng.randrange(1, 2 * MB))),
        ("POST", "/api/form", lambda: not_utf8),
        ("PUT", "/api/mapping", lambda: not_utf8),
        ("POST", "/api/edit", lambda: rng.randbytes(1000)),
        ("POST", "/api/edit", lambda: deep),
        ("POST", "/api/edit", lambda: nested),
        ("POST", "/api/edit", lambda: b'{"kind": "teleport", "member": "x"}'),
        ("POST", "/api/edit", lambda: b'{"kind": "move", "member": "' + b"a" * (5 * MB) + b'"}'),
        ("PUT", "/api/settings", lambda: deep),
        ("PUT", "/api/settings", lambda: b'{"group_size": [' + b"0," * (4 * MB) + b"0]}"),
        ("PUT", "/api/history", lambda: b'[{"date": 7}]'),
        ("POST", "/api/edit", lambda: b'{"kind": "new_group", "members": [' + b"0," * (4 * MB) + b"0]}"),
        ("PUT", "/api/pins", lambda: b'{"groups": "all"}'),
        ("PUT", "/api/pins", lambda: b'{"groups": [' + b"0," * (4 * MB) + b"0]}"),
        ("POST", "/api/solve", lambda: b'{"work_limit": -1}'),
        ("POST", "/api/solve", lambda: deep),
    ]


def attacker(desk: Desk, seed: int, tally: Tally, stop: threading.Event) -> None:
    """Oversized and junk uploads, foreign Hosts and missing or wrong tokens, in turn until `stop`."""
    rng = random.Random(seed)
    attacks: list[Callable[[], None]] = [
        lambda: tally.record("upload 50 MB, declared", big_upload(desk, "/api/signups", chunked=False)),
        lambda: tally.record("upload 50 MB, chunked", big_upload(desk, "/api/form", chunked=True)),
        lambda: tally.record("upload 50 MB, chunked", big_upload(desk, "/api/settings", chunked=True, method="PUT")),
        lambda: tally.record("upload 50 MB, declared", big_upload(desk, "/api/edit", chunked=False)),
        lambda: junk(desk, rng, tally),
        lambda: refused(
            desk, rng, tally, "foreign host", {"Host": f"evil.example:{desk.port}", "X-Groupformer-Token": desk.token}
        ),
        lambda: refused(
            desk, rng, tally, "foreign host", {"Host": f"{HOST}:{desk.port + 1}", "X-Groupformer-Token": desk.token}
        ),
        lambda: refused(desk, rng, tally, "no token", {}),
        lambda: refused(desk, rng, tally, "wrong token", {"X-Groupformer-Token": desk.token[:-1] + "!"}),
    ]
    while not stop.is_set():
        try:
            rng.choice(attacks)()
        except OSError as error:
            tally.record("junk", f"failed: {type(error).__name__}", example=str(error))
        stop.wait(0.2)


def junk(desk: Desk, rng: random.Random, tally: Tally) -> None:
    method, path, make = rng.choice(junk_bodies(rng))
    body = make()
    connection = http.client.HTTPConnection(HOST, desk.port, timeout=TIMEOUT_S)
    try:
        status, answer = call(connection, method, path, body, {"X-Groupformer-Token": desk.token})
        tally.record("junk", status, example=f"{method} {path}: {answer.decode('utf-8', 'replace')}")
    finally:
        connection.close()


def refused(desk: Desk, rng: random.Random, tally: Tally, kind: str, headers: dict) -> None:
    """An edit, an undo or a read that must be refused as it comes: applied, it would break the count."""
    method, path, body = rng.choice(
        [
            ("POST", "/api/edit", json.dumps(random_edit(desk, rng)).encode()),
            ("POST", "/api/undo", None),
            ("GET", "/api/state", None),
            ("GET", "/api/board", None),
        ]
    )
    connection = http.client.HTTPConnection(HOST, desk.port, timeout=TIMEOUT_S)
    try:
        # http.client adds its own Host header unless told not to.
        connection.putrequest(method, path, skip_host="Host" in headers)
        for name, value in {**headers, "Content-Length": str(len(body or b""))}.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        answer = connection.getresponse()
        tally.record(kind, answer.status, example=f"{method} {path}: {answer.read().decode('utf-8', 'replace')}")
    finally:
        connection.close()


def slowloris(desk: Desk, tally: Tally, stop: threading.Event, connections: int = 10) -> None:
    """`connections` requests whose headers never end, a byte a second each; each the server has not
    closed at the end counts as held open (a closed one, as closed: the server may drop them)."""
    sockets = [socket.create_connection((HOST, desk.port), timeout=TIMEOUT_S) for _ in range(connections)]
    for connection in sockets:
        connection.sendall(f"GET /api/state HTTP/1.1\r\nHost: {desk.host}\r\n".encode())
    alive = set(range(connections))
    while not stop.wait(1.0):
        for index in list(alive):
            try:
                sockets[index].sendall(b"X")
            except OSError:
                alive.discard(index)
                tally.record("slowloris", "closed by the server")
    for index, connection in enumerate(sockets):
        if index in alive:
            tally.record("slowloris", "held open")
        connection.close()


def slow_body_edit(desk: Desk, rng: random.Random, tally: Tally, stop: threading.Event) -> None:
    """Edits whose body arrives a byte every half second; one that completes counts as an edit would."""
    while not stop.is_set():
        body = json.dumps(random_edit(desk, rng)).encode()
        head = (
            f"POST /api/edit HTTP/1.1\r\nHost: {desk.host}\r\nX-Groupformer-Token: {desk.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        with socket.create_connection((HOST, desk.port), timeout=TIMEOUT_S) as connection:
            connection.sendall(head.encode())
            for byte in body:
                if stop.wait(0.5):
                    return  # abandoned half-way: never complete, so never applied
                connection.sendall(bytes([byte]))
            answer = connection.recv(65536)
        status = re.match(rb"HTTP/1\.1 (\d{3})", answer)
        tally.record("slow body edit", int(status.group(1)) if status else "cut off", example=answer[:300].decode())


def slow_reader(desk: Desk, tally: Tally, stop: threading.Event) -> None:
    """Board reads taken a kilobyte a second, 20 s each, then dropped."""
    while not stop.is_set():
        connection = socket.socket()
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        connection.settimeout(TIMEOUT_S)
        connection.connect((HOST, desk.port))
        connection.sendall(
            f"GET /api/board HTTP/1.1\r\nHost: {desk.host}\r\nX-Groupformer-Token: {desk.token}\r\n\r\n".encode()
        )
        deadline = time.monotonic() + 20
        first = b""
        while time.monotonic() < deadline and not stop.wait(1.0):
            first = first or connection.recv(1024)
            connection.recv(1024)
        connection.close()
        status = re.match(rb"HTTP/1\.1 (\d{3})", first)
        tally.record("slow reader", "read slowly" if status and status.group(1) == b"200" else "no answer")


@dataclass
class Watch:
    """The server process's resident memory, threads and open files, sampled until `stop`."""

    pid: int
    peak_threads: int = 0
    peak_files: int = 0
    rss_mb: list[float] = field(default_factory=list)

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(0.1):
            status = self.status()
            self.rss_mb.append(status["VmRSS"] / 1024)
            self.peak_threads = max(self.peak_threads, status["Threads"])
            self.peak_files = max(self.peak_files, len(os.listdir(f"/proc/{self.pid}/fd")))

    def cpu_seconds(self) -> float:
        """User and system time the server used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def status(self) -> dict[str, int]:
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM", "Threads"):
                fields[name] = int(value.split()[0])
        return fields


def history(folder: Path) -> dict:
    return json.loads((folder / "history.json").read_text("utf-8"))


def consistency(desk: Desk, before: dict, tally: Tally, served_groups: dict) -> list[str]:
    """What is wrong with the working folder after the run, in words; empty when nothing is."""
    after = history(desk.folder)
    edits = tally.count("edit", 200) + tally.count("slow body edit", 200)
    undos, redos = tally.count("undo", 200), tally.count("redo", 200)
    problems = []
    if after["serial"] - before["serial"] != edits:
        problems.append(f"{after['serial'] - before['serial']} solutions recorded for {edits} edits answered 200")
    moved = after["position"] - before["position"]
    if moved != edits - undos + redos:
        problems.append(f"position moved {moved}, expected {edits} edits - {undos} undos + {redos} redos")
    files = {step["file"] for step in after["steps"]}
    present = {f"solutions/{path.name}" for path in (desk.folder / "solutions").glob("*.json")}
    if files - present:
        problems.append(f"steps without their file: {sorted(files - present)[:5]}")
    if present - files:
        problems.append(f"solution files no step names: {sorted(present - files)[:5]}")
    leftovers = [path.name for path in desk.folder.rglob(".*.tmp")]
    if leftovers:
        problems.append(f"temporary files left: {leftovers[:5]}")
    current = (desk.folder / after["steps"][after["position"]]["file"]).read_bytes()
    if (desk.folder / "solution.json").read_bytes() != current:
        problems.append("solution.json is not the current step's file")
    on_disk = {group["id"]: group["members"] for group in json.loads(current)["groups"]}
    if on_disk != served_groups:
        problems.append("the served board's groups are not solution.json's")
    evaluated = subprocess.run(
        [str(Path(sys.executable).parent / "groupformer"), "evaluate", "signups.json", "solution.json"],
        cwd=desk.folder,
        capture_output=True,
        text=True,
    )
    if evaluated.returncode not in (0, 1):
        problems.append(f"groupformer evaluate exits {evaluated.returncode}: {evaluated.stderr[-300:]}")
    return problems


def served_board_groups(desk: Desk) -> dict:
    connection = http.client.HTTPConnection(HOST, desk.port, timeout=TIMEOUT_S)
    status, answer = call(connection, "GET", "/api/board", None, {"X-Groupformer-Token": desk.token})
    connection.close()
    return {group["id"]: [m["id"] for m in group["members"]] for group in json.loads(answer)["groups"]}


def milliseconds(seconds: list[float]) -> tuple[float, float, float]:
    if not seconds:
        return (0.0, 0.0, 0.0)
    ordered = sorted(seconds)
    pick = ordered[int(0.95 * (len(ordered) - 1))]
    return (round(1000 * statistics.median(ordered)), round(1000 * pick), round(1000 * ordered[-1]))


def run(count: int, seconds: float, clients: int, attackers: int, work_limit: float, load: int) -> dict:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        desk = start_desk(folder, count, work_limit)
        tally, stop, watching = Tally(), threading.Event(), threading.Event()
        watch = Watch(desk.process.pid)
        try:
            before = history(desk.folder)
            idle_mb, cpu_before = watch.status()["VmRSS"] / 1024, watch.cpu_seconds()
            rng = random.Random(count)
            workers = [lambda i=i: editor(desk, i, tally, stop) for i in range(clients)]
            workers += [lambda i=i: attacker(desk, 1000 + i, tally, stop) for i in range(attackers)]
            workers += [
                lambda: slowloris(desk, tally, stop),
                lambda: slow_body_edit(desk, random.Random(rng.random()), tally, stop),
                lambda: slow_reader(desk, tally, stop),
            ]
            threads = [threading.Thread(target=work) for work in workers]
            watcher = threading.Thread(target=watch.run, args=(watching,))
            watcher.start()
            with busy_processes(load):
                for thread in threads:
                    thread.start()
                stop.wait(seconds)
                stop.set()
                for thread in threads:
                    thread.join()
            watching.set()
            watcher.join()
            served_groups = served_board_groups(desk)
            peak_mb, cpu = watch.status()["VmHWM"] / 1024, watch.cpu_seconds() - cpu_before
        finally:
            desk.process.send_signal(signal.SIGINT)
            desk.process.wait(timeout=60)
        problems = consistency(desk, before, tally, served_groups)
        logged = (folder / "server.log").read_text()
    return {
        "n": count,
        "seconds": seconds,
        "load": load,
        "clients": clients,
        "attackers": attackers,
        "requests": tally.requests(),
        "errors": tally.errors() + logged.count("Traceback"),
        "edits_ok": tally.count("edit", 200) + tally.count("slow body edit", 200),
        "edit_ms": milliseconds(tally.seconds["edit"] + tally.seconds["undo"] + tally.seconds["redo"]),
        "read_ms": milliseconds(tally.seconds["board"] + tally.seconds["state"]),
        "board_ms": milliseconds(tally.seconds["board"]),
        "idle_mb": round(idle_mb),
        "peak_mb": round(peak_mb),
        "server_cpu_s": round(cpu),
        "peak_threads": watch.peak_threads,
        "peak_files": watch.peak_files,
        "outcomes": {f"{kind}: {outcome}": n for (kind, outcome), n in sorted(tally.outcomes.items(), key=str)},
        "unexpected": {f"{kind}: {outcome}": example for (kind, outcome), example in tally.examples.items()},
        "server_log": logged[-2000:],
        "problems": problems,
    }


@click.command()
@click.option("--signups", "count", default=2000, show_default=True, help="Generated sign-ups.")
@click.option("--seconds", default=90.0, show_default=True, help="How long the load lasts.")
@click.option("--clients", default=20, show_default=True, help="Concurrent editors.")
@click.option("--work-limit", type=float, default=0.5, show_default=True, help="Work limit of the first solve.")
@click.option("--attackers", default=2, show_default=True, help="Threads sending the attacks, one after another.")
@click.option("--load", type=click.IntRange(min=0), default=0, show_default=True, help="Busy processes meanwhile.")
def main(count: int, seconds: float, clients: int, attackers: int, work_limit: float, load: int) -> None:
    row = run(count, seconds, clients, attackers, work_limit, load)
    click.echo(json.dumps(row, indent=1))
    click.echo(
        "| sign-ups | attackers | busy processes | s | requests | edits applied | errors "
        "| edit/undo/redo p50, p95, max (ms) | board/state p50, p95, max (ms) | server CPU (s) "
        "| memory idle, peak (MB) | peak threads, open files | folder |"
    )
    click.echo("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    edit, read = row["edit_ms"], row["read_ms"]
    click.echo(
        f"| {row['n']:,} | {row['attackers']} | {row['load']} | {row['seconds']:g} "
        f"| {row['requests']:,} | {row['edits_ok']:,} "
        f"| {row['errors']} | {edit[0]}, {edit[1]}, {edit[2]} | {read[0]}, {read[1]}, {read[2]} "
        f"| {row['server_cpu_s']} | {row['idle_mb']}, {row['peak_mb']} | {row['peak_threads']}, {row['peak_files']} "
        f"| {'consistent' if not row['problems'] else '; '.join(row['problems'])} |"
    )
    sys.exit(1 if row["problems"] or row["errors"] else 0)


if __name__ == "__main__":
    main()
