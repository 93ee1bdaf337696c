"""Who holds a lease (i9-pg): several crawlers sharing one catalog tell themselves apart.

A crawler's identity is its machine and data directory: two schedulers with
their own data dirs are two holders, and the next run from the same data dir
is the same holder (it may take back its own unexpired claims at once).
"""

from __future__ import annotations

import socket
from pathlib import Path


def holder_id(data_dir: str | Path) -> str:
    return f"{socket.gethostname()}:{Path(data_dir).resolve()}"


def article_lease(source: str, key: str) -> str:
    """The lease name :meth:`claim_article` takes for an article."""
    return f"article:{source}:{key}"
