"""End to end: AA wire copies on the fixture site end in one story; the later copies
are stored as story references to the canonical capture; pywb still replays the
canonical page; Sputnik's own story of the same meeting stays apart; a rerun
changes no cluster."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from archive.warc.writer import STORY_REFERENCE_PROFILE
from tests.crawlkit import (crawl, decoded, indexed_kinds, newsarchive, records, sent_bodies,
                             warc_files)
from tests.sitesim import SiteServer, articles_for, wire_copies

SINCE = "2026-11-10"
ORIGINAL, REWRITE, TRIMMED, SPUTNIK = "3725612", "3725655", "3725790", "1124823417"


def stories(data) -> list[dict]:
    out = newsarchive("stories", "--json", "--data-dir", str(data))
    assert out.returncode == 0, out.stderr[-2000:]
    return [json.loads(line) for line in out.stdout.splitlines()]


def story_of(all_stories, article_key):
    found = [s for s in all_stories if article_key in [m["article_key"] for m in s["members"]]]
    assert len(found) == 1, (article_key, found)
    return found[0]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Crawl the original (and everything else) first; the copies appear on the site
    later, as copies do, and are found by the next crawl; then a rerun."""
    data = tmp_path_factory.mktemp("dedup")
    ys_records = [r for r in articles_for("yenisafak") if r.article_id != REWRITE]
    rewrite = next(r for r in articles_for("yenisafak") if r.article_id == REWRITE)
    ys = SiteServer("yenisafak", records=ys_records).start()
    sp = SiteServer("sputnik").start()
    servers = {"yenisafak": ys, "sputnik": sp}
    try:
        first = crawl(data, servers, "--since", SINCE)
        assert first.returncode == 0, first.stderr[-3000:]
        after_first = stories(data)
        ys.publish(rewrite)
        for rec in wire_copies():
            ys.publish(rec)
        second = crawl(data, servers, "--since", SINCE)
        assert second.returncode == 0, second.stderr[-3000:]
        after_second = stories(data)
        third = crawl(data, servers, "--since", SINCE)
        assert third.returncode == 0, third.stderr[-3000:]
        yield {"data": data, "store": data / "store", "servers": servers, "first": after_first,
               "second": after_second, "third": stories(data), "log": second.log_lines()}
    finally:
        ys.stop()
        sp.stop()


def test_wire_copies_join_the_original_story(run):
    story = story_of(run["second"], ORIGINAL)
    keys = {m["article_key"] for m in story["members"]}
    assert keys == {ORIGINAL, REWRITE, TRIMMED}
    assert story["canonical"]["article_key"] == ORIGINAL
    assert story["story_id"] == story_of(run["first"], ORIGINAL)["story_id"]
    for m in story["members"]:
        assert m["outlet"] == "yenisafak" and m["url"].startswith("http://127.0.0.1:")
        if m["article_key"] != ORIGINAL:
            assert m["stored_as"] == "reference"
            assert 0 < m["score"] <= 1 and m["reasons"] and m["published"]
    copies = [line for line in run["log"] if line.get("event") == "copy of an archived story"]
    assert len(copies) == 2


def test_same_day_sputnik_story_stays_apart(run):
    sputnik = story_of(run["second"], SPUTNIK)
    assert [m["article_key"] for m in sputnik["members"]] == [SPUTNIK]
    assert sputnik["story_id"] != story_of(run["second"], ORIGINAL)["story_id"]
    # every archived article has a story; no other story has members from two outlets
    for s in run["second"]:
        assert s["canonical"] in s["members"]
        assert len({m["outlet"] for m in s["members"]}) == 1


def test_rerun_changes_no_cluster(run):
    assert run["third"] == run["second"]


