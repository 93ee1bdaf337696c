"""What spiders hand to the archive pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from archive.warc.capture import HttpCapture


@dataclass
class ArticlePage:
    """A fetched article page; the pipeline extracts, filters and archives it."""

    source: str
    url: str  # the final URL (after redirects)
    discovered_url: str
    html: str
    keys: list[str]
    captures: list[HttpCapture] = field(default_factory=list)
    via: str | None = None  # the discovery document that listed it


@dataclass
class DiscoveryDocument:
    """A changed feed, sitemap or listing page: archived in the discovery WARCs as evidence."""

    source: str
    url: str
    kind: str  # rss | sitemapindex | urlset | listing (i8-evidence)
    captures: list[HttpCapture] = field(default_factory=list)
    # told whether archiving worked: the document's validators wait for it
    done: Callable[..., None] | None = None


@dataclass
class NotModified:
    """A 304 answer to a conditional request (i8-evidence): written as a
    server-not-modified revisit, so every run leaves evidence of what it checked."""

    source: str
    url: str
    kind: str  # discovery | article
    captures: list[HttpCapture] = field(default_factory=list)
    article_key: str | None = None


@dataclass
class RecapturedPage:
    """An archived article fetched again by the re-capture schedule (i8-evidence)."""

    source: str
    url: str  # as scheduled
    final_url: str  # after redirects
    article_key: str
    status: int
    html: str | None  # None unless a 200 text page
    captures: list[HttpCapture] = field(default_factory=list)
    captured_at: float = 0.0  # the first capture (epoch seconds), the schedule's origin
