"""Store URLs and engines: which database, how it is connected, how its failures read.

Accepted URLs: ``sqlite:///path.db`` (relative) / ``sqlite:////abs/path.db``, a bare file path,
``sqlite://`` (in memory, one connection), and ``postgresql://…`` / ``postgres://…`` /
``postgresql+psycopg://…`` (psycopg 3 is the one PostgreSQL driver).

SQLite connections run in WAL mode with ``synchronous=NORMAL`` (a committed transaction survives
a crash of the process; only an OS crash may lose the last commits, never consistency), foreign
keys on and a busy timeout. The Python driver's own transaction handling does not wrap DDL, so it
is switched off and the store issues ``BEGIN`` itself: ``BEGIN IMMEDIATE`` for writes (take the
single write lock up front, waiting up to the busy timeout, instead of failing half-way).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from ..errors import ConfigError, StoreError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_S = 60.0
WRITE_OPTION = "eventwire_write"  # execution option marking a write transaction
# PostgreSQL SQLSTATEs after which the whole transaction may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected


def parse_url(url: str) -> sa.URL:
    """The SQLAlchemy URL of a store URL or bare path; ConfigError when it is not usable."""
    if not url:
        raise ConfigError("empty store URL; use sqlite:///path.db or postgresql://user@host/db")
    if "://" not in url:
        return sa.URL.create("sqlite", database=str(Path(url).expanduser()))
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as e:
        raise ConfigError(f"cannot parse store URL {url!r}: {e}") from e
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        return parsed.set(drivername="sqlite")
    if backend in ("postgresql", "postgres") and driver in ("", "psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    raise ConfigError(f"unsupported store URL scheme {parsed.drivername!r}; "
                      "use sqlite:///path.db or postgresql://user@host/db")


def create_engine(url: sa.URL, *, create: bool) -> sa.Engine:
    """An engine for ``url``; for a SQLite file, ``create`` also makes its parent folder.

    (SQLite itself creates a missing file in an existing folder on first use, with or without
    ``create``, so ``eventwire db migrate`` can initialise a new store.)
    """
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(url, pool_pre_ping=True)
    database = url.database or ""
    memory = database in ("", ":memory:")
    if not memory and create:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S}}
    if memory:
        kwargs |= {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = sa.create_engine(url, **kwargs)
    sa.event.listen(engine, "connect", _sqlite_on_connect)
    sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.isolation_level = None  # autocommit at driver level; we emit BEGIN ourselves
    # Unicode case folding for case-insensitive matches (SQLite's own lower() folds ASCII only).
    dbapi_connection.create_function("ew_casefold", 1, _casefold, deterministic=True)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _switch_to_wal(cursor: Any) -> None:
    """``PRAGMA journal_mode=WAL``, retried: on a new database, concurrent first opens race for the
    switch and SQLite answers the loser "database is locked" at once, without its busy handler."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_on_begin(conn: sa.Connection) -> None:
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def sqlstate(e: BaseException) -> str | None:
    """The SQLSTATE of a PostgreSQL error wrapped by SQLAlchemy, if any."""
    orig = getattr(e, "orig", None)
    return getattr(orig, "sqlstate", None)


@contextmanager
def store_errors(what: str) -> Iterator[None]:
    """Turn any SQLAlchemy/driver failure inside the block into a StoreError naming ``what``."""
    try:
        yield
    except sa.exc.SQLAlchemyError as e:
        detail = getattr(e, "orig", None) or e
        first_line = (str(detail).strip().splitlines() or [""])[0]
        raise StoreError(f"{what}: {type(detail).__name__}: {first_line}") from e
