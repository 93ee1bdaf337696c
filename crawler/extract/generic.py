"""The generic fallback: trafilatura, for an unknown site or a page whose
site selectors found no body.

Tables are kept (pages laid out with tables hold their article in a cell) and
turned into paragraphs, one per cell, not a pipe-drawn grid. trafilatura's
default (balanced) mode runs first: on real pages of other sites its
precision mode dropped article text (boxes, lists) without removing more
boilerplate (bench/bench_generic_extraction.py). When the first run keeps
almost nothing, or only a notice such as "reprinted with permission", the
recall mode runs and wins if it finds clearly more article text."""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Any

from crawler.article import Image
from crawler.extract.dates import parse_date
from crawler.extract.structured import split_keywords
from crawler.extract.text import clean, clean_or_none, join_paragraphs, split_paragraphs
from crawler.extract.urls import absolute

try:  # trafilatura is a hard dependency, but a broken install must not crash extraction
    import trafilatura
except Exception:  # pragma: no cover
    trafilatura = None

# Below this many words of article text a result is "almost nothing":
# a news article, even a brief, is longer; a notice, credit or caption is shorter.
RECALL_BELOW_WORDS = 50
# The recall result replaces it only when it holds at least this many times the words.
RECALL_GAIN = 2.0

# Paragraphs that are notices about the article, not the article.
_NOTICE = re.compile(
    r"\b(?:re-?printed|re-?published|republish|reproduced|syndicated|originally (?:published|appeared)"
    r"|(?:first )?appeared (?:first )?(?:on|in)|all rights reserved|copyright|\(c\)|©"
    r"|distributed by|used with permission|with (?:the )?permission)\b",
    re.I,
)
_BLOCKS = {"p", "head", "item", "quote", "code", "cell", "list", "table", "row", "div", "lb"}


def is_notice(paragraph: str) -> bool:
    """A short paragraph that speaks about the article (reprint, copyright)."""
    return len(paragraph.split()) <= 40 and bool(_NOTICE.search(paragraph))


def content_words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs if not is_notice(p))


def needs_recall(paragraphs: list[str]) -> bool:
    """Almost nothing, or nothing but notices: worth a run in recall mode."""
    return content_words(paragraphs) < RECALL_BELOW_WORDS


def recall_is_better(first: list[str], recall: list[str]) -> bool:
    """The recall result wins only with clearly more article text."""
    return content_words(recall) >= max(1, RECALL_GAIN * content_words(first))


def extract(html: str, url: str, default_tz: tzinfo | None, with_date: bool = True) -> dict[str, Any]:
    """Fields trafilatura finds. ``with_date=False`` for sites whose pages carry
    a misleading date (Yeni Şafak's render clock)."""
    if trafilatura is None or not html.strip():
        return {}
    doc = _run(html, url)
    paragraphs = _paragraphs(doc)
    if needs_recall(paragraphs):
        recall = _run(html, url, favor_recall=True)
        more = _paragraphs(recall)
        if recall_is_better(paragraphs, more):
            doc, paragraphs = recall, more
    if doc is None:
        return {}
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    f: dict[str, Any] = {
        "title": clean_or_none(get("title")),
        "lead": clean_or_none(get("description")),
        "body": join_paragraphs(paragraphs),
        "authors": [a for a in (clean_or_none(x) for x in (get("author") or "").split(";")) if a],
        "section": clean_or_none((get("categories") or [None])[0] if isinstance(get("categories"), list) else get("categories")),
        "tags": split_keywords(get("tags")),
        "language": clean_or_none(get("language")),
    }
    if with_date:
        f["published"] = parse_date(get("date"), default_tz)
    img = absolute(get("image"), url)
    if img:
        f["images"] = [Image(url=img)]
    return {k: v for k, v in f.items() if v}


def _run(html: str, url: str, **mode):
    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
            **mode,
        )
    except Exception:
        return None


def _paragraphs(doc) -> list[str]:
    """Paragraphs of the extracted body: one per text block, one per table cell."""
    if doc is None:
        return []
    body = doc.get("body") if isinstance(doc, dict) else getattr(doc, "body", None)
    if body is None or not len(body):
        text = doc.get("text") if isinstance(doc, dict) else getattr(doc, "text", None)
        return split_paragraphs(text)
    out: list[str] = []
    _walk(body, out)
    return [p for p in (clean(x) for x in out) if p]


def _walk(el, out: list[str]) -> None:
    """Text of each leaf block; a block's own loose text becomes a paragraph of its own."""
    pending: list[str] = [el.text or ""]
    for child in el:
        if child.tag in _BLOCKS and _has_block(child) or child.tag in ("p", "head", "item", "quote", "code", "cell"):
            out.append(" ".join(pending))
            pending = []
            if _has_block(child):
                _walk(child, out)
            else:
                out.append("".join(child.itertext()))
            pending.append(child.tail or "")
        elif child.tag == "lb":
            out.append(" ".join(pending))
            pending = [child.tail or ""]
        else:
            pending.append("".join(child.itertext()) + (child.tail or ""))
    out.append(" ".join(pending))


def _has_block(el) -> bool:
    return any(c.tag in _BLOCKS and c.tag != "lb" for c in el.iter() if c is not el)
