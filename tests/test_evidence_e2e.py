"""Issue 8 (i8-evidence), end to end against the fixture site: robots.txt, 304 answers and
listing pages leave evidence in the discovery WARCs; archived articles are fetched again
at their ages, edits become versions with a diff, removals takedown evidence."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from crawler.sites import SITES
from tests.crawlkit import crawl, newsarchive, records, warc_files
from tests.sitesim import SiteServer

FIRST_AGE = 30  # seconds: long enough for a second run to come before it
AGES = {"NEWSARCHIVE_RECAPTURE__AGES": f"[{FIRST_AGE}, 3600]",
        # issue 10: page requisites lengthen the first run past FIRST_AGE on a busy
        # machine (the second run would then find articles due); they are not what this tests
        "NEWSARCHIVE_REQUISITES__ENABLED": "false"}
NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def warc_records(store, discovery: bool):
    out = []
    for path in warc_files(store):
        if ("-discovery-" in path.name) == discovery:
            for rec, _ in records(path):
                h = rec.rec_headers
                out.append({"type": rec.rec_type, "url": h.get_header("WARC-Target-URI"),
                            "profile": h.get_header("WARC-Profile"),
                            "refers_to": h.get_header("WARC-Refers-To"),
                            "refers_uri": h.get_header("WARC-Refers-To-Target-URI"),
                            "refers_date": h.get_header("WARC-Refers-To-Date"),
                            "status": rec.http_headers.get_statuscode()
                            if rec.http_headers and rec.rec_type != "request" else None,
                            "file": path.name})
    return out


def article_fetches(srv, since: int = 0):
    site = SITES["yenisafak"]
    return [e for e in srv.log[since:]
            if site.is_article(srv.base_url + urlsplit(e.path).path)]


def export(data):
    out = newsarchive("export", "--data-dir", str(data))
    assert out.returncode == 0, out.stderr
    return {json.loads(line)["url"]: json.loads(line) for line in out.stdout.splitlines()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    srv = SiteServer("yenisafak").start()
    try:
        servers = {"yenisafak": srv}
        first = crawl(data, servers, env=AGES)
        assert first.returncode == 0, first.stderr[-3000:]
        archived = export(data)
        mark1 = len(srv.log)
        second = crawl(data, servers, env=AGES)  # nothing changed, no article due yet
        assert second.returncode == 0, second.stderr[-3000:]
        mark2 = len(srv.log)
        # between runs: one archived article edited, one taken down
        by_url = {srv.base_url + r.path: r for r in srv.records}
        urls = sorted(u for u in archived if u in by_url)
        assert len(urls) >= 3, urls
        edited, removed = by_url[urls[0]], by_url[urls[1]]
        body = list(edited.body)
        first_par = next(i for i, b in enumerate(body) if isinstance(b, str))
        body[first_par] = body[first_par] + " Updated: officials corrected the figures."
        srv.publish(dataclasses.replace(edited, title=edited.title + " (updated)", body=body,
                                        modified=edited.modified + timedelta(hours=2)))
        srv.unpublish(removed.article_id, status=410)
        # wait for the first age of every article archived in the first run
        try:
            with sqlite3.connect(data / "catalog.sqlite") as db:
                due = max(r[0] for r in db.execute("SELECT due FROM recaptures"))
        except (sqlite3.OperationalError, ValueError):  # no schedule at all (the bug)
            due = time.time() + FIRST_AGE
        assert due - time.time() < FIRST_AGE  # the first age, not a later one
        time.sleep(max(0.0, due - time.time() + 0.5))
        third = crawl(data, servers, env=AGES)
        assert third.returncode == 0, third.stderr[-3000:]
        mark3 = len(srv.log)
        fourth = crawl(data, servers, env=AGES)  # the next age (an hour) is far ahead
        assert fourth.returncode == 0, fourth.stderr[-3000:]
        yield {"data": data, "store": data / "store", "srv": srv, "archived": archived,
               "marks": (mark1, mark2, mark3), "edited": srv.base_url + edited.path,
               "removed": srv.base_url + removed.path, "urls": urls}
    finally:
        srv.stop()


def test_robots_txt_is_archived_first_then_only_revisited(runs):
    recs = [r for r in warc_records(runs["store"], True)
            if r["url"] and r["url"].endswith("/robots.txt") and r["type"] != "request"]
    assert recs, "robots.txt is not in the discovery WARC"
    assert recs[0]["type"] == "response" and recs[0]["status"] == "200"
    assert len(recs) >= 2  # every run leaves a record of the robots.txt it obeyed
    assert all(r["type"] == "revisit" for r in recs[1:]), recs  # unchanged: revisits only


def test_listing_pages_are_archived(runs):
    base = runs["srv"].base_url
    listings = [r for r in warc_records(runs["store"], True)
                if r["type"] == "response" and r["url"].startswith(base)
                and not r["url"].endswith(("/robots.txt",)) and "/rss" not in r["url"]]
    assert listings, "no listing page in the discovery WARC"


def test_feeds_answering_304_leave_server_not_modified_revisits(runs):
    recs = [r for r in warc_records(runs["store"], True) if r["profile"] == NOT_MODIFIED]
    assert recs, "a rerun whose documents answer 304 left no trace"
    assert all(r["type"] == "revisit" and r["status"] == "304" for r in recs)
    full = {r["url"] for r in warc_records(runs["store"], True) if r["type"] == "response"}
    for r in recs:  # each points at the earlier capture of its URL
        assert r["refers_uri"] == r["url"] and r["url"] in full and r["refers_to"]
        assert r["refers_date"]


def test_nothing_is_fetched_before_its_next_age(runs):
    srv, (m1, m2, m3) = runs["srv"], runs["marks"]
    assert [e.path for e in srv.log[m1:m2] if e in article_fetches(srv, m1)] == []
    assert [e.path for e in srv.log[m3:] if e in article_fetches(srv, m3)] == []
    third = [e for e in srv.log[m2:m3] if e in article_fetches(srv, m2)]
    fetched = {srv.base_url + e.path for e in third}
    assert set(runs["urls"]) <= fetched  # every archived article was checked at its age
    assert all(e.request_headers.get("If-None-Match") or e.request_headers.get(
        "If-Modified-Since") for e in third if srv.base_url + e.path in runs["urls"])


def test_edited_article_gets_a_second_capture_and_a_version_with_the_diff(runs):
    url = runs["edited"]
    out = newsarchive("versions", url, "--json", "--data-dir", str(runs["data"]))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout.splitlines()[0])
    pages = [c for c in doc["captures"] if c["status"] == 200 and c["url"] == url]
    assert len(pages) == 2 and pages[1]["record_type"] == "response"
    (version,) = doc["versions"]
    assert version["kind"] == "edited" and not version["flagged"]
    assert version["changes"]["title"]["after"].endswith("(updated)")
    assert "modified" in version["changes"]
    assert "+" in version["body_diff"] and "officials corrected the figures" in version["body_diff"]
    row = export(runs["data"])[url]
    assert row["versions"] == 1 and row["last_change"]["kind"] == "edited"
    assert row["title"].endswith("(updated)")


def test_removed_article_leaves_flagged_takedown_evidence(runs):
    url = runs["removed"]
    out = newsarchive("versions", url, "--json", "--data-dir", str(runs["data"]))
    doc = json.loads(out.stdout.splitlines()[0])
    (version,) = doc["versions"]
    assert version["kind"] == "takedown" and version["flagged"] and version["status"] == 410
    assert doc["schedule"]["state"] == "takedown"
    gone = [r for r in warc_records(runs["store"], False) if r["url"] == url
            and r["type"] == "response" and r["status"] == "410"]
    assert len(gone) == 1
    row = export(runs["data"])[url]
    assert row["versions"] == 1 and row["last_change"]["flagged"] is True
    text = newsarchive("versions", url, "--data-dir", str(runs["data"])).stdout
    assert "takedown" in text and "FLAGGED" in text


def test_unchanged_articles_answer_304_and_leave_revisits(runs):
    unchanged = set(runs["urls"]) - {runs["edited"], runs["removed"]}
    recs = [r for r in warc_records(runs["store"], False) if r["profile"] == NOT_MODIFIED]
    assert unchanged <= {r["url"] for r in recs}
    for r in recs:
        assert r["status"] == "304" and r["refers_uri"] == r["url"] and r["refers_to"]
    assert all(export(runs["data"])[u]["versions"] == 0 for u in unchanged)


def test_warcs_pass_warcio_check_and_verify_passes(runs):
    files = warc_files(runs["store"])
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", *map(str, files)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = newsarchive("verify", "--data-dir", str(runs["data"]))
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
