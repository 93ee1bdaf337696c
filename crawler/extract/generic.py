"""The generic fallback: trafilatura, for an unknown site or a page whose
site selectors found no body."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from crawler.article import Image
from crawler.extract.dates import parse_date
from crawler.extract.structured import split_keywords
from crawler.extract.text import clean_or_none, join_paragraphs, split_paragraphs
from crawler.extract.urls import absolute

try:  # trafilatura is a hard dependency, but a broken install must not crash extraction
    import trafilatura
except Exception:  # pragma: no cover
    trafilatura = None


def extract(html: str, url: str, default_tz: tzinfo | None, with_date: bool = True) -> dict[str, Any]:
    """Fields trafilatura finds. ``with_date=False`` for sites whose pages carry
    a misleading date (Yeni Şafak's render clock)."""
    if trafilatura is None or not html.strip():
        return {}
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:
        return {}
    if doc is None:
        return {}
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    f: dict[str, Any] = {
        "title": clean_or_none(get("title")),
        "lead": clean_or_none(get("description")),
        "body": join_paragraphs(split_paragraphs(get("text"))),
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
