"""The shared news spider: discovery → seen-check → article fetch.

Discovery documents (feeds, sitemaps, listing pages) are requested
conditionally; a 304 means nothing new (validators are stored only once all a
document leads to is done: crawler/ledger.py). A ``--since`` backfill reads its
documents in full and pages listings until its date is passed. Article URLs found
in them are fetched only if the catalog has not seen them (by canonical path and
numeric id). Subclasses say which discovery documents their site has, freshest
first. Days are the site's own (Site.tz).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
import structlog
from scrapy import signals

from archive.catalog.leases import holder_id
from crawler.charset import mislabelled, page_text
from crawler.context import ArchiveContext
from crawler.discovery import Parsed, parse_listing, parse_rss, parse_sitemap
from crawler.items import ArticlePage, DiscoveryDocument, NotModified, RecapturedPage
from crawler.middlewares.scope import source_scope
from crawler.ledger import Doc, Ledger
from crawler.sites import Site

DISCOVERY_PRIORITY = 100  # discovery before articles: find everything, then fetch
ARTICLE_PRIORITY = 0


class NewsSpider(scrapy.Spider):
    site: Site
    real_hosts: tuple[str, ...] = ()  # hosts rewritten to base_url (mirrors, fixture)
    max_attempts = 5  # a request failing this often is given up (and stays listed)
    clock = staticmethod(time.time)  # "now" of the re-capture schedule (tests may replace it)

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
        spider.ledger = Ledger(spider.ctx.catalog, spider.name, spider.slog)
        spider.url_limit = crawler.settings.getint("URLLENGTH_LIMIT") or None
        spider.max_listing_pages = spider.ctx.settings.discovery.max_listing_pages
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._renew_claims_start, signal=signals.spider_opened)
        crawler.signals.connect(spider._renew_claims_stop, signal=signals.spider_closed)
        return spider

    # -- article claims (i9-twosched): short leases this crawl renews while it runs ------
    def _renew_claims_start(self, spider=None):
        from twisted.internet import task

        self._claims = task.LoopingCall(self._renew_claims)
        self._claims.start(self.ctx.settings.claim_ttl_s / 3, now=False)

    def _renew_claims_stop(self, spider=None):
        loop = getattr(self, "_claims", None)
        if loop is not None and loop.running:
            loop.stop()

    def _renew_claims(self):
        """Extend every live claim of this crawler: they outlast the crawl by at most
        ``claim_ttl_s``, so a killed crawler's claims lapse soon for the others."""
        try:
            self.ctx.catalog.renew_claims(holder_id(self.ctx.settings.data_dir),
                                          self.ctx.settings.claim_ttl_s)
        except Exception as e:  # noqa: BLE001 - a passing catalog error; tried again
            self.slog.warning("could not renew article claims", error=str(e))

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

    def window(self, now: datetime | None = None) -> list[date]:
        """The days to read, oldest first, up to today in the site's time zone."""
        return self.site.days(self.since, self.lookback_days, now)

    def discovery(self, url: str, callback, kind: str, *, parent: Doc | None = None,
                  since: date | None = None, page: int = 1):
        """A request for a discovery document (none if it must be dropped), pending in
        the catalog until fetched, parsed and archived, and conditional: its validators
        were stored only if all it leads to was followed, nothing cut by a --since."""
        since = since if parent is not None else (since or self.since)
        info = {"kind": kind, "url": url, "parent": parent}
        self.ledger.requested(url, kind, parent,
                              {"since": since.isoformat() if since else None, "page": page})
        if self.url_limit and len(url) > self.url_limit:
            self.drop(info, f"URL longer than {self.url_limit} characters")
            return None
        return scrapy.Request(url, callback=callback, errback=self.failed,
                              priority=DISCOVERY_PRIORITY, dont_filter=True,
                              meta={"conditional": True, "kind": kind, "doc_url": url,
                                    "parent": parent, "since": since, "page": page,
                                    "ticket": self.ledger.issue(info)})

    def count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsarchive/{key}", n)

    # -- start -------------------------------------------------------------------------
    CALLBACKS = {"rss": "parse_feed", "sitemap": "parse_sitemap", "listing": "parse_listing"}

    async def start(self):
        # first what earlier runs discovered but could not archive or judge
        for row in self.ctx.catalog.pending(self.name, max_attempts=self.max_attempts):
            self.count("retried")
            for request in self.article_request(row["url"], via=row["via"], retry=True):
                yield request
        # then archived articles due for a re-capture (i8-evidence)
        for request in self.recapture_requests():
            yield request
        planned = [r for r in self.discovery_requests() if r is not None]
        for request in planned:
            yield request
        # discovery documents earlier runs could not finish (a child sitemap that failed
        # while its index now answers 304, a day no longer in the window)
        urls = {r.meta["doc_url"] for r in planned}
        for row in self.ctx.catalog.pending_discovery(self.name, self.max_attempts):
            if row["url"] in urls or row["kind"] not in self.CALLBACKS:
                continue
            self.count("discovery_retried")
            since = row["meta"].get("since")
            request = self.discovery(row["url"], getattr(self, self.CALLBACKS[row["kind"]]),
                                     row["kind"], page=row["meta"].get("page") or 1,
                                     since=date.fromisoformat(since) if since else None)
            if request is not None:
                yield request

    def discovery_requests(self):
        raise NotImplementedError

    # -- re-captures (i8-evidence) -------------------------------------------------------
    def recapture_requests(self):
        """Conditional requests for archived articles whose next age has come."""
        opts = self.ctx.settings.recapture
        if not opts.enabled:
            return
        for row in self.ctx.catalog.due_recaptures(self.name, self.clock()):
            url = row["url"]
            keys = self.site.keys(url)
            self._discovered.update(keys)  # not fetched a second time as a new article
            self.count("recapture_due")
            info = {"kind": "recapture", "url": url, "keys": keys}
            yield scrapy.Request(url, callback=self.parse_recapture, errback=self.failed,
                                 priority=ARTICLE_PRIORITY, dont_filter=True,
                                 meta={"kind": "recapture", "conditional": True,
                                       "article_key": row["article_key"],
                                       "captured_at": row["captured_at"], "keys": keys,
                                       "handle_httpstatus_list": [404, 410],
                                       "ticket": self.ledger.issue(info)})

    def parse_recapture(self, response):
        self.ledger.settle(response.request)
        meta = response.meta
        captures = list(meta.get("captures", []))
        if response.status == 304:
            yield NotModified(self.name, response.url, "article", captures, meta["article_key"])
            return
        html = None
        if response.status == 200 and isinstance(response, scrapy.http.TextResponse):
            ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            html = page_text(response.body, ctype, self.name)[0]
        url = (meta.get("redirect_urls") or [response.url])[0]
        yield RecapturedPage(self.name, url, response.url, meta["article_key"],
                             response.status, html, captures, meta["captured_at"])

    # -- discovery callbacks ---------------------------------------------------------
    def _document(self, response) -> Doc | None:
        """The document answered: None for a 304 (settled here), else its ledger entry."""
        self.ledger.settle(response.request)
        meta = response.meta
        if response.status == 304:
            self.count("discovery_unchanged")
            self.slog.debug("unchanged", url=response.url)
            self.ledger.unchanged(meta["doc_url"], meta.get("parent"))
            return None
        etag = response.headers.get(b"ETag")
        last_modified = response.headers.get(b"Last-Modified")
        return self.ledger.opened(
            meta["doc_url"], meta["kind"], meta.get("parent"),
            (etag.decode("latin-1") if etag else None,
             last_modified.decode("latin-1") if last_modified else None))

    @contextmanager
    def _parsing(self, doc: Doc):
        """Settle the parse of a document whatever happens; a good one is settled ok."""
        state = {"ok": True, "error": None}
        try:
            yield state
        except BaseException as e:
            self.ledger.parsed(doc, False, f"{type(e).__name__}: {e}")
            raise
        self.ledger.parsed(doc, state["ok"], state["error"])

    def _accept(self, response, parsed: Parsed, state: dict) -> bool:
        """Log a malformed document; archive a good one. True when it is good."""
        self.count("discovery_fetched")
        if parsed.error:
            self.count("malformed_discovery")
            self.slog.error("malformed discovery document", url=response.url,
                            kind=parsed.kind, error=parsed.error,
                            salvaged=len(parsed.entries))
            state.update(ok=False, error=f"malformed: {parsed.error}")
            return False
        return True

    def _not_modified(self, response):
        """A 304 leaves a server-not-modified revisit in the discovery WARC (i8-evidence)."""
        yield NotModified(self.name, response.url, "discovery",
                          list(response.meta.get("captures", [])))

    def _evidence(self, response, parsed: Parsed, doc: Doc):
        if response.meta.get("kind") in ("rss", "sitemap", "listing"):  # i8-evidence: listings
            self.ledger.expect_archive(doc)
            yield DiscoveryDocument(self.name, response.url, parsed.kind,
                                    list(response.meta.get("captures", [])),
                                    done=lambda ok, error=None: self.ledger.archived(doc, ok,
                                                                                     error))

    def _too_old(self, when: datetime | None, since: date | None) -> bool:
        return bool(since and when and self.site.local_date(when) < since)

    def parse_feed(self, response):
        doc = self._document(response)
        if doc is None:
            yield from self._not_modified(response)
            return
        with self._parsing(doc) as state:
            parsed = parse_rss(response.body, self.base_url)
            if self._accept(response, parsed, state):
                yield from self._evidence(response, parsed, doc)
            for entry in parsed.entries:
                yield from self.article_request(entry.url, via=response.url)

    def parse_sitemap(self, response):
        doc = self._document(response)
        if doc is None:
            yield from self._not_modified(response)
            return
        since = response.meta.get("since")
        with self._parsing(doc) as state:
            parsed = parse_sitemap(response.body, self.base_url)
            if self._accept(response, parsed, state):
                yield from self._evidence(response, parsed, doc)
            for entry in parsed.entries:
                if parsed.kind == "sitemapindex":
                    if not self.wants_sitemap(entry.url, entry.date, since=since):
                        doc.complete = False
                        continue
                    request = self.discovery(self.rebase(entry.url), self.parse_sitemap,
                                             "sitemap", parent=doc, since=since)
                    if request is not None:
                        yield request
                elif self._too_old(entry.date, since):
                    doc.complete = False
                else:
                    yield from self.article_request(entry.url, via=response.url)

    def wants_sitemap(self, url: str, lastmod: datetime | None, since: date | None = None,
                      now: datetime | None = None) -> bool:
        return True

    def parse_listing(self, response):
        doc = self._document(response)
        if doc is None:
            yield from self._not_modified(response)
            return
        since, page = response.meta.get("since"), response.meta.get("page", 1)
        with self._parsing(doc) as state:
            parsed = parse_listing(response.body, self.base_url)
            if self._accept(response, parsed, state):
                yield from self._evidence(response, parsed, doc)  # i8-evidence
            articles = [e for e in parsed.entries if self.site.is_article(e.url)]
            for entry in articles:
                if self._too_old(entry.date, since):
                    doc.complete = False
                else:
                    yield from self.article_request(entry.url, via=response.url)
            nxt = next((e.url for e in parsed.entries
                        if f"page={page + 1}" in urlsplit(e.url).query), None)
            if nxt is None or not articles:
                pass  # the listing ends here
            elif not since:
                doc.complete = False  # not paged: a later backfill must not get a 304
            else:
                request = self._next_listing_page(response, nxt, articles, doc, since, page)
                if request is not None:
                    yield request

    def _next_listing_page(self, response, nxt, articles, doc, since, page):
        """A backfill pages on until the oldest entry of a page is older than its date or
        the listing ends; the safety cap, when hit, is reported: the run is not ok."""
        dates = [e.date for e in articles if e.date]
        if dates and self._too_old(min(dates), since):
            return None
        if page >= self.max_listing_pages:
            doc.complete = False
            self.count("backfill_incomplete")
            self.slog.error("backfill stopped short", url=response.url, since=since.isoformat(),
                            pages=page, oldest=min(dates).isoformat() if dates else None,
                            reason="listing page cap reached (discovery.max_listing_pages)")
            return None
        return self.discovery(self.rebase(nxt), self.parse_listing, "listing", parent=doc,
                              since=since, page=page + 1)

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
        info = {"kind": "article", "url": url, "keys": keys}
        if self.url_limit and len(url) > self.url_limit:
            self.drop(info, f"URL longer than {self.url_limit} characters")
            return
        if not self._claim(url, keys):
            return
        self._requested.add(keys[0])
        self.count("new")
        yield scrapy.Request(url, callback=self.parse_article, errback=self.failed,
                             priority=ARTICLE_PRIORITY,
                             meta={"kind": "article", "keys": keys, "via": via,
                                   "discovered_url": url, "ticket": self.ledger.issue(info)})

    def _claim(self, url: str, keys: list[str]) -> bool:
        """i9-pg: crawlers sharing a catalog claim an article before fetching it (a lease
        of claim_ttl_s, renewed while this crawl runs). One claimed by another live
        crawler, or archived by it meanwhile, is skipped this run and stays pending."""
        holder = holder_id(self.ctx.settings.data_dir)
        if self.ctx.catalog.claim_article(self.name, keys[-1], holder,
                                          self.ctx.settings.claim_ttl_s):
            return True
        self.count("claimed_elsewhere")
        self.slog.info("claimed elsewhere", url=url, key=keys[-1])
        return False

    def parse_article(self, response):
        self.ledger.settle(response.request)
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
        self.ledger.settle(request)
        kind = request.meta.get("kind", "?")
        if kind != "recapture":
            self.count("failed" if kind == "article" else "discovery_failed")
        status = getattr(getattr(failure.value, "response", None), "status", None)
        error = f"{status or ''} {failure.getErrorMessage()}".strip()
        if kind == "article":
            self.ctx.catalog.fail_pending(self.name, request.meta["keys"][0], error)
        elif kind == "recapture":  # i8-evidence: stays due, tried again next run
            self.count("recapture_failed")
        elif "doc_url" in request.meta:
            self.ledger.failed(request.meta["doc_url"], request.meta.get("parent"), error)
        self.slog.error("request failed", url=request.url, kind=kind, status=status,
                        error=failure.getErrorMessage())

    # -- requests dropped without an answer or an error ------------------------------------
    def drop(self, info: dict, reason: str) -> None:
        """Count and log a request that will get no answer; it uses up an attempt."""
        self.count("dropped")
        if info["kind"] == "article":
            self.count("failed")
            self.ctx.catalog.fail_pending(self.name, info["keys"][0], f"dropped: {reason}")
        elif info["kind"] == "recapture":  # i8-evidence: stays due, tried again next run
            self.count("recapture_failed")
        else:
            self.count("discovery_failed")
            self.ledger.failed(info["url"], info.get("parent"), f"dropped: {reason}")
        self.slog.error("request dropped", url=info["url"], kind=info["kind"], reason=reason)

    def request_dropped(self, request, spider=None):
        """The scheduler refused a request: a redirect back to a URL already requested
        (a loop) or one that was already fetched under that URL."""
        info = self.ledger.settle(request)
        if info is None:
            return
        chain = [*request.meta.get("redirect_urls", ()), request.url]
        if request.url in chain[:-1]:
            reason = "redirect loop: " + " -> ".join(chain)
        elif len(chain) > 1:
            reason = "redirected to a URL already requested: " + " -> ".join(chain)
        else:
            reason = "refused by the scheduler as a duplicate request"
        self.drop(info, reason)

    def spider_idle(self, spider=None):
        """Nothing more to do: a request still open was dropped by some component."""
        for info in self.ledger.leftovers():
            self.drop(info, "dropped without an answer or an error")
