"""The topic filter's evaluation set: load the articles, score them, count.

    python -m tests.topic_eval            # development part
    python -m tests.topic_eval --holdout  # the held-out part (run at the end only)
    python -m tests.topic_eval --all -v   # everything, with each miss explained
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
DEV = ("dev_relevant.yaml", "dev_irrelevant.yaml")
HOLDOUT = ("holdout.yaml",)
LABELS = ("relevant", "irrelevant")


@dataclass
class EvalArticle:
    id: str
    site: str
    kind: str
    label: str
    title: str
    lead: str
    body: list[str]
    tags: list[str] = field(default_factory=list)

    @property
    def positive(self) -> bool:
        return self.label == "relevant"

    def as_article(self) -> dict:
        """The shape of ``Article.to_dict()`` that the filter reads."""
        return {"title": self.title, "lead": self.lead, "body": "\n\n".join(self.body),
                "tags": [t.lower() for t in self.tags]}


def load(files=DEV) -> list[EvalArticle]:
    out = []
    for name in files:
        for entry in yaml.safe_load((HERE / name).read_text(encoding="utf-8")):
            a = EvalArticle(**entry)
            if a.label not in LABELS:
                raise ValueError(f"{a.id}: label {a.label!r}")
            out.append(a)
    return out


@dataclass
class Scores:
    n: int
    tp: int
    fp: int
    fn: int
    tn: int
    borderline: int  # articles decided borderline (archived, flagged)
    misses: list[tuple[EvalArticle, object]]  # (article, TopicResult) wrongly decided

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def borderline_share(self) -> float:
        return self.borderline / self.n if self.n else 0.0

    def line(self) -> str:
        return (f"n={self.n} precision={self.precision:.3f} recall={self.recall:.3f} "
                f"borderline={self.borderline} ({self.borderline_share:.1%}) "
                f"tp={self.tp} fp={self.fp} fn={self.fn} tn={self.tn}")


def evaluate(topic, articles: list[EvalArticle]) -> Scores:
    """Borderline counts as archived, i.e. positive, for precision and recall."""
    tp = fp = fn = tn = borderline = 0
    misses = []
    for a in articles:
        r = topic.score(a.as_article())
        borderline += r.decision == "borderline"
        if r.archive and a.positive:
            tp += 1
        elif r.archive:
            fp += 1
            misses.append((a, r))
        elif a.positive:
            fn += 1
            misses.append((a, r))
        else:
            tn += 1
    return Scores(len(articles), tp, fp, fn, tn, borderline, misses)
