"""The scheduler service in this process, crawling the fixture site in child processes:
layout change, hung and crashed children, slow runs, the job store across restarts."""

from __future__ import annotations

import os
import secrets
import signal
import time
from datetime import datetime

import pytest
from apscheduler.events import EVENT_JOB_ERROR

from archive.catalog import SqliteCatalog, open_catalog
from newsarchive.config import Settings
from scheduler.service import Service
from tests.catalogs import end_pg_sessions
from tests.crawlkit import FAST
from tests.schedkit import Receiver, crawl_children, free_port, get, wait_for
from tests.sitesim import RedesignedSite, SiteServer, new_article


@pytest.fixture
def fast_env(monkeypatch):
    for k, v in FAST.items():
        monkeypatch.setenv(k, v)


def _settings(tmp_path, srv, schedule=None, **top) -> Settings:
    sched = {"every_minutes": 0.05, "jitter_s": 0, **(schedule or {})}
    return Settings.load(None, data_dir=tmp_path, base_urls={"sputnik": srv.base_url},
                         schedule=sched, **top)


def _finished(service, n):
    return [r for r in service.catalog.runs(100) if r["status"] != "running"][:n]


def test_layout_change_raises_the_fill_rate_alert(tmp_path, fast_env):
    hook = Receiver()
    with RedesignedSite("sputnik") as srv:
        settings = _settings(tmp_path, srv, {"alerts": {"webhook_url": hook.url,
                                                        "fill_min_articles": 1}})
        port = free_port()
        service = Service(settings, ["sputnik"]).start(f"127.0.0.1:{port}")
        try:
            cat = service.catalog
            wait_for(lambda: any(r["status"] == "ok" for r in cat.runs()), 60, what="first run")
            before = [srv.publish(new_article("sputnik")) for _ in range(2)]
            wait_for(lambda: all(cat.article("sputnik", r.article_id) for r in before), 60,
                     what="articles in the old layout")
            assert "fill_rate_drop" not in {a for a, _ in service.alerter.active}
            srv.redesigned = True
            after = [srv.publish(new_article("sputnik")) for _ in range(2)]
            wait_for(lambda: all(cat.article("sputnik", r.article_id) for r in after), 60,
                     what="articles in the new layout")
            # the redesigned pages are archived, but without their publication time
            assert all(cat.article("sputnik", r.article_id)["published"] is None for r in after)
            wait_for(lambda: ("fill_rate_drop", "sputnik") in service.alerter.active, 30,
                     what="fill-rate alert")
            alert = service.alerter.active[("fill_rate_drop", "sputnik")]
            assert alert.details["field"] == "published" and alert.details["rate"] == 0.0
            fired = [b for b in hook.bodies if b["alert"] == "fill_rate_drop"]
            assert fired and fired[0]["state"] == "firing" and fired[0]["source"] == "sputnik"
            metrics = get(f"http://127.0.0.1:{port}/metrics")[1]
            assert 'newsarchive_alerts_total{alert="fill_rate_drop"} 1.0' in metrics
            assert ('newsarchive_alert_active{alert="fill_rate_drop",source="sputnik"} 1.0'
                    in metrics)
            assert 'newsarchive_extraction_fill_ratio{field="published",source="sputnik"} 0.0' \
                in metrics
        finally:
            service.shutdown()
            hook.close()



def test_a_source_whose_feeds_stop_bringing_anything_new_raises_quiet_source(tmp_path,
                                                                             fast_env):
    """Runs keep succeeding on a feed that no longer changes (the fixture publishes nothing):
    once no new article was met for quiet_hours, quiet_source fires; an article published
    again clears it (log, metrics, webhook)."""
    hook = Receiver()
    with SiteServer("sputnik") as srv:
        settings = _settings(tmp_path, srv, {"alerts": {"webhook_url": hook.url,
                                                        "quiet_hours": 6 / 3600}})
        port = free_port()
        service = Service(settings, ["sputnik"]).start(f"127.0.0.1:{port}")
        key = ("quiet_source", "sputnik")
        try:
            cat = service.catalog
            wait_for(lambda: any(r["status"] == "ok" for r in cat.runs()), 60, what="first run")
            assert key not in service.alerter.active  # it met new articles just now
            wait_for(lambda: key in service.alerter.active, 60, what="quiet_source")
            assert all(r["status"] == "ok" for r in cat.runs())  # the runs themselves are fine
            metrics = get(f"http://127.0.0.1:{port}/metrics")[1]
            assert 'newsarchive_alert_active{alert="quiet_source",source="sputnik"} 1.0' in metrics
            record = srv.publish(new_article("sputnik"))
            wait_for(lambda: cat.article("sputnik", record.article_id), 60, what="new article")
            wait_for(lambda: key not in service.alerter.active, 30, what="quiet_source cleared")
            states = [b["state"] for b in hook.bodies if b["alert"] == "quiet_source"]
            assert states == ["firing", "resolved"]
        finally:
            service.shutdown()
            hook.close()

