"""The policy for a copy: reference records, a late-arriving original, the `full`
policy, and a failing matcher that loses nothing."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.dedup import SqliteCandidateIndex, StoryDesk
from archive.warc import Decision, HttpCapture, Original, RollingWarcWriter
from archive.warc.cdxj import index_warc
from archive.warc.writer import STORY_REFERENCE_PROFILE
from crawler.article import Article
from tests.sitesim import articles_for, expected_article

BASE = "http://127.0.0.1:1"
T0 = datetime(2026, 11, 16, 12, 0, tzinfo=timezone.utc)


def fixture(article_id: str) -> Article:
    rec = next(r for r in articles_for("yenisafak") if r.article_id == article_id)
    return Article.from_dict(expected_article(rec, BASE))


def http_capture(url: str, html: bytes, when=T0) -> HttpCapture:
    body = gzip.compress(html, mtime=0)
    return HttpCapture(url, when, "GET", [("Accept-Encoding", "gzip")], b"", "HTTP/1.1", 200,
                       [("Content-Type", "text/html; charset=utf-8"),
                        ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))],
                       body, "127.0.0.1")


def test_reference_record_is_a_valid_compact_revisit(tmp_path):
    closed = []
    w = RollingWarcWriter(tmp_path, prefix="t", warcinfo={"software": "test"},
                          key_for=lambda created, name: f"warcs/ys/{name}", on_close=closed.append)
    import random

    noise = random.Random(1).randbytes(20_000)  # incompressible: a page of real size
    orig = http_capture(BASE + "/world/a-3725612", b"<html>" + noise + b"</html>")
    [resp, *_] = w.write_capture(orig, metadata={"title": "original"})
    copy = http_capture(BASE + "/world/b-3725655", b"<html>" + noise[::-1] + b"</html>",
                        T0 + timedelta(hours=5))
    doc = {"article": {"title": "copy"}, "story": {"diff": "--- a\n+++ b\n-x\n+y"}}
    written = w.write_capture(copy, Decision.REFERENCE,
                              Original(resp.url, resp.warc_date, resp.record_id), doc)
    assert [r.record_type for r in written] == ["revisit", "request", "metadata"]
    assert written[0].length < resp.length / 10  # the page is not stored twice
    w.close()
    path = closed[0].path
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(path, "rb") as f:
        recs = [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                for r in ArchiveIterator(f)]
    _, h, http, payload = recs[4]
    assert h.get_header("WARC-Profile") == STORY_REFERENCE_PROFILE
    assert h.get_header("WARC-Refers-To") == resp.record_id
    assert h.get_header("WARC-Refers-To-Target-URI") == orig.url
    assert h.get_header("WARC-Refers-To-Date") == resp.warc_date
    assert h.get_header("WARC-Payload-Digest") == copy.payload_digest
    assert http.get_statuscode() == "200" and payload == b""
    _, mh, _, mpayload = recs[6]
    assert mh.get_header("WARC-Concurrent-To") == h.get_header("WARC-Record-ID")
    assert json.loads(mpayload) == doc
    assert b"warc/revisit" in index_warc(path)
    with pytest.raises(ValueError):
        w.write_capture(copy, Decision.REFERENCE, None)


def archived(catalog, index, desk, article, when, *, stored=True):
    """What the pipeline does around the WARC writer, without the writer."""
    verdict = desk.judge(article, when)
    catalog.record_article(article.to_dict(), {"score": 1.0}, True, "run", None)
    if stored:
        catalog.add_capture({"run_id": "run", "source": article.source, "kind": "article",
                             "url": article.url, "warc_date": when.isoformat(),
                             "record_type": "response", "record_id": f"<urn:uuid:{article.key}>",
                             "status": 200, "warc_key": "k", "offset": 0, "length": 1,
                             "article_key": article.key})
    stored_as = "reference" if verdict.reference else "full"
    desk.record(article, verdict, when, stored_as)
    return verdict


@pytest.fixture
def desk_parts(tmp_path, catalog, catalog_url):
    if catalog_url.startswith("postgresql://"):  # the index in the catalog's database
        from archive.dedup.pgindex import PgCandidateIndex

        return catalog, PgCandidateIndex(catalog_url)
    return catalog, SqliteCandidateIndex(tmp_path / "idx.sqlite")


def test_late_arriving_original_becomes_canonical_catalog_only(desk_parts):
    catalog, index = desk_parts
    desk = StoryDesk(catalog, index)
    ys01, ys02 = fixture("3725612"), fixture("3725655")
    first = archived(catalog, index, desk, ys01, T0)
    assert first.founds and first.reference is None
    second = archived(catalog, index, desk, ys02, T0 + timedelta(hours=3))
    assert not second.founds and second.story_id == first.story_id
    assert second.reference.record_id == "<urn:uuid:3725612>"
    assert second.diff and ys02.title in second.diff
    # the agency's own page, crawled last: it takes over as canonical, stored in full
    aa = Article.from_dict({**ys01.to_dict(), "source": "aa", "url": "https://www.aa.com.tr/en/"
                            "middle-east/syria-russia-agree-joint-committee/3725000",
                            "article_id": "3725000", "title": "Syria, Russia agree on joint "
                            "committee to review Russian military presence"})
    late = archived(catalog, index, desk, aa, T0 + timedelta(hours=8))
    assert late.becomes_canonical and late.reference is None
    story = catalog.story(first.story_id)
    assert story["canonical"]["source"] == "aa"
    assert {m["article_key"] for m in story["members"]} == {"3725612", "3725655", "3725000"}
    member = catalog.story_member("yenisafak", "3725655")
    assert member["stored_as"] == "reference" and member["matched_key"] == "3725612"
    # judging again (a retried page) changes nothing
    assert desk.judge(ys02, T0 + timedelta(days=1)).story_id == first.story_id
    assert len(catalog.story(first.story_id)["members"]) == 3


def test_full_policy_links_without_reference(desk_parts):
    catalog, index = desk_parts
    desk = StoryDesk(catalog, index, policy="full")
    archived(catalog, index, desk, fixture("3725612"), T0)
    v = archived(catalog, index, desk, fixture("3725655"), T0 + timedelta(hours=3))
    assert not v.founds and v.reference is None and v.match.same_story
    assert catalog.story_member("yenisafak", "3725655")["stored_as"] == "full"
    with pytest.raises(ValueError):
        StoryDesk(catalog, index, policy="sometimes")


def test_failing_matcher_archives_in_full_and_counts(tmp_path, monkeypatch, fresh_catalog_url):
    from crawler.context import ArchiveContext
    from crawler.items import ArticlePage
    from crawler.pipelines import ArchivePipeline
    from newsarchive.config import Settings
    from tests.crawlkit import fetch_fixture_page
    from tests.sitesim import SiteServer

    class Stats(dict):
        def inc_value(self, key, n=1):
            self[key] = self.get(key, 0) + n

    import archive.dedup.policy as policy

    settings = Settings(data_dir=tmp_path, catalog=fresh_catalog_url)
    ctx = ArchiveContext(settings, "run-1")
    stats = Stats()
    pipe = ArchivePipeline(ctx, stats)
    with SiteServer("yenisafak") as srv:
        pages = {}
        for aid in ("3725612", "3725655"):
            rec = next(r for r in srv.records if r.article_id == aid)
            url = srv.base_url + rec.path
            pages[aid] = (url, fetch_fixture_page(url))

    def page(aid, when):
        url, html = pages[aid]
        return ArticlePage("yenisafak", url, url, html.decode(), [f"id:{aid}"],
                           [http_capture(url, html, when)])

    pipe.process_item(page("3725612", T0))

    def broken(a, b):
        raise RuntimeError("matcher down")

    monkeypatch.setattr(policy, "compare", broken)
    pipe.process_item(page("3725655", T0 + timedelta(hours=2)))
    ctx.close_source("yenisafak")
    assert stats.get("newsarchive/archived") == 2 and stats.get("newsarchive/dedup_error") == 1
    kinds = [c["record_type"] for c in ctx.catalog.captures() if c["kind"] == "article"
             and c["record_type"] != "metadata"]
    assert kinds == ["response", "request", "response", "request"]
    assert ctx.catalog.story_member("yenisafak", "3725655")["story_id"] != \
        ctx.catalog.story_member("yenisafak", "3725612")["story_id"]  # a story of its own
    # and with the matcher back, the same copy is recognised and referenced
    monkeypatch.undo()
    ctx2 = ArchiveContext(settings, "run-2")
    pipe2 = ArchivePipeline(ctx2, stats)
    rewrite = pages["3725655"]
    pages["3725655"] = (rewrite[0].replace("3725655", "3725656"), rewrite[1] + b"<!-- -->")
    pipe2.process_item(page("3725655", T0 + timedelta(hours=3)))
    ctx2.close_source("yenisafak")
    last = [c for c in ctx2.catalog.captures() if c["run_id"] == "run-2"]
    assert last[0]["record_type"] == "revisit"
    assert stats.get("newsarchive/story_references") == 1
