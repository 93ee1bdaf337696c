"""The matcher's fast path decides every pair as the straightforward evaluation does.

``compare`` skips work (features cached per article, a bound before the exact in-order
ratio, early cuts for the story desk's ``only_match``); tests/dedup/reference.py computes
everything afresh and exactly.  They are run over the articles of tests/dedup/corpus.py with
the candidate sets the desk's index offers, and over the labelled pairs both ways.
"""

from __future__ import annotations

from collections import Counter

import pytest

from archive.dedup import compare
from archive.dedup import text as t
from archive.dedup.features import _features, bag
from tests.dedup.corpus import candidate_sets, fixture_articles
from tests.dedup.pairs import PAIRS
from tests.dedup.reference import compare_features, fresh_features


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    sets = candidate_sets(fixture_articles(40), tmp_path_factory.mktemp("corpus"))
    out = [(c, a) for a, cands in sets for c in cands]  # (archived candidate, new article)
    out += [(p.a, p.b) for p in PAIRS] + [(p.b, p.a) for p in PAIRS]
    return out


@pytest.fixture(scope="module")
def reference(pairs):
    feats = {}

    def f(a):
        if id(a) not in feats:
            feats[id(a)] = fresh_features(a)
        return feats[id(a)]

    return [compare_features(f(a), f(b)) for a, b in pairs]


def test_the_corpus_has_every_kind_of_pair(pairs, reference):
    same = sum(m.same_story for m in reference)
    vetoed = sum(not m.same_story and m.score < 0.3 and any(
        r.startswith(("numbers ", "dates ", "weekdays ")) for r in m.reasons) for m in reference)
    assert len(pairs) > 1000 and same > 100 and vetoed > 100
    assert len(reference) - same - vetoed > 100  # pairs neither matched nor vetoed


def test_compare_equals_the_reference(pairs, reference):
    _features.cache_clear()
    assert [compare(a, b) for a, b in pairs] == reference


def test_only_match_decides_as_the_reference(pairs, reference):
    """What the story desk asks: the same decisions, and a match carries the same score
    and reasons (they go into the capture's metadata)."""
    _features.cache_clear()
    for (a, b), ref in zip(pairs, reference):
        fast = compare(a, b, only_match=True)
        assert fast.same_story == ref.same_story, (a.url, b.url, ref)
        if ref.same_story:
            assert fast == ref


def test_fast_forms_equal_the_plain_ones(pairs):
    """Shingles made with zip are the hashed k-slices; two bags intersect in as many items as
    the two multisets (Counter) do, so the in-order bound is the one difflib's ratio respects."""
    seqs = [fresh_features(a).head_seq for a, _ in pairs[:200]]
    for seq in seqs + [(), ("a",), ("a", "b", "c"), ("a", "b", "a", "b")]:
        items = list(seq)
        for k in (1, 2, 3, 4):
            plain = (frozenset() if not items else frozenset((hash(tuple(items)),)) if len(items) <= k
                     else frozenset(hash(tuple(items[i:i + k])) for i in range(len(items) - k + 1)))
            assert t.shingles(items, k) == plain
    for x, y in zip(seqs, seqs[1:]):
        assert len(bag(list(x)) & bag(list(y))) == sum((Counter(x) & Counter(y)).values())
