"""Writes each spider's counters into the catalog's run record when it closes."""

from __future__ import annotations

from scrapy import signals

from crawler.context import ArchiveContext

KEEP = ("downloader/request_count", "downloader/response_count", "item_scraped_count",
        "robotstxt/forbidden", "retry/count", "finish_reason", "elapsed_time_seconds")


class RunStats:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        mine = {k.split("/", 1)[1]: v for k, v in stats.items() if k.startswith("newsarchive/")}
        mine.update({k: stats[k] for k in KEEP if k in stats})
        # an exception in a callback is logged by Scrapy; count it so the run is judged
        mine["spider_exceptions"] = sum(v for k, v in stats.items()
                                        if k.startswith("spider_exceptions/"))
        mine["finish_reason"] = reason
        ctx = ArchiveContext.of(self.crawler)
        ctx.catalog.set_source_stats(ctx.run_id, spider.name, mine)
