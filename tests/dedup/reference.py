"""The straightforward evaluation of ``compare`` that the fast path must agree with.

Features are computed fresh for every article (the production cache bypassed), every text
measure is computed exactly (the in-order ratio always, with a new ``SequenceMatcher``), and the
verdict comes from the matcher's rule (``compare._judge``) with nothing skipped.  A shortcut in
``archive.dedup.compare`` or ``archive.dedup.features`` that changes a decision disagrees with it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from archive.dedup.compare import StoryMatch, _judge
from archive.dedup.features import Features, _features
from crawler.article import Article


def fresh_features(article: Article) -> Features:
    dl = article.dateline
    return _features.__wrapped__(
        article.title or "", article.lead or "", article.body or "", article.agency,
        dl.place if dl else None, dl.agency if dl else None, article.published, article.source or "",
    )


def seq_ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a or not b:
        return 0.0
    m = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in m.get_matching_blocks()) / min(len(a), len(b))


def containment(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a) if a else 0.0


def overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def compare_features(fa: Features, fb: Features) -> StoryMatch:
    head = max(containment(fa.head_shingles, fb.full_shingles),
               containment(fb.head_shingles, fa.full_shingles))
    return _judge(fa, fb, head, overlap(fa.full_shingles, fb.full_shingles),
                  seq_ratio(fa.head_seq, fb.head_seq))


def reference_compare(a: Article, b: Article) -> StoryMatch:
    return compare_features(fresh_features(a), fresh_features(b))
