"""Baseline for bench_pipeline: a bare Scrapy spider fetching a list of URLs, nothing else.

It fetches every URL of the list once, in order (duplicates included, as the
pipeline fetched them), with the same concurrency and no politeness delay.
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
    urls = json.load(open(sys.argv[1]))
    process = CrawlerProcess({
        "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[2]), "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False, "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False, "REDIRECT_ENABLED": False, "RETRY_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True, "COOKIES_ENABLED": False,
    })
    crawler = process.create_crawler(Bare)
    process.crawl(crawler, urls=urls)
    process.start()
    print(json.dumps({"responses": crawler.stats.get_value("response_received_count")}))
