"""``python -m tests.sitesim SITE --port PORT [--fault 'REGEX=KIND[:PARAM]' ...]``"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .faults import KINDS, parse_spec
from .server import ROUTERS, SiteServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.sitesim", description="Serve a fixture news site.")
    parser.add_argument("site", choices=sorted(ROUTERS))
    parser.add_argument("--port", type=int, default=0, help="TCP port (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--cdn-host", default=None,
                        help="the CDN stand-in's address (default 127.0.0.2 beside 127.0.0.1, else --host)")
    parser.add_argument("--cdn-port", type=int, default=0, help="the CDN stand-in's port (0: any free port)")
    parser.add_argument("--fault", action="append", default=[], metavar="REGEX=KIND[:PARAM]",
                        help=f"inject a fault, KIND in {', '.join(KINDS)}; e.g. '^/rss=status:503,retry_after=5'")
    args = parser.parse_args(argv)
    srv = SiteServer(args.site, args.host, args.port, cdn_host=args.cdn_host, cdn_port=args.cdn_port)
    for spec in args.fault:
        try:
            regex, kind, times, params = parse_spec(spec)
        except ValueError as exc:
            parser.error(str(exc))
        srv.faults.add(regex, kind, times, **params)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):  # SIGINT too: background jobs start with it ignored
        signal.signal(sig, lambda *_: done.set())
    srv.start()
    print(f"sitesim: serving {args.site} at {srv.base_url}, its CDN at {srv.cdn_url} (Ctrl-C to stop)",
          flush=True)
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
