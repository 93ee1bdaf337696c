"""Records every exchange exactly as it crossed the wire, for the WARC writer.

Placed at order 950, above every built-in downloader middleware:
``process_request`` runs last, so the headers seen are the ones sent, and
``process_response`` runs first, so the body is still content-coded with the
matching ``Content-Encoding``/``Content-Length`` and 3xx responses are seen
before redirects are followed. The status line and header blocks are not
Scrapy's parsed headers but the bytes the download handler (crawler/wire/) kept
from the connection, and WARC-Date is when the request went on the wire (issue
8); the parsed headers stay in the capture for lookups. The capture is appended to
``request.meta["captures"]`` (a list shared along a redirect chain); the
archive pipeline decides whether it is written.
"""

from __future__ import annotations

from datetime import datetime, timezone

from archive.warc.capture import HttpCapture
from crawler.wire import WIRE_META

try:  # br is only advertised when Scrapy can decode it
    import brotli  # noqa: F401

    ACCEPT_ENCODING = b"gzip, deflate, br"
except ImportError:
    ACCEPT_ENCODING = b"gzip, deflate"


def _pairs(headers) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        key = name.decode("latin-1")
        for value in values:
            out.append((key, value.decode("latin-1")))
    return out


class WarcRecorderMiddleware:
    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def process_request(self, request, spider=None):
        # zstd is not replayable by pywb/warcio: never advertise it.
        request.headers[b"Accept-Encoding"] = ACCEPT_ENCODING
        return None

    def process_response(self, request, response, spider=None):
        ip = getattr(response, "ip_address", None)
        # issue 8: what the download handler (crawler/wire/) saw on the connection; its
        # WARC-Date is when the request bytes were written, per exchange
        wire = request.meta.pop(WIRE_META, None)
        began = wire.began if wire is not None else None
        capture = HttpCapture(
            url=response.url,
            date=began or datetime.now(timezone.utc),
            method=request.method,
            request_headers=_pairs(request.headers),
            request_body=request.body or b"",
            protocol=response.protocol or "HTTP/1.1",
            status=response.status,
            response_headers=_pairs(response.headers),
            body=response.body,
            ip_address=str(ip) if ip is not None else None,
            truncated=request.meta.get("truncated"),  # set by the limits middleware
            response_head=wire.response_head if wire is not None else None,
            request_raw=wire.request_bytes if wire is not None and wire.request else None,
        )
        request.meta.setdefault("captures", []).append(capture)
        return response
