"""Issue 9 item 7: a run's cost grows with what is new, not with what is archived.

Manifests are rewritten only for the days a run touched, from that day's articles;
every query a run makes is answered through an index; store listings are streamed;
``verify --since`` and ``verify --sample`` audit a part of the archive.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from archive.catalog import SqliteCatalog
from archive.manifest import write_manifests
from archive.spool import Shipper, Spool
from archive.store import LocalStore
from archive.verify import verify
from tests.test_s3_store import build_archive, make_store


def _article(source: str, n: int, title: str = "") -> dict:
    return {"source": source, "url": f"https://example.test/{source}/{n}.html",
            "article_id": str(n), "title": title or f"story {n}", "authors": ["A. Writer"],
            "published": "2026-11-01T10:00:00+00:00"}


def _seed_old(catalog: SqliteCatalog, n: int, run_id: str = "old-run") -> None:
    """``n`` relevant articles of earlier runs, recorded on days long past."""
    rows = []
    for i in range(n):
        day = datetime(2025, 1, 1, tzinfo=timezone.utc) + timedelta(days=i % 300, seconds=i)
        src = ("sputnik", "yenisafak")[i % 2]
        rows.append((src, f"old{i}", f"https://example.test/{src}/old{i}.html", None,
                     f"old{i}", f"old {i}", None, None, 1, 3.0, "{}",
                     json.dumps({"authors": []}), run_id, day.isoformat(timespec="seconds"),
                     None, "relevant"))
    with catalog._lock:
        catalog._db.execute("BEGIN")
        catalog._db.executemany(
            "INSERT INTO articles (source, article_key, url, canonical_url, article_id, title,"
            " published, agency, relevant, score, topic, data, run_id, recorded, metadata_key,"
            " decision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        catalog._db.execute("COMMIT")


def _record(catalog, source, n, run_id, recorded: str | None = None, relevant=True):
    catalog.record_article(_article(source, n), {"score": 4.0}, relevant, run_id, None)
    if recorded:
        catalog._x("UPDATE articles SET recorded=? WHERE source=? AND article_key=?",
                   (recorded, source, str(n)))


def _vm_steps(catalog: SqliteCatalog, fn) -> int:
    """SQLite virtual-machine steps ``fn`` makes the catalog take (about rows visited)."""
    steps = 0

    def tick():
        nonlocal steps
        steps += 1
        return 0

    catalog._db.set_progress_handler(tick, 100)
    try:
        fn()
    finally:
        catalog._db.set_progress_handler(None, 0)
    return steps * 100


def test_manifests_cover_touched_days_only_from_that_days_articles(tmp_path):
    catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
    spool = Spool(tmp_path / "spool", catalog)
    # an earlier run on 2026-11-20 and 2026-11-21; this run adds to 11-21 and 11-22
    _record(catalog, "sputnik", 1, "r1", "2026-11-20T08:00:00+00:00")
    _record(catalog, "sputnik", 2, "r1", "2026-11-21T08:00:00+00:00")
    _record(catalog, "sputnik", 3, "r2", "2026-11-21T09:00:00+00:00")
    _record(catalog, "sputnik", 4, "r2", "2026-11-22T00:00:00+00:00")
    _record(catalog, "sputnik", 5, "r2", "2026-11-22T23:59:59+00:00", relevant=False)
    _record(catalog, "yenisafak", 6, "r1", "2026-11-22T10:00:00+00:00")
    keys = write_manifests(catalog, spool, "r2")
    assert keys == ["manifests/sputnik/2026/11/21.jsonl", "manifests/sputnik/2026/11/22.jsonl"]
    lines = {k: [json.loads(x) for x in (spool.root / k).read_text().splitlines()] for k in keys}
    assert [r["key"] for r in lines[keys[0]]] == ["2", "3"]  # the whole day, in record order
    assert [(r["key"], r["run_id"]) for r in lines[keys[1]]] == [("4", "r2")]
    assert lines[keys[0]][0]["authors"] == ["A. Writer"]
    assert {e.key for e in catalog.objects(kind="manifest")} == set(keys)
    assert write_manifests(catalog, spool, "r-nothing-new") == []


def test_manifest_work_does_not_grow_with_the_archive(tmp_path):
    small = SqliteCatalog(tmp_path / "small.sqlite")
    big = SqliteCatalog(tmp_path / "big.sqlite")
    _seed_old(big, 20000)
    steps = {}
    for name, catalog in (("small", small), ("big", big)):
        spool = Spool(tmp_path / f"spool-{name}", catalog)
        for n in range(5):
            _record(catalog, "sputnik", n, "this-run")
        steps[name] = _vm_steps(catalog, lambda: write_manifests(catalog, spool, "this-run"))
    # a full scan of 20,000 articles costs hundreds of thousands of steps
    assert steps["big"] < steps["small"] * 1.5 + 2000, steps



def test_when_a_source_last_met_a_new_article_is_read_from_the_index(tmp_path):
    """The quiet_source alert asks after every run when a source last met a new article:
    the answer is read from the (source, first_seen) index, not from every seen row."""
    steps = {}
    for name, n in (("small", 10), ("big", 20_000)):
        catalog = SqliteCatalog(tmp_path / f"{name}.sqlite")
        with catalog._tx():
            for i in range(n):
                catalog._x("INSERT INTO seen (source, key, url, relevant, first_seen, run_id)"
                           " VALUES (?,?,?,?,?,?)", ("sputnik", f"k{i}", f"u{i}", 1,
                                                     f"2026-11-{1 + i % 28:02d}T00:00:00+00:00",
                                                     "r"))
        assert catalog.last_new_article("sputnik") == f"2026-11-{min(n, 28):02d}T00:00:00+00:00"
        assert catalog.last_new_article("yenisafak") is None
        steps[name] = _vm_steps(catalog, lambda: catalog.last_new_article("sputnik"))
    assert steps["big"] <= steps["small"] + 200, steps

RUN_QUERIES = {  # every query a run with nothing new makes of the big tables
    "is_seen": lambda c: c.is_seen("sputnik", ["a", "b"]),
    "pending": lambda c: c.pending("sputnik", max_attempts=5),
    "pending_discovery": lambda c: c.pending_discovery("sputnik", 5),
    "find_payload": lambda c: c.find_payload("sha1:X"),
    "article_capture": lambda c: c.article_capture("sputnik", "1"),
    "article": lambda c: c.article("sputnik", "1"),
    "spooled objects": lambda c: c.objects(status="spooled"),
    "get_object": lambda c: c.get_object("warcs/x"),
    "captures of a WARC": lambda c: c.captures("warcs/x"),
    "validators": lambda c: c.get_validators("https://example.test/rss"),
    "interrupted runs": lambda c: c.fail_interrupted_runs("/nowhere"),
    "run days": lambda c: c.run_article_days("r"),
    "day articles": lambda c: list(c.day_articles("sputnik", "2026-11-21")),
    "objects since": lambda c: c.objects_since("2026-11-21"),
    "last new article (alert)": lambda c: c.last_new_article("sputnik"),
}
BIG = ("articles", "captures", "objects", "seen", "pending", "runs")


@pytest.mark.parametrize("name", sorted(RUN_QUERIES))
def test_every_run_query_uses_an_index(tmp_path, name):
    catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
    statements = []
    catalog._db.set_trace_callback(statements.append)
    RUN_QUERIES[name](catalog)
    catalog._db.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert selects
    for sql in selects:
        plan = [r["detail"] for r in catalog._db.execute("EXPLAIN QUERY PLAN " + sql)]
        scans = [p for p in plan if p.startswith("SCAN") and p.split()[1] in BIG]
        assert not scans, f"{sql}\n{plan}"


def test_s3_listing_is_streamed_page_by_page(s3, s3_bucket):
    store = make_store(s3, s3_bucket)
    calls = []
    store._client.meta.events.register(
        "before-parameter-build.s3.ListObjectsV2",
        lambda params, **_: (params.update(MaxKeys=2), calls.append(1)))
    keys = [f"warcs/s/2026/11/{d:02d}/x.warc.gz" for d in range(1, 8)]
    for k in keys:
        store.put_bytes(k, b"w")
    listing = store.list("warcs/")
    first = next(listing)
    assert len(calls) == 1  # the first object comes before the second page is asked for
    rest = list(listing)
    assert len(calls) == 4 and sorted([first.key, *(o.key for o in rest)]) == keys
    assert [o.key for o in store.list("warcs/s/2026/11/03/")] == [keys[2]]


def _two_days(tmp_path, store):
    """Two small archives: sputnik's registered today, yenisafak's months ago."""
    catalog = SqliteCatalog(tmp_path / "catalog.sqlite")
    spool = Spool(tmp_path / "spool", catalog)
    new = build_archive(spool, catalog, source="sputnik", run_id="new")
    old = build_archive(spool, catalog, source="yenisafak", run_id="old")
    assert Shipper(spool, store).ship_pending().shipped == 8
    catalog._x("UPDATE objects SET created=? WHERE source=?",
               ("2026-08-01T00:00:00+00:00", "yenisafak"))
    return catalog, new, old


def _flip(store: LocalStore, key: str) -> None:
    path = store.root / key
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_verify_since_audits_only_recent_days(tmp_path):
    store = LocalStore(tmp_path / "store")
    catalog, new, old = _two_days(tmp_path, store)
    _flip(store, old["warc"])  # damage in the old part
    since = "2026-11-20"
    report = verify(catalog, store, since=since)
    assert report.ok, report.summary()
    assert report.counts["objects"] == 4 and report.counts["captures"] == 6
    full = verify(catalog, store)
    assert [p.key for p in full.of_kind("sha256")] == [old["warc"]]

    _flip(store, new["warc"])  # damage and an orphan in the recent part are found
    (store.root / "warcs/sputnik/2026/11/21/orphan.warc.gz").write_bytes(b"x")
    report = verify(catalog, store, since=since)
    assert [p.key for p in report.of_kind("sha256")] == [new["warc"]]
    assert [p.key for p in report.of_kind("orphan")] == ["warcs/sputnik/2026/11/21/orphan.warc.gz"]


def test_verify_sample_checks_n_warcs_with_their_captures(tmp_path):
    store = LocalStore(tmp_path / "store")
    catalog, new, old = _two_days(tmp_path, store)
    one = verify(catalog, store, sample=1)
    assert one.ok, one.summary()
    assert (one.counts["warcs"], one.counts["objects"], one.counts["captures"]) == (1, 2, 6)
    catalog.add_capture(dict(old["captures"][0], offset=old["captures"][0]["offset"] + 3))
    both = verify(catalog, store, sample=5)
    assert both.counts["warcs"] == 2 and both.counts["captures"] == 13
    assert [p.key for p in both.of_kind("capture")] == [old["warc"]]


def test_verify_command_takes_since_or_sample(tmp_path):
    from tests.crawlkit import newsarchive

    store = LocalStore(tmp_path / "store")
    _two_days(tmp_path, store)
    out = newsarchive("verify", "--data-dir", str(tmp_path), "--sample", "1")
    assert out.returncode == 0 and "warcs 1)" in out.stdout, out.stdout + out.stderr[-500:]
    out = newsarchive("verify", "--data-dir", str(tmp_path), "--since", "2026-11-01")
    assert out.returncode == 0 and "captures 6," in out.stdout, out.stdout + out.stderr[-500:]
    out = newsarchive("verify", "--data-dir", str(tmp_path), "--since", "2026-11-01",
                      "--sample", "2")
    assert out.returncode == 2
