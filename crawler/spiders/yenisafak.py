"""Yeni Şafak English: RSS feeds, then section listings (no sitemap is known)."""

from crawler.sites import YENISAFAK

from .base import NewsSpider


class YeniSafakSpider(NewsSpider):
    name = "yenisafak"
    site = YENISAFAK
    real_hosts = ("en.yenisafak.com", "www.yenisafak.com")

    def discovery_requests(self):
        for path in self.site.feeds:
            yield self.discovery(self.url(path), self.parse_feed, "rss")
        for path in self.site.listings:
            yield self.discovery(self.url(path), self.parse_listing, "listing")
