"""The full pipeline against a bare Scrapy spider fetching exactly the same URLs.

Both fixture sites are served on 127.0.0.1 with extra generated articles
(``--extra`` per site); politeness is off for both sides (no delay, no
AutoThrottle, the same concurrency). Each round:

1. the pipeline side runs the real ``newsarchive crawl --since`` into a fresh
   local store (discovery, conditional requests, WARC recording, extraction,
   topic filter, WARC + CDXJ + metadata, fsync, catalog, shipping);
2. the fixture servers' request logs say exactly which URLs it fetched
   (robots.txt, feeds, sitemaps, listings, articles) and how many bytes they sent;
3. the bare side fetches that same URL list, in the same order, and does
   nothing with the responses; its requests are counted from the logs too.

Both sides are counted from what they really did (requests answered by the
servers, bytes sent), and each side's wall time, CPU seconds (every process
of its tree) and peak RSS (its largest process) are measured by
``bench/measure.py``. Runs alternate; medians are reported.

Each round is run in two regimes, and each regime has its own ratio:

* ``--latency-ms`` (default 50): every answer of the fixture waits that long,
  a stand-in for a site across a network. Both sides fetch with the same
  concurrency, so this asks whether the pipeline keeps up with the network.
* no latency: the fixture answers at once, so both sides are bound by their
  own CPU. This ratio is the cost of archiving itself (the bare side parses
  nothing), and the CPU ratio says the same per request.

(Until December 2026 the fixture wrote head and body of an answer in two
writes without TCP_NODELAY, so each answer waited ~40 ms for the client's
delayed ACK. Every earlier figure of this benchmark measured that stall: it
was a latency regime without saying so.)

    python bench/bench_pipeline.py [--extra 150] [--rounds 3] [--latency-ms 50] [--profile FILE]

``--profile FILE`` runs one more pipeline crawl with the crawl child under
cProfile and prints where its time goes, by area.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measure import measured  # noqa: E402
from tests.sitesim import SiteServer, new_article  # noqa: E402

CONCURRENCY = 4


def pipeline_cmd(servers, data_dir: Path) -> list[str]:
    cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", str(data_dir),
           "--since", "2025-10-01"]
    for name, srv in servers.items():
        cmd += ["--base-url", f"{name}={srv.base_url}"]
    return cmd


def pipeline_env(extra: dict | None = None) -> dict:
    return {**os.environ, "NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY": "0",
            "NEWSARCHIVE_POLITENESS__AUTOTHROTTLE": "false",
            "NEWSARCHIVE_POLITENESS__CONCURRENT_PER_SITE": str(CONCURRENCY),
            "NEWSARCHIVE_LOG_LEVEL": "WARNING", **(extra or {})}


def served(servers, marks: dict) -> tuple[dict[str, list[str]], dict]:
    """URLs answered since ``marks`` (log positions) per source, site and CDN stand-in
    alike, in the order they were answered; and what the servers saw: requests, body
    bytes sent, the arrival times of the first and the last request."""
    urls, n, nbytes, times = {}, 0, 0, []
    for name, srv in servers.items():
        site_mark, cdn_mark = marks[name]
        urls[name] = []
        for base, entries in ((srv.base_url, srv.log[site_mark:]),
                              (srv.cdn_url, srv.cdn_log[cdn_mark:])):
            for entry in entries:
                n += 1
                nbytes += len(entry.body)
                times.append(entry.time)
                if entry.status:
                    urls[name].append((entry.time, base + entry.path))
        urls[name] = [url for _, url in sorted(urls[name], key=lambda tu: tu[0])]
    return urls, {"requests": n, "bytes": nbytes, "first": min(times), "last": max(times)}


def phases(side: dict, seen: dict) -> dict:
    """Split a side's wall time into start-up (until its first request reached a server),
    the crawl (first to last request) and the finish (last request to exit)."""
    side.update(requests=seen["requests"], bytes=seen["bytes"],
                startup_s=seen["first"] - side["start_epoch"],
                crawl_s=seen["last"] - seen["first"],
                finish_s=side["end_epoch"] - seen["last"])
    side["crawl_rps"] = (seen["requests"] - 1) / side["crawl_s"]
    return side


def marks_of(servers) -> dict:
    return {name: (len(srv.log), len(srv.cdn_log)) for name, srv in servers.items()}


def one_round(servers, tmp: Path, i: int) -> tuple[dict, dict]:
    marks = marks_of(servers)
    child_usage = tmp / f"child{i}.json"  # the crawl child's own CPU (the rest is the parent)
    ours = measured(pipeline_cmd(servers, tmp / f"data{i}"),
                    pipeline_env({"NEWSARCHIVE_CHILD_RUSAGE": str(child_usage)}), ROOT)
    child = json.loads(child_usage.read_text())
    ours["child_cpu_s"] = child["cpu_user_s"] + child["cpu_sys_s"]
    urls, seen = served(servers, marks)
    phases(ours, seen)
    urls_file = tmp / f"urls{i}.json"
    urls_file.write_text(json.dumps(urls))
    marks = marks_of(servers)
    bare = measured([sys.executable, str(ROOT / "bench/bare_spider.py"), str(urls_file),
                     str(CONCURRENCY)], cwd=ROOT)
    phases(bare, served(servers, marks)[1])
    return ours, bare


ENTRY_POINTS = (  # where the crawl child's CPU time goes: cumulative time of each stage
    ("extraction", "crawler/extract/__init__.py", "extract_article"),
    ("topic filter", "crawler/topic.py", "score"),
    ("WARC records (without fsync)", "archive/warc/writer.py", "_write_capture"),
    ("closed WARC + its CDXJ to the spool", "crawler/context.py", "_finished"),
    ("CDXJ sort of a closing WARC", "archive/warc/liveindex.py", "sorted_cdxj"),
    ("metadata JSON to spool", "crawler/context.py", "write_metadata"),
    ("discovery parsing", "crawler/discovery.py", "parse_rss"),
    ("discovery parsing", "crawler/discovery.py", "parse_sitemap"),
    ("discovery parsing", "crawler/discovery.py", "parse_listing"),
    ("recorder middleware", "crawler/middlewares/recorder.py", "process_response"),
    # story dedup: candidates, matcher, clusters, with their catalog calls
    ("story dedup: judge (index + matcher)", "archive/dedup/policy.py", "judge"),
    ("story dedup: record (clusters + index)", "archive/dedup/policy.py", "record"),
)
# stages inside another one (shown, but not taken off the rest twice)
NESTED = (("  of which CDXJ lines made while writing", "archive/warc/liveindex.py", "lines_for"),)
CATALOG = "archive/catalog/sql.py"  # SqlCatalog: the methods of both backends (i9-pg)


def profile(servers, tmp: Path, out: str) -> None:
    """Profile one pipeline crawl (CPU time of the crawl child) and group it by stage."""
    measured(pipeline_cmd(servers, tmp / "profiled"),
             pipeline_env({"NEWSARCHIVE_CPROFILE": out}), ROOT)
    stats = pstats.Stats(out)
    total = stats.total_tt
    by_area: dict[str, float] = {}
    for (filename, _line, func), (_cc, _nc, tt, ct, callers) in stats.stats.items():
        for area, path, name in ENTRY_POINTS + NESTED:
            if filename.endswith(path) and func == name:
                by_area[area] = by_area.get(area, 0.0) + ct
        if func == "<built-in method posix.fsync>":
            by_area["fsync"] = by_area.get("fsync", 0.0) + tt
        if filename.endswith(CATALOG):  # entered from outside sql.py and the dedup desk
            for caller, (*_, caller_ct) in callers.items():
                if not caller[0].endswith(CATALOG) and "archive/dedup/" not in caller[0]:
                    by_area["catalog (SQLite)"] = by_area.get("catalog (SQLite)", 0.0) \
                        + caller_ct
    nested = {area for area, _, _ in NESTED}
    by_area["Scrapy, Twisted and the rest"] = total - sum(
        t for area, t in by_area.items() if area not in nested)
    print(f"\ncrawl child under cProfile: {total:.2f} CPU s")
    for area, t in sorted(by_area.items(), key=lambda kv: -kv[1]):
        print(f"  {area:<40}{t:>7.2f} s {100 * t / total:>6.1f} %")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra", type=int, default=150, help="generated articles per site")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--latency-ms", type=float, default=50.0,
                    help="the network regime's wait before every answer")
    ap.add_argument("--profile", help="also profile one pipeline crawl (no latency) into this file")
    args = ap.parse_args()
    servers = {name: SiteServer(name).start() for name in ("yenisafak", "sputnik")}
    try:
        for name, srv in servers.items():
            for i in range(args.extra):
                srv.publish(new_article(name, category="russia-syria" if i % 2 else "unrelated",
                                        title=f"Bench story {i} on Russia and Syria"
                                        if i % 2 else f"Bench story {i} on the lira"))
        regimes = {f"network ({args.latency_ms:g} ms per answer)": args.latency_ms / 1000,
                   "CPU-bound (no latency)": 0.0}
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            for n, (regime, latency) in enumerate(regimes.items()):
                for srv in servers.values():
                    srv.latency = latency
                results[regime] = [one_round(servers, Path(tmp), 100 * n + i)
                                   for i in range(args.rounds)]
            if args.profile:
                profile(servers, Path(tmp), args.profile)
    finally:
        for srv in servers.values():
            srv.stop()
    summary = {regime: report(regime, rounds) for regime, rounds in results.items()}
    out = ROOT / "bench/results"
    out.mkdir(exist_ok=True)
    (out / "pipeline.json").write_text(json.dumps(summary, indent=1, default=str))


def cpu_of(m: dict) -> float:
    return m["cpu_user_s"] + m["cpu_sys_s"]


def report(regime: str, rounds: list[tuple[dict, dict]]) -> dict:
    print(f"\n== {regime}")
    sides = {"bare": [b for _, b in rounds], "pipeline": [o for o, _ in rounds]}
    keys = ("wall_s", "cpu_user_s", "cpu_sys_s", "peak_rss_mib", "requests", "bytes",
            "startup_s", "crawl_s", "finish_s", "crawl_rps")
    med = {side: {k: statistics.median(r[k] for r in runs) for k in keys}
           for side, runs in sides.items()}
    print(f"{'side':<10}{'requests':>9}{'MB sent':>9}{'wall s':>8}{'req/s':>8}"
          f"{'start s':>9}{'crawl s':>9}{'req/s':>8}{'finish s':>10}"
          f"{'CPU s':>8}{'peak MiB':>10}   wall per round")
    for side, m in med.items():
        cpu = m["cpu_user_s"] + m["cpu_sys_s"]
        print(f"{side:<10}{m['requests']:>9.0f}{m['bytes'] / 1e6:>9.2f}{m['wall_s']:>8.2f}"
              f"{m['requests'] / m['wall_s']:>8.1f}{m['startup_s']:>9.2f}{m['crawl_s']:>9.2f}"
              f"{m['crawl_rps']:>8.1f}{m['finish_s']:>10.2f}"
              f"{cpu:>8.2f}{m['peak_rss_mib']:>10.1f}   "
              f"{[round(r['wall_s'], 2) for r in sides[side]]}")
    child = statistics.median(o["child_cpu_s"] for o, _ in rounds)
    print(f"pipeline CPU s: crawl child {child:.2f}, parent (ships, manifests) "
          f"{cpu_of(med['pipeline']) - child:.2f}")
    same = all(o["requests"] == b["requests"] for o, b in rounds)
    rate = {s: med[s]["requests"] / med[s]["wall_s"] for s in med}
    cpu = {s: med[s]["cpu_user_s"] + med[s]["cpu_sys_s"] for s in med}
    ratio = rate["pipeline"] / rate["bare"]
    crawl_ratio = med["pipeline"]["crawl_rps"] / med["bare"]["crawl_rps"]
    print(f"same requests on both sides in every round: {same}")
    print(f"throughput ratio pipeline/bare: whole run {ratio:.3f}, while crawling "
          f"{crawl_ratio:.3f}; CPU ratio pipeline/bare = {cpu['pipeline'] / cpu['bare']:.2f}")
    return {"rounds": [{"pipeline": o, "bare": b} for o, b in rounds], "median": med,
            "ratio_pipeline_over_bare": ratio, "crawl_ratio_pipeline_over_bare": crawl_ratio,
            "same_requests": same}


if __name__ == "__main__":
    main()
