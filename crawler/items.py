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
    """A changed feed or sitemap: archived in the discovery WARCs as evidence."""

    source: str
    url: str
    kind: str  # rss | sitemapindex | urlset
    captures: list[HttpCapture] = field(default_factory=list)
    # told whether archiving worked: the document's validators wait for it
    done: Callable[..., None] | None = None
