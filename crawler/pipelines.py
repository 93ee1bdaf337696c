"""Extract → filter → archive, one article page at a time."""

from __future__ import annotations

import structlog
from scrapy import signals

from archive.files import is_disk_error
from crawler.article import Article
from crawler.context import ArchiveContext
from crawler.extract import extract_article
from crawler.items import ArticlePage, DiscoveryDocument
from crawler.sites import SITES

log = structlog.get_logger("crawler.pipeline")


class MalformedPage(ValueError):
    pass


ARTICLE_MARKUP = {"site", "jsonld", "opengraph", "microdata"}


def check_article(article: Article) -> None:
    """An article page must have a title and a body, and article markup for at
    least one of them: a page that only a generic text extractor can read (a
    changed layout, an error page, garbage) is reported, never archived as news."""
    missing = [name for name in ("title", "body") if not getattr(article, name)]
    if missing:
        raise MalformedPage(f"no {' and no '.join(missing)} found")
    if not ARTICLE_MARKUP & {article.methods.get("title"), article.methods.get("body")}:
        raise MalformedPage("no article markup: neither the site's selectors nor structured"
                            " metadata found a title or body")


class ArchivePipeline:
    def __init__(self, context: ArchiveContext, stats):
        self.ctx = context
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(ArchiveContext.of(crawler), crawler.stats)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item, spider=None):
        if isinstance(item, DiscoveryDocument):
            self._discovery(item)
        elif isinstance(item, ArticlePage):
            self._article(item)
        return item

    def _discovery(self, doc: DiscoveryDocument) -> None:
        try:
            for capture in doc.captures:
                if capture.status == 200:
                    self.ctx.archive(capture, source=doc.source, kind="discovery")
        except Exception as e:  # disk full, catalog locked…: counted, the run is degraded
            self.stats.inc_value("newsarchive/archive_error")
            self._disk_error(e)
            log.exception("could not archive discovery document", source=doc.source,
                          url=doc.url, error=str(e))
            return
        self.stats.inc_value("newsarchive/discovery_archived")

    def _article(self, page: ArticlePage) -> None:
        slog = log.bind(source=page.source, url=page.url)
        try:
            article = extract_article(page.html, page.url, source=page.source)
            check_article(article)
        except Exception as e:  # a bad page must never stop the crawl
            self.stats.inc_value("newsarchive/failed")
            self.stats.inc_value("newsarchive/malformed_page")
            slog.error("malformed article page", error=str(e), error_type=type(e).__name__)
            self.ctx.catalog.fail_pending(page.source, page.keys[0], f"malformed: {e}")
            return
        try:
            self._judge_and_archive(page, article, slog)
        except Exception as e:  # topic profile, WARC write, spool, catalog: never silent
            self.stats.inc_value("newsarchive/failed")
            self.stats.inc_value("newsarchive/archive_error")
            self._disk_error(e)
            slog.exception("could not archive article", error=str(e))
            self.ctx.catalog.fail_pending(page.source, page.keys[0], f"archive error: {e}")

    def _disk_error(self, e: Exception) -> None:
        """A full or read-only local disk fails the run (exit 4), not just degrades it."""
        if is_disk_error(e):
            self.stats.inc_value("newsarchive/storage_error")
            self.stats.set_value("newsarchive/storage_error_last", f"{type(e).__name__}: {e}")

    def _judge_and_archive(self, page: ArticlePage, article: Article, slog) -> None:
        topic = self.ctx.topic.score(article)
        keys = sorted(set(page.keys) | set(_keys_of(article)))
        data = article.to_dict()
        if not topic.relevant:
            self.stats.inc_value("newsarchive/irrelevant")
            self.ctx.catalog.record_article(data, topic.to_dict(), False, self.ctx.run_id, None)
            self.ctx.catalog.mark_seen(page.source, keys, page.url, False, self.ctx.run_id)
            slog.info("not relevant", title=article.title, score=round(topic.score, 2))
            return
        self.stats.inc_value("newsarchive/relevant")
        document = {"article": data, "topic": topic.to_dict(), "run_id": self.ctx.run_id,
                    "via": page.via}
        # the exchanges that led to the page (redirects, the page itself); refused
        # attempts (429/503 before a successful retry) are not part of it
        captures = [c for c in page.captures if c.status < 400]
        last = len(captures) - 1
        for i, capture in enumerate(captures):
            self.ctx.archive(capture, source=page.source, kind="article",
                             metadata=document if i == last else None,
                             article_key=article.key)
        meta_key = self.ctx.write_metadata(page.source, article.key, document)
        self.ctx.catalog.record_article(data, topic.to_dict(), True, self.ctx.run_id, meta_key)
        self.ctx.catalog.mark_seen(page.source, keys, page.url, True, self.ctx.run_id)
        self.stats.inc_value("newsarchive/archived")
        slog.info("archived", title=article.title, published=article.published,
                  score=round(topic.score, 2))

    def spider_closed(self, spider, reason):
        """Close this source's WARCs (renamed from .open, indexed, spooled)."""
        self.ctx.close_source(spider.name)


def _keys_of(article: Article) -> list[str]:
    """Seen-state keys of the page as extracted: its URL and its canonical URL."""
    site = SITES.get(article.source)
    if site is None:
        return []
    return site.keys(article.url) + (site.keys(article.canonical_url)
                                     if article.canonical_url else [])
