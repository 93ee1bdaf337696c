"""Per-article cost of the topic filter: the issue-11 filter (links, relations, venues,
three-way decision) against the keyword filter it replaced (bench/topic_v1), on the
same articles: the evaluation set (tests/topic_eval) and the fixture's article records.

    .venv/bin/python bench/bench_topic.py [--rounds 20]

Prints articles per second and microseconds per article for both, and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from crawler.topic import TopicFilter  # noqa: E402
from tests.sitesim import articles_for, expected_article  # noqa: E402
from tests.topic_eval import DEV, HOLDOUT, load  # noqa: E402
from topic_v1.topic import TopicFilter as KeywordFilter  # noqa: E402


def corpus() -> list[dict]:
    docs = [a.as_article() for a in load(DEV + HOLDOUT)]
    for site in ("yenisafak", "sputnik"):
        docs += [expected_article(r, "http://127.0.0.1:1") for r in articles_for(site)]
    return docs


def rate(topic, docs: list[dict], rounds: int) -> float:
    """Best articles/s over ``rounds`` passes (the best pass is the least disturbed one)."""
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for d in docs:
            topic.score(d)
        best = max(best, len(docs) / (time.perf_counter() - start))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    docs = corpus()
    words = statistics.mean(len((d.get("body") or "").split()) for d in docs)
    t0 = time.perf_counter()
    new = TopicFilter.default()
    build_new = time.perf_counter() - t0
    t0 = time.perf_counter()
    old = KeywordFilter.default()
    build_old = time.perf_counter() - t0
    rates = {}
    for _ in range(3):  # interleaved, so machine load hits both alike
        for name, topic in (("keyword (before)", old), ("profile (issue 11)", new)):
            rates[name] = max(rates.get(name, 0.0), rate(topic, docs, args.rounds // 3 or 1))
    print(f"{len(docs)} articles, {words:.0f} body words on average; "
          f"profile load: before {build_old * 1000:.1f} ms, now {build_new * 1000:.1f} ms")
    for name, r in rates.items():
        print(f"{name:<20} {r:9.0f} articles/s  {1e6 / r:7.1f} µs/article")
    print(f"ratio now/before: {rates['profile (issue 11)'] / rates['keyword (before)']:.2f}")


if __name__ == "__main__":
    main()
