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
                                [--catalog sqlite|postgresql://USER@HOST:PORT/DB]
                                [--keep DIR] [--code DIR]

``--catalog postgresql://…`` runs both sides on PostgreSQL: the benchmark creates two
throwaway databases on that server (``newsarchive_bench_<hex>`` seeded, ``…_empty``)
and drops them at the end (with ``--keep`` they stay, named in ``DIR/pg.json``, and are
reused). The seeded one is filled with ``COPY`` (secondary indexes built after the
rows, then ``VACUUM ANALYZE``), and each crawl gets ``NEWSARCHIVE_CATALOG``. Besides
the crawl's own time, CPU and peak memory, a PostgreSQL run reports the rows the
server read for it (``pg_stat_user_tables``: sequential-scan and index rows), which
the crawl's process tree does not show: a table scanned in full shows up there.
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

        return _Copying(psycopg.connect(url, autocommit=False)), "%s"
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    db = sqlite3.connect(path, isolation_level=None)
    # for the seeding only: the crawl opens the file with its own settings
    db.execute("PRAGMA journal_mode=DELETE")  # no 1 GB write-ahead log to checkpoint
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-262144")  # 256 MiB
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute("BEGIN")
    return db, "?"


class _Copying:
    """A psycopg connection whose ``executemany`` of a plain ``INSERT INTO t (cols)
    VALUES (...)`` streams the rows with ``COPY t (cols) FROM STDIN`` instead."""

    def __init__(self, db):
        self.db = db

    def execute(self, sql, params=()):
        return self.db.execute(sql, params)

    def executemany(self, sql, rows):
        head = sql.split(" VALUES ", 1)[0]
        assert head.startswith("INSERT INTO "), sql
        with self.db.cursor() as cur, cur.copy("COPY " + head[len("INSERT INTO "):]
                                               + " FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def commit(self):
        self.db.commit()

    def close(self):
        self.db.close()


def _secondary_indexes(db, ph: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each index that no constraint owns."""
    if ph == "?":
        return db.execute("SELECT name, sql FROM sqlite_master WHERE type='index'"
                          " AND sql IS NOT NULL").fetchall()
    return db.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname ="
        " current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE"
        " c.conname = i.indexname)").fetchall()


def _create_schema(url: str) -> None:
    """The catalog's own schema, made by opening it as the crawler does."""
    sys.path.insert(0, str(ROOT))
    from archive.catalog import open_catalog

    open_catalog(url).close()


def seed(url: str, store_root: Path, n_articles: int, n_objects: int) -> dict:
    t0 = time.perf_counter()
    _create_schema(url)
    db, ph = _connect(url)
    # the secondary indexes are built once, after the rows are in
    indexes = _secondary_indexes(db, ph)
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
        db.db.autocommit = True
        db.execute("VACUUM ANALYZE")  # fresh statistics and visibility map, as a live one has
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
        import psycopg

        with psycopg.connect(catalog_url) as db:
            row = db.execute("SELECT stats FROM runs ORDER BY started DESC LIMIT 1").fetchone()
    else:
        db = sqlite3.connect(data_dir / "catalog.sqlite")
        row = db.execute("SELECT stats FROM runs ORDER BY started DESC LIMIT 1").fetchone()
        db.close()
    return json.loads(row[0]).get("totals", {}) if row and row[0] else {}


def _with_db(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path="/" + name))


class PgDatabases:
    """Two throwaway databases on the server of ``admin_url`` (a URL whose database
    may be ``postgres``): ``newsarchive_bench_<hex>`` (seeded) and ``..._empty``;
    dropped at the end unless kept (``--keep``: reused by the next run)."""

    def __init__(self, admin_url: str, base: Path, keep: bool):
        import psycopg
        import secrets

        self.admin_url, self.keep = admin_url, keep
        names = base / "pg.json"
        if keep and names.exists():
            self.name = json.loads(names.read_text())["name"]
        else:
            self.name = f"newsarchive_bench_{secrets.token_hex(4)}"
        self.names = [self.name, self.name + "_empty"]
        with psycopg.connect(admin_url, autocommit=True) as db:
            have = {r[0] for r in db.execute("SELECT datname FROM pg_database")}
            for n in self.names:
                if n not in have:
                    db.execute(f'CREATE DATABASE "{n}"')
        if keep:
            base.mkdir(parents=True, exist_ok=True)
            names.write_text(json.dumps({"name": self.name}))
        self.urls = {"seeded": _with_db(admin_url, self.names[0]),
                     "empty": _with_db(admin_url, self.names[1])}

    def drop(self) -> None:
        import psycopg

        if self.keep:
            return
        with psycopg.connect(self.admin_url, autocommit=True) as db:
            for n in self.names:
                db.execute(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--objects", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--catalog", "--catalog-url", dest="catalog",
                    help="sqlite (default), or a postgresql:// server URL: both sides get a "
                         "throwaway database there, created and dropped by the benchmark")
    ap.add_argument("--keep", help="prepare (or reuse) the data directories here")
    ap.add_argument("--code", help="run the crawls from this checkout instead")
    args = ap.parse_args()
    base = Path(args.keep or tempfile.mkdtemp(prefix="bench-scale-"))
    cwd = Path(args.code).resolve() if args.code else ROOT
    urls: dict[str, str | None] = {"empty": None, "seeded": None}
    pg = None
    if args.catalog and args.catalog.startswith(("postgresql://", "postgres://")):
        pg = PgDatabases(args.catalog.replace("postgres://", "postgresql://", 1), base,
                         keep=bool(args.keep))
        urls = dict(pg.urls)
    elif args.catalog and args.catalog != "sqlite":
        urls["seeded"] = args.catalog
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
                  f"objects in {seeded['seed_s']:.0f} s (store files {seeded['store_s']:.0f} s)",
                  flush=True)
            for side in ("empty", "seeded"):  # the fixture's articles become known
                measured(crawl_cmd(servers, base / side), env_for(urls[side]), cwd)
            ready.write_text(json.dumps(seeded))
        size = _catalog_bytes(base / "seeded", urls["seeded"])
        rounds = {"empty": [], "seeded": []}
        for _ in range(args.rounds):
            for side in ("empty", "seeded"):
                before = server_reads(urls[side])
                r = measured(crawl_cmd(servers, base / side), env_for(urls[side]), cwd)
                if before is not None:  # before last_run's own query
                    r["server"] = reads_delta(before, server_reads(urls[side]))
                r["totals"] = last_run(base / side, urls[side])
                rounds[side].append(r)
    finally:
        for srv in servers.values():
            srv.stop()
        if pg is not None:
            pg.drop()
    backend = "postgresql" if pg is not None else "sqlite"
    report(rounds, size, cwd, base, backend)


def server_reads(url: str | None) -> dict | None:
    """PostgreSQL: rows each table gave out so far (sequential scans, index fetches) —
    the server's share of a run, which the crawl's own CPU and memory do not show."""
    if not (url and url.startswith("postgresql://")):
        return None
    import psycopg

    time.sleep(1.0)  # backends flush their counters at exit, and at most each second
    with psycopg.connect(url) as db:
        return {r[0]: {"seq_scan": r[1] or 0, "seq_rows": r[2] or 0, "idx_scan": r[3] or 0,
                       "idx_rows": r[4] or 0}
                for r in db.execute("SELECT relname, seq_scan, seq_tup_read, idx_scan,"
                                    " idx_tup_fetch FROM pg_stat_user_tables")}


def reads_delta(before: dict, after: dict) -> dict:
    out = {}
    for table, now in after.items():
        was = before.get(table, {})
        d = {k: v - was.get(k, 0) for k, v in now.items()}
        if any(d.values()):
            out[table] = d
    return out


def _catalog_bytes(data_dir: Path, url: str | None) -> int:
    if url and url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url) as db:
            return db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    path = data_dir / "catalog.sqlite"
    return path.stat().st_size if path.exists() else 0


def report(rounds: dict, size: int, cwd: Path, base: Path, backend: str = "sqlite") -> None:
    print(f"\ncode: {cwd}; data: {base}; {backend} catalog, seeded {size / 2**20:,.0f} MiB")
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
    for side, runs in rounds.items():  # PostgreSQL: what the server read for each run
        if "server" not in runs[0]:
            continue
        rows = statistics.median(sum(t["seq_rows"] + t["idx_rows"] for t in r["server"].values())
                                 for r in runs)
        scans = {t: v["seq_rows"] for t, v in runs[-1]["server"].items() if v["seq_rows"]}
        print(f"{side}: server rows read per run (median) {rows:,.0f}; sequential-scan rows "
              f"by table (last round) {scans or 'none'}")
    out = ROOT / "bench/results"
    out.mkdir(exist_ok=True)
    (out / f"scale-{backend}.json").write_text(json.dumps({"rounds": rounds, "median": med,
                                                "catalog_bytes": size, "code": str(cwd),
                                                "backend": backend},
                                               indent=1, default=str))


if __name__ == "__main__":
    main()
