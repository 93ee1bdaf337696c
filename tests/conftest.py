# --- SeaweedFS S3 server (tests/s3server.py) -------------------------------------------
import sys as _sys
from pathlib import Path as _Path

import pytest

_sys.path.insert(0, str(_Path(__file__).resolve().parent))
from s3server import SeaweedS3  # noqa: E402


@pytest.fixture(scope="session")
def s3server(tmp_path_factory):
    """One real SeaweedFS (master+volume+filer+S3) for the whole session.

    Tests may ``stop()`` and ``start()`` it (same ports, same data); it is
    SIGTERMed, then SIGKILLed, at the end of the session, also on failure or Ctrl-C.
    """
    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3(s3server):
    """The session server, started again if an earlier test left it stopped."""
    s3server.start()
    yield s3server
    s3server.start()


@pytest.fixture
def s3_bucket(s3):
    """A fresh, empty bucket on the running server."""
    return s3.make_bucket()


# --- catalogs on SQLite and PostgreSQL (i9-pg; tests/catalogs.py) -------------------------
from catalogs import (catalog, catalog_url, fresh_catalog_url, pg_database,  # noqa: E402,F401
                      pg_shared_url, pg_url)
