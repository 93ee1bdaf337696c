"""Pure parsers for discovery documents: RSS feeds, sitemaps, listing pages.

Each returns what it found plus an error message when the document is
malformed. A malformed XML document is parsed strictly first; if that fails
the links a recovering parser can still read are returned with the error, so
nothing that can be salvaged is lost, and the caller logs and counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
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
    if not text:
        return None
    text = text.strip().replace("GMT+3", "+03:00").replace("GMT+03:00", "+03:00")
    try:
        return dateparser.parse(text)
    except (ValueError, OverflowError):
        return None


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
            out.entries.append(Entry(urljoin(base_url + "/", link), when))
    return out


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
            out.entries.append(Entry(urljoin(base_url + "/", loc), lastmod))
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
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(base_url + "/", href)
        if url not in seen:
            seen.add(url)
            out.entries.append(Entry(url, _card_date(a)))
    return out


_STAMPS = etree.XPath(".//time[@datetime] | .//*[@data-unixtime]")


def _card_date(link, depth: int = 4) -> datetime | None:
    """The one timestamp of the smallest enclosing element that holds one: a card
    (``<time datetime>``, or ``data-unixtime`` seconds). None when it is ambiguous."""
    node = link
    for _ in range(depth):
        node = node.getparent()
        if node is None:
            return None
        stamps = _STAMPS(node)
        if len(stamps) > 1:
            return None  # a list, not a card
        if stamps:
            stamp = stamps[0]
            unix = stamp.get("data-unixtime")
            if unix is not None:
                try:
                    return datetime.fromtimestamp(int(unix), timezone.utc)
                except (ValueError, OverflowError, OSError):
                    return None
            return _date(stamp.get("datetime"))
    return None
