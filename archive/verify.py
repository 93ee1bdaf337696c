"""Audit the archive: does the store hold what the catalog says, and does it hang together?

:func:`verify` checks, over the Catalog and Store interfaces only (so it works
for the local directory and for S3 alike):

* every catalog object with status ``stored`` is in the store with the recorded
  size and SHA-256, recomputed by streaming the bytes (stored metadata is not
  trusted);
* every WARC parses with warcio, every record is read to its end and its block
  and payload digests are checked as ``warcio check`` does;
* the WARC's CDXJ (``layout.cdxj_key``) exists and each line's url, timestamp,
  digest, offset, length and filename match a record at that offset; every
  response/revisit record is indexed;
* every capture row points at a record of that type and URL at its offset and
  length inside an existing WARC;
* nothing under ``warcs/``, ``metadata/`` or ``manifests/`` in the store is
  unknown to the catalog (orphans), and nothing lies outside those areas (strays);
* the catalog passes SQLite's ``quick_check``;
* no upload was left unfinished (multipart uploads, half-copied files), and no
  spooled file was set aside by recovery (quarantine).

``verify --since DATE`` and ``verify --sample N`` audit a part whose cost does not
grow with the archive (see :func:`verify`).

Store outages are not findings: :class:`StoreUnavailable` propagates (the
command line reports it with its own exit code).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.timeutils import iso_date_to_timestamp

from .catalog import Catalog
from .layout import cdxj_key
from .store import ObjectNotFound, Store, StoreError, StoreUnavailable

CHUNK = 1024 * 1024
STORE_AREAS = ("warcs/", "metadata/", "manifests/", "wacz/")  # wacz: issue 10
MUST_INDEX = ("response", "revisit")


@dataclass(frozen=True)
class Problem:
    kind: str  # missing, size, sha256, warc, digest, cdxj-missing, cdxj, capture, orphan,
    #            stray, catalog, quarantine, upload
    key: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind:13} {self.key}: {self.detail}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, kind: str, key: str, detail: str) -> None:
        self.problems.append(Problem(kind, key, detail))

    def of_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]

    def summary(self) -> str:
        head = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        verdict = "OK" if self.ok else f"{len(self.problems)} problem(s)"
        return "\n".join([f"verify: {verdict} ({head})", *map(str, self.problems)])


@dataclass(frozen=True)
class _Record:
    type: str
    length: int
    url: str | None
    date: str | None
    payload_digest: str | None


class _HashingReader:
    """Counts and hashes every byte read through it; ``tell`` is the bytes read."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._sha = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(n)
        self._sha.update(data)
        self.size += len(data)
        return data

    def tell(self) -> int:
        return self.size

    def drain(self) -> None:
        while self.read(CHUNK):
            pass

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def verify(catalog: Catalog, store: Store, *, orphans: bool = True,
           quarantined: list[tuple[str, int]] = (), since: str | None = None,
           sample: int | None = None) -> Report:
    """The full audit, or a part of it whose cost does not grow with the archive.

    ``since`` (YYYY-MM-DD): only the objects registered on or after that day, the
    captures of those WARCs, and orphans in the store's day prefixes from that day
    on (of the sources those objects belong to). ``sample`` (N): N WARCs picked at
    random, with their CDXJ indexes and captures; no orphan search. Both keep the
    cheap catalog-level checks (integrity, quarantine, unfinished uploads).
    """
    if since is not None and sample is not None:
        raise ValueError("verify takes --since or --sample, not both")
    report = Report()
    for problem in catalog.integrity_problems():
        report.add("catalog", "catalog", f"integrity check: {problem}")
    for name, size in quarantined:
        report.add("quarantine", name, f"{size} bytes set aside by spool recovery; "
                                       "inspect and remove by hand")
    try:
        for key, age in store.incomplete_uploads():
            report.add("upload", key, f"unfinished upload, {age:.0f}s old (aborted by the "
                                      "next crawl once older than stale_upload_age_s)")
    except StoreUnavailable:
        raise
    except StoreError as e:  # e.g. no permission to list uploads
        report.add("upload", "-", f"cannot list unfinished uploads: {e}")
    if sample is not None:
        selected = catalog.sample_objects("warc", sample)
        selected += [e for e in map(catalog.get_object, (cdxj_key(w.key) for w in selected))
                     if e is not None]
    elif since is not None:
        selected = catalog.objects_since(since)
    else:
        selected = catalog.objects()
    known = _Known(catalog, selected, complete=since is None and sample is None)
    warcs: dict[str, dict[int, _Record] | None] = {}  # None: missing or unparseable
    for entry in selected:
        if entry.status != "stored":
            report.counts["spooled"] += 1
            continue
        records = _check_object(store, entry, report)
        if entry.kind == "warc":
            warcs[entry.key] = records
    for key, records in warcs.items():
        if records is not None:
            _check_cdxj(store, key, records, known, report)
    if known.complete:
        _check_captures(catalog.captures(), warcs, known, report)
    else:
        for key in sorted(warcs):
            _check_captures(catalog.captures(key), warcs, known, report)
    if orphans and sample is None:
        if since is None:
            _check_orphans(store.list(""), known, report)
        else:
            for prefix in _day_prefixes(selected, since):
                _check_orphans(store.list(prefix), known, report)
    return report


