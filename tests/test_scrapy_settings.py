"""The crawl child's Scrapy settings, as Scrapy itself builds them."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.crawlkit import ROOT

PROBE = """
import json, sys
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.reactor import install_reactor
from crawler.settings import scrapy_settings
from newsarchive.config import Settings

settings = scrapy_settings(Settings(data_dir=sys.argv[1]), "run-test")
install_reactor(settings.get("TWISTED_REACTOR", "twisted.internet.asyncioreactor.AsyncioSelectorReactor"))
crawler = Crawler(Spider, settings)
crawler._apply_settings()
print(json.dumps({"extensions": sorted(type(e).__module__ + "." + type(e).__name__
                                       for e in crawler.extensions.middlewares),
                  "modules": sorted(m for m in sys.modules if m.split(".")[0] == "aiohttp"
                                    or m.startswith("twisted.conch"))}))
"""


def test_the_consoles_are_neither_loaded_nor_imported_and_the_other_extensions_stay(tmp_path):
    """No telnet or remote-control port on an unattended crawler, and their modules
    (aiohttp, twisted.conch) are not even imported: Scrapy imports every class of its base
    extension list, even one set to None, and those imports cost each run ~0.09 s."""
    out = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["modules"] == []
    names = seen["extensions"]
    assert not [n for n in names if "telnet" in n or "remote_control" in n]
    for kept in ("scrapy.extensions.corestats.CoreStats", "scrapy.extensions.logstats.LogStats",
                 "scrapy.extensions.memusage.MemoryUsage", "crawler.extensions.RunStats"):
        assert kept in names, names
