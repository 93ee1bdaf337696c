"""Scrapy settings derived from the service's one settings object."""

from __future__ import annotations

from scrapy.settings.default_settings import EXTENSIONS_BASE

from newsarchive.config import Settings

UNUSED_EXTENSIONS = ("scrapy.extensions.telnet.TelnetConsole",
                     "scrapy.extensions.remote_control.RemoteControl")


def scrapy_settings(settings: Settings, run_id: str) -> dict:
    polite = settings.politeness
    return {
        "BOT_NAME": "newsarchive",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": polite.obey_robots,
        "CONCURRENT_REQUESTS": 8,
        "CONCURRENT_REQUESTS_PER_DOMAIN": polite.concurrent_per_site,
        # i9-cost: Scrapy starts CONCURRENT_ITEMS (100) asyncio tasks for every callback's
        # output; ours yield a few items each and the pipeline is synchronous, so 100
        # idle workers per response were pure overhead (~10 % of the crawl's CPU)
        "CONCURRENT_ITEMS": 4,
        "DOWNLOAD_DELAY": polite.download_delay,
        "AUTOTHROTTLE_ENABLED": polite.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(polite.download_delay, 1.0),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,  # no control port on an unattended crawler
        # a developer's lint (it parses each callback's source with ast, per response whose
        # callback is a new bound method: 8% of the crawl child's CPU in the pipeline bench)
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        "DOWNLOAD_TIMEOUT": 60,
        "RETRY_TIMES": 2,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.middlewares.scope.ScopeMiddleware": 50,  # i6-scope: before robots.txt
            # robots.txt obeyed by every request that waits for it (crawler/middlewares/robots.py)
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
            "crawler.middlewares.retry_after.RetryAfterMiddleware": 555,
            "crawler.middlewares.conditional.ConditionalRequestMiddleware": 560,
            "crawler.middlewares.recorder.WarcRecorderMiddleware": 950,
            # i8-evidence: robots.txt answers archived in the discovery WARC
            "crawler.middlewares.robots_evidence.RobotsEvidenceMiddleware": 945,
            # i6-scope: per-source size and time limits (crawler/middlewares/limits.py)
            "crawler.middlewares.limits.LimitsMiddleware": 900,
            "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
            "crawler.middlewares.limits.BoundedDecompression": 590,
        },
        # i8-wire: a download handler keeping the bytes on the wire (crawler/wire/)
        "DOWNLOAD_HANDLERS": {"http": "crawler.wire.handler.WireRecordingDownloadHandler",
                              "https": "crawler.wire.handler.WireRecordingDownloadHandler"},
        # TLS: certificates verified only with settings.tls.verify (crawler/wire/tls.py)
        "DOWNLOAD_VERIFY_CERTIFICATES": settings.tls.verify,
        "ITEM_PIPELINES": {"crawler.pipelines.ArchivePipeline": 300},
        # Scrapy imports every class of EXTENSIONS_BASE, even one set to None, so the two
        # consoles (off above) leave its base list: importing them (aiohttp, twisted.conch)
        # was ~0.09 s of every crawl child's start-up
        "EXTENSIONS_BASE": {path: order for path, order in EXTENSIONS_BASE.items()
                            if path not in UNUSED_EXTENSIONS},
        "EXTENSIONS": {"crawler.extensions.RunStats": 100,
                       # i10-requisites: stylesheets, fonts, images of archived articles
                       "crawler.requisite_fetcher.RequisiteFetcher": 200},
        "LOG_ENABLED": True,
        "LOG_LEVEL": settings.log_level.upper(),
        "LOG_INSTALL_ROOT_HANDLER": False,  # our structlog handler is the root handler
        "LOGSTATS_INTERVAL": 30.0,
        "NEWSARCHIVE": settings.model_dump(mode="json"),
        # i6-scope: every DNS answer is checked before it is connected to
        "TWISTED_DNS_RESOLVER": "crawler.resolver.GuardedResolver",
        "NEWSARCHIVE_RUN_ID": run_id,
    }
