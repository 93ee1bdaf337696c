"""Faults the fixture site injects: 429/503 with Retry-After, truncated bodies, resets."""

from __future__ import annotations

import re
import sqlite3

from crawler.middlewares.retry_after import retry_after_seconds
from crawler.sites import SITES
from tests.crawlkit import crawl, records, sent_bodies, summary_row, warc_files
from tests.sitesim import SiteServer


def test_retry_after_values():
    from datetime import datetime, timezone

    now = datetime(2026, 11, 21, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Sat, 21 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sat, 21 Nov 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_429_and_503_with_retry_after_are_waited_for(tmp_path):
    with SiteServer("sputnik") as srv:
        art = next(r for r in srv.records if r.relevant and r.published.year == 2026)
        srv.faults.add("^" + re.escape(art.path) + "$", "status", status=429, retry_after=1,
                       times=1)
        srv.faults.add(r"^/export/rss2/archive/index\.xml$", "status", status=503,
                       retry_after=1, times=1)
        result = crawl(tmp_path, {"sputnik": srv}, "--since", "2026-11-01")
        hits = [e for e in srv.log if e.path == art.path]
        feed = [e for e in srv.log if e.path == "/export/rss2/archive/index.xml"]
    assert result.returncode == 0, result.stderr[-2000:]
    assert [e.status for e in hits] == [429, 200]
    assert hits[1].time - hits[0].time >= 1.0
    assert [e.status for e in feed] == [503, 200]
    waits = [ln for ln in result.log_lines() if ln.get("event") == "server asked us to wait"]
    assert {w["url"].split("/", 3)[-1] for w in waits} == {art.path[1:],
                                                           "export/rss2/archive/index.xml"}
    relevant = [r for r in srv.records if r.relevant and r.published.year == 2026]
    assert summary_row(result.stdout, "sputnik")["archived"] == len(relevant)
    statuses = [rec.http_headers.get_statuscode() for f in warc_files(tmp_path / "store")
                for rec, _ in records(f) if rec.rec_type == "response"
                and rec.rec_headers.get_header("WARC-Target-URI").endswith(art.path)]
    assert statuses == ["200"]  # the refused attempt is not archived as the page


def test_long_retry_after_is_not_waited_and_article_stays_pending(tmp_path):
    with SiteServer("sputnik") as srv:
        art = next(r for r in srv.records if r.relevant and r.published.year == 2026)
        srv.faults.add("^" + re.escape(art.path) + "$", "status", status=503,
                       retry_after=3600)
        result = crawl(tmp_path, {"sputnik": srv}, "--since", "2026-11-01")
    assert result.returncode == 0, result.stderr[-2000:]
    row = summary_row(result.stdout, "sputnik")
    assert row["failed"] == 1
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        pending = db.execute("SELECT url, attempts FROM pending").fetchall()
    assert pending == [(srv.base_url + art.path, 1)]


def test_truncated_body_and_reset_are_retried(tmp_path):
    with SiteServer("yenisafak") as srv:
        arts = [r for r in srv.records if r.relevant][:2]
        srv.faults.add("^" + re.escape(arts[0].path) + "$", "truncate", times=1)
        srv.faults.add("^" + re.escape(arts[1].path) + "$", "reset", times=1)
        result = crawl(tmp_path, {"yenisafak": srv}, "yenisafak")
        sent = sent_bodies([srv])
    assert result.returncode == 0, result.stderr[-2000:]
    assert summary_row(result.stdout, "yenisafak")["failed"] == 0
    for f in warc_files(tmp_path / "store"):
        for rec, payload in records(f):
            if rec.rec_type == "response":
                url = rec.rec_headers.get_header("WARC-Target-URI")
                assert payload in sent[url], url  # never the truncated copy
    assert all(SITES["yenisafak"].is_article(srv.base_url + a.path) for a in arts)