def test_hung_child_is_killed_at_its_time_limit_and_alerts(tmp_path, fast_env):
    with SiteServer("sputnik") as srv:
        srv.faults.add(r"^/export/rss2", "slow", delay=30)  # the feed never answers in time
        settings = _settings(tmp_path, srv, crawl_timeout_s=3)
        service = Service(settings, ["sputnik"]).start()
        try:
            wait_for(lambda: ("run_timed_out", "sputnik") in service.alerter.active, 90,
                     what="time-limit alert")
            run = _finished(service, 1)[0]
            assert run["status"] == "failed" and run["stats"]["timed_out"] is True
            assert "time limit" in run["stats"]["reasons"][0]
            took = (datetime.fromisoformat(run["finished"])
                    - datetime.fromisoformat(run["started"])).total_seconds()
            assert took < 30  # stopped at its limit, not when the server gave up
        finally:
            service.shutdown()


def test_crashed_child_is_recorded_failed_and_slow_runs_never_overlap(tmp_path, fast_env):
    with SiteServer("sputnik") as srv:
        srv.faults.add(r"\.html$", "slow", delay=1.5, times=6)  # runs longer than the interval
        settings = _settings(tmp_path, srv, {"every_minutes": 1 / 60})
        service = Service(settings, ["sputnik"]).start()
        try:
            child = wait_for(lambda: crawl_children(os.getpid()), 30, step=0.05,
                             what="a crawl child")[0]
            os.kill(child, signal.SIGKILL)
            wait_for(lambda: any(r["status"] == "failed" for r in service.catalog.runs()), 60,
                     what="the crashed run recorded")
            wait_for(lambda: any(r["status"].startswith("ok") for r in service.catalog.runs()),
                     90, what="a later run succeeding")
        finally:
            service.shutdown()
        runs = sorted(SqliteCatalog(tmp_path / "catalog.sqlite").runs(100),
                      key=lambda r: r["started"])
        failed = [r for r in runs if r["status"] == "failed"]
        assert failed[0]["stats"]["exit_code"] == -signal.SIGKILL
        assert "crawl process exited with -9" in failed[0]["stats"]["reasons"][0]
        spans = [(r["started"], r["finished"]) for r in runs]
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), f"overlap: {spans}"


# -- the job store across restarts: SQLite file and PostgreSQL ---------------------------
@pytest.fixture(scope="session")
def pg_url():
    import psycopg

    name = f"newsarchive_sched_{secrets.token_hex(4)}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as e:
        pytest.fail(f"the local PostgreSQL (127.0.0.1:5432) is needed: {e}")
    yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_job_store_survives_a_restart(tmp_path, fast_env, backend, request):
    jobstore = None if backend == "sqlite" else request.getfixturevalue("pg_url")
    schedule = {"jobstore": jobstore, "sources": {"sputnik": {"cron": "0 0 1 1 *"},
                                                  "yenisafak": {"cron": "15 6 * * *"}}}
    with SiteServer("sputnik") as srv:
        settings = Settings.load(None, data_dir=tmp_path, schedule=schedule,
                                 base_urls={"sputnik": srv.base_url,
                                            "yenisafak": "http://127.0.0.1:9"})
        first = Service(settings, ["sputnik", "yenisafak"])
        first.scheduler.start(paused=True)
        first.sync_jobs()
        before = {j.id: j.next_run_time for j in first.scheduler.get_jobs(jobstore="default")}
        first.scheduler.shutdown(wait=False)
        first.catalog.close()
        assert set(before) == {"crawl:sputnik", "crawl:yenisafak"}
        assert before["crawl:sputnik"].month == 1 and before["crawl:sputnik"].day == 1

        # a restart with the same settings keeps each stored next run time
        second = Service(settings, ["sputnik", "yenisafak"])
        second.scheduler.start(paused=True)
        second.sync_jobs()
        after = {j.id: j.next_run_time for j in second.scheduler.get_jobs(jobstore="default")}
        second.scheduler.shutdown(wait=False)
        second.catalog.close()
        assert after == before

        # a changed trigger is rescheduled; a source no longer scheduled is dropped
        changed = settings.model_copy(deep=True)
        changed.schedule.sources["sputnik"].cron = "30 12 * * *"
        third = Service(changed, ["sputnik"])
        third.scheduler.start(paused=True)
        third.sync_jobs()
        jobs = {j.id: j for j in third.scheduler.get_jobs(jobstore="default")}
        third.scheduler.shutdown(wait=False)
        third.catalog.close()
        assert set(jobs) == {"crawl:sputnik"}
        nxt = jobs["crawl:sputnik"].next_run_time
        assert (nxt.hour, nxt.minute) == (12, 30)


