"""Writing files so that readers see either nothing or all of it, durably.

Every file the spool and the local store write is created with mode 0666
less the umask (as ``open()`` does), so both hold files with the same
permissions, and every rename is followed by an fsync of its directory so
that the new name survives a power cut as well as the bytes do.
"""

from __future__ import annotations

import errno
import os
import secrets
import sqlite3
from pathlib import Path

FILE_MODE = 0o666  # less the umask, as open() creates files


def fsync_dir(path: str | os.PathLike) -> None:
    """Make the entries of directory ``path`` (a rename, a new file) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_temp(directory: Path, prefix: str = ".tmp-") -> tuple[int, Path]:
    """A new, empty file in ``directory`` opened for writing: (fd, path).

    Unlike ``tempfile.mkstemp`` (always 0600) it gets the mode every other file
    gets, so a renamed temporary file looks like one written directly.
    """
    while True:
        path = directory / f"{prefix}{secrets.token_hex(6)}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
        except FileExistsError:
            continue
        return fd, path


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def atomic_write(dest: Path, data: bytes, *, tmp: Path | None = None) -> None:
    """Write ``data`` to a temporary file beside ``dest`` (``tmp``, or a hidden
    ``.tmp-…`` name), fsync it, rename it over ``dest``, and fsync the directory."""
    if tmp is None:
        fd, tmp = create_temp(dest.parent)
    else:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
    try:
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(dest.parent)


# errnos of a local disk that cannot take more: full, over quota, over a size limit,
# mounted read-only, failing
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO})


def is_disk_error(e: BaseException) -> bool:
    """True for a local disk refusing writes (also SQLite's "database or disk is full")."""
    if isinstance(e, OSError):
        return e.errno in DISK_ERRNOS
    if isinstance(e, sqlite3.OperationalError):
        text = str(e).lower()
        return "disk is full" in text or "readonly database" in text or "disk i/o" in text
    return False


def check_writable(directory: Path) -> None:
    """Create, write, fsync and remove a small file in ``directory`` (made if missing);
    raises OSError when the directory cannot take files."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, path = create_temp(directory, ".probe-")
    try:
        write_all(fd, b"newsarchive write probe\n")
        os.fsync(fd)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
