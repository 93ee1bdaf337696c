"""A run with nothing new: on an empty archive, and on one of a million articles.

Issue 9: the cost of a run must grow with what is new, not with what is archived.
Two data directories are prepared:

* ``empty``: a fresh catalog and store;
* ``seeded``: a catalog bulk-loaded (one transaction, ``executemany``, PRAGMAs
  relaxed for the seeding only) with ``--articles`` articles (1,000,000), a seen
  row and a capture each, ``--objects`` WARC objects (10,000) holding those
  captures, 10,000 finished runs and 1,000 exhausted pending articles, in the key
  shapes the crawler writes (``warcs/{source}/YYYY/MM/DD/newsarchive-…warc.gz``,
  Sputnik and Yeni Şafak URLs and numeric ids), and a local store holding the
  10,000 WARC objects as small files (their contents are never read by a crawl;
  the per-article metadata JSON objects and manifests are not written).

Each side first crawls the fixture site once (not measured), so every article of
it is already seen; then each measured round is the real ``newsarchive crawl``
again, whose feeds answer 304 or list only known articles. Rounds alternate
between the sides; ``bench/measure.py`` gives wall time, CPU seconds and peak
RSS of each command's process tree; medians are reported side by side.

    python bench/bench_scale.py [--articles 1000000] [--objects 10000] [--rounds 3]
                                [--catalog-url URL] [--keep DIR] [--code DIR]

``--catalog-url`` names the catalog of the seeded side (default: SQLite in its
data directory); a ``postgresql://`` URL is seeded with psycopg through the same
SQL and handed to the crawl as ``NEWSARCHIVE_CATALOG`` (needs the PostgreSQL
catalog backend); the empty side then uses a second database, ``<name>_empty``.
``--code DIR`` runs the crawls from another checkout (e.g. the code before the
change), with the same seeded data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measure import measured  # noqa: E402
from tests.sitesim import SiteServer  # noqa: E402

SOURCES = {  # source: (host, URL of an article from its id and slug, first seeded id)
    "sputnik": ("sputnikglobe.com", "https://sputnikglobe.com/{day}/{slug}-{id}.html",
                1_000_000_000),
    "yenisafak": ("www.yenisafak.com", "https://www.yenisafak.com/en/news/{slug}-{id}",
                  10_000_000),
}
WORDS = ("russia syria talks damascus moscow envoy ceasefire aid border base minister "
         "delegation meeting idlib latakia tartus hmeimim kremlin foreign ministry").split()


# -- seeding -------------------------------------------------------------------------
def _connect(url: str):
    """A DB-API connection and its placeholder for the catalog at ``url``."""
    if url.startswith("postgresql://"):
        import psycopg  # the PostgreSQL catalog's own driver

        return psycopg.connect(url, autocommit=False), "%s"
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    db = sqlite3.connect(path, isolation_level=None)
    # for the seeding only: the crawl opens the file with its own settings
    db.execute("PRAGMA journal_mode=DELETE")  # no 1 GB write-ahead log to checkpoint
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")  # 256 MiB
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute("BEGIN")
    return db, "?"


def _create_schema(url: str) -> None:
    """The catalog's own schema, made by opening it as the crawler does."""
    sys.path.insert(0, str(ROOT))
    from archive.catalog import open_catalog

    open_catalog(url).close()


