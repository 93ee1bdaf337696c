"""What a per-site page object is: site knowledge only, no generic fallbacks."""

from __future__ import annotations

import re

from datetime import tzinfo
from typing import Any, ClassVar

from lxml import etree
from parsel import Selector

from crawler.extract.text import clean
from crawler.extract.urls import host, path


class SitePage:
    """One article page of one site.

    Subclasses say how to recognise the site (``hosts``, ``path_matches``,
    ``markup_score``) and read what their markup carries (``fields``).
    """

    name: ClassVar[str]
    hosts: ClassVar[tuple[str, ...]] = ()
    default_tz: ClassVar[tzinfo | None] = None
    # The structured/generic layers may use the page's visible date text?
    trust_generic_dates: ClassVar[bool] = True
    # Bodies open with a wire dateline ("MOSCOW (Sputnik) - ") worth parsing?
    has_datelines: ClassVar[bool] = True

    def __init__(self, sel: Selector, url: str):
        self.sel = sel
        self.url = url

    # -- recognition ---------------------------------------------------
    @classmethod
    def host_matches(cls, url: str) -> bool:
        h = host(url)
        return any(h == x or h.endswith("." + x) for x in cls.hosts)

    path_shape: re.Pattern[str] | None = None  # the site's article URL path
    signatures: tuple[str, ...] = ()  # XPaths of markup only this site's pages carry

    @classmethod
    def path_matches(cls, url: str) -> bool:
        return bool(cls.path_shape and cls.path_shape.match(path(url)))

    @classmethod
    def markup_score(cls, sel: Selector) -> int:
        """How many of the site's markup signatures the page carries."""
        return sum(1 for xp in cls.signatures if sel.xpath(xp))

    # -- extraction ----------------------------------------------------
    @classmethod
    def article_id(cls, url: str) -> str | None:
        return None

    def fields(self) -> dict[str, Any]:
        raise NotImplementedError


def has_class(name: str) -> str:
    """XPath predicate: the element's class list contains ``name``."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


_BREAKING = {"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td", "th", "tr"}


def text_of(node: Selector | None, skip_xpath: str | None = None) -> str:
    """Visible text of a node, with <br> as a space and ``skip_xpath`` descendants left out."""
    if node is None:
        return ""
    root = node.root
    if not isinstance(root, etree._Element):
        return clean(str(root))
    skip = set(root.xpath(skip_xpath)) if skip_xpath else set()
    parts: list[str] = []

    def walk(el):
        if el in skip:
            if el.tail:
                parts.append(el.tail)
            return
        if el.tag in ("script", "style", "noscript", "template") or not isinstance(el.tag, str):
            if el.tail and el is not root:
                parts.append(el.tail)
            return
        if el.tag in _BREAKING:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if el.tag in _BREAKING:
            parts.append(" ")
        if el.tail and el is not root:
            parts.append(el.tail)

    walk(root)
    return clean("".join(parts))
