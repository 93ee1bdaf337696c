"""Story clusters: stable ids, which member is the original, member records.

A story's id is derived from the article that founded it, so it never changes,
whichever member later becomes canonical. The canonical member is the
*original*: an article of the agency itself (``source == "aa"``) before any
outlet's copy; among equals, the earliest capture (the first archived). A
late-arriving original therefore takes over as canonical: a catalog change
only, no stored WARC is rewritten.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from crawler.article import Article

ORIGINAL_SOURCES = frozenset({"aa"})  # the wire agencies whose own pages are originals


def story_id_for(source: str, article_key: str) -> str:
    return "story-" + hashlib.sha1(f"{source}\x1f{article_key}".encode()).hexdigest()[:16]


def rank(source: str, captured: str) -> tuple[int, str]:
    """Smaller is more original: the agency's own page first, then the earliest capture."""
    return (0 if source.lower() in ORIGINAL_SOURCES else 1, captured)


def outranks(article: Article, captured: datetime, canonical: dict[str, Any]) -> bool:
    return rank(article.source, captured.isoformat()) < rank(canonical["source"],
                                                              canonical["captured"])


def member(article: Article, story_id: str, captured: datetime, stored_as: str, *,
           score: float | None = None, reasons: tuple[str, ...] = (),
           matched: tuple[str, str] | None = None) -> dict[str, Any]:
    return {"source": article.source, "article_key": article.key, "story_id": story_id,
            "url": article.url, "published": article.published,
            "captured": captured.isoformat(), "score": score, "reasons": list(reasons),
            "matched_source": matched[0] if matched else None,
            "matched_key": matched[1] if matched else None, "stored_as": stored_as}


def memberships(catalog) -> dict[tuple[str, str], dict[str, Any]]:
    """(source, article_key) → what export says of its duplicates: story id, role,
    how its page was stored (full | revisit | reference)."""
    out = {}
    for story in catalog.stories():
        canon = story["canonical"] or {}
        for m in story["members"]:
            is_canon = (m["source"], m["article_key"]) == (canon.get("source"),
                                                             canon.get("article_key"))
            out[(m["source"], m["article_key"])] = {
                "story_id": story["story_id"], "story_role": "canonical" if is_canon else "copy",
                "stored_as": m["stored_as"], "story_size": len(story["members"])}
    return out


def story_json(story: dict[str, Any]) -> dict[str, Any]:
    """The JSON form `newsarchive stories --json` prints, one object per story."""
    def mem(m: dict[str, Any] | None) -> dict[str, Any] | None:
        if m is None:
            return None
        return {"outlet": m["source"], "article_key": m["article_key"], "url": m["url"],
                "published": m["published"], "captured": m["captured"], "score": m["score"],
                "reasons": m["reasons"], "stored_as": m["stored_as"],
                "matched": [m["matched_source"], m["matched_key"]] if m["matched_key"] else None}
    return {"story_id": story["story_id"], "canonical": mem(story["canonical"]),
            "members": [mem(m) for m in story["members"]]}
