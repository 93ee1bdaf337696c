"""The scheduler service: one APScheduler job per source in a persistent job store,
runs as child processes (newsarchive.run.crawl), source leases, signals, health.

Runs of one service are serialised (a lock; a worker thread per source, so a
job waits for the lock rather than in the pool's queue, where its misfire grace
would run out behind a long run of another source and starve it): every run of
a data directory takes its run lock, so runs of different sources queue behind
each other instead of colliding on it; ``max_instances=1`` keeps a source from
queueing twice, and the source lease ("source:<name>" in the catalog) keeps two
services sharing a catalog from running one source at once.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from datetime import datetime, timezone

import structlog
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from newsarchive.config import Settings

from . import alerts as rules
from .alerts import Alerter
from .history import History
from .leases import SourceLease, default_holder
from .metrics import Metrics
from .triggers import build_trigger, interval_s, trigger_spec

log = structlog.get_logger("scheduler")

_SERVICE: "Service | None" = None  # the running service: stored jobs name run_job by reference


def run_job(source: str) -> str:
    """The job every stored schedule names (a text reference survives restarts)."""
    if _SERVICE is None:
        raise RuntimeError("no scheduler service is running")
    return _SERVICE.run_source(source)


def sqlalchemy_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the one PostgreSQL driver installed)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def run_summary(settings: Settings, sources: list[str], stop: threading.Event | None = None):
    """One run; its summary, or None when it could not start (logged, never raised)."""
    from newsarchive.exits import CommandError
    from newsarchive.run import RunLocked, crawl

    try:
        summary = crawl(settings, sources, stop=stop)
    except RunLocked as e:
        log.warning("scheduled run skipped", reason=str(e))
        return None
    except CommandError as e:  # store or disk unusable: one line, tried again next time
        log.error("scheduled run not started", reason=str(e), exit_code=e.exit_code)
        return None
    except Exception:
        log.exception("scheduled run crashed")
        return None
    if summary.status != "ok":
        log.error("scheduled run did not finish cleanly", run_id=summary.run_id,
                  status=summary.status, reasons=summary.reasons, **summary.totals())
    return summary


def run_once(settings: Settings, sources: list[str]) -> str:
    summary = run_summary(settings, sources)
    return summary.status if summary is not None else "failed"


class Service:
    def __init__(self, settings: Settings, sources: list[str]):
        from archive.catalog import open_catalog
        from archive.spool import Spool
        from archive.store import open_store

        self.settings, self.sources = settings, list(sources)
        self.schedule = settings.schedule
        self.catalog = open_catalog(settings.catalog_url, settings.catalog_busy_timeout_s)
        self.store = open_store(settings.store_url, **settings.s3.store_options())
        self.spool = Spool(settings.spool_path, self.catalog)
        self.holder = self.schedule.holder or default_holder()
        self.stop_event = threading.Event()
        self._run_lock = threading.Lock()
        self.metrics = Metrics(backlog_fn=self.spool.backlog)
        self.alerter = Alerter(self.metrics, self.schedule.alerts.webhook_url,
                               self.schedule.alerts.webhook_timeout_s)
        self.history = History(self.catalog)
        self.started = datetime.now(timezone.utc)
        self.beat = time.monotonic()
        self._last_eval = 0.0
        self._backlogs: list[int] = []
        self.specs = {s: trigger_spec(self.schedule, s) for s in self.sources
                      if (self.schedule.sources.get(s) is None
                          or self.schedule.sources[s].enabled)}
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(
                url=sqlalchemy_url(settings.jobstore_url),
                # a pooled connection the database server dropped (restart, failover) is
                # replaced when taken, not found dead by the scheduler's next query
                engine_options={"pool_pre_ping": True}),
                "local": MemoryJobStore()},
            # a worker per source, runs serialised by the run lock: a source's job waits
            # for the lock, not in the pool's queue, where the misfire grace would count
            # its wait and drop it as missed behind every longer run of another source
            executors={"default": ThreadPoolExecutor(max(1, len(self.specs))),
                       "beat": ThreadPoolExecutor(1)},
            timezone="UTC")
        self.http = None

    # -- lifecycle ---------------------------------------------------------------
    def start(self, listen: str | None = None) -> "Service":
        global _SERVICE
        _SERVICE = self
        for v in self._seed_history():
            if v.succeeded and v.finished:
                self.metrics.last_success.labels(v.source).set(v.finished.timestamp())
        self.scheduler.start(paused=True)
        self.sync_jobs()
        beat = min(5.0, self.schedule.stuck_after_s / 4)
        self.scheduler.add_job(self._heartbeat, "interval", seconds=beat, id="heartbeat",
                               jobstore="local", executor="beat", coalesce=True,
                               max_instances=1, next_run_time=datetime.now(timezone.utc))
        self.scheduler.resume()
        if listen:
            from .http import HealthServer

            self.http = HealthServer(listen, self.health, self.ready,
                                     self.metrics.registry).start()
        log.info("scheduler started", sources=list(self.specs), holder=self.holder,
                 jobstore=_safe_url(self.settings.jobstore_url), listen=listen)
        return self

    def sync_jobs(self) -> None:
        """Make the stored jobs match the settings: a job whose trigger is unchanged keeps
        its stored next run time (a restart neither skips nor repeats a run)."""
        wanted = {f"crawl:{s}": s for s in self.specs}
        for job in self.scheduler.get_jobs(jobstore="default"):
            if job.id not in wanted:
                log.info("schedule removed", job=job.id)
                job.remove()
        now = datetime.now(timezone.utc)
        for job_id, source in wanted.items():
            spec = self.specs[source]
            name = f"{source} {json.dumps(spec, sort_keys=True)}"
            job = self.scheduler.get_job(job_id, jobstore="default")
            if job is not None and job.name == name:
                continue
            extra = {"next_run_time": now} if "every_minutes" in spec else {}
            self.scheduler.add_job(
                "scheduler.service:run_job", trigger=build_trigger(spec), args=[source],
                id=job_id, name=name, jobstore="default", replace_existing=True,
                max_instances=1, coalesce=True,
                misfire_grace_time=int(self.schedule.misfire_grace_s), **extra)
            log.info("schedule set", source=source, **spec)

    def shutdown(self) -> None:
        """Stop: the run in progress stops its crawl child, ships and is recorded."""
        global _SERVICE
        self.stop_event.set()
        self.scheduler.shutdown(wait=True)
        if self.http is not None:
            self.http.stop()
        self.catalog.close()
        if _SERVICE is self:
            _SERVICE = None
        log.info("scheduler stopped")

    # -- runs --------------------------------------------------------------------
    def run_source(self, source: str) -> str:
        if self.stop_event.is_set():
            return "skipped"
        with self._run_lock:
            if self.stop_event.is_set():  # stopped while waiting for the other runs
                return "skipped"
            lease = SourceLease(self.catalog, source, self.holder, self.schedule.lease_ttl_s)
            with lease as held:
                if not held:
                    log.info("source is running elsewhere; skipped", source=source,
                             holder=(self.catalog.lease_holder(f"source:{source}") or {})
                             .get("holder"))
                    return "skipped"
                structlog.contextvars.bind_contextvars(source=source)
                try:
                    summary = run_summary(self.settings, [source], self.stop_event)
                finally:
                    structlog.contextvars.unbind_contextvars("source", "run_id")
        if summary is None:
            return "failed"
        run = self.catalog.get_run(summary.run_id)
        if run is not None:
            self.metrics.record_run(self.history.view(run, source))
        self._backlogs.append(int(summary.backlog.get("files", 0) or 0))
        self.evaluate()
        return summary.status

    # -- alerts ------------------------------------------------------------------
    def _seed_history(self):
        out = []
        for s in self.specs:
            out.extend(self.history.runs(s, self.schedule.alerts.history_runs))
        return out

    def evaluate(self) -> list:
        """Run every alert rule over the history; the newly raised alerts."""
        a = self.schedule.alerts
        now = datetime.now(timezone.utc)
        seen = []
        for source, spec in self.specs.items():
            runs = self.history.runs(source, a.history_runs)
            seen += rules.source_alerts(source, runs, a, now, interval_s(spec), self.started,
                                        self.history.last_new(source))
        seen += rules.spool_growing(self._backlogs, a.spool_growth_runs)
        self._last_eval = time.monotonic()
        return self.alerter.update(seen)

    # -- health ------------------------------------------------------------------
    def _heartbeat(self) -> None:
        self.beat = time.monotonic()
        for source in self.specs:
            job = self.scheduler.get_job(f"crawl:{source}", jobstore="default")
            if job is not None and job.next_run_time is not None:
                self.metrics.next_run.labels(source).set(job.next_run_time.timestamp())
        if time.monotonic() - self._last_eval > 15:
            try:
                self.evaluate()
            except Exception:  # noqa: BLE001 - a catalog hiccup; /readyz reports it
                log.exception("alert evaluation failed")

    def health(self) -> tuple[bool, str]:
        thread = getattr(self.scheduler, "_thread", None)
        if thread is None or not thread.is_alive():
            return False, "scheduler thread is not running"
        silent = time.monotonic() - self.beat
        if silent > self.schedule.stuck_after_s:
            return False, f"scheduler loop silent for {silent:.0f}s"
        return True, "ok"

    def ready(self) -> tuple[bool, str]:
        from archive.store import StoreError

        try:
            self.catalog.runs(1)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            return False, f"catalog unreachable: {type(e).__name__}: {e}"
        try:
            self.store.check()
        except StoreError as e:
            return False, f"store unreachable: {e}"
        except OSError as e:
            return False, f"store unusable: {type(e).__name__}: {e}"
        return True, "ok"


def _safe_url(url: str) -> str:
    """A database URL without its password."""
    head, sep, tail = url.partition("://")
    if sep and "@" in tail:
        creds, _, rest = tail.rpartition("@")
        return f"{head}://{creds.split(':', 1)[0]}@{rest}"
    return url


def run_forever(settings: Settings, sources: list[str], listen: str | None = None) -> int:
    """Serve until SIGTERM/SIGINT: the first one stops the run in progress cleanly (its
    crawl child closes its WARCs, what is closed is shipped, the run recorded), exit 0;
    a second one exits at once (the child still closes its WARCs on its parent's death,
    and the next run salvages any .open file)."""
    service = Service(settings, sources)

    def on_signal(signum, _frame):
        if service.stop_event.is_set():
            log.error("second signal: exiting now", signal=signal.Signals(signum).name)
            os._exit(128 + signum)
        log.info("stopping: finishing the run in progress", signal=signal.Signals(signum).name)
        service.stop_event.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    service.start(listen)
    while not service.stop_event.wait(0.5):
        if not service.scheduler.running:
            break
    service.shutdown()
    return 0
