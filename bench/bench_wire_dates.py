"""How long before the server read it each request was dated (issue 8: WARC-Date is when the
request went on the wire).

One backfill crawl of both fixture sites (wire quirks on); for every response and revisit
record, the fixture's arrival time of the exchange minus its WARC-Date. Dated when the request
was queued in Twisted's transport, a reactor busy with the pipeline widens this gap; dated when
the socket sends it, only the loopback hop and the fixture's own parsing remain.

    python bench/bench_wire_dates.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crawlkit import crawl, warc_files  # noqa: E402
from tests.sitesim import SiteServer  # noqa: E402
from tests.wirekit import exchanges, warc_datetime  # noqa: E402


def main() -> int:
    servers = {s: SiteServer(s, wire_quirks=True).start() for s in ("yenisafak", "sputnik")}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-wire-dates-") as tmp:
            data = Path(tmp)
            result = crawl(data, servers, "--since", "2025-10-01")
            if result.returncode != 0:
                print(result.stderr[-3000:], file=sys.stderr)
                return 1
            gaps = sorted(entry.time - warc_datetime(h.get_header("WARC-Date")).timestamp()
                          for h, _, _, entry in exchanges(warc_files(data / "store"),
                                                          servers.values()) if entry)
    finally:
        for srv in servers.values():
            srv.stop()
    print(f"{len(gaps)} exchanges; request dated before the server read it by: median "
          f"{statistics.median(gaps) * 1000:.1f} ms, p90 {gaps[int(len(gaps) * .9)] * 1000:.1f} ms, "
          f"max {gaps[-1] * 1000:.1f} ms; over 1 s: {sum(g >= 1 for g in gaps)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
