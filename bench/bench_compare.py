"""Pairs per second of ``archive.dedup.compare`` against a plain word-shingle Jaccard, same pairs.

The pairs are those of the evaluation set (tests/dedup/pairs.py).  ``compare`` is timed cold (the
per-article features cache cleared before every pair, so both articles are read from scratch: the
cost of the first comparison of a new article) and warm (features cached: the cost of each further
candidate pair).  The baseline tokenises both articles and computes the Jaccard similarity of their
word 3-shingles every time, with nothing cached.  It also reports how each separates the labelled
pairs: precision/recall of ``compare`` and of the baseline at its best threshold.

    python bench/bench_compare.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.dedup import compare  # noqa: E402
from archive.dedup.features import _features  # noqa: E402
from tests.dedup.pairs import PAIRS  # noqa: E402

WORD = re.compile(r"\w+")


def jaccard(a, b, k: int = 3) -> float:
    def grams(art):
        words = WORD.findall(" ".join(x for x in (art.title, art.lead, art.body) if x).lower())
        return {tuple(words[i:i + k]) for i in range(max(1, len(words) - k + 1))}

    ga, gb = grams(a), grams(b)
    return len(ga & gb) / len(ga | gb) if ga | gb else 0.0


def timed(fn, rounds: int) -> list[float]:
    """Seconds per pair, one figure per round."""
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        for p in PAIRS:
            fn(p)
        out.append((time.perf_counter() - start) / len(PAIRS))
    return out


def cold(p):
    _features.cache_clear()
    return compare(p.a, p.b)


def pr(pred, gold) -> tuple[float, float]:
    tp = sum(1 for x, y in zip(pred, gold) if x and y)
    fp = sum(1 for x, y in zip(pred, gold) if x and not y)
    fn = sum(1 for x, y in zip(pred, gold) if not x and y)
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()

    results = {
        "compare (cold)": timed(cold, args.rounds),
        "compare (warm)": timed(lambda p: compare(p.a, p.b), args.rounds),
        "shingle Jaccard": timed(lambda p: jaccard(p.a, p.b), args.rounds),
    }
    print(f"{len(PAIRS)} pairs x {args.rounds} rounds, median per pair:")
    for name, secs in results.items():
        med = statistics.median(secs)
        print(f"  {name:16} {med * 1000:7.3f} ms/pair  {1 / med:9.0f} pairs/s")

    gold = [p.same for p in PAIRS]
    p, r = pr([compare(x.a, x.b).same_story for x in PAIRS], gold)
    print(f"compare:          precision {p:.3f} recall {r:.3f}")
    sims = [jaccard(x.a, x.b) for x in PAIRS]
    best = max(((pr([s >= t for s in sims], gold), t) for t in sorted(set(sims))),
               key=lambda item: (2 * item[0][0] * item[0][1] / max(1e-9, item[0][0] + item[0][1])))
    (bp, br), bt = best
    print(f"shingle Jaccard:  precision {bp:.3f} recall {br:.3f} at its best threshold {bt:.2f} (best F1)")


if __name__ == "__main__":
    main()
