"""A source's trigger from the ``[schedule]`` settings: cron or interval, with jitter."""

from __future__ import annotations

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from newsarchive.config import ScheduleSettings


def trigger_spec(schedule: ScheduleSettings, source: str) -> dict:
    """What a source's trigger is, as plain data (compared across restarts)."""
    own = schedule.sources.get(source)
    jitter = own.jitter_s if own is not None and own.jitter_s is not None else schedule.jitter_s
    if own is not None and own.cron:
        return {"cron": own.cron, "jitter_s": jitter}
    every = own.every_minutes if own is not None and own.every_minutes else schedule.every_minutes
    return {"every_minutes": every, "jitter_s": jitter}


def build_trigger(spec: dict) -> BaseTrigger:
    jitter = int(spec["jitter_s"]) or None
    if "cron" in spec:
        return CronTrigger(**_cron_fields(spec["cron"]), timezone="UTC", jitter=jitter)
    return IntervalTrigger(seconds=spec["every_minutes"] * 60, timezone="UTC", jitter=jitter)


def _cron_fields(expr: str) -> dict:
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"a cron expression has five fields: {expr!r}")
    return dict(zip(("minute", "hour", "day", "month", "day_of_week"), fields))


def interval_s(spec: dict, trigger: BaseTrigger | None = None) -> float:
    """The nominal time between runs (for "no success for N intervals")."""
    if "every_minutes" in spec:
        return spec["every_minutes"] * 60
    from datetime import datetime, timezone

    trig = trigger or build_trigger({**spec, "jitter_s": 0})
    now = datetime.now(timezone.utc)
    first = trig.get_next_fire_time(None, now)
    second = trig.get_next_fire_time(first, first) if first else None
    if second is not None and second == first:
        from datetime import timedelta
        second = trig.get_next_fire_time(first, first + timedelta(seconds=1))
    return (second - first).total_seconds() if first and second else 86400.0
