"""Hold a source's lease ("source:<name>") in the catalog while its run lasts."""

from __future__ import annotations

import os
import socket
import threading

import structlog

log = structlog.get_logger("scheduler.leases")


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class SourceLease:
    """``with SourceLease(catalog, "sputnik", holder, ttl) as held:`` — ``held`` is False when
    another holder has the source; renewed every ttl/3 seconds while held."""

    def __init__(self, catalog, source: str, holder: str, ttl_s: float):
        self.catalog, self.name, self.holder, self.ttl_s = catalog, f"source:{source}", holder, ttl_s
        self.held = False
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> bool:
        self.held = self.catalog.acquire_lease(self.name, self.holder, self.ttl_s)
        if self.held:
            log.info("lease taken", lease=self.name, holder=self.holder, ttl_s=self.ttl_s)
            self._thread = threading.Thread(target=self._renew, name=f"lease-{self.name}",
                                            daemon=True)
            self._thread.start()
        return self.held

    def _renew(self) -> None:
        while not self._stop.wait(self.ttl_s / 3):
            try:
                ok = self.catalog.renew_lease(self.name, self.holder, self.ttl_s)
            except Exception as e:  # noqa: BLE001 - a passing catalog error; retried
                log.warning("could not renew lease", lease=self.name, error=str(e))
                continue
            if not ok:
                log.error("lease lost", lease=self.name, holder=self.holder)
                self.lost.set()
                return

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.held:
            try:
                self.catalog.release_lease(self.name, self.holder)
                log.info("lease released", lease=self.name, holder=self.holder)
            except Exception as e:  # noqa: BLE001 - it expires by itself
                log.warning("could not release lease", lease=self.name, error=str(e))
