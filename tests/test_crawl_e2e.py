"""End to end: the real `newsarchive crawl` against the fixture site on 127.0.0.1."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from crawler.sites import SITES
from tests.crawlkit import (crawl, indexed_kinds, newsarchive, records, sent_bodies,
                             summary_row, warc_files)
from tests.sitesim import SiteServer

SINCE = "2025-10-01"  # backfill far enough to reach the fixture's oldest (seed) articles


def article_paths(srv, site):
    return [e for e in srv.log if SITES[site].is_article("http://x" + urlsplit(e.path).path)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Two crawls of both sources into one data dir; the second must find nothing new."""
    data = tmp_path_factory.mktemp("data")
    # issue 8: the servers send odd header case, repeated headers, "200 Fine",
    # Keep-Alive and chunked pages (tests/sitesim/wire.py)
    servers = {name: SiteServer(name, wire_quirks=True).start()
               for name in ("yenisafak", "sputnik")}
    try:
        first = crawl(data, servers, "--since", SINCE)
        marks = {name: len(srv.log) for name, srv in servers.items()}
        second = crawl(data, servers, "--since", SINCE)
        yield {"data": data, "store": data / "store", "servers": servers, "first": first,
               "second": second, "marks": marks}
    finally:
        for srv in servers.values():
            srv.stop()


