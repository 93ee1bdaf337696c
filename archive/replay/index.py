"""The replay index: the store's CDXJ objects, copied into a local directory pywb reads.

Every WARC in the store has a CDXJ object beside it (``x.warc.gz`` → ``x.cdxj``,
:mod:`archive.layout`) whose ``filename`` is the WARC's own name. :class:`IndexSync`
copies each CDXJ object it has not copied yet into the index directory, with
``filename`` rewritten to the WARC's object key, so pywb finds every WARC below one
archive path: the store root (a directory) or ``s3://BUCKET/PREFIX/``.

* **Only new objects.** The store is listed as a stream, never collected whole; the
  keys already copied (and their sizes) are kept in ``synced.tsv`` (append-only), so
  a restart copies nothing twice. A CDXJ object is copied only once its WARC is in
  the store too (the shipper may store them in either order).
* **Cheap cycles.** A cycle lists only the day directories of the last two days
  (UTC) of each source, where new WARCs land; a full listing runs at start-up and
  every ``full_scan_s`` seconds, for WARCs shipped late from a spool backlog.
* **Few files, atomic views.** Each copied object becomes a sorted level-0 file;
  ``FANOUT`` files of one level are merged (streaming, ``heapq.merge``) into one of
  the next level, so a query opens at most ``FANOUT`` files per level. pywb reads the
  set of files named in ``ACTIVE`` (replaced atomically), so a query never sees a
  file twice nor misses one mid-merge; superseded files are deleted a grace period
  later (a query that had listed them may still be opening them).
* A CDXJ object whose size changed (rewritten in the store), or another store than
  the one the directory was built from, makes the index start over.
"""

from __future__ import annotations

import fcntl
import heapq
import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Iterator

import structlog

from .. import layout
from ..files import atomic_write
from ..store import Store, StoredObject

log = structlog.get_logger("archive.replay")

FANOUT = 16
GRACE_S = 120.0  # superseded index files stay this long for queries in flight
ACTIVE = "ACTIVE"  # names of the files pywb reads, one a line
FILES_DIR = "cdxj"
SYNCED = "synced.tsv"
STATUS = "status.json"
STORE_FILE = "store.txt"
LOCK = ".lock"


class IndexBusy(RuntimeError):
    """Another replay process keeps this index directory."""


@dataclass
class SyncResult:
    objects: int = 0  # CDXJ objects copied this cycle
    lines: int = 0
    waiting: int = 0  # CDXJ objects whose WARC is not in the store yet
    full: bool = False
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def warc_key_for(cdxj_key: str) -> str:
    return cdxj_key.removesuffix(".cdxj") + ".warc.gz"


def rewrite_line(line: bytes, filename: str) -> bytes:
    """A CDXJ line with its ``filename`` set to ``filename`` (the WARC's object key)."""
    line = line.rstrip(b"\r\n")
    head, sep, doc = line.partition(b" {")
    if not sep:
        return line + b"\n"
    fields = json.loads(b"{" + doc)
    if "filename" in fields:
        fields["filename"] = filename
    return head + b" " + json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n"


def merge_sorted(paths: Iterable[Path]) -> Iterator[bytes]:
    """The lines of sorted CDXJ files in one sorted stream (streaming, ``heapq.merge``);
    a line in several files (the same capture indexed twice) comes once."""
    handles = [open(p, "rb") for p in paths]
    try:
        last = None
        for line in heapq.merge(*handles):
            if line != last:
                yield line
            last = line
    finally:
        for h in handles:
            h.close()


