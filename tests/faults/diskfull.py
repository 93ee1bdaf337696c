"""Real storage faults for tests: small tmpfs mounts, read-only mounts, file-size limits.

Mounting needs root (or CAP_SYS_ADMIN). Where the machine does not allow it the
helpers raise, so the test fails loudly instead of skipping what it exists to show.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sqlite3
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


def _mount(*args: str) -> None:
    proc = subprocess.run(["mount", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"mount {' '.join(args)} failed ({proc.returncode}): "
                           f"{proc.stderr.strip()}; these fault tests need root or "
                           "CAP_SYS_ADMIN to mount a small tmpfs")


@contextlib.contextmanager
def tmpfs(path: Path, size: str, *, readonly: bool = False):
    """A tmpfs of ``size`` (e.g. ``300k``) mounted at ``path`` for the block."""
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size},mode=0755" + (",ro" if readonly else "")
    _mount("-t", "tmpfs", "-o", opts, "tmpfs", str(path))
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def grow(path: Path, size: str) -> None:
    """Give a mounted tmpfs more room, keeping what it holds (space is back)."""
    _mount("-o", f"remount,size={size}", str(path))


def set_readonly(path: Path, readonly: bool) -> None:
    _mount("-o", "remount," + ("ro" if readonly else "rw"), str(path))


@contextlib.contextmanager
def file_size_limit(limit: int):
    """RLIMIT_FSIZE with SIGXFSZ ignored: writes past ``limit`` bytes get a real EFBIG."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old)


def record_at(path: Path, offset: int):
    """(type, target URI, content bytes) of the record at ``offset``, read to its end."""
    with open(path, "rb") as f:
        f.seek(offset)
        it = ArchiveIterator(f, check_digests=True)
        rec = next(iter(it))
        body = rec.content_stream().read()
        it.read_to_end(rec)
        assert rec.digest_checker.passed is not False, rec.digest_checker.problems
        return rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), body


def lost_articles(data_dir: Path, spool: Path, store: Path) -> list[str]:
    """Articles the catalog says are archived without an intact record where it says.

    The WARC is looked for in the store (shipped) or the spool (still waiting).
    """
    lost = []
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        rows = db.execute("SELECT source, article_key, url FROM articles WHERE relevant=1"
                          ).fetchall()
        for source, key, url in rows:
            caps = db.execute("SELECT warc_key, offset, url, record_type FROM captures"
                              " WHERE source=? AND article_key=? AND record_type IN"
                              " ('response','revisit')", (source, key)).fetchall()
            if not caps:
                lost.append(f"{url}: no capture")
                continue
            for warc_key, offset, cap_url, rtype in caps:
                path = store / warc_key if (store / warc_key).exists() else spool / warc_key
                try:
                    got = record_at(path, offset)
                except Exception as e:  # noqa: BLE001 - any failure to read is a loss
                    lost.append(f"{url}: {warc_key}@{offset}: {type(e).__name__}: {e}")
                    continue
                if got[:2] != (rtype, cap_url):
                    lost.append(f"{url}: {warc_key}@{offset} holds {got[:2]}")
    return lost


def article_states(data_dir: Path, source: str) -> dict[str, set[str]]:
    """Fixture article URLs the catalog has seen (archived or judged) and has pending."""
    with sqlite3.connect(data_dir / "catalog.sqlite") as db:
        seen = {u for (u,) in db.execute("SELECT url FROM seen WHERE source=?", (source,))}
        pending = {u for (u,) in db.execute("SELECT url FROM pending WHERE source=?",
                                            (source,))}
    return {"seen": seen, "pending": pending}


def warcio_check(paths) -> None:
    import sys

    for path in paths:
        proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, f"warcio check {path}: {proc.stdout}{proc.stderr}"


def free_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize
