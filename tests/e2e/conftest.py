"""Acceptance fixtures: the real sandbox Asterisk, SIPp callers, a real `ringdesk serve`.

Nothing here is faked: SIPp places SIP calls into Asterisk 22, Asterisk hands them to the
ringdesk process over FastAGI and reports them over AMI, and the test reads the tickets
from the REST API. What the caller hears is captured as RTP on the caller's media port.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ringdesk import migrate
from ringdesk.core.config import load_config
from ringdesk.core.db import make_engine, make_sessionmaker
from ringdesk.routes.references import sound_names
from sandbox.chroot import SandboxUnavailable, ensure_chroot
from sandbox.demo import seed_demo
from sandbox.sandbox import Sandbox, SandboxSettings, project_dir
from tests.conftest import unavailable

SCENARIOS = project_dir() / "sandbox" / "scenarios"
ANSWERED_NUMBER = "4930120000"  # answered at once (demo data)
RINGING_NUMBER = "4930120001"  # rings 8 s before answering (demo data)
CALLER = "+4915112345678"


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    if os.geteuid() != 0:
        unavailable("the PBX sandbox needs root")
    if shutil.which("debootstrap") is None:
        unavailable("debootstrap is not installed (./dev test installs it)")
    config = load_config(environ={})
    try:
        ensure_chroot(Path(config.pbx.root), config.pbx.mirror)
    except SandboxUnavailable as error:
        unavailable(str(error))
    root = project_dir()
    box = Sandbox(SandboxSettings(
        root=Path(config.pbx.root), conf_source=root / "asterisk-conf",
        sounds_source=root / "sounds", sip_port=config.pbx.sip_port,
        ami_port=config.ami.port, ami_username=config.ami.username,
        ami_secret=config.ami.secret, agi_url=config.pbx.agi_url,
    ))
    box.stop()  # a leftover from an interrupted run
    box.start()
    box.cli("database deltree ringdesk")
    yield box
    box.stop()


class RtpRecorder:
    """The caller's media port: collects the PCMU payload Asterisk sends to the caller."""

    def __init__(self) -> None:
        self.port = free_port(socket.SOCK_DGRAM)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", self.port))
        self._socket.settimeout(0.2)
        self.payload = bytearray()
        self.packets = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                packet = self._socket.recv(2048)
            except TimeoutError:
                continue
            if len(packet) > 12 and packet[1] & 0x7F == 0:  # payload type 0: PCMU
                self.packets += 1
                self.payload += packet[12:]

    def close(self) -> bytes:
        self._stop.set()
        self._thread.join()
        self._socket.close()
        return bytes(self.payload)


@dataclass
class CallResult:
    returncode: int
    stdout: str
    errors: str
    audio: bytes = b""
    seconds: float = 0.0


def place_call(sandbox: Sandbox, number: str, scenario: str | Path = "caller_listens.xml",
               caller: str = CALLER, timeout: float = 60) -> CallResult:
    recorder = RtpRecorder()
    sip_port = free_port(socket.SOCK_DGRAM)
    started = time.monotonic()
    scenario_path = scenario if isinstance(scenario, Path) else SCENARIOS / scenario
    result = sandbox.sipp(scenario_path, [
        "-s", number, "-key", "caller", caller, "-key", "rtp_port", str(recorder.port),
        "-p", str(sip_port), "-mp", str(free_port(socket.SOCK_DGRAM)), "-m", "1", "-l", "1",
        "-timeout", f"{int(timeout)}s",
    ], timeout=timeout + 10)
    seconds = time.monotonic() - started
    audio = recorder.close()
    return CallResult(result.returncode, result.stdout[-2000:],
                      sandbox.sipp_errors(scenario_path), audio, seconds)


def path_nodes(call: dict[str, Any]) -> list[str]:
    return [step.get("node") or step["step"] for step in call["path"]]


class CallInBackground(threading.Thread):
    def __init__(self, sandbox: Sandbox, number: str, **kwargs: Any) -> None:
        super().__init__(daemon=True)
        self.args = (sandbox, number)
        self.kwargs = kwargs
        self.result: CallResult | None = None
        self.start()

    def run(self) -> None:
        self.result = place_call(*self.args, **self.kwargs)

    def outcome(self, timeout: float = 60) -> CallResult:
        self.join(timeout)
        assert self.result is not None, "the SIPp call did not finish"
        return self.result


