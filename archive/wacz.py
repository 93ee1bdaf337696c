"""WACZ 1.1.1 packages per source and day, derived from the WARCs and CDXJ in the store.

The WARCs stay canonical: a WACZ is a copy made for archivists (ReplayWeb.page loads
one from a URL or a file) and can be built again at any time::

    archive/NAME.warc.gz          every WARC of warcs/{source}/YYYY/MM/DD/, byte for byte,
                                  stored (not deflated), so readers seek into them
    archive/from-other-days-{source}-{day}.warc.gz
                                  the records the day's pages need from other WARCs
                                  (requisites fetched in full on another day, originals of
                                  revisits: archive/wacz_closure.py), copied byte for byte
                                  after a warcinfo record naming where each came from
                                  and the warcinfo records of those WARCs (which the
                                  copies' WARC-Warcinfo-ID name); absent when the day
                                  needs none
    indexes/index.cdx             the WARCs' CDXJ objects merged (sorted CDXJ lines),
                                  with that of the WARC from other days,
                                  ``filename`` naming the WARC in archive/ (named .cdx:
                                  pywb's ``wb-manager add --unpack-wacz`` takes only
                                  .cdx/.cdx.gz; ReplayWeb.page reads either)
    pages/pages.jsonl             one page per archived article of that day (catalog):
                                  url, ts (the capture's WARC-Date), title, text
    datapackage.json              sha256 and size of every file above (WACZ 1.1.1)
    datapackage-digest.json       sha256 of datapackage.json

Written with :mod:`zipfile` here rather than py-wacz's ``wacz create``: that one wants
local copies of the WARCs and indexes them all again, and finds pages by guessing from
HTML; here the WARCs are streamed from the store straight into the zip (one chunk in
memory at a time), the CDXJ the archive already holds is reused (offsets stay valid,
the WARCs being copied unchanged), and the page list is the catalog's own.

An article recorded just after midnight may sit in a WARC of the day before (or after):
those WARCs are added too. A page whose capture is in no WARC of the store (still in
the spool, say) stops the build, naming it: a WACZ never lists a page it cannot replay.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO, Iterable

import structlog
from warcio.warcwriter import WARCWriter

from . import layout
from .catalog import Catalog
from .replay.index import merge_sorted, rewrite_line
from .store import Store, StoredObject, StoreError
from .store.base import CHUNK
from .warc.cdxj import index_warc
from .wacz_closure import Needed, read_record, read_warcinfo, records_from_other_days

log = structlog.get_logger("archive.wacz")

WACZ_VERSION = "1.1.1"
PAGE_RECORDS = ("response", "revisit")


class WaczError(RuntimeError):
    """The WACZ cannot be built as asked (no WARC that day, a page not in the store)."""


@dataclass
class Resource:
    path: str
    sha256: str
    size: int

    def descriptor(self) -> dict:
        return {"name": os.path.basename(self.path).lower(), "path": self.path,
                "hash": "sha256:" + self.sha256, "bytes": self.size}


@dataclass
class WaczBuild:
    source: str
    day: date
    key: str  # where it goes in the store
    path: Path  # the zip, built locally
    sha256: str = ""
    size: int = 0
    warcs: list[str] = field(default_factory=list)  # object keys
    pages: list[dict] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    from_other_days: list[Needed] = field(default_factory=list)  # archive/from-other-days-…
    not_found: list[tuple[str, str]] = field(default_factory=list)  # (URL, what)
    never_archived: int = 0  # requisite URLs of the pages the archive never captured


def day_prefix(source: str, day: date) -> str:
    return f"warcs/{source}/{day:%Y}/{day:%m}/{day:%d}/"


def _warcs_of(store: Store, prefix: str) -> dict[str, StoredObject]:
    """WARCs under one day prefix (a day's listing fits in memory), with their CDXJ."""
    objs = {o.key: o for o in store.list(prefix)}
    return {k: o for k, o in objs.items() if k.endswith(".warc.gz")}


def _page_text(data: dict) -> str:
    """The article's text: its lead, then its body (which may already open with it)."""
    lead, body = data.get("lead") or "", data.get("body") or ""
    if isinstance(body, list):
        body = "\n\n".join(str(b) for b in body if b)
    if lead and not str(body).startswith(str(lead)):
        return f"{lead}\n\n{body}".strip()
    return str(body)


def _ts(warc_date: str) -> str:
    """A WARC-Date as the ISO 8601 UTC time pages.jsonl wants (second precision)."""
    dt = datetime.fromisoformat(warc_date.replace("Z", "+00:00")).astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def plan(catalog: Catalog, store: Store, source: str, day: date
         ) -> tuple[dict[str, StoredObject], list[dict], list[dict]]:
    """The WARCs (key → object), pages, and the pages' captures (catalog rows) of the
    WACZ of ``source`` on ``day``."""
    warcs = _warcs_of(store, day_prefix(source, day))
    articles = list(catalog.day_articles(source, day.isoformat()))
    if not warcs and not articles:
        raise WaczError(f"nothing archived for {source} on {day}: no WARC under "
                        f"{day_prefix(source, day)} and no article in the catalog")

    def captures_in(keys: Iterable[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        for key in keys:
            for cap in catalog.captures(key):
                if cap.get("kind") != "article" or not cap.get("article_key") \
                        or cap["record_type"] not in PAGE_RECORDS:
                    continue
                if cap["record_type"] == "response" and cap.get("status") not in (200, None):
                    continue
                old = found.get(cap["article_key"])
                if old is None or cap["warc_date"] >= old["warc_date"]:
                    found[cap["article_key"]] = cap
        return found

    wanted = {a["article_key"] for a in articles}
    found = captures_in(sorted(warcs))
    missing = wanted - set(found)
    for other in (day - timedelta(days=1), day + timedelta(days=1)):
        if not missing:
            break
        near = _warcs_of(store, day_prefix(source, other))
        extra = captures_in(sorted(near))
        for article_key in sorted(missing & set(extra)):
            cap = extra[article_key]
            found[article_key] = cap
            warcs[cap["warc_key"]] = near[cap["warc_key"]]
        missing -= set(extra)
    if missing:
        raise WaczError(f"{len(missing)} article(s) of {source} on {day} have no capture in "
                        f"a WARC of the store (not shipped yet?): "
                        + ", ".join(sorted(missing)[:5]))
    pages, page_captures = [], []
    for a in articles:
        cap = found[a["article_key"]]
        page_captures.append(cap)
        ts = _ts(cap["warc_date"])
        pages.append({
            "id": hashlib.sha256(f"{cap['url']} {ts}".encode()).hexdigest()[:32],
            "url": cap["url"], "ts": ts, "title": a.get("title") or a["data"].get("title"),
            "text": _page_text(a["data"]),
        })
    return warcs, pages, page_captures


class _HashingWriter(io.RawIOBase):
    def __init__(self, out: BinaryIO):
        self.out, self.h, self.n = out, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.h.update(data)
        self.n += len(data)
        self.out.write(data)
        return len(data)


def _zinfo(path: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=datetime.now(timezone.utc).timetuple()[:6])
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


def build_wacz(catalog: Catalog, store: Store, source: str, day: date, dest: Path
               ) -> WaczBuild:
    """Write the WACZ of ``source`` on ``day`` to ``dest`` (a local file)."""
    warcs, pages, page_captures = plan(catalog, store, source, day)
    build = WaczBuild(source, day, layout.wacz_key(source, day), Path(dest),
                      warcs=sorted(warcs), pages=pages)
    closure = records_from_other_days(catalog, store, build.warcs, page_captures)
    build.from_other_days, build.not_found = closure.records, closure.missing
    build.never_archived = len(closure.never_archived)
    names = [k.rsplit("/", 1)[1] for k in build.warcs]
    if len(set(names)) != len(names):
        raise WaczError(f"two WARCs of {source} on {day} share a file name")
    tmp = Path(dest).with_name(Path(dest).name + ".open")
    with tempfile.TemporaryDirectory(prefix="wacz-") as work, \
            zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
        # the CDXJ first (small), each a local file, so the merge streams
        indexes = []
        for key in build.warcs:
            local = Path(work) / (Path(key).name + ".cdxj")
            _fetch_cdxj(store, key, local)
            indexes.append(local)
        for key in build.warcs:
            build.resources.append(_add_warc(zf, store, warcs[key]))
        local = _write_other_days(store, build, Path(work))
        if local is not None:
            index = Path(work) / (local.name + ".cdxj")
            index.write_bytes(index_warc(local))
            indexes.append(index)
            with open(local, "rb") as src:
                build.resources.append(_add_file(zf, "archive/" + local.name, src,
                                                 local.stat().st_size))
        build.resources.append(_add_stream(zf, "indexes/index.cdx", merge_sorted(indexes), work))
        build.resources.append(_add_stream(zf, "pages/pages.jsonl", _pages_lines(build), work))
        package = json.dumps(_datapackage(build), indent=2).encode()
        zf.writestr(_zinfo("datapackage.json", zipfile.ZIP_DEFLATED), package)
        digest = {"path": "datapackage.json",
                  "hash": "sha256:" + hashlib.sha256(package).hexdigest()}
        zf.writestr(_zinfo("datapackage-digest.json", zipfile.ZIP_DEFLATED),
                    json.dumps(digest, indent=2).encode())
    os.replace(tmp, dest)
    h = hashlib.sha256()
    with open(dest, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    build.sha256, build.size = h.hexdigest(), Path(dest).stat().st_size
    log.info("wacz built", source=source, day=str(day), pages=len(pages),
             warcs=len(build.warcs), bytes=build.size,
             from_other_days=len(build.from_other_days), not_found=len(build.not_found),
             never_archived=build.never_archived)
    return build


def _fetch_cdxj(store: Store, warc_key: str, local: Path) -> None:
    key = layout.cdxj_key(warc_key)
    name = warc_key.rsplit("/", 1)[1]
    with store.open(key) as stream, open(local, "wb") as out:
        for line in stream:
            if line.strip():
                out.write(rewrite_line(line, name))


def _add_warc(zf: zipfile.ZipFile, store: Store, obj: StoredObject) -> Resource:
    """Copy one WARC from the store into ``archive/``, stored, checking it on the way."""
    expected = store.head(obj.key)
    with store.open(obj.key) as src:
        res = _add_file(zf, "archive/" + obj.key.rsplit("/", 1)[1], src, obj.size)
    if res.size != obj.size or (expected and expected.sha256
                                and expected.sha256 != res.sha256):
        raise WaczError(f"{obj.key}: read {res.size} bytes with sha256 {res.sha256}, the store "
                        f"records {obj.size} bytes"
                        + (f", sha256 {expected.sha256}" if expected and expected.sha256 else ""))
    return res


def _add_file(zf: zipfile.ZipFile, path: str, src: BinaryIO, size: int) -> Resource:
    """``size`` bytes of ``src`` as entry ``path``, stored (not deflated): readers seek
    into a WARC by its index's offsets."""
    info = _zinfo(path, zipfile.ZIP_STORED)
    info.file_size = size
    h, n = hashlib.sha256(), 0
    with zf.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as out:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            h.update(chunk)
            n += len(chunk)
            out.write(chunk)
    return Resource(path, h.hexdigest(), n)


def other_days_name(source: str, day: date) -> str:
    return f"from-other-days-{source}-{day.isoformat()}.warc.gz"


def _write_other_days(store: Store, build: WaczBuild, work: Path) -> Path | None:
    """The WARC of the records this day's pages need from other days' WARCs: a warcinfo
    record saying what it is and where each record comes from, the warcinfo record of
    each WARC copied from (the copies' WARC-Warcinfo-ID name them), then each record's gzip
    member copied byte for byte (a WARC record is its own member, so the concatenation
    is a valid .warc.gz), each checked to be the record the catalog names (one that is
    not is left out, logged and counted as not found). None when there is no record
    to copy: a WACZ whose day needs nothing else has no such WARC."""
    members = work / "other-days.members"
    copied = []
    warcinfo_ids: dict[str, set[str]] = {}  # source WARC -> the warcinfo ids its records name
    with open(members, "wb") as out:
        for n in build.from_other_days:
            try:
                raw, rec, _ = read_record(store, n.warc_key, n.offset, n.length, n.record_id)
            except (StoreError, ValueError) as e:
                if (n.url, f"record {n.record_id}") not in build.not_found:  # said once
                    build.not_found.append((n.url, f"record {n.record_id}"))
                log.warning("record for the WACZ not readable", url=n.url, key=n.warc_key,
                            offset=n.offset, error=str(e))
                continue
            out.write(raw)
            copied.append(n)
            named = rec.rec_headers.get_header("WARC-Warcinfo-ID")
            if named:
                warcinfo_ids.setdefault(n.warc_key, set()).add(named)
    build.from_other_days = copied
    if not copied:
        members.unlink()
        return None
    infos = _source_warcinfos(store, build, warcinfo_ids)
    dest = work / other_days_name(build.source, build.day)
    lines = [("software", "newsarchive wacz"), ("format", "WARC File Format 1.1"),
             ("description", f"Records that pages of {build.source} on "
              f"{build.day.isoformat()} need (page requisites fetched in full on another "
              "day and only checked since, originals of revisits) copied byte for byte "
              "from other WARCs of the store, so that this WACZ replays on its own. Each "
              "copied-from field: record id, store key, offset, length, why.")]
    lines += [("copied-from", f"{rid} {key} 0 {len(raw)} warcinfo of the records copied "
               "from that WARC") for key, (raw, rid) in infos.items()]
    lines += [("copied-from", f"{n.record_id} {n.warc_key} {n.offset} {n.length} {n.why}")
              for n in build.from_other_days]
    body = "".join(f"{k}: {v}\r\n" for k, v in lines).encode("utf-8")
    with open(dest, "wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        writer.write_record(writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(body), length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Filename": dest.name}))
        for raw, _ in infos.values():  # what the copied records' WARC-Warcinfo-ID name
            out.write(raw)
        with open(members, "rb") as src:
            shutil.copyfileobj(src, out, CHUNK)
    members.unlink()
    return dest


def _source_warcinfos(store: Store, build: WaczBuild, named: dict[str, set[str]]
                      ) -> dict[str, tuple[bytes, str]]:
    """The warcinfo record of each WARC records were copied from (raw member, record id),
    so that every copied record's WARC-Warcinfo-ID names a record of the WACZ. One that
    cannot be read, or is not the record named, is logged and counted as not found."""
    infos = {}
    for key, ids in sorted(named.items()):
        try:
            raw, rid = read_warcinfo(store, key)
        except (StoreError, ValueError) as e:
            build.not_found.append((key, "its warcinfo record"))
            log.warning("warcinfo for the WACZ not readable", key=key, error=str(e))
            continue
        if ids != {rid}:
            build.not_found.append((key, f"warcinfo {', '.join(sorted(ids - {rid}))}"))
            log.warning("copied records name another warcinfo than their WARC's first record",
                        key=key, named=sorted(ids), first=rid)
        infos[key] = (raw, rid)
    return infos


def _add_stream(zf: zipfile.ZipFile, path: str, chunks: Iterable[bytes], work: Path
                ) -> Resource:
    """Spool ``chunks`` to a file in ``work`` first, so that the entry is written with its
    size known: a size-unknown entry gets a ZIP64 extra field in its local header that its
    central directory record lacks, and ReplayWeb.page (wabac.js), which takes a local
    header's extra length to be the central record's when that is 0, then reads the entry
    20 bytes too early."""
    spool = Path(work) / ("stream-" + path.replace("/", "_"))
    with open(spool, "wb") as f:
        out = _HashingWriter(f)
        for chunk in chunks:
            out.write(chunk)
    info = _zinfo(path, zipfile.ZIP_DEFLATED)
    info.file_size = out.n
    with open(spool, "rb") as src, zf.open(info, "w") as raw:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            raw.write(chunk)
    spool.unlink()
    return Resource(path, out.h.hexdigest(), out.n)


def _pages_lines(build: WaczBuild) -> Iterable[bytes]:
    header = {"format": "json-pages-1.0", "id": "pages",
              "title": f"{build.source} {build.day.isoformat()}", "hasText": True}
    yield (json.dumps(header) + "\n").encode()
    for page in build.pages:
        yield (json.dumps(page, ensure_ascii=False) + "\n").encode("utf-8")


def _datapackage(build: WaczBuild) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    try:
        software = "newsarchive " + version("newsarchive")
    except PackageNotFoundError:
        software = "newsarchive"
    return {
        "profile": "data-package",
        "resources": [r.descriptor() for r in build.resources],
        "title": f"{build.source} {build.day.isoformat()}",
        "description": f"Articles archived from {build.source} on {build.day.isoformat()} "
                       "(UTC), with every WARC of that day and the records its pages need from "
                       "other days' WARCs",
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wacz_version": WACZ_VERSION,
        "software": software,
    }


def store_wacz(build: WaczBuild, spool, shipper) -> str:
    """Spool the WACZ under its key and ship it as every archive object is shipped
    (verified upload, catalog entry): ``stored``, or ``spooled`` while the store is
    down (the next crawl ships it)."""
    from .store import StoreUnavailable

    path = spool.path_for(build.key)
    if build.path != path:
        shutil.copyfile(build.path, path)
    spool.add(build.key, "wacz", path, source=build.source)
    entry = spool.catalog.get_object(build.key)
    try:
        shipper.ship_one(entry)
    except StoreUnavailable as e:
        log.warning("store unavailable; the WACZ stays in the spool", key=build.key,
                    error=str(e))
        return "spooled"
    return "stored"
