"""Issue 8: read WARC records' blocks as stored bytes, and match them with the fixture's log."""

from __future__ import annotations

from datetime import datetime, timezone
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
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"date":
            return parsedate_to_datetime(value.strip().decode())
    raise AssertionError(f"no Date header in {head[:300]!r}")


def exchanges(store_warcs, servers):
    """Every response/revisit record with its request record and the fixture's log entry
    whose sent header block it holds: (rec_headers, block, request block, entry)."""
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
            req = requests.get(h.get_header("WARC-Record-ID"))
            out.append((h, block, req, match[0] if match else None))
    return out
