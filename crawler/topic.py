"""Topic filter: does an article cover every side of a topic profile, and how surely?

The profile is a YAML data file (default ``crawler/profiles/russia_syria.yaml``)
naming the sides of a topic, each with terms and spelling variants, plus
*links* (institutions, formats, bases that tie the sides together by
themselves), *relations* (a sentence or paragraph naming both sides weighs
more than mentions far apart) and *venue cues* (a place named only as where
something happened weighs less). Every point of a score is traceable to a
matched term, the field it was found in, or a relation.

The decision is three-way: ``relevant`` when every side reaches its
``min_score``, ``borderline`` when every side is within ``borderline_band``
points of it (archived and flagged: an extra article is cheaper than a lost
one), ``irrelevant`` otherwise.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from crawler.article import Article
from crawler.extract.dateline import strip_dateline

DEFAULT_PROFILE = Path(__file__).parent / "profiles" / "russia_syria.yaml"
FIELDS = ("title", "lead", "tags", "body")
DECISIONS = ("relevant", "borderline", "irrelevant")
LINK = "link"  # the pseudo-side of terms that count for every side
_DEFAULT_FIELDS = {"title": (3.0, 1), "lead": (2.0, 2), "tags": (2.0, 1), "body": (1.0, 3)}
_PARAGRAPHS = re.compile(r"\n\s*\n")
# a sentence ends at . ! ? (maybe a closing quote) before a capital, digit or opening quote
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")


@dataclass(frozen=True)
class Term:
    label: str
    side: str  # a side name, or "link"
    weight: float
    kind: str  # country, place, person, institution, military, format, ...


@dataclass(frozen=True)
class Relation:
    """A sentence (or a paragraph) naming both sides: points for every side."""

    level: str  # "sentence" | "paragraph"
    field: str
    points: float
    terms: tuple[str, ...]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "field": self.field, "points": self.points,
                "terms": list(self.terms), "text": self.text}


@dataclass
class TopicResult:
    decision: str  # relevant | borderline | irrelevant
    score: float  # the weakest side's total: how strongly the pair is covered
    sides: dict[str, float] = field(default_factory=dict)  # term points per side (links included)
    relation: float = 0.0  # relation points, added to every side
    matched: dict[str, list[str]] = field(default_factory=dict)  # side → labels, strongest first
    fields: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # side → field → label → points
    relations: list[Relation] = field(default_factory=list)
    venues: list[str] = field(default_factory=list)  # "Damascus (body)": places discounted as venues
    thresholds: dict[str, float] = field(default_factory=dict)  # side → min score, and "band"

    @property
    def relevant(self) -> bool:
        return self.decision == "relevant"

    @property
    def archive(self) -> bool:
        """Relevant and borderline articles are archived."""
        return self.decision != "irrelevant"

    @property
    def totals(self) -> dict[str, float]:
        return {s: round(v + self.relation, 4) for s, v in self.sides.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "relevant": self.relevant,
            "score": self.score,
            "sides": dict(self.sides),
            "relation": self.relation,
            "matched": {k: list(v) for k, v in self.matched.items()},
            "fields": {s: {f: dict(t) for f, t in fs.items()} for s, fs in self.fields.items()},
            "relations": [r.to_dict() for r in self.relations],
            "venues": list(self.venues),
            "thresholds": dict(self.thresholds),
        }


class _Matcher:
    """All variants of all terms in two alternations (case-insensitive and
    case-sensitive); where matches overlap the longest one wins."""

    def __init__(self) -> None:
        self.variants: dict[tuple[str, bool], Term] = {}

    def add(self, entry: Any, side: str, kind: str = "name") -> None:
        if isinstance(entry, str):
            entry = {"term": entry}
        label = str(entry["term"])
        term = Term(label, side, float(entry.get("weight", 1.0)), str(entry.get("kind", kind)))
        cs = bool(entry.get("case_sensitive", False))
        for v in entry.get("variants") or [label]:
            v = " ".join(str(v).split())
            if v:
                self.variants[(v if cs else v.casefold(), cs)] = term

    def compile(self) -> None:
        self._ci = _alternation([v for v, cs in self.variants if not cs], re.IGNORECASE)
        self._cs = _alternation([v for v, cs in self.variants if cs], 0)

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        spans: list[tuple[int, int, Term]] = []
        for pattern, cs in ((self._ci, False), (self._cs, True)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                key = " ".join(m.group(0).split())
                term = self.variants.get((key if cs else key.casefold(), cs))
                if term is not None:
                    spans.append((m.start(), m.end(), term))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out, end = [], -1
        for start, stop, term in spans:
            if start >= end:
                out.append((start, stop, term))
                end = stop
        return out


def _alternation(variants: list[str], flags: int) -> re.Pattern | None:
    """One pattern for all variants, on word boundaries, a space matching any run of
    white space. The variants are folded into a prefix tree (``Hmeimim|Hmeymim`` →
    ``Hme(?:imim|ymim)``), so the engine tries one branch per character instead of
    every variant at every position; a longer variant is tried before its prefix."""
    if not variants:
        return None
    trie: dict = {}
    for v in set(variants):
        node = trie
        for ch in v:
            node = node.setdefault(ch, {})
        node[""] = {}  # a variant ends here
    return re.compile(rf"(?<![\w])(?:{_trie_regex(trie)})(?![\w])", flags)


def _trie_regex(node: dict) -> str:
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass
class _Hit:
    term: Term
    field: str
    sentence: int
    venue: bool


def _load_profile(path: str) -> dict:
    """The YAML profile (LibYAML's parser when present: the pure-Python one takes most
    of a second for the default profile, once per spider); a fresh copy each time."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