class IndexDir:
    """The files of the replay index and the ``ACTIVE`` list pywb reads."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.files = self.root / FILES_DIR
        self.files.mkdir(parents=True, exist_ok=True)
        self._retired: list[tuple[float, str]] = []
        self._seq = int(time.time() * 1000)

    def active(self) -> list[str]:
        return [p.name for p in read_active(self.root)]

    def publish(self, names: list[str]) -> None:
        old = set(self.active())
        atomic_write(self.root / ACTIVE, "".join(n + "\n" for n in names).encode())
        now = time.monotonic()
        self._retired += [(now, n) for n in old - set(names)]

    def collect(self, grace_s: float = GRACE_S) -> None:
        """Delete superseded files once no query can still be about to open them."""
        now, keep = time.monotonic(), []
        for when, name in self._retired:
            if now - when >= grace_s:
                (self.files / name).unlink(missing_ok=True)
            else:
                keep.append((when, name))
        self._retired = keep

    def clean(self) -> None:
        """At start-up, before pywb runs: drop files no view names (a killed merge's)."""
        names = set(self.active())
        for p in self.files.iterdir():
            if p.name not in names:
                p.unlink()

    def new_name(self, level: int) -> str:
        self._seq += 1
        return f"L{level}-{self._seq}.cdxj"

    def write(self, level: int, lines: Iterable[bytes]) -> tuple[str, int]:
        name = self.new_name(level)
        tmp = self.files / (name + ".tmp")
        n = 0
        with open(tmp, "wb") as out:
            for line in lines:
                out.write(line)
                n += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.files / name)
        return name, n

    def compact(self, names: list[str]) -> list[str]:
        """Merge every FANOUT files of one level into one file of the next level."""
        names = list(names)
        while True:
            levels: dict[int, list[str]] = {}
            for n in names:
                levels.setdefault(int(n[1:].split("-", 1)[0]), []).append(n)
            full = sorted(lv for lv, ns in levels.items() if len(ns) >= FANOUT)
            if not full:
                return names
            level = full[0]
            group = sorted(levels[level])[:FANOUT]
            merged, _ = self.write(level + 1, merge_sorted(self.files / n for n in group))
            names = [n for n in names if n not in group] + [merged]
            published = set(self.active())
            for n in group:  # never shown to pywb: no query can be reading it
                if n not in published:
                    (self.files / n).unlink(missing_ok=True)


    def reset(self) -> None:
        for n in self.active():
            self._retired.append((time.monotonic(), n))
        atomic_write(self.root / ACTIVE, b"")
        (self.root / SYNCED).unlink(missing_ok=True)


