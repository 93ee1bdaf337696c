"""Structured metadata layers: JSON-LD, OpenGraph, microdata, plain meta tags.

Each reader takes the parsed page and returns a partial field dict using
:class:`crawler.article.Article` field names. Nothing here knows about a
particular site.
"""

from __future__ import annotations

import json
import re
from datetime import tzinfo
from typing import Any

from parsel import Selector

from crawler.article import Image
from crawler.extract.dates import parse_date
from crawler.extract.text import clean, clean_or_none, dedupe, split_paragraphs
from crawler.extract.urls import absolute

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
    "blogposting", "opinionnewsarticle", "backgroundnewsarticle", "webpage",
    "liveblogposting", "socialmediaposting",
}

Fields = dict[str, Any]


def read_all(sel: Selector, url: str, default_tz: tzinfo | None) -> dict[str, Fields]:
    """All structured layers, keyed by method name."""
    out: dict[str, Fields] = {}
    for name, reader in (
        ("jsonld", jsonld),
        ("opengraph", opengraph),
        ("microdata", microdata),
        ("meta", meta),
    ):
        try:
            out[name] = reader(sel, url, default_tz)
        except Exception:  # one broken layer must not hide the others
            out[name] = {}
    return out


# ---------------------------------------------------------------- JSON-LD

def _jsonld_items(sel: Selector) -> list[dict]:
    items: list[dict] = []
    for raw in sel.xpath('//script[contains(translate(@type,"LDJSON","ldjson"),"ld+json")]/text()').getall():
        data = _loads(raw)
        stack = [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                items.append(node)
                if isinstance(node.get("@graph"), list):
                    stack.extend(node["@graph"])
    return items


def _loads(raw: str):
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    try:  # a common breakage: trailing commas
        return json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
    except ValueError:
        return None


def _types(item: dict) -> set[str]:
    t = item.get("@type")
    ts = t if isinstance(t, list) else [t]
    return {str(x).rsplit("/", 1)[-1].lower() for x in ts if x}


def _names(value) -> list[str]:
    """Person names from an author/creator value; organisations (the publisher) are not authors."""
    out = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, dict):
            if _types(v) & {"organization", "newsmediaorganization", "corporation"}:
                continue
            v = v.get("name")
        if isinstance(v, str) and clean(v):
            out.append(clean(v))
    return out


def _image_list(value, base: str) -> list[Image]:
    out = []
    for v in value if isinstance(value, list) else [value]:
        caption = None
        if isinstance(v, dict):
            caption = clean_or_none(v.get("caption") if isinstance(v.get("caption"), str) else None)
            v = v.get("url") or v.get("contentUrl")
            if isinstance(v, list):
                v = v[0] if v else None
        if isinstance(v, str):
            u = absolute(v, base)
            if u:
                out.append(Image(url=u, caption=caption))
    return out


def split_keywords(value) -> list[str]:
    if isinstance(value, list):
        parts = [p for v in value if isinstance(v, str) for p in v.split(",")]
    elif isinstance(value, str):
        parts = value.split(",")
    else:
        parts = []
    return dedupe([clean(p) for p in parts if clean(p)])


def _first_str(value) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@id")
    return clean_or_none(value) if isinstance(value, str) else None


def jsonld(sel: Selector, url: str, default_tz: tzinfo | None) -> Fields:
    items = [i for i in _jsonld_items(sel) if _types(i) & ARTICLE_TYPES]
    # prefer a real article type over a WebPage
    items.sort(key=lambda i: "webpage" in _types(i) and len(_types(i)) == 1)
    if not items:
        return {}
    a = items[0]
    f: Fields = {}
    f["title"] = _first_str(a.get("headline")) or _first_str(a.get("name"))
    f["lead"] = _first_str(a.get("description"))
    body = a.get("articleBody")
    if isinstance(body, str):
        f["body"] = "\n\n".join(split_paragraphs(body))
    f["authors"] = dedupe(_names(a.get("author")) or _names(a.get("creator")))
    f["published"] = parse_date(_first_str(a.get("datePublished")), default_tz)
    f["modified"] = parse_date(_first_str(a.get("dateModified")), default_tz)
    f["section"] = _first_str(a.get("articleSection"))
    f["tags"] = split_keywords(a.get("keywords"))
    f["language"] = _first_str(a.get("inLanguage"))
    f["images"] = _image_list(a.get("image"), url)
    return {k: v for k, v in f.items() if v}


