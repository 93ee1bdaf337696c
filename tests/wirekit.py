"""Issue 8: read WARC records' blocks as stored bytes, and match them with the fixture's log."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator


def raw_records(path: Path):
    """(WARC headers, block bytes) of every record, the block unparsed."""
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f, no_record_parse=True):
            yield rec.rec_headers, rec.raw_stream.read()


def head_of(block: bytes) -> bytes:
    """The status/request line and header block, up to and including the blank line."""
    end = block.find(b"\r\n\r\n")
    assert end >= 0, block[:200]
    return block[:end + 4]


def warc_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def http_date(head: bytes) -> datetime:
    value = _field(head, b"date")
    assert value is not None, f"no Date header in {head[:300]!r}"
    return parsedate_to_datetime(value.decode())


def exchanges(store_warcs, servers, exact: bool = True):
    """Every response/revisit record with its request record and the fixture's log entry
    whose sent header block it holds: (rec_headers, block, request block, entry).
    ``exact=False`` also pairs a record whose header block differs from what was
    sent with the answer of the same Date and body length (to check dates alone)."""
    entries = {}
    for srv in servers:
        for e in srv.log:
            entries.setdefault((srv.base_url + e.path), []).append(e)
    out = []
    for path in store_warcs:
        recs = list(raw_records(path))
        requests = {h.get_header("WARC-Concurrent-To"): (h, b) for h, b in recs
                    if h.get_header("WARC-Type") == "request"}
        for h, block in recs:
            if h.get_header("WARC-Type") not in ("response", "revisit"):
                continue
            url = h.get_header("WARC-Target-URI")
            if urlsplit(url).hostname != "127.0.0.1":
                continue
            head = head_of(block)
            match = [e for e in entries.get(url, []) if e.raw_head == head]
            if not match and not exact:  # the same answer, told by its Date and length
                date, size = _field(head, b"date"), len(block) - len(head)
                match = [e for e in entries.get(url, []) if e.status and
                         _field(e.raw_head, b"date") == date and len(e.body) == size]
            req = requests.get(h.get_header("WARC-Record-ID"))
            if len(match) > 1 and req is not None:
                # one URL answered alike within one second (a section page fetched as a
                # listing and as a redirect's target): the exchange is the one whose
                # request the record holds, if any
                match = [e for e in match if e.raw_request == req[1]] or match
            out.append((h, block, req, match[0] if match else None))
    return out


def check_date(h, req, entry) -> None:
    """Acceptance of issue 8: a response's (or revisit's) WARC-Date, the same on its
    request record, is within one second of the server's Date header, and no later
    than the moment the server read the request (the stamp is taken as the request
    bytes go on the wire). ``h``: its WARC headers; ``req``: (headers, block) of its
    request record; ``entry``: the fixture's log entry of the exchange."""
    url = h.get_header("WARC-Target-URI")
    date = warc_datetime(h.get_header("WARC-Date"))
    assert req[0].get_header("WARC-Date") == h.get_header("WARC-Date"), url
    # the server's Date has whole seconds: the capture began within that second
    assert abs(date - http_date(entry.raw_head)) < timedelta(seconds=1), (url, date)
    # stamped as the request bytes were written: before the server had read them
    arrived = datetime.fromtimestamp(entry.time, timezone.utc)
    assert date <= arrived + timedelta(milliseconds=5), (url, date, arrived)


def _field(head: bytes, name: bytes) -> bytes | None:
    for line in head.split(b"\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None
