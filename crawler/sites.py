"""What the crawler knows of each site's URLs: article shapes, ids, discovery endpoints.

Site knowledge only; no crawling here. Paths are relative to a base URL that
the user may override (a mirror, or the fixture site in tests), so seen-state
keys use the path, not the host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from crawler import urlcanon


@dataclass(frozen=True)
class Site:
    name: str
    article_path: re.Pattern[str]  # group "id" is the numeric article id
    feeds: tuple[str, ...]  # RSS feeds, freshest first
    listings: tuple[str, ...] = ()  # section listing pages
    daily_archive: str | None = None  # strftime pattern of a per-day listing
    sitemap_index: str | None = None
    day_sitemap: str | None = None  # strftime pattern of a one-day sitemap
    excluded: tuple[re.Pattern[str], ...] = field(default_factory=tuple)
    tz: tzinfo = timezone.utc  # the time zone the site dates its URLs, archives and sitemaps in

    def today(self, now: datetime | None = None) -> date:
        """The site's own date now: late in the evening UTC it is already tomorrow in
        Moscow, and articles of that day carry tomorrow's date in their URLs."""
        return (now or datetime.now(timezone.utc)).astimezone(self.tz).date()

    def days(self, since: date | None, lookback_days: int, now: datetime | None = None
             ) -> list[date]:
        """Every day, oldest first, that can hold articles new to a run: from ``since``
        (or ``lookback_days`` before today) up to today, in the site's time zone."""
        last = self.today(now)
        first = since or last - timedelta(days=lookback_days)
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def local_date(self, when: datetime) -> date:
        """The date of a timestamp in the site's time zone (naive: already local)."""
        return when.astimezone(self.tz).date() if when.tzinfo else when.date()

    def article_id(self, url: str) -> str | None:
        m = self.article_path.match(canonical_path(url))
        return m.group("id") if m else None

    def is_article(self, url: str) -> bool:
        path = canonical_path(url)
        if any(p.search(path) for p in self.excluded):
            return False
        return bool(self.article_path.match(path))

    def keys(self, url: str) -> list[str]:
        """Seen-state keys: the canonical path, and the numeric id where there is one."""
        keys = [f"path:{canonical_path(url)}"]
        aid = self.article_id(url)
        if aid:
            keys.append(f"id:{aid}")
        return keys


def canonical_path(url: str) -> str:
    """The path of an article URL, without query, fragment, trailing slash or AMP
    marker (see :mod:`crawler.urlcanon`)."""
    return urlcanon.canonical_path(urlsplit(url).path)


YENISAFAK = Site(
    name="yenisafak",
    article_path=re.compile(r"^/(?P<section>[a-z][a-z-]*)/(?:[^/]+-)?(?P<id>\d{6,8})/?$"),
    feeds=("/rss", "/rss-feeds?category=world", "/rss-feeds?category=turkiye"),
    # "/" lists the latest of every section (technology, sports… have no listing here)
    listings=("/", "/world", "/turkiye", "/economy", "/turkey-economy"),
    excluded=(re.compile(r"^/(video-galeri|foto-galeri|search)/"),),
    tz=ZoneInfo("Europe/Istanbul"),
)

SPUTNIK = Site(
    name="sputnik",
    article_path=re.compile(r"^/\d{8}/(?:[^/]*?-+)?(?P<id>\d{8,})\.html$"),
    feeds=("/export/rss2/archive/index.xml",),
    daily_archive="/%Y%m%d/",
    sitemap_index="/sitemap_article_index.xml",
    day_sitemap="/sitemap_article.xml?date_start=%Y%m%d&date_end=%Y%m%d",
    excluded=(re.compile(r"-print\.html$"),),
    tz=ZoneInfo("Europe/Moscow"),  # URL dates and day sitemaps are Moscow days (+03:00)
)

SITES: dict[str, Site] = {s.name: s for s in (YENISAFAK, SPUTNIK)}
