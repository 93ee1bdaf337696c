"""robots.txt holds for every request that waits for it, not only the first.

Scrapy's RobotsTxtMiddleware (2.19) lets the requests that arrive while a host's
robots.txt is being fetched wait on one Deferred, each through ``Deferred.asFuture``,
which consumes the result: the first waiter gets the parser, every later one gets None,
and None means "no robots.txt, allowed". Page requisites are exactly that shape (many
requests to a CDN host at once), and a CDN path robots.txt forbids was archived.
crawler/middlewares/robots.py is the project's RobotsTxtMiddleware, wired in its place.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.sitesim import SiteServer

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r'''
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

cdn, middleware = sys.argv[1], sys.argv[2]

class Many(scrapy.Spider):
    name = "many"
    async def start(self):
        # twelve at once to one host, before its robots.txt has come: the ones under
        # /private/ are forbidden, the others allowed
        for i in range(12):
            path = "/private/x%d.png" % i if i % 2 else "/i/logo.svg?v=%d" % i
            yield scrapy.Request(cdn + path, dont_filter=True, callback=self.parse,
                                 errback=self.failed)
    def parse(self, response):
        yield {"url": response.url, "status": response.status}
    def failed(self, failure):
        pass

mws = {}
if middleware != "scrapy":
    mws = {"scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
           middleware: 100}
process = CrawlerProcess({"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR",
                          "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
                          "TELNETCONSOLE_ENABLED": False, "DOWNLOADER_MIDDLEWARES": mws})
crawler = process.create_crawler(Many)
process.crawl(crawler)
process.start()
print(json.dumps({"forbidden": crawler.stats.get_value("robotstxt/forbidden", 0)}))
'''


def test_every_request_waiting_for_robots_txt_is_checked():
    """(With Scrapy's own middleware, "scrapy" as the script's second argument, five of the
    six forbidden requests reach the server.)"""
    middleware = "crawler.middlewares.robots.RobotsTxtMiddleware"
    with SiteServer("sputnik") as srv:
        # robots.txt answers late, so all twelve requests wait for it
        srv.cdn_faults.add(r"^/robots\.txt$", "slow", delay=0.5)
        run = subprocess.run([sys.executable, "-c", SCRIPT, srv.cdn_url, middleware],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr[-3000:]
        paths = [e.path for e in srv.cdn_log]
    assert paths[0] == "/robots.txt"
    assert not [p for p in paths if p.startswith("/private/")], paths
    assert len([p for p in paths if p.startswith("/i/logo.svg")]) == 6
    assert json.loads(run.stdout.splitlines()[-1])["forbidden"] == 6
