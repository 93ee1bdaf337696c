"""A page's rel=canonical marks another article as seen only on the same host and source."""

from __future__ import annotations

import sqlite3

from crawler.sites import SPUTNIK
from tests.crawlkit import crawl

from .backfill_kit import RewritingServer, found, run_status
from tests.sitesim import new_article


def _seen_keys(data_dir) -> set[str]:
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        return {k for (k,) in db.execute("SELECT key FROM seen WHERE source='sputnik'")}


def test_off_host_canonical_does_not_mark_another_article_seen(tmp_path):
    with RewritingServer("sputnik") as sp:
        page = max((r for r in sp.records if r.relevant), key=lambda r: r.published)
        later = new_article("sputnik")  # published only after the first run
        own = (sp.base_url + page.path).encode()
        elsewhere = f"http://127.0.0.9{later.path}".encode()  # another host, never fetched

        def poison(res):
            res.body = res.body.replace(own, elsewhere)
            return res

        sp.rewrites[page.path] = poison
        first = crawl(tmp_path, {"sputnik": sp})
        assert first.returncode == 0, first.stderr[-3000:]
        assert page.article_id in found(tmp_path, "sputnik")
        assert not set(SPUTNIK.keys(sp.base_url + later.path)) & _seen_keys(tmp_path)

        sp.publish(later)
        second = crawl(tmp_path, {"sputnik": sp})
    assert second.returncode == 0, second.stderr[-3000:]
    assert later.article_id in found(tmp_path, "sputnik")
    assert run_status(second.stdout) == "ok", second.stdout
