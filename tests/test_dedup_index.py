"""The candidate index: MinHash LSH finds copies (near-verbatim, trimmed, rewritten)
among archived articles, honours the time window, persists, and is rebuilt
from the catalog."""

from __future__ import annotations

import numpy as np
import pytest

from archive.catalog import open_catalog
from archive.dedup import SqliteCandidateIndex, open_index, rebuild
from archive.dedup.signatures import features, shingle_hashes, word_hashes
from archive.dedup.minhash import MinHasher
from crawler.article import Article
from tests.sitesim import articles_for, expected_article, wire_copies

BASE = "http://127.0.0.1:1"


@pytest.fixture
def open_idx(catalog_url, tmp_path):
    """Opens the candidate index of a fresh catalog, once per backend (SQLite: its own
    file; PostgreSQL: in the catalog's database)."""
    opened = []

    def opener(reset=False):
        index = open_index(tmp_path / "idx.sqlite", catalog_url, reset=True) if reset else \
            _uncached(tmp_path / "idx.sqlite", catalog_url)
        opened.append(index)
        return index

    yield opener
    for index in opened:
        try:
            index.close()
        except Exception:  # noqa: BLE001 - closed by the test
            pass


def _uncached(path, catalog_url):
    if catalog_url.startswith("postgresql://"):
        from archive.dedup.pgindex import PgCandidateIndex

        return PgCandidateIndex(catalog_url)
    return SqliteCandidateIndex(path)


def fixture_articles() -> dict[str, Article]:
    recs = articles_for("yenisafak") + articles_for("sputnik") + wire_copies()
    return {r.key: Article.from_dict(expected_article(r, BASE)) for r in recs if r.relevant}


def test_minhash_estimates_jaccard():
    rng = np.random.default_rng(1)
    base = rng.integers(0, 2**32, size=400, dtype=np.uint64).astype(np.uint32)
    other = np.concatenate([base[:300], rng.integers(0, 2**32, 100, dtype=np.uint64)
                            .astype(np.uint32)])
    h = MinHasher(num_perm=256, rows=4)
    assert np.array_equal(h.signatures(np.stack([base, base])), np.stack([h.signature(base)] * 2))
    true = 300 / 500
    assert abs(h.jaccard(h.signature(base), h.signature(other)) - true) < 0.1
    assert h.signature(np.empty(0, np.uint32)) is None
    keys = h.band_keys(h.signature(base), 1)
    assert keys.dtype == np.int64 and len(keys) == 64
    assert not set(keys.tolist()) & set(h.band_keys(h.signature(base), 2).tolist())


def test_shingles_are_stable_and_order_sensitive():
    a = shingle_hashes(word_hashes("the joint committee will meet".split()))
    b = shingle_hashes(word_hashes("the joint committee will meet".split()))
    c = shingle_hashes(word_hashes("meet will committee joint the".split()))
    assert np.array_equal(a, b) and not set(a.tolist()) & set(c.tolist())
    assert features(Article(url="u", source="s")).empty


def test_finds_rewritten_and_trimmed_copies_not_unrelated(open_idx):
    arts = fixture_articles()
    index = open_idx()
    original = arts["yenisafak:3725612"]
    others = {k: a for k, a in arts.items() if k not in ("yenisafak:3725655", "yenisafak:3725790")}
    index.add_many([(a.source, a.key, a, None) for a in others.values()])
    assert len(index) == len(others)
    for copy_key in ("yenisafak:3725655", "yenisafak:3725790"):  # rewrite, trimmed brief
        found = index.candidates(arts[copy_key], window_s=7 * 86400)
        keys = [c.article_key for c in found]
        assert original.key in keys, (copy_key, keys)
        assert len(found) < len(others) / 2  # candidates, not everything
    # unrelated stories (Turkish economy, ...) share no bucket with the Lavrov story
    unrelated = [r for r in articles_for("yenisafak") if r.category == "unrelated"]
    assert unrelated
    for r in unrelated:
        probe = Article.from_dict(expected_article(r, BASE))
        assert original.key not in [c.article_key for c in index.candidates(probe)], r.path


def test_time_window_limits_candidates(open_idx):
    arts = fixture_articles()
    index = open_idx()
    original = arts["yenisafak:3725612"]
    index.add(original.source, original.key, original)
    copy = arts["yenisafak:3725655"]
    assert [c.article_key for c in index.candidates(copy, window_s=2 * 86400)] == [original.key]
    late = Article.from_dict({**copy.to_dict(), "published": "2026-12-20T09:00:00+00:00"})
    assert index.candidates(late, window_s=7 * 86400) == []
    assert [c.article_key for c in index.candidates(late)] == [original.key]  # no window


