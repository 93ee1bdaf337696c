"""Which records of other WARCs a day's WACZ needs to replay on its own (issue 10).

A day's WARCs do not hold everything its pages need:

- page requisites (stylesheets, fonts, images) are fetched in full once, then only
  conditionally: a 304 writes nothing, so from the second day on a page's stylesheet,
  fonts and logo sit in the WARC of the day they were last fetched in full;
- a revisit (identical payload, ``server-not-modified`` re-capture, story reference)
  names its original (``WARC-Refers-To``…), which may be in an earlier day's WARC.

:func:`records_from_other_days` finds them through the catalog (table ``captures``)
and the store (each page's archived HTML, each stylesheet's archived CSS when the
catalog keeps no ``refs`` for it, each revisit's headers, all read by range): for each
requisite of a page with no capture in the day's WARCs, the latest capture of that URL
at or before the page's (the earliest after, for a run that fetched it just after
midnight); for each revisit in the day's WARCs or among the records added, its original
when it is not in the WACZ (chains followed). What cannot be found is logged with its
URL and counted, never fatal: the WACZ is still built, and says so.

Which URLs a page needs is :mod:`crawler.requisites`' own answer (the function the
crawler fetches by), so the WACZ carries what the crawl archived for that page.
"""

from __future__ import annotations

import io
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import urljoin

import structlog
from warcio.archiveiterator import ArchiveIterator

from crawler.requisites import (STYLESHEET, charset_of, page_requisites,
                                stylesheet_requisites)

from .catalog import Catalog
from .store import Store, StoreError
from .warc.salvage import gzip_member_problem

log = structlog.get_logger("archive.wacz")

REPLAYABLE = ("response", "revisit")


@dataclass(frozen=True)
class Needed:
    """One record of another WARC, and why the WACZ takes it."""
    warc_key: str
    offset: int
    length: int
    record_id: str
    record_type: str
    url: str
    warc_date: str
    why: str  # "requisite of URL" or "original of RECORD-ID"


@dataclass
class Closure:
    records: list[Needed] = field(default_factory=list)  # in store order (key, offset)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (URL, what was looked for)
    never_archived: set[str] = field(default_factory=set)  # requisite URLs with no capture


def read_record(store: Store, key: str, offset: int, length: int, record_id: str
                ) -> tuple[bytes, object, bytes]:
    """The one WARC record at ``offset``/``length`` of the WARC ``key``: its raw bytes
    (one gzip member), the parsed record, and its payload decoded of transfer and content
    encodings. Raises ValueError unless the bytes there are exactly the record
    ``record_id``, StoreError when they cannot be read."""
    raw = store.read_range(key, int(offset), int(length))
    where = f"{key} offset {offset}"
    problem = gzip_member_problem(io.BytesIO(raw), 0, len(raw))
    if problem:
        raise ValueError(f"no single whole WARC record (gzip member) at {where}: {problem}")
    try:
        rec = next(iter(ArchiveIterator(io.BytesIO(raw))), None)
        if rec is None:
            raise ValueError(f"no WARC record at {where}")
        payload = rec.content_stream().read() if rec.rec_type in REPLAYABLE else b""
    except ValueError:
        raise
    except Exception as e:  # warcio, gzip and zlib failures alike
        raise ValueError(f"no readable WARC record at {where}: {type(e).__name__}: {e}"
                         ) from None
    found = rec.rec_headers.get_header("WARC-Record-ID")
    if found != record_id:
        raise ValueError(f"{where} holds {found}, not {record_id}")
    return raw, rec, payload


