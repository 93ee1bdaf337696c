"""Size limits (issue 6, item 7): a gzip bomb is refused while decoding, an endless or
over-long body is cut at the per-source limit and recorded as truncated
(``WARC-Truncated: length``); neither is archived as a complete article."""

from __future__ import annotations

import sqlite3

from tests.crawlkit import records, warc_files
from tests.faults.hostile import Behaviour, HostileServer
from tests.faults.kit import events, guarded_crawl, pending, run_stats

GOOD = "/world/russia-syria-talks-3710001"
MIB = 1 << 20


def _archived(data_dir) -> set[str]:
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        return {url for (url,) in db.execute("SELECT url FROM articles WHERE relevant=1")}


def _responses(data_dir, url):
    return [(rec, payload) for f in warc_files(data_dir / "store") for rec, payload in records(f)
            if rec.rec_type in ("response", "metadata")
            and rec.rec_headers.get_header("WARC-Target-URI") in (url, f"urn:pageinfo:{url}")]


def test_gzip_bomb_is_refused_not_archived(tmp_path):
    """An article padded to 96 MiB, 96 KiB gzipped: over the default 64 MiB decoded limit."""
    bomb = "/world/bomb-article-3710011"
    with HostileServer({GOOD: Behaviour("page"),
                        bomb: Behaviour("bomb", {"size": 96 * MIB})}) as srv:
        result, _ = guarded_crawl(tmp_path, srv)
        url = srv.url(bomb)
        sent = srv.hits_for(bomb)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sent and sent[0].status == 200  # the bomb was served (about 96 KiB on the wire)
    data = tmp_path / "data"
    assert url not in _archived(data) and srv.url(GOOD) in _archived(data)
    assert _responses(data, url) == []  # nothing of it in any WARC
    too_large = [e for e in events(result, "too large") if e["url"] == url]
    assert too_large and f"max_decoded_bytes ({64 * MIB} B)" in too_large[0]["reason"]
    assert run_stats(data)["too_large"] == 1
    attempts, error = pending(data)[url]
    assert attempts == 1 and "too large" in error


def test_over_long_bodies_are_cut_and_recorded_truncated(tmp_path):
    """Per-source limits (1 MiB received, 8 MiB decoded), three pages in one crawl: an endless
    body is cut at the limit, a declared longer one is not downloaded (both recorded with
    WARC-Truncated: length), a page padded to 12 MiB is refused while decoding."""
    endless, big, padded = ("/world/endless-article-3710012", "/world/big-article-3710013",
                            "/world/padded-article-3710014")
    with HostileServer({GOOD: Behaviour("page"), endless: Behaviour("endless"),
                        big: Behaviour("page", {"body": "Russia and Syria. " * 200_000}),
                        padded: Behaviour("bomb", {"size": 12 * MIB})}) as srv:
        env = {"NEWSARCHIVE_INTAKE__YENISAFAK__MAX_BYTES": str(1 * MIB),
               "NEWSARCHIVE_INTAKE__YENISAFAK__MAX_DECODED_BYTES": str(8 * MIB)}
        result, _ = guarded_crawl(tmp_path, srv, env=env)
        url = {path: srv.url(path) for path in (GOOD, endless, big, padded)}
    assert result.returncode == 0, result.stderr[-3000:]
    data = tmp_path / "data"
    assert _archived(data) == {url[GOOD]}

    (rec, payload), = _responses(data, url[endless])  # a response, no metadata record
    assert rec.rec_type == "response"
    assert rec.rec_headers.get_header("WARC-Truncated") == "length"
    assert 1 * MIB <= len(payload) <= 1 * MIB + 256 * 1024
    assert payload.startswith(b"<!DOCTYPE html><html><body><p>endless")

    (rec, payload), = _responses(data, url[big])
    assert rec.rec_headers.get_header("WARC-Truncated") == "length" and payload == b""

    assert _responses(data, url[padded]) == []
    assert [e for e in events(result, "too large") if e["url"] == url[padded]]
    truncated = {e["url"]: e["reason"] for e in events(result, "truncated")}
    assert "cut after" in truncated[url[endless]] and "not downloaded" in truncated[url[big]]
    stats = run_stats(data)
    assert stats["truncated"] == 2 and stats["too_large"] == 1
    left = pending(data)
    assert left[url[endless]][0] == 1 and "truncated" in left[url[endless]][1]
    assert left[url[big]][0] == 1 and left[url[padded]][0] == 1