def test_first_run_archives_exactly_the_relevant_articles(archive):
    first = archive["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    for name, srv in archive["servers"].items():
        row = summary_row(first.stdout, name)
        relevant = [r for r in srv.records if r.relevant]
        assert row["archived"] == len(relevant), (name, row)
        assert row["new"] == len(srv.records), (name, row)
        assert row["failed"] == 0
    out = newsarchive("articles", "--data-dir", str(archive["data"]))
    titles = {r.title for srv in archive["servers"].values() for r in srv.records if r.relevant}
    irrelevant = {r.title for srv in archive["servers"].values() for r in srv.records
                  if not r.relevant}
    for t in titles:
        assert t in out.stdout
    for t in irrelevant:
        assert t not in out.stdout


def test_warcs_pass_warcio_check(archive):
    files = warc_files(archive["store"])
    assert any("-discovery-" in f.name for f in files)
    assert any("-discovery-" not in f.name for f in files)
    for f in files:
        proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(f)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "WARC/1.1" in _first_record_header(f)
    assert not list(archive["store"].rglob("*.open"))
    assert not list((archive["data"] / "spool").rglob("*.warc.gz*"))


def _first_record_header(path):
    import gzip

    with gzip.open(path, "rb") as f:
        return f.readline().decode()


def test_archived_bytes_equal_what_the_server_sent(archive):
    sent = sent_bodies(archive["servers"].values())
    checked = 0
    for f in warc_files(archive["store"]):
        for rec, payload in records(f):
            if rec.rec_type != "response":
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            assert payload in sent[url], url
            enc = rec.http_headers.get_header("Content-Encoding")
            ctype = rec.http_headers.get_header("Content-Type") or ""
            if url.endswith("/robots.txt"):  # i8-evidence: robots.txt is sent as is
                pass
            elif ctype.startswith(("image/", "font/", "video/")):  # issue 10: requisites
                assert enc is None, url
            else:
                assert enc == "gzip" and payload[:2] == b"\x1f\x8b", url
            length = rec.http_headers.get_header("Content-Length")
            if length is None:  # sent chunked: the stored body is the de-chunked entity
                assert rec.http_headers.get_header("Transfer-Encoding") == "chunked", url
            else:
                assert int(length) == len(payload)
            checked += 1
    n_relevant = sum(r.relevant for s in archive["servers"].values() for r in s.records)
    assert checked >= n_relevant


def test_every_archived_article_has_request_and_metadata(archive):
    for f in warc_files(archive["store"]):
        if "-discovery-" in f.name or "-requisite-" in f.name:  # issue 10: requisites apart
            continue
        types = {}
        for rec, payload in records(f):
            types.setdefault(rec.rec_type, []).append(rec)
            if rec.rec_type == "metadata":
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                assert uri.startswith("urn:pageinfo:http://127.0.0.1")
                doc = json.loads(payload)
                assert doc["topic"]["relevant"] is True
                assert doc["article"]["title"]
        assert types["warcinfo"][0] is not None
        # a page is a response, or a story-reference revisit (a copy of an AA story
        # archived in the same run); each has its request and metadata records
        pages = len(types["response"]) + len(types.get("revisit", []))
        assert pages == len(types["request"]) == len(types["metadata"])


def test_second_run_fetches_no_article_and_archives_nothing(archive):
    second = archive["second"]
    assert second.returncode == 0, second.stderr[-3000:]
    for name, srv in archive["servers"].items():
        later = srv.log[archive["marks"][name]:]
        fetched = [e.path for e in later if SITES[name].is_article("http://x" + e.path)]
        assert fetched == [], fetched
        row = summary_row(second.stdout, name)
        assert row["new"] == 0 and row["archived"] == 0, row
        conditional = [e for e in later if "If-None-Match" in e.request_headers
                       or "if-none-match" in {k.lower() for k in e.request_headers}]
        assert conditional, "feeds and sitemaps must be requested conditionally"
        assert any(e.status == 304 for e in later)


def test_robots_txt_is_obeyed(archive):
    sp = archive["servers"]["sputnik"]
    paths = [e.path for e in sp.log]
    assert "/robots.txt" in paths
    assert not [p for p in paths if p.startswith(("/services/", "/search/"))
                or re.search(r"-print\.html$", p)]


def test_catalog_and_metadata_objects(archive):
    store = archive["store"]
    meta = sorted(store.glob("metadata/**/*.json"))
    n_relevant = sum(r.relevant for s in archive["servers"].values() for r in s.records)
    assert len(meta) == n_relevant
    manifests = sorted(store.glob("manifests/*/*/*/*.jsonl"))
    lines = [json.loads(line) for m in manifests for line in m.read_text().splitlines()]
    assert len(lines) == n_relevant
    for w in warc_files(store):
        assert w.with_name(w.name.replace(".warc.gz", ".cdxj")).exists()
    export = newsarchive("export", "--format", "jsonl", "--data-dir", str(archive["data"]))
    docs = [json.loads(line) for line in export.stdout.splitlines()]
    assert len(docs) == n_relevant
    assert all(d["relevant"] and d["topic"]["score"] > 0 for d in docs)


def test_each_warcs_index_made_while_writing_is_the_one_cdxj_indexer_makes(archive):
    """Both runs, wire quirks on: full responses, the second run's 304 server-not-modified
    revisits, metadata, discovery documents (story references: tests/test_dedup_e2e.py,
    where the copies come after the original every time)."""
    kinds = indexed_kinds(archive["store"])
    assert {("response", ""), ("metadata", ""), ("revisit", "server-not-modified")
            } <= set(kinds), kinds


def test_new_article_published_later_is_archived_alone(tmp_path):
    from tests.sitesim import new_article

    with SiteServer("sputnik") as srv:
        first = crawl(tmp_path, {"sputnik": srv}, "--since", "2026-11-01")
        assert first.returncode == 0, first.stderr[-2000:]
        record = new_article("sputnik")
        srv.publish(record)
        mark = len(srv.log)
        again = crawl(tmp_path, {"sputnik": srv})
        assert again.returncode == 0, again.stderr[-2000:]
        fetched = [e.path for e in srv.log[mark:] if SITES["sputnik"].is_article("http://x" + e.path)]
        assert fetched == [record.path]
        assert summary_row(again.stdout, "sputnik")["archived"] == (1 if record.relevant else 0)


def test_malformed_feed_and_page_are_logged_counted_and_crawl_goes_on(tmp_path):
    with SiteServer("sputnik") as srv:
        bad = next(r for r in srv.records if r.relevant and r.published.year == 2026)
        srv.faults.add(r"^/export/rss2/archive/index\.xml", "malformed")
        srv.faults.add("^" + re.escape(bad.path) + "$", "malformed")
        result = crawl(tmp_path, {"sputnik": srv}, "--since", "2026-11-01")
        assert result.returncode == 0, result.stderr[-2000:]
        lines = result.log_lines()
        feed_errors = [l for l in lines if l.get("event") == "malformed discovery document"]
        assert feed_errors and feed_errors[0]["url"].endswith("/export/rss2/archive/index.xml")
        page_errors = [l for l in lines if l.get("event") == "malformed article page"]
        assert [l["url"] for l in page_errors] == [srv.base_url + bad.path]
        assert all(l.get("run_id") and l.get("source") == "sputnik"
                   for l in feed_errors + page_errors)
        row = summary_row(result.stdout, "sputnik")
        assert row["failed"] == 1
        in_window = [r for r in srv.records if r.relevant and r.published.year == 2026]
        assert row["archived"] == len(in_window) - 1
        # the malformed page was not remembered as seen: the next run tries it again
        srv.faults.clear()
        again = crawl(tmp_path, {"sputnik": srv}, "--since", "2026-11-01")
        assert summary_row(again.stdout, "sputnik")["archived"] == 1


def test_archived_article_replays_in_pywb_as_served(archive, tmp_path):
    from tests.replay import Pywb, check_responses_replay

    files = warc_files(archive["store"])
    with Pywb(tmp_path, files) as pywb:
        assert check_responses_replay(pywb, files, sent_bodies(archive["servers"].values()),
                                      limit=6)


def test_limit_and_json_logs_carry_run_id_and_source(tmp_path):
    with SiteServer("yenisafak") as srv:
        result = crawl(tmp_path, {"yenisafak": srv}, "yenisafak", "--limit", "3")
    assert result.returncode == 0, result.stderr[-2000:]
    row = summary_row(result.stdout, "yenisafak")
    assert row["new"] == 3
    fetched = [e for e in srv.log if SITES["yenisafak"].is_article("http://x" + e.path)]
    assert len(fetched) == 3
    lines = result.log_lines()
    assert lines and all(line.get("run_id") for line in lines)
    run_ids = {line["run_id"] for line in lines}
    assert len(run_ids) == 1 and run_ids.pop() in result.stdout
    scrapy_lines = [line for line in lines if line.get("logger", "").startswith("scrapy.")]
    assert any(line.get("source") == "yenisafak" for line in scrapy_lines)
    # every line is JSON: nothing on stderr escapes the structlog chain
    others = [ln for ln in result.stderr.splitlines() if ln.strip() and not ln.startswith("{")]
    assert not [ln for ln in others if not ln.startswith((" ", "'", "}", "{", "[", "]"))], others


def test_aa_wire_twins_crawled_in_one_run_share_one_story(archive):
    """Story-level dedup (issue 7): the fixture's two AA rewrites, whatever order the
    crawl fetched them in, are one story; the same-day Sputnik story is another."""
    out = newsarchive("stories", "--json", "--data-dir", str(archive["data"]))
    stories = [json.loads(line) for line in out.stdout.splitlines()]
    twins = [r for r in archive["servers"]["yenisafak"].records
             if r.aa_story == "aa-20261115-shaibani-lavrov-moscow"]
    story = {m["article_key"]: s["story_id"] for s in stories for m in s["members"]}
    assert len(twins) == 2 and story[twins[0].article_id] == story[twins[1].article_id]
    assert story["1124823417"] != story[twins[0].article_id]
    n_relevant = sum(r.relevant for s in archive["servers"].values() for r in s.records)
    assert len(story) == n_relevant and len(stories) == n_relevant - 1


# -- issue 8: the HTTP messages as they crossed the wire ----------------------------------

def test_header_blocks_are_the_bytes_that_crossed_the_wire(archive):
    """Every response (and revisit) holds the status line and header block the server
    sent, byte for byte; its request record holds the bytes the server received."""
    from tests.wirekit import exchanges

    found = exchanges(warc_files(archive["store"]), archive["servers"].values())
    assert len(found) >= sum(r.relevant for s in archive["servers"].values() for r in s.records)
    quirks = 0
    for h, block, req, entry in found:
        url = h.get_header("WARC-Target-URI")
        assert entry is not None, (url, block[:400])
        assert req is not None, url
        assert req[1] == entry.raw_request, (url, req[1][:400], entry.raw_request[:400])
        if h.get_header("WARC-Type") == "response":
            assert block[len(entry.raw_head):] == entry.body, url
        head = entry.raw_head
        quirks += (b" 200 Fine\r\n" in head and b"Transfer-Encoding: chunked" in head)
    assert quirks  # chunked pages with the custom reason phrase were among them


def test_warc_date_is_when_the_request_went_on_the_wire(archive):
    from tests.wirekit import check_date, exchanges

    found = exchanges(warc_files(archive["store"]), archive["servers"].values(), exact=False)
    assert found
    for h, block, req, entry in found:
        assert entry is not None and req is not None, h.get_header("WARC-Target-URI")
        check_date(h, req, entry)


def test_warc_date_is_not_stamped_before_the_download_delay(tmp_path):
    """With a per-site delay, requests wait in the downloader after the middlewares."""
    from tests.wirekit import check_date, exchanges

    with SiteServer("yenisafak", wire_quirks=True) as srv:
        result = crawl(tmp_path, {"yenisafak": srv}, "--limit", "2",
                       env={"NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY": "0.4",
                            "NEWSARCHIVE_POLITENESS__CONCURRENT_PER_SITE": "1"})
        assert result.returncode == 0, result.stderr[-2000:]
        found = exchanges(warc_files(tmp_path / "store"), [srv], exact=False)
    assert len(found) >= 2
    log = list(srv.log)
    for h, block, req, entry in found:
        assert entry is not None and req is not None
        check_date(h, req, entry)
        # one request at a time: it went on the wire after the one before it had arrived
        i = next(i for i, e in enumerate(log) if e is entry)
        if i:
            before = datetime.fromtimestamp(log[i - 1].time, timezone.utc)
            from tests.wirekit import warc_datetime

            assert warc_datetime(h.get_header("WARC-Date")) >= before, entry.path


def test_record_headers_name_their_warcinfo_and_addresses(archive):
    """WARC-Warcinfo-ID on every record; IP address on responses and requests; metadata
    records carry no payload digest; revisits with HTTP headers say WARC-Truncated."""
    from tests.wirekit import raw_records

    revisits = 0
    for f in warc_files(archive["store"]):
        recs = list(raw_records(f))
        info_h, info = recs[0]
        assert info_h.get_header("WARC-Type") == "warcinfo"
        fields = dict(line.split(": ", 1) for line in info.decode().splitlines() if ": " in line)
        assert fields["robots"] == "classic"
        assert fields["operator"].startswith("mailto:") or "://" in fields["operator"]
        import scrapy
        from importlib.metadata import version

        assert f"Scrapy/{scrapy.__version__}" in fields["software"]
        assert f"warcio/{version('warcio')}" in fields["software"]
        info_id = info_h.get_header("WARC-Record-ID")
        for h, block in recs[1:]:
            kind = h.get_header("WARC-Type")
            assert h.get_header("WARC-Warcinfo-ID") == info_id, kind
            if kind in ("response", "revisit", "request"):
                assert h.get_header("WARC-IP-Address") == "127.0.0.1", kind
            if kind == "metadata":
                assert h.get_header("WARC-Payload-Digest") is None
            if kind == "revisit":
                revisits += 1
                assert h.get_header("WARC-Truncated") == "length"
    assert revisits  # the AA wire copies are story-reference revisits
