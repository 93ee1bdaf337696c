"""CDXJ of the crawl's WARCs two ways: cdxj-indexer over each closed file (``index_warc``,
what the crawl child did until December 2026) against the lines made while writing
(``archive.warc.liveindex.LiveIndex``, what it does now).

Two real crawls of both fixture sites (wire quirks on, ``--extra`` generated articles
each; the second run brings 304 revisits) write the WARCs. Then, for every WARC:

* re-read: ``index_warc(path)``, the file read, gunzipped and parsed again;
* write-time: each record as the writer held it when it had just written it (its WARC
  header block, its HTTP head as the recorded bytes, its payload stream), made again
  from the file before the clock starts, is given to ``LiveIndex.lines_for`` with its
  offset and length, then ``sorted_cdxj()``: the work the writer now does per record
  and at close.

Both sides must give the same bytes for every file (checked); each side's lines are
counted from what it produced. Sides alternate for ``--rounds`` rounds; medians of the
process CPU time are reported, and the ratio re-read / write-time.

    python bench/bench_cdxj.py [--extra 150] [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402
from warcio.recordloader import ArcWarcRecord  # noqa: E402

from archive.warc.cdxj import index_warc  # noqa: E402
from archive.warc.liveindex import LiveIndex  # noqa: E402
from archive.warc.verbatim import VerbatimHead  # noqa: E402
from tests.crawlkit import crawl, warc_files  # noqa: E402
from tests.sitesim import SiteServer, new_article  # noqa: E402

HTTP_RECORDS = ("response", "revisit", "request")


def as_written(path: Path) -> list[tuple[ArcWarcRecord, int, int]]:
    """Each record of the file as the writer held it after writing it, with its offset
    and length: WARC headers, the HTTP head as bytes (VerbatimHead), the payload."""
    out = []
    with open(path, "rb") as f:
        it = ArchiveIterator(f, no_record_parse=True)
        for rec in it:
            block = rec.raw_stream.read()
            uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
            http, payload = None, block
            if rec.rec_type in HTTP_RECORDS and uri.startswith(("http:", "https:")):
                end = block.find(b"\r\n\r\n")
                http = VerbatimHead(block[:end + 4], is_request=rec.rec_type == "request")
                payload = block[end + 4:]
            record = ArcWarcRecord("warc", rec.rec_type, rec.rec_headers, io.BytesIO(payload),
                                   http, rec.rec_headers.get_header("Content-Type"), len(block))
            out.append((record, it.get_record_offset(), it.get_record_length()))
    return out


def write_time(path: Path, records) -> bytes:
    index = LiveIndex(path.name)
    for record, offset, length in records:
        index.add(index.lines_for(record, offset, length))
    return index.sorted_cdxj()


def timed(fn) -> tuple[float, list[bytes]]:
    start = time.process_time()
    out = fn()
    return time.process_time() - start, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra", type=int, default=150, help="generated articles per site")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        servers = {name: SiteServer(name, wire_quirks=True).start()
                   for name in ("yenisafak", "sputnik")}
        try:
            for name, srv in servers.items():
                for i in range(args.extra):
                    srv.publish(new_article(name, category="russia-syria" if i % 2 else
                                            "unrelated"))
            for _ in range(2):  # the second run: 304 answers, server-not-modified revisits
                result = crawl(data, servers, "--since", "2025-10-01")
                assert result.returncode == 0, result.stderr[-3000:]
        finally:
            for srv in servers.values():
                srv.stop()
        files = warc_files(data / "store")
        prepared = [(f, as_written(f)) for f in files]
        size = sum(f.stat().st_size for f in files)
        n_records = sum(len(recs) for _, recs in prepared)
        sides = {
            "re-read (index_warc)": lambda: [index_warc(f) for f, _ in prepared],
            "write-time (LiveIndex)": lambda: [write_time(f, recs) for f, recs in prepared],
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        outputs: dict[str, list[bytes]] = {}
        for _ in range(args.rounds):
            for name, fn in sides.items():
                t, outputs[name] = timed(fn)
                times[name].append(t)
    reread, live = (outputs[name] for name in sides)
    same = reread == live
    print(f"{len(files)} WARCs, {n_records} records, "
          f"{size / 1e6:.2f} MB")
    print(f"{'side':<26}{'lines':>8}{'CPU s (median)':>16}{'µs per line':>13}   per round")
    med = {}
    for name in sides:
        lines = sum(out.count(b"\n") for out in outputs[name])
        med[name] = statistics.median(times[name])
        print(f"{name:<26}{lines:>8}{med[name]:>16.4f}{1e6 * med[name] / lines:>13.1f}   "
              f"[{', '.join(f'{t:.4f}' for t in times[name])}]")
    print(f"byte-identical CDXJ for every WARC: {same}")
    a, b = med.values()
    print(f"CPU ratio re-read / write-time = {a / b:.2f}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
