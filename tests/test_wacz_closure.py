"""A day's WACZ replays on its own (issue 10): the records its pages need from other
days' WARCs (requisites answered 304 since, originals of revisits) come with it.

Two days of one source. Days come from the real clock, so "yesterday" is emulated by
:func:`move_run_to_day`: the first crawl's WARCs and CDXJ are moved in the store to the
previous day's prefix and the catalog rows naming them follow. The second crawl runs
"today": its requisites answer 304 (nothing new in its WARCs), the first run's articles
are re-captured (their first re-capture age is one second), the fixture's new articles
are archived. Today's WACZ is then checked against the fixture's own list of what each
page references, and replayed by pywb loading that WACZ alone.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import tempfile
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.catalog import open_catalog
from archive.store.local import LocalStore
from archive.wacz import day_prefix
from tests.crawlkit import decoded, newsarchive
from tests.sitesim import SiteServer, new_article
from tests.test_wacz import pages_of, wacz_cli

SINCE = "2026-11-01"
ENV = {"NEWSARCHIVE_INTAKE__SPUTNIK__HOSTS": '["127.0.0.2"]',  # the CDN stand-in
       "NEWSARCHIVE_RECAPTURE__AGES": "[1, 86400]"}  # day 1's articles re-captured on day 2


def move_run_to_day(catalog_url: str, store, source: str, today: date, yesterday: date
                    ) -> list[str]:
    """Emulate a crawl made the day before: every object under ``today``'s WARC prefix
    (WARCs and their CDXJ) is moved to ``yesterday``'s, through the store interface, and
    the catalog follows: ``captures.warc_key`` and ``objects.key`` of those objects, and
    the ``recorded`` date of the articles recorded today. Returns the new keys. Nothing
    else changes: the records keep their WARC-Date (which is earlier than anything the
    next crawl writes, as a real day before would be)."""
    old_prefix, new_prefix = day_prefix(source, today), day_prefix(source, yesterday)
    moved = {}
    for obj in sorted(store.list(old_prefix), key=lambda o: o.key):
        new_key = new_prefix + obj.key[len(old_prefix):]
        with store.open(obj.key) as f:
            store.put_bytes(new_key, f.read(), metadata=(store.head(obj.key).metadata or {}))
        store.delete(obj.key)
        moved[obj.key] = new_key
    catalog = open_catalog(catalog_url)  # SQLite or PostgreSQL: the same SQL on both
    with catalog._tx():
        for old, new in moved.items():
            catalog._x("UPDATE captures SET warc_key=? WHERE warc_key=?", (new, old))
            catalog._x("UPDATE objects SET key=? WHERE key=?", (new, old))
        catalog._x("UPDATE articles SET recorded=CAST(? AS TEXT) || substr(recorded, 11)"
                   " WHERE source=? AND substr(recorded, 1, 10)=?",
                   (yesterday.isoformat(), source, today.isoformat()))
    catalog.close()
    return sorted(moved.values())


def archive_two_days(data: Path, store, *args: str, env: dict | None = None) -> dict:
    """Crawl, move that run to yesterday, publish two articles, crawl again, build today's
    WACZ (``args``: e.g. ``--store URL``; ``store``: the same store, to move objects)."""
    env = {**ENV, **(env or {})}
    today = datetime.now(timezone.utc).date()
    yesterday = today - timedelta(days=1)
    crawl = ("crawl", "sputnik", "--data-dir", str(data), *args, "--since", SINCE,
             "--log-format", "json")
    with SiteServer("sputnik") as srv:
        first = newsarchive(*crawl, "--base-url", f"sputnik={srv.base_url}", env=env)
        assert first.returncode == 0, first.stderr[-3000:]
        assert datetime.now(timezone.utc).date() == today, "the first crawl crossed midnight"
        catalog_url = env.get("NEWSARCHIVE_CATALOG") or f"sqlite:///{data / 'catalog.sqlite'}"
        moved = move_run_to_day(catalog_url, store, "sputnik", today, yesterday)
        assert any(k.endswith(".warc.gz") for k in moved)
        new = [srv.publish(new_article("sputnik", title=f"Second day article {i}"))
               for i in range(2)]
        cdn_mark = len(srv.cdn_log)
        second = newsarchive(*crawl, "--base-url", f"sputnik={srv.base_url}", env=env)
        assert second.returncode == 0, second.stderr[-3000:]
        expected = {srv.base_url + r.path: srv.expected_requisites(r.path) for r in new}
        cdn_statuses = [e.status for e in srv.cdn_log[cdn_mark:]]
    out = data / "today.wacz"
    built = newsarchive("wacz", "sputnik", today.isoformat(), "--data-dir", str(data), *args,
                        "-o", str(out), env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    return {"data": data, "wacz": out, "expected": expected, "stdout": built.stdout,
            "cdn_statuses": cdn_statuses, "today": today}


@pytest.fixture(scope="module")
def two_days(tmp_path_factory):
    data = tmp_path_factory.mktemp("wacz2-data")
    return {**archive_two_days(data, LocalStore(data / "store")), "store": data / "store"}


def wacz_records(zf: zipfile.ZipFile) -> dict[tuple[str, int], dict]:
    """(file name in archive/, offset) -> type, id, target, refers-to of every record."""
    out = {}
    for name in zf.namelist():
        if not name.startswith("archive/"):
            continue
        with zf.open(name) as f:
            it = ArchiveIterator(io.BytesIO(f.read()))
            for rec in it:
                h = rec.rec_headers
                payload = rec.raw_stream.read()
                out[(name.removeprefix("archive/"), it.get_record_offset())] = {
                    "type": rec.rec_type, "id": h.get_header("WARC-Record-ID"),
                    "url": h.get_header("WARC-Target-URI"),
                    "refers_to": h.get_header("WARC-Refers-To"), "payload": payload}
    return out


def index_of(zf: zipfile.ZipFile) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in zf.read("indexes/index.cdx").decode().splitlines():
        fields = json.loads(line.split(" ", 2)[2])
        out.setdefault(fields["url"], []).append(fields)
    return out


def test_the_second_day_has_new_pages_and_conditional_requisites(two_days):
    assert two_days["expected"] and all(two_days["expected"].values())
    # the shared stylesheets, fonts and logos answered 304 on the second day
    assert 304 in two_days["cdn_statuses"]
    with zipfile.ZipFile(two_days["wacz"]) as zf:
        _, pages = pages_of(zf)
    assert {p["url"] for p in pages} == set(two_days["expected"])


def unresolved_requisites(wacz: Path, expected: dict[str, set[str]]) -> list[tuple]:
    """(page, requisite) pairs the WACZ's own index does not resolve to a response, or to
    a revisit whose original is inside the WACZ."""
    with zipfile.ZipFile(wacz) as zf:
        recs, index = wacz_records(zf), index_of(zf)
    ids = {r["id"] for r in recs.values()}
    unresolved = []
    for page, wanted in expected.items():
        for url in sorted(wanted):
            hits = [recs.get((f["filename"], int(f["offset"]))) for f in index.get(url, [])]
            if not any(r and (r["type"] == "response" or (
                    r["type"] == "revisit" and r["refers_to"] in ids)) for r in hits):
                unresolved.append((page, url))
    return unresolved


def revisits_and_orphans(wacz: Path) -> tuple[list[dict], list[str]]:
    """The revisits of the WACZ that name an original, and the URLs of those whose
    original is not inside it."""
    with zipfile.ZipFile(wacz) as zf:
        recs = wacz_records(zf)
    ids = {r["id"] for r in recs.values()}
    revisits = [r for r in recs.values() if r["type"] == "revisit" and r["refers_to"]]
    return revisits, [r["url"] for r in revisits if r["refers_to"] not in ids]


def test_every_requisite_of_every_page_resolves_inside_the_wacz(two_days):
    assert unresolved_requisites(two_days["wacz"], two_days["expected"]) == []


def test_every_revisit_has_its_original_inside(two_days):
    revisits, orphans = revisits_and_orphans(two_days["wacz"])
    assert revisits  # the re-captures of day 1's articles at least
    assert orphans == []


def test_records_from_other_days_are_one_more_warc_said_so(two_days):
    with zipfile.ZipFile(two_days["wacz"]) as zf:
        names = zf.namelist()
        package = json.loads(zf.read("datapackage.json"))
        extra = [n for n in names if n.startswith("archive/from-other-days-")]
        assert extra == [f"archive/from-other-days-sputnik-{two_days['today']}.warc.gz"]
        assert extra[0] in {r["path"] for r in package["resources"]}
        raw = zf.read(extra[0])
    records = list(ArchiveIterator(io.BytesIO(raw)))
    info = records[0] if records else None
    assert info is not None and info.rec_type == "warcinfo"
    for f in Path(two_days["store"]).glob("warcs/**/*.warc.gz"):
        assert f.name not in extra[0]
    # the CLI says how many records came from other days, and how many were not found
    assert from_other_days(two_days["stdout"]) > 0
    with tempfile.NamedTemporaryFile(suffix=".warc.gz") as tmp:
        tmp.write(raw)
        tmp.flush()
        check = subprocess.run([str(Path(wacz_cli()).with_name("warcio")), "check", tmp.name],
                               capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr



def test_every_warcinfo_id_names_a_warcinfo_record_of_the_wacz(two_days):
    """A record copied from another day's WARC keeps its WARC-Warcinfo-ID (the bytes are
    copied unchanged), so the warcinfo record it names comes with it: no record of the
    WACZ points at a record the WACZ lacks."""
    named, warcinfos = {}, set()
    with zipfile.ZipFile(two_days["wacz"]) as zf:
        for name in zf.namelist():
            if name.startswith("archive/"):
                for rec in ArchiveIterator(io.BytesIO(zf.read(name))):
                    h = rec.rec_headers
                    if rec.rec_type == "warcinfo":
                        warcinfos.add(h.get_header("WARC-Record-ID"))
                    elif h.get_header("WARC-Warcinfo-ID"):
                        named[h.get_header("WARC-Record-ID")] = h.get_header("WARC-Warcinfo-ID")
    extra = f"from-other-days-sputnik-{two_days['today']}.warc.gz"
    copied = [r for r in ArchiveIterator(io.BytesIO(
        zipfile.ZipFile(two_days["wacz"]).read("archive/" + extra)))]
    assert [r.rec_type for r in copied].count("warcinfo") > 1  # ours, then the sources'
    assert named and {rid: w for rid, w in named.items() if w not in warcinfos} == {}

def from_other_days(stdout: str) -> int:
    """How many records `newsarchive wacz` says came from other days (none not found)."""
    m = re.search(r"(\d+) record\(s\) from other days, (\d+) not found", stdout)
    assert m and int(m.group(2)) == 0, stdout
    return int(m.group(1))


def validate(wacz: Path) -> None:
    proc = subprocess.run([wacz_cli(), "validate", "-f", str(wacz)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_passes_wacz_validate(two_days):
    validate(two_days["wacz"])


def test_a_later_day_from_an_s3_store(s3, s3_bucket, tmp_path):
    """The same two days on S3 (SeaweedFS): the records from the day before are read by
    range from the bucket."""
    from archive.store.s3 import S3Store

    env = {"AWS_ENDPOINT_URL": s3.endpoint_url, "AWS_ACCESS_KEY_ID": s3.access_key,
           "AWS_SECRET_ACCESS_KEY": s3.secret_key, "AWS_DEFAULT_REGION": s3.region}
    url = f"s3://{s3_bucket}/w"
    built = archive_two_days(tmp_path, S3Store.from_url(url, **s3.store_options()),
                             "--store", url, env=env)
    assert from_other_days(built["stdout"]) > 0
    assert unresolved_requisites(built["wacz"], built["expected"]) == []
    assert revisits_and_orphans(built["wacz"])[1] == []
    validate(built["wacz"])


def test_a_later_day_on_a_postgresql_catalog(pg_url, tmp_path):
    """The same two days with the catalog on PostgreSQL: the closure's catalog queries
    (captures of a URL, of a WARC, revisits' originals) answer as on SQLite."""
    built = archive_two_days(tmp_path, LocalStore(tmp_path / "store"),
                             env={"NEWSARCHIVE_CATALOG": pg_url})
    assert not (tmp_path / "catalog.sqlite").exists()
    assert from_other_days(built["stdout"]) > 0
    assert unresolved_requisites(built["wacz"], built["expected"]) == []
    assert revisits_and_orphans(built["wacz"])[1] == []
    validate(built["wacz"])


def test_pywb_with_only_this_wacz_serves_pages_and_stylesheets(two_days, tmp_path):
    from tests.replay import Pywb

    store = Path(two_days["store"])
    with zipfile.ZipFile(two_days["wacz"]) as zf:
        _, pages = pages_of(zf)

    def archived(url: str) -> bytes:
        """The payload of the last full capture of ``url`` in the store's WARCs."""
        found = None
        for f in sorted(store.glob("warcs/**/*.warc.gz")):
            with open(f, "rb") as fh:
                for rec in ArchiveIterator(fh):
                    if rec.rec_type == "response" and \
                            rec.rec_headers.get_header("WARC-Target-URI") == url:
                        found = rec.raw_stream.read()
        assert found is not None, url
        return found

    checked = 0
    with Pywb(tmp_path, [two_days["wacz"]], add_options=("--unpack-wacz",)) as pywb:
        for page in pages:
            ts = re.sub(r"\D", "", page["ts"])[:14]
            status, _, body = pywb.get(f"{ts}id_/{page['url']}")
            assert status == 200, page["url"]
            assert decoded(body) == decoded(archived(page["url"]))
            sheets = [u for u in two_days["expected"][page["url"]]
                      if urlsplit(u).path.endswith(".css")]
            assert sheets, page["url"]
            for url in sheets:
                status, _, body = pywb.get(f"{ts}id_/{url}")
                assert status == 200, url
                assert decoded(body) == decoded(archived(url)), url
                checked += 1
    assert checked


# -- the closure itself, on WARCs written by the archive's own writer ---------------------
SITE = "http://127.0.0.1:9"


class SmallArchive:
    """A store and catalog filled by the archive's own writer, a WARC per day, for the
    closure's unit tests: ``capture`` makes an exchange, ``write`` archives captures (or
    ``(capture, decision, original)`` tuples) as day ``day`` and records them."""

    def __init__(self, tmp_path: Path):
        from archive.catalog import SqliteCatalog

        self.store = LocalStore(tmp_path / "store")
        self.catalog = SqliteCatalog(tmp_path / "catalog.sqlite")

    @staticmethod
    def capture(path: str, body: bytes, when: datetime, *, status: int = 200,
                headers=()):
        from archive.warc import HttpCapture

        return HttpCapture(SITE + path, when, "GET", [("User-Agent", "t")], b"", "HTTP/1.1",
                           status, [*headers, ("Content-Length", str(len(body)))], body,
                           "127.0.0.1")

    def write(self, day: int, *caps) -> list:
        from archive.warc import RollingWarcWriter

        w = RollingWarcWriter(self.store.root, prefix=f"t-{day}",
                              warcinfo={"software": "test"},
                              key_for=lambda created, name: f"warcs/s/2026/11/2{day}/{name}")
        written = [w.write_capture(*(c if isinstance(c, tuple) else (c,)))[0] for c in caps]
        w.close()
        self.catalog.add_captures([{"run_id": f"r{day}", "source": "s", "kind": "requisite",
                                    "article_key": None, **vars(r)} for r in written])
        return written

    def page_capture(self, written) -> dict:
        return next(c for c in self.catalog.captures(written.warc_key)
                    if c["record_id"] == written.record_id)


def test_closure_follows_revisit_chains_and_counts_what_it_cannot_find(tmp_path):
    """Day 0 holds a logo; day 1 an identical-payload revisit of it under the CDN URL;
    day 2 a page referencing the CDN logo, a stylesheet whose WARC is gone from the
    store, an image never archived, and a revisit whose original the catalog lacks.
    The day-2 WACZ needs the revisit (a requisite) and, through it, the logo (its
    original); the rest is counted, not fatal."""
    from archive.warc import Decision, Original
    from archive.wacz_closure import records_from_other_days

    archive = SmallArchive(tmp_path)
    store, catalog, write, site = archive.store, archive.catalog, archive.write, SITE

    def capture(path: str, body: bytes, ctype: str, when: datetime):
        return archive.capture(path, body, when, headers=[("Content-Type", ctype)])

    logo = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    t0 = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    [a] = write(0, (capture("/logo.svg", logo, "image/svg+xml", t0),))
    cdn = capture("/cdn/logo.svg", logo, "image/svg+xml", t0 + timedelta(days=1))
    [b] = write(1, (cdn, Decision.REVISIT, Original(a.url, a.warc_date, a.record_id)))
    [css] = write(3, (capture("/gone.css", b"p{color:red}", "text/css", t0),))
    (store.root / css.warc_key).unlink()  # the stylesheet's WARC is gone from the store
    html = (f'<html><head><link rel="stylesheet" href="/gone.css"></head><body>'
            f'<img src="/cdn/logo.svg"><img src="/never.png"></body></html>').encode()
    t2 = t0 + timedelta(days=2)
    page, dangling = write(2, (capture("/page.html", html, "text/html", t2),),
                           (capture("/x.js", b"1", "text/javascript", t2), Decision.REVISIT,
                            Original(site + "/x.js", "2026-11-01T00:00:00Z",
                                     "<urn:uuid:not-in-the-catalog>")))
    page_cap = archive.page_capture(page)

    closure = records_from_other_days(catalog, store, [page.warc_key], [page_cap])
    assert [(n.record_id, n.why) for n in closure.records] == [
        (a.record_id, f"original of {b.record_id}"),
        (b.record_id, f"requisite of {site}/page.html"),
        (css.record_id, f"requisite of {site}/page.html")]
    assert closure.never_archived == {site + "/never.png"}
    assert sorted(closure.missing) == [
        (site + "/gone.css", f"record {css.record_id}"),
        (site + "/x.js", f"original <urn:uuid:not-in-the-catalog> of revisit "
                         f"{dangling.record_id}")]


def test_a_record_is_read_only_when_the_bytes_are_exactly_it(tmp_path):
    """What is copied into the WACZ is checked: one whole WARC record (one gzip member)
    with the WARC-Record-ID the catalog names, else ValueError."""
    from archive.warc import HttpCapture, RollingWarcWriter
    from archive.wacz_closure import read_record

    store = LocalStore(tmp_path / "store")
    w = RollingWarcWriter(store.root, prefix="t", warcinfo={"software": "test"},
                          key_for=lambda created, name: f"warcs/s/2026/11/20/{name}")
    when = datetime(2026, 11, 20, tzinfo=timezone.utc)
    body = b"p{color:red}"
    first, request = w.write_capture(HttpCapture(
        "http://127.0.0.1:9/a.css", when, "GET", [], b"", "HTTP/1.1", 200,
        [("Content-Type", "text/css"), ("Content-Length", str(len(body)))], body))[:2]
    w.close()
    key, at, n = first.warc_key, first.offset, first.length
    raw, rec, payload = read_record(store, key, at, n, first.record_id)
    assert rec.rec_type == "response" and payload == body
    assert raw == (store.root / key).read_bytes()[at:at + n]
    with pytest.raises(ValueError, match="not <urn:uuid:other>"):
        read_record(store, key, at, n, "<urn:uuid:other>")
    with pytest.raises(ValueError, match="more than one"):  # the request record too
        read_record(store, key, at, n + request.length, first.record_id)
    with pytest.raises(ValueError):  # a cut member
        read_record(store, key, at, n - 10, first.record_id)
    with pytest.raises(ValueError):  # not at a record's start
        read_record(store, key, at + 7, n - 7, first.record_id)



def test_a_warcs_warcinfo_is_read_by_range_however_large(tmp_path):
    """read_warcinfo returns the opening warcinfo member exactly, growing its read past the
    first 64 KiB for a large one, and refuses a WARC that does not open with one."""
    import gzip

    from archive.warc import HttpCapture, RollingWarcWriter
    from archive.wacz_closure import read_warcinfo

    store = LocalStore(tmp_path / "store")
    w = RollingWarcWriter(store.root, prefix="t",
                          warcinfo={"software": "test", "note": os.urandom(60_000).hex()},
                          key_for=lambda created, name: f"warcs/s/2026/11/20/{name}")
    first = w.write_capture(HttpCapture(
        "http://127.0.0.1:9/a.css", datetime(2026, 11, 20, tzinfo=timezone.utc), "GET", [], b"",
        "HTTP/1.1", 200, [("Content-Type", "text/css"), ("Content-Length", "1")], b"p"))[0]
    w.close()
    key = first.warc_key
    raw, rid = read_warcinfo(store, key)
    assert len(raw) > 64 * 1024 and raw == (store.root / key).read_bytes()[:first.offset]
    [info] = list(ArchiveIterator(io.BytesIO(raw)))
    assert info.rec_type == "warcinfo" and info.rec_headers.get_header("WARC-Record-ID") == rid
    store.put_bytes("warcs/s/2026/11/20/plain.warc.gz", gzip.compress(b"not a WARC at all"))
    with pytest.raises(ValueError, match="warcinfo"):
        read_warcinfo(store, "warcs/s/2026/11/20/plain.warc.gz")
    store.put_bytes("warcs/s/2026/11/20/raw.warc", b"WARC/1.1\r\n")
    with pytest.raises(ValueError, match="gzip"):
        read_warcinfo(store, "warcs/s/2026/11/20/raw.warc")

def test_a_requisite_that_redirects_brings_its_target(tmp_path):
    """A page's image answered 301 to another URL (a CDN moving a file): the WACZ needs the
    redirect and what it points to, captured on an earlier day, or replay shows no image."""
    from archive.wacz_closure import records_from_other_days

    archive = SmallArchive(tmp_path)
    site, write = SITE, archive.write

    def capture(path, status, headers, body, when):
        return archive.capture(path, body, when, status=status, headers=headers)

    t0 = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    moved, target, onward = write(0, capture("/i/old.png", 301, [("Location", "/i/mid.png")],
                                              b"", t0),
                                  capture("/i/new.png", 200, [("Content-Type", "image/png")],
                                          b"png", t0),
                                  capture("/i/mid.png", 302, [("Location", site + "/i/new.png")],
                                          b"", t0))
    html = b'<html><body><img src="/i/old.png"></body></html>'
    [page] = write(2, capture("/page.html", 200, [("Content-Type", "text/html")], html,
                              t0 + timedelta(days=2)))
    closure = records_from_other_days(archive.catalog, archive.store, [page.warc_key],
                                      [archive.page_capture(page)])
    assert {n.record_id: n.why for n in closure.records} == {
        moved.record_id: f"requisite of {site}/page.html",
        onward.record_id: f"redirect target of {site}/i/old.png",
        target.record_id: f"redirect target of {site}/i/mid.png"}
    assert not closure.missing and not closure.never_archived
