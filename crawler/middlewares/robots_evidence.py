"""robots.txt as evidence (i8-evidence).

Scrapy's RobotsTxtMiddleware fetches each host's robots.txt once per run; its
answer passes the recorder (order 950) like every exchange. This middleware sits
just below it (order 945: its ``process_response`` runs right after the
recorder's) and writes that capture to the source's discovery WARC. The WARC
writer's payload decision does the rest: a robots.txt identical to one archived
before is an identical-payload-digest revisit, a changed one a full response.
(robots.txt is not requested conditionally: Scrapy builds that request itself.)
"""

from __future__ import annotations

from urllib.parse import urlsplit

import structlog

from ..context import ArchiveContext

log = structlog.get_logger("crawler.robots")


def is_robots_request(request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and \
        urlsplit(request.url).path == "/robots.txt"


class RobotsEvidenceMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        captures = request.meta.get("captures") or []
        first = request.meta.get("redirect_urls", [request.url])[0]
        if not captures or urlsplit(first).path != "/robots.txt" \
                or not request.meta.get("dont_obey_robotstxt"):
            return response
        capture = captures[-1]  # the one the recorder just made
        spider = spider or self.crawler.spider
        try:
            ArchiveContext.of(self.crawler).archive(capture, source=spider.name,
                                                    kind="discovery")
            self.crawler.stats.inc_value("newsarchive/robots_archived")
        except Exception as e:  # evidence lost, the crawl goes on: counted and logged
            self.crawler.stats.inc_value("newsarchive/archive_error")
            log.exception("could not archive robots.txt", url=capture.url, error=str(e))
        return response
