"""Per-site page objects and the choice between them.

A site is chosen by, in order: an explicit ``source`` name; the URL host
(en.yenisafak.com, sputnikglobe.com, ...); otherwise the page markup
signature, which must be present, confirmed by the URL path shape or by a
second signature. The last rule lets fixture pages served from
127.0.0.1:PORT be read with the right page object, while an unrelated page
that happens to use one class name is left to the generic layers.
"""

from __future__ import annotations

from parsel import Selector

from crawler.extract.sites.base import SitePage
from crawler.extract.sites.sputnik import SputnikPage
from crawler.extract.sites.yenisafak import YeniSafakPage

SITES: tuple[type[SitePage], ...] = (YeniSafakPage, SputnikPage)
BY_NAME = {s.name: s for s in SITES}


def detect_site(sel: Selector, url: str, source: str | None = None) -> type[SitePage] | None:
    if source:
        return BY_NAME.get(source)
    for site in SITES:
        if site.host_matches(url):
            return site
    best, best_score = None, 0
    for site in SITES:
        markup = site.markup_score(sel)
        if markup == 0:
            continue
        score = markup + (2 if site.path_matches(url) else 0)
        if score >= 2 and score > best_score:
            best, best_score = site, score
    return best


__all__ = ["SITES", "BY_NAME", "SitePage", "SputnikPage", "YeniSafakPage", "detect_site"]
