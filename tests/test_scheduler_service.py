"""The scheduler service end to end: `newsarchive schedule` against the fixture site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

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
            # runs happen on time: consecutive starts about one interval (3 s) apart
            wait_for(lambda: len(cat().runs()) >= 4, 60, what="four runs")
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
    for path in warc_files(data / "store"):
        list(records(path))  # every stored WARC reads to its end


def _up(base: str) -> bool:
    try:
        get(base + "/healthz")
        return True
    except OSError:
        return False
