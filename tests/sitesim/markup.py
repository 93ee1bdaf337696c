"""Small helpers shared by the renderers: escaping, JSON-LD, date formats."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape

from .records import ISTANBUL, UTC

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def esc(text: str | None) -> str:
    """Escape for text and double-quoted attributes (apostrophes stay literal)."""
    return escape(text or "", quote=False).replace('"', "&quot;")


def jsonld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def ys_time(dt: datetime) -> str:
    """``18:43, 16/11/2025, Sunday`` in Istanbul time."""
    d = dt.astimezone(ISTANBUL)
    return d.strftime("%H:%M, %d/%m/%Y, ") + DAYS[d.weekday()]


def ys_clock(dt: datetime) -> str:
    """The render clock ``21/11/2026, Saturday16:37`` (no space before the time)."""
    d = dt.astimezone(ISTANBUL)
    return d.strftime("%d/%m/%Y, ") + DAYS[d.weekday()] + d.strftime("%H:%M")


def ys_card_date(dt: datetime) -> str:
    """Listing card date ``18 Nov 2026``."""
    d = dt.astimezone(ISTANBUL)
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def iso_ist(dt: datetime) -> str:
    """``2025-11-16T18:43:00+03:00``."""
    return dt.astimezone(ISTANBUL).isoformat()


def rfc822_gmt3(dt: datetime) -> str:
    """Yeni Şafak RSS pubDate: ``Sun, 16 Nov 2025 18:43:00 GMT+3``."""
    d = dt.astimezone(ISTANBUL)
    return f"{DAYS[d.weekday()][:3]}, {d.day:02d} {MONTHS[d.month - 1]} {d.year} " + d.strftime("%H:%M:%S") + " GMT+3"


def rfc822(dt: datetime) -> str:
    """``Tue, 28 Oct 2025 17:25:00 +0000``."""
    return format_datetime(dt.astimezone(UTC))


def http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def sp_iso(dt: datetime) -> str:
    """Sputnik microdata / JSON-LD form ``2026-11-18T17:25+0000``."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M+0000")


def sp_compact(dt: datetime) -> str:
    """``article:published_time`` form ``20261118T1725+0000``."""
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M+0000")


def sp_visible(dt: datetime) -> str:
    """``17:25 GMT 18.11.2026``."""
    return dt.astimezone(UTC).strftime("%H:%M GMT %d.%m.%Y")


def w3c(dt: datetime) -> str:
    """Sitemap lastmod ``2026-11-18T17:25:00+00:00``."""
    return dt.astimezone(UTC).isoformat()


def unix(dt: datetime) -> int:
    return int(dt.timestamp())


class Ctx:
    """What a renderer needs besides the record: base URL, all records, clock."""

    def __init__(self, base: str, records: list, now: datetime, cdn: str | None = None):
        self.base = base.rstrip("/")
        self.cdn = (cdn or base).rstrip("/")  # issue 10: the CDN host standing in (assets.py)
        self.records = sorted(records, key=lambda r: r.published, reverse=True)  # newest first
        self.now = now
        self.refs: list = []  # issue 10: every asset the page rendered references (assets.Ref)

    def url(self, path: str) -> str:
        return self.base + path

    def asset(self, path: str, *, cdn: bool = False, fetch: bool = True, kind: str = "image") -> str:
        """The URL of an asset the page references (a path on the site or the CDN, or an
        absolute URL), noted in :attr:`refs` with whether an archiver must fetch it."""
        from .assets import CDN_DISALLOWED, Ref

        if path.startswith("/"):
            url = (self.cdn if cdn else self.base) + path
            if cdn and path.startswith(CDN_DISALLOWED):
                fetch = False  # the CDN's robots.txt disallows it
        else:
            url = path
            if not url.startswith(self.base + "/") and not url.startswith(self.cdn + "/"):
                fetch = False  # data:, or a host off the allow-list
        self.refs.append(Ref(url, fetch, kind))
        return url

    def find(self, article_id: str | None):
        for r in self.records:
            if r.article_id == article_id:
                return r
        return None

    def others(self, rec, n: int, pred=None) -> list:
        out = [r for r in self.records if r.article_id != rec.article_id and (pred is None or pred(r))]
        return out[:n]
