"""INTERIM matcher: ``compare(a, b) -> StoryMatch``.

This file stands in for the real matcher (written on another branch, with its
evaluation set) and is replaced by it at merge time. Only the interface is
binding: ``compare``, and :class:`StoryMatch` with ``same_story``, ``score``
and ``reasons``. The logic here is deliberately simple and honest:

- a different wire agency on both sides (AA vs Sputnik) vetoes a match;
- publication times more than :data:`WINDOW` apart veto a match;
- otherwise the score is the containment of word 3-shingles of lead + body
  (shared shingles over the smaller side), with quoted speech counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler.article import Article

WINDOW = timedelta(days=4)
THRESHOLD = 0.2
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_QUOTE = re.compile(r"[\"“”]([^\"“”]{20,})[\"“”]")


@dataclass(frozen=True)
class StoryMatch:
    same_story: bool
    score: float  # 0..1
    reasons: tuple[str, ...]


def _shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}


def _text(a: Article) -> str:
    return "\n".join(t for t in (a.lead, a.body) if t)


def _when(a: Article) -> datetime | None:
    try:
        return datetime.fromisoformat(a.published) if a.published else None
    except ValueError:
        return None


def _agency(a: Article) -> str | None:
    if a.agency:
        return a.agency.strip().lower()
    if a.dateline and a.dateline.agency:
        return a.dateline.agency.strip().lower()
    return None


def compare(a: Article, b: Article) -> StoryMatch:
    reasons: list[str] = []
    ag_a, ag_b = _agency(a), _agency(b)
    if ag_a and ag_b and ag_a != ag_b:
        return StoryMatch(False, 0.0, (f"agencies differ: {ag_a} vs {ag_b}",))
    if ag_a and ag_a == ag_b:
        reasons.append(f"same agency: {ag_a}")
    ta, tb = _when(a), _when(b)
    if ta and tb:
        gap = abs(ta - tb)
        if gap > WINDOW:
            return StoryMatch(False, 0.0, (f"published {gap} apart",))
        reasons.append(f"published {gap} apart")
    sa, sb = _shingles(_text(a)), _shingles(_text(b))
    qa = {q for m in _QUOTE.findall(_text(a)) for q in _shingles(m)}
    qb = {q for m in _QUOTE.findall(_text(b)) for q in _shingles(m)}
    smaller = min(len(sa) + len(qa), len(sb) + len(qb))
    if not smaller:
        return StoryMatch(False, 0.0, tuple(reasons + ["no text to compare"]))
    shared = len(sa & sb) + len(qa & qb)
    score = min(1.0, shared / smaller)
    reasons.append(f"shingle containment {score:.2f}")
    if qa & qb:
        reasons.append(f"{len(qa & qb)} shared quote shingles")
    return StoryMatch(score >= THRESHOLD, round(score, 4), tuple(reasons))
