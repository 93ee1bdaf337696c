"""A rolling WARC/1.1 writer: one gzip member per record, ``.open`` until closed.

Per capture it writes ``response`` (or ``revisit``) then ``request`` with
``WARC-Concurrent-To`` and the same ``WARC-Date``, then optionally a
``metadata`` record (extracted JSON) whose target URI is ``urn:pageinfo:{url}``
so replay never confuses it with the page. Files are named as the IIPC tools
name them, ``{prefix}-{timestamp17}-{serial}-{host}.warc.gz``, written as
``….warc.gz.open`` and renamed when closed; ``on_close`` is told of each
finished file (it indexes and spools it).
"""

from __future__ import annotations

import io
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from .capture import Decision, HttpCapture, Original, WrittenRecord

REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# story-level dedup (issue 7): our own revisit profile, as WARC 1.1 §6.7 allows
STORY_REFERENCE_PROFILE = "https://github.com/newsarchive/newsarchive/warc/revisit/story-reference/v1"
ONE_GB = 1_000_000_000


def warc_date(dt: datetime) -> str:
    return datetime_to_iso_date(dt.astimezone(timezone.utc).replace(tzinfo=None), use_micros=True)


def timestamp17(dt: datetime) -> str:
    dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y%m%d%H%M%S") + f"{dt.microsecond // 1000:03d}"


class ClosedWarc:
    def __init__(self, path: Path, key: str, records: int, created: datetime):
        self.path, self.key, self.records, self.created = path, key, records, created


class RollingWarcWriter:
    """Writes captures into ``{root}/{key_for(created, filename)}``, rolling over by size."""

    def __init__(self, root: str | os.PathLike, *, prefix: str,
                 key_for: Callable[[datetime, str], str], warcinfo: dict[str, str],
                 max_size: int = ONE_GB,
                 on_close: Callable[[ClosedWarc], None] | None = None):
        self.root = Path(root)
        self.prefix = prefix
        self.key_for = key_for
        self.warcinfo = dict(warcinfo)
        self.max_size = max_size
        self.on_close = on_close
        self.host = socket.gethostname().split(".")[0] or "localhost"
        self._serial = 0
        self._fh = None
        self._writer: WARCWriter | None = None
        self._key = ""
        self._path: Path | None = None
        self._records = 0
        self._created: datetime | None = None

    # -- file lifecycle ---------------------------------------------------------
    def _open(self) -> None:
        created = datetime.now(timezone.utc)
        filename = f"{self.prefix}-{timestamp17(created)}-{self._serial:05d}-{self.host}.warc.gz"
        self._serial += 1
        self._key = self.key_for(created, filename)
        self._path = self.root / self._key
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(str(self._path) + ".open", "xb")
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self._created = created
        self._records = 0
        info = self._writer.create_warcinfo_record(filename, self.warcinfo)
        self._write(info)

    def close(self) -> ClosedWarc | None:
        if self._fh is None:
            return None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(str(self._path) + ".open", self._path)
        closed = ClosedWarc(self._path, self._key, self._records, self._created)
        self._fh = self._writer = None
        if self.on_close:
            self.on_close(closed)
        return closed

    def _ensure_open(self) -> None:
        if self._fh is not None and self._fh.tell() >= self.max_size:
            self.close()
        if self._fh is None:
            self._open()

    def _write(self, record) -> tuple[int, int]:
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._records += 1
        return offset, self._fh.tell() - offset

    # -- records ------------------------------------------------------------------
    def write_capture(self, capture: HttpCapture, decision: Decision = Decision.FULL,
                      original: Original | None = None,
                      metadata: dict | None = None) -> list[WrittenRecord]:
        """Write one exchange; returns the records written, response/revisit first.

        All or nothing: if any record fails to be written (disk full…), the file is
        cut back to where this capture began, so no partial gzip member is left
        for the next capture to be appended after. On return the bytes are on disk
        (fsync), so the catalog may safely say the capture exists.
        """
        self._ensure_open()
        start, records_before = self._fh.tell(), self._records
        try:
            written = self._write_capture(capture, decision, original, metadata)
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except BaseException:
            self._fh.flush()
            self._fh.truncate(start)
            self._fh.seek(start)
            self._records = records_before
            raise
        return written

    def _write_capture(self, capture, decision, original, metadata) -> list[WrittenRecord]:
        w = self._writer
        date = warc_date(capture.date)
        http = StatusAndHeaders(f"{capture.status} {capture.reason}".strip(),
                                list(capture.response_headers), protocol=capture.protocol)
        common = {"WARC-Date": date}
        if capture.ip_address:
            common["WARC-IP-Address"] = capture.ip_address
        if capture.truncated:  # i6-scope: a cut body says so (WARC 1.1, WARC-Truncated)
            common["WARC-Truncated"] = capture.truncated
        if decision is Decision.REVISIT:
            if original is None:
                raise ValueError("a revisit needs the original capture")
            main = w.create_revisit_record(capture.url, capture.payload_digest, original.uri,
                                           original.date, http_headers=http,
                                           warc_headers_dict=dict(common))
            main.rec_headers.replace_header("WARC-Profile", REVISIT_PROFILE)
            main.rec_headers.add_header("WARC-Refers-To", original.record_id)
            rtype = "revisit"
        elif decision is Decision.REFERENCE:
            main = self._reference_record(capture, original, http, common)
            rtype = "revisit"
        else:
            main = w.create_warc_record(capture.url, "response",
                                        payload=io.BytesIO(capture.body),
                                        length=len(capture.body), http_headers=http,
                                        warc_headers_dict=dict(common))
            rtype = "response"
        main_id = main.rec_headers.get_header("WARC-Record-ID")
        offset, length = self._write(main)
        written = [WrittenRecord(self._key, rtype, main_id, capture.url, date, offset, length,
                                 capture.payload_digest, capture.status, capture.mime)]

        req = self._request_record(capture, date, main_id)
        offset, length = self._write(req)
        written.append(WrittenRecord(self._key, "request",
                                     req.rec_headers.get_header("WARC-Record-ID"), capture.url,
                                     date, offset, length, None, None, None))
        if metadata is not None:
            payload = json.dumps(metadata, ensure_ascii=False, sort_keys=True).encode("utf-8")
            meta = w.create_warc_record(f"urn:pageinfo:{capture.url}", "metadata",
                                        payload=io.BytesIO(payload), length=len(payload),
                                        warc_content_type="application/json",
                                        warc_headers_dict={"WARC-Date": date,
                                                           "WARC-Concurrent-To": main_id})
            offset, length = self._write(meta)
            written.append(WrittenRecord(self._key, "metadata",
                                         meta.rec_headers.get_header("WARC-Record-ID"),
                                         f"urn:pageinfo:{capture.url}", date, offset, length,
                                         None, None, "application/json"))
        return written

    def _reference_record(self, capture: HttpCapture, original: Original | None,
                          http: StatusAndHeaders, common: dict[str, str]):
        """A story-reference revisit (issue 7): the copy's HTTP status and headers, no
        payload; ``WARC-Refers-To*`` name the canonical capture of the story. Its
        ``WARC-Payload-Digest`` is the digest of the body really fetched, so a replay
        tool never substitutes the canonical page (another digest) for the copy."""
        if original is None:
            raise ValueError("a story reference needs the canonical capture")
        rec = self._writer.create_revisit_record(capture.url, capture.payload_digest,
                                                 original.uri, original.date, http_headers=http,
                                                 warc_headers_dict=dict(common))
        rec.rec_headers.replace_header("WARC-Profile", STORY_REFERENCE_PROFILE)
        rec.rec_headers.add_header("WARC-Refers-To", original.record_id)
        return rec

    def _request_record(self, capture: HttpCapture, date: str, concurrent_to: str):
        from urllib.parse import urlsplit

        parts = urlsplit(capture.url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        headers = list(capture.request_headers)
        if not any(k.lower() == "host" for k, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        http = StatusAndHeaders(f"{capture.method} {target} {capture.protocol}", headers,
                                is_http_request=True)
        return self._writer.create_warc_record(
            capture.url, "request", payload=io.BytesIO(capture.request_body),
            length=len(capture.request_body), http_headers=http,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": concurrent_to})