class _Known:
    """Catalog objects by key: the selected ones, and (for a partial audit) any other
    looked up one by one, so a partial audit never loads the whole object table."""

    def __init__(self, catalog: Catalog, selected, complete: bool):
        self.catalog, self.complete = catalog, complete
        self._entries = {e.key: e for e in selected}

    def get(self, key: str):
        if key in self._entries or self.complete:
            return self._entries.get(key)
        entry = self._entries[key] = self.catalog.get_object(key)
        return entry

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None


def _day_prefixes(selected, since: str) -> list[str]:
    """The store's day prefixes, from ``since`` through today (UTC), of each source
    the selected objects belong to."""
    sources = sorted({e.key.split("/")[1] for e in selected
                      if e.key.startswith(STORE_AREAS) and e.key.count("/") >= 2})
    first = date.fromisoformat(since)
    today = datetime.now(timezone.utc).date()
    prefixes = []
    for n in range((today - first).days + 1):
        day = (first + timedelta(days=n)).strftime("%Y/%m/%d")
        for source in sources:
            prefixes += [f"warcs/{source}/{day}/", f"metadata/{source}/{day}/",
                         f"manifests/{source}/{day}."]
    return prefixes


def _check_object(store, entry, report) -> dict[int, _Record] | None:
    try:
        stream = store.open(entry.key)
    except ObjectNotFound:
        report.add("missing", entry.key, "catalog says stored; not in the store")
        return None
    report.counts["objects"] += 1
    with stream:
        reader = _HashingReader(stream)
        records = _read_warc(reader, entry.key, report) if entry.kind == "warc" else None
        reader.drain()
    report.counts["bytes"] += reader.size
    if entry.size is not None and reader.size != entry.size:
        report.add("size", entry.key,
                   f"{reader.size} bytes in the store, catalog says {entry.size}")
    if entry.sha256 and reader.hexdigest() != entry.sha256:
        report.add("sha256", entry.key, f"stored bytes hash to {reader.hexdigest()}, "
                                        f"catalog says {entry.sha256}")
    return records


def _read_warc(reader: _HashingReader, key: str, report: Report) -> dict[int, _Record] | None:
    records: dict[int, _Record] = {}
    try:
        it = ArchiveIterator(reader, check_digests=True)
        for record in it:
            # The raw block (after HTTP headers) is what the digests cover; reading it
            # rather than the decoded content keeps odd Content-Encodings from failing.
            while record.raw_stream.read(CHUNK):
                pass
            it.read_to_end(record)
            offset, length = it.get_record_offset(), it.get_record_length()
            h = record.rec_headers
            if record.digest_checker.passed is False:
                report.add("digest", key, f"record at {offset} ({record.rec_type} "
                                          f"{h.get_header('WARC-Target-URI')}): "
                           + "; ".join(record.digest_checker.problems))
            records[offset] = _Record(record.rec_type, length, h.get_header("WARC-Target-URI"),
                                      h.get_header("WARC-Date"),
                                      h.get_header("WARC-Payload-Digest"))
    except StoreError:
        raise
    except Exception as e:  # warcio, gzip and header parsing failures alike
        report.add("warc", key, f"unreadable after {len(records)} records: "
                                f"{type(e).__name__}: {e}")
        return None
    report.counts["warcs"] += 1
    report.counts["records"] += len(records)
    return records


