"""End to end on a PostgreSQL catalog: `newsarchive crawl` against the fixture site with
NEWSARCHIVE_CATALOG=postgresql://… (one crawler, then two sharing the catalog)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

from archive.catalog import open_catalog
from tests.crawlkit import FAST, ROOT, crawl, newsarchive, summary_row
from tests.sitesim import SiteServer

SINCE = "2026-11-01"


def test_crawl_rerun_and_verify_on_postgresql(pg_url, tmp_path):
    env = {"NEWSARCHIVE_CATALOG": pg_url}
    with SiteServer("sputnik") as srv:
        first = crawl(tmp_path, {"sputnik": srv}, "--since", SINCE, env=env)
        second = crawl(tmp_path, {"sputnik": srv}, "--since", SINCE, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    row = summary_row(first.stdout, "sputnik")
    assert row["archived"] > 0 and row["failed"] == 0
    assert second.returncode == 0, second.stderr[-3000:]
    assert summary_row(second.stdout, "sputnik")["new"] == 0  # nothing new the second time
    assert not (tmp_path / "catalog.sqlite").exists()  # the catalog is PostgreSQL's
    catalog = open_catalog(pg_url)
    archived = list(catalog.articles())
    assert len(archived) == row["archived"]
    assert catalog.pending("sputnik") == [] and catalog.objects(status="spooled") == []
    assert [r["status"] for r in catalog.runs()] == ["ok", "ok"]
    catalog.close()
    listed = newsarchive("articles", "--data-dir", str(tmp_path), env=env)
    assert all(a["title"] in listed.stdout for a in archived)
    verify = newsarchive("verify", "--data-dir", str(tmp_path), env=env)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def _spawn(data_dir, store, srv, env):
    cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", str(data_dir),
           "--store", str(store), "--base-url", f"sputnik={srv.base_url}", "--since", SINCE,
           "--log-format", "json", "sputnik"]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **FAST, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_crawlers_sharing_a_catalog_archive_each_article_once(pg_url, tmp_path):
    """Two crawlers with their own data dirs, one PostgreSQL catalog and one store, crawl
    the same source at once: every article is fetched and archived by one of them."""
    env = {"NEWSARCHIVE_CATALOG": pg_url}
    store = tmp_path / "store"
    with SiteServer("sputnik") as srv:
        # slow article pages keep both crawls running side by side
        srv.faults.add(r"^/2026\d{4}/[^?]*-\d+\.html", "slow", delay=0.4)
        procs = [_spawn(tmp_path / f"m{i}", store, srv, env) for i in (1, 2)]
        outs = [p.communicate(timeout=240) for p in procs]
        article_gets = Counter(e.path for e in srv.log if e.path.endswith(".html")
                               and e.status == 200)
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    rows = [summary_row(o[0], "sputnik") for o in outs]
    catalog = open_catalog(pg_url)
    archived = list(catalog.articles(relevant=None))
    judged = {a["article_key"] for a in archived}
    assert sum(r["new"] for r in rows) == len(judged) > 0  # each fetched by one crawler
    assert all(n == 1 for n in article_gets.values()), article_gets
    pages = Counter(c["article_key"] for c in catalog.captures()
                    if c["kind"] == "article" and c["record_type"] in ("response", "revisit"))
    assert all(n == 1 for n in pages.values()), pages  # archived once
    assert catalog.pending("sputnik") == []
    catalog.close()
    claimed = sum(int(line.count('"claimed elsewhere"')) for o in outs for line in
                  o[1].splitlines())
    assert claimed > 0  # they met: one skipped what the other had claimed
    verify = newsarchive("verify", "--data-dir", str(tmp_path / "m1"), "--store", str(store),
                         env=env)
    assert verify.returncode == 0, verify.stdout + verify.stderr
