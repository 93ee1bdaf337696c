"""URL helpers: absolute URLs, hosts, the site's article id."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_YS_ID = re.compile(r"-(\d{7})/?$")
_SP_ID = re.compile(r"(?:^|[-/])(\d{8,})\.html$")


def absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "data:", "mailto:", "#")):
        return None
    try:
        return urljoin(base or "", href)
    except ValueError:
        return None


def host(url: str | None) -> str:
    try:
        h = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return h.lower().removeprefix("www.")


def path(url: str | None) -> str:
    try:
        return urlsplit(url or "").path or ""
    except ValueError:
        return ""


def yenisafak_id(url: str | None) -> str | None:
    m = _YS_ID.search(path(url))
    return m.group(1) if m else None


def sputnik_id(url: str | None) -> str | None:
    m = _SP_ID.search(path(url))
    return m.group(1) if m else None
