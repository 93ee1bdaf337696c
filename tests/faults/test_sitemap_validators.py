"""A discovery document's validators are stored only once everything it leads to was
fetched and recorded: a child sitemap that failed is retried by the next run (it is
pending work in the catalog), and a feed that could not be archived is fetched again."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.crawlkit import FAST, ROOT, crawl
from tests.sitesim import SiteServer

from .backfill_kit import SINCE, found, has_validators, in_range, run_status

INDEX = "/sitemap_article_index.xml"
FEED = "/export/rss2/archive/index.xml"


def test_child_sitemap_that_failed_is_retried_by_the_next_run(tmp_path):
    with SiteServer("sputnik") as sp:
        # this month's child fails every try of the backfill (Scrapy retries it twice)
        child = r"^/sitemap_article\.xml\?date_start=20261101&date_end=20261130$"
        sp.faults.add(child, "status", status=503, times=3)
        first = crawl(tmp_path, {"sputnik": sp}, "--since", SINCE.isoformat())
        assert first.returncode == 0, first.stderr[-3000:]
        assert run_status(first.stdout) == "degraded"
        assert not has_validators(tmp_path, sp.base_url + INDEX)
        with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
            rows = db.execute("SELECT url, attempts FROM pending_discovery").fetchall()
        assert [(url.removeprefix(sp.base_url), n) for url, n in rows] == [
            ("/sitemap_article.xml?date_start=20261101&date_end=20261130", 1)]
        assert in_range(sp) - found(tmp_path, "sputnik")  # the run did lose articles

        # a later ordinary run (no --since: it does not read the index at all)
        second = crawl(tmp_path, {"sputnik": sp})
        want = in_range(sp)
    assert second.returncode == 0, second.stderr[-3000:]
    assert want - found(tmp_path, "sputnik") == set()
    assert run_status(second.stdout) == "ok", second.stdout
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        assert db.execute("SELECT count(*) FROM pending_discovery").fetchone() == (0,)


def test_feed_that_could_not_be_archived_is_fetched_again(tmp_path):
    spool = tmp_path / "spool" / "warcs"
    spool.mkdir(parents=True)
    blocker = spool / "sputnik"
    os.symlink(tmp_path / "nowhere", blocker)  # no WARC of this source can be written
    with SiteServer("sputnik") as sp:
        first = crawl(tmp_path, {"sputnik": sp})
        assert first.returncode == 0, first.stderr[-3000:]
        assert run_status(first.stdout) == "degraded"
        assert not has_validators(tmp_path, sp.base_url + FEED)
        blocker.unlink()
        second = crawl(tmp_path, {"sputnik": sp})
        feed = [e.status for e in sp.requests_for("^" + FEED.replace(".", r"\.") + "$")]
    assert second.returncode == 0, second.stderr[-3000:]
    assert feed == [200, 200]
    with sqlite3.connect(tmp_path / "catalog.sqlite") as db:
        captured = db.execute("SELECT count(*) FROM captures WHERE kind='discovery' AND url=?"
                              " AND record_type='response'",
                              (sp.base_url + FEED,)).fetchone()[0]
    assert captured == 1
    assert has_validators(tmp_path, sp.base_url + FEED)
    assert run_status(second.stdout) == "ok", second.stdout


def test_backfill_killed_while_reading_child_sitemaps_loses_nothing(tmp_path):
    with SiteServer("sputnik") as sp:
        child = r"^/sitemap_article\.xml\?date_start=20261101&date_end=20261130$"
        sp.faults.add(child, "slow", delay=120, times=1)  # ends when the server stops
        cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", str(tmp_path),
               "--log-format", "json", "--base-url", f"sputnik={sp.base_url}",
               "--since", SINCE.isoformat(), "sputnik"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **FAST},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:  # the slow child is logged only when answered: wait for its siblings' articles
            october = next(r for r in sp.records if r.published.strftime("%Y%m") == "202510")
            deadline = time.monotonic() + 90
            while not sp.requests_for(october.path) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert sp.requests_for(october.path) and not sp.requests_for(child)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # parent and crawl child: a power cut
            proc.wait(timeout=60)
        second = crawl(tmp_path, {"sputnik": sp})
        want = in_range(sp)
    assert second.returncode == 0, second.stderr[-3000:]
    assert want - found(tmp_path, "sputnik") == set()
