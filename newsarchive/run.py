"""One crawl run: ship the old spool, crawl in a child process, ship, summarise.

The crawl itself runs as a child process (``crawler.runner``) under a run id,
so Scrapy's reactor lives and dies with it and a scheduler can start many runs
from one long-lived process. While it runs, this process ships the files it
spools (closed WARCs, their indexes, metadata) into the store.
"""

from __future__ import annotations

import contextvars
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import structlog

from archive import layout
from archive.catalog import Catalog, open_catalog
from archive.manifest import write_manifests
from archive.spool import Shipper, Spool
from archive.store import Store, open_store, sha256_file
from archive.warc.cdxj import index_warc
from archive.warc.salvage import salvage

from .config import S3Options, Settings

log = structlog.get_logger("newsarchive.run")

COUNTERS = ("discovered", "new", "relevant", "archived", "irrelevant", "failed",
            "already_seen", "malformed_discovery", "malformed_page", "discovery_unchanged")


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@dataclass
class RunSummary:
    run_id: str
    status: str
    exit_code: int
    sources: dict[str, dict] = field(default_factory=dict)
    shipped: int = 0
    backlog: dict = field(default_factory=dict)

    def totals(self) -> dict[str, int]:
        return {c: sum(int(s.get(c, 0) or 0) for s in self.sources.values()) for c in COUNTERS}


def open_backends(settings: Settings) -> tuple[Catalog, Store, Spool, Shipper]:
    catalog = open_catalog(settings.catalog_url)
    store = open_store(settings.store_url, **settings.s3.store_options()) \
        if settings.store_url.startswith("s3://") else open_store(settings.store_url)
    spool = Spool(settings.spool_path, catalog)
    return catalog, store, spool, Shipper(spool, store)


def recover_spool(spool: Spool) -> None:
    """Register finished files a crashed run left unregistered; report ``.open`` leftovers."""
    known = {e.key for e in spool.catalog.objects(status="spooled")}
    for path in sorted(spool.root.rglob("*")):
        if not path.is_file():
            continue
        key = path.relative_to(spool.root).as_posix()
        if path.name.endswith(".warc.gz.open"):
            final, records = salvage(path)
            log.warning("finished a WARC an interrupted run left open", path=str(path),
                        records=records, kept=bool(final))
            if final is None:
                path.unlink()
                continue
            path = final
            key = path.relative_to(spool.root).as_posix()
            spool.add_bytes(layout.cdxj_key(key), "cdxj", index_warc(path))
            spool.add(key, "warc", path, records=records)
            continue
        if path.name.endswith(".open"):
            path.unlink()  # a small file (metadata, manifest) cut short: rewritten by its run
            continue
        if key in known:
            continue
        entry = spool.catalog.get_object(key)
        if entry is None or entry.sha256 != sha256_file(path):
            kind = "warc" if key.endswith(".warc.gz") else key.split("/", 1)[0].rstrip("s")
            if key.endswith(".cdxj"):
                kind = "cdxj"
            spool.add(key, kind, path)
            log.warning("recovered unregistered spool file", key=key)


class _PeriodicShipper(threading.Thread):
    def __init__(self, shipper: Shipper, interval: float):
        super().__init__(name="shipper", daemon=True)
        self.shipper, self.interval = shipper, interval
        self.stop_event = threading.Event()
        self.shipped = 0
        self._context = contextvars.copy_context()  # log lines keep the run id

    def run(self) -> None:
        self._context.run(self._loop)

    def _loop(self) -> None:
        delay = self.interval
        while not self.stop_event.wait(delay):
            result = self.shipper.ship_pending()
            self.shipped += result.shipped
            # back off while the store refuses; come back to the normal pace after
            delay = min(delay * 2, 300) if result.pending else self.interval


PROBLEMS = ("failed", "discovery_failed", "malformed_discovery", "malformed_page")


