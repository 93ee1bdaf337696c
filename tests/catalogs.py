"""Catalog fixtures: every catalog test runs on SQLite and on the local PostgreSQL.

PostgreSQL is the one on 127.0.0.1:5432 (trust auth, user postgres; CI runs one;
``NEWSARCHIVE_TEST_PG`` names another admin URL). Each test session (each xdist
worker) creates a uniquely named database and drops it at the end, also on
failure; each test gets a fresh schema in it (the catalog URL carries its
``search_path``). If PostgreSQL cannot be reached the PostgreSQL tests fail with
that message: they are never skipped.
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ADMIN = os.environ.get("NEWSARCHIVE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", "postgresql"]


def _with_db(url: str, dbname: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + dbname, query=""))


def end_pg_sessions(url: str, pid: int | None = None) -> int:
    """What a PostgreSQL restart does to its clients: the session ``pid`` ends, or (without
    one) every other session of ``url``'s database. How many were ended."""
    import psycopg

    where = "pid = %s" if pid is not None else \
        "datname = current_database() AND pid <> pg_backend_pid()"
    with psycopg.connect(url, autocommit=True) as conn:
        return len(conn.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                f" WHERE {where}", (pid,) if pid is not None else ()
                                ).fetchall())

@pytest.fixture(scope="session")
def pg_database():
    """The URL of a database made for this session (dropped at its end)."""
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as e:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN}: the catalog tests run on it "
                    f"(start it, or set NEWSARCHIVE_TEST_PG): {e}", pytrace=False)
    name = f"newsarchive_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_db(PG_ADMIN, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def new_pg_schema(database_url: str) -> str:
    """A fresh, empty schema of the session database: the catalog URL that uses it."""
    import psycopg

    schema = "t_" + secrets.token_hex(6)
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    return f"{database_url}?options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url(pg_database):
    """A PostgreSQL catalog URL of its own for one test."""
    return new_pg_schema(pg_database)


@pytest.fixture(scope="session")
def pg_shared_url(pg_database):
    """One migrated schema for the session's plain catalog tests (emptied per test)."""
    from archive.catalog import open_catalog

    url = new_pg_schema(pg_database)
    open_catalog(url).close()
    return url


def empty_pg_catalog(url: str) -> None:
    """Every table of the catalog emptied (the schema stays migrated): faster than a
    fresh schema per test."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        tables = [r[0] for r in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_name <> 'schema_version'")]
        db.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY")


@pytest.fixture(params=BACKENDS)
def catalog_url(request, tmp_path):
    """An empty, migrated catalog URL, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    url = request.getfixturevalue("pg_shared_url")
    empty_pg_catalog(url)
    return url


@pytest.fixture(params=BACKENDS)
def fresh_catalog_url(request, tmp_path):
    """The URL of a catalog not yet created (no tables at all), once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def catalog(catalog_url):
    """An empty, open catalog, once per backend."""
    from archive.catalog import open_catalog

    c = open_catalog(catalog_url)
    yield c
    c.close()
