"""One crawl run: ship the old spool, crawl in a child process, ship, summarise.

The crawl itself runs as a child process (``crawler.runner``) under a run id,
so Scrapy's reactor lives and dies with it and a scheduler can start many runs
from one long-lived process. While it runs, this process ships the files it
spools (closed WARCs, their indexes, metadata) into the store.
"""

from __future__ import annotations

import contextvars
import errno
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import structlog

from archive.catalog import Catalog, open_catalog
from archive.files import check_writable, is_disk_error
from archive.manifest import write_manifests
from archive.spool import Shipper, ShipResult, Spool
from archive.store import Store, StoreError, StoreUnavailable, open_store

from . import exits
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
    reasons: list[str] = field(default_factory=list)
    ended: str | None = None  # "timeout" | "stopped": why the crawl child was stopped

    def totals(self) -> dict[str, int]:
        return {c: sum(int(s.get(c, 0) or 0) for s in self.sources.values()) for c in COUNTERS}


def open_backends(settings: Settings) -> tuple[Catalog, Store, Spool, Shipper]:
    catalog = open_catalog(settings.catalog_url, settings.catalog_busy_timeout_s)
    store = open_store(settings.store_url, uploads=settings.ship_concurrency,
                       **settings.s3.store_options())
    spool = Spool(settings.spool_path, catalog)
    return catalog, store, spool, Shipper(spool, store, max_delay=settings.max_ship_backoff_s,
                                          concurrency=settings.ship_concurrency)


class _PeriodicShipper(threading.Thread):
    """Ships what the crawl child spools while it runs (backing off while the store is down)."""

    def __init__(self, shipper: Shipper, interval: float):
        super().__init__(name="shipper", daemon=True)
        self.shipper, self.interval = shipper, interval
        self.stop_event = threading.Event()
        self.result = ShipResult()
        self._context = contextvars.copy_context()  # log lines keep the run id

    def run(self) -> None:
        try:
            self._context.run(self.shipper.keep_shipping, self.stop_event, self.interval,
                              self.result)
        except Exception:  # noqa: BLE001 - the final drain after the crawl ships the rest
            self._context.run(log.exception, "shipping during the crawl stopped")


PROBLEMS = ("failed", "discovery_failed", "malformed_discovery", "malformed_page",
            "archive_error", "spider_exceptions", "backfill_incomplete")


def judge(rc: int, sources: list[str], per_source: dict[str, dict], backlog: dict,
          shipped: ShipResult | None = None, alert_age_s: float | None = None,
          disk_errors: list[str] | None = None) -> tuple[str, list[str], int]:
    """A run's status, why, and the exit code: never "ok" when a source saw nothing.

    ok / ok-spooled (finished; files wait in the spool) / degraded (finished,
    with failures that are logged, counted and retried next run) / failed (the
    crawl process failed, or a source could fetch no discovery document at
    all: for an unattended crawl that is an outage, exit code 3; the local disk
    refused writes: exit code 4; the store refused every upload: exit code 5).
    """
    reasons = list(disk_errors or [])
    for source in sources:
        n = int((per_source.get(source) or {}).get("storage_error", 0) or 0)
        if n:
            last = per_source[source].get("storage_error_last", "")
            reasons.append(f"{source}: {n} page(s) could not be written to local disk "
                           f"({last}); they stay pending")
    if reasons:
        return "failed", reasons, exits.LOCAL_STORAGE
    if shipped is not None and shipped.refused and not shipped.shipped:
        return "failed", [f"the store refused all {shipped.refused} upload(s); nothing was "
                          "stored"], exits.STORE
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
    if shipped is not None and shipped.refused:
        reasons.append(f"storage refused {shipped.refused} upload(s) (not a passing outage)")
    if backlog.get("quarantined"):
        reasons.append(f"{backlog['quarantined']} spooled file(s) could not be indexed and "
                       "were set aside (see `newsarchive status`)")
    age = backlog.get("oldest_age_s")
    if alert_age_s is not None and age is not None and age > alert_age_s:
        reasons.append(f"spool backlog {backlog['files']} file(s), oldest {age:.0f}s old")
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