def test_the_service_outlives_a_postgresql_restart(tmp_path, fast_env, pg_url):
    """Catalog and job store on PostgreSQL; the server drops every connection (a restart, a
    failover): the long-lived service reconnects, /readyz says ok again, and later runs
    archive what is published after, instead of failing silently from then on."""
    with SiteServer("sputnik") as srv:
        settings = _settings(tmp_path, srv, {"jobstore": pg_url}, catalog=pg_url)
        port = free_port()
        service = Service(settings, ["sputnik"]).start(f"127.0.0.1:{port}")
        errors = []  # a job that raised: a run (or heartbeat) lost to the dead connection
        service.scheduler.add_listener(lambda event: errors.append(event), EVENT_JOB_ERROR)
        try:
            def ask(question):  # a connection of the test's own, so that only the service
                catalog = open_catalog(pg_url)  # meets the dropped ones
                try:
                    return question(catalog)
                finally:
                    catalog.close()

            wait_for(lambda: ask(lambda c: any(r["status"] == "ok" for r in c.runs())), 60,
                     what="first run")
            time.sleep(1.5)  # the connections idle, as between runs
            assert end_pg_sessions(pg_url) >= 2  # the service's catalog and job store
            time.sleep(0.5)  # the server has ended them
            # the job store's pooled connection is replaced when taken, not found dead
            assert [j.id for j in service.scheduler.get_jobs(jobstore="default")] \
                == ["crawl:sputnik"]
            dropped_at = datetime.now().astimezone()
            record = srv.publish(new_article("sputnik"))
            wait_for(lambda: ask(lambda c: c.article("sputnik", record.article_id)), 90,
                     what="an article published after the restart archived")
            wait_for(lambda: ask(lambda c: any(
                r["status"] == "ok" and datetime.fromisoformat(r["started"]) > dropped_at
                for r in c.runs(20))), 60, what="an ok run after the restart")
            assert get(f"http://127.0.0.1:{port}/readyz") == (200, "ok\n")
            assert get(f"http://127.0.0.1:{port}/healthz")[0] == 200
            assert {j.id for j in service.scheduler.get_jobs(jobstore="default")} \
                == {"crawl:sputnik"}
            assert [(e.job_id, repr(e.exception)) for e in errors] == []
        finally:
            service.shutdown()


def test_the_job_store_replaces_a_connection_the_server_dropped(tmp_path, pg_url):
    """The job store's pooled connection, ended by the server while idle, is replaced when
    taken (pool_pre_ping): without it the first job-store query after a restart raised."""
    settings = Settings.load(None, data_dir=tmp_path, schedule={"jobstore": pg_url},
                             base_urls={"sputnik": "http://127.0.0.1:9"})
    service = Service(settings, ["sputnik"])
    service.scheduler.start(paused=True)
    try:
        service.sync_jobs()
        assert [j.id for j in service.scheduler.get_jobs(jobstore="default")] == ["crawl:sputnik"]
        assert end_pg_sessions(pg_url) >= 1
        time.sleep(0.5)
        assert [j.id for j in service.scheduler.get_jobs(jobstore="default")] == ["crawl:sputnik"]
    finally:
        service.scheduler.shutdown(wait=False)
        service.catalog.close()
