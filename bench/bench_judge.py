"""CPU per judged article of the story desk's matcher: the fast path against the reference.

The articles and their candidate sets are those of tests/dedup/corpus.py: the labelled pairs,
the fixture sites' articles and wire copies, and ``--generated`` articles like the pipeline
benchmark's, fed in publication order through the real candidate index (the desk's window
and candidate limit).  Both sides judge every article against the same candidates:

* reference (tests/dedup/reference.py): features computed fresh once per article, every text
  measure computed exactly for every pair (the straightforward evaluation);
* fast: ``compare(candidate, article, only_match=True)`` as :class:`StoryDesk` calls it, its
  caches cleared at the start of every round (each article is new to it, as in a crawl).

Both sides must reach the same decisions (checked every round); the figures are CPU seconds
(``time.process_time``) per judged article, medians over the rounds, and their ratio.

    python bench/bench_judge.py [--generated 150] [--rounds 5]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.dedup.compare import compare  # noqa: E402
from archive.dedup.features import _features  # noqa: E402
from tests.dedup.corpus import candidate_sets, fixture_articles  # noqa: E402
from tests.dedup.reference import compare_features, fresh_features  # noqa: E402

compare_mod = importlib.import_module("archive.dedup.compare")  # the package re-exports the function


def reference_side(sets):
    feats = {}

    def f(a):
        if id(a) not in feats:
            feats[id(a)] = fresh_features(a)
        return feats[id(a)]

    return [[compare_features(f(c), f(a)).same_story for c in cands] for a, cands in sets]


def fast_side(sets):
    _features.cache_clear()
    results = [[compare(c, a, only_match=True) for c in cands] for a, cands in sets]
    # the matcher's verdict always opens with the text measure; a pair cut before it does not
    cut[0] = sum(not m.reasons[0].startswith("lead ") for ms in results for m in ms)
    return [[m.same_story for m in ms] for ms in results]


cut = [0]  # pairs the fast side cut before the evidence, in its last run


def cpu(fn, sets):
    start = time.process_time()
    out = fn(sets)
    return time.process_time() - start, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--generated", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sets = candidate_sets(fixture_articles(args.generated), Path(tmp))
    pairs = sum(len(c) for _, c in sets)
    # how many pairs reach the exact in-order ratio (difflib), counted on the fast side
    exact = [0]
    seq_ratio = compare_mod._seq_ratio

    def counted(a, b):
        exact[0] += 1
        return seq_ratio(a, b)

    times = {"reference": [], "fast": []}
    for _ in range(args.rounds):
        for name, fn in (("reference", reference_side), ("fast", fast_side)):
            compare_mod._seq_ratio = counted if name == "fast" else seq_ratio
            exact[0] = 0
            secs, decisions = cpu(fn, sets)
            times[name].append(secs)
            if name == "reference":
                expected = decisions
            elif decisions != expected:
                raise SystemExit("the fast path changed a decision")
    compare_mod._seq_ratio = seq_ratio
    same = sum(sum(d) for d in expected)
    print(f"{len(sets)} articles judged, {pairs} candidate pairs ({pairs / len(sets):.1f} per article),"
          f" {same} same-story; {args.rounds} rounds, median CPU:")
    ref, fast = statistics.median(times["reference"]), statistics.median(times["fast"])
    print(f"  reference  {1000 * ref / len(sets):7.3f} ms/article  (in-order ratio for all {pairs} pairs)")
    print(f"  fast       {1000 * fast / len(sets):7.3f} ms/article  (in-order ratio for {exact[0]} pairs,"
          f" {cut[0]} pairs cut before the evidence)")
    print(f"  ratio fast/reference: {fast / ref:.3f}  (same decisions: True)")


if __name__ == "__main__":
    main()