def read_warcinfo(store: Store, key: str, limit: int = 1 << 20) -> tuple[bytes, str]:
    """The warcinfo record that opens the WARC ``key`` (every WARC we write starts with
    one): its raw gzip member and its record id. Read by range, growing up to ``limit``
    bytes until the member ends. Raises ValueError when the WARC does not start with a
    whole warcinfo record, StoreError when it cannot be read."""
    head = store.head(key)
    if head is None:
        raise ValueError(f"{key} is not in the store")
    want = min(64 * 1024, head.size)
    while True:
        raw = store.read_range(key, 0, want)
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            inflate.decompress(raw)
        except zlib.error as e:
            raise ValueError(f"{key} does not start with a gzip member: {e}") from None
        if inflate.eof:
            raw = raw[:len(raw) - len(inflate.unused_data)]
            break
        if want >= min(limit, head.size):
            raise ValueError(f"{key}: no whole first record in its first {want} bytes")
        want = min(want * 4, limit, head.size)
    try:
        rec = next(iter(ArchiveIterator(io.BytesIO(raw))), None)
        kind = rec and rec.rec_type
    except Exception as e:  # noqa: BLE001 - warcio's failures, said as ours
        kind = f"unreadable ({type(e).__name__}: {e})"
    if kind != "warcinfo":
        raise ValueError(f"{key} does not start with a warcinfo record ({kind})")
    return raw, rec.rec_headers.get_header("WARC-Record-ID")


def _replays(cap: dict) -> bool:
    """A record a browser's request can be answered from: a response or a revisit with a
    payload, not a 304 (pywb would answer the 304 itself) nor an error."""
    status = cap.get("status")
    return cap["record_type"] in REPLAYABLE and (status is None or (status < 400
                                                                     and status != 304))


