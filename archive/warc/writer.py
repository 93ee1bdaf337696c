"""A rolling WARC/1.1 writer: one gzip member per record, ``.open`` until closed.

Per capture it writes ``response`` (or ``revisit``) then ``request`` with
``WARC-Concurrent-To`` and the same ``WARC-Date``, then optionally a
``metadata`` record (extracted JSON) whose target URI is ``urn:pageinfo:{url}``
so replay never confuses it with the page. Files are named as the IIPC tools name
them, ``{prefix}-{timestamp17}-{serial}-{pid}-{host}.warc.gz``, with the process id
as Heritrix has it (it keeps apart two crawlers of one machine that open a file in the
same millisecond; ``-``, not Heritrix's ``~``, which a WACZ resource name refuses), written as
``….warc.gz.open`` and renamed when closed; ``on_close`` is told of each
finished file with its CDXJ index, made record by record as the file was written
(``liveindex``), and spools both.
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

from ..files import fsync_dir
from .capture import Decision, HttpCapture, Original, WrittenRecord
from .verbatim import VerbatimHead, split_request


class _Writer(WARCWriter):
    # a metadata record's block is not an HTTP message: it has no payload (WARC 1.1 §4)
    NO_PAYLOAD_DIGEST_TYPES = (*WARCWriter.NO_PAYLOAD_DIGEST_TYPES, "metadata")

REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# story-level dedup (issue 7): our own revisit profile, as WARC 1.1 §6.7 allows
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
STORY_REFERENCE_PROFILE = "https://github.com/newsarchive/newsarchive/warc/revisit/story-reference/v1"
ONE_GB = 1_000_000_000


def warc_date(dt: datetime) -> str:
    return datetime_to_iso_date(dt.astimezone(timezone.utc).replace(tzinfo=None), use_micros=True)


def timestamp17(dt: datetime) -> str:
    dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y%m%d%H%M%S") + f"{dt.microsecond // 1000:03d}"


class ClosedWarc:
    """A finished WARC; ``cdxj``: its index, made as it was written (see liveindex)."""

    def __init__(self, path: Path, key: str, records: int, created: datetime, cdxj: bytes):
        self.path, self.key, self.records, self.created = path, key, records, created
        self.cdxj = cdxj


class RollingWarcWriter:
    """Writes captures into ``{root}/{key_for(created, filename)}``, rolling over by size.

    Each capture's records are serialised (one gzip member each) in memory and
    written whole with ``os.pwrite`` on the file descriptor, then fsynced: no
    buffered bytes outlive a failed write, and a failure cuts the file back with
    ``os.ftruncate`` to exactly where the capture began.
    """

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
        self._fd: int | None = None
        self._pos = 0  # bytes of complete, durable records in the open file
        self._writer = _Writer(io.BytesIO(), gzip=True, warc_version="1.1")  # makes records
        self._warcinfo_id: str | None = None
        self._key = ""
        self._path: Path | None = None
        self._records = 0
        self._created: datetime | None = None
        self._index = None  # the open file's LiveIndex

    # -- file lifecycle ---------------------------------------------------------
    def _open(self) -> None:
        # cdxj-indexer is imported on the first open only: every command that reads
        # the spool imports this module, and the indexer takes ~0.1 s to import
        from .liveindex import LiveIndex

        created = datetime.now(timezone.utc)
        filename = (f"{self.prefix}-{timestamp17(created)}-{self._serial:05d}-"
                    f"{os.getpid()}-{self.host}.warc.gz")
        self._serial += 1
        key = self.key_for(created, filename)
        path = self.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        open_path = str(path) + ".open"
        fd = os.open(open_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        self._fd, self._pos, self._key, self._path = fd, 0, key, path
        self._created, self._records = created, 0
        self._index = LiveIndex(filename)
        try:
            fsync_dir(path.parent)  # the new name itself survives a power cut
            info = self._writer.create_warcinfo_record(filename, self.warcinfo)
            self._append([info])
            # every later record of this file names it (WARC-Warcinfo-ID)
            self._warcinfo_id = info.rec_headers.get_header("WARC-Record-ID")
        except BaseException:
            self._fd = None
            os.close(fd)
            os.unlink(open_path)
            raise

    def close(self) -> ClosedWarc | None:
        if self._fd is None:
            return None
        fd, self._fd = self._fd, None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(str(self._path) + ".open", self._path)
        fsync_dir(self._path.parent)
        closed = ClosedWarc(self._path, self._key, self._records, self._created,
                            self._index.sorted_cdxj())
        if self.on_close:
            self.on_close(closed)
        return closed

    def _ensure_open(self) -> None:
        if self._fd is not None and self._pos >= self.max_size:
            self.close()
        if self._fd is None:
            self._open()

    def _append(self, records: list) -> list[tuple[int, int]]:
        """Write ``records`` whole at the end of the file and fsync; (offset, length) each.

        All or nothing: on any failure the file is cut back to its length before
        the call, and the records' index lines are not kept. Should even that fail,
        the file is given up (left ``.open`` for the next run's recovery, which keeps
        its complete records and indexes them) so that nothing is ever appended after
        a partial record.
        """
        buf = io.BytesIO()
        out = _Writer(buf, gzip=True, warc_version="1.1")
        spans, lines = [], []
        for record in records:
            offset = buf.tell()
            payload_at = record.raw_stream.tell()
            out.write_record(record)
            span = (self._pos + offset, buf.tell() - offset)
            spans.append(span)
            lines += self._index.lines_for(record, *span, payload_at=payload_at)
        data = buf.getbuffer()
        start = pos = self._pos
        try:
            while pos - start < len(data):
                pos += os.pwrite(self._fd, data[pos - start:], pos)
            os.fsync(self._fd)
        except BaseException:
            try:
                os.ftruncate(self._fd, start)
            except OSError:
                fd, self._fd = self._fd, None
                os.close(fd)
            raise
        finally:
            data.release()
        self._pos = pos
        self._records += len(records)
        self._index.add(lines)
        return spans

    # -- records ------------------------------------------------------------------
    def write_capture(self, capture: HttpCapture, decision: Decision = Decision.FULL,
                      original: Original | None = None,
                      metadata: dict | None = None) -> list[WrittenRecord]:
        """Write one exchange; returns the records written, response/revisit first.

        All or nothing (see :meth:`_append`): a capture that fails (disk full…)
        leaves the file exactly as it was. On return the bytes are on disk
        (fsync), so the catalog may safely say the capture exists.
        """
        self._ensure_open()
        return self._write_capture(capture, decision, original, metadata)

    def _write_capture(self, capture, decision, original, metadata) -> list[WrittenRecord]:
        w = self._writer
        date = warc_date(capture.date)
        http = self._response_head(capture)
        common = {"WARC-Date": date}
        if self._warcinfo_id:
            common["WARC-Warcinfo-ID"] = self._warcinfo_id
        if capture.ip_address:
            common["WARC-IP-Address"] = capture.ip_address
        if capture.truncated:  # i6-scope: a cut body says so (WARC 1.1, WARC-Truncated)
            common["WARC-Truncated"] = capture.truncated
        if decision is not Decision.FULL:
            # a revisit holds the HTTP headers and not the payload (WARC 1.1 §6.7.2)
            common["WARC-Truncated"] = "length"
        if decision is Decision.REVISIT:
            if original is None:
                raise ValueError("a revisit needs the original capture")
            main = w.create_revisit_record(capture.url, capture.payload_digest, original.uri,
                                           original.date, http_headers=http,
                                           warc_headers_dict=dict(common))
            main.rec_headers.replace_header("WARC-Profile", REVISIT_PROFILE)
            main.rec_headers.add_header("WARC-Refers-To", original.record_id)
            rtype = "revisit"
        elif decision is Decision.NOT_MODIFIED:
            main = self._not_modified_record(capture, original, http, common)
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
        req = self._request_record(capture, date, main_id, common)
        records = [main, req]
        meta = None
        if metadata is not None:
            payload = json.dumps(metadata, ensure_ascii=False, sort_keys=True).encode("utf-8")
            meta = w.create_warc_record(f"urn:pageinfo:{capture.url}", "metadata",
                                        payload=io.BytesIO(payload), length=len(payload),
                                        warc_content_type="application/json",
                                        warc_headers_dict=self._with_info(
                                            {"WARC-Date": date,
                                             "WARC-Concurrent-To": main_id}))
            records.append(meta)
        spans = self._append(records)
        digest = None if decision is Decision.NOT_MODIFIED else capture.payload_digest
        written = [WrittenRecord(self._key, rtype, main_id, capture.url, date, *spans[0],
                                 digest, capture.status, capture.mime),
                   WrittenRecord(self._key, "request",
                                 req.rec_headers.get_header("WARC-Record-ID"), capture.url,
                                 date, *spans[1], None, None, None)]
        if meta is not None:
            written.append(WrittenRecord(self._key, "metadata",
                                         meta.rec_headers.get_header("WARC-Record-ID"),
                                         f"urn:pageinfo:{capture.url}", date, *spans[2],
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

    def _not_modified_record(self, capture: HttpCapture, original: Original | None,
                             http: StatusAndHeaders, common: dict[str, str]):
        """A 304 answer (i8-evidence): a ``server-not-modified`` revisit with the 304's
        status line and headers and no payload (so no payload digest); ``WARC-Refers-To*``
        name the earlier capture of the URL when the catalog knows one."""
        rec = self._writer.create_warc_record(capture.url, "revisit", http_headers=http,
                                              warc_headers_dict=self._with_info(dict(common)))
        rec.rec_headers.add_header("WARC-Profile", NOT_MODIFIED_PROFILE)
        if original is not None:
            rec.rec_headers.add_header("WARC-Refers-To", original.record_id)
            rec.rec_headers.add_header("WARC-Refers-To-Target-URI", original.uri)
            rec.rec_headers.add_header("WARC-Refers-To-Date", original.date)
        return rec

    def _with_info(self, headers: dict[str, str]) -> dict[str, str]:
        if self._warcinfo_id:
            headers["WARC-Warcinfo-ID"] = self._warcinfo_id
        return headers

    @staticmethod
    def _response_head(capture: HttpCapture) -> StatusAndHeaders:
        """The response's status line and header block: the bytes received (issue 8),
        or, for a capture that has none, rebuilt from the parsed headers."""
        if capture.response_head is not None:
            return VerbatimHead(capture.response_head)
        return StatusAndHeaders(f"{capture.status} {capture.reason}".strip(),
                                list(capture.response_headers), protocol=capture.protocol)

    def _request_record(self, capture: HttpCapture, date: str, concurrent_to: str,
                        common: dict[str, str]):
        headers = {"WARC-Date": date, "WARC-Concurrent-To": concurrent_to}
        for key in ("WARC-IP-Address", "WARC-Warcinfo-ID"):
            if key in common:
                headers[key] = common[key]
        if capture.request_raw is not None:  # the request exactly as sent (issue 8)
            head, body = split_request(capture.request_raw)
            return self._writer.create_warc_record(
                capture.url, "request", payload=io.BytesIO(body), length=len(body),
                http_headers=VerbatimHead(head, is_request=True), warc_headers_dict=headers)
        from urllib.parse import urlsplit

        parts = urlsplit(capture.url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        sent = list(capture.request_headers)
        if not any(k.lower() == "host" for k, _ in sent):
            sent.insert(0, ("Host", parts.netloc))
        http = StatusAndHeaders(f"{capture.method} {target} {capture.protocol}", sent,
                                is_http_request=True)
        return self._writer.create_warc_record(
            capture.url, "request", payload=io.BytesIO(capture.request_body),
            length=len(capture.request_body), http_headers=http, warc_headers_dict=headers)
