"""The topic filter as it was before issue 11 (keyword profile, both sides required), kept
only as the baseline of bench/bench_topic.py.

The profile is a YAML data file (default ``crawler/profiles/russia_syria.yaml``)
naming the sides of a topic, each with terms and spelling variants. Scoring
runs over title, lead, tags and body with per-field weights and per-term hit
caps; an article is relevant only when every side reaches its threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from crawler.article import Article
from crawler.extract.dateline import strip_dateline

DEFAULT_PROFILE = Path(__file__).parent / "russia_syria.yaml"
FIELDS = ("title", "lead", "tags", "body")
_DEFAULT_FIELDS = {"title": (3.0, 1), "lead": (2.0, 2), "tags": (2.0, 1), "body": (1.0, 3)}


@dataclass
class TopicResult:
    relevant: bool
    score: float  # the weakest side's score: how strongly the pair is covered
    sides: dict[str, float] = field(default_factory=dict)
    matched: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "relevant": self.relevant,
            "score": self.score,
            "sides": dict(self.sides),
            "matched": {k: list(v) for k, v in self.matched.items()},
        }


@dataclass(frozen=True)
class _Term:
    label: str
    weight: float


class _Side:
    def __init__(self, name: str, spec: Mapping[str, Any]):
        self.name = name
        self.min_score = float(spec.get("min_score", 3.0))
        self.variants: dict[tuple[str, bool], _Term] = {}
        for entry in spec.get("terms") or []:
            if isinstance(entry, str):
                entry = {"term": entry}
            label = str(entry["term"])
            term = _Term(label, float(entry.get("weight", 1.0)))
            cs = bool(entry.get("case_sensitive", False))
            for v in entry.get("variants") or [label]:
                v = " ".join(str(v).split())
                if v:
                    self.variants[(v if cs else v.casefold(), cs)] = term
        self._ci = self._compile([v for v, cs in self.variants if not cs], re.IGNORECASE)
        self._cs = self._compile([v for v, cs in self.variants if cs], 0)

    @staticmethod
    def _compile(variants: list[str], flags: int) -> re.Pattern | None:
        if not variants:
            return None
        alts = sorted(set(variants), key=len, reverse=True)
        body = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in alts)
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)

    def hits(self, text: str) -> dict[_Term, int]:
        """Term → number of non-overlapping hits, the longest variant winning."""
        spans: list[tuple[int, int, _Term]] = []
        for pattern, cs in ((self._ci, False), (self._cs, True)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                key = " ".join(m.group(0).split())
                term = self.variants.get((key if cs else key.casefold(), cs))
                if term is not None:
                    spans.append((m.start(), m.end(), term))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        counts: dict[_Term, int] = {}
        end = -1
        for start, stop, term in spans:
            if start < end:
                continue
            end = stop
            counts[term] = counts.get(term, 0) + 1
        return counts


class TopicFilter:
    def __init__(self, profile: Mapping[str, Any]):
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
        self.sides = {name: _Side(name, spec or {}) for name, spec in sides.items()}

    @classmethod
    def from_file(cls, path: str | Path) -> "TopicFilter":
        with open(path, encoding="utf-8") as fh:
            return cls(yaml.safe_load(fh) or {})

    @classmethod
    def default(cls) -> "TopicFilter":
        return cls.from_file(DEFAULT_PROFILE)

    def _texts(self, article: Article | Mapping[str, Any]) -> dict[str, list[str]]:
        get = article.get if isinstance(article, Mapping) else (lambda k, d=None: getattr(article, k, d))
        body = get("body", "") or ""
        if self.ignore_dateline:
            body = strip_dateline(body)
        return {
            "title": [get("title", "") or ""],
            "lead": [get("lead", "") or ""],
            "tags": [t for t in (get("tags", None) or []) if isinstance(t, str)],
            "body": [body],
        }

    def score(self, article: Article | Mapping[str, Any]) -> TopicResult:
        texts = self._texts(article)
        sides: dict[str, float] = {}
        matched: dict[str, list[str]] = {}
        for name, side in self.sides.items():
            total = 0.0
            contrib: dict[str, float] = {}
            for f, chunks in texts.items():
                weight, cap = self.fields[f]
                counts: dict[_Term, int] = {}
                for chunk in chunks:
                    for term, n in side.hits(chunk).items():
                        counts[term] = counts.get(term, 0) + n
                for term, n in counts.items():
                    pts = weight * term.weight * min(n, cap)
                    total += pts
                    contrib[term.label] = contrib.get(term.label, 0.0) + pts
            sides[name] = round(total, 4)
            matched[name] = sorted(contrib, key=lambda t: (-contrib[t], t))
        relevant = all(sides[n] >= s.min_score for n, s in self.sides.items())
        return TopicResult(relevant=relevant, score=min(sides.values()), sides=sides, matched=matched)
