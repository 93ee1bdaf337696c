"""Shipping benchmark: Shipper.ship_pending one upload at a time vs several at once.

    python bench/bench_ship.py [--rounds N] [--concurrency N]

Fills a spool like a crawl of ~170 articles does (tests/shipkit.py: 170 metadata JSONs
of a few KB, 10 WARCs of 100-600 KB with their CDXJ, 2 manifests: 192 objects), then
ships it with concurrency 1 (the baseline: how every pass shipped before) and with the
default ``ship_concurrency``, to the local store, to a SeaweedFS it starts itself
(tests/s3server.py), and to the same SeaweedFS through a proxy that holds every
answer ``--latency-ms`` (a remote S3's round trip; bench/latency_proxy.py), in one run. Each round ships the same spool (same seed, so the
same bytes) afresh into an empty store location and a fresh SQLite catalog; filling
the spool is off the clock. The sides alternate which goes first. Objects/s count the
objects each pass really shipped (and the benchmark checks that every object was
shipped and left nothing spooled).

Prints a table and writes bench/results/ship.json.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.latency_proxy import LatencyProxy  # noqa: E402
from bench.report import write_results  # noqa: E402


def one_pass(tmp: Path, name: str, make_store, concurrency: int) -> dict:
    from archive.catalog import open_catalog
    from archive.spool import Shipper, Spool
    from shipkit import fill_spool

    work = tmp / name
    work.mkdir()
    catalog = open_catalog(f"sqlite:///{work / 'catalog.sqlite'}")
    try:
        spool = Spool(work / "spool", catalog)
        keys = fill_spool(spool, articles=170, warcs=10, seed=1)
        store = make_store(name)
        shipper = Shipper(spool, store, concurrency=concurrency)
        t0 = time.perf_counter()
        result = shipper.ship_pending()
        seconds = time.perf_counter() - t0
        if (result.shipped, result.failed, result.pending) != (len(keys), 0, 0):
            raise SystemExit(f"{name}: shipped {result} of {len(keys)} objects")
        return {"objects": result.shipped, "bytes": result.bytes, "seconds": seconds}
    finally:
        catalog.close()


def main() -> None:
    import structlog

    from archive.store import LocalStore
    from archive.store.s3 import S3Store
    from newsarchive.config import Settings
    from s3server import SeaweedS3

    default = Settings.model_fields["ship_concurrency"].default
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--latency-ms", type=float, default=20.0,
                    help="round trip of the remote S3 side (a proxy holds each answer)")
    ap.add_argument("--concurrency", type=int, default=default,
                    help=f"the concurrent side (default: ship_concurrency's default, {default})")
    args = ap.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))  # quiet

    sides = {"sequential": 1, "concurrent": args.concurrency}
    results: dict = {"host": {"python": platform.python_version(), "cpus": os.cpu_count(),
                              "load_avg": os.getloadavg()},
                     "rounds": args.rounds, "concurrency": sides, "stores": {}}
    remote = f"seaweedfs+{args.latency_ms:g}ms"
    results["latency_ms"] = args.latency_ms
    with tempfile.TemporaryDirectory(prefix="bench-ship-") as tmp, \
            SeaweedS3(Path(tmp) / "weed") as srv, \
            LatencyProxy(_host_port(srv.endpoint_url), args.latency_ms / 1000) as proxy:
        tmp = Path(tmp)
        bucket = srv.make_bucket("bench")
        s3 = S3Store.from_url(f"s3://{bucket}", uploads=args.concurrency,
                              **srv.store_options())
        s3.put_bytes("warmup", b"x")  # volume growth, off the clock
        far = S3Store.from_url(f"s3://{bucket}", uploads=args.concurrency,
                               **{**srv.store_options(),
                                  "endpoint_url": f"http://127.0.0.1:{proxy.port}"})
        # one client per store for every pass, as a run keeps one: its connections stay open
        stores = {
            "local": lambda name: LocalStore(tmp / name / "store"),
            "seaweedfs": lambda name: S3Store(s3._client, bucket, name),
            remote: lambda name: S3Store(far._client, bucket, name),
        }
        for label, make_store in stores.items():
            totals = {side: {"objects": 0, "bytes": 0, "seconds": 0.0} for side in sides}
            for rnd in range(args.rounds):
                order = list(sides) if rnd % 2 == 0 else list(reversed(sides))
                for side in order:
                    r = one_pass(tmp, f"{label}-{side}-{rnd}", make_store, sides[side])
                    for k in totals[side]:
                        totals[side][k] += r[k]
            row = {side: {**t, "seconds": round(t["seconds"], 3),
                          "objects_per_s": round(t["objects"] / t["seconds"], 1),
                          "mb_per_s": round(t["bytes"] / 1e6 / t["seconds"], 1)}
                   for side, t in totals.items()}
            row["ratio"] = round(totals["sequential"]["seconds"] / totals["concurrent"]["seconds"]
                                 * totals["concurrent"]["objects"]
                                 / totals["sequential"]["objects"], 2)
            results["stores"][label] = row
    print_table(results)
    print(f"\nwrote {write_results('ship', results)}")


def _host_port(url: str) -> tuple[str, int]:
    parsed = urlparse(url)
    return parsed.hostname, parsed.port


def print_table(r: dict) -> None:
    c = r["concurrency"]
    print(f"Shipping one spool of a crawl's objects, {r['rounds']} rounds per side "
          f"(cpus {r['host']['cpus']}, load {r['host']['load_avg'][0]:.2f})")
    print(f"{'store':<19}{'side':<28}{'objects':>8}{'MB':>8}{'seconds':>9}{'obj/s':>9}"
          f"{'MB/s':>8}")
    for label, row in r["stores"].items():
        for side in ("sequential", "concurrent"):
            s = row[side]
            print(f"{label:<19}{side + f' (concurrency {c[side]})':<28}{s['objects']:>8}"
                  f"{s['bytes'] / 1e6:>8.1f}{s['seconds']:>9.3f}{s['objects_per_s']:>9.1f}"
                  f"{s['mb_per_s']:>8.1f}")
        print(f"{label:<19}{'ratio (objects/s)':<28}{row['ratio']:>17.2f}x")


if __name__ == "__main__":
    main()
