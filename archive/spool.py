"""The local spool and the shipper that moves finished files into the store.

Every finished file (closed WARC, its CDXJ, metadata JSON, manifest) is first
written into the spool directory, at the path its object key names, and
registered in the catalog as ``spooled``. The shipper uploads it through the
store interface, which verifies the stored bytes against the file's SHA-256;
only then is the catalog entry marked ``stored`` and the local file deleted.
If the store is unreachable the file simply stays spooled: the crawl goes on,
and a later pass (same run, or the start of the next run) ships it.
"""

from __future__ import annotations

import contextvars
import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import structlog

from . import layout
from .catalog import Catalog
from .files import atomic_write, fsync_dir, is_disk_error
from .store import (IntegrityError, Store, StoredObject, StoreError, StoreUnavailable,
                    sha256_file)
from .warc.salvage import DamagedWarc, check_complete, salvage

log = structlog.get_logger("archive.spool")

CONTENT_TYPES = {
    "warc": "application/warc",
    "cdxj": "text/x-cdxj",
    "metadata": "application/json",
    "manifest": "application/x-ndjson",
}


@dataclass
class ShipResult:
    shipped: int = 0
    failed: int = 0  # attempts that failed, for any reason
    refused: int = 0  # of those, not a passing outage: refused, corrupted, unreadable
    pending: int = 0  # left spooled after the pass
    bytes: int = 0

    def add(self, other: "ShipResult") -> None:
        self.shipped += other.shipped
        self.failed += other.failed
        self.refused += other.refused
        self.bytes += other.bytes
        self.pending = other.pending


class Spool:
    """The directory of files waiting to be shipped, laid out by object key."""

    def __init__(self, root: str | os.PathLike, catalog: Catalog):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.catalog = catalog

    def spooled(self) -> list:
        """The catalog's spooled objects whose file is in this spool. A catalog shared by
        several machines (i9-twosched) lists the others' too: theirs are theirs to ship
        (their files are not here; on one host, shipping them would race their owner)."""
        roots = tuple({str(self.root) + os.sep, str(self.root.resolve()) + os.sep})
        return [e for e in self.catalog.objects(status="spooled")
                if e.local_path is None or str(e.local_path).startswith(roots)]

    def path_for(self, key: str) -> Path:
        p = self.root / key
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def add(self, key: str, kind: str, path: Path, *, records: int | None = None,
            source: str | None = None, run_id: str | None = None) -> str:
        """Register a finished file (already at ``path_for(key)``) for shipping."""
        digest = sha256_file(path)
        self.catalog.add_object(key, kind, local_path=str(path), sha256=digest,
                                size=path.stat().st_size, records=records, source=source,
                                run_id=run_id)
        return digest

    def add_bytes(self, key: str, kind: str, data: bytes, **kw) -> str:
        path = self.path_for(key)
        # written as ….open first: recover() drops such leftovers of a killed run
        atomic_write(path, data, tmp=path.with_name(path.name + ".open"))
        return self.add(key, kind, path, **kw)

    QUARANTINE = ".quarantine"

    @property
    def quarantine_dir(self) -> Path:
        """Files recovery could not make sense of, kept (never deleted) for a person."""
        return self.root / self.QUARANTINE

    def quarantined(self) -> list[tuple[str, int]]:
        """(path below the quarantine directory, bytes) of every file set aside."""
        q = self.quarantine_dir
        return sorted((p.relative_to(q).as_posix(), p.stat().st_size)
                      for p in q.rglob("*") if p.is_file()) if q.is_dir() else []

    def _quarantine(self, path: Path, why: str) -> None:
        dest = self.quarantine_dir / path.relative_to(self.root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, dest)
        fsync_dir(dest.parent)
        log.error("set aside a file recovery cannot index", path=str(path),
                  quarantined=str(dest), reason=why)

    def _files(self):
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and self.QUARANTINE not in path.relative_to(self.root).parts[:1]:
                yield path

    def recover(self) -> list[str]:
        """Put the spool in order after an interrupted run (call with the run lock held).

        A WARC left ``.open`` keeps its complete records (see ``warc.salvage``); a
        small file left ``.open`` is dropped (its run rewrites it); a finished file
        the catalog does not list (killed between rename and registration) is
        registered, with its CDXJ index made if missing; a file the catalog already
        has stored with the same content is deleted. A WARC that cannot be indexed
        (damaged, with records after the damage) is moved to the quarantine
        directory and recovery carries on. Returns the files that could not be
        recovered now (a full disk…); they are tried again next time.
        """
        spooled = {e.key for e in self.catalog.objects(status="spooled")}
        mine = {e.key for e in self.spooled()}
        errors = []
        for path in self._files():
            try:
                self._recover_one(path, spooled, mine)
            except DamagedWarc as e:
                self._quarantine(path, str(e))
            except Exception as e:  # noqa: BLE001 - one file never stops the others
                if is_disk_error(e) or isinstance(e, OSError):
                    log.error("could not recover a spooled file now", path=str(path),
                              error=f"{type(e).__name__}: {e}")
                    errors.append(f"{path.name}: {type(e).__name__}: {e}")
                else:
                    self._quarantine(path, f"{type(e).__name__}: {e}")
        return errors

    def _recover_one(self, path: Path, spooled: set[str], mine: set[str]) -> None:
        if path.name.endswith(".warc.gz.open"):
            final, records = salvage(path)
            log.warning("finished a WARC an interrupted run left open", path=str(path),
                        records=records, kept=bool(final))
            if final is None:
                path.unlink()
                return
            path = final
        elif path.name.endswith(".open") or path.name.startswith((".tmp-", ".probe-")):
            path.unlink()
            return
        key = path.relative_to(self.root).as_posix()
        if key in spooled:
            if key not in mine:  # another machine registered the key since (a manifest
                path.unlink()  # both rewrote): its file is the one the catalog ships
                log.info("dropped a file another machine's newer one replaced", key=key)
            return
        entry = self.catalog.get_object(key)
        digest = sha256_file(path)
        if entry and entry.status == "stored" and entry.sha256 == digest:
            path.unlink()  # shipped; the run died before deleting it
            return
        kind = layout.kind_of(key)
        records = None
        if kind == "warc":
            records = check_complete(path)
            index = layout.cdxj_key(key)
            if index not in spooled:
                from .warc.cdxj import index_warc  # cdxj-indexer (and pyamf) cost ~1 s to
                #                                    import: only when a WARC needs it
                self.add_bytes(index, "cdxj", index_warc(path))
                spooled.add(index)
        self.add(key, kind, path, records=records)
        spooled.add(key)
        log.warning("registered a finished file an interrupted run left", key=key)

    def backlog(self) -> dict:
        """Files, bytes and age of the oldest file still waiting to be shipped."""
        pending = self.spooled()
        oldest = min((e.created for e in pending), default=None)
        age = None
        if oldest:
            age = (datetime.now(timezone.utc) - datetime.fromisoformat(oldest)).total_seconds()
        return {"files": len(pending), "bytes": sum(e.size or 0 for e in pending),
                "oldest_age_s": age, "open_files": len(list(self.root.rglob("*.open"))),
                "quarantined": len(self.quarantined())}


