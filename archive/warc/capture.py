"""One HTTP exchange as it crossed the wire, and the decision how to record it.

:class:`HttpCapture` is built by the crawler's recorder middleware from the
request really sent and the response really received (body still content-coded);
the WARC writer turns it into records. Nothing here knows Scrapy.
"""

from __future__ import annotations

import base64
import enum
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus


@dataclass
class HttpCapture:
    url: str
    date: datetime  # when the request went on the wire (aware, UTC): the WARC-Date
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    protocol: str  # "HTTP/1.1"
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes  # exactly as received: content coding kept, transfer coding removed
    ip_address: str | None = None
    # i6-scope: set when the body was cut ("length" over the size limit, "time"…):
    # written as WARC-Truncated, and never archived as a complete page
    truncated: str | None = None
    # issue 8: the messages as they crossed the wire (crawler/wire/), written verbatim:
    # the response's status line + header block (ending in the blank line), and every
    # byte of the request as sent. None where unknown: then the block is rebuilt from
    # the parsed headers above.
    response_head: bytes | None = None
    request_raw: bytes | None = None
    _digest: str | None = field(default=None, repr=False)

    @property
    def reason(self) -> str:
        if self.response_head is not None:  # the server's own reason phrase
            line = self.response_head.split(b"\n", 1)[0].rstrip(b"\r")
            parts = line.split(b" ", 2)
            return parts[2].decode("latin-1") if len(parts) > 2 else ""
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return ""

    @property
    def payload_digest(self) -> str:
        """``sha1:BASE32`` over the stored body, as WARC-Payload-Digest has it."""
        if self._digest is None:
            raw = hashlib.sha1(self.body).digest()
            self._digest = "sha1:" + base64.b32encode(raw).decode("ascii")
        return self._digest

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for k, v in self.response_headers:
            if k.lower() == lname:
                return v
        return None

    @property
    def mime(self) -> str:
        ctype = self.header("Content-Type") or "application/octet-stream"
        return ctype.split(";", 1)[0].strip().lower()


class Decision(enum.Enum):
    """How one capture is written.

    FULL: response record with the payload. REVISIT: the same payload was
    archived before; write an identical-payload-digest revisit pointing at it.
    REFERENCE: the page is a copy of a *story* archived before (another URL,
    other bytes); write a story-reference revisit pointing at the canonical
    capture, and the copy's metadata and text diff in its metadata record.
    """

    FULL = "full"
    REVISIT = "revisit"
    REFERENCE = "reference"
    # i8-evidence: a 304 answer to a conditional request, written as a WARC 1.1
    # server-not-modified revisit (refers to the earlier capture of the URL if known)
    NOT_MODIFIED = "not-modified"


@dataclass(frozen=True)
class Original:
    """The earlier capture a revisit refers to."""

    uri: str
    date: str  # its WARC-Date
    record_id: str  # its WARC-Record-ID


@dataclass(frozen=True)
class WrittenRecord:
    warc_key: str
    record_type: str
    record_id: str
    url: str
    warc_date: str
    offset: int
    length: int
    payload_digest: str | None
    status: int | None
    mime: str | None