# ---------------------------------------------------------------- OpenGraph

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_XML_SPACE = re.compile(r"[ \t\r\n]+")


class _PageIndex:
    """The page's ``<meta>`` tags and ``itemprop`` elements, read in one pass over the
    tree (one XPath per looked-up name cost most of the structured layers' time).

    ``metas[(attr, name)]``: the ``content`` of each ``<meta>`` whose ``attr`` is
    ``name`` (ASCII case folded, as the XPath ``translate`` did), in document order;
    ``props[name]``: the elements whose white-space separated ``itemprop`` holds ``name``.
    """

    ATTRS = ("property", "name", "itemprop", "http-equiv")

    def __init__(self, root) -> None:
        self.root = root
        self.metas: dict[tuple[str, str], list[str]] = {}
        self.props: dict[str, list] = {}
        if root is None:
            return
        for el in root.iter("meta"):  # document order, as XPath gives them
            content = el.get("content")
            if content is not None:
                for attr in self.ATTRS:
                    value = el.get(attr)
                    if value is not None:
                        self.metas.setdefault((attr, value.translate(_ASCII_LOWER)),
                                              []).append(content)
        for el in root.xpath("//*[@itemprop]"):
            for token in dict.fromkeys(_XML_SPACE.split(el.get("itemprop").strip(" \t\r\n"))):
                if token:
                    self.props.setdefault(token, []).append(el)


_last_index: _PageIndex | None = None


def _index(sel: Selector) -> _PageIndex:
    """The index of this page (kept for the page being extracted: one at a time)."""
    global _last_index
    root = sel.root
    idx = _last_index
    if idx is None or idx.root is not root:
        idx = _last_index = _PageIndex(root if hasattr(root, "iter") else None)
    return idx


def _meta_values(sel: Selector, attr: str, name: str) -> list[str]:
    if attr not in _PageIndex.ATTRS:
        xp = f'//meta[translate(@{attr},"ABCDEFGHIJKLMNOPQRSTUVWXYZ","abcdefghijklmnopqrstuvwxyz")="{name}"]/@content'
        values = sel.xpath(xp).getall()
    else:
        values = _index(sel).metas.get((attr, name), ())
    return [c for c in (clean(v) for v in values) if c]


def _meta_first(sel: Selector, name: str, attrs=("property", "name")) -> str | None:
    for attr in attrs:
        vals = _meta_values(sel, attr, name)
        if vals:
            return vals[0]
    return None


def opengraph(sel: Selector, url: str, default_tz: tzinfo | None) -> Fields:
    f: Fields = {}
    f["title"] = _meta_first(sel, "og:title")
    f["lead"] = _meta_first(sel, "og:description")
    f["published"] = parse_date(_meta_first(sel, "article:published_time"), default_tz)
    f["modified"] = parse_date(_meta_first(sel, "article:modified_time"), default_tz)
    f["section"] = _meta_first(sel, "article:section")
    tags = _meta_values(sel, "property", "article:tag") or _meta_values(sel, "name", "article:tag")
    f["tags"] = dedupe([t for v in tags for t in split_keywords(v)])
    authors = _meta_values(sel, "property", "article:author")
    f["authors"] = dedupe([a for a in authors if not a.startswith("http")])
    f["language"] = _meta_first(sel, "og:locale")
    img = _meta_first(sel, "og:image") or _meta_first(sel, "og:image:url")
    if img and absolute(img, url):
        f["images"] = [Image(url=absolute(img, url), caption=_meta_first(sel, "og:image:alt"))]
    og_url = _meta_first(sel, "og:url")
    f["canonical_url"] = absolute(og_url, url) if og_url else None
    return {k: v for k, v in f.items() if v}