def seed(url: str, store_root: Path, n_articles: int, n_objects: int) -> dict:
    t0 = time.perf_counter()
    _create_schema(url)
    db, ph = _connect(url)
    indexes = []
    if ph == "?":  # SQLite: build the secondary indexes once, after the rows are in
        indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type='index'"
                             " AND sql IS NOT NULL").fetchall()
        for name, _ in indexes:
            db.execute(f"DROP INDEX {name}")
    rng = random.Random(9)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    first = now - timedelta(days=1000)
    per_warc = max(1, n_articles // n_objects)

    def marks(n: int) -> str:
        return ",".join([ph] * n)

    # WARC objects: one per (source, day) run file, captures spread over them in order
    warcs = []
    for w in range(n_objects):
        source = ("sputnik", "yenisafak")[w % 2]
        when = first + timedelta(seconds=w * 1000 * 86400 // n_objects)
        name = (f"newsarchive-{source}-{when:%Y%m%d%H%M%S}000-{w % 100000:05d}-"
                f"crawler1.warc.gz")
        key = f"warcs/{source}/{when:%Y/%m/%d}/{name}"
        warcs.append((key, source, when))
    db.executemany(
        f"INSERT INTO objects (key, kind, status, local_path, sha256, size, records, source,"
        f" run_id, created, stored_at, attempts) VALUES ({marks(12)})",
        [(key, "warc", "stored", None, hashlib.sha256(key.encode()).hexdigest(),
          per_warc * 12_000, per_warc * 3, source, f"{when:%Y%m%dT%H%M%SZ}-seed00",
          when.isoformat(), when.isoformat(), 0) for key, source, when in warcs])

    slugs = ["-".join(rng.choice(WORDS) for _ in range(6)) for _ in range(983)]
    titles = [" ".join(rng.choice(WORDS) for _ in range(9)).capitalize() for _ in range(997)]
    leads = [" ".join(rng.choice(WORDS) for _ in range(25)) for _ in range(991)]

    def articles():  # generated again for each table: never all held in memory
        for i in range(n_articles):
            key, source, when = warcs[min(i // per_warc, n_objects - 1)]
            host, shape, base = SOURCES[source]
            aid = str(base + i)
            slug = slugs[i % len(slugs)]
            url = shape.format(day=f"{when:%Y%m%d}", slug=slug, id=aid)
            recorded = (when + timedelta(seconds=i % per_warc)).isoformat()
            yield i, key, source, aid, url, when, recorded

    topic = json.dumps({"score": 4.5, "decision": "relevant",
                        "sides": {"russia": 4, "syria": 5}})

    def article_rows(rows):
        for i, key, source, aid, url, when, recorded in rows:
            title = titles[i % len(titles)]
            data = {"source": source, "url": url, "canonical_url": url, "article_id": aid,
                    "title": title, "published": recorded, "authors": ["Staff writer"],
                    "lead": title + ". " + leads[i % len(leads)],
                    "section": "world", "tags": ["Syria", "Russia"], "language": "en"}
            meta = f"metadata/{source}/{when:%Y/%m/%d}/{aid}.json"
            yield (source, aid, url, url, aid, title, recorded, None, 1, 4.5,
                   topic, json.dumps(data), f"{when:%Y%m%dT%H%M%SZ}-seed00",
                   recorded, meta, "relevant")

    db.executemany(
        f"INSERT INTO articles (source, article_key, url, canonical_url, article_id, title,"
        f" published, agency, relevant, score, topic, data, run_id, recorded, metadata_key,"
        f" decision) VALUES ({marks(16)})", article_rows(articles()))
    db.executemany(
        f"INSERT INTO seen (source, key, url, relevant, first_seen, run_id) VALUES ({marks(6)})",
        ((source, aid, url, 1, recorded, f"{when:%Y%m%dT%H%M%SZ}-seed00")
         for _, _, source, aid, url, when, recorded in articles()))
    db.executemany(
        f"INSERT INTO captures (run_id, source, kind, url, warc_date, record_type, record_id,"
        f" payload_digest, status, mime, warc_key, \"offset\", length, article_key)"
        f" VALUES ({marks(14)})",
        ((f"{when:%Y%m%dT%H%M%SZ}-seed00", source, "article", url,
          recorded.replace("+00:00", "Z"), "response", f"<urn:uuid:{i:032x}>",
          "sha1:" + hashlib.sha1(url.encode()).hexdigest().upper()[:32], 200, "text/html",
          key, (i % per_warc) * 12_000, 11_000, aid)
         for i, key, source, aid, url, when, recorded in articles()))
    db.executemany(
        f"INSERT INTO pending (source, key, url, keys, via, first_seen, attempts, last_error)"
        f" VALUES ({marks(8)})",
        ((src, f"gone{i}", f"https://sputnikglobe.com/20250101/gone-{i}.html",
          json.dumps([f"gone{i}"]), None, first.isoformat(), 5, "HTTP 404")
         for i in range(1000) for src in ("sputnik",)))
    db.executemany(
        f"INSERT INTO runs (run_id, started, finished, status, sources, options, stats)"
        f" VALUES ({marks(7)})",
        ((f"{(first + timedelta(minutes=30 * r)):%Y%m%dT%H%M%SZ}-{r:06x}",
          (first + timedelta(minutes=30 * r)).isoformat(),
          (first + timedelta(minutes=30 * r + 2)).isoformat(), "ok",
          json.dumps(["yenisafak", "sputnik"]), json.dumps({"data_dir": "/elsewhere"}),
          json.dumps({"totals": {"new": 3, "archived": 2}})) for r in range(10_000)))
    for _, sql in indexes:
        db.execute(sql)
    if ph == "?":
        db.execute("COMMIT")
    else:
        db.commit()
    db.close()
    seeded_s = time.perf_counter() - t0
    for key, _, _ in warcs:  # the store holds the WARC objects (small stand-ins)
        path = store_root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"WARC/1.1\r\n")
    return {"articles": n_articles, "objects": n_objects, "seed_s": seeded_s,
            "store_s": time.perf_counter() - t0 - seeded_s}


# -- measuring -------------------------------------------------------------------------
def crawl_cmd(servers, data_dir: Path) -> list[str]:
    cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", str(data_dir)]
    for name, srv in servers.items():
        cmd += ["--base-url", f"{name}={srv.base_url}"]
    return cmd


def env_for(catalog_url: str | None) -> dict:
    env = {**os.environ, "NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY": "0",
           "NEWSARCHIVE_POLITENESS__AUTOTHROTTLE": "false", "NEWSARCHIVE_LOG_LEVEL": "WARNING"}
    if catalog_url:
        env["NEWSARCHIVE_CATALOG"] = catalog_url
    return env


def last_run(data_dir: Path, catalog_url: str | None) -> dict:
    if catalog_url and catalog_url.startswith("postgresql://"):
        return {}
    db = sqlite3.connect(data_dir / "catalog.sqlite")
    row = db.execute("SELECT stats FROM runs ORDER BY started DESC LIMIT 1").fetchone()
    db.close()
    return json.loads(row[0]).get("totals", {}) if row and row[0] else {}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--objects", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--catalog-url", help="catalog of the seeded side (default SQLite)")
    ap.add_argument("--keep", help="prepare (or reuse) the data directories here")
    ap.add_argument("--code", help="run the crawls from this checkout instead")
    args = ap.parse_args()
    base = Path(args.keep or tempfile.mkdtemp(prefix="bench-scale-"))
    cwd = Path(args.code).resolve() if args.code else ROOT
    urls = {"empty": None, "seeded": args.catalog_url}
    if args.catalog_url and args.catalog_url.startswith("postgresql://"):
        urls["empty"] = args.catalog_url.rstrip("/") + "_empty"
    servers = {name: SiteServer(name).start() for name in ("yenisafak", "sputnik")}
    try:
        ready = base / "ready.json"
        if not ready.exists():
            base.mkdir(parents=True, exist_ok=True)
            for side in ("empty", "seeded"):
                shutil.rmtree(base / side, ignore_errors=True)
                (base / side / "store").mkdir(parents=True)
            seeded = seed(urls["seeded"] or f"sqlite:///{base / 'seeded' / 'catalog.sqlite'}",
                          base / "seeded" / "store", args.articles, args.objects)
            print(f"seeded {seeded['articles']:,} articles and {seeded['objects']:,} WARC "
                  f"objects in {seeded['seed_s']:.0f} s (store files {seeded['store_s']:.0f} s)")
            for side in ("empty", "seeded"):  # the fixture's articles become known
                measured(crawl_cmd(servers, base / side), env_for(urls[side]), cwd)
            ready.write_text(json.dumps(seeded))
        size = (base / "seeded" / "catalog.sqlite").stat().st_size \
            if (base / "seeded" / "catalog.sqlite").exists() else 0
        rounds = {"empty": [], "seeded": []}
        for _ in range(args.rounds):
            for side in ("empty", "seeded"):
                r = measured(crawl_cmd(servers, base / side), env_for(urls[side]), cwd)
                r["totals"] = last_run(base / side, urls[side])
                rounds[side].append(r)
    finally:
        for srv in servers.values():
            srv.stop()
    report(rounds, size, cwd, base)


def report(rounds: dict, size: int, cwd: Path, base: Path) -> None:
    print(f"\ncode: {cwd}; data: {base}; seeded catalog {size / 2**20:,.0f} MiB")
    print(f"{'side':<8}{'wall s':>8}{'CPU s':>8}{'peak MiB':>10}   new  wall per round")
    med = {}
    for side, runs in rounds.items():
        m = med[side] = {k: statistics.median(r[k] for r in runs)
                         for k in ("wall_s", "cpu_user_s", "cpu_sys_s", "peak_rss_mib")}
        new = sum(r["totals"].get("new", 0) for r in runs)
        print(f"{side:<8}{m['wall_s']:>8.2f}{m['cpu_user_s'] + m['cpu_sys_s']:>8.2f}"
              f"{m['peak_rss_mib']:>10.1f}{new:>6}  {[round(r['wall_s'], 2) for r in runs]}")
    for k, label in (("wall_s", "wall"), ("peak_rss_mib", "peak RSS")):
        print(f"seeded/empty {label}: {med['seeded'][k] / med['empty'][k]:.3f}")
    cpu = {s: med[s]["cpu_user_s"] + med[s]["cpu_sys_s"] for s in med}
    print(f"seeded/empty CPU: {cpu['seeded'] / cpu['empty']:.3f}")
    out = ROOT / "bench/results"
    out.mkdir(exist_ok=True)
    (out / "scale.json").write_text(json.dumps({"rounds": rounds, "median": med,
                                                "catalog_bytes": size, "code": str(cwd)},
                                               indent=1, default=str))


if __name__ == "__main__":
    main()