def test_persists_replaces_and_merges_buffer(open_idx, monkeypatch):
    import archive.dedup.index as mod

    monkeypatch.setattr(mod, "MERGE_AT", 200)  # force merges of the in-memory buffer
    arts = fixture_articles()
    index = open_idx()
    for a in arts.values():
        index.add(a.source, a.key, a)
    probe = arts["yenisafak:3725655"]
    before = index.candidates(probe)
    index.add(probe.source, probe.key, probe)  # re-indexing replaces, never doubles
    assert len(index) == len(arts)
    index.close()
    again = open_idx()
    assert len(again) == len(arts)
    assert [(c.source, c.article_key) for c in again.candidates(probe)] == \
        [(c.source, c.article_key) for c in before]


def test_rebuild_from_catalog(open_idx, catalog_url):
    arts = fixture_articles()
    catalog = open_catalog(catalog_url)
    for a in arts.values():
        catalog.record_article(a.to_dict(), {"score": 1.0}, True, "run-1", None)
    catalog.record_article(Article(url=BASE + "/x", source="sputnik", title="off topic",
                                   body="Lira steady").to_dict(), {}, False, "run-1", None)
    index = open_idx(reset=True)
    assert rebuild(index, catalog) == len(arts)
    probe = arts["yenisafak:3725790"]
    assert "3725612" in [c.article_key for c in index.candidates(probe)]
    assert rebuild(index, catalog) == len(arts) and len(index) == len(arts)


def test_index_built_with_other_parameters_is_refused(open_idx, catalog_url, tmp_path):
    open_idx().close()
    if catalog_url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(catalog_url, autocommit=True) as db:
            db.execute("UPDATE dedup_info SET value='old' WHERE name='params'")
    else:
        import sqlite3

        with sqlite3.connect(tmp_path / "idx.sqlite") as db:
            db.execute("UPDATE info SET value='old' WHERE name='params'")
    with pytest.raises(ValueError, match="dedup rebuild"):
        open_idx()
    assert len(open_idx(reset=True)) == 0
    assert len(open_idx()) == 0  # the rebuilt index opens


def test_overfull_buckets_are_skipped_like_stop_words(open_idx, monkeypatch):
    import archive.dedup.index as mod

    index = open_idx()
    shared = np.array([11, 12, 13], dtype=np.int64) << 30  # three buckets everyone is in
    rows = [("s", str(i), 1_800_000_000.0 + i, np.concatenate([shared, [np.int64(i + 1) << 40]]))
            for i in range(30)]
    index.add_keys(rows)
    probe = np.concatenate([shared, [np.int64(5 + 1) << 40]])
    found = dict(index.lookup_keys(probe, 1_800_000_000.0, window_s=3600))
    assert len(found) == 30 and found[6] == 4  # doc ids start at 1: "5" is doc 6
    monkeypatch.setattr(mod, "MAX_BUCKET", 10)
    assert index.lookup_keys(probe, 1_800_000_000.0, window_s=3600) == [(6, 1)]
    # the window is counted in hours: a day later, nothing
    assert index.lookup_keys(probe, 1_800_000_000.0 + 86400, window_s=3600) == []


def test_snapshot_plus_later_additions_answer_like_a_full_load(tmp_path):
    arts = list(fixture_articles().values())
    path = tmp_path / "idx.sqlite"
    index = SqliteCandidateIndex(path)
    first, later = arts[: len(arts) // 2], arts[len(arts) // 2:]
    index.add_keys((a.source, a.key, None, index.keys.of(a)) for a in first)
    assert index.snapshot_path.exists()  # the bulk load saved the sorted array
    index.add_many([(a.source, a.key, a, None) for a in later])  # go to the buffer and SQLite
    index.add(first[0].source, first[0].key, first[0])  # replaced: its snapshot entry is dead
    expected = {a.key: index.candidates(a) for a in arts}
    index.close()
    reopened = SqliteCandidateIndex(path)
    assert len(reopened) == len(arts)
    assert {a.key: reopened.candidates(a) for a in arts} == expected
    reopened.snapshot_path.unlink()  # without the snapshot: everything from SQLite
    assert {a.key: SqliteCandidateIndex(path).candidates(a) for a in arts} == expected


def test_two_processes_see_each_others_articles(pg_url):
    """Machines sharing a PostgreSQL catalog share the index: what one process adds,
    the other's lookups find, and the other way round."""
    import subprocess
    import sys

    from tests.crawlkit import ROOT

    arts = fixture_articles()
    here = open_index("unused", pg_url)
    original = arts["yenisafak:3725612"]
    here.add(original.source, original.key, original)
    code = """
import sys
from archive.dedup import open_index
from tests.test_dedup_index import fixture_articles
arts = fixture_articles()
index = open_index("unused", sys.argv[1])
found = [c.article_key for c in index.candidates(arts["yenisafak:3725655"], window_s=7 * 86400)]
print("FOUND", *found)
other = arts["sputnik:1124760231"]
index.add(other.source, other.key, other)
"""
    out = subprocess.run([sys.executable, "-c", code, pg_url], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "3725612" in out.stdout.split("FOUND", 1)[1].split()  # our article, found there
    probe = arts["sputnik:1124760231"]
    assert "1124760231" in [c.article_key for c in here.candidates(probe)]  # theirs, here
    assert len(here) == 2
