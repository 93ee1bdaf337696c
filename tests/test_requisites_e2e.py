"""End to end (issue 10): page requisites of archived articles, fetched, archived, replayed.

Two crawls of both fixture sites (each with its CDN stand-in on 127.0.0.2, allowed as
the source's CDN host). The requisites expected of each archived article are the
fixture's own list (tests/sitesim/assets.py: what the rendered page references, and
what the fixture's stylesheets reference), never the crawler's extractor.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from urllib.parse import urlsplit

import pytest

from tests.crawlkit import (crawl, decoded, indexed_kinds, records, sent_bodies, summary_row,
                             warc_files)
from tests.sitesim import SiteServer, new_article

SINCE = "2025-10-01"
SITES = ("yenisafak", "sputnik")
CDN_ENV = {f"NEWSARCHIVE_INTAKE__{s.upper()}__HOSTS": '["127.0.0.2"]' for s in SITES}


def _requests(srv, since: int = 0, cdn_since: int = 0):
    """(URL, log entry) of every request to the site and its CDN after the marks."""
    out = [(srv.base_url + e.path, e) for e in srv.log[since:]]
    out += [(srv.cdn_url + e.path, e) for e in srv.cdn_log[cdn_since:]]
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    servers = {name: SiteServer(name).start() for name in SITES}
    held = {}
    try:
        first = crawl(data, servers, "--since", SINCE, env=CDN_ENV)
        # what each page archived by the first run referenced, as the fixture renders it
        expected1 = {name: {r.path: srv.expected_requisites(r.path)
                            for r in srv.records if r.relevant}
                     for name, srv in servers.items()}
        marks = {name: (len(srv.log), len(srv.cdn_log)) for name, srv in servers.items()}
        for name, srv in servers.items():  # one new article each: the second run archives it
            held[name] = srv.publish(new_article(name))
        expected2 = {name: {held[name].path: srv.expected_requisites(held[name].path)}
                     for name, srv in servers.items()}
        second = crawl(data, servers, "--since", SINCE, env=CDN_ENV)
        yield {"data": data, "store": data / "store", "servers": servers, "first": first,
               "second": second, "marks": marks, "expected1": expected1,
               "expected2": expected2, "new": held}
    finally:
        for srv in servers.values():
            srv.stop()


def _warc_records(store):
    """(file name, WARC type, target URI, profile, WARC-Date, payload) of every record."""
    out = []
    for f in warc_files(store):
        for rec, payload in records(f):
            h = rec.rec_headers
            out.append((f.name, rec.rec_type, h.get_header("WARC-Target-URI"),
                        h.get_header("WARC-Profile"), h.get_header("WARC-Date"), payload))
    return out


def _captured(store) -> dict[str, list[tuple[str, str | None]]]:
    """URI -> [(record type, profile)] of the response and revisit records."""
    out: dict[str, list] = {}
    for _, kind, uri, profile, _, _ in _warc_records(store):
        if kind in ("response", "revisit"):
            out.setdefault(uri, []).append((kind, profile))
    return out


def test_both_runs_succeed_and_archive_the_articles(archive):
    for run in ("first", "second"):
        result = archive[run]
        assert result.returncode == 0, result.stderr[-3000:]
    for name, srv in archive["servers"].items():
        assert any(e.path == archive["new"][name].path and e.status == 200 for e in srv.log)


def test_every_requisite_of_every_archived_article_is_in_the_warcs(archive):
    captured = _captured(archive["store"])
    n = 0
    for run in ("expected1", "expected2"):
        for name, pages in archive[run].items():
            for path, expected in pages.items():
                assert expected, path
                missing = sorted(u for u in expected if u not in captured)
                assert not missing, (name, path, missing)
                n += len(expected)
    assert n > 200


def test_stylesheet_fonts_and_cdn_images_are_among_them(archive):
    captured = _captured(archive["store"])
    for name, srv in archive["servers"].items():
        cdn = [u for u in captured if u.startswith(srv.cdn_url + "/")]
        assert any(u.endswith(".css") for u in cdn), name
        assert any(re.search(r"/img/.*_\d+x0\.", u) for u in cdn), name  # srcset candidates
        assert any(u.endswith(".woff2") and u.startswith(srv.base_url) for u in captured), name


def test_no_data_uri_no_host_off_the_allow_list_nothing_robots_disallows(archive):
    uris = {uri for _, kind, uri, _, _, _ in _warc_records(archive["store"])
            if kind in ("response", "revisit", "request")}
    for uri in uris:
        assert not uri.startswith("data:"), uri
        assert urlsplit(uri).hostname in ("127.0.0.1", "127.0.0.2"), uri
        assert "/private/" not in uri, uri
    for srv in archive["servers"].values():
        assert not [e.path for e in srv.cdn_log if e.path.startswith("/private/")]
        # the CDN's robots.txt was asked for (and obeyed)
        assert any(e.path == "/robots.txt" for e in srv.cdn_log)


def test_shared_requisites_are_fetched_once_per_run(archive):
    for name, srv in archive["servers"].items():
        since, cdn_since = archive["marks"][name]
        for run, entries in (("first", _requests(srv)[: since] +
                              [(srv.cdn_url + e.path, e) for e in srv.cdn_log[:cdn_since]]),
                             ("second", _requests(srv, since, cdn_since))):
            wanted = set().union(*archive["expected1" if run == "first" else "expected2"][name]
                                 .values())
            counts = Counter(u for u, e in entries if u in wanted and e.method == "GET")
            twice = {u: c for u, c in counts.items() if c > 1}
            assert not twice, (name, run, twice)
        # the main stylesheet is referenced by every page, fetched once in the first run
        css = next(u for u in wanted if u.endswith((".css",)) and u.startswith(srv.base_url))
        assert sum(1 for u, e in _requests(srv)[:since] if u == css) == 1, css


def test_second_run_asks_conditionally_and_stores_no_new_payload(archive):
    store = archive["store"]
    recs = _warc_records(store)
    for name, srv in archive["servers"].items():
        since, cdn_since = archive["marks"][name]
        known = set().union(*archive["expected1"][name].values())
        later = [(u, e) for u, e in _requests(srv, since, cdn_since) if u in known]
        assert later, name  # the new article shares requisites with the old ones
        for url, e in later:
            h = e.request_headers
            assert h.get("If-None-Match") or h.get("If-Modified-Since"), url
            assert e.status == 304, (url, e.status)
    # a 304 adds nothing to the WARCs: each shared requisite has one record, from run 1
    per_uri = Counter(uri for _, kind, uri, _, _, _ in recs if kind in ("response", "revisit"))
    for name in archive["servers"]:
        known = set().union(*archive["expected1"][name].values())
        shared = known & archive["expected2"][name][archive["new"][name].path]
        assert shared
        for url in shared:
            assert per_uri[url] == 1, (url, per_uri[url])
    # while the new article's own pictures are new: fetched in full
    for name, srv in archive["servers"].items():
        new = archive["new"][name]
        assert per_uri[srv.base_url + new.lead_image.path] == 1


def test_an_identical_payload_under_another_url_is_a_revisit(archive):
    """The Yeni Şafak logo is served by the site and by the CDN, byte for byte the same:
    one full response, one identical-payload-digest revisit."""
    srv = archive["servers"]["yenisafak"]
    site_logo = srv.base_url + "/assets/images/ys-logo.svg"
    cdn_logo = srv.cdn_url + "/assets/images/ys-logo.svg"
    kinds = {}
    for _, kind, uri, profile, _, _ in _warc_records(archive["store"]):
        if uri in (site_logo, cdn_logo) and kind in ("response", "revisit"):
            kinds.setdefault(uri, set()).add((kind, (profile or "").rsplit("/", 1)[-1]))
    assert sorted(kinds.values(), key=str) == sorted(
        [{("response", "")}, {("revisit", "identical-payload-digest")}], key=str)


def test_requisite_payloads_are_what_was_sent(archive):
    sent = sent_bodies(archive["servers"].values())
    n = 0
    for fname, kind, uri, _, _, payload in _warc_records(archive["store"]):
        if kind == "response" and "-requisite-" in fname:
            n += 1
            assert payload in sent[uri], uri
    assert n > 20


def test_requisite_warcs_pass_warcio_check(archive):
    files = [f for f in warc_files(archive["store"]) if "-requisite-" in f.name]
    assert files
    for f in files:
        proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(f)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def test_each_warcs_index_made_while_writing_is_the_one_cdxj_indexer_makes(archive):
    """Requisites of both runs: fonts, images, stylesheets, identical-payload revisits."""
    kinds = indexed_kinds(archive["store"])
    assert {("response", ""), ("revisit", "identical-payload-digest")} <= set(kinds), kinds


def test_requisite_counters_reach_the_run_record(archive):
    from archive.catalog import open_catalog

    cat = open_catalog(f"sqlite:///{archive['data'] / 'catalog.sqlite'}")
    try:
        runs = cat.runs(5)
        stats = [json.loads(r["stats"]) if isinstance(r["stats"], str) else r["stats"]
                 for r in runs if r.get("stats")]
        flat = json.dumps(stats)
        assert "requisite_archived" in flat and "requisite_not_modified" in flat
        row = cat.requisite(archive["servers"]["yenisafak"].base_url + "/assets/css/ys-main.css")
        assert row["status"] == 200 and row["etag"] and row["checks"] >= 2
        assert any(u.endswith("ys-fonts.css") for u, _ in row["refs"])
    finally:
        cat.close()


def test_pywb_replays_every_requisite_of_an_article(archive, tmp_path):
    from tests.replay import Pywb

    store = archive["store"]
    article_dates = {}
    for _, kind, uri, _, date, _ in _warc_records(store):
        if kind == "response":
            article_dates.setdefault(uri, date)
    with Pywb(tmp_path, warc_files(store)) as pywb:
        for run in ("expected1", "expected2"):
            for name, pages in archive[run].items():
                srv = archive["servers"][name]
                path, expected = next(iter(pages.items()))
                ts = re.sub(r"\D", "", article_dates[srv.base_url + path])[:14]
                for url in sorted(expected):
                    status, _, body = pywb.get(f"{ts}id_/{url}")
                    assert status == 200, (run, url, status)
                    assert decoded(body), url


def test_requisite_errors_are_counted_and_never_fail_the_article(tmp_path):
    """A CDN stylesheet answering 503, an image whose connection is reset, fonts over
    requisites.max_bytes: the articles are archived all the same, the run is ok, the
    failures are counted; the cut fonts are kept marked WARC-Truncated."""
    from archive.catalog import open_catalog

    with SiteServer("yenisafak") as srv:
        srv.cdn_faults.add(r"^/assets/css/ys-detail\.css$", "status", status=503)
        srv.faults.add(r"^/assets/images/header-bg\.png$", "reset")
        env = {**CDN_ENV, "NEWSARCHIVE_REQUISITES__MAX_BYTES": "500"}
        result = crawl(tmp_path, {"yenisafak": srv}, "--limit", "3", env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        row = summary_row(result.stdout, "yenisafak")
        assert row["archived"] >= 1 and row["failed"] == 0, result.stdout
        cat = open_catalog(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
        try:
            assert cat.runs(1)[0]["status"] in ("ok", "ok-spooled"), cat.runs(1)[0]
            stats = cat.runs(1)[0]["stats"]
            stats = json.loads(stats) if isinstance(stats, str) else stats
            flat = json.dumps(stats)
            for key in ("requisite_failed", "requisite_refused", "requisite_archived"):
                assert f'"{key}"' in flat, (key, flat[:2000])
            failed = cat.requisite(srv.cdn_url + "/assets/css/ys-detail.css")
            assert failed is None  # never fetched in full: nothing remembered to ask for
        finally:
            cat.close()
        truncated = [rec.rec_headers.get_header("WARC-Target-URI")
                     for f in warc_files(tmp_path / "store") for rec, _ in records(f)
                     if rec.rec_headers.get_header("WARC-Truncated")]
        assert any(u.endswith(".woff2") for u in truncated), truncated
