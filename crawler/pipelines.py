"""Extract → filter → archive, one article page at a time."""

from __future__ import annotations

from urllib.parse import urlsplit
from datetime import datetime, timezone

import structlog
from scrapy import signals

from archive.dedup import Verdict, story_id_for
from archive.files import is_disk_error
from crawler.article import Article
from crawler.context import ArchiveContext
from crawler.extract import extract_article
from crawler.extract.urls import host
from crawler.items import ArticlePage, DiscoveryDocument, NotModified, RecapturedPage
from crawler.recapture_archive import RecaptureDesk
from crawler.requisite_fetcher import ARTICLE_ARCHIVED
from crawler.sites import SITES

log = structlog.get_logger("crawler.pipeline")


class MalformedPage(ValueError):
    pass


DEFAULT_PORTS = {"http": 80, "https": 443}
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
    def __init__(self, context: ArchiveContext, stats, signals=None):
        self.ctx = context
        self.stats = stats
        self.signals = signals  # i10-requisites: ARTICLE_ARCHIVED goes to the requisite fetcher
        self.recaptures = RecaptureDesk(context, stats,  # i8-evidence
                                        on_archived=self._archived if signals else None)

    def _archived(self, page, article_key) -> None:
        """An article page is in the WARC: the requisite fetcher fetches what it needs."""
        self.signals.send_catch_log(ARTICLE_ARCHIVED, page=page, article_key=article_key)

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(ArchiveContext.of(crawler), crawler.stats, crawler.signals)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item, spider=None):
        if isinstance(item, DiscoveryDocument):
            self._discovery(item)
        elif isinstance(item, ArticlePage):
            self._article(item)
        elif isinstance(item, NotModified):  # i8-evidence: 304s leave evidence
            self.recaptures.not_modified(item)
        elif isinstance(item, RecapturedPage):  # i8-evidence: the re-capture schedule
            self.recaptures.recaptured(item)
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
            if doc.done:  # its validators are not stored: fetched in full next run
                doc.done(False, f"archive error: {e}")
            return
        self.stats.inc_value("newsarchive/discovery_archived")
        if doc.done:
            doc.done(True)

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
        if not topic.archive:  # relevant and borderline articles are archived
            self.stats.inc_value("newsarchive/irrelevant")
            self.ctx.catalog.record_article(data, topic.to_dict(), False, self.ctx.run_id, None)
            self.ctx.catalog.mark_seen(page.source, keys, page.url, False, self.ctx.run_id)
            slog.info("not relevant", title=article.title, score=round(topic.score, 2))
            return
        self.stats.inc_value("newsarchive/relevant")
        if topic.decision == "borderline":  # archived and flagged for an editor
            self.stats.inc_value("newsarchive/borderline")
        document = {"article": data, "topic": topic.to_dict(), "run_id": self.ctx.run_id,
                    "via": page.via}
        # the exchanges that led to the page (redirects, the page itself); refused
        # attempts (429/503 before a successful retry) are not part of it
        captures = [c for c in page.captures if c.status < 400]
        captured = captures[-1].date if captures else datetime.now(timezone.utc)
        verdict = self._story(article, captured, slog)
        if verdict is not None:
            document["story"] = verdict.story_document()
        last = len(captures) - 1
        stored_as = "full"
        for i, capture in enumerate(captures):
            story = verdict.reference if verdict is not None and i == last else None
            decision, _ = self.ctx.archive_page(capture, source=page.source, kind="article",
                                                metadata=document if i == last else None,
                                                article_key=article.key, story=story)
            if i == last:
                stored_as = decision.value
        meta_key = self.ctx.write_metadata(page.source, article.key, document)
        self.ctx.catalog.record_article(data, topic.to_dict(), True, self.ctx.run_id, meta_key)
        if verdict is not None:
            self._record_story(article, verdict, captured, stored_as, slog)
        self.ctx.catalog.mark_seen(page.source, keys, page.url, True, self.ctx.run_id)
        if captures:  # i8-evidence: re-fetched later at the configured ages
            self.recaptures.schedule(page.source, article.key, page.url, captures[-1])
        self.stats.inc_value("newsarchive/archived")
        if self.signals is not None:  # its requisites (crawler/requisite_fetcher.py)
            self._archived(page, article.key)
        slog.info("archived", title=article.title, published=article.published,
                  score=round(topic.score, 2), decision=topic.decision,
                  stored_as=stored_as,
                  story_id=verdict.story_id if verdict else None)

    def _story(self, article: Article, captured, slog):
        """Which story the article belongs to (story-level dedup); None if dedup is off.
        If the index or the matcher fails, the page is archived in full as a story of
        its own: never lost, counted and logged."""
        desk = self.ctx.stories
        if desk is None:
            return None
        try:
            return desk.judge(article, captured)
        except Exception as e:
            self.stats.inc_value("newsarchive/dedup_error")
            slog.exception("story dedup failed; archiving in full", error=str(e))
            return Verdict(story_id_for(article.source, article.key), founds=True)

    def _record_story(self, article: Article, verdict, captured, stored_as: str, slog) -> None:
        try:
            self.ctx.stories.record(article, verdict, captured, stored_as)
        except Exception as e:
            self.stats.inc_value("newsarchive/dedup_error")
            slog.exception("could not record story membership", error=str(e))
            return
        if not verdict.founds:
            self.stats.inc_value("newsarchive/story_copies")
            slog.info("copy of an archived story", story_id=verdict.story_id,
                      matched=verdict.matched, stored_as=stored_as,
                      score=verdict.match.score if verdict.match else None)
        if stored_as == "reference":
            self.stats.inc_value("newsarchive/story_references")

    def spider_closed(self, spider, reason):
        """Close this source's WARCs (renamed from .open, indexed, spooled)."""
        self.ctx.close_source(spider.name)


def _keys_of(article: Article) -> list[str]:
    """Seen-state keys of the page as extracted: its URL, and its canonical URL when that
    is an article of the same source on the same host (a page must not mark another
    host's, or another article shape's, URL as seen)."""
    site = SITES.get(article.source)
    if site is None:
        return []
    keys = site.keys(article.url)
    canonical = article.canonical_url
    if canonical and _same_host(canonical, article.url) and site.is_article(canonical):
        keys += site.keys(canonical)
    return keys


def _same_host(a: str, b: str) -> bool:
    try:
        pa, pb = urlsplit(a), urlsplit(b)
        return (pa.scheme in ("http", "https") and host(a) == host(b) != ""
                and (pa.port or DEFAULT_PORTS.get(pa.scheme))
                == (pb.port or DEFAULT_PORTS.get(pb.scheme)))
    except ValueError:  # a malformed port
        return False
