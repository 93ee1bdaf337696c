"""Baseline for bench_pipeline: bare Scrapy spiders fetching lists of URLs, nothing else.

    python bench/bare_spider.py URLS.json CONCURRENCY_PER_HOST

URLS.json maps each source to the URLs the pipeline fetched for it (site and CDN
hosts), in the order it fetched them. As in the pipeline's crawl child, each
source gets its own crawler in one process and one reactor, with the pipeline's
concurrency settings; each spider fetches every URL of its list once, in order
(duplicates included), with no politeness delay.
"""

import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class Bare(scrapy.Spider):
    name = "bare"

    def __init__(self, urls, **kw):
        super().__init__(**kw)
        self.urls = urls

    async def start(self):
        for i, url in enumerate(self.urls):
            yield scrapy.Request(url, dont_filter=True, priority=-i)

    def parse(self, response):
        yield {"url": response.url, "bytes": len(response.body)}


if __name__ == "__main__":
    by_source = json.load(open(sys.argv[1]))
    process = CrawlerProcess({
        "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[2]), "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False, "REDIRECT_ENABLED": False, "RETRY_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True, "COOKIES_ENABLED": False,
    })
    crawlers = {}
    for source, urls in by_source.items():
        crawlers[source] = process.create_crawler(Bare)
        process.crawl(crawlers[source], urls=urls)
    process.start()
    print(json.dumps({source: crawler.stats.get_value("response_received_count")
                      for source, crawler in crawlers.items()}))
