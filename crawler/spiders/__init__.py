"""The spiders, one per source, sharing :class:`crawler.spiders.base.NewsSpider`."""

from .sputnik import SputnikSpider
from .yenisafak import YeniSafakSpider

SPIDERS = {s.name: s for s in (YeniSafakSpider, SputnikSpider)}
