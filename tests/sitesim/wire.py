"""Wire quirks (issue 8): a response shaped the way real servers shape them, so the
archive's header blocks can be compared byte for byte with what was sent.

With ``SiteServer(..., wire_quirks=True)`` every answer carries a custom reason
phrase for 200 (``200 Fine``), header names in odd case (``X-XSS-Protection``,
``x-Odd-CASE``, ``ETag``), two ``Set-Cookie`` lines with another header between
them, the hop-by-hop ``Keep-Alive``; and a 200 HTML page with a body is sent with
``Transfer-Encoding: chunked`` instead of ``Content-Length``.
"""

from __future__ import annotations

REASONS = {200: "Fine"}
CHUNK = 1000  # bytes per chunk: most pages go out in several chunks


def shape(status: int, headers: list[tuple[str, str]], body: bytes, content_type: str,
          head_only: bool) -> tuple[list[tuple[str, str]], bool]:
    """The header list as sent with quirks on, and whether the body goes out chunked."""
    out = list(headers[:1])  # Date first, as servers do
    out += [("X-XSS-Protection", "1; mode=block"), ("Set-Cookie", "sid=1; Path=/"),
            ("x-Odd-CASE", "yes"), ("Set-Cookie", "theme=dark; Path=/; HttpOnly")]
    out += headers[1:]
    chunked = (status == 200 and not head_only and bool(body)
               and content_type.startswith("text/html"))
    if chunked:
        out = [(k, v) for k, v in out if k.lower() != "content-length"]
        out.append(("Transfer-Encoding", "chunked"))
    out.append(("Keep-Alive", "timeout=30, max=1000"))
    return out, chunked


def chunked(body: bytes) -> bytes:
    parts = []
    for i in range(0, len(body), CHUNK):
        piece = body[i:i + CHUNK]
        parts.append(b"%x\r\n%s\r\n" % (len(piece), piece))
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)
