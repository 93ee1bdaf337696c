"""Fetch and archive the page requisites of every archived article (issue 10).

A Scrapy extension (``EXTENSIONS`` in crawler/settings.py, built with
``from_crawler``; off with ``requisites.enabled = false``). When the archive
pipeline has archived an article it sends :data:`ARTICLE_ARCHIVED`; this lists the
page's requisites (:mod:`crawler.requisites`) and requests those in the source's
scope (its site and the CDN hosts of ``intake.<source>.hosts``: one hop away,
never further), below articles in priority. Stylesheets are parsed in turn for
``@import`` and ``url()`` (up to ``requisites.max_depth`` levels of imports).

Every request goes through the same downloader middlewares as the articles:
robots.txt, the scope check, the per-source limits with the lower
``requisites.max_bytes`` cap, the wire recorder; its exchanges are written as
response+request records by the source's WARC writer (kind ``requisite``), with the
raw wire capture, as a revisit (identical-payload-digest) when an identical payload
is already archived (this run or any before, via the catalog).

Once per run and once per change: a requisite URL is requested at most once per
crawl process, whatever pages share it; one the catalog knows (table
``requisites``) is requested conditionally (If-None-Match / If-Modified-Since from
its last fetch). A 304 adds nothing to the WARCs (the earlier full capture is what
replays; pywb would replay a server-not-modified revisit as a 304) and is noted in the
catalog; a stylesheet's references, as remembered there, are followed again.

Errors on requisites (refused, robots.txt, 4xx/5xx after retries, too large,
archive errors) are logged and counted (``newsarchive/requisite_*``), and never
fail the article nor the run.
"""

from __future__ import annotations

import scrapy
import structlog
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.context import ArchiveContext
from crawler.requisites import STYLESHEET, Requisite, charset_of, page_requisites, \
    stylesheet_requisites
from newsarchive.config import Settings

log = structlog.get_logger("crawler.requisites")

ARTICLE_ARCHIVED = object()  # signal: page (ArticlePage), article_key
REQUISITE_PRIORITY = -10  # after the articles waiting in the queue
KIND = "requisite"  # WARC writer kind and captures.kind


