"""What ``newsarchive runs`` and ``newsarchive status`` print about the schedule."""

from __future__ import annotations

from datetime import datetime, timezone

from . import alerts as rules
from .history import History
from .triggers import interval_s, trigger_spec


def run_lines(catalog, limit: int) -> list[str]:
    lines = [f"{'run':<24} {'status':<10} {'started':<25} {'finished':<25} {'sources':<18}"
             f"{'disc':>6} {'new':>5} {'arch':>5} {'fail':>5} {'bytes':>10}  errors"]
    for run in catalog.runs(limit):
        stats, totals = run["stats"] or {}, (run["stats"] or {}).get("totals") or {}
        lines.append(
            f"{run['run_id']:<24} {run['status']:<10} {run['started']:<25} "
            f"{run['finished'] or '-':<25} {','.join(run['sources']):<18}"
            f"{totals.get('discovered', 0):>6} {totals.get('new', 0):>5} "
            f"{totals.get('archived', 0):>5} {totals.get('failed', 0):>5} "
            f"{catalog.run_bytes(run['run_id']):>10}  " + "; ".join(stats.get("reasons") or []))
    return lines


def next_runs(jobstore_url: str) -> dict[str, datetime]:
    """Next run per source, read from the job store's table (without a scheduler)."""
    import sqlalchemy as sa

    from .service import sqlalchemy_url

    engine = sa.create_engine(sqlalchemy_url(jobstore_url))
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("apscheduler_jobs"):
                return {}
            rows = conn.execute(sa.text("SELECT id, next_run_time FROM apscheduler_jobs"))
            return {r[0].split(":", 1)[1]: datetime.fromtimestamp(r[1], timezone.utc)
                    for r in rows if r[0].startswith("crawl:") and r[1] is not None}
    finally:
        engine.dispose()


def source_lines(settings, catalog, sources: list[str], backlog: dict) -> list[str]:
    history, a = History(catalog), settings.schedule.alerts
    try:
        upcoming = next_runs(settings.jobstore_url)
    except Exception as e:  # noqa: BLE001 - a status line, not a failure
        upcoming, note = {}, f" (job store unreadable: {type(e).__name__})"
    else:
        note = ""
    now = datetime.now(timezone.utc)
    lines = [f"{'source':<12} {'last success':<26} {'next run':<26} health"]
    for source in sources:
        spec = trigger_spec(settings.schedule, source)
        runs = history.runs(source, a.history_runs)
        ok = [r.finished for r in runs if r.succeeded and r.finished]
        first = runs[0].started if runs else now
        found = rules.source_alerts(source, runs, a, now, interval_s(spec), first,
                                    history.last_new(source))
        health = "; ".join(f"{x.alert}: {x.message}" for x in found) or "ok"
        nxt = upcoming.get(source)
        lines.append(f"{source:<12} {(max(ok).isoformat() if ok else '-'):<26} "
                     f"{(nxt.isoformat(timespec='seconds') if nxt else '-' + note):<26} {health}")
    lines.append(f"backlog: {backlog['files']} files, {backlog['bytes']} bytes")
    return lines
