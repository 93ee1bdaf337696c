"""What the matcher reads from one article, computed once per article text and cached.

The *head* of an article is what carries its news: the headline, the lead and the first paragraphs
of the body (two paragraphs, or more while they are shorter than 40 words).  Background paragraphs further
down weigh little: two stories about different events often share them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property, lru_cache

from crawler.article import Article

from . import text as t

HEAD_BODY_WORDS = 40
SHINGLE = 3


@dataclass(frozen=True)
class Features:
    head_shingles: frozenset[int]
    full_shingles: frozenset[int]
    head_seq: tuple[str, ...]  # canonical content words of the head, in order
    head_bag: frozenset[tuple[str, int]]  # head_seq as a multiset: (word, its n-th time)
    quotes: tuple[tuple[str, ...], ...]
    full_text: str  # title, lead and paragraphs (folded, dateline stripped), one a line
    head_names: frozenset[str]
    head_numbers: dict[str, frozenset[str]]
    head_weekdays: frozenset[str]
    agencies: frozenset[str]  # agency families credited (empty: unknown)
    dateline: str | None
    published: datetime | None

    @cached_property
    def full_stems(self) -> str:
        """The whole text as a space-joined stem sequence, for quote look-up (made when
        first asked: only pairs that get as far as the evidence need it)."""
        return " " + " ".join(map(t.stem, t.words(self.full_text))) + " "


def _is_heading(par: str) -> bool:
    """Sub-headings and live-blog time stamps: short lines without a closing full stop."""
    s = par.strip()
    return len(s.split()) <= 12 and not s.endswith((".", "\"", "'", ":")) or len(s) <= 6


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _sentence_words(block: str) -> list[list[str]]:
    """The words of each sentence of a block."""
    return [ws for ws in map(t.words, t.sentences(block)) if ws]


def _tokens_and_starts(blocks: list[list[list[str]]]) -> tuple[list[str], set[int]]:
    """Words of the blocks in order, and the indices of the words that open a sentence or a block."""
    toks: list[str] = []
    starts: set[int] = set()
    for block in blocks:
        for ws in block:
            starts.add(len(toks))
            toks.extend(ws)
    return toks, starts


def bag(items: list[str]) -> frozenset[tuple[str, int]]:
    """The multiset of ``items`` as a set: the size of the intersection of two bags is
    the size of the two multisets' intersection, counted by set operations."""
    return frozenset((item, n) for item, count in Counter(items).items() for n in range(count))


def features(article: Article) -> Features:
    dl = article.dateline
    return _features(
        article.title or "", article.lead or "", article.body or "", article.agency,
        dl.place if dl else None, dl.agency if dl else None, article.published, article.source or "",
    )


@lru_cache(maxsize=8192)
def _features(title: str, lead: str, body: str, agency: str | None, dl_place: str | None,
              dl_agency: str | None, published: str | None, source: str) -> Features:
    title, lead, body = t.fold(title), t.fold(lead), t.fold(body)
    pars = [p.strip() for p in body.split("\n\n") if p.strip()]
    text_place, text_agency = t.dateline(pars[0]) if pars else (None, None)
    if pars:
        pars[0] = t.strip_dateline(pars[0])
    body_pars = [p for p in pars if not _is_heading(p)]

    head_pars: list[str] = []
    count = 0
    for p in body_pars:
        if len(head_pars) >= 2 and count >= HEAD_BODY_WORDS:
            break
        head_pars.append(p)
        count += len(p.split())
    lead_same_as_first = bool(lead) and bool(body_pars) and body_pars[0].startswith(lead[:60])
    head_blocks = [title] + ([] if lead_same_as_first else [lead]) + head_pars
    full_blocks = [title, lead] + pars

    # the head's blocks are among the full text's: each block is read once
    head_blocks, full_blocks = [b for b in head_blocks if b], [b for b in full_blocks if b]
    words = {b: _sentence_words(b) for b in full_blocks}
    content = {b: t.content([w for ws in sents for w in ws]) for b, sents in words.items()}
    head_toks, head_starts = _tokens_and_starts([words[b] for b in head_blocks])
    head_content = [c for b in head_blocks for c in content[b]]
    full_content = [c for b in full_blocks for c in content[b]]
    all_text = "\n".join(full_blocks)

    families = t.agency_families(agency) or t.agency_families(dl_agency) or t.agency_families(text_agency)
    if not families and t.source_agency(source):
        families = frozenset((t.source_agency(source),))
    place = (dl_place or text_place or "").strip().upper() or None
    return Features(
        head_shingles=t.shingles(head_content, SHINGLE),
        full_shingles=t.shingles(full_content, SHINGLE),
        head_seq=tuple(head_content),
        head_bag=bag(head_content),
        quotes=tuple(t.quotes(all_text)),
        full_text=all_text,
        head_names=t.names(head_toks, head_starts),
        head_numbers=t.numbers(head_toks),
        head_weekdays=t.weekdays(head_toks),
        agencies=families,
        dateline=place,
        published=_parse_time(published),
    )
