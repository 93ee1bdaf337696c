"""Print precision, recall and the borderline share of the topic filter on the evaluation set."""

from __future__ import annotations

import argparse

from crawler.topic import TopicFilter

from . import DEV, HOLDOUT, evaluate, load


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.topic_eval")
    part = ap.add_mutually_exclusive_group()
    part.add_argument("--holdout", action="store_true", help="only the held-out part")
    part.add_argument("--all", action="store_true", help="development and held-out parts")
    ap.add_argument("-v", "--verbose", action="store_true", help="explain every miss and borderline")
    args = ap.parse_args()
    files = HOLDOUT if args.holdout else DEV + HOLDOUT if args.all else DEV
    topic = TopicFilter.default()
    articles = load(files)
    scores = evaluate(topic, articles)
    print(f"{'+'.join(files)}: {scores.line()}")
    if args.verbose:
        for a in articles:
            r = topic.score(a.as_article())
            wrong = r.archive != a.positive
            if wrong or r.decision == "borderline":
                print(f"{'MISS' if wrong else 'ok  '} {a.id} {a.kind:<15} {a.label:<10} -> {r.decision:<10} "
                      f"totals={r.totals} rel={r.relation} {a.title}")


if __name__ == "__main__":
    main()