class TopicFilter:
    def __init__(self, profile: Mapping[str, Any], *, min_score: float | None = None,
                 borderline_band: float | None = None):
        self.name = str(profile.get("name", "topic"))
        fields_spec = profile.get("fields") or {}
        self.fields: dict[str, tuple[float, int]] = {}
        for f in FIELDS:
            spec = fields_spec.get(f)
            if spec is None:
                self.fields[f] = _DEFAULT_FIELDS[f]
            elif isinstance(spec, Mapping):
                self.fields[f] = (float(spec.get("weight", 1.0)), int(spec.get("cap", 1_000_000)))
            else:
                self.fields[f] = (float(spec), 1_000_000)
        self.ignore_dateline = bool(profile.get("ignore_dateline", True))
        sides = profile.get("sides") or {}
        if not sides:
            raise ValueError("a topic profile needs at least one side")
        if LINK in sides:
            raise ValueError(f"{LINK!r} is reserved for the links section")
        self.min_scores = {name: float(min_score if min_score is not None
                                       else (spec or {}).get("min_score", 3.0))
                           for name, spec in sides.items()}
        decision = profile.get("decision") or {}
        self.band = float(borderline_band if borderline_band is not None
                          else decision.get("borderline_band", 0.0))
        if self.band < 0:
            raise ValueError("borderline_band must be >= 0")

        self._matcher = _Matcher()
        for name, spec in sides.items():
            for entry in (spec or {}).get("terms") or []:
                self._matcher.add(entry, name)
        for entry in (profile.get("links") or {}).get("terms") or []:
            self._matcher.add(entry, LINK, "link")
        self._matcher.compile()

        rel = profile.get("relations") or {}
        sent, para = rel.get("sentence") or {}, rel.get("paragraph") or {}
        self.rel_sentence = (float(sent.get("weight", 0.0)), int(sent.get("cap", 0)))
        self.rel_paragraph = (float(para.get("weight", 0.0)), int(para.get("cap", 0)))

        venue = profile.get("venue") or {}
        self.venue_factor = float(venue.get("factor", 1.0))
        self.venue_side = venue.get("side")
        self.venue_kinds = set(venue.get("kinds") or [])
        self._venue_cues = _alternation([" ".join(str(c).split()) for c in venue.get("cues") or []],
                                        re.IGNORECASE)

    @classmethod
    def from_file(cls, path: str | Path, **thresholds: Any) -> "TopicFilter":
        return cls(_load_profile(str(path)), **thresholds)

    @classmethod
    def default(cls, **thresholds: Any) -> "TopicFilter":
        return cls.from_file(DEFAULT_PROFILE, **thresholds)

    @classmethod
    def from_settings(cls, topic_settings: Any) -> "TopicFilter":
        """From :class:`newsarchive.config.TopicSettings` (profile, min_score, borderline_band)."""
        thresholds = {"min_score": topic_settings.min_score,
                      "borderline_band": topic_settings.borderline_band}
        if topic_settings.profile:
            return cls.from_file(topic_settings.profile, **thresholds)
        return cls.default(**thresholds)

    @property
    def side_names(self) -> list[str]:
        return list(self.min_scores)

    # -- text ---------------------------------------------------------------------
    def _texts(self, article: Article | Mapping[str, Any]) -> dict[str, list[str]]:
        """Field → paragraphs (tags: one entry per tag)."""
        get = article.get if isinstance(article, Mapping) else (lambda k, d=None: getattr(article, k, d))
        body = get("body", "") or ""
        if self.ignore_dateline:
            body = strip_dateline(body)
        return {
            "title": [get("title", "") or ""],
            "lead": [get("lead", "") or ""],
            "tags": [t for t in (get("tags", None) or []) if isinstance(t, str)],
            "body": [p for p in _PARAGRAPHS.split(body) if p.strip()],
        }

    def _paragraph_hits(self, field_name: str, text: str) -> tuple[list[_Hit], list[str]]:
        starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        sentences = [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)])]
        cue_sentences = set()
        if self._venue_cues is not None:
            cue_sentences = {bisect.bisect_right(starts, m.start()) - 1
                             for m in self._venue_cues.finditer(text)}
        hits = []
        for start, _, term in self._matcher.find(text):
            i = bisect.bisect_right(starts, start) - 1
            venue = (i in cue_sentences and term.side == self.venue_side
                     and term.kind in self.venue_kinds)
            hits.append(_Hit(term, field_name, i, venue))
        return hits, sentences

    # -- scoring ------------------------------------------------------------------
    def score(self, article: Article | Mapping[str, Any]) -> TopicResult:
        names = self.side_names
        values: dict[tuple[str, Term], list[float]] = {}  # (field, term) → value of each hit
        relations: list[Relation] = []
        venues: list[str] = []
        for f, paragraphs in self._texts(article).items():
            for text in paragraphs:
                hits, sentences = self._paragraph_hits(f, text)
                for h in hits:
                    values.setdefault((f, h.term), []).append(self.venue_factor if h.venue else 1.0)
                    if h.venue:
                        venues.append(f"{h.term.label} ({f})")
                if f != "tags":
                    relations.extend(self._relations(f, hits, sentences))

        fields_out: dict[str, dict[str, dict[str, float]]] = {n: {} for n in names}
        sides = {n: 0.0 for n in names}
        contrib: dict[str, dict[str, float]] = {n: {} for n in names}
        for (f, term), vals in values.items():
            weight, cap = self.fields[f]
            pts = weight * term.weight * sum(sorted(vals, reverse=True)[:cap])
            targets = names if term.side == LINK else [term.side]
            label = f"{term.label} (link)" if term.side == LINK else term.label
            for n in targets:
                if n not in sides:
                    continue
                sides[n] += pts
                by_field = fields_out[n].setdefault(f, {})
                by_field[label] = round(by_field.get(label, 0.0) + pts, 4)
                contrib[n][term.label] = contrib[n].get(term.label, 0.0) + pts

        kept = self._cap_relations(relations)
        relation = round(sum(r.points for r in kept), 4)
        sides = {n: round(v, 4) for n, v in sides.items()}
        totals = {n: sides[n] + relation for n in names}
        if all(totals[n] >= self.min_scores[n] for n in names):
            decision = "relevant"
        elif self.band > 0 and all(0 < totals[n] and totals[n] >= self.min_scores[n] - self.band
                                   for n in names):
            decision = "borderline"
        else:
            decision = "irrelevant"
        return TopicResult(
            decision=decision,
            score=round(min(totals.values()), 4),
            sides=sides,
            relation=relation,
            matched={n: sorted(c, key=lambda t: (-c[t], t)) for n, c in contrib.items()},
            fields=fields_out,
            relations=kept,
            venues=venues,
            thresholds={**self.min_scores, "band": self.band},
        )

    def _covers(self, hits: list[_Hit]) -> bool:
        """Do these hits name every side (two hits at least, venues left out)?"""
        hits = [h for h in hits if not h.venue]
        if len(hits) < 2:
            return False
        present = {h.term.side for h in hits}
        return LINK in present or all(n in present for n in self.side_names)

    def _relations(self, f: str, hits: list[_Hit], sentences: list[str]) -> list[Relation]:
        weight = self.fields[f][0]
        out = []
        by_sentence: dict[int, list[_Hit]] = {}
        for h in hits:
            by_sentence.setdefault(h.sentence, []).append(h)
        for i, group in sorted(by_sentence.items()):
            if self._covers(group) and self.rel_sentence[0] > 0:
                out.append(Relation("sentence", f, self.rel_sentence[0] * weight,
                                    tuple(dict.fromkeys(h.term.label for h in group if not h.venue)),
                                    _short(sentences[i])))
        if not out and self._covers(hits) and self.rel_paragraph[0] > 0:
            out.append(Relation("paragraph", f, self.rel_paragraph[0] * weight,
                                tuple(dict.fromkeys(h.term.label for h in hits if not h.venue)),
                                _short(" ".join(sentences))))
        return out

    def _cap_relations(self, relations: list[Relation]) -> list[Relation]:
        kept = []
        for level, (_, cap) in (("sentence", self.rel_sentence), ("paragraph", self.rel_paragraph)):
            mine = sorted((r for r in relations if r.level == level), key=lambda r: -r.points)
            kept.extend(mine[:cap])
        return kept


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
