"""What a route returns: :class:`Resource`, plus constructors per kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import images

STATIC_DIR = Path(__file__).with_name("static")
COMPRESSIBLE = ("html", "xml", "css")


@dataclass
class Resource:
    status: int
    content_type: str
    body: bytes
    kind: str  # "html" | "xml" | "css" | "text" | "media"
    conditional: bool = False  # send ETag / Last-Modified, honour If-None-Match / If-Modified-Since
    validator: bytes | None = None  # what the ETag hashes (default: body)
    last_modified: datetime | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def compressible(self) -> bool:
        return self.kind in COMPRESSIBLE


def html(text: str, status: int = 200, **kw) -> Resource:
    return Resource(status, "text/html; charset=utf-8", text.encode("utf-8"), "html", **kw)


def xml(text: str, content_type: str = "application/xml; charset=utf-8", **kw) -> Resource:
    return Resource(200, content_type, text.encode("utf-8"), "xml", conditional=True, **kw)


def text(body: str) -> Resource:
    return Resource(200, "text/plain; charset=utf-8", body.encode("utf-8"), "text")


def redirect(location: str, status: int = 301) -> Resource:
    return Resource(status, "text/html; charset=utf-8", b"", "html", headers=[("Location", location)])


def static(name: str) -> Resource | None:
    path = STATIC_DIR / name
    if not path.is_file():
        return None
    return Resource(200, "text/css; charset=utf-8", path.read_bytes(), "css")


def media(path: str) -> Resource | None:
    found = images.media_for(path)
    if found is None:
        return None
    ctype, body = found
    # issue 10: media carry validators (ETag from the bytes, Last-Modified) like the real CDNs
    from .assets import EPOCH

    return Resource(200, ctype, body, "media", conditional=True, last_modified=EPOCH)
