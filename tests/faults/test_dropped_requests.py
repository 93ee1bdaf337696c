"""Requests Scrapy drops without an answer (a redirect loop, an over-long URL, an
absurd id) are counted, logged with their reason, and use up an attempt each."""

from __future__ import annotations

from tests.crawlkit import crawl, summary_row
from tests.sitesim import new_article, resource

from .backfill_kit import RewritingServer, pending_attempts, run_status, source_stats


def test_dropped_requests_are_counted_logged_and_use_up_attempts(tmp_path):
    with RewritingServer("sputnik") as sp:
        loop = max((r for r in sp.records if r.relevant), key=lambda r: r.published)
        back = loop.path + "?from=loop"
        sp.rewrites[loop.path] = lambda res: resource.redirect(sp.base_url + back)
        sp.rewrites[back] = lambda res: resource.redirect(sp.base_url + loop.path)
        long_title = sp.publish(new_article("sputnik", title="Russia and Syria " * 140))
        absurd_id = sp.publish(new_article("sputnik", article_id="7" * 2100))
        dropped = {sp.base_url + r.path for r in (loop, long_title, absurd_id)}
        assert all(len(u) > 2083 for u in dropped - {sp.base_url + loop.path})

        first = crawl(tmp_path, {"sputnik": sp})
        assert first.returncode == 0, first.stderr[-3000:]
        assert source_stats(tmp_path, "sputnik").get("dropped") == 3
        assert summary_row(first.stdout, "sputnik")["failed"] >= 3
        assert run_status(first.stdout) == "degraded"
        lines = [ln for ln in first.log_lines() if ln.get("event") == "request dropped"]
        assert {ln["url"] for ln in lines} == dropped
        reasons = {ln["url"]: ln["reason"] for ln in lines}
        assert "redirect loop" in reasons[sp.base_url + loop.path]
        assert "URL longer than" in reasons[sp.base_url + long_title.path]
        attempts = pending_attempts(tmp_path, "sputnik")
        assert {u: attempts.get(u) for u in dropped} == {u: 1 for u in dropped}

        second = crawl(tmp_path, {"sputnik": sp})
    assert second.returncode == 0, second.stderr[-3000:]
    attempts = pending_attempts(tmp_path, "sputnik")
    assert {u: attempts.get(u) for u in dropped} == {u: 2 for u in dropped}