class Shipper:
    """Uploads spooled objects with verification; deletes local copies after.

    Up to ``concurrency`` uploads run at once, in worker threads that do only the
    store's I/O (``put_file``, or ``head`` for a file already gone); the catalog
    bookkeeping, the deletion of the spooled file and the log lines stay in the
    calling thread, in the spool's order, so the catalog is never used from two
    threads at once.
    """

    def __init__(self, spool: Spool, store: Store, *, base_delay: float = 0.5,
                 max_delay: float = 30.0, concurrency: int = 1):
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        self.spool = spool
        self.store = store
        self.catalog = spool.catalog
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.concurrency = concurrency

    def ship_pending(self, until: float | None = None,
                     stop: threading.Event | None = None) -> ShipResult:
        """One pass over every spooled object; stops early when the store is down, at
        ``until`` (a ``time.monotonic()`` deadline) or once ``stop`` is set.

        Stopping means submitting no further uploads: those already in flight
        finish and are recorded like any other (stored, or left spooled).
        """
        result = ShipResult()
        pending = self.spool.spooled()
        down = threading.Event()  # set by a worker's StoreUnavailable: submit no more

        def note_down(fut: Future) -> None:
            if isinstance(fut.exception(), StoreUnavailable):
                down.set()

        inflight: deque[tuple[object, Future]] = deque()
        todo = iter(pending)
        stopped = False
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="ship") as pool:
            while True:
                while not stopped and len(inflight) < self.concurrency:
                    entry = next(todo, None)
                    if (entry is None or down.is_set() or (stop is not None and stop.is_set())
                            or (until is not None and time.monotonic() >= until)):
                        stopped = True
                        break
                    # each upload runs in a copy of this context: its log lines keep the run id
                    fut = pool.submit(contextvars.copy_context().run, self._upload, entry)
                    fut.add_done_callback(note_down)
                    inflight.append((entry, fut))
                if not inflight:
                    break
                entry, fut = inflight.popleft()
                if not self._settle(entry, fut, result, len(pending)):
                    stopped = True
        result.pending = len(pending) - result.shipped
        return result

    def _settle(self, entry, fut: Future, result: ShipResult, total: int) -> bool:
        """Record one finished upload (calling thread); False stops the pass."""
        try:
            self._record(entry, fut.result())
        except StoreUnavailable as e:
            self._note_attempt(entry, e)
            log.warning("store unavailable, file stays in spool", key=entry.key,
                        error=str(e), backlog=total - result.shipped)
            result.failed += 1
            return False
        except (IntegrityError, StoreError, OSError) as e:
            log.error("upload failed, file stays in spool", key=entry.key, error=str(e))
            result.failed += 1
            result.refused += 1
            self._note_attempt(entry, e)
            return True
        except Exception as e:  # noqa: BLE001
            if not is_disk_error(e):  # the catalog's disk is full: stop this pass
                raise
            log.error("catalog cannot record the upload; file stays in spool",
                      key=entry.key, error=str(e))
            result.failed += 1
            return False
        result.shipped += 1
        result.bytes += entry.size or 0
        return True

    def _note_attempt(self, entry, error: Exception) -> None:
        try:
            self.catalog.note_attempt(entry.key, str(error))
        except Exception as note:  # noqa: BLE001 - a full catalog disk
            if not is_disk_error(note):
                raise

    def _next_delay(self, delay: float, result: ShipResult, idle: float) -> float:
        """Back off (doubling, capped) while files stay pending; else the idle pace."""
        return min(delay * 2, self.max_delay) if result.pending else idle

    def drain(self, deadline_s: float = 60.0) -> ShipResult:
        """Ship until the spool is empty or ``deadline_s`` passes, backing off."""
        total = ShipResult()
        delay = self.base_delay
        end = time.monotonic() + deadline_s
        while True:
            r = self.ship_pending(until=end)
            total.add(r)
            if r.pending == 0 or time.monotonic() + delay > end:
                return total
            time.sleep(delay)
            delay = self._next_delay(delay, r, self.base_delay)

    def keep_shipping(self, stop, interval: float, total: ShipResult) -> None:
        """Ship every ``interval`` seconds (longer while failing) until ``stop`` is set."""
        delay = interval
        while not stop.wait(delay):
            r = self.ship_pending(stop=stop)
            total.add(r)
            delay = self._next_delay(delay, r, interval)

    def ship_one(self, entry) -> None:
        """Ship one spooled object now, in this thread (a WACZ built on demand); raises
        what an upload raises (StoreUnavailable while the store is down)."""
        self._record(entry, self._upload(entry))

    def _upload(self, entry) -> "_Upload":
        """The store I/O of one object (a worker thread): no catalog, no spool changes."""
        path = Path(entry.local_path) if entry.local_path else None
        if path is None or not path.exists():
            # Already uploaded by an earlier pass that died before bookkeeping?
            return _Upload(path, head=self.store.head(entry.key))
        metadata = {"sha256": entry.sha256, "kind": entry.kind}
        if entry.source:
            metadata["source"] = entry.source
        if entry.run_id:
            metadata["run-id"] = entry.run_id
        if entry.records is not None:
            metadata["records"] = str(entry.records)
        t0 = time.monotonic()
        obj = self.store.put_file(entry.key, path, sha256=entry.sha256, metadata=metadata,
                                  content_type=CONTENT_TYPES.get(entry.kind,
                                                                 "application/octet-stream"))
        return _Upload(path, stored=obj, seconds=time.monotonic() - t0)

    def _record(self, entry, up: "_Upload") -> None:
        """The bookkeeping of one upload (the calling thread)."""
        if up.stored is None:
            if up.head and up.head.sha256 == entry.sha256:
                self.catalog.mark_stored(entry.key, entry.sha256, up.head.size)
                return
            if self.catalog.get_object(entry.key).sha256 != entry.sha256:
                return  # replaced by a newer file meanwhile: the next pass ships that
            raise StoreError(f"spooled file missing for {entry.key}: {entry.local_path}")
        if not self.catalog.mark_stored(entry.key, entry.sha256, up.stored.size):
            # the file was rewritten while it was uploading; keep the new one spooled
            log.info("replaced while uploading; the newer file follows", key=entry.key)
            return
        up.path.unlink()
        log.info("stored", key=entry.key, bytes=up.stored.size, sha256=entry.sha256,
                 seconds=round(up.seconds, 3))


@dataclass
class _Upload:
    """What a worker's upload returned: the stored object, or (file gone) the store's head."""

    path: Path | None
    stored: StoredObject | None = None
    head: StoredObject | None = None
    seconds: float = 0.0
