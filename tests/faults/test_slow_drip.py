"""A total time limit per URL (issue 6, item 11).

Scrapy's DOWNLOAD_TIMEOUT already covers a whole attempt (connect, headers and
body: the HTTP/1.1 handler cancels the exchange after it), but each retry gets
it afresh and Retry-After waits come on top: a server dripping a byte a second
held one URL for 3 × 60 s. ``intake.<source>.max_seconds`` bounds the URL's
total time across attempts and waits."""

from __future__ import annotations

import time

from tests.faults.hostile import Behaviour, HostileServer
from tests.faults.kit import events, guarded_crawl, pending, run_stats

GOOD = "/world/russia-syria-talks-3710001"


def test_slow_drip_and_endless_waits_end_at_the_deadline(tmp_path):
    drip, busy = "/world/slow-drip-3710021", "/world/always-busy-3710022"
    with HostileServer({GOOD: Behaviour("page"), drip: Behaviour("drip", {"interval": 0.5}),
                        busy: Behaviour("status", {"status": 503, "retry_after": 2})}) as srv:
        env = {"NEWSARCHIVE_INTAKE__YENISAFAK__MAX_SECONDS": "3"}
        began = time.monotonic()
        result, _ = guarded_crawl(tmp_path, srv, env=env)
        took = time.monotonic() - began
        busy_hits = srv.hits_for(busy)
    assert result.returncode == 0, result.stderr[-3000:]
    assert took < 40, took  # without the deadline: 3 attempts × 60 s for the drip alone
    assert len(busy_hits) == 2  # asked, waited 2 s, asked again; a third wait would pass 3 s
    data = tmp_path / "data"
    left = pending(data)
    for path in (drip, busy):
        attempts, error = left[srv.url(path)]
        assert attempts == 1, (path, error)
    assert "took longer than" in left[srv.url(drip)][1] or "deadline" in left[srv.url(drip)][1]
    assert "deadline passed" in left[srv.url(busy)][1]
    assert {e["url"] for e in events(result, "deadline passed")} >= {srv.url(busy)}
    assert run_stats(data)["deadline"] >= 1
    assert srv.url(GOOD) not in left  # the good page was archived meanwhile
