"""Helpers for end-to-end tests: run the real ``newsarchive`` command on the fixture site."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parent.parent

FAST = {  # politeness off for tests: no delay, no throttle
    # a source a test forgot to point at the fixture site goes nowhere, never online
    "NEWSARCHIVE_BASE_URLS": '{"yenisafak": "http://127.0.0.1:9", "sputnik": "http://127.0.0.1:9"}',
    "NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY": "0",
    "NEWSARCHIVE_POLITENESS__AUTOTHROTTLE": "false",
    "NEWSARCHIVE_POLITENESS__CONCURRENT_PER_SITE": "4",
    "NEWSARCHIVE_SHIP_INTERVAL_S": "1",
}


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str

    def log_lines(self) -> list[dict]:
        return json_lines(self.stderr)


def json_lines(text: str) -> list[dict]:
    """The JSON log events in a process's output (other lines are left out)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return out


def newsarchive(*args: str, env: dict | None = None, timeout: float = 300) -> CrawlResult:
    proc = subprocess.run([sys.executable, "-m", "newsarchive.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **FAST, **(env or {})})
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr)


def crawl(data_dir: Path, servers: dict, *extra: str, env: dict | None = None) -> CrawlResult:
    args = ["crawl", "--data-dir", str(data_dir), "--log-format", "json"]
    for name, srv in servers.items():
        args += ["--base-url", f"{name}={srv.base_url}"]
    # only the sources stood in for: a test never reaches for the real sites
    sources = [name for name in servers if name not in extra]
    return newsarchive(*args, *extra, *sources, env=env)


def summary_row(stdout: str, source: str) -> dict[str, int]:
    """One source's row of the table `newsarchive crawl` prints at the end."""
    cols = ("discovered", "new", "relevant", "archived", "failed")
    for line in stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == source:
            return dict(zip(cols, map(int, parts[1:6])))
    raise AssertionError(f"no summary row for {source} in:\n{stdout}")


def sent_bodies(servers) -> dict[str, list[bytes]]:
    """URL → every complete 200 body the fixture servers sent for it (faulted ones left out)."""
    sent: dict[str, list[bytes]] = {}
    for srv in servers:
        logs = [(srv.base_url, srv.log)]
        if hasattr(srv, "cdn_log"):  # issue 10: the CDN stand-in's answers too
            logs.append((srv.cdn_url, srv.cdn_log))
        for base, log in logs:
            for e in log:
                if e.status == 200 and not e.fault:
                    sent.setdefault(base + e.path, []).append(e.body)
    return sent


def warc_files(store: Path) -> list[Path]:
    return sorted(store.glob("warcs/**/*.warc.gz"))


def indexed_kinds(store: Path) -> Counter:
    """Checks that each WARC's CDXJ in ``store`` (made by the crawl while it wrote the
    WARC) is byte for byte the one cdxj-indexer makes of the WARC (``index_warc``);
    returns how many records of each kind the WARCs hold: (WARC-Type, revisit profile's
    name or "")."""
    from archive.warc.cdxj import index_warc

    kinds: Counter = Counter()
    for warc in warc_files(store):
        stored = warc.with_name(warc.name.replace(".warc.gz", ".cdxj")).read_bytes()
        assert stored == index_warc(warc), warc.name
        with open(warc, "rb") as f:
            for rec in ArchiveIterator(f, no_record_parse=True):
                profile = rec.rec_headers.get_header("WARC-Profile") or ""
                kinds[rec.rec_type, profile.split("/revisit/")[-1]] += 1
    return kinds


def records(path: Path):
    """(record, raw payload bytes) for every record of a WARC file."""
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f):
            yield rec, rec.content_stream().read() if rec.rec_type != "response" \
                else rec.raw_stream.read()


def decoded(body: bytes) -> bytes:
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def fetch_fixture_page(url: str) -> bytes:
    """GET a page of the fixture site as a crawler would: ask for gzip, gunzip the answer."""
    import urllib.request

    assert url.startswith("http://127.0.0.1:"), "tests fetch only from the fixture site"
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip",
                                               "User-Agent": "newsarchive-tests"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        data = resp.read()
        if resp.headers.get("Content-Encoding", "").lower() == "gzip":
            data = gzip.decompress(data)
    return data
