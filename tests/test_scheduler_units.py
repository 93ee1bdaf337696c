"""Alert rules (pure functions over run history), leases, triggers, health endpoints."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from prometheus_client import generate_latest

from archive.catalog import SqliteCatalog
from newsarchive.config import ScheduleSettings, Settings
from scheduler import alerts as rules
from scheduler.alerts import Alerter
from scheduler.history import RunView, fill_rates
from scheduler.leases import SourceLease
from scheduler.service import Service
from scheduler.triggers import build_trigger, interval_s, trigger_spec
from tests.schedkit import Receiver, free_port, get

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def run(i, status="ok", fill=None, n=5, timed_out=False, **stats) -> RunView:
    start = T0 + timedelta(minutes=30 * i)
    return RunView(f"r{i}", "sputnik", status, start, start + timedelta(minutes=2),
                   {"discovery_fetched": 3, "new": 4, "archived": n, **stats},
                   timed_out=timed_out, archived_articles=n,
                   fill=fill or {"title": 1.0, "body": 1.0, "published": 1.0})


def test_fill_rate_drop_against_recent_history():
    history = [run(i) for i in range(4)]
    assert rules.fill_rate_drop("sputnik", history, 0.5, 2) == []
    dropped = history + [run(4, fill={"title": 1.0, "body": 0.9, "published": 0.2})]
    (alert,) = rules.fill_rate_drop("sputnik", dropped, 0.5, 2)
    assert alert.alert == "fill_rate_drop" and alert.details["field"] == "published"
    # a run that archived too few articles to judge is left out
    tiny = dropped[:-1] + [run(4, fill={"title": 1.0, "body": 0.0, "published": 0.0}, n=1)]
    assert rules.fill_rate_drop("sputnik", tiny, 0.5, 2) == []
    # a field that never filled is no drop
    never = [run(i, fill={"title": 1.0, "body": 1.0, "published": 0.0}) for i in range(3)]
    assert rules.fill_rate_drop("sputnik", never, 0.5, 2) == []


def test_idle_source_needs_changed_feeds_new_pages_and_nothing_archived():
    quiet = [run(i, n=0, archived=0, discovery_fetched=0, new=0) for i in range(3)]
    assert rules.idle_source("sputnik", quiet, 3) == []  # feeds unchanged: a quiet day
    idle = [run(i, n=0, archived=0) for i in range(3)]
    (alert,) = rules.idle_source("sputnik", idle, 3)
    assert alert.details["new"] == 12
    assert rules.idle_source("sputnik", idle[:2], 3) == []
    assert rules.idle_source("sputnik", idle[:2] + [run(2)], 3) == []


def test_no_success_counts_intervals_from_the_last_success_or_the_start():
    runs = [run(0), run(1, status="failed"), run(2, status="failed")]
    last_ok = runs[0].finished
    assert rules.no_success("sputnik", runs, last_ok + timedelta(minutes=80), 1800, 3, T0) == []
    (alert,) = rules.no_success("sputnik", runs, last_ok + timedelta(minutes=91), 1800, 3, T0)
    assert alert.details["last_success"] == last_ok.isoformat()
    assert rules.no_success("sputnik", [], T0 + timedelta(hours=2), 1800, 3, T0)
    assert rules.no_success("sputnik", [], T0 + timedelta(hours=1), 1800, 3, T0) == []



def test_quiet_source_needs_a_successful_run_after_the_quiet_time():
    """runs every 30 min from T0; quiet time 2 h (4 runs)"""
    q = 2 * 3600
    runs = [run(i) for i in range(8)]  # T0 … T0 + 3.5 h, all ok
    now = runs[-1].finished
    # nothing new since T0: the runs from T0 + 2.5 h on looked after the quiet time
    (alert,) = rules.quiet_source("sputnik", runs, now, T0, T0, q)
    assert alert.details["run_id"] == "r7" and alert.details["last_new"] == T0.isoformat()
    assert "no new article for 3.5 h" in alert.message
    # a new article at T0 + 2 h: quiet only 1.5 h
    assert rules.quiet_source("sputnik", runs, now, T0, T0 + timedelta(hours=2), q) == []
    # never any new article: counted from the service start
    assert rules.quiet_source("sputnik", runs, now, T0, None, q)
    assert rules.quiet_source("sputnik", runs, now, T0 + timedelta(hours=2), None, q) == []
    # the runs after the quiet time failed: no_success's business, not this one's
    failing = runs[:5] + [run(i, status="failed") for i in range(5, 8)]
    assert rules.quiet_source("sputnik", failing, now, T0, T0, q) == []
    assert rules.quiet_source("sputnik", runs, now, T0, T0, 0) == []  # off

def test_spool_growing_and_timed_out():
    assert rules.spool_growing([0, 1, 2], 3)[0].details["files"] == [0, 1, 2]
    assert rules.spool_growing([0, 2, 2], 3) == []
    assert rules.spool_growing([1, 2], 3) == []
    assert rules.run_timed_out("sputnik", [run(0), run(1, timed_out=True)])
    assert rules.run_timed_out("sputnik", [run(0, timed_out=True), run(1)]) == []


def test_fill_rates_count_archived_articles_only():
    arts = [{"decision": "relevant", "data": {"title": "T", "body": "B", "published": None}},
            {"decision": "borderline", "data": {"title": "T", "body": " ", "published": "x"}},
            {"decision": "irrelevant", "data": {"title": None, "body": "", "published": None}}]
    n, rates = fill_rates(arts)
    assert n == 2 and rates["title"] == 1.0 and rates["body"] == 0.5 and rates["published"] == 0.5


def test_alerter_raises_once_clears_and_posts():
    hook = Receiver()
    try:
        alerter = Alerter(webhook_url=hook.url)
        a = rules.Alert("run_timed_out", "sputnik", "slow", {"run_id": "r1"})
        assert alerter.update([a]) == [a]
        assert alerter.update([a]) == []  # still active: not raised again
        alerter.update([])
        assert [(b["state"], b["alert"]) for b in hook.bodies] == [
            ("firing", "run_timed_out"), ("resolved", "run_timed_out")]
        assert hook.bodies[0]["details"] == {"run_id": "r1"}
    finally:
        hook.close()



def test_webhook_events_wait_for_a_receiver_that_is_down_and_arrive_in_order():
    """The receiver is down when an alert fires and clears: both events are kept (failures
    counted, pending shown) and delivered in order once it is back, at the next update."""
    from scheduler.metrics import Metrics

    port = free_port()  # nothing listens there yet
    metrics = Metrics()
    alerter = Alerter(metrics, webhook_url=f"http://127.0.0.1:{port}/hook", timeout_s=2)
    a = rules.Alert("no_success", "sputnik", "no run", {})
    alerter.update([a])
    alerter.update([])
    assert len(alerter.webhook.pending) == 2 and alerter.webhook.failures == 2
    text = generate_latest(metrics.registry).decode()
    assert "newsarchive_alert_webhook_pending 2.0" in text
    assert "newsarchive_alert_webhook_failures_total 2.0" in text
    hook = Receiver(port)
    try:
        alerter.update([])  # an evaluation with nothing new flushes what waits
        assert [(b["state"], b["alert"]) for b in hook.bodies] == [
            ("firing", "no_success"), ("resolved", "no_success")]
        assert not alerter.webhook.pending
        assert "newsarchive_alert_webhook_pending 0.0" in generate_latest(metrics.registry).decode()
        hook.status = 503  # a server error: kept; then 400: refused for good, dropped
        alerter.update([a])
        assert len(alerter.webhook.pending) == 1
        hook.status = 400
        alerter.update([])
        assert not alerter.webhook.pending and alerter.webhook.dropped == 2  # both events
    finally:
        hook.close()


def test_webhook_backlog_keeps_the_newest_events():
    from scheduler.webhook import Webhook

    hook = Webhook(f"http://127.0.0.1:{free_port()}/hook", timeout_s=1, keep=3)
    for i in range(5):
        hook.send({"n": i})
    assert [json.loads(b)["n"] for b in hook.pending] == [2, 3, 4] and hook.dropped == 2

def test_leases_expire_and_belong_to_one_holder(tmp_path):
    cat = SqliteCatalog(tmp_path / "c.sqlite")
    assert cat.acquire_lease("source:sputnik", "a", 0.5)
    assert not cat.acquire_lease("source:sputnik", "b", 0.5)
    assert cat.lease_holder("source:sputnik")["holder"] == "a"
    assert cat.renew_lease("source:sputnik", "a", 0.5)
    assert not cat.renew_lease("source:sputnik", "b", 0.5)
    time.sleep(0.6)  # a crashed holder stops renewing: the lease expires
    assert cat.lease_holder("source:sputnik") is None
    assert not cat.renew_lease("source:sputnik", "a", 0.5)
    assert cat.acquire_lease("source:sputnik", "b", 5)
    cat.release_lease("source:sputnik", "a")  # not a's any more: nothing happens
    assert cat.lease_holder("source:sputnik")["holder"] == "b"
    cat.release_lease("source:sputnik", "b")
    assert cat.lease_holder("source:sputnik") is None
    # the context manager holds and renews while a run lasts
    with SourceLease(cat, "sputnik", "a", 0.3) as held:
        assert held
        time.sleep(0.5)
        assert cat.lease_holder("source:sputnik")["holder"] == "a"
        with SourceLease(cat, "sputnik", "b", 0.3) as other:
            assert not other
    assert cat.lease_holder("source:sputnik") is None


def test_triggers_from_settings():
    sched = ScheduleSettings(jitter_s=0, sources={"sputnik": {"cron": "*/15 * * * *"},
                                                  "yenisafak": {"every_minutes": 5}})
    assert trigger_spec(sched, "sputnik") == {"cron": "*/15 * * * *", "jitter_s": 0}
    assert interval_s(trigger_spec(sched, "sputnik")) == 900
    assert interval_s(trigger_spec(sched, "yenisafak")) == 300
    assert trigger_spec(ScheduleSettings(), "other") == {"every_minutes": 30.0, "jitter_s": 60.0}
    assert "minute='*/15'" in str(build_trigger(trigger_spec(sched, "sputnik")))
    with pytest.raises(ValueError):
        ScheduleSettings(sources={"sputnik": {"cron": "* * * * *", "every_minutes": 1}})
    with pytest.raises(ValueError):
        build_trigger({"cron": "* * *", "jitter_s": 0})


def test_healthz_and_readyz_report_why(tmp_path):
    settings = Settings.load(None, data_dir=tmp_path / "d",
                             schedule={"sources": {"sputnik": {"cron": "0 0 1 1 *"}}})
    port = free_port()
    service = Service(settings, ["sputnik"]).start(f"127.0.0.1:{port}")
    base = f"http://127.0.0.1:{port}"
    try:
        assert get(base + "/healthz") == (200, "ok\n")
        assert get(base + "/readyz") == (200, "ok\n")
        assert get(base + "/nothing")[0] == 404
        store = tmp_path / "d" / "store"
        store.rmdir() if store.is_dir() else None
        store.write_text("not a directory")  # the store cannot take files
        code, body = get(base + "/readyz")
        assert code == 503 and body.startswith("store unreachable")
        service.scheduler.shutdown(wait=False)  # the scheduler thread is gone
        code, body = get(base + "/healthz")
        assert code == 503 and "scheduler thread" in body
        service.catalog.close()
        code, body = get(base + "/readyz")
        assert code == 503 and body.startswith("catalog unreachable")
    finally:
        service.http.stop()


def test_a_source_leased_elsewhere_is_skipped(tmp_path):
    settings = Settings.load(None, data_dir=tmp_path,
                             schedule={"sources": {"sputnik": {"cron": "0 0 1 1 *"}}})
    service = Service(settings, ["sputnik"])
    try:
        assert service.catalog.acquire_lease("source:sputnik", "other-host:1", 60)
        assert service.run_source("sputnik") == "skipped"
        assert service.catalog.runs() == []  # nothing was started
        assert service.catalog.lease_holder("source:sputnik")["holder"] == "other-host:1"
    finally:
        service.catalog.close()


def test_healthz_fails_when_the_scheduler_loop_stops_ticking(tmp_path):
    settings = Settings.load(None, data_dir=tmp_path,
                             schedule={"stuck_after_s": 0.6,
                                       "sources": {"sputnik": {"cron": "0 0 1 1 *"}}})
    service = Service(settings, ["sputnik"]).start()
    try:
        time.sleep(0.3)
        assert service.health() == (True, "ok")
        service.scheduler.pause_job("heartbeat", jobstore="local")  # the loop runs no jobs
        time.sleep(1.0)
        ok, why = service.health()
        assert not ok and why.startswith("scheduler loop silent")
    finally:
        service.shutdown()