def local_problem(settings: Settings) -> tuple[str, bool] | None:
    """(why, is it only full?) when the data or spool directory cannot take a file."""
    for what, directory in (("data directory", settings.data_dir),
                            ("spool directory", settings.spool_path)):
        try:
            check_writable(Path(directory))
        except OSError as e:
            return (f"{what} {directory} cannot take files: {exits.describe(e)}",
                    e.errno in (errno.ENOSPC, errno.EDQUOT))
    return None


def preflight(settings: Settings, store: Store) -> None:
    """Before crawling: can the spool and the data directory take files, and does the
    store accept ours? One-line errors. A full spool is not fatal yet (shipping the
    backlog may make room; the run checks again before crawling), nor is a passing
    store outage (files wait in the spool)."""
    problem = local_problem(settings)
    if problem and not problem[1]:
        raise exits.LocalStorageError(problem[0])
    try:
        store.check()
    except StoreUnavailable as e:
        log.warning("store unreachable before crawling; files will wait in the spool",
                    error=str(e))
    except StoreError as e:
        raise exits.StoreUnusable(f"store {store.url} is unusable: {e}") from None


def crawl(settings: Settings, sources: list[str], *, since: str | None = None,
          limit: int | None = None, stop: threading.Event | None = None) -> RunSummary:
    """One run. ``stop`` (the scheduler's shutdown): when set, the crawl child is asked to
    stop (SIGTERM: it finishes the record being written and closes its WARCs); what it
    closed is shipped and the run recorded as usual."""
    lock = _lock(settings.data_dir)
    try:
        return _crawl(settings, sources, since=since, limit=limit, lock=lock, stop=stop)
    finally:
        lock.close()