class IndexSync:
    """Keeps ``index_dir`` current with the CDXJ objects of ``store``."""

    def __init__(self, store: Store, index_dir: str | os.PathLike, *,
                 full_scan_s: float = 3600.0, recent_days: int = 2,
                 sources: Iterable[str] = ()):
        self.store = store
        self.root = Path(index_dir).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.root / LOCK, "a")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise IndexBusy(f"another replay keeps the index directory {self.root}") from None
        self.dir = IndexDir(self.root)
        self.full_scan_s = full_scan_s
        self.recent_days = recent_days
        self.sources: set[str] = set(sources)
        self._last_full = 0.0
        self.synced: dict[str, int] = {}
        self.initial_done = False
        if self._store_changed():
            log.info("index built from another store; starting over", index=str(self.root))
            self.dir.reset()
        self.dir.clean()
        self._load_synced()
        atomic_write(self.root / STORE_FILE, (store.url + "\n").encode())

    # -- state ----------------------------------------------------------------------
    def _store_changed(self) -> bool:
        try:
            return (self.root / STORE_FILE).read_text().strip() != self.store.url
        except FileNotFoundError:
            return bool(self.dir.active())

    def _load_synced(self) -> None:
        self.synced = {}
        try:
            with open(self.root / SYNCED, encoding="utf-8") as f:
                for line in f:
                    key, _, size = line.rstrip("\n").partition("\t")
                    if key and size.isdigit():
                        self.synced[key] = int(size)
                        self.sources.add(key.split("/")[1])
        except FileNotFoundError:
            pass

    def _note_synced(self, objs: list[StoredObject]) -> None:
        with open(self.root / SYNCED, "a", encoding="utf-8") as f:
            f.write("".join(f"{o.key}\t{o.size}\n" for o in objs))
            f.flush()
            os.fsync(f.fileno())
        for o in objs:
            self.synced[o.key] = o.size

    def close(self) -> None:
        self._lock.close()

    # -- one cycle ---------------------------------------------------------------------
    def sync_once(self, *, full: bool | None = None) -> SyncResult:
        t0 = time.monotonic()
        if full is None:
            full = not self.initial_done or t0 - self._last_full >= self.full_scan_s
        result = SyncResult(full=full)
        prefixes = ["warcs/"] if full else self._recent_prefixes()
        for prefix in prefixes:
            self._sync_listing(self.store.list(prefix), result)
        if full:
            self._last_full = t0
        self.dir.collect()
        result.seconds = round(time.monotonic() - t0, 3)
        self.initial_done = True
        self.write_status(ok=True, result=result)
        return result

    def _recent_prefixes(self) -> list[str]:
        today = datetime.now(timezone.utc)
        days = [today - timedelta(days=i) for i in range(self.recent_days - 1, -1, -1)]
        return [f"warcs/{s}/{d:%Y}/{d:%m}/{d:%d}/" for s in sorted(self.sources) for d in days]

    def _sync_listing(self, listing: Iterator[StoredObject], result: SyncResult) -> None:
        """Stream the listing one directory (a source's day) at a time."""
        current, batch = None, []
        for obj in listing:
            folder = obj.key.rpartition("/")[0]
            if folder != current and batch:
                self._sync_folder(batch, result)
                batch = []
            current = folder
            if obj.key.endswith((".cdxj", ".warc.gz")):
                batch.append(obj)
        if batch:
            self._sync_folder(batch, result)

    def _sync_folder(self, objs: list[StoredObject], result: SyncResult) -> None:
        warcs = {o.key for o in objs if o.key.endswith(".warc.gz")}
        todo = []
        for o in objs:
            if not o.key.endswith(".cdxj"):
                continue
            parts = o.key.split("/")
            if len(parts) > 2:
                self.sources.add(parts[1])
            known = self.synced.get(o.key)
            if known == o.size:
                continue
            if known is not None:  # rewritten in the store: its old lines are stale
                log.warning("CDXJ object changed in the store; rebuilding the index",
                            key=o.key)
                self.dir.reset()
                self.synced = {}
                self._last_full = 0.0
            if warc_key_for(o.key) not in warcs:
                result.waiting += 1
                continue
            todo.append(o)
        if not todo:
            return
        names = self.dir.active()
        done = []
        for o in todo:
            name, n = self.dir.write(0, self._lines(o))
            names.append(name)
            names = self.dir.compact(names)
            done.append(o)
            result.objects += 1
            result.lines += n
        self.dir.publish(names)  # first what pywb reads, then what we remember
        self._note_synced(done)
        log.info("replay index updated", folder=todo[0].key.rpartition("/")[0],
                 objects=len(done), files=len(names))

    def _lines(self, obj: StoredObject) -> Iterator[bytes]:
        warc = warc_key_for(obj.key)
        with self.store.open(obj.key) as stream:
            for line in stream:
                if line.strip():
                    yield rewrite_line(line, warc)

    # -- status (read by the replay server's /healthz) ------------------------------------
    def write_status(self, *, ok: bool, result: SyncResult | None = None,
                     error: str | None = None) -> None:
        path = self.root / STATUS
        try:
            status = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            status = {}
        now = time.time()
        status.update({"store": self.store.url, "initial_sync_done": self.initial_done,
                       "synced_objects": len(self.synced), "index_files": len(self.dir.active()),
                       "last_attempt": now})
        if ok:
            status.update({"last_ok": now, "last_error": None})
            if result is not None:
                status["last_result"] = {"objects": result.objects, "lines": result.lines,
                                         "waiting": result.waiting, "full": result.full,
                                         "seconds": result.seconds}
        else:
            status["last_error"] = error
        atomic_write(path, json.dumps(status, sort_keys=True).encode())


def read_active(index_dir: str | os.PathLike) -> list[Path]:
    """The index files pywb should read now (used by the replay server)."""
    root = Path(index_dir)
    try:
        text = (root / ACTIVE).read_text()
    except FileNotFoundError:
        return []
    return [root / FILES_DIR / n for n in text.splitlines() if n]