@dataclass
class RingdeskProcess:
    """`ringdesk serve` as its own process, the way it runs in production."""

    env: dict[str, str]
    web_url: str
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = field(default=0)

    def start(self, wait_healthy: bool = True) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ringdesk.cli", "serve"], env=self.env, stdout=log,
            stderr=subprocess.STDOUT, cwd=project_dir())
        log.close()
        self.starts += 1
        if wait_healthy:
            self.wait_for(lambda health: health.get("status") == "ok", "healthy")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def get(self, path: str) -> tuple[int, Any]:
        return self.request("GET", path)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.env['TEST_ADMIN_TOKEN']}",
                   "Content-Type": "application/json"}
        request = urllib.request.Request(self.web_url + path, data=data, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def publish_route(self, name: str, graph: dict[str, Any], number: str) -> int:
        """Create, publish and attach a route through the API; wait until calls use it."""
        status, route = self.request("POST", "/api/v1/routes", {"name": name, "graph": graph})
        assert status == 201, route
        status, body = self.request("POST", f"/api/v1/routes/{route['id']}/publish")
        assert status == 201, body
        status, body = self.request("POST", f"/api/v1/routes/{route['id']}/numbers",
                                    {"number": number})
        assert status == 201, body
        time.sleep(0.5)  # the server reloads its route snapshot right after the change
        return int(route["id"])

    def health(self) -> dict[str, Any]:
        try:
            return self.get("/healthz")[1]  # type: ignore[no-any-return]
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return {}

    def wait_for(self, condition: Callable[[dict[str, Any]], bool], what: str,
                 timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        health: dict[str, Any] = {}
        while time.monotonic() < deadline:
            assert self.process is None or self.process.poll() is None, self.logs()
            health = self.health()
            if health and condition(health):
                return health
            time.sleep(0.1)
        raise AssertionError(f"ringdesk not {what} in {timeout}s: {health}\n{self.logs()}")

    def tickets(self) -> list[dict[str, Any]]:
        status, body = self.get("/api/v1/tickets?per_page=200")
        assert status == 200, body
        return body["items"]  # type: ignore[no-any-return]

    def ticket_for(self, linkedid_predicate: Callable[[dict[str, Any]], bool],
                   timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for ticket in self.tickets():
                if any(linkedid_predicate(call) for call in ticket["calls"]):
                    return ticket
            time.sleep(0.2)
        raise AssertionError(f"no matching ticket in {timeout}s: {self.tickets()}\n"
                             f"{self.logs()}")

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def log_events(self) -> list[dict[str, Any]]:
        events = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
        return events


@pytest.fixture
def ringdesk_env(sandbox: Sandbox, tmp_path: Path) -> dict[str, str]:
    database = f"sqlite:///{tmp_path}/ringdesk.sqlite3"
    migrate.upgrade(database)
    media = sandbox.media_environment()
    _, token = seed_demo(make_sessionmaker(make_engine(database)),
                         sound_names(Path(media["RINGDESK_MEDIA_SOUNDS_DIR"])))
    env = {key: value for key, value in os.environ.items() if not key.startswith("RINGDESK_")}
    env.update(media)
    env["TEST_ADMIN_TOKEN"] = token or ""
    env.update({
        "RINGDESK_DATABASE_URL": database,
        "RINGDESK_AUTH_SECRET_KEY_FILE": str(tmp_path / "secret.key"),
        "RINGDESK_WEB_PORT": str(free_port()),
        "RINGDESK_LOG_FORMAT": "json",
        "RINGDESK_AMI_FALLBACK_IMPORT_INTERVAL": "1",
        # The same test caller calls again and again: one ticket per call, unless a test
        # is about repeat calls and sets a window.
        "RINGDESK_HELPDESK_REPEAT_CALL_MINUTES": "0",
        "PYTHONPATH": str(project_dir()),
    })
    return env


@pytest.fixture
def ringdesk(sandbox: Sandbox, ringdesk_env: dict[str, str], tmp_path: Path,
             ) -> Iterator[RingdeskProcess]:
    server = RingdeskProcess(ringdesk_env, f"http://127.0.0.1:{ringdesk_env['RINGDESK_WEB_PORT']}",
                             tmp_path / "ringdesk.log")
    yield server
    server.stop()
