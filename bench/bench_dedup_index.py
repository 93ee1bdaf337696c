"""Candidate lookup for story dedup: our MinHash LSH index against the exhaustive
comparison and against datasketch's MinHashLSH (defaults), in one run.

    .venv/bin/python bench/bench_dedup_index.py --sizes 100000            # quick
    .venv/bin/python bench/bench_dedup_index.py --sizes 100000,1000000    # the issue's sizes

Synthetic articles (240 words drawn from a Zipf vocabulary of 60,000 words, one
in twenty of them a capitalised "name"; lead 40 words, then paragraphs of 50;
published uniformly over a year). Half the queries are copies of an indexed
article (trimmed to the lead and two paragraphs, one word in ten replaced);
half are new articles. Features and bucket keys are computed for the whole
corpus in batches (``MinHasher.signatures``), which the script checks gives
exactly the keys the production path (``BandKeys.of(article)``) gives.

Each contender runs in its own child process so its peak RSS is its own:

- ours: ``SqliteCandidateIndex`` (48-permutation MinHash over three feature
  sets, 16 bands × 3 rows each, one sorted array of bucket keys, 7-day window);
  the build writes the SQLite file; lookups run after reopening it from disk;
- datasketch: ``MinHashLSH()`` with its defaults (threshold 0.9, 128
  permutations) over the text shingles, in memory, no time window;
- exhaustive: (a) the query's signature against every indexed signature
  (numpy, full corpus, measured); (b) the matcher ``compare()`` against every
  indexed article: timed on a sample of pairs and **extrapolated** to N.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.dedup.index import NAMES_SPACE, TEXT_SPACE, BandKeys  # noqa: E402
from archive.dedup.minhash import MinHasher  # noqa: E402

VOCAB, WORDS, LEAD, PARA, HEAD = 60_000, 240, 40, 50, 140
YEAR = 365 * 86400.0
T0 = 1_767_225_600.0  # 2026-01-01
WINDOW = 7 * 86400.0
CHUNK = 2_000
LIMIT = 20  # candidates handed to the matcher (dedup.max_compare)

_RANKS = np.arange(1, VOCAB + 1, dtype=np.float64)
_P = (1 / _RANKS**1.05) / (1 / _RANKS**1.05).sum()
_HASH = np.array([zlib.crc32(f"w{i}".encode()) for i in range(VOCAB)], dtype=np.uint64)
_IS_NAME = (np.arange(VOCAB) % 20) == 7


def words_for(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice(VOCAB, size=(n, WORDS), p=_P).astype(np.int32)


def shingles(h: np.ndarray, n: int = 3) -> np.ndarray:
    """Row-wise the same 3-shingle hash as ``signatures.shingle_hashes``."""
    acc = np.zeros((h.shape[0], h.shape[1] - n + 1), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(n):
            acc = acc * np.uint64(0x100000001B3) + h[:, i:h.shape[1] - n + 1 + i]
    return (acc ^ (acc >> np.uint64(32))).astype(np.uint32)


def names(words: np.ndarray) -> np.ndarray:
    """Name hashes per row, padded with the row's first name (repeats change no minimum)."""
    mask = _IS_NAME[words]
    width = max(int(mask.sum(axis=1).max()), 1)
    out = np.empty((words.shape[0], width), dtype=np.uint32)
    for r in range(words.shape[0]):
        got = _HASH[words[r][mask[r]]].astype(np.uint32)
        if not len(got):
            got = np.array([0], dtype=np.uint32)
        out[r, :len(got)] = got
        out[r, len(got):] = got[0]
    return out


def keys_and_sigs(words: np.ndarray, with128: bool):
    bk = BandKeys()
    h = bk.hasher
    wh = _HASH[words]
    text, head = shingles(wh), shingles(wh[:, :HEAD])
    s_text, s_head, s_names = h.signatures(text), h.signatures(head), h.signatures(names(words))
    keys = np.concatenate([h.band_keys_many(s_text, TEXT_SPACE),
                           h.band_keys_many(s_head, TEXT_SPACE),
                           h.band_keys_many(s_names, NAMES_SPACE)], axis=1)
    s128 = MinHasher(num_perm=128, rows=4, seed=11).signatures(text) if with128 else None
    return keys, s_text, s128


