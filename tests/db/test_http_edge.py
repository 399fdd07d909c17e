"""The HTTP edge of a real `ringdesk serve`, tried as an outsider would: oversized bodies are
refused before they are read (and the server's memory stays flat), malformed ones get 4xx,
uploads wait unread for their sender to be authenticated, and an open live stream ends when
the session or token it opened with ends."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ringdesk import migrate
from ringdesk.core.db import make_engine, make_sessionmaker
from tests.users import user_and_token

ROOT = Path(__file__).parents[2]
MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    token: str
    lead_token: str  # a supervisor's

    def peak_rss_kb(self) -> int:
        """The whole process tree's peak resident memory (the server and its recorder)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert found, status
        return int(found.group(1))

    def exchange(self, head: str, body_parts: Iterable[bytes] = ()) -> tuple[int, Any]:
        """Send a request head and as much of a body as the server takes; read the answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            connection.sendall(head.encode())
            try:
                for part in body_parts:
                    connection.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                pass  # refused and closed: what the server did not read
            answer = b""
            try:
                while chunk := connection.recv(65536):
                    answer += chunk
            except ConnectionResetError:
                pass
        status_line, _, rest = answer.partition(b"\r\n")
        _, _, body = rest.partition(b"\r\n\r\n")
        return int(status_line.split()[1]), json.loads(body) if body else None

    def post(self, path: str, body: bytes, content_type: str = "application/json",
             ) -> tuple[int, Any]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=body, method="POST",
            headers={"Content-Type": content_type, "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    database = f"sqlite:///{tmp_path}/edge.sqlite3"
    migrate.upgrade(database)
    with make_sessionmaker(make_engine(database)).begin() as session:
        _, token = user_and_token(session, "ada", rank="admin",
                                  password="correct horse battery")
        _, lead_token = user_and_token(session, "lead", rank="supervisor")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("RINGDESK_")}
    env.update(RINGDESK_DATABASE_URL=database, RINGDESK_WEB_PORT=str(port),
               RINGDESK_AGI_PORT=str(free_port()), RINGDESK_AMI_PORT=str(free_port()),
               RINGDESK_MEDIA_ATTACHMENTS_DIR=str(tmp_path / "attachments"),
               RINGDESK_AUTH_SECRET_KEY_FILE=str(tmp_path / "secret.key"),
               PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "ringdesk.cli", "serve"], env=env,
                               stdout=(tmp_path / "serve.log").open("wb"),
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            break
        except urllib.error.HTTPError:
            break  # answering (degraded: no Asterisk here)
        except OSError:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.1)
    yield Server(process, port, token, lead_token)
    process.terminate()
    process.wait(15)


def repeated(part: bytes, total: int) -> Iterator[bytes]:
    for _ in range(total // len(part)):
        yield part


def test_a_300_mb_body_is_refused_unread_and_memory_stays_flat(server: Server):
    before = server.peak_rss_kb()
    size = 300 * MB
    status, body = server.exchange(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\n\r\n", repeated(b"x" * MB, size))
    assert status == 413
    assert body["code"] == "request_entity_too_large"
    assert body["details"] == {"limit": MB}
    assert server.peak_rss_kb() - before < 20 * 1024  # kB: nothing of the body was kept


def test_a_client_that_asks_first_is_refused_before_sending(server: Server):
    status, body = server.exchange(
        "POST /api/v1/routes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Expect: 100-continue\r\nContent-Length: {2 * MB}\r\n\r\n")
    assert status == 413 and "1,048,576 bytes at most" in body["message"]


def test_a_chunked_body_is_cut_off_at_the_limit(server: Server):
    before = server.peak_rss_kb()
    chunk = b"x" * 65536
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    status, body = server.exchange(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n", repeated(framed, 200 * len(framed)))
    assert status == 413 and body["details"] == {"limit": MB}
    assert server.peak_rss_kb() - before < 20 * 1024


def test_attachments_have_their_own_larger_limit(server: Server):
    status, ticket = server.post("/api/v1/tickets", json.dumps(
        {"subject": "Big file", "contact": {"phone": "+4930123456"}}).encode())
    assert status == 201, ticket
    boundary = "ringdeskboundary"
    data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"scan.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).encode() + os.urandom(3 * MB) + f"\r\n--{boundary}--\r\n".encode()
    status, entry = server.post(f"/api/v1/tickets/{ticket['id']}/attachments", data,
                                f"multipart/form-data; boundary={boundary}")
    assert status == 201, entry


@pytest.mark.parametrize(("raw", "expected"), [
    (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    (b"{\"login\": \"ada\", ", "send a JSON object"),
    (b"[\"ada\", \"secret\"]", "send a JSON object"),
    (b"\xff\xfe not text", "send a JSON object"),
])
def test_malformed_bodies_get_a_clear_4xx(server: Server, raw: bytes, expected: str):
    status, body = server.post("/api/v1/auth/login", raw)
    assert status == 400
    assert expected in body["message"] and body["details"]["field"] == "body"


def test_serve_stops_on_sigterm_while_requests_are_in_flight(server: Server):
    """Web threads answering while the server stops: it must still exit (a web thread waits
    for the reactor to write its answer, so the reactor may not block joining it)."""
    import threading

    graph = {"entry": "n0", "nodes": {f"n{i}": {"type": "ring", "params": {"seconds": 1},
                                               "ports": {"next": f"n{i + 1}"}}
                                      for i in range(300)}}
    graph["nodes"]["n300"] = {"type": "hangup"}
    status, route = server.post("/api/v1/routes", json.dumps(
        {"name": "Busy", "graph": graph}).encode())
    assert status == 201, route
    body = json.dumps({"graph": graph}).encode()
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError, ValueError):  # the server is going away
                server.post(f"/api/v1/routes/{route['id']}/validate", body)

    workers = [threading.Thread(target=busy, daemon=True) for _ in range(6)]
    for worker in workers:
        worker.start()
    time.sleep(1.5)
    server.process.terminate()
    try:
        assert server.process.wait(20) == 0
    finally:
        stop.set()
        if server.process.poll() is None:
            server.process.kill()


def read_head(connection: socket.socket, timeout: float) -> bytes:
    """What the server has answered within ``timeout`` (empty: nothing yet)."""
    connection.settimeout(timeout)
    answer = b""
    with contextlib.suppress(TimeoutError, ConnectionResetError):
        while b"\r\n\r\n" not in answer and (chunk := connection.recv(65536)):
            answer += chunk
    return answer


@pytest.mark.parametrize("credential", ["", "Authorization: Bearer forged\r\n",
                                        "Cookie: ringdesk_session=forged\r\n"])
def test_an_unauthenticated_upload_is_refused_before_its_body_is_read(
        server: Server, credential: str):
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall((
            "POST /api/v1/sounds HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n"
            f"{credential}Content-Length: {45 * MB}\r\n\r\n").encode())
        answer = read_head(connection, 10)  # not one byte of the body sent
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert b'"not_authenticated"' in answer


def test_a_signed_in_upload_is_asked_for_its_body(server: Server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall((
            "POST /api/v1/sounds HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n"
            f"Authorization: Bearer {server.token}\r\nExpect: 100-continue\r\n"
            f"Content-Length: {45 * MB}\r\n\r\n").encode())
        assert read_head(connection, 10).startswith(b"HTTP/1.1 100 Continue")


def open_stream(server: Server, headers: str) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    connection.sendall(f"GET /api/v1/live/events HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    return connection


def stream_until(connection: socket.socket, marker: bytes, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    received = b""
    connection.settimeout(0.5)
    while marker not in received and time.monotonic() < deadline:
        with contextlib.suppress(TimeoutError):
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    return received


def api(server: Server, method: str, path: str, token: str, body: Any = None,
        headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}",
                 **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_an_open_live_stream_ends_within_seconds_of_its_token_ending(server: Server):
    # A second token of the same admin: signing this one out must end its stream only.
    status, made = api(server, "POST", "/api/v1/auth/tokens", server.token,
                       {"name": "wallboard", "days": 1})
    assert status == 201, made
    stream = open_stream(server, f"Authorization: Bearer {made['token']}\r\n")
    with stream:
        opened = stream_until(stream, b"event: snapshot", 10)
        assert opened.startswith(b"HTTP/1.1 200"), opened[:300]
        head = opened.split(b"\r\n\r\n")[0].lower()
        assert b"content-security-policy: default-src 'self'" in head
        assert b"x-frame-options: deny" in head
        assert api(server, "POST", "/api/v1/auth/logout", made["token"])[0] == 204
        began = time.monotonic()
        ended = stream_until(stream, b"event: ended", 10)
        assert b"event: ended" in ended and b"not_authenticated" in ended
        assert time.monotonic() - began < 5
    # The admin's other token still watches.
    with open_stream(server, f"Authorization: Bearer {server.token}\r\n") as other:
        assert b"event: snapshot" in stream_until(other, b"event: snapshot", 10)


def test_a_browser_stream_ends_when_its_user_signs_out_everywhere(server: Server):
    status, made = api(server, "POST", "/api/v1/auth/login", "",
                       {"login": "ada", "password": "correct horse battery"})
    assert status == 200, made
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/api/v1/auth/session", method="POST",
        data=json.dumps({"login": "ada", "password": "correct horse battery"}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
    with open_stream(server, f"Cookie: {cookie}\r\n") as stream:
        assert b"event: snapshot" in stream_until(stream, b"event: snapshot", 10)
        assert api(server, "POST", "/api/v1/auth/sessions/end-all", made["token"])[0] == 200
        assert b"event: ended" in stream_until(stream, b"event: ended", 10)
    # An ended session opens no new stream either.
    with open_stream(server, f"Cookie: {cookie}\r\n") as stream:
        assert stream_until(stream, b"\r\n\r\n", 10).startswith(b"HTTP/1.1 401")


def test_an_open_stream_gets_the_board_again_when_its_view_changes(server: Server):
    with open_stream(server, f"Authorization: Bearer {server.lead_token}\r\n") as stream:
        assert b"event: snapshot" in stream_until(stream, b"event: snapshot", 10)
        status, _ = api(server, "PUT", "/api/v1/live/masking", server.token,
                        {"ranks": ["supervisor"], "revision": 0})
        assert status == 200
        began = time.monotonic()
        assert b"event: snapshot" in stream_until(stream, b"event: snapshot", 10)
        assert time.monotonic() - began < 5  # at the next recheck, not a reload


def open_desk(server: Server, token: str) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    connection.sendall(f"GET /api/v1/desk/events HTTP/1.1\r\nHost: x\r\n"
                       f"Authorization: Bearer {token}\r\n\r\n".encode())
    return connection


def test_open_desks_hear_that_tickets_moved_and_only_the_mentioned_hear_of_a_mention(
        server: Server):
    with open_desk(server, server.token) as ada, open_desk(server, server.lead_token) as lead:
        for desk in (ada, lead):
            opened = stream_until(desk, b"event: hello", 10)
            assert opened.startswith(b"HTTP/1.1 200") and b"text/event-stream" in opened
        time.sleep(1.5)  # the watch has looked once: where the desk stands now
        status, ticket = api(server, "POST", "/api/v1/tickets", server.token,
                             {"subject": "Printer on fire"})
        assert status == 201, ticket
        began = time.monotonic()
        for desk in (ada, lead):
            told = stream_until(desk, b"event: tickets", 5)
            assert b"event: tickets" in told and b"Printer" not in told  # a nudge, no data
        assert time.monotonic() - began < 3
        status, _ = api(server, "POST", f"/api/v1/tickets/{ticket['id']}/notes", server.token,
                        {"body": "@lead can you look?"})
        assert status == 201
        assert b"event: notifications" in stream_until(lead, b"event: notifications", 5)
        assert b"event: notifications" not in stream_until(ada, b"event: notifications", 2.5)
        # Its token signed out: the desk is told why and closed.
        assert api(server, "POST", "/api/v1/auth/logout", server.lead_token)[0] == 204
        ended = stream_until(lead, b"event: ended", 10)
        assert b"not_authenticated" in ended
    with open_desk(server, "not-a-token") as refused:
        assert stream_until(refused, b"\r\n\r\n", 10).startswith(b"HTTP/1.1 401")
