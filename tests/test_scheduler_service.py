"""The scheduler service end to end: `newsarchive schedule` against the fixture site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime

from archive.catalog import SqliteCatalog
from tests.crawlkit import FAST, ROOT, records, warc_files
from tests.schedkit import free_port, get, wait_for
from tests.sitesim import SiteServer, new_article


def _config(tmp_path, **schedule) -> str:
    lines = ["[schedule]", "every_minutes = 0.05", "jitter_s = 0"]
    lines += [f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}" for k, v in schedule.items()]
    path = tmp_path / "settings.toml"
    path.write_text("\n".join(lines).replace("'", '"') + "\n")
    return str(path)


def test_schedule_runs_on_time_serves_health_and_stops_cleanly(tmp_path):
    port = free_port()
    data = tmp_path / "data"
    with SiteServer("sputnik") as srv:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsarchive.cli", "schedule", "sputnik", "--config",
             _config(tmp_path), "--data-dir", str(data), "--base-url",
             f"sputnik={srv.base_url}", "--listen", f"127.0.0.1:{port}", "--log-format",
             "json"], cwd=ROOT, env={**os.environ, **FAST}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(lambda: get(base + "/healthz")[0] == 200 if _up(base) else False, 30,
                     what="/healthz")
            cat = lambda: SqliteCatalog(data / "catalog.sqlite")  # noqa: E731
            wait_for(lambda: any(r["status"] == "ok" for r in cat().runs()), 60,
                     what="a first ok run")
            assert get(base + "/readyz") == (200, "ok\n")
            record = srv.publish(new_article("sputnik"))
            wait_for(lambda: cat().article("sputnik", record.article_id), 60, what="new article")
            metrics = get(base + "/metrics")[1]
            assert 'newsarchive_runs_total{source="sputnik",status="ok"}' in metrics
            assert 'newsarchive_articles_total{outcome="archived",source="sputnik"}' in metrics
            assert 'newsarchive_extraction_fill_ratio{field="body",source="sputnik"} 1.0' \
                in metrics
            assert "newsarchive_spool_backlog_files" in metrics
            assert 'newsarchive_last_success_timestamp_seconds{source="sputnik"}' in metrics
            wait_for(lambda: len(cat().runs()) >= 3, 60, what="three runs")
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=90)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    runs = SqliteCatalog(data / "catalog.sqlite").runs(50)
    assert runs and all(r["status"] != "running" for r in runs)
    assert all(r["sources"] == ["sputnik"] for r in runs)
    spans = sorted((r["started"], r["finished"]) for r in runs)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "runs overlapped"
    # runs happen on time: each starts at most one interval (3 s, + 1 s rounding) after
    # the previous one ended (a run longer than the interval is followed at once)
    gaps = [(datetime.fromisoformat(b[0]) - datetime.fromisoformat(a[1])).total_seconds()
            for a, b in zip(spans, spans[1:])]
    assert gaps and all(g <= 4 for g in gaps), gaps
    for path in warc_files(data / "store"):
        list(records(path))  # every stored WARC reads to its end
    # the history and per-source status commands
    from tests.crawlkit import newsarchive

    runs_out = newsarchive("runs", "--data-dir", str(data)).stdout
    assert runs_out.count(" ok ") + runs_out.count(" ok-spooled ") >= 2
    assert all(r["run_id"] in runs_out for r in runs)
    conf = tmp_path / "status.toml"
    stale = "[schedule]\nevery_minutes = 0.05\n[schedule.alerts]\nstale_intervals = %d\n"
    conf.write_text(stale % 1000)
    status = newsarchive("status", "--data-dir", str(data), "--config", str(conf))
    line = next(x for x in status.stdout.splitlines() if x.startswith("sputnik "))
    last_ok = max(r["finished"] for r in runs if r["status"].startswith("ok"))
    assert last_ok in line and line.rstrip().endswith(" ok"), status.stdout
    conf.write_text(stale % 1)  # no success for more than one 3 s interval by now
    status = newsarchive("status", "--data-dir", str(data), "--config", str(conf))
    assert "no_success: sputnik" in status.stdout


def _up(base: str) -> bool:
    try:
        get(base + "/healthz")
        return True
    except OSError:
        return False


def _schedule(tmp_path, srv, data, port):
    return subprocess.Popen(
        [sys.executable, "-m", "newsarchive.cli", "schedule", "sputnik", "--config",
         _config(tmp_path), "--data-dir", str(data), "--base-url", f"sputnik={srv.base_url}",
         "--listen", f"127.0.0.1:{port}", "--log-format", "json"], cwd=ROOT,
        env={**os.environ, **FAST}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _mid_crawl(proc, srv):
    from tests.schedkit import crawl_children

    wait_for(lambda: crawl_children(proc.pid), 30, step=0.05, what="a crawl child")
    wait_for(lambda: len(srv.requests_for(r"/\d{8}/.*\.html$")) >= 2, 30, step=0.05,
             what="article pages being fetched")


def test_sigterm_mid_crawl_records_the_run_and_leaves_valid_warcs(tmp_path):
    from tests.crawlkit import newsarchive

    data = tmp_path / "data"
    with SiteServer("sputnik") as srv:
        srv.faults.add(r"/\d{8}/.*\.html$", "slow", delay=0.7)
        proc = _schedule(tmp_path, srv, data, free_port())
        try:
            _mid_crawl(proc, srv)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    (run,) = SqliteCatalog(data / "catalog.sqlite").runs()
    assert run["status"] != "running" and run["stats"]["stopped"] is True
    assert "stopped early" in run["stats"]["reasons"][0]
    assert not list((data / "spool").rglob("*.open"))
    assert warc_files(data / "store")
    for path in warc_files(data / "store"):
        list(records(path))
    check = newsarchive("verify", "--data-dir", str(data))
    assert check.returncode == 0, check.stdout + check.stderr


def test_second_signal_exits_at_once_and_the_next_run_salvages(tmp_path):
    from tests.crawlkit import crawl, newsarchive

    data = tmp_path / "data"
    with SiteServer("sputnik") as srv:
        srv.faults.add(r"/\d{8}/.*\.html$", "slow", delay=0.7, times=8)
        proc = _schedule(tmp_path, srv, data, free_port())
        try:
            _mid_crawl(proc, srv)
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.2)
            t0 = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=30)
            assert time.monotonic() - t0 < 5
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        assert proc.returncode == 128 + signal.SIGTERM
        time.sleep(1.5)  # the orphaned crawl child stops on its parent's death
        again = crawl(data, {"sputnik": srv})
    assert again.returncode == 0, again.stderr[-3000:]
    runs = SqliteCatalog(data / "catalog.sqlite").runs()
    assert runs[-1]["status"] == "failed" and "interrupted" in runs[-1]["stats"]["reasons"][0]
    check = newsarchive("verify", "--data-dir", str(data))
    assert check.returncode == 0, check.stdout + check.stderr
