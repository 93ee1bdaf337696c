"""A varied stream of articles with the candidate sets the story desk would compare them with.

The articles: both sides of every labelled pair (tests/dedup/pairs.py), the fixture sites'
articles and wire copies (tests/sitesim) as extraction gives them, and generated articles like
the pipeline benchmark's (one template per category, so they look alike).  They are fed in
publication order through the real candidate index, the way :class:`StoryDesk` meets them:
each article is looked up (time window and candidate limit of the desk), then added.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from archive.dedup import SqliteCandidateIndex
from crawler.article import Article
from tests.sitesim import articles_for, expected_article, new_article, wire_copies

BASE = "http://127.0.0.1:1"
WINDOW_S = 7 * 86400.0  # StoryDesk's defaults
MAX_COMPARE = 20


def fixture_articles(generated: int = 40) -> list[Article]:
    """``generated`` new articles per fixture site, as bench/bench_pipeline.py publishes them
    (relevant and unrelated in turn), and a few of the other categories."""
    from tests.dedup.pairs import PAIRS

    records = articles_for("yenisafak") + articles_for("sputnik") + wire_copies()
    for site in ("yenisafak", "sputnik"):
        for i in range(generated):
            records.append(new_article(site, category="russia-syria" if i % 2 else "unrelated",
                                       title=f"Bench story {i} on Russia and Syria"
                                       if i % 2 else f"Bench story {i} on the lira"))
        records += [new_article(site, category=c) for c in ("syria-only", "russia-only") * 3]
    articles = [Article.from_dict(expected_article(r, BASE)) for r in records]
    articles += [x for p in PAIRS for x in (p.a, p.b)]
    unique: dict[tuple[str, str], Article] = {}
    for a in articles:
        unique.setdefault((a.source, a.key), a)
    return sorted(unique.values(), key=lambda a: a.published or "")


def candidate_sets(articles: list[Article], tmp: Path) -> list[tuple[Article, list[Article]]]:
    """Each article with the archived articles the desk's index offers for it."""
    index = SqliteCandidateIndex(tmp / "corpus-index.sqlite")
    by_key = {(a.source, a.key): a for a in articles}
    out = []
    try:
        for a in articles:
            when = _when(a)
            found = index.candidates(a, when, window_s=WINDOW_S, limit=MAX_COMPARE)
            out.append((a, [by_key[(c.source, c.article_key)] for c in found
                            if (c.source, c.article_key) != (a.source, a.key)]))
            index.add(a.source, a.key, a, when)
    finally:
        index.close()
    return out


def _when(a: Article) -> datetime:
    if a.published:
        try:
            dt = datetime.fromisoformat(a.published)
            return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    return datetime(2026, 11, 20, tzinfo=timezone.utc)