def _child_env() -> dict[str, str]:
    """The crawl child's environment: no storage credentials or settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "NEWSARCHIVE_S3__"))}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _run_child(cmd: list[str], lock, timeout: float,
               stop: threading.Event | None = None,
               grace: float = 10.0) -> tuple[int, str | None]:
    """Run the crawl child; it shares the run lock (and ends itself if this process dies:
    ``--parent-pid``). Its exit code, and why it was stopped: "timeout" (it ran past
    ``timeout``) or "stopped" (``stop`` was set: the scheduler got SIGTERM), else None."""
    proc = subprocess.Popen([*cmd, "--parent-pid", str(os.getpid())], env=_child_env(),
                            pass_fds=(lock.fileno(),))
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                return proc.wait(timeout=0.25), None
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() >= deadline:
                log.error("crawl exceeded its time limit; stopping it", seconds=timeout)
                return _stop_child(proc, grace), "timeout"
            if stop is not None and stop.is_set():
                log.warning("stopping the crawl: the service is shutting down")
                return _stop_child(proc, grace), "stopped"
    except BaseException:
        proc.terminate()
        proc.wait()
        raise


def _stop_child(proc: subprocess.Popen, grace: float) -> int:
    """SIGTERM: Scrapy closes its spiders and WARCs, but waits for requests in flight
    (a server that never answers holds it); after ``grace`` seconds a second SIGTERM
    makes Scrapy stop at once, then SIGKILL. A WARC left ``.open`` is salvaged by
    spool recovery (each capture is written whole, so nothing unreadable is left)."""
    for send, wait in ((proc.terminate, grace), (proc.terminate, 5.0)):
        send()
        try:
            return proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    proc.kill()
    return proc.wait()


def _crawl(settings: Settings, sources: list[str], *, since: str | None,
           limit: int | None, lock, stop: threading.Event | None = None) -> RunSummary:
    run_id = new_run_id()
    structlog.contextvars.bind_contextvars(run_id=run_id)
    catalog, store, spool, shipper = open_backends(settings)
    try:
        data_dir = str(Path(settings.data_dir).resolve())
        interrupted = catalog.fail_interrupted_runs(data_dir)  # we hold its lock
        if interrupted:
            log.warning("marked runs that were killed as failed", runs=interrupted)
        preflight(settings, store)
        catalog.start_run(run_id, sources, {"since": since, "limit": limit,
                                            "store": store.url, "data_dir": data_dir,
                                            "base_urls": settings.base_urls})
    except BaseException:
        catalog.close()
        raise
    try:
        return _run(settings, sources, since, limit, lock, run_id, catalog, store, spool,
                    shipper, stop)
    except BaseException as e:
        try:
            catalog.finish_run(run_id, "failed", {"reasons": [exits.describe(e)]})
        except Exception:  # noqa: BLE001 - the catalog may be what failed
            pass
        log.exception("run failed")
        raise
    finally:
        catalog.close()


def _crawl_child(settings, sources, since, limit, lock, run_id, shipper, shipped,
                 stop=None) -> tuple[int, str | None]:
    """Crawl in the child process while shipping what it spools; its exit code."""
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
        rc, ended = _run_child(cmd, lock, settings.crawl_timeout_s, stop,
                               settings.child_stop_grace_s)
    finally:
        periodic.stop_event.set()
        periodic.join()
        os.unlink(settings_file)
    shipped.add(periodic.result)
    return rc, ended


def _run(settings, sources, since, limit, lock, run_id, catalog, store, spool,
         shipper, stop=None) -> RunSummary:
    log.info("run started", sources=sources, store=store.url, since=since, limit=limit)
    disk_errors: list[str] = []  # the local disk refused a write: the run fails (exit 4)
    shipped = ShipResult()

    def step(what: str, fn, *args):
        """Run one step of the parent; a full or read-only disk is noted, never fatal."""
        try:
            return fn(*args)
        except Exception as e:
            if not (is_disk_error(e) or isinstance(e, OSError)):
                raise
            log.error(f"{what} failed; carrying on", error=exits.describe(e))
            disk_errors.append(f"{what}: {exits.describe(e)}")
            return None

    def recover():
        for problem in step("spool recovery", spool.recover) or []:
            disk_errors.append(f"spool recovery: {problem}")

    recover()
    try:
        aborted = store.abort_incomplete_uploads(settings.stale_upload_age_s)
        if aborted:
            log.warning("aborted unfinished uploads of killed runs", uploads=aborted)
    except StoreError as e:
        log.warning("could not clean unfinished uploads", error=str(e))
    backlog = spool.backlog()
    if backlog["files"]:
        log.info("shipping spool backlog from earlier runs", **backlog)
        # bounded (the periodic shipper carries on during the crawl) and stoppable
        until = time.monotonic() + settings.ship_deadline_s
        shipped.add(step("shipping the backlog", shipper.ship_pending, until, stop)
                    or ShipResult())

    problem = local_problem(settings)  # after the backlog went out: room to crawl?
    if problem:
        log.error("no room to crawl; not crawling", reason=problem[0])
        disk_errors.append(problem[0])
        rc, ended = 0, None
    else:
        rc, ended = _crawl_child(settings, sources, since, limit, lock, run_id, shipper,
                                 shipped, stop)

    recover()  # WARCs the child closed but could not index or register (disk full)
    step("writing manifests", write_manifests, catalog, spool, run_id)
    shipped.add(step("shipping", shipper.drain, settings.ship_deadline_s) or ShipResult())
    backlog = spool.backlog()
    if backlog["files"]:
        log.warning("files remain in the spool; they are shipped by the next run", **backlog)
    run = catalog.get_run(run_id) or {"stats": {}}
    per_source = run["stats"].get("sources", {})
    if ended == "stopped":  # asked to stop (scheduler shutdown): judge what it did
        rc = 0
    status, reasons, rc = judge(rc, sources, per_source, backlog, shipped,
                                settings.spool_alert_age_s, disk_errors)
    if ended == "timeout":  # i9-sched: the scheduler's alert reads "timed_out"
        status, rc = "failed", exits.CRAWL_FAILED
        reasons.insert(0, f"the crawl ran past its time limit ({settings.crawl_timeout_s:g}s)"
                          " and was stopped")
    elif ended == "stopped":
        status = "degraded" if status.startswith("ok") else status
        reasons.insert(0, "stopped early: the service was shutting down")
    summary = RunSummary(run_id, status, rc, per_source, shipped.shipped, backlog, reasons)
    summary.ended = ended
    recorded = len(disk_errors)
    step("recording the run in the catalog", catalog.finish_run, run_id, status,
         {"totals": summary.totals(), "exit_code": rc, "reasons": reasons,
         "timed_out": ended == "timeout", "stopped": ended == "stopped",
          "shipped": shipped.shipped, "refused": shipped.refused, "backlog": backlog})
    if len(disk_errors) > recorded:
        summary.status, summary.exit_code = "failed", exits.LOCAL_STORAGE
        summary.reasons.extend(disk_errors[recorded:])
    (log.info if status.startswith("ok") else log.error)(
        "run finished", status=status, reasons=reasons, **summary.totals())
    return summary
