"""Takedowns (i8-evidence): article pages removed from a running fixture site.

``SiteServer.unpublish(article_id, status)`` drops the record (it leaves every feed,
sitemap and listing) and remembers its path, answered from then on with ``status``
(404 Not Found or 410 Gone), or a 301 to ``redirect`` (a section page), as sites do
when they take an article down.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import resource


@dataclass(frozen=True)
class Takedown:
    status: int = 410  # 404 | 410 | 301
    redirect: str | None = None  # for 301: where the old URL now leads (a section page)


def answer(takedown: Takedown, base_url: str) -> resource.Resource:
    if takedown.redirect is not None:
        return resource.redirect(base_url + takedown.redirect, takedown.status)
    phrase = {404: "Not Found", 410: "Gone"}.get(takedown.status, "Error")
    return resource.html(f"<!DOCTYPE html><html><head><title>{takedown.status} {phrase}</title>"
                         f"</head><body><h1>{phrase}</h1></body></html>\n", takedown.status)
