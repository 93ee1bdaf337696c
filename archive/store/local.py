"""The embedded default store: a local directory laid out like the object keys."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import BinaryIO, Iterator

from ..files import atomic_write, check_writable, create_temp, fsync_dir
from .base import (IntegrityError, ObjectNotFound, StoredObject, StoreError, check_range,
                   sha256_file, short_range)

META_DIR = ".meta"  # sidecar JSON per object: {"sha256":…, "metadata":{…}}


class LocalStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.url = self.root.as_uri()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # a read-only or missing place: check() says so in one line

    def check(self) -> None:
        """Raise :class:`StoreError` unless the store directory takes files."""
        try:
            check_writable(self.root)
        except OSError as e:
            raise StoreError(f"{self.root} cannot take files: {type(e).__name__}: "
                             f"{e.strerror or e}") from None

    UPLOAD_PREFIX = ".upload-"
    UPLOAD_DIR = ".uploads"  # half-copied uploads live here, not beside the archive's files

    @property
    def upload_dir(self) -> Path:
        return self.root / self.UPLOAD_DIR

    def incomplete_uploads(self) -> list[tuple[str, float]]:
        """(path, age in seconds) of uploads a killed run left half-copied. Uploads are
        copied inside one directory, so finding them never walks the archive."""
        now, found = time.time(), []
        if self.upload_dir.is_dir():
            for p in self.upload_dir.iterdir():
                if p.name.startswith(self.UPLOAD_PREFIX) and p.is_file():
                    try:
                        found.append((p.relative_to(self.root).as_posix(),
                                      now - p.stat().st_mtime))
                    except FileNotFoundError:
                        continue
        return sorted(found)

    def abort_incomplete_uploads(self, older_than_s: float = 0.0) -> int:
        n = 0
        for rel, age in self.incomplete_uploads():
            if age >= older_than_s:
                (self.root / rel).unlink(missing_ok=True)
                n += 1
        return n

    def _path(self, key: str) -> Path:
        p = (self.root / key).resolve()
        if self.root not in p.parents:
            raise ValueError(f"key escapes the store root: {key!r}")
        return p

    def _meta_path(self, key: str) -> Path:
        return self.root / META_DIR / (key + ".json")

    def _write_meta(self, key: str, sha256: str, metadata: dict[str, str] | None) -> None:
        mp = self._meta_path(key)
        mp.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(mp, json.dumps({"sha256": sha256, "metadata": metadata or {}}).encode())

    def put_file(self, key, path, *, sha256, metadata=None, content_type="application/octet-stream"):
        dest = self._path(key)
        existing = self.head(key)
        if existing and existing.sha256 == sha256 and sha256_file(dest) == sha256:
            return existing  # idempotent: the same bytes are already there
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.upload_dir.mkdir(exist_ok=True)
        fd, tmp = create_temp(self.upload_dir, self.UPLOAD_PREFIX)  # same mode as spool files
        try:
            with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
                shutil.copyfileobj(src, out, 1024 * 1024)
                out.flush()
                os.fsync(out.fileno())
            actual = sha256_file(tmp)
            if actual != sha256:
                raise IntegrityError(f"{key}: stored sha256 {actual} != expected {sha256}")
            os.replace(tmp, dest)
            fsync_dir(dest.parent)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        self._write_meta(key, sha256, metadata)
        return StoredObject(key, dest.stat().st_size, sha256, dict(metadata or {}))

    def put_bytes(self, key, data, *, metadata=None, content_type="application/octet-stream"):
        import hashlib

        dest = self._path(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest()
        atomic_write(dest, data)
        if sha256_file(dest) != digest:  # read back, as put_file verifies
            dest.unlink()
            raise IntegrityError(f"{key}: stored bytes differ from what was written")
        self._write_meta(key, digest, metadata)
        return StoredObject(key, len(data), digest, dict(metadata or {}))

    def open(self, key) -> BinaryIO:
        try:
            return open(self._path(key), "rb")
        except FileNotFoundError as e:
            raise ObjectNotFound(key) from e

    def read_range(self, key, offset, length) -> bytes:
        check_range(offset, length)
        with self.open(key) as f:
            f.seek(offset)
            data = f.read(length)
        if len(data) != length:
            raise short_range(str(self._path(key)), offset, length, len(data))
        return data

    def head(self, key):
        p = self._path(key)
        if not p.is_file():
            return None
        sha, meta = None, {}
        mp = self._meta_path(key)
        if mp.is_file():
            side = json.loads(mp.read_text())
            sha, meta = side.get("sha256"), side.get("metadata", {})
        return StoredObject(key, p.stat().st_size, sha, meta)

    def list(self, prefix="") -> Iterator[StoredObject]:
        """Key and size of each object under ``prefix``, streamed directory by directory
        (``sha256`` is None, as from S3: no sidecar read each). Only the directories
        the prefix can lie in are walked."""
        head, _, _ = prefix.rpartition("/")
        start = self._path(head) if head else self.root
        if not start.is_dir():
            return
        for dirpath, dirnames, filenames in os.walk(start):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = os.path.join(dirpath, name)
                key = Path(path).relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    try:
                        size = os.stat(path).st_size
                    except FileNotFoundError:
                        continue  # deleted meanwhile
                    yield StoredObject(key, size)

    def delete(self, key) -> None:
        for p in (self._path(key), self._meta_path(key)):
            if p.exists():
                p.unlink()
