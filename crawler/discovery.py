"""Pure parsers for discovery documents: RSS feeds, sitemaps, listing pages.

Each returns what it found plus an error message when the document is
malformed. A malformed XML document is parsed strictly first; if that fails
the links a recovering parser can still read are returned with the error, so
nothing that can be salvaged is lost, and the caller logs and counts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import urljoin

from dateutil import parser as dateparser
from lxml import etree, html as lxml_html

_STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True,
                          huge_tree=False)
_RECOVER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)


@dataclass
class Entry:
    url: str
    date: datetime | None = None  # pubDate / lastmod, when given


@dataclass
class Parsed:
    kind: str  # rss | sitemapindex | urlset | listing
    entries: list[Entry] = field(default_factory=list)
    error: str | None = None
    bad_links: list[str] = field(default_factory=list)  # links that are no URL, left out


def _xml(body: bytes) -> tuple[etree._Element | None, str | None]:
    try:
        return etree.fromstring(body, _STRICT), None
    except etree.XMLSyntaxError as e:
        error = f"malformed XML: {e}"
    try:
        root = etree.fromstring(body, _RECOVER)
    except etree.XMLSyntaxError:
        root = None
    return root, error


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _date(text: str | None) -> datetime | None:
    """A feed's, sitemap's or card's timestamp. Most are ISO 8601, which the standard
    library reads ~50 times faster than dateutil; dateutil reads the rest (RFC 822
    pubDates, Yeni Şafak's "GMT+3"), and the result is the same either way."""
    if not text:
        return None
    text = text.strip().replace("GMT+3", "+03:00").replace("GMT+03:00", "+03:00")
    if _ISO.match(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    try:
        return dateparser.parse(text)
    except (ValueError, OverflowError):
        return None


# the ISO 8601 shapes on which datetime.fromisoformat and dateutil agree: a calendar
# date, optionally a time to the second (fraction allowed) and an offset
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
                  r"(?:Z|[+-]\d{2}:\d{2})?)?\Z")


def parse_rss(body: bytes, base_url: str) -> Parsed:
    root, error = _xml(body)
    out = Parsed("rss", error=error)
    if root is None:
        out.error = out.error or "empty document"
        return out
    if _local(root.tag) not in ("rss", "RDF", "feed"):
        out.error = out.error or f"not a feed: root element <{_local(root.tag)}>"
    for item in root.iter():
        if _local(item.tag) not in ("item", "entry"):
            continue
        link, when = None, None
        for child in item:
            name = _local(child.tag)
            if name == "link":
                link = (child.text or "").strip() or child.get("href")
            elif name in ("pubDate", "published", "updated", "date") and when is None:
                when = _date(child.text)
        if link:
            _add(out, link, base_url, when)
    return _report_bad_links(out)


def parse_sitemap(body: bytes, base_url: str) -> Parsed:
    root, error = _xml(body)
    if root is None:
        return Parsed("urlset", error=error or "empty document")
    kind = _local(root.tag).lower()
    out = Parsed(kind if kind in ("sitemapindex", "urlset") else "urlset", error=error)
    if kind not in ("sitemapindex", "urlset"):
        out.error = out.error or f"not a sitemap: root element <{_local(root.tag)}>"
    for node in root:
        if _local(node.tag) not in ("sitemap", "url"):
            continue
        loc = lastmod = None
        for child in node:
            name = _local(child.tag)
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = _date(child.text)
            elif name == "news" and lastmod is None:  # Google news sitemap extension
                for sub in child:
                    if _local(sub.tag) == "publication_date":
                        lastmod = _date(sub.text)
        if loc:
            _add(out, loc, base_url, lastmod)
    return _report_bad_links(out)


def _add(out: Parsed, link: str, base_url: str, when: datetime | None) -> None:
    url = _join(base_url + "/", link)
    if url is None:
        out.bad_links.append(link)
    else:
        out.entries.append(Entry(url, when))


def _report_bad_links(out: Parsed) -> Parsed:
    """A feed or sitemap entry whose link is no URL is a malformed document: said (with
    the first such link), while every readable entry is kept."""
    if out.bad_links and not out.error:
        out.error = (f"{len(out.bad_links)} link(s) that are no URL, the first "
                     f"{out.bad_links[0][:200]!r}")
    return out


def parse_listing(body: bytes | str, base_url: str) -> Parsed:
    """Every link on a listing page, with the date of its card where the card has one;
    the caller keeps the article-shaped ones."""
    out = Parsed("listing")
    try:
        doc = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError) as e:
        out.error = f"malformed HTML: {e}"
        return out
    seen = set()
    cards = _Cards(doc)
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = _join(base_url + "/", href)
        if url is None:  # a junk href (an unclosed IPv6 bracket…): the web's everyday noise
            continue
        if url not in seen:
            seen.add(url)
            out.entries.append(Entry(url, cards.date_of(a)))
    return out


@lru_cache(maxsize=8192)
def _join(base: str, href: str) -> str | None:
    """urljoin, remembered (listing pages repeat their navigation links page after page);
    None for a link urljoin cannot read."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


_STAMPS = etree.XPath("//time[@datetime] | //*[@data-unixtime]")


class _Cards:
    """Which timestamps each element of a listing page holds, found in one pass.

    A link's date is the one timestamp of the smallest enclosing element (up to
    ``depth`` levels up) that holds any: a card (``<time datetime>``, or
    ``data-unixtime`` seconds); None when that element holds several (a list, not a
    card). Asking an XPath of every ancestor of every link cost ~70 % of parsing a
    listing; here each timestamp tells its ancestors once."""

    def __init__(self, doc, depth: int = 4):
        self.depth = depth
        self.count: dict = {}  # element -> number of timestamps below it
        self.first: dict = {}  # element -> the first of them, in document order
        for stamp in _STAMPS(doc):
            for node in stamp.iterancestors():
                self.count[node] = self.count.get(node, 0) + 1
                self.first.setdefault(node, stamp)

    def date_of(self, link) -> datetime | None:
        node = link
        for _ in range(self.depth):
            node = node.getparent()
            if node is None:
                return None
            n = self.count.get(node, 0)
            if n > 1:
                return None  # a list, not a card
            if n:
                return _stamp_date(self.first[node])
        return None


def _stamp_date(stamp) -> datetime | None:
    unix = stamp.get("data-unixtime")
    if unix is not None:
        try:
            return datetime.fromtimestamp(int(unix), timezone.utc)
        except (ValueError, OverflowError, OSError):
            return None
    return _date(stamp.get("datetime"))
