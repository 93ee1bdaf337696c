"""`newsarchive wacz SOURCE DAY` (issue 10): a WACZ 1.1.1 per source and day, derived
from the store's WARCs and CDXJ, stored beside them, valid for py-wacz, listing every
archived article of the day, with its hashes right and its index resolving each page to
the very record of the WARC."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive import layout
from archive.catalog import SqliteCatalog
from tests.crawlkit import newsarchive
from tests.sitesim import SiteServer

SINCE = "2026-11-01"


def wacz_cli() -> str:
    return str(Path(sys.executable).with_name("wacz"))


@pytest.fixture(scope="module")
def day_archive(tmp_path_factory):
    data = tmp_path_factory.mktemp("wacz-data")
    with SiteServer("sputnik") as srv:
        run = newsarchive("crawl", "sputnik", "--data-dir", str(data), "--base-url",
                          f"sputnik={srv.base_url}", "--since", SINCE, "--log-format", "json")
    assert run.returncode == 0, run.stderr[-3000:]
    catalog = SqliteCatalog(data / "catalog.sqlite")
    days = sorted({row["recorded"][:10] for row in catalog.articles("sputnik")})
    day = days[-1]
    out = data / "day.wacz"
    built = newsarchive("wacz", "sputnik", day, "--data-dir", str(data), "-o", str(out))
    assert built.returncode == 0, built.stderr[-3000:]
    return {"data": data, "store": data / "store", "day": day, "wacz": out,
            "catalog": catalog, "stdout": built.stdout}


def test_stored_beside_the_warcs_and_known_to_verify(day_archive):
    key = layout.wacz_key("sputnik", date.fromisoformat(day_archive["day"]))
    stored = day_archive["store"] / key
    assert stored.is_file() and key in day_archive["stdout"] and "stored" in day_archive["stdout"]
    assert stored.read_bytes() == day_archive["wacz"].read_bytes()
    entry = day_archive["catalog"].get_object(key)
    assert entry.status == "stored" and entry.kind == "wacz"
    assert entry.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    ok = newsarchive("verify", "--data-dir", str(day_archive["data"]))
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_passes_wacz_validate(day_archive):
    proc = subprocess.run([wacz_cli(), "validate", "-f", str(day_archive["wacz"])],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "is valid" in proc.stdout


def test_layout_and_hashes(day_archive):
    with zipfile.ZipFile(day_archive["wacz"]) as zf:
        names = zf.namelist()
        package = json.loads(zf.read("datapackage.json"))
        digest = json.loads(zf.read("datapackage-digest.json"))
        assert package["wacz_version"] == "1.1.1" and package["profile"] == "data-package"
        assert digest == {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(
            zf.read("datapackage.json")).hexdigest()}
        listed = {r["path"]: r for r in package["resources"]}
        assert set(listed) == set(names) - {"datapackage.json", "datapackage-digest.json"}
        assert {"indexes/index.cdx", "pages/pages.jsonl"} <= set(listed)
        for path, res in listed.items():
            data = zf.read(path)
            assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), path
            assert res["bytes"] == len(data), path
        # one crawl, one day: every record its pages need is in that day's WARCs, and no
        # WARC of records from other days is added (tests/test_wacz_closure.py has one)
        assert not [n for n in names if n.startswith("archive/from-other-days-")]
        assert "0 record(s) from other days, 0 not found" in day_archive["stdout"]
        # the WARCs are the store's, byte for byte, and stored (not deflated) in the zip
        warcs = sorted(n for n in names if n.startswith("archive/"))
        day_dir = day_archive["store"] / "warcs" / "sputnik" / day_archive["day"].replace("-", "/")
        in_store = {p.name: p for p in day_archive["store"].glob("warcs/**/*.warc.gz")}
        # every WARC of the day (and one of the day before or after only if it holds an
        # article recorded on this day, just past midnight)
        assert {p.name for p in day_dir.glob("*.warc.gz")} <= {
            w.removeprefix("archive/") for w in warcs}
        for w in warcs:
            assert zf.getinfo(w).compress_type == zipfile.ZIP_STORED
            assert zf.read(w) == in_store[w.removeprefix("archive/")].read_bytes()
    # ReplayWeb.page (wabac.js) takes an entry's data to start right after its local header
    # and name when its central directory record has no extra field: the local header may
    # have none either (a size-unknown ZIP64 entry would have one; tests/test_replaywebpage.py)
    with zipfile.ZipFile(day_archive["wacz"]) as zf, open(day_archive["wacz"], "rb") as raw:
        for info in zf.infolist():
            raw.seek(info.header_offset + 28)
            local_extra = int.from_bytes(raw.read(2), "little")
            assert info.extra or not local_extra, info.filename


def pages_of(zf: zipfile.ZipFile) -> tuple[dict, list[dict]]:
    lines = zf.read("pages/pages.jsonl").decode("utf-8").splitlines()
    return json.loads(lines[0]), [json.loads(line) for line in lines[1:]]


def test_pages_list_every_archived_article_of_the_day(day_archive):
    catalog, day = day_archive["catalog"], day_archive["day"]
    expected = {row["url"]: row for row in catalog.articles("sputnik")
                if row["recorded"][:10] == day}
    assert expected
    with zipfile.ZipFile(day_archive["wacz"]) as zf:
        header, pages = pages_of(zf)
    assert header["format"] == "json-pages-1.0" and header["id"] == "pages"
    assert {p["url"] for p in pages} == set(expected)
    assert len(pages) == len(expected)
    for page in pages:
        row = expected[page["url"]]
        assert page["title"] == row["title"]
        assert row["data"]["body"][:80] in page["text"]
        datetime.strptime(page["ts"], "%Y-%m-%dT%H:%M:%SZ")
        assert page["id"]


def test_index_resolves_each_page_to_its_record(day_archive):
    """What ReplayWeb.page does with the zip: look the page up in indexes/, read the
    record at offset/length of the named file in archive/; its payload is the WARC's."""
    catalog = day_archive["catalog"]
    with zipfile.ZipFile(day_archive["wacz"]) as zf:
        _, pages = pages_of(zf)
        index: dict[tuple[str, str], list[dict]] = {}
        lines = zf.read("indexes/index.cdx").decode().splitlines()
        assert lines == sorted(lines)
        for line in lines:
            _, ts, doc = line.split(" ", 2)
            fields = json.loads(doc)
            index.setdefault((fields["url"], ts), []).append(fields)
        for page in pages:
            ts = page["ts"].replace("-", "").replace("T", "").replace(":", "").rstrip("Z")
            hits = [f for f in index.get((page["url"], ts), []) if f.get("mime") != "warc/request"
                    and "status" in f]
            assert hits, page["url"]
            f = hits[0]
            with zf.open("archive/" + f["filename"]) as warc:
                warc.seek(int(f["offset"]))
                raw = warc.read(int(f["length"]))
            rec = next(iter(ArchiveIterator(io.BytesIO(raw))))
            assert rec.rec_headers.get_header("WARC-Target-URI") == page["url"]
            payload = rec.raw_stream.read()
            # the same record of the store's WARC, found through the catalog
            cap = next(c for c in catalog.captures()
                       if c["url"] == page["url"] and c["record_type"] == rec.rec_type
                       and c["warc_key"].endswith("/" + f["filename"]))
            with open(day_archive["store"] / cap["warc_key"], "rb") as src:
                src.seek(cap["offset"])
                original = next(iter(ArchiveIterator(io.BytesIO(src.read(cap["length"])))))
                assert payload == original.raw_stream.read()