class _Finder:
    def __init__(self, catalog: Catalog, store: Store, warc_keys: Iterable[str]):
        self.catalog, self.store = catalog, store
        self.inside: dict[str, dict] = {}  # record id -> capture, of the day's WARCs
        self.inside_by_url: dict[str, dict] = {}  # URL -> its replayable capture that day
        for key in warc_keys:
            for cap in catalog.captures(key):
                self.inside[cap["record_id"]] = cap
                if _replays(cap):
                    self.inside_by_url[cap["url"]] = cap  # the day's latest, in the end
        self.added: dict[str, Needed] = {}
        self.revisits: deque[dict] = deque(c for c in self.inside.values()
                                           if c["record_type"] == "revisit")
        self.closure = Closure()
        self._expanded: set[str] = set()  # stylesheets whose references were followed
        self._redirects_followed: set[str] = set()  # redirect targets already looked for
        self._of_url: dict[str, list[dict]] = {}  # URL -> its replayable captures

    def _replayable(self, url: str) -> list[dict]:
        """The replayable captures of ``url`` (asked once: pages share requisites)."""
        if url not in self._of_url:
            self._of_url[url] = [c for c in self.catalog.captures_of(url) if _replays(c)]
        return self._of_url[url]

    def has(self, record_id: str) -> bool:
        return record_id in self.inside or record_id in self.added

    def add(self, cap: dict, why: str) -> None:
        if self.has(cap["record_id"]):
            return
        self.added[cap["record_id"]] = Needed(
            cap["warc_key"], int(cap["offset"]), int(cap["length"]), cap["record_id"],
            cap["record_type"], cap["url"], cap["warc_date"], why)
        if cap["record_type"] == "revisit":
            self.revisits.append(cap)

    def missing(self, url: str, what: str, **kw) -> None:
        self.closure.missing.append((url, what))
        log.warning("record for the WACZ not found", url=url, looked_for=what, **kw)

    # -- what a page needs ------------------------------------------------------------------
    def page(self, cap: dict) -> None:
        html = self._payload(cap)
        if html is None:
            return
        for req in page_requisites(html, cap["url"]):
            self.requisite(req.url, req.kind, cap)

    def requisite(self, url: str, kind: str, page: dict, why: str | None = None) -> None:
        cap = self.inside_by_url.get(url)  # captured that day: that capture is replayed
        if cap is None:
            cap = self._capture_near(url, page["warc_date"])
            if cap is None:
                self.closure.never_archived.add(url)
                log.info("requisite never archived", url=url, page=page["url"])
                return
            self.add(cap, why or f"requisite of {page['url']}")
        target = self._redirect_target(cap)
        if target is not None and target not in self._redirects_followed:
            self._redirects_followed.add(target)  # (a loop of redirects ends here)
            self.requisite(target, kind, page, why=f"redirect target of {url}")
        if kind == STYLESHEET and url not in self._expanded:
            self._expanded.add(url)
            for ref_url, ref_kind in self._stylesheet_refs(url, page):
                self.requisite(ref_url, ref_kind, page)

    def _redirect_target(self, cap: dict) -> str | None:
        """Where a redirect capture points (its Location, resolved); None for any other.
        The catalog keeps no Location: it is read from the record itself."""
        if not 300 <= (cap.get("status") or 0) < 400:
            return None
        try:
            _, rec, _ = self._read(cap)
        except (StoreError, ValueError) as e:
            self.missing(cap["url"], f"record {cap['record_id']}", error=str(e))
            return None
        location = rec.http_headers.get_header("Location") if rec.http_headers else None
        try:
            return urljoin(cap["url"], location.strip()) if location else None
        except ValueError:
            return None

    def _capture_near(self, url: str, when: str) -> dict | None:
        """The latest replayable capture of ``url`` at or before ``when``; else the
        earliest after (fetched by the same run, just past midnight)."""
        caps = self._replayable(url)
        before = [c for c in caps if c["warc_date"] <= when]
        if before:
            return before[-1]
        return caps[0] if caps else None

    def _stylesheet_refs(self, url: str, page: dict) -> list[tuple[str, str]]:
        known = self.catalog.requisite(url)
        if known and known.get("refs") is not None:
            return [(u, k) for u, k in known["refs"]]
        cap = self._capture_near(url, page["warc_date"])
        if cap is None:
            return []
        css = self._payload(cap)
        if not css:
            return []
        found = stylesheet_requisites(css, url, charset_of(cap.get("mime")))
        return [(r.url, r.kind) for r in found]

    def _payload(self, cap: dict) -> bytes | None:
        """The archived payload of a capture, through its original if it is a revisit."""
        seen = set()
        while cap is not None and cap["record_id"] not in seen:
            seen.add(cap["record_id"])
            try:
                _, rec, payload = self._read(cap)
            except (StoreError, ValueError) as e:
                self.missing(cap["url"], f"record {cap['record_id']}", error=str(e))
                return None
            if rec.rec_type != "revisit":
                return payload
            cap = self._original(rec, cap)
        return None

    def _read(self, cap: dict):
        return read_record(self.store, cap["warc_key"], cap["offset"], cap["length"],
                           cap["record_id"])

    # -- originals of revisits --------------------------------------------------------------
    def _original(self, rec, cap: dict) -> dict | None:
        """The capture a revisit record refers to (None, logged, when the catalog has it
        not; None, silently, for a revisit that names no original)."""
        h = rec.rec_headers
        ref = h.get_header("WARC-Refers-To")
        if not ref:
            return None
        uri = h.get_header("WARC-Refers-To-Target-URI")
        if not uri and h.get_header("WARC-Payload-Digest"):
            found = self.catalog.find_payload(h.get_header("WARC-Payload-Digest"))
            uri = found.url if found else None
        for c in self.catalog.captures_of(uri) if uri else ():
            if c["record_id"] == ref:
                return c
        self.missing(uri or cap["url"], f"original {ref} of revisit {cap['record_id']}")
        return None

    def originals(self) -> None:
        while self.revisits:
            cap = self.revisits.popleft()
            try:
                _, rec, _ = self._read(cap)
            except (StoreError, ValueError) as e:
                self.missing(cap["url"], f"revisit {cap['record_id']}", error=str(e))
                continue
            ref = rec.rec_headers.get_header("WARC-Refers-To")
            if not ref or self.has(ref):
                continue
            original = self._original(rec, cap)
            if original is not None:
                self.add(original, f"original of {cap['record_id']}")


def records_from_other_days(catalog: Catalog, store: Store, warc_keys: Iterable[str],
                            page_captures: Iterable[dict]) -> Closure:
    """The records of other WARCs that the WACZ made of ``warc_keys`` (store keys) needs
    for the pages captured at ``page_captures`` (catalog ``captures`` rows)."""
    finder = _Finder(catalog, store, warc_keys)
    for cap in page_captures:
        finder.page(cap)
    finder.originals()
    closure = finder.closure
    closure.records = sorted(finder.added.values(), key=lambda n: (n.warc_key, n.offset))
    return closure
