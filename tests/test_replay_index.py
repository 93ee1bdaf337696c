"""The replay index kept from the store's CDXJ objects (archive/replay/index.py)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from archive.replay import index as ix
from archive.replay.index import IndexBusy, IndexSync, read_active
from archive.store import LocalStore


def cdxj(url: str, ts: str, name: str) -> bytes:
    fields = {"url": url, "mime": "text/html", "status": "200", "length": "10",
              "offset": "0", "filename": name}
    key = url.replace("http://", "com,example)/")
    return f"{key} {ts} {json.dumps(fields)}\n".encode()


class CountingStore(LocalStore):
    def __init__(self, root):
        super().__init__(root)
        self.opened: list[str] = []

    def open(self, key):
        self.opened.append(key)
        return super().open(key)


def put_warc(store, day: str, n: int, urls=("a", "b")) -> str:
    name = f"NEWS-{day.replace('/', '')}000000{n:03d}-00000-host"
    key = f"warcs/sputnik/{day}/{name}.warc.gz"
    store.put_bytes(key, b"warc")
    lines = sorted(cdxj(f"http://example.com/{u}{n}", f"{day.replace('/', '')}120000",
                        name + ".warc.gz") for u in urls)
    store.put_bytes(key.removesuffix(".warc.gz") + ".cdxj", b"".join(lines))
    return key


def all_lines(root) -> list[bytes]:
    return [line for p in read_active(root) for line in p.read_bytes().splitlines()]


@pytest.fixture
def today() -> str:
    return f"{datetime.now(timezone.utc):%Y/%m/%d}"


def test_syncs_only_new_objects_with_the_warc_key_as_filename(tmp_path, today):
    store = CountingStore(tmp_path / "store")
    first = put_warc(store, today, 1)
    sync = IndexSync(store, tmp_path / "idx")
    r = sync.sync_once()
    assert r.objects == 1 and r.lines == 2 and r.full
    lines = all_lines(tmp_path / "idx")
    assert {json.loads(line.split(b" ", 2)[2])["filename"] for line in lines} == {first}
    store.opened.clear()
    assert sync.sync_once().objects == 0 and store.opened == []  # nothing copied twice
    second = put_warc(store, today, 2)
    r = sync.sync_once()
    assert r.objects == 1 and not r.full  # found by the cheap listing of recent days
    assert store.opened == [second.removesuffix(".warc.gz") + ".cdxj"]
    assert len(all_lines(tmp_path / "idx")) == 4
    sync.close()
    # a restart copies nothing again
    again = IndexSync(store, tmp_path / "idx")
    store.opened.clear()
    assert again.sync_once().objects == 0 and store.opened == []
    assert len(all_lines(tmp_path / "idx")) == 4
    again.close()


def test_waits_for_the_warc(tmp_path, today):
    store = LocalStore(tmp_path / "store")
    key = put_warc(store, today, 1)
    store.delete(key)  # the CDXJ was shipped first
    sync = IndexSync(store, tmp_path / "idx")
    r = sync.sync_once()
    assert r.objects == 0 and r.waiting == 1
    store.put_bytes(key, b"warc")
    assert sync.sync_once().objects == 1
    sync.close()


def test_old_days_found_by_the_full_scan(tmp_path, today):
    store = LocalStore(tmp_path / "store")
    put_warc(store, today, 1)
    sync = IndexSync(store, tmp_path / "idx", full_scan_s=3600)
    sync.sync_once()
    put_warc(store, "2026/01/02", 7)  # shipped late from a spool backlog
    assert sync.sync_once().objects == 0  # the cheap cycle looks at recent days only
    assert sync.sync_once(full=True).objects == 1
    sync.close()


def test_merges_keep_every_line_sorted_in_few_files(tmp_path, today, monkeypatch):
    monkeypatch.setattr(ix, "FANOUT", 4)
    store = LocalStore(tmp_path / "store")
    for n in range(3):
        put_warc(store, today, n)
    sync = IndexSync(store, tmp_path / "idx")
    assert sync.sync_once().objects == 3  # three files pywb may be reading now
    for n in range(3, 23):
        put_warc(store, today, n)
    assert sync.sync_once().objects == 20
    files = read_active(tmp_path / "idx")
    assert len(files) <= 3 * 4  # at most FANOUT-1 files per level
    for p in files:
        lines = p.read_bytes().splitlines()
        assert lines == sorted(lines)
    assert len(all_lines(tmp_path / "idx")) == 46
    # superseded files are deleted only after the grace period
    on_disk = {p.name for p in (tmp_path / "idx" / "cdxj").iterdir()}
    assert on_disk > {p.name for p in files}
    sync.dir.collect(grace_s=0)
    assert {p.name for p in (tmp_path / "idx" / "cdxj").iterdir()} == {p.name for p in files}
    sync.close()


def test_one_process_per_index_and_another_store_starts_over(tmp_path, today):
    store = LocalStore(tmp_path / "store")
    put_warc(store, today, 1)
    sync = IndexSync(store, tmp_path / "idx")
    sync.sync_once()
    with pytest.raises(IndexBusy):
        IndexSync(store, tmp_path / "idx")
    sync.close()
    other = LocalStore(tmp_path / "other")
    moved = IndexSync(other, tmp_path / "idx")
    assert all_lines(tmp_path / "idx") == [] and moved.synced == {}
    moved.close()


def test_health_from_the_status_file(tmp_path):
    from archive.replay.health import health

    ok, doc = health(tmp_path, 30)
    assert not ok and "first sync" in doc["reason"]
    (tmp_path / "status.json").write_text(json.dumps(
        {"initial_sync_done": True, "last_ok": 1000.0}))
    assert health(tmp_path, 30, now=1100.0)[0]
    ok, doc = health(tmp_path, 30, now=1000.0 + 601)
    assert not ok and "no successful sync" in doc["reason"]


def test_rewrite_line_keeps_the_sort_key():
    line = cdxj("http://example.com/x", "20261130120000", "a.warc.gz")
    out = ix.rewrite_line(line, "warcs/s/2026/11/30/a.warc.gz")
    assert out.split(b" {")[0] == line.split(b" {")[0]
    assert json.loads(out.split(b" ", 2)[2])["filename"] == "warcs/s/2026/11/30/a.warc.gz"