def test_pywb_loads_the_wacz(day_archive, tmp_path):
    """pywb's own wb-manager takes the WACZ (it unpacks the WARCs and indexes them
    again); each page replays from it."""
    from tests.replay import Pywb

    with zipfile.ZipFile(day_archive["wacz"]) as zf:
        _, pages = pages_of(zf)
    with Pywb(tmp_path, [day_archive["wacz"]], add_options=("--unpack-wacz",)) as pywb:
        for page in pages[:4]:
            ts = page["ts"].replace("-", "").replace("T", "").replace(":", "").rstrip("Z")
            status, _, body = pywb.get(f"{ts}id_/{page['url']}")
            assert status == 200, page["url"]


def test_a_day_without_archive_is_an_error(day_archive):
    out = newsarchive("wacz", "sputnik", "2026-01-02", "--data-dir", str(day_archive["data"]))
    assert out.returncode == 1 and "nothing archived" in out.stderr


def test_built_from_an_s3_store(s3, s3_bucket, tmp_path):
    env = {"AWS_ENDPOINT_URL": s3.endpoint_url, "AWS_ACCESS_KEY_ID": s3.access_key,
           "AWS_SECRET_ACCESS_KEY": s3.secret_key, "AWS_DEFAULT_REGION": s3.region}
    store = f"s3://{s3_bucket}/w"
    with SiteServer("sputnik") as srv:
        run = newsarchive("crawl", "sputnik", "--data-dir", str(tmp_path), "--store", store,
                          "--base-url", f"sputnik={srv.base_url}", "--limit", "3",
                          "--log-format", "json", env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    day = datetime.now(timezone.utc).date().isoformat()
    rows = [r for r in SqliteCatalog(tmp_path / "catalog.sqlite").articles("sputnik")]
    day = max(r["recorded"][:10] for r in rows) if rows else day
    built = newsarchive("wacz", "sputnik", day, "--data-dir", str(tmp_path), "--store", store,
                        "-o", str(tmp_path / "s3.wacz"), env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    key = "w/" + layout.wacz_key("sputnik", date.fromisoformat(day))
    body = s3.client().get_object(Bucket=s3_bucket, Key=key)["Body"].read()
    assert body == (tmp_path / "s3.wacz").read_bytes()
    proc = subprocess.run([wacz_cli(), "validate", "-f", str(tmp_path / "s3.wacz")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
