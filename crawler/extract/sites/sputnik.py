"""Sputnik International (sputnikglobe.com) article pages.

Site knowledge from sites.md §1.5–1.6: the Rossiya Segodnya CMS layout
(``div.article``, ``article__*`` BEM classes), infinite scroll (only the
first article counts), ``data-unixtime`` seconds, hidden itemprops in
``div.article__meta``, Cyrillic editorial tags to drop.
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from crawler.article import Image
from crawler.extract.dates import UTC, from_unix, parse_date
from crawler.extract.sites.base import SitePage, has_class, text_of
from crawler.extract.text import clean, clean_or_none, has_cyrillic, is_boilerplate, join_paragraphs
from crawler.extract.urls import absolute, sputnik_id

_PATH = re.compile(r"^/\d{8}/(?:[^/]*-)?\d{8,}\.html$")
TEXT_TYPES = {"text", "quote", "list", "h1", "h2", "h3", "h4", "h5", "h6"}
# never body text, wherever they sit (sites.md §1.6)
_NOISE = " | ".join(
    f".//*[{has_class(c)}]"
    for c in (
        "article__quote-bg", "article__google-news", "m-buy", "photoview__ext-link", "b-inject",
        "js-message_video_player", "online__item-top", "media__copyright", "media__size",
        "article__photo-item",
    )
) + " | .//figure | .//figcaption | .//script | .//style | .//iframe | .//video"


class SputnikPage(SitePage):
    name = "sputnik"
    hosts = ("sputnikglobe.com", "sputniknews.com")
    default_tz = UTC

    path_shape = _PATH
    signatures = (
        f"//h1[{has_class('article__title')}]",
        f"//*[{has_class('article__body')}]//*[{has_class('article__block')}]",
        f"//*[{has_class('endless__item')}] | //*[{has_class('article__announce-text')}]",
    )

    @classmethod
    def article_id(cls, url: str) -> str | None:
        return sputnik_id(url)

    # -- scoping ---------------------------------------------------------
    def scope(self) -> Selector | None:
        """The page's own article: the first active endless item, else the first div.article."""
        for xp in (
            f'//*[@id="endless"]/*[{has_class("endless__item")} and {has_class("m-active")}]',
            f'//*[{has_class("endless__item")} and {has_class("m-active")}]',
            f'//*[{has_class("endless__item")}]',
        ):
            item = self.sel.xpath(xp)
            if item:
                art = item[0].xpath(f'.//div[{has_class("article")}]')
                return art[0] if art else item[0]
        art = self.sel.xpath(f'//div[{has_class("article")}]')
        return art[0] if art else None

    # -- fields ----------------------------------------------------------
    def fields(self) -> dict[str, Any]:
        art = self.scope()
        if art is None:
            return {}
        f: dict[str, Any] = {
            "title": clean_or_none(text_of(_first(art, f'.//h1[{has_class("article__title")}]'))),
            "lead": clean_or_none(text_of(_first(art, f'.//*[{has_class("article__announce-text")}]'))),
            "body": self.body(art),
            "published": self.published(art),
            "modified": self.modified(art),
            "tags": self.tags(art),
            "authors": self.authors(art),
            "images": self.images(art),
            "section": self.section(),
        }
        return f

    def section(self) -> str | None:
        """``article:section`` ("world", "military", ...), lower-cased; the URL carries no section."""
        value = self.sel.xpath('//meta[@property="article:section"]/@content').get()
        return clean(value).lower() or None if value else None

    def body(self, art: Selector) -> str:
        paragraphs: list[str] = []
        container = _first(art, f'.//*[{has_class("article__body")}]')
        if container is None:
            return ""
        blocks = container.xpath(f'./*[{has_class("article__block")}] | ./*/*[{has_class("article__block")}]')
        if not blocks:
            return join_paragraphs(p for p in [text_of(container, _NOISE)])
        for block in blocks:
            kind = (block.attrib.get("data-type") or "text").lower()
            if kind not in TEXT_TYPES:
                continue
            if kind == "list":
                items = block.xpath(".//li")
                paragraphs.extend(text_of(li, _NOISE) for li in items)
                continue
            if kind == "quote":
                q = _first(block, f'.//*[{has_class("article__quote-text")}]')
                paragraphs.append(text_of(q if q is not None else block, _NOISE))
                continue
            inner = block.xpath(f'.//*[{has_class("article__text")}] | .//*[{has_class("article__h2")}]')
            if inner:
                paragraphs.extend(text_of(n, _NOISE) for n in inner)
            else:
                paragraphs.append(text_of(block, _NOISE))
        return join_paragraphs(p for p in paragraphs if not p.startswith(">>>"))

    def _unixtime(self, art: Selector, modified: bool) -> str | None:
        if modified:
            xp = f'.//*[{has_class("article__info-date-modified")}]/descendant-or-self::*[@data-unixtime]/@data-unixtime'
        else:
            xp = (
                f'.//*[{has_class("article__info-date")}]/descendant-or-self::*[@data-unixtime]'
                f'[not(ancestor-or-self::*[{has_class("article__info-date-modified")}])]/@data-unixtime'
            )
        for value in art.xpath(xp).getall():
            iso = from_unix(value)
            if iso:
                return iso
        return None

    def _itemprop_date(self, art: Selector, prop: str) -> str | None:
        for node in art.xpath(f'.//*[{has_class("article__meta")}]//*[@itemprop="{prop}"]'):
            value = node.attrib.get("content") or node.attrib.get("datetime") or text_of(node)
            iso = parse_date(value, self.default_tz)
            if iso:
                return iso
        return None

    def published(self, art: Selector) -> str | None:
        return self._unixtime(art, False) or self._itemprop_date(art, "datePublished")

    def modified(self, art: Selector) -> str | None:
        return self._unixtime(art, True) or self._itemprop_date(art, "dateModified")

    def tags(self, art: Selector) -> list[str]:
        nodes = art.xpath(
            f'.//*[{has_class("article__footer")}]//li[{has_class("tag")}] | .//*[{has_class("tag__text")}]'
        )
        tags: list[str] = []
        for n in nodes:
            t = text_of(n)
            if t and not has_cyrillic(t) and t not in tags:
                tags.append(t)
        return tags

    def authors(self, art: Selector) -> list[str]:
        """Person bylines: the visible ``article__author-name``, else the microdata author
        unless it is the publisher itself ("Sputnik International")."""
        names = [text_of(n) for n in art.xpath(f'.//*[{has_class("article__author-name")}]')]
        if not any(names):
            for node in art.xpath(f'.//*[{has_class("article__meta")}]//*[@itemprop="author" or @itemprop="creator"]'):
                if "organization" in (node.attrib.get("itemtype") or "").lower():
                    continue
                name = node.xpath('.//*[@itemprop="name"]/@content').get() or text_of(_first(node, './/*[@itemprop="name"]'))
                names.append(clean(name))
        out: list[str] = []
        for n in names:
            if n and "sputnik" not in n.casefold() and n not in out:
                out.append(n)
        return out

    def images(self, art: Selector) -> list[Image]:
        out: list[Image] = []
        for node in art.xpath(
            f'.//*[{has_class("article__announce")}]//img | '
            f'.//*[{has_class("article__body")}]//*[@data-type="media" or @data-type="photolenta"]//img | '
            f'.//*[{has_class("article__photo-item")}]//img'
        ):
            src = node.attrib.get("src") or node.attrib.get("data-src")
            u = absolute(src, self.url)
            if not u:
                continue
            holder = node.xpath(
                f'ancestor::*[{has_class("media")} or {has_class("article__photo-item")} or self::figure][1]'
            )
            caption = None
            if holder:
                cap = _first(holder[0], f'.//figcaption | .//*[{has_class("media__title")}] | .//*[{has_class("media__caption")}]')
                caption = clean_or_none(text_of(cap, f'.//*[{has_class("media__copyright")}]'))
                if caption and is_boilerplate(caption):
                    caption = None
            out.append(Image(url=u, caption=caption))
        return out


def _first(sel: Selector, xp: str) -> Selector | None:
    found = sel.xpath(xp)
    return found[0] if found else None
