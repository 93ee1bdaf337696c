"""Exit codes of ``newsarchive`` and the one-line errors behind them.

0   done (``ok``, ``ok-spooled``, ``degraded``: failures counted and retried next run)
1   ``verify`` found problems in the archive
2   bad command line or settings (malformed or missing config file, unknown keys,
    bad dates, limits or store URLs); ``verify`` on a directory holding no archive
3   the crawl failed (crawl process failed, or a source fetched no discovery document)
4   local storage failed: the data, spool or catalog directory is missing, read-only,
    full, or the catalog is locked or damaged; what could be shipped was shipped
5   the store is unusable (wrong credentials, missing bucket, refused every upload)
    or, for ``verify``, unreachable
75  another crawl holds the data directory's lock (try again later)
"""

from __future__ import annotations

OK = 0
PROBLEMS = 1
USAGE = 2
CRAWL_FAILED = 3
LOCAL_STORAGE = 4
STORE = 5
LOCKED = 75


class CommandError(Exception):
    """A failure reported to the user as one line, with an exit code."""

    exit_code = USAGE

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(CommandError):
    exit_code = USAGE


class LocalStorageError(CommandError):
    exit_code = LOCAL_STORAGE


class StoreUnusable(CommandError):
    exit_code = STORE


def describe(e: BaseException) -> str:
    """``Type: message`` on one line."""
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