# ---------------------------------------------------------------- microdata

def _itemprop(sel: Selector, name: str) -> list[str]:
    out = []
    for node in _index(sel).props.get(name, ()):
        tag = node.tag if isinstance(node.tag, str) else ""
        attrib = node.attrib
        if tag == "meta":
            v = attrib.get("content")
        elif tag in ("link", "a"):
            v = attrib.get("href") or attrib.get("content")
        elif tag == "time":
            v = attrib.get("datetime") or " ".join(node.xpath(".//text()"))
        elif tag == "img":
            v = attrib.get("src")
        elif attrib.get("content"):
            v = attrib.get("content")
        else:
            v = " ".join(node.xpath(".//text()"))
        c = clean(v) if v else ""
        if c:
            out.append(c)
    return out


def microdata(sel: Selector, url: str, default_tz: tzinfo | None) -> Fields:
    """Microdata itemprops, with or without an enclosing itemscope.

    Sputnik's ``div.article__meta`` carries bare hidden itemprops, which a
    strict microdata parser would not attach to any item.
    """
    f: Fields = {}
    f["title"] = next(iter(_itemprop(sel, "headline")), None)
    f["lead"] = next(iter(_itemprop(sel, "description")), None)
    f["published"] = next(filter(None, (parse_date(v, default_tz) for v in _itemprop(sel, "datePublished"))), None)
    f["modified"] = next(filter(None, (parse_date(v, default_tz) for v in _itemprop(sel, "dateModified"))), None)
    f["section"] = next(iter(_itemprop(sel, "articleSection")), None)
    f["tags"] = dedupe([t for v in _itemprop(sel, "keywords") for t in split_keywords(v)])
    names = []
    for prop in ("author", "creator"):
        for node in sel.xpath(f'//*[@itemprop="{prop}"]'):
            if "organization" in (node.attrib.get("itemtype") or "").lower():
                continue
            name = node.xpath('.//*[@itemprop="name"]/@content').get() or " ".join(
                node.xpath('.//*[@itemprop="name"]//text()').getall()
            )
            if not clean(name) and not node.xpath("./*"):
                name = node.attrib.get("content") or " ".join(node.xpath(".//text()").getall())
            if clean(name):
                names.append(clean(name))
        if names:
            break
    f["authors"] = dedupe(names)
    f["language"] = next(iter(_itemprop(sel, "inLanguage")), None)
    return {k: v for k, v in f.items() if v}


# ---------------------------------------------------------------- plain meta

def meta(sel: Selector, url: str, default_tz: tzinfo | None) -> Fields:
    f: Fields = {}
    title = sel.xpath("//title//text()").get()
    f["title"] = clean_or_none(title)
    f["lead"] = _meta_first(sel, "description", attrs=("name",))
    f["tags"] = split_keywords(_meta_first(sel, "keywords", attrs=("name",)))
    author = _meta_first(sel, "author", attrs=("name",))
    f["authors"] = [author] if author else []
    for name in ("datepublished", "pubdate", "publishdate", "date", "dc.date.issued"):
        value = _meta_first(sel, name, attrs=("name", "itemprop"))
        if value and parse_date(value, default_tz):
            f["published"] = parse_date(value, default_tz)
            break
    for name in ("datemodified", "lastmod", "dc.date.modified"):
        value = _meta_first(sel, name, attrs=("name", "itemprop"))
        if value and parse_date(value, default_tz):
            f["modified"] = parse_date(value, default_tz)
            break
    lang = sel.xpath("/html/@lang").get() or _meta_first(sel, "content-language", attrs=("http-equiv",)) \
        or _meta_first(sel, "language", attrs=("name",))
    f["language"] = clean_or_none(lang)
    href = sel.xpath('//link[contains(concat(" ", translate(@rel,"CANONIAL","canonial"), " "), " canonical ")]/@href').get()
    f["canonical_url"] = absolute(href, url)
    return {k: v for k, v in f.items() if v}
