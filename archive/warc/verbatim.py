"""HTTP header blocks written exactly as they crossed the wire (issue 8).

warcio serialises an HTTP block from a parsed :class:`StatusAndHeaders`
(``compute_headers_buffer`` before digesting and writing), which re-joins the
lines as ``Name: value``. :class:`VerbatimHead` is a ``StatusAndHeaders`` whose
header buffer is the recorded bytes and stays so: the block digest, the record
length and the written block are all computed over those bytes, and the payload
(and ``WARC-Payload-Digest``) is what follows them. It is parsed as well, so
``get_header`` still works for code that reads it.
"""

from __future__ import annotations

import re

from warcio.statusandheaders import StatusAndHeaders

_HEAD_END = re.compile(rb"\r?\n\r?\n")


class VerbatimHead(StatusAndHeaders):
    def __init__(self, raw: bytes, is_request: bool = False):
        text = raw.decode("latin-1")
        lines = [ln.rstrip("\r") for ln in text.split("\n")]
        first = lines[0]
        protocol, statusline = ("", first)
        if not is_request:
            protocol, _, statusline = first.partition(" ")
        headers = []
        for line in lines[1:]:
            if not line:
                continue
            if line[:1] in (" ", "\t") and headers:  # an obsolete folded line
                name, value = headers[-1]
                headers[-1] = (name, value + " " + line.strip())
                continue
            name, sep, value = line.partition(":")
            if sep:
                headers.append((name.strip(), value.strip()))
        super().__init__(statusline, headers, protocol=protocol, is_http_request=is_request)
        self.headers_buff = bytes(raw)

    def compute_headers_buffer(self, header_filter=None):
        pass  # the recorded bytes are the block: never re-serialised


def split_request(raw: bytes) -> tuple[bytes, bytes]:
    """A request as sent → (request line + header block + blank line, body)."""
    m = _HEAD_END.search(raw)
    if m is None:
        return raw, b""
    return raw[:m.end()], raw[m.end():]
