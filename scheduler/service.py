"""Run crawls on a schedule with APScheduler; one run at a time, missed runs coalesced."""

from __future__ import annotations

from datetime import datetime, timezone

import structlog
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from newsarchive.config import Settings

log = structlog.get_logger("scheduler")


def run_once(settings: Settings, sources: list[str]) -> str:
    from newsarchive.exits import CommandError
    from newsarchive.run import crawl

    try:
        summary = crawl(settings, sources)
    except CommandError as e:  # store or disk unusable: one line, tried again next time
        log.error("scheduled run not started", reason=str(e), exit_code=e.exit_code)
        return "failed"
    except Exception:
        log.exception("scheduled run crashed")
        return "crashed"
    if summary.status != "ok":
        log.error("scheduled run did not finish cleanly", run_id=summary.run_id,
                  status=summary.status, **summary.totals())
    return summary.status


def run_forever(settings: Settings, sources: list[str], every_minutes: float) -> int:
    sched = BlockingScheduler(timezone="UTC")
    sched.add_job(run_once, IntervalTrigger(minutes=every_minutes), args=[settings, sources],
                  id="crawl", max_instances=1, coalesce=True,
                  next_run_time=datetime.now(timezone.utc), misfire_grace_time=None)
    log.info("scheduler started", sources=sources, every_minutes=every_minutes)
    try:
        sched.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("scheduler stopped")
    return 0
