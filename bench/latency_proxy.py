"""A TCP proxy on 127.0.0.1 that delivers every answer ``delay`` seconds after it came.

Stands in for the network between the archive and a remote object store: each
request/answer exchange through it costs at least one ``delay`` (a round trip),
while bytes keep flowing at full speed (the delay is a latency, not a bandwidth
limit). Requests go upstream at once.
"""

from __future__ import annotations

import queue
import socket
import threading
import time


class LatencyProxy:
    def __init__(self, upstream: tuple[str, int], delay: float):
        self.upstream, self.delay = upstream, delay
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, name="latency-proxy", daemon=True).start()

    def __enter__(self) -> "LatencyProxy":
        return self

    def __exit__(self, *exc) -> None:
        self._server.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return  # closed
            up = socket.create_connection(self.upstream)
            for s in (client, up):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            held: queue.Queue = queue.Queue()
            for target, args in ((self._forward, (client, up)), (self._read, (up, held)),
                                 (self._deliver, (held, client))):
                threading.Thread(target=target, args=args, daemon=True).start()

    @staticmethod
    def _forward(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _close(dst, src)

    def _read(self, src: socket.socket, held: queue.Queue) -> None:
        try:
            while data := src.recv(65536):
                held.put((time.monotonic() + self.delay, data))
        except OSError:
            pass
        finally:
            held.put((time.monotonic() + self.delay, b""))

    @staticmethod
    def _deliver(held: queue.Queue, dst: socket.socket) -> None:
        while True:
            due, data = held.get()
            time.sleep(max(0.0, due - time.monotonic()))
            if not data:
                break
            try:
                dst.sendall(data)
            except OSError:
                break
        _close(dst)


def _close(*socks: socket.socket) -> None:
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()
