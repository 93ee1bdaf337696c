"""Alerts that catch silent failure: pure rules over a source's run history, and the
:class:`Alerter` that raises and clears them (structured log, metrics, webhook).

Each rule takes plain data (oldest run first) and returns the alerts it sees as
``Alert`` values; the same alert seen again stays one active alert.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from statistics import mean

import structlog

from .history import RunView
from .webhook import Webhook

log = structlog.get_logger("scheduler.alerts")

ALERT_FIELDS = ("title", "body", "published")
KINDS = ("idle_source", "fill_rate_drop", "no_success", "quiet_source", "spool_growing",
         "run_timed_out")


@dataclass(frozen=True)
class Alert:
    alert: str  # one of KINDS
    source: str  # "" for the whole service (spool)
    message: str
    details: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str]:
        return self.alert, self.source


def finished(runs: list[RunView]) -> list[RunView]:
    return [r for r in runs if r.status != "running"]


def idle_source(source: str, runs: list[RunView], idle_runs: int) -> list[Alert]:
    """The last ``idle_runs`` runs all fetched changed feeds (not 304) and new article
    pages, yet archived nothing: pages no longer extract, or the filter rejects all."""
    last = finished(runs)[-idle_runs:]
    if len(last) < idle_runs:
        return []
    if all(int(r.stats.get("discovery_fetched", 0) or 0) > 0
           and int(r.stats.get("new", 0) or 0) > 0
           and int(r.stats.get("archived", 0) or 0) == 0 for r in last):
        new = sum(int(r.stats.get("new", 0) or 0) for r in last)
        return [Alert("idle_source", source,
                      f"{source}: feeds changed and {new} new page(s) were fetched over the last "
                      f"{idle_runs} runs, but nothing was archived",
                      {"runs": [r.run_id for r in last], "new": new})]
    return []


def fill_rate_drop(source: str, runs: list[RunView], drop: float, min_articles: int,
                   fields=ALERT_FIELDS) -> list[Alert]:
    """A field's fill rate in the latest run that archived articles is below ``drop`` times
    its mean over the earlier such runs: the sign of a layout change."""
    judged = [r for r in finished(runs) if r.archived_articles >= min_articles and r.fill]
    if len(judged) < 2:
        return []
    latest, before = judged[-1], judged[:-1]
    out = []
    for f in fields:
        usual = mean(r.fill.get(f, 0.0) for r in before)
        now = latest.fill.get(f, 0.0)
        if usual > 0 and now < drop * usual:
            out.append(Alert("fill_rate_drop", source,
                             f"{source}: {f} extracted from {now:.0%} of the articles of run "
                             f"{latest.run_id}, usually {usual:.0%} (page layout changed?)",
                             {"field": f, "rate": now, "usual": usual, "run_id": latest.run_id}))
    return out


def no_success(source: str, runs: list[RunView], now: datetime, interval_s: float,
               intervals: float, since: datetime) -> list[Alert]:
    """No successful run for ``intervals`` intervals (counted from the last success, or
    from ``since``, when the service started, if there was none)."""
    ok = [r.finished or r.started for r in runs if r.succeeded]
    last = max(ok) if ok else since
    age = (now - last).total_seconds()
    if age > intervals * interval_s:
        return [Alert("no_success", source,
                      f"{source}: no successful run for {age:.0f}s ({age / interval_s:.1f} "
                      "intervals)", {"last_success": ok and max(ok).isoformat() or None,
                                     "age_s": age})]
    return []


def quiet_source(source: str, runs: list[RunView], now: datetime, since: datetime,
                 last_new: datetime | None, quiet_s: float) -> list[Alert]:
    """Runs succeed, yet no article the source had not seen was met for ``quiet_s`` (from
    the last new one, or from ``since``, the service start, if none): a feed that stopped
    changing (moved, frozen by a cache), a sitemap no longer updated, discovery silently
    broken. Judged only once a successful run started after that quiet time, so a service
    that was down is not blamed for what it did not look at. ``quiet_s`` 0 disables it."""
    if quiet_s <= 0:
        return []
    ref = last_new or since
    looked = [r for r in runs if r.succeeded and (r.started - ref).total_seconds() > quiet_s]
    if not looked:
        return []
    hours = (now - ref).total_seconds() / 3600
    return [Alert("quiet_source", source,
                  f"{source}: no new article for {hours:.1f} h although runs succeed "
                  "(feeds frozen or moved?)",
                  {"last_new": last_new and last_new.isoformat(), "hours": round(hours, 2),
                   "run_id": looked[-1].run_id})]


def source_alerts(source: str, runs: list[RunView], a, now: datetime, interval: float,
                  since: datetime, last_new: datetime | None) -> list[Alert]:
    """Every per-source rule over a source's history (``a``: the alert settings): what
    the service raises and what ``newsarchive status`` shows."""
    return (idle_source(source, runs, a.idle_runs)
            + fill_rate_drop(source, runs, a.fill_drop, a.fill_min_articles)
            + no_success(source, runs, now, interval, a.stale_intervals, since)
            + quiet_source(source, runs, now, since, last_new, a.quiet_hours * 3600)
            + run_timed_out(source, runs))


def spool_growing(backlogs: list[int], runs: int) -> list[Alert]:
    """The spool backlog (files, after each run) grew in each of the last ``runs`` runs."""
    last = backlogs[-runs:]
    if len(last) == runs and all(b > a for a, b in zip(last, last[1:])):
        return [Alert("spool_growing", "",
                      f"spool backlog grew over the last {runs} runs: "
                      + " -> ".join(map(str, last)) + " files", {"files": last})]
    return []


def run_timed_out(source: str, runs: list[RunView]) -> list[Alert]:
    """The latest finished run was killed by its time limit."""
    done = finished(runs)
    if done and done[-1].timed_out:
        return [Alert("run_timed_out", source,
                      f"{source}: run {done[-1].run_id} ran past its time limit and was stopped",
                      {"run_id": done[-1].run_id})]
    return []


class Alerter:
    """Keeps the active alerts; raising or clearing one is logged (``alert=...``), counted
    (``newsarchive_alerts_total``, ``newsarchive_alert_active``) and POSTed to the webhook."""

    def __init__(self, metrics=None, webhook_url: str | None = None, timeout_s: float = 5.0):
        self.metrics = metrics
        self.webhook = Webhook(webhook_url, timeout_s, metrics=metrics) if webhook_url else None
        self.active: dict[tuple[str, str], Alert] = {}
        self._lock = threading.Lock()

    def update(self, seen: list[Alert], scope: set[tuple[str, str]] | None = None) -> list[Alert]:
        """Make ``seen`` the active alerts within ``scope`` (alert, source) keys — by default
        every key ``seen`` or active; the newly raised ones."""
        seen_by_key = {a.key: a for a in seen}
        raised, cleared = [], []
        with self._lock:
            for key, a in seen_by_key.items():
                if key not in self.active:
                    raised.append(a)
                self.active[key] = a
            for key in list(self.active):
                if key not in seen_by_key and (scope is None or key in scope):
                    cleared.append(self.active.pop(key))
        for a in raised:
            log.error(a.message, alert=a.alert, source=a.source or None, **_flat(a.details))
            if self.metrics is not None:
                self.metrics.alert(a.alert, a.source, True)
            self._post("firing", a)
        for a in cleared:
            log.info("alert cleared", alert=a.alert, source=a.source or None)
            if self.metrics is not None:
                self.metrics.alert(a.alert, a.source, False)
            self._post("resolved", a)
        if self.webhook is not None and not (raised or cleared):
            self.webhook.send()  # what a receiver that was down did not take yet
        return raised

    def _post(self, state: str, a: Alert) -> None:
        if self.webhook is not None:
            self.webhook.send({"state": state, "alert": a.alert, "source": a.source or None,
                               "message": a.message, "details": a.details,
                               "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})


def _flat(details: dict) -> dict:
    return {k: v for k, v in details.items() if k not in ("alert", "source")}