def _chunk(args):
    seed, n, with128 = args
    rng = np.random.default_rng(seed)
    words = words_for(rng, n)
    keys, s48, s128 = keys_and_sigs(words, with128)
    return keys, s48, s128


def render(words: np.ndarray) -> dict:
    toks = [f"W{w}" if _IS_NAME[w] else f"w{w}" for w in words.tolist()]
    lead = " ".join(toks[:LEAD])
    paras = [" ".join(toks[i:i + PARA]) for i in range(LEAD, len(toks), PARA)]
    return {"url": "http://example.org/a", "source": "synthetic", "title": " ".join(toks[:8]),
            "lead": lead, "body": "\n\n".join(paras)}


def build_corpus(n: int, queries: int, out: Path, workers: int, with128: bool) -> dict:
    t = time.perf_counter()
    jobs = [(1000 + i, min(CHUNK, n - i * CHUNK), with128) for i in range((n + CHUNK - 1) // CHUNK)]
    keys = np.lib.format.open_memmap(out / "keys.npy", "w+", np.int64, (n, 48))
    s48 = np.lib.format.open_memmap(out / "s48.npy", "w+", np.uint32, (n, 48))
    s128 = np.lib.format.open_memmap(out / "s128.npy", "w+", np.uint32, (n, 128)) if with128 else None
    with mp.get_context("fork").Pool(workers) as pool:
        pos = 0
        for k, s, s2 in pool.imap(_chunk, jobs):
            keys[pos:pos + len(k)], s48[pos:pos + len(k)] = k, s
            if s128 is not None:
                s128[pos:pos + len(k)] = s2
            pos += len(k)
    keys.flush(), s48.flush()
    if s128 is not None:
        s128.flush()
    rng = np.random.default_rng(7)
    np.save(out / "when.npy", T0 + rng.random(n) * YEAR)
    # queries: copies (trimmed to lead + 2 paragraphs, 10% of words replaced) and new ones
    nq = queries // 2
    pool_n = min(n, 10 * CHUNK)  # copies of articles of the first chunks (their words regenerated)
    sources = np.sort(rng.choice(pool_n, size=min(nq, pool_n), replace=False))
    nq = len(sources)
    chunks = {c: words_for(np.random.default_rng(1000 + c), min(CHUNK, n - c * CHUNK))
              for c in set((sources // CHUNK).tolist())}
    src_words = (np.stack([chunks[s // CHUNK][s % CHUNK] for s in sources.tolist()])
                 if nq else np.empty((0, WORDS), np.int32))
    copies = src_words.copy()
    swap = rng.random(copies.shape) < 0.1
    copies[swap] = rng.choice(VOCAB, size=int(swap.sum()), p=_P)
    copies[:, HEAD:] = rng.choice(VOCAB, size=(nq, WORDS - HEAD), p=_P)  # trimmed, own ending
    fresh = words_for(np.random.default_rng(99), queries - nq)
    qwords = np.concatenate([copies, fresh])
    # trimmed copies: only lead + 2 paragraphs are text; recompute their features on HEAD words
    qk_copy, qs_copy, q128_copy = _trimmed(copies, with128)
    qk_new, qs_new, q128_new = keys_and_sigs(fresh, with128)
    when = np.load(out / "when.npy")
    qwhen = np.concatenate([when[sources] + rng.normal(0, 86400, nq),
                            T0 + rng.random(queries - nq) * YEAR])
    np.save(out / "qkeys.npy", np.concatenate([qk_copy, qk_new]))
    np.save(out / "qs48.npy", np.concatenate([qs_copy, qs_new]))
    if with128:
        np.save(out / "q128.npy", np.concatenate([q128_copy, q128_new]))
    np.save(out / "qwhen.npy", qwhen)
    np.save(out / "qsource.npy", np.concatenate([sources, np.full(queries - nq, -1)]))
    np.save(out / "qwords.npy", qwords)
    # the batched keys are the production keys: check on a few rendered articles
    from crawler.article import Article

    check = words_for(np.random.default_rng(1000), CHUNK)[:3]
    for i, w in enumerate(check):
        prod = set(BandKeys().of(Article(**render(w))).tolist())
        assert prod == set(keys[i].tolist()), "batched keys differ from BandKeys.of"
    return {"corpus_build_s": round(time.perf_counter() - t, 1)}


def _trimmed(words: np.ndarray, with128: bool):
    """A copy of lead + two paragraphs: its text *is* its head."""
    bk = BandKeys()
    h = bk.hasher
    wh = _HASH[words[:, :HEAD]]
    text = shingles(wh)
    s_text = h.signatures(text)
    nm = names(words[:, :HEAD])
    keys = np.concatenate([h.band_keys_many(s_text, TEXT_SPACE),
                           h.band_keys_many(s_text, TEXT_SPACE),
                           h.band_keys_many(h.signatures(nm), NAMES_SPACE)], axis=1)
    s128 = MinHasher(num_perm=128, rows=4, seed=11).signatures(text) if with128 else None
    return keys, s_text, s128


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ru_maxrss would carry the parent's
    high-water mark across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timings(fn, items) -> tuple[list[float], list]:
    out, res = [], []
    for it in items:
        t = time.perf_counter()
        res.append(fn(it))
        out.append((time.perf_counter() - t) * 1000)
    return out, res


def summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"median_ms": round(statistics.median(ms), 4),
            "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 4)}


# -- contenders, each in its own process ------------------------------------------------
def run_ours_build(d: Path) -> dict:
    from archive.dedup.index import SqliteCandidateIndex

    keys = np.load(d / "keys.npy", mmap_mode="r")
    when = np.load(d / "when.npy")
    path = d / "ours.sqlite"
    t = time.perf_counter()
    idx = SqliteCandidateIndex(path, reset=True)
    idx.add_keys(("synthetic", str(i), float(when[i]), np.array(keys[i]))
                 for i in range(len(keys)))
    build = time.perf_counter() - t
    idx.close()
    return {"build_s": round(build, 1), "file_mb": round(path.stat().st_size / 2**20),
            "peak_rss_mb": round(peak_rss_mb())}


def run_ours(d: Path) -> dict:
    """A fresh process opens the index file, then answers the queries."""
    from archive.dedup.index import SqliteCandidateIndex
    from crawler.article import Article

    t = time.perf_counter()
    idx = SqliteCandidateIndex(d / "ours.sqlite")
    load = time.perf_counter() - t
    qk, qwhen, qsrc = np.load(d / "qkeys.npy"), np.load(d / "qwhen.npy"), np.load(d / "qsource.npy")
    queries = list(zip(qk, qwhen.tolist()))
    for q, w in queries[:20]:  # warm up
        idx.candidates_for_keys(q, w, window_s=WINDOW, limit=LIMIT)
    index_ms, _ = timings(lambda qw: idx.lookup_keys(qw[0], qw[1], window_s=WINDOW, limit=LIMIT),
                          queries)
    ms, res = timings(lambda qw: idx.candidates_for_keys(qw[0], qw[1], window_s=WINDOW,
                                                          limit=LIMIT), queries)
    found = [str(s) in {c.article_key for c in r} for s, r in zip(qsrc.tolist(), res) if s >= 0]
    # the whole production path for an article: tokens, shingles, 3 signatures, lookup
    arts = [Article(**render(w)) for w in np.load(d / "qwords.npy")[:200]]
    full_ms, _ = timings(lambda a: idx.candidates(a, window_s=WINDOW, limit=LIMIT), arts)
    return {"open_s": round(load, 1), **summary(ms), "index_only": summary(index_ms),
            "from_article_text": summary(full_ms),
            "mean_candidates": round(statistics.mean(len(r) for r in res), 2),
            "copy_recall": round(sum(found) / max(len(found), 1), 3),
            "peak_rss_mb": round(peak_rss_mb()),
            "rss_serving_mb": round(current_rss_mb())}


def run_datasketch(d: Path) -> dict:
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    s128 = np.load(d / "s128.npy", mmap_mode="r")
    t = time.perf_counter()
    lsh = MinHashLSH()  # defaults: threshold=0.9, num_perm=128
    proto = MinHash(num_perm=128)
    with lsh.insertion_session() as session:
        for i in range(len(s128)):
            m = LeanMinHash(seed=proto.seed, hashvalues=s128[i].astype(np.uint64))
            session.insert(str(i), m, check_duplication=False)
    build = time.perf_counter() - t
    q128, qsrc = np.load(d / "q128.npy"), np.load(d / "qsource.npy")
    qs = [LeanMinHash(seed=proto.seed, hashvalues=q.astype(np.uint64)) for q in q128]
    for q in qs[:20]:
        lsh.query(q)
    ms, res = timings(lsh.query, qs)
    found = [str(s) in set(r) for s, r in zip(qsrc.tolist(), res) if s >= 0]
    return {"build_s": round(build, 1), **summary(ms), "params_b_r": list(lsh.b_r) if hasattr(lsh, "b_r") else [lsh.b, lsh.r],
            "mean_candidates": round(statistics.mean(len(r) for r in res), 2),
            "copy_recall": round(sum(found) / max(len(found), 1), 3),
            "peak_rss_mb": round(peak_rss_mb())}


def run_exhaustive(d: Path, sample: int) -> dict:
    from archive.dedup import compare
    from crawler.article import Article

    s48 = np.load(d / "s48.npy", mmap_mode="r")
    qs, qsrc = np.load(d / "qs48.npy"), np.load(d / "qsource.npy")
    n = len(s48)
    all_sigs = np.ascontiguousarray(s48)

    def scan(q):
        return np.flatnonzero((all_sigs == q).sum(axis=1) >= 0.3 * 48)

    picks = list(range(0, len(qs), max(1, len(qs) // 40)))[:40]
    ms, res = timings(scan, [qs[i] for i in picks])
    # the matcher against every article: time compare() on sample pairs, extrapolate to N
    qwords = np.load(d / "qwords.npy")
    rng = np.random.default_rng(5)
    arts = [Article(**render(w)) for w in qwords[:50]]
    others = [Article(**render(w)) for w in words_for(rng, 50)]
    pairs = [(arts[i % 50], others[(i * 7) % 50]) for i in range(sample)]
    t = time.perf_counter()
    for a, b in pairs:
        compare(a, b)
    per_pair_ms = (time.perf_counter() - t) * 1000 / len(pairs)
    return {"signature_scan": {**summary(ms), "measured_on": f"{len(picks)} queries x {n} articles"},
            "matcher_all_pairs": {"per_pair_ms": round(per_pair_ms, 4),
                                  "median_ms_extrapolated": round(per_pair_ms * n, 1),
                                  "label": f"EXTRAPOLATED: {sample} compare() calls timed, x {n}"},
            "peak_rss_mb": round(peak_rss_mb())}


def child(kind: str, d: Path, sample: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, "--dir", str(d),
                           "--exhaustive-sample", str(sample)], capture_output=True, text=True)
    if proc.returncode:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated corpus sizes")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2, help="processes building the corpus")
    ap.add_argument("--no-datasketch", action="store_true")
    ap.add_argument("--only", help="comma-separated subset of ours,exhaustive,datasketch")
    ap.add_argument("--exhaustive-sample", type=int, default=2000)
    ap.add_argument("--tmp", default=None, help="scratch directory (default: a temp dir)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        d = Path(args.dir)
        start = peak_rss_mb()  # interpreter, numpy and the project imported
        res = {"ours-build": run_ours_build, "ours": run_ours,
               "datasketch": run_datasketch}.get(args.child)
        out = res(d) if res else run_exhaustive(d, args.exhaustive_sample)
        out["rss_after_imports_mb"] = round(start)
        print(json.dumps(out))
        return 0
    report = {"cpus": os.cpu_count(), "runs": []}
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            d = Path(tmp)
            entry = {"articles": n, "queries": args.queries}
            print(f"== {n} articles: building corpus", file=sys.stderr, flush=True)
            entry.update(build_corpus(n, args.queries, d, args.workers, not args.no_datasketch))
            kinds = ("ours-build", "ours", "exhaustive") + (() if args.no_datasketch else ("datasketch",))
            if args.only:
                wanted = set(args.only.split(","))
                kinds = tuple(k for k in kinds if k.split("-")[0] in wanted)
            for kind in kinds:
                print(f"== {n} articles: {kind}", file=sys.stderr, flush=True)
                entry[kind] = child(kind, d, args.exhaustive_sample)
                print(json.dumps({kind: entry[kind]}), file=sys.stderr, flush=True)
            report["runs"].append(entry)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
