"""The shared news spider: discovery → seen-check → article fetch.

Discovery documents (feeds, sitemaps, listing pages) are requested
conditionally; a 304 means nothing new. Article URLs found in them are fetched
only if the catalog has not seen them (by canonical path and numeric id).
Subclasses say which discovery documents their site has, freshest first.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
import structlog

from crawler.charset import mislabelled, page_text
from crawler.context import ArchiveContext
from crawler.discovery import Parsed, parse_listing, parse_rss, parse_sitemap
from crawler.items import ArticlePage, DiscoveryDocument
from crawler.middlewares.scope import source_scope
from crawler.sites import Site

DISCOVERY_PRIORITY = 100  # discovery before articles: find everything, then fetch
ARTICLE_PRIORITY = 0


class NewsSpider(scrapy.Spider):
    site: Site
    real_hosts: tuple[str, ...] = ()  # hosts rewritten to base_url (mirrors, fixture)
    max_listing_pages = 5  # listing pagination depth when backfilling with --since

    def __init__(self, base_url: str, since: str | date | None = None,
                 limit: int | None = None, lookback_days: int = 1, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.since = date.fromisoformat(since) if isinstance(since, str) else since
        self.limit = int(limit) if limit else None
        self.lookback_days = lookback_days
        self.slog = structlog.get_logger("crawler.spider").bind(source=self.name)
        self._requested: set[str] = set()
        self._discovered: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.ctx = ArchiveContext.of(crawler)
        spider.scope = source_scope(spider, spider.ctx.settings)
        return spider

    # -- helpers ---------------------------------------------------------------------
    def url(self, path: str) -> str:
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def rebase(self, url: str) -> str:
        """Point links at the real host to the configured base URL."""
        parts = urlsplit(url)
        if parts.hostname in self.real_hosts:
            base = urlsplit(self.base_url)
            return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))

    def window(self) -> list[date]:
        today = datetime.now(timezone.utc).date()
        start = self.since or today - timedelta(days=self.lookback_days)
        return [start + timedelta(days=i) for i in range((today - start).days + 1)]

    def discovery(self, url: str, callback, kind: str, **meta) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.failed,
                              priority=DISCOVERY_PRIORITY, dont_filter=True,
                              meta={"conditional": True, "kind": kind, **meta})

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsarchive/{key}", n)

    # -- start -------------------------------------------------------------------------
    max_attempts = 5  # an article failing this often is given up (and stays listed)

    async def start(self):
        # first what earlier runs discovered but could not archive or judge
        for row in self.ctx.catalog.pending(self.name, max_attempts=self.max_attempts):
            self.count("retried")
            for request in self.article_request(row["url"], via=row["via"], retry=True):
                yield request
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self):
        raise NotImplementedError

    # -- discovery callbacks ---------------------------------------------------------
    def _unchanged(self, response) -> bool:
        if response.status == 304:
            self.count("discovery_unchanged")
            self.slog.debug("unchanged", url=response.url)
            return True
        return False

    def _accept(self, response, parsed: Parsed) -> bool:
        """Log a malformed document; archive a good one. True when it is good."""
        self.count("discovery_fetched")
        if parsed.error:
            self.count("malformed_discovery")
            self.slog.error("malformed discovery document", url=response.url,
                            kind=parsed.kind, error=parsed.error,
                            salvaged=len(parsed.entries))
            return False
        return True

    def _evidence(self, response, parsed: Parsed):
        if response.meta.get("kind") in ("rss", "sitemap"):
            yield DiscoveryDocument(self.name, response.url, parsed.kind,
                                    list(response.meta.get("captures", [])))

    def _remember(self, response, good: bool) -> None:
        """Store the validators only once every entry is queued or pending, and only
        for a good document: a malformed one is fetched in full next time."""
        if not good:
            return
        etag = response.headers.get(b"ETag")
        last_modified = response.headers.get(b"Last-Modified")
        if etag or last_modified:
            self.ctx.catalog.set_validators(
                response.url, etag.decode("latin-1") if etag else None,
                last_modified.decode("latin-1") if last_modified else None)

    def parse_feed(self, response):
        if self._unchanged(response):
            return
        parsed = parse_rss(response.body, self.base_url)
        good = self._accept(response, parsed)
        if good:
            yield from self._evidence(response, parsed)
        for entry in parsed.entries:
            yield from self.article_request(entry.url, via=response.url)
        self._remember(response, good)

    def parse_sitemap(self, response):
        if self._unchanged(response):
            return
        parsed = parse_sitemap(response.body, self.base_url)
        good = self._accept(response, parsed)
        if good:
            yield from self._evidence(response, parsed)
        if parsed.kind == "sitemapindex":
            for entry in parsed.entries:
                if self.wants_sitemap(entry.url, entry.date):
                    yield self.discovery(self.rebase(entry.url), self.parse_sitemap, "sitemap")
        else:
            for entry in parsed.entries:
                if self.since and entry.date and entry.date.date() < self.since:
                    continue
                yield from self.article_request(entry.url, via=response.url)
        self._remember(response, good)

    def wants_sitemap(self, url: str, lastmod: datetime | None) -> bool:
        return True

    def parse_listing(self, response):
        if self._unchanged(response):
            return
        parsed = parse_listing(response.body, self.base_url)
        good = self._accept(response, parsed)
        found = 0
        for entry in parsed.entries:
            if self.site.is_article(entry.url):
                found += 1
                yield from self.article_request(entry.url, via=response.url)
        page = response.meta.get("page", 1)
        if self.since and found and page < self.max_listing_pages:
            for entry in parsed.entries:
                if f"page={page + 1}" in urlsplit(entry.url).query:
                    yield self.discovery(self.rebase(entry.url), self.parse_listing, "listing",
                                         page=page + 1)
                    break
        self._remember(response, good)

    # -- articles ----------------------------------------------------------------------
    def article_request(self, url: str, via: str | None, retry: bool = False):
        url = self.rebase(url)
        if not self.site.is_article(url):
            return
        if reason := self.scope.refusal(url):  # another host's page: never under this source
            self.count("refused")
            self.slog.warning("refused", url=url, reason=reason, via=via)
            return
        keys = self.site.keys(url)
        if self._discovered.intersection(keys):  # same path, or same id under another URL
            return
        self._discovered.update(keys)
        self.count("discovered")
        if not retry:
            if self.ctx.catalog.is_seen(self.name, keys):
                self.count("already_seen")
                return
            # pending until archived or judged: a later run retries it even when every
            # feed answers 304 (over the limit, fetch failed, run killed)
            self.ctx.catalog.add_pending(self.name, keys, url, via)
        if self.limit is not None and len(self._requested) >= self.limit:
            self.count("over_limit")
            return
        self._requested.add(keys[0])
        self.count("new")
        yield scrapy.Request(url, callback=self.parse_article, errback=self.failed,
                             priority=ARTICLE_PRIORITY,
                             meta={"kind": "article", "keys": keys, "via": via,
                                   "discovered_url": url})

    def parse_article(self, response):
        if not isinstance(response, scrapy.http.TextResponse):
            self.count("failed")
            ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            self.slog.error("article is not a text page", url=response.url, content_type=ctype)
            self.ctx.catalog.fail_pending(self.name, response.meta["keys"][0],
                                          f"not a text page: {ctype}")
            return
        keys = list(response.meta["keys"])
        # i6-scope: a wrong charset label is caught here; the WARC keeps the bytes as sent
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        text, used, declared = page_text(response.body, ctype, self.name)
        if mislabelled(declared, used):
            self.count("charset_mislabelled")
            self.slog.info("charset label does not fit the page", url=response.url,
                           declared=declared, decoded_as=used)
        yield ArticlePage(self.name, response.url, response.meta["discovered_url"],
                          text, keys, list(response.meta.get("captures", [])),
                          response.meta.get("via"))

    def failed(self, failure):
        request = failure.request
        kind = request.meta.get("kind", "?")
        self.count("failed" if kind == "article" else "discovery_failed")
        status = getattr(getattr(failure.value, "response", None), "status", None)
        if kind == "article":
            self.ctx.catalog.fail_pending(self.name, request.meta["keys"][0],
                                          f"{status or ''} {failure.getErrorMessage()}".strip())
        self.slog.error("request failed", url=request.url, kind=kind, status=status,
                        error=failure.getErrorMessage())
