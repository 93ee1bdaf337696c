"""Precision and recall of ``archive.dedup.compare`` on the labelled evaluation set (tests/dedup/pairs.py).

The figures are printed for the whole set, for the pairs held out while the matcher was tuned, and for
the pairs written after it was tuned (tests/dedup/fresh.py).

Run with ``-s`` to see the per-kind confusion table.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from archive.dedup import compare

from .pairs import PAIRS, Pair

PRECISION = 0.98
RECALL = 0.95


def confusion(pairs: list[Pair]) -> tuple[Counter, dict[str, Counter]]:
    total: Counter = Counter()
    per_kind: dict[str, Counter] = defaultdict(Counter)
    for p in pairs:
        said = compare(p.a, p.b).same_story
        cell = ("tp" if said else "fn") if p.same else ("fp" if said else "tn")
        total[cell] += 1
        per_kind[p.kind][cell] += 1
    return total, per_kind


def precision_recall(c: Counter) -> tuple[float, float]:
    return c["tp"] / max(1, c["tp"] + c["fp"]), c["tp"] / max(1, c["tp"] + c["fn"])


def report(name: str, total: Counter, per_kind: dict[str, Counter]) -> str:
    p, r = precision_recall(total)
    lines = [f"{name}: {sum(total.values())} pairs, precision {p:.3f}, recall {r:.3f} "
             f"(tp {total['tp']} fp {total['fp']} fn {total['fn']} tn {total['tn']})",
             f"  {'kind':22} {'label':9} {'right':>5} {'wrong':>5}"]
    for kind, c in sorted(per_kind.items()):
        same = c["tp"] + c["fn"] > 0
        right, wrong = (c["tp"], c["fn"]) if same else (c["tn"], c["fp"])
        lines.append(f"  {kind:22} {'same' if same else 'different':9} {right:5} {wrong:5}")
    return "\n".join(lines)


def test_the_set_is_big_and_hard_enough():
    assert len(PAIRS) >= 80
    assert sum(p.hard for p in PAIRS) >= len(PAIRS) / 2
    assert 15 <= sum(p.heldout for p in PAIRS) <= 25
    assert sum(p.fresh for p in PAIRS) >= 10
    kinds_same = {p.kind for p in PAIRS if p.same}
    kinds_diff = {p.kind for p in PAIRS if not p.same}
    assert {"restructured", "trimmed", "rewritten_lead", "spun", "liveblog"} <= kinds_same
    assert {"other_agency", "formulaic_other_day", "shared_background"} <= kinds_diff
    assert not kinds_same & kinds_diff


def test_precision_and_recall_on_the_whole_set():
    total, per_kind = confusion(PAIRS)
    print("\n" + report("all pairs", total, per_kind))
    held_total, held_kind = confusion([p for p in PAIRS if p.heldout])
    print(report("held-out pairs", held_total, held_kind))
    fresh_total, fresh_kind = confusion([p for p in PAIRS if p.fresh])
    print(report("pairs written after tuning", fresh_total, fresh_kind))
    precision, recall = precision_recall(total)
    assert precision >= PRECISION, report("all pairs", total, per_kind)
    assert recall >= RECALL, report("all pairs", total, per_kind)


def test_the_fixture_sites_aa_copies_join_and_the_sputnik_story_stays_apart():
    from .pairs import _fixture_articles

    fx = _fixture_articles()
    assert compare(fx["ys01"], fx["ys02"]).same_story
    assert not compare(fx["ys01"], fx["sp_lavrov"]).same_story
    assert not compare(fx["ys02"], fx["sp_lavrov"]).same_story
