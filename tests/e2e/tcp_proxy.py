"""A loopback TCP forwarder the tests can cut: a network failure between ringdesk and AMI."""

from __future__ import annotations

import selectors
import socket
import threading


class TcpProxy:
    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._listener: socket.socket | None = None
        self._stop = threading.Event()
        self.connections = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.resume()
        self._thread.start()

    def resume(self) -> None:
        """Accept connections (again)."""
        with self._lock:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(8)
            listener.setblocking(False)
            self._listener = listener

    def cut(self) -> None:
        """Drop every open connection and refuse new ones until resume()."""
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            for left, right in self._pairs:
                left.close()
                right.close()
            self._pairs = []

    def close(self) -> None:
        self._stop.set()
        self.cut()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                sockets = [s for pair in self._pairs for s in pair]
                listener = self._listener
            selector = selectors.DefaultSelector()
            for sock in [listener, *sockets] if listener is not None else sockets:
                try:
                    selector.register(sock, selectors.EVENT_READ)
                except (OSError, ValueError):
                    continue  # closed by cut() since the snapshot
            try:
                ready = selector.select(timeout=0.05)
            except (OSError, ValueError):
                ready = []
            for key, _ in ready:
                self._serve(key.fileobj)  # type: ignore[arg-type]
            selector.close()

    def _serve(self, sock: socket.socket) -> None:
        with self._lock:
            if sock is self._listener:
                try:
                    client, _ = sock.accept()
                    upstream = socket.create_connection(self.target)
                except OSError:
                    return
                self._pairs.append((client, upstream))
                self.connections += 1
                return
            for left, right in self._pairs:
                if sock in (left, right):
                    other = right if sock is left else left
                    try:
                        data = sock.recv(65536)
                        if data:
                            other.sendall(data)
                            return
                    except OSError:
                        pass
                    left.close()
                    right.close()
                    self._pairs.remove((left, right))
                    return
