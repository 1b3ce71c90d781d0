"""Named, recorded schema migrations.

Each migration has a sortable name (``0001_articles``) and a function that changes the schema
inside one transaction; applying it records ``(name, applied_at)`` in ``schema_migrations`` in the
same transaction, so a migration is either fully applied and recorded or not at all (both SQLite
and PostgreSQL have transactional DDL). Re-running :func:`migrate` applies only what is pending.

A database that records a migration this code does not know was written by newer code:
:func:`check_known` raises :class:`~eventwire.errors.MigrationError` rather than guess.

Adding a migration: append to :data:`MIGRATIONS`. The first migrations create tables from
:mod:`eventwire.store.schema`, which describes the *latest* shape; a later migration that alters an
existing table must therefore also freeze the earlier migration's copy of that table's old shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from ..errors import MigrationError
from . import schema as s

log = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that serialises concurrent migrators (any fixed 64-bit int).
_PG_LOCK_KEY = 0x6576_7477_6972_65  # "evtwire"


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One schema change: ``name`` (recorded once applied) and ``up``, run inside a transaction."""

    name: str
    up: Callable[[sa.Connection], None]


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def up(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn)  # with its indexes

    return up


_SQLITE_FTS = (
    # External-content FTS5 index over the articles table, kept in sync by triggers.
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, clean_text, content='articles', content_rowid='rowid',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN"
    " INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)"
    " VALUES ('delete', old.rowid, old.title, old.clean_text); END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE ON articles BEGIN"
    " INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)"
    " VALUES ('delete', old.rowid, old.title, old.clean_text);"
    " INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
)
_PG_FTS = (
    "CREATE INDEX ix_articles_fts ON articles USING gin "
    "(to_tsvector('english', coalesce(title, '') || ' ' || clean_text))",
)


def _search_index(conn: sa.Connection) -> None:
    """Full-text index over article titles and cleaned text: FTS5 on SQLite, a GIN tsvector index on
    PostgreSQL (static DDL, no values)."""
    for ddl in _PG_FTS if conn.dialect.name == "postgresql" else _SQLITE_FTS:
        conn.execute(sa.text(ddl))


# Indexes for the paged lists (benchmarks/store.py): the default event order and the type sort end
# in the id, so these serve ORDER BY … LIMIT without sorting every match; the claims order likewise.
# Static DDL (IF NOT EXISTS: a table created from the latest schema may already hold them).
_LIST_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_events_order ON events (date_start, date_end, id)",
    "CREATE INDEX IF NOT EXISTS ix_events_type_order ON events (type, date_start, id)",
    "CREATE INDEX IF NOT EXISTS ix_claims_order ON claims (as_of, article_id, ord, id)",
)


def _list_indexes(conn: sa.Connection) -> None:
    for ddl in _LIST_INDEXES:
        conn.execute(sa.text(ddl))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(name="0001_articles", up=_create(s.articles, s.ingest_log)),
    Migration(name="0002_extraction", up=_create(s.mentions, s.actors, s.places, s.claims)),
    Migration(name="0003_fusion", up=_create(s.events, s.event_mentions, s.fusion_decisions)),
    Migration(name="0004_search", up=_search_index),
    Migration(name="0005_list_indexes", up=_list_indexes),
)
KNOWN: frozenset[str] = frozenset(m.name for m in MIGRATIONS)


def applied(conn: sa.Connection) -> list[tuple[str, datetime]]:
    """Migrations recorded in the database, oldest first; empty for a database never migrated."""
    if not sa.inspect(conn).has_table(s.schema_migrations.name):
        return []
    rows = conn.execute(sa.select(s.schema_migrations.c.name, s.schema_migrations.c.applied_at)
                        .order_by(s.schema_migrations.c.name))
    return [(name, at) for name, at in rows]


def check_known(history: list[tuple[str, datetime]]) -> None:
    """Raise MigrationError when the database records migrations this code does not know."""
    unknown = [name for name, _ in history if name not in KNOWN]
    if unknown:
        raise MigrationError(
            f"the database was migrated by newer eventwire code (unknown migrations: "
            f"{', '.join(unknown)}); upgrade eventwire to use it")


def migrate(begin_write: Callable[[], AbstractContextManager[sa.Connection]],
            read: Callable[[], AbstractContextManager[sa.Connection]]) -> list[str]:
    """Apply every pending migration, each in its own write transaction; return the names applied.

    ``read`` opens a plain read transaction, used first to see whether anything is pending, so
    opening an up-to-date store never waits for another process's write lock. ``begin_write``
    opens a transaction that holds the database's write lock (SQLite: ``BEGIN IMMEDIATE``); on
    PostgreSQL an advisory lock is taken too, so two processes migrating at once apply each
    migration exactly once.
    """
    with read() as conn:
        history = applied(conn)
    check_known(history)
    if {name for name, _ in history} >= KNOWN:
        return []
    with begin_write() as conn:
        _lock(conn)
        s.schema_migrations.create(conn, checkfirst=True)
    done: list[str] = []
    for migration in MIGRATIONS:
        with begin_write() as conn:
            _lock(conn)
            history = applied(conn)
            check_known(history)
            if migration.name in {name for name, _ in history}:
                continue  # applied earlier, or by another process meanwhile
            log.info("applying migration %s", migration.name)
            try:
                migration.up(conn)
            except sa.exc.SQLAlchemyError as e:
                raise MigrationError(f"migration {migration.name} failed: {e}") from e
            conn.execute(sa.insert(s.schema_migrations),
                         {"name": migration.name, "applied_at": datetime.now(UTC)})
        done.append(migration.name)
    return done


def _lock(conn: sa.Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.bindparam("key", _PG_LOCK_KEY,
                                                                         type_=sa.BigInteger))))
