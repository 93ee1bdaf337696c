"""What a browser needs to render an archived page: its requisites (issue 10).

Pure functions, no I/O. :func:`page_requisites` lists those of an HTML page,
:func:`stylesheet_requisites` those of a stylesheet; URLs are absolute, resolved
against the document (``<base href>`` honoured) or the stylesheet, without
fragments, each listed once in document order.

From HTML:

- ``<link>`` with rel ``stylesheet``, ``preload`` (and ``modulepreload``: no; scripts
  are not requisites here), ``icon``, ``shortcut icon``, ``apple-touch-icon``,
  ``mask-icon``; also ``imagesrcset`` of an image preload;
- ``<img>``: ``src``, ``srcset`` and the lazy-loading attributes ``data-src``,
  ``data-srcset``, ``data-original`` and every ``data-lazy-*`` holding a URL
  (``data-lazy-src``, ``data-lazy-srcset``, ``data-lazy-original``…); ``<picture><source>``: ``srcset`` (and its lazy variants);
- ``<video poster>`` (the video itself is not: ``preload="none"`` media is large and
  not needed to render the page), ``<input type=image src>``;
- ``url()`` in ``style`` attributes and ``<style>`` blocks (and their ``@import``).

From CSS (parsed with tinycss2): ``@import`` (string or ``url()``), every ``url()``
(fonts in ``@font-face src``, backgrounds, cursors, masks…) at any depth of nested
rules (``@media``, ``@supports``, ``@font-face``…), and the strings of
``image-set()``.

Never listed: ``data:``, ``javascript:``, ``blob:``, ``about:`` and other non-HTTP
URLs. Scope (which hosts may be fetched) is the caller's: see crawler/scope.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urldefrag, urlsplit

import lxml.html
import tinycss2

STYLESHEET, IMAGE, FONT, ICON, OTHER = "stylesheet", "image", "font", "icon", "other"
ICON_RELS = {"icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon"}
PRELOAD_AS = {"style": STYLESHEET, "font": FONT, "image": IMAGE}
IMG_ATTRS = ("src", "data-src", "data-original", "data-lazy")
SRCSET_ATTRS = ("srcset", "data-srcset", "imagesrcset")
# data-lazy-* attributes holding a URL (data-lazy-sizes, data-lazy-loaded… do not)
LAZY_URL_ENDINGS = ("-src", "-original", "-poster", "-bg", "-background", "-url")
FONT_EXT = (".woff2", ".woff", ".ttf", ".otf", ".eot")
_WS = " \t\n\r\f"
_NO_HOST = ("", "/", "?", "#")  # what may follow "https://" in a URL with no host


@dataclass(frozen=True)
class Requisite:
    url: str
    kind: str  # "stylesheet" (parsed for more requisites) | "image" | "font" | "icon" | "other"


def fetchable(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def absolute(ref: str | None, base: str) -> str | None:
    """``ref`` resolved against ``base``, without its fragment; None unless http(s)."""
    if ref is None:
        return None
    ref = ref.strip(_WS)
    head = ref[:11].lower()
    if not ref or head.startswith(("data:", "javascript:", "blob:", "about:", "#")):
        return None
    host_at = 8 if head.startswith("https://") else 7 if head.startswith("http://") else 0
    if host_at and ref[host_at:host_at + 1] not in _NO_HOST:
        # A URL with its own scheme and host does not depend on the page, only on whether
        # the page's scheme is the same (urljoin rebuilds it then, else returns it as is),
        # and pages repeat the same few (stylesheets, logos): resolved once per run.
        scheme = _scheme(base)
        return None if scheme is None else _resolve_absolute(ref, scheme)
    return _resolve(ref, base)


def _resolve(ref: str, base: str) -> str | None:
    try:
        url = urldefrag(urljoin(base, ref))[0]
        return url if fetchable(url) else None
    except ValueError:  # a malformed URL (e.g. a bad port or IPv6 literal)
        return None


@lru_cache(maxsize=256)
def _scheme(base: str) -> str | None:
    try:
        return urlsplit(base).scheme
    except ValueError:  # urljoin would fail on this base too
        return None


@lru_cache(maxsize=8192)
def _resolve_absolute(ref: str, base_scheme: str) -> str | None:
    return _resolve(ref, f"{base_scheme}://host/" if base_scheme else "")


def parse_srcset(value: str | None) -> list[str]:
    """The URLs of a ``srcset`` (HTML's parsing algorithm, descriptors dropped): a
    candidate's URL runs to whitespace; a URL ending in commas ends its candidate."""
    urls: list[str] = []
    if not value:
        return urls
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i] in _WS or value[i] == ","):
            i += 1
        if i >= n:
            break
        start = i
        while i < n and value[i] not in _WS:
            i += 1
        url = value[start:i]
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # skip the descriptors, up to a comma outside parentheses
        while i < n:
            c = value[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth = max(0, depth - 1)
            elif c == "," and depth == 0:
                i += 1
                break
            i += 1
    return [u for u in urls if u]


class _Collector:
    def __init__(self):
        self.out: dict[str, Requisite] = {}

    def add(self, url: str | None, kind: str) -> None:
        if url and url not in self.out:
            self.out[url] = Requisite(url, kind)
        elif url and kind == STYLESHEET and self.out[url].kind != STYLESHEET:
            self.out[url] = Requisite(url, kind)  # a stylesheet is parsed, whatever else it is

    def items(self) -> list[Requisite]:
        return list(self.out.values())


def _kind_of(url: str, default: str) -> str:
    return FONT if urlsplit(url).path.lower().endswith(FONT_EXT) else default


# -- CSS ---------------------------------------------------------------------------------
def _walk_tokens(tokens, base: str, found: _Collector) -> None:
    for tok in tokens or ():
        kind = getattr(tok, "type", None)
        if kind == "url":
            url = absolute(tok.value, base)
            if url:
                found.add(url, _kind_of(url, IMAGE))
        elif kind == "function":
            name = tok.lower_name
            if name == "url":  # url("…"): a function with a string argument
                strings = [a.value for a in tok.arguments if a.type == "string"]
                url = absolute(strings[0], base) if strings else None
                if url:
                    found.add(url, _kind_of(url, IMAGE))
            elif name in ("image-set", "-webkit-image-set"):
                for a in tok.arguments:
                    if a.type == "string":
                        url = absolute(a.value, base)
                        if url:
                            found.add(url, IMAGE)
                _walk_tokens(tok.arguments, base, found)
            else:
                _walk_tokens(tok.arguments, base, found)
        elif kind in ("() block", "[] block", "{} block"):
            _walk_tokens(tok.content, base, found)


def _walk_rules(rules, base: str, found: _Collector) -> None:
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            for tok in rule.prelude:
                if tok.type in ("whitespace", "comment"):
                    continue
                ref = None
                if tok.type in ("url", "string"):
                    ref = tok.value
                elif tok.type == "function" and tok.lower_name == "url":
                    ref = next((a.value for a in tok.arguments if a.type == "string"), None)
                url = absolute(ref, base)
                if url:
                    found.add(url, STYLESHEET)
                break
        elif rule.type in ("qualified-rule", "at-rule"):
            _walk_tokens(rule.prelude, base, found)
            if rule.content is not None:
                # nested rules (@media, @supports…) and declarations alike: their
                # tokens are walked, so url() is found at any depth
                _walk_tokens(rule.content, base, found)


def stylesheet_requisites(css: str | bytes, url: str, encoding: str | None = None
                          ) -> list[Requisite]:
    """Requisites of a stylesheet at ``url``: ``@import`` and ``url()``, resolved
    against the stylesheet. Bytes are decoded as CSS says (BOM, ``@charset``,
    ``encoding``: the Content-Type charset, else UTF-8)."""
    if isinstance(css, bytes):
        rules, _ = tinycss2.parse_stylesheet_bytes(css, protocol_encoding=encoding,
                                                   skip_comments=True, skip_whitespace=True)
    else:
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    found = _Collector()
    _walk_rules(rules, url, found)
    return found.items()


def _style_attribute(style: str, base: str, found: _Collector) -> None:
    _walk_tokens(tinycss2.parse_component_value_list(style, skip_comments=True), base, found)


# -- HTML ----------------------------------------------------------------------------------
def _rels(el) -> set[str]:
    return set((el.get("rel") or "").lower().split())


def page_requisites(html: str | bytes, url: str) -> list[Requisite]:
    """Requisites of the HTML page at ``url``, in document order."""
    found = _Collector()
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    if not html.strip():
        return []
    try:
        doc = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    base = url
    for el in doc.iter("base"):
        href = el.get("href")
        if href and href.strip():
            try:
                base = urljoin(url, href.strip(_WS))
            except ValueError:
                pass
            break
    for el in doc.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag == "link":
            rels = _rels(el)
            href = absolute(el.get("href"), base)
            if "stylesheet" in rels and "alternate" not in rels:
                found.add(href, STYLESHEET)
            elif "preload" in rels:
                kind = PRELOAD_AS.get((el.get("as") or "").lower().strip())
                if kind:
                    found.add(href, kind)
                    if kind == IMAGE:
                        for ref in parse_srcset(el.get("imagesrcset")):
                            found.add(absolute(ref, base), IMAGE)
            elif rels & ICON_RELS:
                found.add(href, ICON)
        elif tag in ("img", "source", "input"):
            if tag == "input" and (el.get("type") or "").lower() != "image":
                continue
            if tag == "source" and (el.getparent() is None
                                    or el.getparent().tag != "picture"):
                continue  # <video>/<audio> sources are not fetched to render a page
            for name, value in el.attrib.items():
                name = name.lower()
                if name in SRCSET_ATTRS or (name.startswith("data-lazy") and name.endswith("srcset")):
                    for ref in parse_srcset(value):
                        found.add(absolute(ref, base), IMAGE)
                elif name in IMG_ATTRS or (name.startswith("data-lazy")
                                           and name.endswith(LAZY_URL_ENDINGS)):
                    found.add(absolute(value, base), IMAGE)
        elif tag == "video":
            found.add(absolute(el.get("poster"), base), IMAGE)
        elif tag == "style":
            _walk_rules(tinycss2.parse_stylesheet(el.text_content() or "", skip_comments=True,
                                                  skip_whitespace=True), base, found)
        style = el.get("style") if tag else None
        if style and "url" in style.lower():
            _style_attribute(style, base, found)
    return found.items()


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.I)


def charset_of(content_type: str | None) -> str | None:
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else None
