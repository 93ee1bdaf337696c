"""Replay for archivists: pywb straight from the store (``newsarchive replay``)."""

from .index import IndexBusy, IndexSync, SyncResult

__all__ = ["IndexBusy", "IndexSync", "SyncResult"]
