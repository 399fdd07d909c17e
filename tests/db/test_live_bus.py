"""The live event bus over a real Redis: what one process publishes, another receives."""

from __future__ import annotations

import queue
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from ringdesk.callcenter.live.bus import InProcessBus, RedisBus
from tests.conftest import unavailable


class ThreadReactor:
    """Delivers on the bus's thread; the test reads from a thread-safe queue."""

    def callFromThread(self, function, *args):  # noqa: N802
        function(*args)


@pytest.fixture
def redis_url() -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        unavailable("redis-server is not installed (./dev test installs it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_messages_cross_processes_through_redis(redis_url):
    publisher = RedisBus(ThreadReactor(), redis_url)
    watcher = RedisBus(ThreadReactor(), redis_url)
    received: queue.Queue = queue.Queue()
    watcher.subscribe(received.put)
    publisher.start()
    watcher.start()
    try:
        time.sleep(0.3)  # subscribed before the first message
        for n in range(200):
            publisher.publish({"type": "call", "n": n})
        got = [received.get(timeout=5)["n"] for _ in range(200)]
        assert got == list(range(200))  # all of them, in order
    finally:
        publisher.stop()
        watcher.stop()


def test_in_process_bus_keeps_going_when_a_listener_fails():
    bus = InProcessBus()
    seen: list[dict] = []

    def broken(message: dict) -> None:
        raise RuntimeError("listener bug")

    bus.subscribe(broken)
    unsubscribe = bus.subscribe(seen.append)
    bus.publish({"type": "agent"})
    unsubscribe()
    bus.publish({"type": "agent"})
    assert seen == [{"type": "agent"}]