def judge(rc: int, sources: list[str], per_source: dict[str, dict],
          backlog: dict) -> tuple[str, list[str], int]:
    """A run's status, why, and the exit code: never "ok" when a source saw nothing.

    ok / ok-spooled (finished; files wait in the spool) / degraded (finished,
    with failures that are logged, counted and retried next run) / failed (the
    crawl process failed, or a source could fetch no discovery document at
    all: for an unattended crawl that is an outage, exit code 3).
    """
    reasons = []
    if rc != 0:
        return "failed", [f"crawl process exited with {rc}"], rc
    for source in sources:
        stats = per_source.get(source)
        if stats is None:
            reasons.append(f"{source}: no statistics recorded")
        elif not (stats.get("discovery_fetched", 0) or stats.get("discovery_unchanged", 0)):
            reasons.append(f"{source}: no feed, sitemap or listing could be fetched")
    if reasons:
        return "failed", reasons, 3
    for source in sources:
        n = {k: int(per_source[source].get(k, 0) or 0) for k in PROBLEMS}
        if any(n.values()):
            reasons.append(f"{source}: " + ", ".join(f"{k}={v}" for k, v in n.items() if v))
    if reasons:
        return "degraded", reasons, 0
    return ("ok-spooled" if backlog["files"] else "ok"), [], 0


class RunLocked(RuntimeError):
    pass


def _lock(data_dir: Path):
    """One crawl at a time per data directory (the scheduler and a person may both try)."""
    import fcntl

    data_dir.mkdir(parents=True, exist_ok=True)
    fh = open(data_dir / "crawl.lock", "w")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise RunLocked(f"another crawl is running on {data_dir}") from None
    return fh


def crawl(settings: Settings, sources: list[str], *, since: str | None = None,
          limit: int | None = None) -> RunSummary:
    lock = _lock(settings.data_dir)
    try:
        return _crawl(settings, sources, since=since, limit=limit)
    finally:
        lock.close()


def _crawl(settings: Settings, sources: list[str], *, since: str | None,
           limit: int | None) -> RunSummary:
    run_id = new_run_id()
    structlog.contextvars.bind_contextvars(run_id=run_id)
    catalog, store, spool, shipper = open_backends(settings)
    catalog.start_run(run_id, sources, {"since": since, "limit": limit,
                                        "store": store.url, "base_urls": settings.base_urls})
    log.info("run started", sources=sources, store=store.url, since=since, limit=limit)
    recover_spool(spool)
    backlog = spool.backlog()
    if backlog["files"]:
        log.info("shipping spool backlog from earlier runs", **backlog)
        shipper.ship_pending()

    # The crawl child never touches the store: it gets no storage credentials.
    child_settings = settings.model_copy(update={"s3": S3Options()})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(child_settings.model_dump(mode="json"), f)
        settings_file = f.name
    cmd = [sys.executable, "-m", "crawler.runner", "--settings", settings_file,
           "--run-id", run_id]
    if since:
        cmd += ["--since", since]
    if limit:
        cmd += ["--limit", str(limit)]
    cmd += sources
    periodic = _PeriodicShipper(shipper, settings.ship_interval_s)
    periodic.start()
    try:
        rc = subprocess.call(cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    finally:
        periodic.stop_event.set()
        periodic.join()
        os.unlink(settings_file)

    write_manifests(catalog, spool, run_id)
    final = shipper.drain(settings.ship_deadline_s)
    backlog = spool.backlog()
    if backlog["files"]:
        log.warning("files remain in the spool; they are shipped by the next run", **backlog)
    run = catalog.get_run(run_id) or {"stats": {}}
    per_source = run["stats"].get("sources", {})
    status, reasons, rc = judge(rc, sources, per_source, backlog)
    summary = RunSummary(run_id, status, rc, per_source, periodic.shipped + final.shipped,
                         backlog)
    catalog.finish_run(run_id, status, {"totals": summary.totals(), "exit_code": rc,
                                        "reasons": reasons, "shipped": summary.shipped,
                                        "backlog": backlog})
    (log.info if status.startswith("ok") else log.error)(
        "run finished", status=status, reasons=reasons, **summary.totals())
    catalog.close()
    return summary
