"""A spool filled like a crawl's (shipping tests and bench/bench_ship.py).

A crawl of ~170 articles spools one metadata JSON per article (a few KB), and per
source and day a few WARCs (a few 100 KB), their CDXJ indexes and a manifest.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
from datetime import datetime, timedelta, timezone

from archive import layout
from archive.spool import Spool

DAY = datetime(2026, 11, 21, tzinfo=timezone.utc)
SOURCES = ("sputnik", "yenisafak")


def fill_spool(spool: Spool, articles: int = 170, warcs: int = 10, *, seed: int = 0,
               run_id: str = "r1") -> list[str]:
    """Spool ``articles`` metadata JSONs and ``warcs`` WARCs with their CDXJ and one
    manifest per source; the keys, in the order they were spooled."""
    rnd = random.Random(seed)
    keys = []
    for n in range(warcs):
        source = SOURCES[n % len(SOURCES)]
        created = DAY + timedelta(minutes=n)
        wkey = layout.warc_key(source, created, f"NEWS-{created:%Y%m%d%H%M%S}-{n:05d}.warc.gz")
        path = spool.path_for(wkey)
        path.write_bytes(rnd.randbytes(rnd.randint(100_000, 600_000)))  # gzip: incompressible
        spool.add(wkey, "warc", path, records=rnd.randint(5, 40), source=source, run_id=run_id)
        cdxj = "".join(f"org,example)/news/{n}/{i} 20261121120000 "
                       f'{{"url": "https://example.org/news/{n}/{i}", "offset": {i * 9000}}}\n'
                       for i in range(rnd.randint(20, 80))).encode()
        spool.add_bytes(layout.cdxj_key(wkey), "cdxj", cdxj, source=source, run_id=run_id)
        keys += [wkey, layout.cdxj_key(wkey)]
    for n in range(articles):
        source = SOURCES[n % len(SOURCES)]
        body = " ".join(rnd.choice(("Moscow", "Damascus", "talks", "said", "the", "on"))
                        for _ in range(rnd.randint(300, 1000)))
        data = json.dumps({"url": f"https://example.org/news/{n}", "title": f"Story {n}",
                           "text": body, "source": source}).encode()
        key = layout.metadata_key(source, DAY, f"story-{n}")
        spool.add_bytes(key, "metadata", data, source=source, run_id=run_id)
        keys.append(key)
    for source in SOURCES:
        key = layout.manifest_key(source, DAY)
        lines = "".join(json.dumps({"warc": k}) + "\n" for k in keys if f"/{source}/" in k)
        spool.add_bytes(key, "manifest", lines.encode(), source=source, run_id=run_id)
        keys.append(key)
    return keys


def check_books(spool: Spool, store, keys: list[str]) -> tuple[set[str], set[str]]:
    """Assert that the catalog, the spool and the store agree on every key: a key marked
    stored is in the store with its SHA-256 (read back) and gone from the spool; a key
    still spooled has its file in the spool with the catalog's SHA-256. Returns the
    (stored, spooled) keys."""
    from archive.store import sha256_file

    stored, spooled = set(), set()
    for key in keys:
        entry = spool.catalog.get_object(key)
        if entry.status == "stored":
            stored.add(key)
            assert entry.local_path is None and not (spool.root / key).exists(), key
            head = store.head(key)
            assert head is not None and head.sha256 == entry.sha256, key
            with store.open(key) as f:
                assert hashlib.sha256(f.read()).hexdigest() == entry.sha256, key
        else:
            assert entry.status == "spooled", (key, entry.status)
            spooled.add(key)
            assert sha256_file(spool.root / key) == entry.sha256, key
    return stored, spooled


class Watched:
    """Wraps a real store: counts put_file calls, the most ever running at once, and the
    keys whose put_file returned; ``before(key, n)`` runs ahead of the n-th call (may
    raise, sleep, stop the server…), ``after(key)`` after a successful one."""

    def __init__(self, store, before=None, after=None):
        self.store, self.url = store, store.url
        self.before, self.after = before, after
        self.lock = threading.Lock()
        self.calls = self.running = self.most = 0
        self.returned: list[str] = []
        self.threads: set[int] = set()

    def put_file(self, key, path, **kw):
        with self.lock:
            self.calls += 1
            n = self.calls
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.add(threading.get_ident())
        try:
            if self.before:
                self.before(key, n)
            obj = self.store.put_file(key, path, **kw)
            if self.after:
                self.after(key)
        finally:
            with self.lock:
                self.running -= 1
        with self.lock:
            self.returned.append(key)
        return obj

    def __getattr__(self, name):
        return getattr(self.store, name)


def catalog_calls(monkeypatch, catalog) -> list[tuple[str, str, int]]:
    """(method, key, thread) of each mark_stored/note_attempt/get_object call the catalog
    gets from now on (the real methods still run)."""
    calls = []
    for name in ("mark_stored", "note_attempt", "get_object"):
        real = getattr(catalog, name)

        def spy(key, *a, _real=real, _name=name, **kw):
            calls.append((_name, key, threading.get_ident()))
            return _real(key, *a, **kw)

        monkeypatch.setattr(catalog, name, spy)
    return calls
