"""The route builder in Chromium with a 300-node route, against a real `ringdesk serve`:
time until the builder is interactive (every node drawn, the server's validation shown),
beside the API's own time for the same route (reading it and validating it); time from one
edit to its validation problem on screen, beside the API's validation alone; and the
JavaScript a first visit loads (sign-in and shell) beside the whole app's."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.report import bench_line, parse_with_smoke

ROOT = Path(__file__).parents[1]
DIST = ROOT / "web" / "ui" / "dist"
PASSWORD = "bench password 1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def label(index: int) -> str:
    """What the admin named a node (the builder finds nodes by their names, not ids)."""
    return f"Step {index:04d}"


def big_route(nodes: int) -> dict[str, Any]:
    """A chain of announcements ending in a hang-up, laid out on a grid."""
    graph: dict[str, Any] = {"entry": "n0", "nodes": {}}
    for index in range(nodes - 1):
        following = f"n{index + 1}" if index < nodes - 2 else "bye"
        graph["nodes"][f"n{index}"] = {
            "type": "announcement", "label": label(index),
            "params": {"sound": "ringdesk/welcome"},
            "ports": {"next": following, "failed": "bye"},
            "position": {"x": (index % 20) * 260, "y": (index // 20) * 180}}
    graph["nodes"]["bye"] = {"type": "hangup", "params": {}, "ports": {},
                             "position": {"x": 0, "y": (nodes // 20 + 1) * 180}}
    return graph


class Server:
    def __init__(self, workdir: Path) -> None:
        from ringdesk import migrate
        from ringdesk.core.db import make_engine, make_sessionmaker, utcnow
        from ringdesk.core.users.operations import do_create_user
        from ringdesk.core.users.tokens import do_service_token

        database = f"sqlite:///{workdir}/bench.sqlite3"
        migrate.upgrade(database)
        with make_sessionmaker(make_engine(database)).begin() as session:
            user = do_create_user(session, "bench", rank="admin", password=PASSWORD)
            self.token = do_service_token(session, user, "bench", utcnow())
        self.port = free_port()
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("RINGDESK_")}
        env.update(RINGDESK_DATABASE_URL=database, RINGDESK_WEB_PORT=str(self.port),
                   RINGDESK_AUTH_SECRET_KEY_FILE=str(workdir / "secret.key"),
                   RINGDESK_AGI_PORT=str(free_port()), RINGDESK_AMI_PORT=str(free_port()),
                   RINGDESK_MEDIA_SOUNDS_DIR=str(ROOT / "sounds" / "ringdesk"),
                   PYTHONPATH=str(ROOT))
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, "-m", "ringdesk.cli", "serve"],
                                        env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("ringdesk serve did not answer")

    def api(self, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            self.url + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


def timed(action: Any, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def initial_javascript() -> tuple[int, int]:
    """Gzipped bytes of what index.html loads, and of every script the app has."""
    index = (DIST / "index.html").read_text()
    loaded = set(re.findall(r'(?:src|href)="/assets/([^"]+\.js)"', index))
    every = {path.name for path in (DIST / "assets").glob("*.js")}

    def size(names: set[str]) -> int:
        return sum(len(gzip.compress((DIST / "assets" / name).read_bytes(), 9))
                   for name in names)
    return size(loaded), size(every)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench builder")
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parse_with_smoke(parser, argv, nodes=20, rounds=1)
    from playwright.sync_api import sync_playwright

    if not (DIST / "index.html").is_file():
        print("build the web app first (./dev setup)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(Path(workdir))
        try:
            route = server.api("POST", "/api/v1/routes",
                               {"name": "Big", "graph": big_route(args.nodes)})
            path = f"/api/v1/routes/{route['id']}"
            api_open = timed(lambda: (server.api("GET", path), server.api(
                "POST", f"{path}/validate", {})), args.rounds * 2)
            graph = server.api("GET", path)["graph"]
            api_validate = timed(lambda: server.api("POST", f"{path}/validate",
                                                    {"graph": graph}), args.rounds * 2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=args.chromium,
                    args=["--disable-background-networking", "--disable-component-update"])
                page = browser.new_context(base_url=server.url,
                                           viewport={"width": 1600, "height": 1000}).new_page()
                page.goto("/")
                page.get_by_label("Login or email").fill("bench")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.get_by_role("navigation").wait_for()
                # Functions, not expressions: the CSP forbids evaluating strings.
                ready = (f"() => document.querySelectorAll('.react-flow__node').length >= "
                         f"{args.nodes} && [...document.querySelectorAll('h2')]"
                         ".some((h) => h.textContent === '0 problems')")
                opens, edits = [], []
                for round_ in range(args.rounds):
                    started = time.perf_counter()
                    page.goto(path.replace("/api/v1", ""))
                    page.wait_for_function(ready, timeout=30_000, polling="raf")
                    opens.append(time.perf_counter() - started)
                    node = label((round_ * 37) % (args.nodes - 1))
                    search = page.get_by_role("searchbox", name="Find a node")
                    search.fill(node)
                    search.press("Enter")
                    sound = page.get_by_label("Sound *", exact=True)
                    started = time.perf_counter()
                    sound.select_option("")
                    page.wait_for_function(
                        "() => [...document.querySelectorAll('h2')]"
                        ".some((h) => h.textContent === '1 problem')",
                        timeout=10_000, polling="raf")
                    edits.append(time.perf_counter() - started)
                    # Put it back and let the builder save it: the next round opens the
                    # same valid route (and leaves no unsaved work behind).
                    sound.select_option("ringdesk/welcome")
                    page.wait_for_function(ready, timeout=10_000, polling="raf")
                    page.get_by_text("All changes saved").wait_for(timeout=10_000)
                browser.close()
        finally:
            server.stop()
    shell, everything = initial_javascript()
    print(f"{args.nodes}-node route, {args.rounds} rounds; medians")
    print(bench_line("builder_interactive", statistics.median(opens) * 1000, "ms",
                     api_open * 1000))
    print(bench_line("builder_edit_to_validation", statistics.median(edits) * 1000, "ms",
                     api_validate * 1000))
    print(bench_line("initial_js_gzip", shell / 1024, "KiB", everything / 1024))
    return 0
