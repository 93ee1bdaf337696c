"""The crawl child process: ``python -m crawler.runner --settings FILE --run-id ID ...``.

Runs the chosen spiders in one Scrapy CrawlerProcess under a run id. The parent
(``newsarchive crawl``) starts it, ships what it spools, and reads its counters
from the catalog. Exit status: 0 when every spider finished, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys

from scrapy.crawler import CrawlerProcess

from crawler.settings import scrapy_settings
from crawler.spiders import SPIDERS
from newsarchive import logs
from newsarchive.config import Settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m crawler.runner")
    ap.add_argument("--settings", required=True, help="JSON file of the service settings")
    ap.add_argument("--run-id", required=True)
    ap.add_argument("--since")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--parent-pid", type=int, help="stop (SIGTERM) when this process dies")
    ap.add_argument("sources", nargs="+", choices=sorted(SPIDERS))
    args = ap.parse_args(argv)
    if args.parent_pid:
        _die_with_parent(args.parent_pid)

    with open(args.settings) as f:
        settings = Settings.model_validate(json.load(f))
    logs.configure(settings.log_format, settings.log_level, run_id=args.run_id)
    if args.parent_pid:
        _orphan_watchdog(args.parent_pid, settings.child_stop_grace_s)
    process = CrawlerProcess(scrapy_settings(settings, args.run_id))
    crawlers = []
    for source in args.sources:
        crawler = process.create_crawler(SPIDERS[source])
        crawlers.append(crawler)
        process.crawl(crawler, base_url=settings.base_urls[source], since=args.since,
                      limit=args.limit, lookback_days=settings.lookback_days)
    profile_to = os.environ.get("NEWSARCHIVE_CPROFILE")  # bench/bench_pipeline.py --profile
    if profile_to:
        import cProfile
        import time

        profiler = cProfile.Profile(time.process_time)  # CPU time, not waiting
        profiler.runcall(process.start)
        profiler.dump_stats(profile_to)
    else:
        process.start()
    reasons = [c.stats.get_value("finish_reason") for c in crawlers]
    usage_to = os.environ.get("NEWSARCHIVE_CHILD_RUSAGE")  # bench/bench_pipeline.py
    if usage_to:
        import resource

        ru = resource.getrusage(resource.RUSAGE_SELF)
        with open(usage_to, "w") as f:
            json.dump({"cpu_user_s": ru.ru_utime, "cpu_sys_s": ru.ru_stime,
                       "peak_rss_mib": ru.ru_maxrss / 1024}, f)
    return 0 if all(r == "finished" for r in reasons) else 1


def _die_with_parent(parent_pid: int) -> None:
    """Get SIGTERM (Scrapy then closes its spiders and WARCs) when the parent dies."""
    if sys.platform == "linux":
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # it died before we could ask
        sys.exit(1)


def _orphan_watchdog(parent_pid: int, grace_s: float) -> None:
    """i9-twosched: an orphaned crawl ends within ``grace_s`` (+5 s) of its parent's
    death. Its parent held the source's lease, which lapses once nobody renews it; a
    crawl still running then would run beside the next holder's. The parent's death
    already sent SIGTERM (a clean stop); after ``grace_s`` a second SIGTERM makes
    Scrapy stop at once (a WARC left open is salvaged by the next run), and 5 s later
    the process exits whatever it is doing."""
    import threading
    import time

    def watch():
        # signals are the main thread's (Scrapy's handlers, woken from the reactor's
        # wait): one delivered to this sleeping thread would wait for the reactor
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
        while os.getppid() == parent_pid:
            time.sleep(0.2)
        import structlog

        structlog.get_logger("crawler.runner").warning(
            "the parent process died; stopping", grace_s=grace_s)
        time.sleep(grace_s)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watchdog", daemon=True).start()


def _leave(rc: int) -> None:
    """Exit without tearing the interpreter down. When ``main`` returns, everything that
    must last is written: the spiders closed and spooled their WARCs, every catalog
    change is committed (a connection left open is no risk: SQLite's WAL and PostgreSQL
    keep only committed work). Teardown would only free memory and unload modules, about
    0.15 s of every run's end before the parent can ship. Buffered log lines and output
    are flushed first."""
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(rc)


if __name__ == "__main__":
    _leave(main())