def _check_cdxj(store, warc_key, records, known, report) -> None:
    key = cdxj_key(warc_key)
    entry = known.get(key)
    if entry is not None and entry.status != "stored":
        return  # still spooled: shipped later, checked then
    try:
        stream = store.open(key)
    except ObjectNotFound:
        report.add("cdxj-missing", key, f"no CDXJ index for {warc_key}")
        return
    indexed = set()
    with stream:
        for n, line in enumerate(io.TextIOWrapper(stream, encoding="utf-8", errors="replace"), 1):
            if not line.strip() or line.startswith("!"):
                continue  # blank or "!meta" header lines
            report.counts["cdxj_lines"] += 1
            try:
                _surt, timestamp, blob = line.rstrip("\n").split(" ", 2)
                fields = json.loads(blob)
                offset, length = int(fields["offset"]), int(fields["length"])
            except (ValueError, KeyError, TypeError) as e:
                report.add("cdxj", key, f"line {n}: unparseable ({type(e).__name__})")
                continue
            rec = records.get(offset)
            why = None
            if rec is None or rec.length != length:
                why = f"no record at offset {offset} with length {length}"
            elif fields.get("url") != rec.url:
                why = f"url {fields.get('url')!r} != record's {rec.url!r}"
            elif rec.date and timestamp != iso_date_to_timestamp(rec.date):
                why = f"timestamp {timestamp} != record's {rec.date}"
            elif fields.get("digest") and rec.payload_digest \
                    and fields["digest"] != rec.payload_digest:
                why = f"digest {fields['digest']} != record's {rec.payload_digest}"
            elif fields.get("filename") and not ("/" + warc_key).endswith("/" + fields["filename"]):
                why = f"filename {fields['filename']!r} does not name {warc_key}"
            if why:
                report.add("cdxj", key, f"line {n}: {why}")
            else:
                indexed.add(offset)
    for offset, rec in sorted(records.items()):
        if rec.type in MUST_INDEX and offset not in indexed:
            report.add("cdxj", key, f"{rec.type} record at {offset} ({rec.url}) is not indexed")


def _check_captures(captures, warcs, known, report) -> None:
    for cap in captures:
        report.counts["captures"] += 1
        key, where = cap["warc_key"], f"capture {cap.get('id')} {cap['url']}"
        entry = known.get(key)
        if entry is None:
            report.add("capture", key, f"{where}: WARC unknown to the catalog")
            continue
        records = warcs.get(key)
        if entry.status != "stored" or records is None:
            continue  # spooled, or the WARC itself is already reported missing/unreadable
        rec = records.get(cap["offset"])
        if rec is None or rec.length != cap["length"]:
            report.add("capture", key, f"{where}: no record at offset {cap['offset']} "
                                       f"with length {cap['length']}")
        elif rec.type != cap["record_type"] or rec.url != cap["url"]:
            report.add("capture", key, f"{where}: record there is {rec.type} {rec.url}")
        elif cap.get("payload_digest") and rec.payload_digest \
                and cap["payload_digest"] != rec.payload_digest:
            report.add("capture", key, f"{where}: payload digest {cap['payload_digest']} "
                                       f"!= record's {rec.payload_digest}")


def _check_orphans(listing, known, report) -> None:
    for obj in listing:
        report.counts["store_objects"] += 1
        if not obj.key.startswith(STORE_AREAS):
            report.add("stray", obj.key, f"{obj.size} bytes outside the archive's areas "
                                         f"({', '.join(STORE_AREAS)})")
        elif obj.key not in known:
            report.add("orphan", obj.key,
                       f"{obj.size} bytes in the store, unknown to the catalog")
