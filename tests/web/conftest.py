"""Browser tests: Debian's Chromium driven by Playwright against a real `ringdesk serve`
(its own SQLite database, the built web app). Every page fails its test on a console error
or an uncaught exception; screenshots land in var/screenshots/ to be looked at."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from ringdesk import migrate
from ringdesk.core.db import make_engine, make_sessionmaker
from tests.users import user_and_token

ROOT = Path(__file__).parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "correct horse battery"
USERS = {"ada": "admin", "sam": "supervisor", "ann": "agent"}
# A raw catalogue key on screen ("login.title"): a string the catalogue lacks.
RAW_KEY = re.compile(r"\b[a-z]+\.[a-z]+[A-Za-z]*(\.[a-zA-Z_]+)*\b")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    database: str
    tokens: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path

    def api(self, method: str, path: str, login: str = "ada", body: Any = None,
            ) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.url + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.tokens[login]}",
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (./dev installs it)")
    return CHROMIUM


@pytest.fixture(scope="session")
def built_app() -> Path:
    index = ROOT / "web" / "ui" / "dist" / "index.html"
    if not index.is_file():
        pytest.fail("the web app is not built: ./dev builds it (npm run build in web/ui)")
    return index


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path, built_app: Path,
           ) -> Iterator[Server]:
    database = f"sqlite:///{tmp_path}/web.sqlite3"
    migrate.upgrade(database)
    tokens = {}
    with make_sessionmaker(make_engine(database)).begin() as session:
        for login, rank in USERS.items():
            _, tokens[login] = user_and_token(session, login, login.title(), rank=rank,
                                              password=PASSWORD)
    sounds = tmp_path / "sounds"  # uploads land here, never in the repository
    shutil.copytree(ROOT / "sounds" / "ringdesk", sounds)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("RINGDESK_")}
    env.update(RINGDESK_DATABASE_URL=database, RINGDESK_WEB_PORT=str(port),
               RINGDESK_AGI_PORT=str(free_port()), RINGDESK_AMI_PORT=str(free_port()),
               RINGDESK_LOG_FORMAT="json", PYTHONPATH=str(ROOT),
               RINGDESK_MEDIA_SOUNDS_DIR=str(sounds),
               RINGDESK_AUTH_SECRET_KEY_FILE=str(tmp_path / "secret.key"))
    marker = request.node.get_closest_marker("server_env")
    env.update(marker.kwargs if marker else {})
    log = tmp_path / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "ringdesk.cli", "serve"], env=env,
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            break
        except urllib.error.HTTPError:
            break  # answering: degraded, as there is no Asterisk here
        except OSError:
            assert process.poll() is None, log.read_text()
            time.sleep(0.1)
    yield Server(url, database, tokens, process, log)
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
        raise AssertionError(f"ringdesk serve did not stop on SIGTERM:\n"
                             f"{log.read_text()[-3000:]}") from None


# Per module: Playwright's sync API holds an event loop in this thread while it runs, which
# tests of other folders that start their own (asyncio.run) must not meet.
@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"])
        yield launched
        launched.close()


@dataclass
class Watched:
    """A browser context whose pages report console errors and uncaught exceptions."""

    context: BrowserContext
    errors: list[str] = field(default_factory=list)

    def page(self) -> Page:
        page = self.context.new_page()
        page.on("console", lambda message: self.errors.append(message.text)
                if message.type == "error" and not _expected(message.text) else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page


def _expected(text: str) -> bool:
    # The browser logs every 4xx/5xx fetch; the ones a test provokes on purpose (a wrong
    # password, the health check's 503 without Asterisk, a session check while signed out)
    # are answers, not errors of the page.
    return text.startswith("Failed to load resource: the server responded with a status of")


@pytest.fixture
def contexts(browser: Browser, server: Server) -> Iterator[Any]:
    opened: list[Watched] = []

    def open_context(language: str = "en-GB", width: int = 1280,
                     height: int = 800) -> Watched:
        context = browser.new_context(base_url=server.url, locale=language,
                                      timezone_id="Europe/Warsaw",
                                      viewport={"width": width, "height": height})
        watched = Watched(context)
        opened.append(watched)
        return watched

    yield open_context
    for watched in opened:
        watched.context.close()
    errors = [error for watched in opened for error in watched.errors]
    assert errors == [], f"console errors: {errors}"


def sign_in(page: Page, login: str, password: str = PASSWORD) -> None:
    page.goto("/")
    page.get_by_label(re.compile("Login or email|Login lub e-mail")).fill(login)
    page.get_by_label(re.compile("^(Password|Hasło)$")).fill(password)
    with page.expect_response(lambda answer: answer.url.endswith("/api/v1/auth/session")
                              and answer.request.method == "POST"):
        page.get_by_role("button", name=re.compile("^(Sign in|Zaloguj)$")).click()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    serious = [violation for violation in results.response["violations"]
               if violation["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)[:4000]


def assert_no_raw_keys(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert not [match.group(0) for match in RAW_KEY.finditer(text)
                if not match.group(0).endswith((".com", ".json"))], text


@pytest.fixture(scope="session", autouse=True)
def fresh_screenshots() -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
