"""Peak memory of the crawl child against hostile responses (issue 6, item 7).

A hostile server on 127.0.0.1 (tests/faults/hostile.py) poses as Yeni Şafak and
serves one article as each case: ``plain`` (an ordinary page, for the idle
figure), ``bomb`` (an article padded to 1 GiB, gzip-encoded to about 1 MB) and
``endless`` (an HTML body that never ends, sent as fast as the socket takes it).
Each case is one real ``newsarchive crawl yenisafak`` into a fresh data
directory; the crawl child's (``crawler.runner``) peak RSS is its ``VmHWM``,
read from /proc until it exits. ``--limits-off`` raises the size limits to
4 GiB to show what the crawler did without them: use it with ``--cases bomb``
(about 3.2 GB of RAM); the endless case would grow until 4 GiB were received.

    python bench/bench_hostile_memory.py [--cases plain bomb endless] [--bomb-mib 1024]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.hostile import Behaviour, HostileServer, gzip_bomb  # noqa: E402

PATH = "/world/hostile-article-3710001"
GIB = 1 << 30


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _is_crawl_child(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"crawler.runner" in f.read()
    except OSError:
        return False


def _hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_case(behaviour: Behaviour, limits_off: bool) -> dict:
    with HostileServer({PATH: behaviour}) as srv, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ,
               "NEWSARCHIVE_BASE_URLS": '{"yenisafak": "%s", "sputnik": "http://127.0.0.1:9"}'
                                        % srv.base_url,
               "NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY": "0",
               "NEWSARCHIVE_POLITENESS__AUTOTHROTTLE": "false",
               "NEWSARCHIVE_LOG_LEVEL": "WARNING"}
        if limits_off:
            env["NEWSARCHIVE_INTAKE__YENISAFAK__MAX_BYTES"] = str(4 * GIB)
            env["NEWSARCHIVE_INTAKE__YENISAFAK__MAX_DECODED_BYTES"] = str(4 * GIB)
        cmd = [sys.executable, "-m", "newsarchive.cli", "crawl", "--data-dir", tmp, "yenisafak"]
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        peak, child = 0, None
        while proc.poll() is None:
            if child is None:
                child = next((c for c in _children(proc.pid) if _is_crawl_child(c)), None)
            if child is not None:
                peak = max(peak, _hwm_kib(child) or 0)
            time.sleep(0.02)
        out, err = proc.communicate()
        took = time.perf_counter() - began
        hit = srv.hits_for(PATH)
    if proc.returncode not in (0, 2):  # 2: a degraded run (the page failed), still measured
        raise SystemExit(f"crawl failed ({proc.returncode}):\n{err[-3000:]}")
    return {"peak_rss_mib": peak / 1024, "seconds": took, "sent_bytes": hit[0].sent if hit else 0,
            "summary": next((ln for ln in out.splitlines() if ln.startswith("yenisafak")), "")}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", nargs="+", default=["plain", "bomb", "endless"],
                    choices=["plain", "bomb", "endless"])
    ap.add_argument("--bomb-mib", type=int, default=1024, help="decoded size of the bomb")
    ap.add_argument("--limits-off", action="store_true", help="raise the limits to 4 GiB")
    args = ap.parse_args(argv)
    behaviours = {"plain": Behaviour("page"),
                  "bomb": Behaviour("bomb", {"size": args.bomb_mib << 20}),
                  "endless": Behaviour("endless")}
    if "bomb" in args.cases:
        from tests.faults.hostile import TEXT, article_html

        page = article_html(TEXT[:40], TEXT).encode()
        cut = page.index(b"</body>")
        wire = len(gzip_bomb(args.bomb_mib << 20, page[:cut], page[cut:]))
        print(f"gzip bomb: {wire / (1 << 20):.2f} MiB on the wire, {args.bomb_mib} MiB decoded")
    print(f"{'case':8} {'peak RSS of crawl child':>24} {'seconds':>8} {'bytes sent':>14}  summary")
    for case in args.cases:
        r = run_case(behaviours[case], args.limits_off)
        print(f"{case:8} {r['peak_rss_mib']:>20.1f} MiB {r['seconds']:>8.1f} "
              f"{r['sent_bytes']:>14,}  {r['summary']}", flush=True)


if __name__ == "__main__":
    main()
