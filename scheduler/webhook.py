"""Alert events POSTed as JSON to the operators' webhook, none lost to a receiver that is
down for a while.

An event the receiver does not take (no connection, a timeout, a 5xx, 408 or 429) is
kept and sent again, oldest first and before any newer one, each time the service sends
or flushes (the scheduler flushes at every alert evaluation: after each run and every
15 s). At most ``keep`` events wait; past that the oldest is dropped, logged as an error.
An event the receiver refuses for good (any other 4xx) is dropped at once, logged as an
error: sending it again would not change the answer.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import deque

import structlog

log = structlog.get_logger("scheduler.webhook")

RETRY_STATUSES = (408, 429)  # 4xx answers worth asking again


class Webhook:
    def __init__(self, url: str, timeout_s: float = 5.0, keep: int = 100, metrics=None):
        self.url, self.timeout_s, self.keep, self.metrics = url, timeout_s, keep, metrics
        self.pending: deque[bytes] = deque()
        self.delivered = self.failures = self.dropped = 0
        self._lock = threading.Lock()

    def send(self, event: dict | None = None) -> None:
        """Queue ``event`` (if any) and deliver what waits, in order, until the receiver
        fails; what it did not take stays queued for the next call."""
        with self._lock:
            if event is not None:
                if len(self.pending) >= self.keep:
                    self.pending.popleft()
                    self._drop("alert webhook backlog full; the oldest event is dropped")
                self.pending.append(json.dumps(event, default=str).encode())
            while self.pending:
                try:
                    self._post(self.pending[0])
                except urllib.error.HTTPError as e:
                    if 400 <= e.code < 500 and e.code not in RETRY_STATUSES:
                        self.pending.popleft()
                        self._drop("alert webhook refused the event; dropped", status=e.code)
                        continue
                    self._failed(e)
                    break
                except Exception as e:  # noqa: BLE001 - unreachable, timeout, reset…
                    self._failed(e)
                    break
                self.pending.popleft()
                self.delivered += 1
            if self.metrics is not None:
                self.metrics.webhook_pending.set(len(self.pending))

    def _post(self, body: bytes) -> None:
        req = urllib.request.Request(self.url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:
            resp.read()

    def _failed(self, e: Exception) -> None:
        self.failures += 1
        if self.metrics is not None:
            self.metrics.webhook_failures.inc()
        log.warning("alert webhook failed; the event is kept and sent again", url=self.url,
                    error=str(e), pending=len(self.pending))

    def _drop(self, message: str, **fields) -> None:
        self.dropped += 1
        if self.metrics is not None:
            self.metrics.webhook_dropped.inc()
        log.error(message, url=self.url, **fields)
