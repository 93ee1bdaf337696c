"""The policy for a copy: find the story an article belongs to, say how to store it,
and record it in its cluster.

:class:`StoryDesk` asks the candidate index for possible copies within the time
window, loads each from the catalog and asks the matcher (:func:`compare`)
whether it is the same story. The best match decides the story the article
joins. With policy ``reference`` a copy that does not outrank the story's
canonical member is stored as a story reference to the canonical capture
(metadata and a unified diff of the text kept); with ``full`` it is archived
in full and only linked. After the capture is written, :meth:`StoryDesk.record`
adds the member (and starts or re-points the story) and indexes the article.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from crawler.article import Article

from . import clusters
from .compare import StoryMatch, compare
from .signatures import paragraphs
from .index import CandidateIndex

log = structlog.get_logger("archive.dedup")


@dataclass(frozen=True)
class Verdict:
    story_id: str  # the story the article joins (or founds)
    founds: bool  # True: no archived copy matched; the article starts a story
    match: StoryMatch | None = None
    matched: tuple[str, str] | None = None  # (source, article_key) of the member matched
    canonical: dict[str, Any] | None = None  # the story's canonical member (a catalog row)
    becomes_canonical: bool = False  # a late-arriving original
    reference: Any | None = None  # CaptureRef of the canonical capture: store a reference
    diff: str | None = None  # canonical text → this text, unified

    def story_document(self) -> dict[str, Any]:
        """What the capture's metadata record says of the story."""
        doc: dict[str, Any] = {"story_id": self.story_id, "founds": self.founds}
        if self.match is not None:
            doc["match"] = {"member": list(self.matched or ()), "score": self.match.score,
                            "reasons": list(self.match.reasons)}
        if self.canonical is not None:
            doc["canonical"] = {k: self.canonical.get(k)
                                for k in ("source", "article_key", "url", "published")}
        if self.reference is not None:
            doc["refers_to"] = {"uri": self.reference.uri, "date": self.reference.date,
                                "record_id": self.reference.record_id}
            doc["diff"] = self.diff
        return doc


def text_lines(article: Article) -> list[str]:
    return [line for line in [article.title or "", article.lead or ""]
            + paragraphs(article.body) if line]


def text_diff(canonical: Article, copy: Article) -> str:
    return "\n".join(difflib.unified_diff(text_lines(canonical), text_lines(copy),
                                          fromfile=canonical.url, tofile=copy.url,
                                          lineterm="", n=1))


class StoryDesk:
    def __init__(self, catalog, index: CandidateIndex, *, policy: str = "reference",
                 window_s: float = 7 * 86400.0, max_compare: int = 20):
        if policy not in ("reference", "full"):
            raise ValueError(f"unknown dedup policy {policy!r}")
        self.catalog, self.index, self.policy = catalog, index, policy
        self.window_s, self.max_compare = window_s, max_compare
        self._articles: OrderedDict[tuple[str, str], Article] = OrderedDict()

    CACHE = 2048  # candidate articles kept between judgements (one run compares the same
    #               recent articles again and again)

    def _candidate(self, source: str, key: str) -> Article | None:
        """A candidate's article from the catalog, remembered for the next judgement."""
        found = self._articles.get((source, key))
        if found is not None:
            self._articles.move_to_end((source, key))
            return found
        row = self.catalog.article(source, key)
        if row is None:
            return None
        found = self._articles[(source, key)] = Article.from_dict(row["data"])
        if len(self._articles) > self.CACHE:
            self._articles.popitem(last=False)
        return found

    def judge(self, article: Article, captured: datetime) -> Verdict:
        own = self.catalog.story_member(article.source, article.key)
        if own is not None:  # archived before (a retried page): it stays where it is
            return Verdict(own["story_id"], founds=False)
        best: tuple[StoryMatch, tuple[str, str], Article] | None = None
        for cand in self.index.candidates(article, captured, window_s=self.window_s,
                                          limit=self.max_compare):
            if (cand.source, cand.article_key) == (article.source, article.key):
                continue
            other = self._candidate(cand.source, cand.article_key)
            if other is None:
                continue
            m = compare(other, article, only_match=True)  # only matches are kept
            if m.same_story and (best is None or m.score > best[0].score):
                best = (m, (cand.source, cand.article_key), other)
        if best is None:
            return Verdict(clusters.story_id_for(article.source, article.key), founds=True)
        match, matched, other = best
        story_id, canonical = self._story_of(matched, other)
        takes_over = clusters.outranks(article, captured, canonical)
        reference = diff = None
        if self.policy == "reference" and not takes_over:
            reference = self.catalog.article_capture(canonical["source"],
                                                     canonical["article_key"])
            if reference is not None:
                crow = self.catalog.article(canonical["source"], canonical["article_key"])
                canon_article = Article.from_dict(crow["data"]) if crow else other
                diff = text_diff(canon_article, article)
        return Verdict(story_id, founds=False, match=match, matched=matched,
                       canonical=canonical, becomes_canonical=takes_over,
                       reference=reference, diff=diff)

    def _story_of(self, matched: tuple[str, str], other: Article) -> tuple[str, dict]:
        """The story of the matched member; one is founded for it if it has none
        (an article archived before story clusters existed)."""
        mem = self.catalog.story_member(*matched)
        if mem is None:
            row = self.catalog.article(*matched) or {}
            when = row.get("recorded") or datetime.now().astimezone().isoformat()
            sid = clusters.story_id_for(*matched)
            self.catalog.create_story(sid, *matched)
            self.catalog.add_story_member(clusters.member(
                other, sid, datetime.fromisoformat(when), "full"))
            mem = self.catalog.story_member(*matched)
        story = self.catalog.story(mem["story_id"])
        return mem["story_id"], story["canonical"] or mem

    def record(self, article: Article, verdict: Verdict, captured: datetime,
               stored_as: str) -> None:
        """The capture is written: add the member, re-point the story, index the article."""
        if verdict.founds:
            self.catalog.create_story(verdict.story_id, article.source, article.key)
        if self.catalog.story_member(article.source, article.key) is None:
            self.catalog.add_story_member(clusters.member(
                article, verdict.story_id, captured, stored_as,
                score=verdict.match.score if verdict.match else None,
                reasons=verdict.match.reasons if verdict.match else (),
                matched=verdict.matched))
            if verdict.becomes_canonical:
                self.catalog.set_story_canonical(verdict.story_id, article.source, article.key)
                log.info("story has a new canonical member", story_id=verdict.story_id,
                         source=article.source, url=article.url)
        self.index.add(article.source, article.key, article, captured)
