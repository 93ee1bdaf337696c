"""Sputnik International: RSS, then daily archive pages and per-day sitemaps;
``--since`` backfills through the sitemap index's monthly children."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

from crawler.sites import SPUTNIK

from .base import NewsSpider


class SputnikSpider(NewsSpider):
    name = "sputnik"
    site = SPUTNIK
    real_hosts = ("sputnikglobe.com", "www.sputnikglobe.com", "sputniknews.com")

    def discovery_requests(self):
        for path in self.site.feeds:
            yield self.discovery(self.url(path), self.parse_feed, "rss")
        days = self.window()
        for day in reversed(days[-(self.lookback_days + 1):]):
            yield self.discovery(self.url(day.strftime(self.site.daily_archive)),
                                 self.parse_listing, "listing")
        if self.since:
            yield self.discovery(self.url(self.site.sitemap_index), self.parse_sitemap,
                                 "sitemap")
        else:
            for day in reversed(days):
                yield self.discovery(self.url(day.strftime(self.site.day_sitemap)),
                                     self.parse_sitemap, "sitemap")

    def wants_sitemap(self, url: str, lastmod: datetime | None, since: date | None = None,
                      now: datetime | None = None) -> bool:
        """Only the index children whose date range overlaps the backfill window, whose
        days are Moscow days: late in the evening UTC, tomorrow's child holds articles."""
        query = parse_qs(urlsplit(url).query)
        try:
            start = datetime.strptime(query["date_start"][0], "%Y%m%d").date()
            end = datetime.strptime(query["date_end"][0], "%Y%m%d").date()
        except (KeyError, ValueError):
            return True  # an unknown shape: look rather than miss articles
        today = self.site.today(now)
        first = since or self.since or today
        return end >= first and start <= today
