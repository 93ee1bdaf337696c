"""Small durability and layout guarantees: metadata keys that cannot collide, the same
file modes in spool and store, and every rename made durable by an fsync of its directory."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

from archive import layout
from archive.catalog import SqliteCatalog
from archive.spool import Shipper, Spool
from archive.store import LocalStore
from tests.crawlkit import ROOT
from tests.test_warc_writer import capture, writer

DAY = datetime(2026, 11, 20, tzinfo=timezone.utc)


def test_metadata_keys_of_different_articles_never_collide():
    keys = ["a/b", "a?b", "a_b", "a b", "a\\b", "x" * 150 + "1", "x" * 150 + "2",
            "https://127.0.0.1/news/1?x=1", "https://127.0.0.1/news/1?x=2", "..", ".", ""]
    made = [layout.metadata_key("s", DAY, k) for k in keys]
    assert len(set(made)) == len(keys), made
    for key in made:
        name = key.rsplit("/", 1)[1]
        assert len(name) <= 200 and "/" not in name and name not in (".json", "..json")
    assert layout.metadata_key("s", DAY, "3725768") == "metadata/s/2026/11/20/3725768.json"


def test_spool_and_store_files_have_the_same_mode(tmp_path):
    old = os.umask(0o022)
    try:
        catalog = SqliteCatalog(tmp_path / "c.sqlite")
        spool = Spool(tmp_path / "spool", catalog)
        closed = []
        w = writer(tmp_path / "spool", closed)
        w.write_capture(capture())
        w.close()
        spool.add(closed[0].key, "warc", closed[0].path)
        spool.add_bytes("metadata/s/2026/11/20/1.json", "metadata", b"{}")
        modes = {p.relative_to(tmp_path / "spool").as_posix(): stat.S_IMODE(p.stat().st_mode)
                 for p in (tmp_path / "spool").rglob("*") if p.is_file()}
        store = LocalStore(tmp_path / "store")
        assert Shipper(spool, store).ship_pending().shipped == 2
        store.put_bytes("manifests/s/2026/11/20.jsonl", b"{}\n")
        stored = {p.relative_to(tmp_path / "store").as_posix(): stat.S_IMODE(p.stat().st_mode)
                  for p in (tmp_path / "store").rglob("*") if p.is_file()}
    finally:
        os.umask(old)
    assert set(modes.values()) == {0o644}, modes
    assert set(stored.values()) == {0o644}, stored  # objects and their .meta sidecars


SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from archive.files import atomic_write
    from archive.store import LocalStore
    from tests.test_warc_writer import capture, writer
    d = Path({tmp!r})
    atomic_write(d / "spool" / "a.json", b"{{}}")
    closed = []
    w = writer(d / "spool", closed)
    w.write_capture(capture())
    w.close()
    LocalStore(d / "store").put_bytes("metadata/b.json", b"{{}}")
    LocalStore(d / "store").put_file("warcs/c.warc.gz", closed[0].path, sha256=__import__(
        "archive.store", fromlist=["sha256_file"]).sha256_file(closed[0].path))
""")


def test_every_rename_is_followed_by_an_fsync_of_its_directory(tmp_path):
    strace = shutil.which("strace")
    assert strace, "strace is needed to watch the system calls (apt-get install strace)"
    (tmp_path / "spool").mkdir()
    script = SCRIPT.format(root=str(ROOT), tmp=str(tmp_path))
    trace = tmp_path / "trace"
    proc = subprocess.run([strace, "-f", "-y", "-qq", "-o", str(trace),
                           "-e", "trace=rename,renameat,renameat2,fsync",
                           sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    renames, pending = 0, []
    for line in trace.read_text().splitlines():
        if re.search(r"\brename(at2?)?\(", line) and str(tmp_path) in line:
            dest = re.findall(r'"([^"]+)"', line)[-1]
            pending.append(str(Path(dest).parent))
            renames += 1
        m = re.search(r"fsync\(\d+<([^>]+)>\)", line)
        if m and m.group(1) in pending:
            pending = [p for p in pending if p != m.group(1)]
    assert renames >= 5, trace.read_text()[-3000:]
    assert pending == [], f"renames into {pending} were never made durable"
