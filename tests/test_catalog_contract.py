"""The catalog contract: every method of the Catalog interface, on SQLite and PostgreSQL.

The ``catalog`` fixture (tests/catalogs.py) is a fresh catalog of each backend.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

import pytest

from archive.catalog import open_catalog
from archive.catalog.base import CaptureRef
from archive.catalog.migrations import STEPS
from tests.catalogs import PG_ADMIN, end_pg_sessions
from tests.crawlkit import ROOT


def steps_of(catalog):
    return [s.version for s in STEPS if s.only in (None, catalog.dialect.name)]


# -- migrations -------------------------------------------------------------------------
def test_a_fresh_catalog_applies_every_step_once(fresh_catalog_url):
    catalog = open_catalog(fresh_catalog_url)
    assert catalog.migrated == steps_of(catalog)
    assert catalog.schema_version() == steps_of(catalog)[-1]
    again = open_catalog(fresh_catalog_url)
    assert again.migrated == [] and again.schema_version() == catalog.schema_version()
    rows = again._all("SELECT version, name FROM schema_version ORDER BY version")
    assert [r["version"] for r in rows] == steps_of(catalog)
    assert all(r["name"] for r in rows)
    again.close()
    catalog.close()


def test_concurrent_openers_of_a_fresh_catalog_migrate_once(fresh_catalog_url):
    """Two processes open the same fresh catalog at once: the steps are applied once
    between them, and both end up with the whole schema."""
    code = ("import sys, json; from archive.catalog import open_catalog;"
            "c = open_catalog(sys.argv[1]); print(json.dumps(c.migrated));"
            "c.record_article({'source': 's', 'url': 'u' + sys.argv[2], 'article_id': sys.argv[2]},"
            " {'decision': 'relevant'}, True, 'r', None)")
    procs = [subprocess.Popen([sys.executable, "-c", code, fresh_catalog_url, str(i)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(3)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    applied = [json.loads(o[0].strip().splitlines()[-1]) for o in outs]
    flat = [v for a in applied for v in a]
    catalog = open_catalog(fresh_catalog_url)
    assert sorted(flat) == steps_of(catalog)  # each step applied by exactly one process
    assert {r["article_key"] for r in catalog.articles()} == {"0", "1", "2"}
    catalog.close()



def test_opening_waits_for_a_writer_on_a_rollback_journal_file(tmp_path):
    """Switching a file to WAL needs an exclusive lock, and SQLite refuses at once (no busy
    handler) while another connection holds a write lock: opening must wait for the writer,
    as every other catalog call does, instead of failing with "database is locked"."""
    import sqlite3
    path = tmp_path / "catalog.sqlite"
    writer = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE other (x)")  # a rollback-journal file, as before the first open
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO other VALUES (1)")
    threading.Timer(0.5, lambda: writer.execute("COMMIT")).start()
    started = time.monotonic()
    catalog = open_catalog(f"sqlite:///{path}")
    assert time.monotonic() - started >= 0.4  # it waited for the writer
    assert catalog._one("PRAGMA journal_mode")["journal_mode"] == "wal"
    assert catalog.schema_version() == steps_of(catalog)[-1]
    catalog.close()
    writer.close()

OLD_SCHEMA = [  # what main made before schema_version existed (no articles.decision)
    """CREATE TABLE runs (run_id TEXT PRIMARY KEY, started TEXT NOT NULL, finished TEXT,
       status TEXT NOT NULL, sources TEXT NOT NULL, options TEXT NOT NULL, stats TEXT)""",
    """CREATE TABLE seen (source TEXT NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL,
       relevant INTEGER NOT NULL, first_seen TEXT NOT NULL, run_id TEXT NOT NULL,
       PRIMARY KEY (source, key))""",
    """CREATE TABLE articles (source TEXT NOT NULL, article_key TEXT NOT NULL, url TEXT NOT NULL,
       canonical_url TEXT, article_id TEXT, title TEXT, published TEXT, agency TEXT,
       relevant INTEGER NOT NULL, score REAL, topic TEXT, data TEXT NOT NULL, run_id TEXT NOT NULL,
       recorded TEXT NOT NULL, metadata_key TEXT, PRIMARY KEY (source, article_key))""",
    """INSERT INTO articles VALUES ('sputnik', '1', 'http://x/1', NULL, '1', 'Kept', NULL, NULL,
       1, 6.0, '{"score": 6.0}', '{"source": "sputnik", "url": "http://x/1"}', 'r0', 't', 'm/1')""",
    """INSERT INTO articles VALUES ('sputnik', '2', 'http://x/2', NULL, '2', 'Dropped', NULL,
       NULL, 0, 0.0, '{"score": 0.0}', '{"source": "sputnik", "url": "http://x/2"}', 'r0', 't',
       NULL)""",
    """INSERT INTO seen VALUES ('sputnik', 'id:1', 'http://x/1', 1, 't', 'r0')""",
]


def _raw_execute(url: str, statements: list[str]) -> None:
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url[len("sqlite:///"):]) as db:
            for s in statements:
                db.execute(s)
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            for s in statements:
                db.execute(s)


def test_a_catalog_made_before_versioned_migrations_upgrades(fresh_catalog_url):
    catalog_url = fresh_catalog_url
    _raw_execute(catalog_url, OLD_SCHEMA)
    catalog = open_catalog(catalog_url)
    assert catalog.migrated == steps_of(catalog)
    assert {r["title"]: r["decision"] for r in catalog.articles(relevant=None)} == \
        {"Kept": "relevant", "Dropped": "irrelevant"}
    assert catalog.is_seen("sputnik", ["id:1"])  # old rows kept
    catalog.add_pending_discovery("sputnik", "http://x/feed", "rss", {})  # new tables exist
    assert catalog.acquire_lease("source:sputnik", "me", 60)
    catalog.close()
    assert open_catalog(catalog_url).migrated == []


# -- runs ---------------------------------------------------------------------------------
def test_runs(catalog):
    assert catalog.get_run("nope") is None and catalog.runs() == []
    catalog.start_run("r1", ["a", "b"], {"since": "2026-01-01", "when": object()})
    run = catalog.get_run("r1")
    assert run["status"] == "running" and run["sources"] == ["a", "b"]
    assert run["options"]["since"] == "2026-01-01" and run["stats"] == {}
    catalog.set_source_stats("r1", "a", {"new": 2})
    catalog.set_source_stats("r1", "b", {"new": 3})
    catalog.finish_run("r1", "ok", {"shipped": 4})
    run = catalog.get_run("r1")
    assert run["status"] == "ok" and run["finished"]
    assert run["stats"] == {"sources": {"a": {"new": 2}, "b": {"new": 3}}, "shipped": 4}
    catalog.start_run("r2", ["a"], {})
    assert [r["run_id"] for r in catalog.runs()] == ["r2", "r1"]
    assert [r["run_id"] for r in catalog.runs(limit=1)] == ["r2"]


def test_set_source_stats_from_many_connections_loses_nothing(catalog, catalog_url):
    catalog.start_run("r", ["s"], {})
    handles = [open_catalog(catalog_url) for _ in range(4)]

    def write(i, c):
        for j in range(5):
            c.set_source_stats("r", f"s{i}-{j}", {"n": j})

    threads = [threading.Thread(target=write, args=(i, c)) for i, c in enumerate(handles)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(catalog.get_run("r")["stats"]["sources"]) == 20
    for c in handles:
        c.close()


def test_last_new_article_is_when_a_source_last_marked_an_article_seen(catalog):
    assert catalog.last_new_article("s") is None
    before = datetime.now(timezone.utc).replace(microsecond=0)
    catalog.mark_seen("s", ["id:1", "path:/a"], "http://x/a", True, "r1")
    catalog.mark_seen("t", ["id:2"], "http://y/b", False, "r1")
    first = datetime.fromisoformat(catalog.last_new_article("s"))
    assert before <= first <= datetime.now(timezone.utc)
    catalog.mark_seen("s", ["id:1"], "http://x/a", True, "r2")  # seen already: not new
    assert datetime.fromisoformat(catalog.last_new_article("s")) == first
    assert catalog.last_new_article("u") is None

# -- seen-state and pending ------------------------------------------------------------------
def test_seen_and_pending(catalog):
    assert not catalog.is_seen("s", []) and not catalog.is_seen("s", ["path:/a"])
    catalog.add_pending("s", ["path:/a", "id:1"], "http://x/a", "http://x/feed")
    catalog.add_pending("s", ["path:/a", "id:1"], "http://x/other", None)  # kept as first seen
    catalog.add_pending("s", ["path:/b"], "http://x/b", None)
    catalog.add_pending("t", ["path:/a"], "http://y/a", None)
    rows = catalog.pending("s")
    assert [r["key"] for r in rows] == ["path:/a", "path:/b"]
    assert rows[0]["keys"] == ["path:/a", "id:1"] and rows[0]["url"] == "http://x/a"
    assert rows[0]["via"] == "http://x/feed" and rows[0]["attempts"] == 0
    catalog.fail_pending("s", "path:/b", "timeout")
    catalog.fail_pending("s", "path:/b", "reset")
    b = [r for r in catalog.pending("s") if r["key"] == "path:/b"][0]
    assert b["attempts"] == 2 and b["last_error"] == "reset"
    assert [r["key"] for r in catalog.pending("s", max_attempts=2)] == ["path:/a"]
    catalog.mark_seen("s", ["path:/a", "id:1"], "http://x/a", True, "r1")
    catalog.mark_seen("s", ["path:/a", "id:1"], "http://x/a", False, "r2")  # no error, no change
    assert catalog.is_seen("s", ["id:1"]) and catalog.is_seen("s", ["path:/zz", "path:/a"])
    assert not catalog.is_seen("t", ["id:1"])
    assert [r["key"] for r in catalog.pending("s")] == ["path:/b"]
    assert [r["key"] for r in catalog.pending("t")] == ["path:/a"]
    row = catalog._one("SELECT relevant, run_id FROM seen WHERE source='s' AND key='id:1'")
    assert row == {"relevant": 1, "run_id": "r1"}


def test_an_article_seen_meanwhile_is_not_made_pending_again(catalog):
    """Two crawlers share a catalog: one archives (marks seen) an article the other has
    just discovered; the late add_pending must not leave a stale entry behind."""
    catalog.mark_seen("s", ["path:/a", "id:1"], "http://x/a", True, "r1")
    catalog.add_pending("s", ["path:/a-amp", "id:1"], "http://x/a?amp", None)  # same id
    catalog.add_pending("s", ["path:/b"], "http://x/b", None)
    assert [r["key"] for r in catalog.pending("s")] == ["path:/b"]


def test_two_connections_marking_the_same_articles_at_once(catalog_url, catalog):
    """Two crawlers sharing a catalog discover and archive the same articles: no error,
    one row each, nothing left pending."""
    a, b = open_catalog(catalog_url), open_catalog(catalog_url)
    errors = []

    def crawl(c):
        try:
            for i in range(40):
                keys = [f"path:/{i}", f"id:{i}"]
                c.add_pending("s", keys, f"http://x/{i}", None)
                c.mark_seen("s", keys, f"http://x/{i}", True, "r")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=crawl, args=(c,)) for c in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert catalog._one("SELECT count(*) AS n FROM seen")["n"] == 80
    assert catalog.pending("s") == []
    a.close()
    b.close()


# -- articles --------------------------------------------------------------------------------
def _art(aid, title, published=None, source="s"):
    return {"source": source, "url": f"http://x/{aid}", "article_id": aid, "title": title,
            "published": published, "canonical_url": None, "agency": "AA"}


def test_articles_and_decisions(catalog):
    catalog.record_article(_art("1", "One", "2026-11-02T10:00:00+00:00"),
                           {"score": 5.0, "decision": "relevant"}, True, "r1", "m/1")
    catalog.record_article(_art("2", "Two"), {"score": 2.5, "decision": "borderline"}, True,
                           "r1", "m/2")
    catalog.record_article(_art("3", "Three", "2026-11-01T10:00:00+00:00", source="t"),
                           {"score": 0.0}, False, "r1", None)
    catalog.record_article(_art("4", "100% sure? 'yes'", "2026-11-03T00:00:00+00:00"),
                           {"score": 4.0}, True, "r1", "m/4")
    assert [r["title"] for r in catalog.articles()] == ["Two", "One", "100% sure? 'yes'"]
    assert [r["title"] for r in catalog.articles(relevant=False)] == ["Three"]
    assert [r["title"] for r in catalog.articles(source="t", relevant=None)] == ["Three"]
    assert len(list(catalog.articles(relevant=None))) == 4
    one = catalog.article("s", "1")
    assert one["data"]["agency"] == "AA" and one["topic"] == {"score": 5.0, "decision": "relevant"}
    assert one["relevant"] is True and one["score"] == 5.0 and one["metadata_key"] == "m/1"
    assert one["decision"] == "relevant"
    assert catalog.article("s", "nope") is None
    assert [r["title"] for r in catalog.articles_by_decision("borderline")] == ["Two"]
    assert [r["title"] for r in catalog.articles_by_decision("irrelevant")] == ["Three"]
    assert [r["title"] for r in catalog.articles_by_decision("relevant", "s")] == \
        ["One", "100% sure? 'yes'"]
    assert list(catalog.articles_by_decision("relevant", "t")) == []
    with pytest.raises(ValueError):
        list(catalog.articles_by_decision("maybe"))
    # recorded again (a re-judged article): replaced, not doubled
    catalog.record_article(_art("2", "Two, updated", "2026-11-04T00:00:00+00:00"),
                           {"score": 6.0, "decision": "relevant"}, True, "r2", "m/2b")
    two = catalog.article("s", "2")
    assert two["title"] == "Two, updated" and two["decision"] == "relevant"
    assert two["run_id"] == "r2" and two["metadata_key"] == "m/2b"
    assert list(catalog.articles_by_decision("borderline")) == []
    assert len(list(catalog.articles(relevant=None))) == 4
    # key falls back to the canonical URL, then the URL
    catalog.record_article({"source": "s", "url": "http://x/u"}, {}, True, "r", None)
    assert catalog.article("s", "http://x/u")["decision"] == "relevant"


# -- captures --------------------------------------------------------------------------------
def _capture(**kw):
    base = {"run_id": "r", "source": "s", "kind": "article", "url": "http://x/1",
            "warc_date": "2026-11-01T00:00:00Z", "record_type": "response", "record_id": "<1>",
            "payload_digest": "sha1:A", "status": 200, "mime": "text/html", "warc_key": "w1",
            "offset": 0, "length": 100, "article_key": "1"}
    return {**base, **kw}


def test_captures(catalog):
    assert catalog.find_payload("sha1:A") is None and catalog.captures() == []
    assert catalog.article_capture("s", "1") is None
    catalog.add_capture(_capture(record_type="request", payload_digest=None, offset=0))
    catalog.add_capture(_capture(offset=3_000_000_000, record_id="<2>", warc_key="w2"))
    catalog.add_capture(_capture(offset=500, record_id="<3>", url="http://x/1?again"))
    catalog.add_capture(_capture(offset=900, record_id="<4>", record_type="revisit"))
    catalog.add_capture(_capture(offset=1200, record_id="<5>", status=404))
    catalog.add_captures([])  # one transaction for the records of one capture
    catalog.add_captures([_capture(offset=1500, record_id="<6>", warc_key="w3",
                                   article_key="2"),
                          _capture(offset=1600, record_id="<7>", warc_key="w3", article_key="2",
                                   record_type="request", payload_digest=None)])
    assert [c["record_id"] for c in catalog.captures("w3")] == ["<6>", "<7>"]
    assert catalog.find_payload("sha1:A") == CaptureRef("http://x/1", "2026-11-01T00:00:00Z",
                                                        "<2>")
    assert [c["offset"] for c in catalog.captures("w1")] == [0, 500, 900, 1200]
    assert [c["record_id"] for c in catalog.captures()] == ["<1>", "<2>", "<3>", "<4>", "<5>",
                                                            "<6>", "<7>"]
    assert catalog.captures("w2")[0]["offset"] == 3_000_000_000  # 64-bit offsets
    # the article's page: its last successful response
    assert catalog.article_capture("s", "1") == CaptureRef("http://x/1?again",
                                                           "2026-11-01T00:00:00Z", "<3>")
    # every record of one URL, oldest WARC-Date first (a WACZ's records from other days)
    catalog.add_capture(_capture(offset=1700, record_id="<8>", url="http://x/1?again",
                                 warc_date="2026-10-31T23:59:59Z"))
    assert [c["record_id"] for c in catalog.captures_of("http://x/1?again")] == ["<8>", "<3>"]
    assert catalog.captures_of("http://x/none") == []


# -- objects ---------------------------------------------------------------------------------
def test_objects(catalog):
    assert catalog.get_object("k1") is None and catalog.objects() == []
    catalog.add_object("k1", "warc", local_path="/s/k1", sha256="aa", size=5_000_000_000,
                       records=3, source="s", run_id="r")
    catalog.add_object("k2", "metadata", local_path="/s/k2", sha256="bb", size=2, records=None,
                       source=None, run_id=None)
    e = catalog.get_object("k1")
    assert (e.kind, e.status, e.local_path, e.size, e.records, e.attempts) == \
        ("warc", "spooled", "/s/k1", 5_000_000_000, 3, 0)
    catalog.note_attempt("k1", "down")
    assert catalog.get_object("k1").attempts == 1
    assert catalog.get_object("k1").last_error == "down"
    assert not catalog.mark_stored("k1", "other", 5)  # replaced meanwhile: not this content
    assert catalog.mark_stored("k1", "aa", 5_000_000_000)
    assert not catalog.mark_stored("k1", "aa", 5_000_000_000)  # already stored
    e = catalog.get_object("k1")
    assert e.status == "stored" and e.local_path is None and e.stored_at and e.last_error is None
    assert [o.key for o in catalog.objects(status="spooled")] == ["k2"]
    assert [o.key for o in catalog.objects(kind="warc")] == ["k1"]
    assert [o.key for o in catalog.objects(status="stored", kind="metadata")] == []
    assert {o.key for o in catalog.objects()} == {"k1", "k2"}
    # a newer file under the same key starts over
    catalog.add_object("k1", "warc", local_path="/s/k1", sha256="cc", size=7, records=4,
                       source="s", run_id="r2")
    e = catalog.get_object("k1")
    assert (e.status, e.sha256, e.stored_at, e.attempts, e.run_id) == \
        ("spooled", "cc", None, 0, "r2")


# -- validators ------------------------------------------------------------------------------
def test_validators(catalog):
    assert catalog.get_validators("http://x/feed") == (None, None)
    catalog.set_validators("http://x/feed", '"e1"', None)
    assert catalog.get_validators("http://x/feed") == ('"e1"', None)
    catalog.set_validators("http://x/feed", None, "Mon, 30 Nov 2026 10:00:00 GMT")
    assert catalog.get_validators("http://x/feed") == (None, "Mon, 30 Nov 2026 10:00:00 GMT")


# -- page requisites (issue 10) ----------------------------------------------------------------
def test_requisites(catalog):
    url = "http://cdn.x/img/a.jpg"
    assert catalog.requisite(url) is None
    catalog.requisite_unchanged(url, "r0")  # unknown: nothing to update, no error
    catalog.requisite_failed(url, "boom")
    assert catalog.requisite(url) is None
    catalog.record_requisite(url, "s", status=200, etag='W/"e1"',
                             last_modified="Mon, 05 Jan 2026 09:30:00 GMT",
                             payload_digest="sha1:AAA", mime="image/jpeg", length=10, run_id="r1")
    row = catalog.requisite(url)
    assert (row["source"], row["etag"], row["last_modified"], row["payload_digest"],
            row["status"], row["mime"], row["length"], row["run_id"], row["checks"],
            row["last_error"]) == ("s", 'W/"e1"', "Mon, 05 Jan 2026 09:30:00 GMT", "sha1:AAA",
                                   200, "image/jpeg", 10, "r1", 1, None)
    first_changed = row["last_changed"]
    catalog.requisite_failed(url, "503 Service Unavailable")
    row = catalog.requisite(url)
    assert row["last_error"] == "503 Service Unavailable" and row["etag"] == 'W/"e1"'
    catalog.requisite_unchanged(url, "r2")  # a 304 without validators keeps the old ones
    row = catalog.requisite(url)
    assert (row["etag"], row["run_id"], row["checks"], row["last_error"]) == \
        ('W/"e1"', "r2", 2, None)
    catalog.requisite_unchanged(url, "r3", etag='W/"e2"')
    assert catalog.requisite(url)["etag"] == 'W/"e2"'
    # fetched in full again, same payload: not changed; another payload: changed
    catalog._x("UPDATE requisites SET last_changed=? WHERE url=?", ("2000-01-01T00:00:00+00:00", url))
    catalog.record_requisite(url, "s", status=200, etag='W/"e3"', payload_digest="sha1:AAA",
                             run_id="r4")
    row = catalog.requisite(url)
    assert (row["etag"], row["last_changed"], row["checks"]) == \
        ('W/"e3"', "2000-01-01T00:00:00+00:00", 4)
    catalog.record_requisite(url, "s", status=200, etag=None, payload_digest="sha1:BBB",
                             run_id="r5", refs=[["http://cdn.x/f.woff2", "font"]])
    row = catalog.requisite(url)
    assert row["refs"] == [["http://cdn.x/f.woff2", "font"]]
    assert row["payload_digest"] == "sha1:BBB" and row["etag"] is None
    assert row["last_changed"] != "2000-01-01T00:00:00+00:00"
    assert first_changed <= row["last_changed"]


# -- pending discovery -----------------------------------------------------------------------
def test_pending_discovery(catalog):
    assert catalog.pending_discovery("s") == []
    catalog.add_pending_discovery("s", "http://x/b.xml", "sitemap", {"since": None, "page": 1})
    catalog.add_pending_discovery("s", "http://x/a.xml", "sitemap", {"page": 2})
    catalog.add_pending_discovery("s", "http://x/a.xml", "rss", {"page": 9})  # kept as first
    catalog.add_pending_discovery("t", "http://y/feed", "rss", {})
    rows = catalog.pending_discovery("s")
    assert {r["url"] for r in rows} == {"http://x/a.xml", "http://x/b.xml"}
    a = [r for r in rows if r["url"] == "http://x/a.xml"][0]
    assert a["kind"] == "sitemap" and a["meta"] == {"page": 2} and a["attempts"] == 0
    catalog.fail_discovery("s", "http://x/a.xml", "500")
    assert [r["url"] for r in catalog.pending_discovery("s", max_attempts=1)] == ["http://x/b.xml"]
    assert [r["last_error"] for r in catalog.pending_discovery("s")
            if r["url"] == "http://x/a.xml"] == ["500"]
    catalog.done_discovery("s", "http://x/b.xml")
    assert [r["url"] for r in catalog.pending_discovery("s")] == ["http://x/a.xml"]
    assert [r["url"] for r in catalog.pending_discovery("t")] == ["http://y/feed"]


# -- stories ---------------------------------------------------------------------------------
def _member(source, key, story, captured, **kw):
    return {"source": source, "article_key": key, "story_id": story, "url": f"http://{source}/{key}",
            "published": None, "captured": captured, "score": kw.get("score"),
            "reasons": kw.get("reasons", []), "matched_source": kw.get("ms"),
            "matched_key": kw.get("mk"), "stored_as": kw.get("stored_as", "full")}


def test_story_clusters(catalog):
    assert catalog.story("st1") is None and list(catalog.stories()) == []
    assert catalog.story_member("a", "1") is None
    catalog.create_story("st1", "a", "1")
    catalog.create_story("st1", "b", "9")  # exists: unchanged
    catalog.add_story_member(_member("a", "1", "st1", "2026-11-01T00:00:00+00:00"))
    catalog.add_story_member(_member("b", "2", "st1", "2026-11-01T01:00:00+00:00", score=0.8,
                                     reasons=["names", "lead"], ms="a", mk="1",
                                     stored_as="reference"))
    catalog.add_story_member(_member("b", "2", "st9", "2026-11-02T00:00:00+00:00"))  # once only
    m = catalog.story_member("b", "2")
    assert m["story_id"] == "st1" and m["reasons"] == ["names", "lead"] and m["score"] == 0.8
    assert (m["matched_source"], m["matched_key"], m["stored_as"]) == ("a", "1", "reference")
    story = catalog.story("st1")
    assert story["canonical"]["article_key"] == "1"
    assert [(x["source"], x["article_key"]) for x in story["members"]] == [("a", "1"), ("b", "2")]
    catalog.set_story_canonical("st1", "b", "2")
    assert catalog.story("st1")["canonical"]["source"] == "b"
    catalog.create_story("st0", "c", "5")
    listed = list(catalog.stories())
    assert {x["story_id"] for x in listed} == {"st0", "st1"}
    assert [(x["created"], x["story_id"]) for x in listed] == \
        sorted((x["created"], x["story_id"]) for x in listed)  # oldest first
    assert catalog.story("st0")["canonical"] is None  # no member yet


# -- leases ------------------------------------------------------------------------------------
def test_lease_is_held_by_one_holder_until_it_expires(catalog):
    assert catalog.lease_holder("source:s") is None
    assert catalog.acquire_lease("source:s", "m1", 1.0)
    assert not catalog.acquire_lease("source:s", "m2", 30)
    assert catalog.acquire_lease("source:s", "m1", 1.0)  # the holder may take it again
    held = catalog.lease_holder("source:s")
    assert held["holder"] == "m1" and 0 < held["remaining_s"] <= 1.0
    assert held["expires"] > held["acquired"]
    assert not catalog.renew_lease("source:s", "m2", 30)
    catalog.release_lease("source:s", "m2")  # not its lease: nothing happens
    assert catalog.lease_holder("source:s")["holder"] == "m1"
    time.sleep(1.2)  # m1 crashed: its lease lapses
    assert catalog.lease_holder("source:s") is None
    assert not catalog.renew_lease("source:s", "m1", 30)  # too late to renew
    assert catalog.acquire_lease("source:s", "m2", 30)
    assert catalog.lease_holder("source:s")["holder"] == "m2"
    assert catalog.renew_lease("source:s", "m2", 60)
    assert catalog.lease_holder("source:s")["remaining_s"] > 30
    assert not catalog.acquire_lease("source:s", "m1", 30)
    catalog.release_lease("source:s", "m2")
    assert catalog.lease_holder("source:s") is None
    assert catalog.acquire_lease("source:s", "m1", 30)
    assert catalog.acquire_lease("source:t", "m2", 30)  # leases are per name


def test_racing_holders_get_exactly_one_lease(catalog_url, catalog):
    """Eight holders, each on its own connection, start acquiring at the same instant."""
    n = 8
    handles = [open_catalog(catalog_url) for _ in range(n)]
    for round_ in range(3):
        barrier = threading.Barrier(n)
        won: list[str] = []

        def race(i, c, name=f"source:race{round_}"):
            barrier.wait()
            if c.acquire_lease(name, f"holder-{i}", 30):
                won.append(f"holder-{i}")

        threads = [threading.Thread(target=race, args=(i, c)) for i, c in enumerate(handles)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(won) == 1, won
        assert catalog.lease_holder(f"source:race{round_}")["holder"] == won[0]
    for c in handles:
        c.close()


def test_racing_processes_get_exactly_one_lease(catalog_url, catalog):
    """Separate processes, released together by a file: one winner."""
    code = ("import sys, os, time; from archive.catalog import open_catalog;"
            "c = open_catalog(sys.argv[1]); go = sys.argv[3]; c.lease_holder('x');"
            "open(go + '.' + sys.argv[2], 'w').close()\n"
            "while not os.path.exists(go): time.sleep(0.001)\n"
            "print('WON' if c.acquire_lease('source:p', sys.argv[2], 30) else 'LOST')")
    import tempfile
    from pathlib import Path

    go = Path(tempfile.mkdtemp()) / "go"
    procs = [subprocess.Popen([sys.executable, "-c", code, catalog_url, f"p{i}", str(go)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(4)]
    deadline = time.monotonic() + 60
    while len(list(go.parent.glob("go.p*"))) < len(procs) and time.monotonic() < deadline:
        time.sleep(0.01)  # until all are connected and waiting
    go.touch()
    outs = [p.communicate(timeout=60) for p in procs]
    assert [o[0].strip() for o in outs].count("WON") == 1, outs
    assert catalog.lease_holder("source:p")["holder"].startswith("p")


def test_claim_article(catalog):
    assert catalog.claim_article("s", "id:1", "m1", 1.0)
    assert catalog.claim_article("s", "id:1", "m1", 1.0)  # its own claim
    assert not catalog.claim_article("s", "id:1", "m2", 30)  # claimed elsewhere
    assert catalog.claim_article("t", "id:1", "m2", 30)  # another source's article
    assert catalog.lease_holder("article:s:id:1")["holder"] == "m1"
    time.sleep(1.2)  # m1 died before archiving it: the claim lapses
    assert catalog.claim_article("s", "id:1", "m2", 30)
    catalog.mark_seen("s", ["path:/1", "id:1"], "http://x/1", True, "r")
    catalog.release_lease("article:s:id:1", "m2")
    assert not catalog.claim_article("s", "id:1", "m3", 30)  # archived: nobody fetches it again


def test_long_expired_article_claims_are_dropped_when_a_run_starts(catalog):
    assert catalog.claim_article("s", "id:1", "m1", -7200)  # expired two hours ago
    assert catalog.acquire_lease("source:s", "m1", -7200)
    catalog.start_run("r", ["s"], {})
    names = {r["name"] for r in catalog._all("SELECT name FROM leases")}
    assert names == {"source:s"}  # source leases are the scheduler's to keep


def test_renew_claims_extends_only_the_holders_live_article_claims(catalog):
    assert catalog.claim_article("s", "id:1", "m1", 1.0)
    assert catalog.claim_article("s", "id:2", "m1", 1.0)
    assert catalog.claim_article("s", "id:3", "m2", 1.0)
    assert catalog.acquire_lease("source:s", "m1", 1.0)
    assert catalog.renew_claims("m1", 30) == 2  # a running crawl's heartbeat
    time.sleep(1.2)
    assert catalog.lease_holder("article:s:id:1")["holder"] == "m1"  # renewed: still held
    assert catalog.lease_holder("article:s:id:3") is None  # m2 stopped renewing: lapsed
    assert catalog.lease_holder("source:s") is None  # source leases are not claims
    assert catalog.renew_claims("m2", 30) == 0  # a lapsed claim is not revived
    assert catalog.claim_article("s", "id:3", "m3", 30)


# -- PostgreSQL: a server that ends the session (restart, failover) ---------------------
def _end_session(pid: int) -> None:
    assert end_pg_sessions(PG_ADMIN, pid) == 1
    time.sleep(0.3)  # the backend has exited


def test_a_postgresql_catalog_connects_again_when_the_server_ended_its_session(
        pg_url, monkeypatch):
    """A long-lived process (the scheduler) outlives a server restart: a statement outside
    a transaction goes out on a new connection, whether the old one is seen dead before
    sending (its socket closed) or only by the server's answer (57P01, nothing ran); inside
    a transaction the loss is an error (the transaction is gone)."""
    import psycopg

    catalog = open_catalog(pg_url)
    pid = lambda: catalog._one("SELECT pg_backend_pid() AS p")["p"]  # noqa: E731
    first = pid()
    _end_session(first)
    second = pid()  # seen dead before sending
    assert second != first and catalog.runs() == []
    monkeypatch.setattr(type(catalog), "_gone", lambda self: False)  # not seen in time
    _end_session(second)
    third = pid()  # the server's answer says the session ended: sent again
    assert third not in (first, second)
    monkeypatch.undo()
    with pytest.raises(psycopg.OperationalError):
        with catalog._tx():
            catalog.start_run("r1", ["s"], {})
            _end_session(pid())
            catalog.finish_run("r1", "ok", {})
    assert catalog.get_run("r1") is None  # the transaction is gone, all of it
    catalog.start_run("r2", ["s"], {})  # and the catalog carries on
    assert catalog.get_run("r2")["status"] == "running"
    catalog.close()
