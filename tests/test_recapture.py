"""The re-capture schedule, version diffs and the server-not-modified record (i8-evidence)."""

from __future__ import annotations

import io
from datetime import datetime, timezone

from warcio.archiveiterator import ArchiveIterator

from archive.catalog.sqlite import SqliteCatalog
from archive.warc import Decision, HttpCapture, Original, RollingWarcWriter
from archive.warc.writer import NOT_MODIFIED_PROFILE
from crawler import recapture
from newsarchive.config import Settings

AGES = [3600.0, 86400.0, 604800.0]


def test_schedule_waits_for_each_age_and_skips_ages_already_past():
    assert recapture.first_due(1000.0, AGES) == (0, 4600.0)
    assert recapture.next_due(1000.0, AGES, now=4601.0) == (1, 87400.0)
    # a run a week late goes to the next age ahead, never fetching twice in a row
    assert recapture.next_due(1000.0, AGES, now=90000.0) == (2, 605800.0)
    assert recapture.next_due(1000.0, AGES, now=605800.0) is None


def test_settings_take_ages_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSARCHIVE_RECAPTURE__AGES", "[2, 4]")
    assert Settings.load().recapture.ages == [2.0, 4.0]
    monkeypatch.setenv("NEWSARCHIVE_RECAPTURE__AGES", "[4, 2]")
    try:
        Settings.load()
    except ValueError as e:
        assert "ascending" in str(e)
    else:
        raise AssertionError("descending ages accepted")


def test_compare_reports_fields_and_a_unified_body_diff():
    before = {"title": "A", "lead": "L", "body": "one\n\ntwo", "published": "p", "modified": "m"}
    after = {**before, "title": "A (corrected)", "body": "one\n\ntwo, corrected",
             "modified": "m2"}
    change = recapture.compare(before, after)
    assert set(change.fields) == {"title", "modified"}
    assert change.fields["title"] == {"before": "A", "after": "A (corrected)"}
    assert "-two\n" in change.body_diff and "+two, corrected\n" in change.body_diff
    assert not recapture.compare(before, dict(before)).changed


def test_takedown_reasons():
    is_article = lambda url: url.endswith(".html")  # noqa: E731
    assert recapture.takedown_reason(410, "u.html", "u.html", is_article) == "410 Gone"
    assert recapture.takedown_reason(404, "u.html", "u.html", is_article).startswith("404")
    assert "non-article" in recapture.takedown_reason(200, "http://h/world/", "u.html",
                                                      is_article)
    assert recapture.takedown_reason(200, "v.html", "u.html", is_article) is None
    assert recapture.takedown_reason(200, "u.html", "u.html", is_article) is None


def test_catalog_lists_only_what_is_due(tmp_path):
    cat = SqliteCatalog(tmp_path / "c.sqlite")
    cat.schedule_recapture("s", "k1", "http://h/1", 1000.0, 0, 4600.0)
    cat.schedule_recapture("s", "k2", "http://h/2", 2000.0, 0, 5600.0)
    cat.schedule_recapture("s", "k1", "http://h/1", 9999.0, 0, 99999.0)  # first one kept
    assert [r["article_key"] for r in cat.due_recaptures("s", 5000.0)] == ["k1"]
    cat.recaptured("s", "k1", checked_at=5000.0, status=304, step=1, due=87400.0,
                   state="scheduled")
    assert cat.due_recaptures("s", 5000.0) == []
    assert [r["article_key"] for r in cat.due_recaptures("s", 6000.0)] == ["k2"]
    cat.add_version({"source": "s", "article_key": "k2", "url": "http://h/2",
                     "captured": "t", "kind": "takedown", "status": 410, "flagged": True})
    assert cat.version_summaries()[("s", "k2")]["last_change"]["flagged"] is True
    assert cat.versions("s", "k2")[0]["status"] == 410


def test_304_is_written_as_a_server_not_modified_revisit(tmp_path):
    w = RollingWarcWriter(tmp_path, prefix="t", key_for=lambda c, f: f, warcinfo={"a": "b"})
    cap = HttpCapture(url="http://h/feed", date=datetime(2026, 1, 1, tzinfo=timezone.utc),
                      method="GET", request_headers=[("If-None-Match", 'W/"x"')],
                      request_body=b"", protocol="HTTP/1.1", status=304,
                      response_headers=[("ETag", 'W/"x"'), ("Content-Length", "0")], body=b"")
    orig = Original("http://h/feed", "2025-12-31T00:00:00Z", "<urn:uuid:1>")
    written = w.write_capture(cap, Decision.NOT_MODIFIED, orig)
    w.close()
    assert written[0].record_type == "revisit" and written[0].payload_digest is None
    (path,) = tmp_path.glob("*.warc.gz")
    recs = list(ArchiveIterator(io.BytesIO(path.read_bytes())))
    rev = next(r for r in recs if r.rec_type == "revisit")
    assert rev.rec_headers.get_header("WARC-Profile") == NOT_MODIFIED_PROFILE
    assert rev.rec_headers.get_header("WARC-Refers-To") == "<urn:uuid:1>"
    assert rev.rec_headers.get_header("WARC-Refers-To-Target-URI") == "http://h/feed"
    assert rev.rec_headers.get_header("WARC-Refers-To-Date") == "2025-12-31T00:00:00Z"
    assert rev.rec_headers.get_header("WARC-Payload-Digest") is None
    assert rev.http_headers.get_statuscode() == "304"
