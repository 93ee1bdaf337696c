"""Article extraction: HTML in, :class:`crawler.article.Article` out.

``extract_article(html, url)`` is a pure function. It layers, per field,

1. the site's page object (``sites/``), chosen by host, URL shape and markup,
2. structured metadata: JSON-LD, OpenGraph, microdata, plain meta tags,
3. trafilatura, for an unknown site or when the site selectors found no body;
   without a site body, the structured body and trafilatura's compete by the
   general rule in ``bodypolicy`` (clean and about as long as the DOM body),
4. values derived from the others (word count, dateline, agency).

The first layer that has a value wins; ``Article.methods`` records which.
Malformed input never raises: the result then holds what could be found.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from crawler.article import Article, Dateline, Image
from crawler.extract import bodypolicy, generic, structured
from crawler.extract.dateline import parse_dateline
from crawler.extract.dates import UTC
from crawler.extract.document import parse, source_text
from crawler.extract.sites import detect_site
from crawler.extract.text import clean, dedupe, has_cyrillic, word_count
from crawler.extract.urls import absolute, host

__all__ = ["extract_article", "normalize_language"]
log = logging.getLogger(__name__)

LAYERS = ("site", "jsonld", "opengraph", "microdata", "meta", "trafilatura")
FIELD_LAYERS = {
    # the canonical link is the declared canonical; og:url only as a fallback
    "canonical_url": ("site", "meta", "opengraph", "jsonld"),
}
FIELDS = (
    "canonical_url", "title", "lead", "body", "authors", "agency", "dateline",
    "published", "modified", "section", "tags", "language", "images",
)


def extract_article(html: str | bytes | None, url: str, source: str | None = None) -> Article:
    """Extract one article page. ``source`` ("yenisafak" / "sputnik") skips site detection."""
    url = url if isinstance(url, str) else str(url or "")
    try:
        return _extract(html, url, source)
    except Exception:  # the last guard: extraction bugs must not take the crawl down
        log.warning("extraction failed for %s", url, exc_info=True)
        site = source or host(url) or "unknown"
        return Article(url=url, source=site, methods={"source": "url"})


def _extract(html, url: str, source: str | None) -> Article:
    sel = parse(html)
    site_cls = detect_site(sel, url, source)
    default_tz = site_cls.default_tz if site_cls else UTC

    layers: dict[str, dict[str, Any]] = {}
    if site_cls is not None:
        try:
            layers["site"] = _nonempty(site_cls(sel, url).fields())
        except Exception:  # a page object bug: fall through to the generic layers
            log.warning("%s page object failed on %s", site_cls.name, url, exc_info=True)
            layers["site"] = {}
    layers.update(structured.read_all(sel, url, default_tz))

    values, methods = _merge(layers)
    site_body = bool(layers.get("site", {}).get("body"))
    if (not site_body or not values.get("title")) and _has_text(sel):
        trusted = site_cls is None or site_cls.trust_generic_dates
        layers["trafilatura"] = generic.extract(source_text(html), url, default_tz, with_date=trusted)
        if not site_body:
            _settle_body(layers)
        values, methods = _merge(layers)

    _tidy(values, layers, methods)

    article = Article(url=url, source=site_cls.name if site_cls else (source or host(url) or "unknown"))
    methods["source"] = "site" if site_cls else "url"
    if site_cls is not None:
        article.article_id = site_cls.article_id(url)
        if article.article_id:
            methods["article_id"] = "url"
    for name in FIELDS:
        if name in values:
            setattr(article, name, values[name])

    _derive(article, methods, datelines=site_cls.has_datelines if site_cls else True)
    article.methods = {k: methods[k] for k in sorted(methods)}
    return article


def _settle_body(layers: dict[str, dict[str, Any]]) -> None:
    """Without a site body: structured text or the DOM body (``bodypolicy``), and
    only the winner is left in the layers for the merge."""
    structured_layer = next((n for n in LAYERS[1:-1] if layers.get(n, {}).get("body")), None)
    structured = layers[structured_layer]["body"] if structured_layer else None
    dom = layers["trafilatura"].get("body")
    text, origin = bodypolicy.choose_body(structured, dom)
    for name in LAYERS[1:]:
        layers.get(name, {}).pop("body", None)
    if origin == "structured":
        layers[structured_layer]["body"] = text
    elif origin == "dom":
        layers["trafilatura"]["body"] = text


def _has_text(sel) -> bool:
    """Any visible text for trafilatura to work on? (It logs errors on empty trees.)"""
    return bool(sel.xpath("//body//text()[normalize-space()][not(ancestor::script or ancestor::style)]"))


def _nonempty(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v not in (None, "", [], {})}


def _merge(layers: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    methods: dict[str, str] = {}
    for name in FIELDS:
        for layer in FIELD_LAYERS.get(name, LAYERS):
            value = layers.get(layer, {}).get(name)
            if value not in (None, "", [], {}):
                values[name] = value
                methods[name] = layer
                break
    return values, methods


_SUFFIX_SEP = re.compile(r"\s+[-|–—:]\s+")


def _tidy(values: dict[str, Any], layers: dict[str, dict[str, Any]], methods: dict[str, str]) -> None:
    title = values.get("title")
    if title and methods.get("title") in ("meta", "trafilatura", "opengraph"):
        values["title"] = _strip_site_suffix(title, layers)
    if values.get("body") and methods.get("body") != "site":
        # the generic body often starts with the page's headline (and its kicker) and a
        # time stamp line: not body text (bodypolicy.strip_head, the same for every site)
        titles = [values.get("title")] + [layers.get(n, {}).get("title") for n in LAYERS]
        values["body"] = bodypolicy.strip_head(values["body"], titles)
    if "tags" in values:
        # one form for every layer and site: lower-case, Cyrillic editorial tags dropped
        values["tags"] = dedupe([clean(t).lower() for t in values["tags"] if clean(t) and not has_cyrillic(t)])
        if not values["tags"]:
            del values["tags"]
            methods.pop("tags", None)
    if "authors" in values:
        values["authors"] = dedupe([clean(a) for a in values["authors"] if clean(a)])
    if "language" in values:
        values["language"] = normalize_language(values["language"])
        if not values["language"]:
            del values["language"]
            methods.pop("language", None)
    if "images" in values:
        seen, images = set(), []
        for img in values["images"]:
            if isinstance(img, Image) and img.url not in seen:
                seen.add(img.url)
                images.append(img)
        values["images"] = images


def _strip_site_suffix(title: str, layers: dict[str, dict[str, Any]]) -> str:
    """"Headline - Yeni Şafak" → "Headline" when the tail is the site name."""
    parts = _SUFFIX_SEP.split(title)
    if len(parts) < 2:
        return title
    tail = parts[-1].casefold()
    known = {"yeni şafak", "yeni safak", "yenişafak", "sputnik", "sputnik international"}
    if tail in known:
        return title[: title.rfind(parts[-1])].rstrip(" -|–—:")
    return title


def normalize_language(value: str | None) -> str | None:
    """"en_EN" / "en-US" / "EN" → "en"."""
    if not value:
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value)
    return m.group(1).lower() if m else None


def _derive(article: Article, methods: dict[str, str], datelines: bool) -> None:
    if datelines and article.dateline is None and article.body:
        dl = parse_dateline(article.body)
        if dl is not None:
            article.dateline = dl
            methods["dateline"] = "derived"
    if article.agency is None and isinstance(article.dateline, Dateline) and article.dateline.agency:
        article.agency = article.dateline.agency
        methods["agency"] = "derived"
    if article.canonical_url:
        article.canonical_url = absolute(article.canonical_url, article.url) or article.canonical_url
    article.word_count = word_count(article.body)
    methods["word_count"] = "derived"
