"""Whitespace and paragraph cleaning, shared by every extraction layer."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Lines that are page furniture, never article text.
_BOILERPLATE = [
    re.compile(r"^reklam y[üu]kleniyor\W*$", re.I),
    re.compile(r"^(advertisement|advert|ad)$", re.I),
    re.compile(r"^©"),
    re.compile(r"^(read also|also read|see also|related)\s*:?$", re.I),
    re.compile(r"^>>>"),
]


def clean(text: str | None) -> str:
    """One line of text: controls and zero-width characters removed, runs of space collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = text.replace("\n", " ")
    return _SPACE.sub(" ", text).strip()


def clean_or_none(text: str | None) -> str | None:
    return clean(text) or None


def is_boilerplate(paragraph: str) -> bool:
    return any(p.search(paragraph) for p in _BOILERPLATE)


def join_paragraphs(paragraphs) -> str:
    """Clean each paragraph, drop empty and boilerplate ones, join with blank lines."""
    out: list[str] = []
    for p in paragraphs:
        p = clean(p)
        if p and not is_boilerplate(p):
            out.append(p)
    return "\n\n".join(out)


def split_paragraphs(text: str | None) -> list[str]:
    """Split free text (e.g. trafilatura output) into cleaned paragraphs."""
    if not text:
        return []
    return [c for c in (clean(line) for line in re.split(r"\n+", text)) if c]


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def word_count(body: str) -> int:
    return len(body.split())


def dedupe(items) -> list:
    seen = set()
    out = []
    for item in items:
        key = item.casefold() if isinstance(item, str) else item
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out
