"""The topic filter on the hand-labelled evaluation set (tests/topic_eval/).

Borderline counts as archived, i.e. positive, for recall and for precision.
``python -m tests.topic_eval --all -v`` prints the same figures and every miss.
"""

from __future__ import annotations

from collections import Counter

import pytest

from crawler.topic import TopicFilter
from tests.topic_eval import DEV, HOLDOUT, evaluate, load

EASY = {"direct", "unrelated"}


@pytest.fixture(scope="module")
def topic():
    return TopicFilter.default()


def test_the_set_is_large_hard_and_in_both_styles():
    articles = load(DEV + HOLDOUT)
    assert len(articles) >= 120
    assert len({a.id for a in articles}) == len(articles)
    assert len(load(HOLDOUT)) >= 25
    kinds = Counter(a.kind for a in articles)
    assert sum(n for k, n in kinds.items() if k not in EASY) >= len(articles) / 2
    for kind in ("reconciliation", "astana", "operation", "summit", "venue", "russia_ukraine",
                 "turkey_syria", "israel_syria", "russia_turkey", "syria_domestic", "passing"):
        assert kinds[kind] >= 3, kind
    assert {a.site for a in articles} == {"yenisafak", "sputnik"}
    labels = Counter(a.label for a in articles)
    assert min(labels.values()) >= 50
    for a in articles:
        assert a.title and a.lead and len(a.body) >= 3, a.id


@pytest.mark.parametrize("files", [DEV + HOLDOUT, HOLDOUT], ids=["all", "holdout"])
def test_precision_and_recall(topic, files):
    scores = evaluate(topic, load(files))
    report = scores.line() + "".join(
        f"\n  {a.id} {a.kind} {a.label} -> {r.decision} {r.totals}" for a, r in scores.misses)
    assert scores.recall >= 0.97, report
    assert scores.precision >= 0.98, report


def test_the_old_keyword_rule_misses_what_the_profile_now_keeps(topic):
    """Without links, relations and venues (every side >= 3 on country terms) recall drops."""
    plain = TopicFilter.default(borderline_band=0)
    plain._matcher.variants = {k: t for k, t in plain._matcher.variants.items()
                               if t.side != "link"}
    plain._matcher.compile()
    plain.rel_sentence = plain.rel_paragraph = (0.0, 0)
    plain.venue_factor = 1.0
    articles = load(DEV + HOLDOUT)
    assert evaluate(plain, articles).recall < evaluate(topic, articles).recall - 0.1
