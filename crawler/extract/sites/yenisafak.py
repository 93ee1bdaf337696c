"""Yeni Şafak English (en.yenisafak.com) article pages.

Site knowledge from sites.md §2.6–2.7 and the seed page: body in
``div.ys-detail-content(-area)`` as ``p.ys-paragraph-node`` plus
sub-headings, ``ys-related-content-node`` read-also boxes to drop,
"Reklam yükleniyor..." ad placeholders, a byline block "Yenişafak" /
"18:43, 16/11/2025, Sunday" / "AA" (Istanbul time, AA wire credit), and a
render clock "21/11/2026, Saturday16:37" at the top of every page that is
never the article date.
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from crawler.article import Image
from crawler.extract.dates import ISTANBUL, parse_date
from crawler.extract.sites.base import SitePage, has_class, text_of
from crawler.extract.text import clean_or_none, join_paragraphs
from crawler.extract.urls import absolute, host, path, yenisafak_id

_PATH = re.compile(r"^(?:/en)?/[a-z0-9-]+/[a-z0-9-]+-\d{7}/?$")
# byline time is "18:43, 16/11/2025, Sunday": time first. The render clock is
# "21/11/2026, Saturday16:37": date first. Only the first shape is accepted.
_BYLINE_TIME = re.compile(r"^\s*\d{1,2}:\d{2},\s*\d{1,2}/\d{1,2}/\d{4}(?:,\s*[A-Za-zÇĞİÖŞÜçğıöşü]+)?\s*$")
AGENCY_CREDITS = {"aa": "AA", "anadolu agency": "AA", "anadolu": "AA", "reuters": "Reuters", "afp": "AFP"}
BRAND = {"yenişafak", "yeni şafak", "yenisafak", "yeni safak"}
_BODY_NOISE = " | ".join(
    [
        f".//*[{has_class('ys-related-content-node')}]",
        ".//figure", ".//figcaption", ".//script", ".//style", ".//iframe", ".//video", ".//noscript",
    ]
)


class YeniSafakPage(SitePage):
    name = "yenisafak"
    hosts = ("en.yenisafak.com",)
    default_tz = ISTANBUL
    trust_generic_dates = False  # trafilatura/htmldate may pick up the render clock
    has_datelines = False  # Yeni Şafak rewrites wire copy; the AA credit is in the byline

    @classmethod
    def host_matches(cls, url: str) -> bool:
        h = host(url)
        return h == "en.yenisafak.com" or (h == "yenisafak.com" and path(url).startswith("/en/"))

    path_shape = _PATH
    signatures = (
        f"//*[{has_class('ys-detail-content')} or {has_class('ys-detail-content-area')}]",
        f"//p[{has_class('ys-paragraph-node')}]",
    )

    @classmethod
    def article_id(cls, url: str) -> str | None:
        return yenisafak_id(url)

    def container(self) -> Selector | None:
        for cls_name in ("ys-detail-content-area", "ys-detail-content"):
            found = self.sel.xpath(f"//*[{has_class(cls_name)}]")
            if found:
                return found[0]
        return None

    def fields(self) -> dict[str, Any]:
        sel = self.sel
        f: dict[str, Any] = {}
        box = self.container()
        f["body"] = self.body(box) if box is not None else ""
        h1 = _first(sel, f"//h1[{has_class('ys-detail-title')}]")
        f["title"] = clean_or_none(text_of(h1 if h1 is not None else _first(sel, "//main//h1")))
        f["lead"] = clean_or_none(text_of(_first(sel, f"//*[{has_class('ys-detail-spot')}]")))
        f["published"] = self.published()
        f["modified"] = self.modified()
        f["agency"] = self.agency()
        f["authors"] = self.authors()
        f["section"] = self.section()
        f["tags"] = [t for t in (text_of(a) for a in sel.xpath(f"//*[{has_class('ys-detail-tags')}]//a")) if t]
        f["images"] = self.images(box)
        return f

    def body(self, box: Selector) -> str:
        parts: list[str] = []
        for node in box.xpath(
            ".//*[self::p or self::h2 or self::h3 or self::h4 or self::h5 or self::blockquote or self::li]"
            f"[not(ancestor::*[{has_class('ys-related-content-node')} or {has_class('ys-ad-slot')}])]"
            "[not(ancestor::figure)][not(ancestor::blockquote)][not(ancestor::li)]"
        ):
            parts.append(text_of(node, _BODY_NOISE))
        return join_paragraphs(parts)

    def _byline(self) -> Selector | None:
        return _first(self.sel, f"//*[{has_class('ys-detail-author')}]")

    def published(self) -> str | None:
        """The byline time: its datetime attribute, else its text ("18:43, 16/11/2025, Sunday", Istanbul)."""
        node = _first(self.sel, f"//time[{has_class('ys-detail-date')}]")
        if node is not None:
            iso = parse_date(node.attrib.get("datetime"), ISTANBUL) or parse_date(text_of(node), ISTANBUL)
            if iso:
                return iso
        # no marked-up byline time: the first time-first "HH:MM, DD/MM/YYYY" text in the article.
        # The render clock is date-first ("21/11/2026, Saturday16:37") and never matches.
        scope = _first(self.sel, "//main")
        scope = scope if scope is not None else self.sel
        for text in scope.xpath(".//text()[normalize-space()]").getall():
            if _BYLINE_TIME.match(text):
                iso = parse_date(text.strip(), ISTANBUL)
                if iso:
                    return iso
        return None

    def modified(self) -> str | None:
        node = _first(self.sel, f"//time[{has_class('ys-detail-update')}]")
        if node is None:
            return None
        text = re.sub(r"^\s*update\s*:\s*", "", text_of(node), flags=re.I)
        return parse_date(node.attrib.get("datetime"), ISTANBUL) or parse_date(text, ISTANBUL)

    def agency(self) -> str | None:
        """The wire credit printed under the byline ("AA")."""
        node = _first(self.sel, f"//*[{has_class('ys-detail-source')}]")
        text = text_of(node)
        if not text:
            return None
        return AGENCY_CREDITS.get(text.casefold(), text)

    def authors(self) -> list[str]:
        """Person bylines only: "Yenişafak" under a news story is the brand, not an author."""
        names = [text_of(n) for n in self.sel.xpath(f"//*[{has_class('author-about-card-info__name')}]")]
        byline = self._byline()
        if byline is not None:
            names += [text_of(n) for n in byline.xpath(f".//*[{has_class('ys-detail-author-name')}]")]
        out: list[str] = []
        for n in names:
            if n and n.casefold() not in BRAND and n.casefold() not in AGENCY_CREDITS and n not in out:
                out.append(n)
        return out

    def section(self) -> str | None:
        """The URL's section segment (``/world/slug-3710695`` → ``world``)."""
        parts = [p for p in path(self.url).split("/") if p]
        if parts and parts[0] == "en":
            parts = parts[1:]
        return parts[0] if len(parts) >= 2 else None

    def images(self, box: Selector | None) -> list[Image]:
        """Cover image, then images inside the body, each with its visible caption (credit excluded)."""
        nodes = self.sel.xpath(f"//figure[{has_class('cover-image')}]")
        if box is not None:
            nodes += box.xpath(f".//figure[not(ancestor::*[{has_class('ys-related-content-node')}])]")
        out: list[Image] = []
        for fig in nodes:
            img = _first(fig, ".//img")
            url = absolute(img.attrib.get("src") or img.attrib.get("data-src"), self.url) if img is not None else None
            if not url:
                continue
            caption = clean_or_none(text_of(_first(fig, ".//figcaption"), f".//*[{has_class('ys-photo-credit')}]"))
            out.append(Image(url=url, caption=caption))
        return out


def _first(sel: Selector, xp: str) -> Selector | None:
    found = sel.xpath(xp)
    return found[0] if found else None
