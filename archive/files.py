"""Writing a file so that readers see either nothing or all of it, durably."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(dest: Path, data: bytes, *, tmp: Path | None = None) -> None:
    """Write ``data`` to a temporary file beside ``dest`` (``tmp``, or a hidden
    ``.tmp-…`` name), fsync it, then rename it over ``dest``."""
    if tmp is None:
        fd, name = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        f = os.fdopen(fd, "wb")
        tmp = Path(name)
    else:
        f = open(tmp, "wb")
    try:
        with f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
