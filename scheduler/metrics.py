"""The service's Prometheus metrics (one registry per service)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily

from .history import FIELDS, RunView

OUTCOMES = ("discovered", "archived", "duplicates", "failed")


class Metrics:
    def __init__(self, backlog_fn=None):
        self.registry = r = CollectorRegistry()
        self.runs = Counter("newsarchive_runs", "Finished runs by source and status",
                            ["source", "status"], registry=r)
        self.articles = Counter("newsarchive_articles", "Articles per outcome",
                                ["source", "outcome"], registry=r)
        self.bytes = Counter("newsarchive_bytes_written", "Bytes of WARCs, indexes and "
                             "metadata written", ["source"], registry=r)
        self.last_success = Gauge("newsarchive_last_success_timestamp_seconds",
                                  "End of the last successful run", ["source"], registry=r)
        self.duration = Histogram("newsarchive_run_duration_seconds", "Run duration",
                                  ["source"], registry=r,
                                  buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200,
                                           21600))
        self.fill = Gauge("newsarchive_extraction_fill_ratio", "Share of the last run's "
                          "archived articles with the field extracted", ["source", "field"],
                          registry=r)
        self.alerts = Counter("newsarchive_alerts", "Alerts raised", ["alert"], registry=r)
        self.alert_active = Gauge("newsarchive_alert_active", "1 while an alert is active",
                                  ["alert", "source"], registry=r)
        self.webhook_failures = Counter("newsarchive_alert_webhook_failures", "Alert webhook "
                                        "deliveries that failed (the event is sent again)",
                                        registry=r)
        self.webhook_dropped = Counter("newsarchive_alert_webhook_dropped", "Alert events "
                                       "given up (refused for good, or the backlog full)",
                                       registry=r)
        self.webhook_pending = Gauge("newsarchive_alert_webhook_pending", "Alert events "
                                     "waiting for the webhook to take them", registry=r)
        self.next_run = Gauge("newsarchive_next_run_timestamp_seconds", "Next scheduled run",
                              ["source"], registry=r)
        if backlog_fn is not None:
            r.register(_Backlog(backlog_fn))

    def record_run(self, v: RunView) -> None:
        self.runs.labels(v.source, v.status).inc()
        s = v.stats
        counts = {"discovered": s.get("discovered", 0),
                  "archived": s.get("archived", 0),
                  "duplicates": int(s.get("already_seen", 0) or 0)
                  + int(s.get("story_copies", 0) or 0),
                  "failed": s.get("failed", 0)}
        for outcome, n in counts.items():
            self.articles.labels(v.source, outcome).inc(int(n or 0))
        self.bytes.labels(v.source).inc(v.bytes)
        if v.duration_s is not None:
            self.duration.labels(v.source).observe(v.duration_s)
        if v.succeeded and v.finished:
            self.last_success.labels(v.source).set(v.finished.timestamp())
        if v.fill:
            for f in FIELDS:
                self.fill.labels(v.source, f).set(v.fill.get(f, 0.0))

    def alert(self, alert: str, source: str, active: bool) -> None:
        if active:
            self.alerts.labels(alert).inc()
        self.alert_active.labels(alert, source).set(1 if active else 0)


class _Backlog:
    """Spool backlog gauges, read when scraped."""

    def __init__(self, backlog_fn):
        self.backlog_fn = backlog_fn

    def collect(self):
        b = self.backlog_fn()
        for name, doc, value in (
                ("files", "Files waiting in the spool", b["files"]),
                ("bytes", "Bytes waiting in the spool", b["bytes"]),
                ("oldest_age_seconds", "Age of the oldest spooled file",
                 b["oldest_age_s"] or 0.0)):
            g = GaugeMetricFamily(f"newsarchive_spool_backlog_{name}", doc)
            g.add_metric([], value)
            yield g