def test_references_point_at_the_canonical_capture_and_pass_warcio_check(run):
    store = run["store"]
    by_id, refs, meta = {}, [], {}
    for f in warc_files(store):
        proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(f)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        for rec, payload in records(f):
            h = rec.rec_headers
            by_id[h.get_header("WARC-Record-ID")] = rec
            if h.get_header("WARC-Profile") == STORY_REFERENCE_PROFILE:
                refs.append((rec, payload))
            if rec.rec_type == "metadata":
                meta[h.get_header("WARC-Concurrent-To")] = json.loads(payload)
    assert len(refs) == 2
    sent = sent_bodies(run["servers"].values())
    for rec, payload in refs:
        h = rec.rec_headers
        assert rec.rec_type == "revisit" and payload == b""  # no page stored twice
        url = h.get_header("WARC-Target-URI")
        assert re.search(f"-({REWRITE}|{TRIMMED})$", url)
        target = by_id[h.get_header("WARC-Refers-To")]
        assert target.rec_type == "response"
        assert target.rec_headers.get_header("WARC-Target-URI").endswith(ORIGINAL)
        assert h.get_header("WARC-Refers-To-Target-URI") == \
            target.rec_headers.get_header("WARC-Target-URI")
        assert h.get_header("WARC-Refers-To-Date") == target.rec_headers.get_header("WARC-Date")
        # the digest is that of the copy's own body, as fetched
        import base64
        import hashlib

        digests = {"sha1:" + base64.b32encode(hashlib.sha1(b).digest()).decode()
                   for b in sent[url]}
        assert h.get_header("WARC-Payload-Digest") in digests
        assert rec.http_headers.get_statuscode() == "200"
        doc = meta[h.get_header("WARC-Record-ID")]
        assert doc["article"]["url"] == url and doc["article"]["agency"] == "AA"
        assert doc["story"]["refers_to"]["record_id"] == h.get_header("WARC-Refers-To")
        diff = doc["story"]["diff"]
        assert diff.startswith("--- ") and "\n+" in diff and "\n-" in diff
        assert doc["article"]["title"] in diff  # the new headline is in the diff


def test_each_warcs_index_made_while_writing_is_the_one_cdxj_indexer_makes(run):
    kinds = indexed_kinds(run["store"])
    assert kinds["revisit", "story-reference/v1"] == 2, kinds


def test_pywb_replays_the_canonical_capture_not_for_the_copy(run, tmp_path):
    from tests.replay import Pywb

    store = run["store"]
    sent = sent_bodies(run["servers"].values())
    original = next(u for u in sent if u.endswith("-" + ORIGINAL))
    copy = next(u for u in sent if u.endswith("-" + REWRITE))
    with Pywb(tmp_path, warc_files(store)) as pywb:
        status, _, body = pywb.get(f"2026id_/{original}")
        assert status == 200
        assert any(decoded(body) == decoded(s) for s in sent[original])
        status, _, body = pywb.get(f"2026id_/{copy}")
        # the copy's URL never replays another page's bytes as its own: the reference's
        # digest (the copy's) matches no capture of the canonical URL, so pywb declines
        assert status != 200
        assert not any(decoded(body) == decoded(s) for s in sent[original])


def test_export_carries_story_ids(run):
    out = newsarchive("export", "--data-dir", str(run["data"]))
    docs = {d["article_id"]: d for d in map(json.loads, out.stdout.splitlines())}
    assert all(d["story_id"] for d in docs.values())
    assert docs[ORIGINAL]["story_id"] == docs[REWRITE]["story_id"] == docs[TRIMMED]["story_id"]
    assert docs[SPUTNIK]["story_id"] != docs[ORIGINAL]["story_id"]
    assert docs[ORIGINAL]["duplicate"]["story_role"] == "canonical"
    assert docs[TRIMMED]["duplicate"]["story_role"] == "copy"
    assert docs[TRIMMED]["duplicate"]["stored_as"] == "reference"
    assert docs[REWRITE]["duplicate"]["url_key"].endswith("-" + REWRITE)


def test_stories_lists_the_cluster_for_people(run):
    out = newsarchive("stories", "--copies", "--data-dir", str(run["data"]))
    assert out.returncode == 0, out.stderr[-2000:]
    story = story_of(run["third"], ORIGINAL)
    lines = out.stdout.splitlines()
    assert lines[0].startswith(f"{story['story_id']}  3 member(s)  canonical yenisafak ")
    assert lines[0].endswith("-" + ORIGINAL)
    assert sum(" reference " in line for line in lines) == 2
    assert len(lines) == 4  # --copies: the single-member stories are left out


def test_rebuilt_index_finds_the_same_candidates(run):
    out = newsarchive("dedup", "rebuild", "--data-dir", str(run["data"]))
    assert out.returncode == 0, out.stderr[-2000:]
    n = sum(len(s["members"]) for s in run["third"])
    assert f": {n} articles indexed" in out.stdout
    assert stories(run["data"]) == run["third"]


def test_verify_accepts_the_reference_records(run):
    out = newsarchive("verify", "--data-dir", str(run["data"]))
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    assert (run["data"] / "dedup-index.sqlite").exists()