class RequisiteFetcher:
    def __init__(self, crawler, settings: Settings):
        self.crawler = crawler
        self.opts = settings.requisites
        self.stats = crawler.stats
        self._requested: set[str] = set()  # this run: every requisite URL asked for once

    @classmethod
    def from_crawler(cls, crawler):
        settings = Settings.model_validate(crawler.settings.get("NEWSARCHIVE") or {})
        if not settings.requisites.enabled:
            raise NotConfigured("requisites.enabled is false")
        ext = cls(crawler, settings)
        crawler.signals.connect(ext.article_archived, signal=ARTICLE_ARCHIVED)
        return ext

    @property
    def ctx(self) -> ArchiveContext:
        return ArchiveContext.of(self.crawler)

    def count(self, key: str, n: int = 1) -> None:
        self.stats.inc_value(f"newsarchive/requisite_{key}", n)

    # -- scheduling -------------------------------------------------------------------------
    def article_archived(self, page, article_key=None, **_):
        try:
            found = page_requisites(page.html, page.url)
        except Exception as e:  # never fails the article
            self.count("error")
            log.exception("could not list requisites", url=page.url, error=str(e))
            return
        self.count("listed", len(found))
        self._schedule(found, referer=page.url, article_key=article_key, depth=0)

    def _schedule(self, found: list[Requisite], *, referer: str, article_key: str | None,
                  depth: int) -> None:
        spider = self.crawler.spider
        if len(found) > self.opts.max_per_page:
            self.count("over_limit", len(found) - self.opts.max_per_page)
            log.warning("too many requisites; the rest are left out", url=referer,
                        found=len(found), max_per_page=self.opts.max_per_page)
            found = found[: self.opts.max_per_page]
        for req in found:
            if req.url in self._requested:
                self.count("shared")  # asked for already this run (by another page)
                continue
            reason = spider.scope.refusal(req.url)
            if reason:  # another host than the site and its CDN hosts: not one hop away
                self.count("offsite")
                log.debug("requisite out of scope", url=req.url, reason=reason, page=referer)
                continue
            self._requested.add(req.url)
            try:
                self.crawler.engine.crawl(self._request(req, referer, article_key, depth))
            except Exception as e:
                self.count("error")
                log.exception("could not request requisite", url=req.url, error=str(e))

    def _request(self, req: Requisite, referer: str, article_key: str | None,
                 depth: int) -> scrapy.Request:
        known = self.ctx.catalog.requisite(req.url)
        meta = {"kind": KIND, "requisite": req, "depth": depth, "referer_page": referer,
                "article_key": article_key, "max_bytes": self.opts.max_bytes,
                "handle_httpstatus_list": [304], "known": known}
        if known and known.get("status") == 200 and (known.get("etag")
                                                      or known.get("last_modified")):
            # the conditional middleware adds the headers, from this table's validators
            meta.update(conditional=True,
                        validators=(known.get("etag"), known.get("last_modified")))
            self.count("conditional")
        self.count("requested")
        return scrapy.Request(
            req.url, callback=self.parse, errback=self.failed, headers={"Referer": referer},
            priority=REQUISITE_PRIORITY, dont_filter=True, meta=meta)

    # -- answers ----------------------------------------------------------------------------
    def parse(self, response):
        try:
            self._answered(response)
        except Exception as e:  # archive or catalog trouble: counted, never the article's
            self.count("error")
            self.stats.inc_value("newsarchive/archive_error_requisite")
            log.exception("could not archive requisite", url=response.url, error=str(e))
        return None

    def _answered(self, response) -> None:
        meta = response.meta
        req: Requisite = meta["requisite"]
        source = self.crawler.spider.name
        ctx = self.ctx
        captures = list(meta.get("captures", []))
        etag = _header(response, b"ETag")
        last_modified = _header(response, b"Last-Modified")
        if response.status == 304:
            # unchanged: the catalog notes the check, the WARCs get nothing new (pywb
            # replays a server-not-modified revisit as a 304, which would leave a replayed
            # page without its stylesheet; replay takes the earlier full capture)
            ctx.catalog.requisite_unchanged(req.url, ctx.run_id, etag=etag,
                                            last_modified=last_modified)
            self.count("not_modified")
            known = meta.get("known") or {}
            refs = [Requisite(u, k) for u, k in (known.get("refs") or [])]
            if refs and meta["depth"] < self.opts.max_depth:
                self._schedule(refs, referer=req.url, article_key=meta.get("article_key"),
                               depth=meta["depth"] + 1)
            return
        stored = []
        for capture in captures:
            if capture.status < 400:  # redirects and the answer
                decision, _ = ctx.archive_page(capture, source=source, kind=KIND)
                stored.append(decision.value)
        final = captures[-1] if captures else None
        refs = None
        ctype = _header(response, b"Content-Type") or ""
        if req.kind == STYLESHEET or "css" in ctype.lower():
            refs = self._stylesheet(response, ctype, req, meta)
        ctx.catalog.record_requisite(
            req.url, source, status=response.status, etag=etag, last_modified=last_modified,
            payload_digest=final.payload_digest if final is not None and final.body else None,
            mime=ctype.split(";")[0].strip() or None, length=len(response.body),
            run_id=ctx.run_id, refs=refs)
        self.count("archived")
        if stored and stored[-1] == "revisit":
            self.count("revisit")
        log.debug("requisite archived", url=req.url, kind=req.kind, stored_as=stored)

    def _stylesheet(self, response, ctype: str, req: Requisite, meta) -> list | None:
        try:
            found = stylesheet_requisites(response.body, response.url, charset_of(ctype))
        except Exception as e:
            self.count("error")
            log.warning("could not parse stylesheet", url=response.url, error=str(e))
            return None
        if meta["depth"] < self.opts.max_depth:
            self._schedule(found, referer=response.url, article_key=meta.get("article_key"),
                           depth=meta["depth"] + 1)
        elif found:
            self.count("too_deep")
        return [[r.url, r.kind] for r in found]

    def failed(self, failure):
        request = failure.request
        url = request.url
        if failure.check(HttpError):
            status = failure.value.response.status
            error, stat = f"HTTP {status}", "failed"
        elif failure.check(IgnoreRequest):  # robots.txt, scope, size limits
            error, stat = failure.getErrorMessage(), "refused"
        else:
            error, stat = f"{failure.type.__name__}: {failure.getErrorMessage()}", "failed"
        self.count(stat)
        # what robots.txt forbids is the site's choice, not a fault: no warning for ops
        emit = log.info if stat == "refused" and "robots.txt" in error else log.warning
        emit("requisite not archived", url=url, error=error,
             page=request.meta.get("referer_page"))
        try:
            self.ctx.catalog.requisite_failed(url, error)
        except Exception:
            log.exception("could not note requisite failure", url=url)


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
