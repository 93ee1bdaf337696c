"""Pages per second of the full pipeline vs a bare Scrapy spider, same pages, same run.

Both fixture sites are served on 127.0.0.1 with extra generated articles
(``--extra`` per site); politeness is off for both sides (no delay, no
AutoThrottle, the same concurrency). The pipeline side is the real
``newsarchive crawl`` into a fresh local store: discovery, conditional
requests, WARC recording, extraction, topic filter, WARC + CDXJ + metadata,
shipping into the store. The baseline fetches the same article URLs with a
bare spider and does nothing with them. Runs alternate; medians are reported.

    python bench/bench_pipeline.py [--extra 150] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sitesim import SiteServer, new_article  # noqa: E402

CONCURRENCY = 4


def run_pipeline(servers, data_dir: Path) -> float:
    env = {**os.environ, "NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY": "0",
           "NEWSARCHIVE_POLITENESS__AUTOTHROTTLE": "false",
           "NEWSARCHIVE_POLITENESS__CONCURRENT_PER_SITE": str(CONCURRENCY),
           "NEWSARCHIVE_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", str(data_dir),
           "--since", "2025-10-01"]
    for name, srv in servers.items():
        cmd += ["--base-url", f"{name}={srv.base_url}"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return elapsed


def run_bare(urls_file: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "bench/bare_spider.py"), str(urls_file),
                           str(CONCURRENCY)], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra", type=int, default=150, help="generated articles per site")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    servers = {name: SiteServer(name).start() for name in ("yenisafak", "sputnik")}
    try:
        for name, srv in servers.items():
            for i in range(args.extra):
                srv.publish(new_article(name, category="russia-syria" if i % 2 else "unrelated",
                                        title=f"Bench story {i} on Russia and Syria"
                                        if i % 2 else f"Bench story {i} on the lira"))
        urls = [srv.base_url + r.path for srv in servers.values() for r in srv.records]
        with tempfile.TemporaryDirectory() as tmp:
            urls_file = Path(tmp, "urls.json")
            urls_file.write_text(json.dumps(urls))
            ours, bare = [], []
            for i in range(args.rounds):
                bare.append(run_bare(urls_file))
                ours.append(run_pipeline(servers, Path(tmp, f"data{i}")))
        pages = len(urls)
        m_ours, m_bare = statistics.median(ours), statistics.median(bare)
        result = {
            "pages": pages, "rounds": args.rounds,
            "pipeline_s": [round(x, 2) for x in ours], "bare_s": [round(x, 2) for x in bare],
            "pipeline_pages_per_s": round(pages / m_ours, 1),
            "bare_pages_per_s": round(pages / m_bare, 1),
            "ratio_pipeline_over_bare": round((pages / m_ours) / (pages / m_bare), 3),
        }
    finally:
        for srv in servers.values():
            srv.stop()
    print(f"{'side':<10}{'median s':>10}{'pages/s':>10}   runs")
    print(f"{'bare':<10}{m_bare:>10.2f}{result['bare_pages_per_s']:>10}   {result['bare_s']}")
    print(f"{'pipeline':<10}{m_ours:>10.2f}{result['pipeline_pages_per_s']:>10}   "
          f"{result['pipeline_s']}")
    print(f"pages={pages}  ratio pipeline/bare = {result['ratio_pipeline_over_bare']}")
    out = ROOT / "bench/results"
    out.mkdir(exist_ok=True)
    (out / "pipeline.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
