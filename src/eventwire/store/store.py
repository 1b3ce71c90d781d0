"""The :class:`Store`: articles and their extraction results in SQLite or PostgreSQL.

One class, two backends, the same contract (tests run it on both). Writes are batched, and every
write call is one transaction: a process killed mid-ingest leaves whole batches behind, never an
article without its mentions and claims, and re-running the same ingest completes it without
duplicates (articles are keyed by content id; inserts are ``INSERT … ON CONFLICT DO NOTHING``, so
concurrent writers on PostgreSQL never store an article twice). All SQL is built with SQLAlchemy
Core and bound parameters.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..errors import NotFoundError, StoreError
from ..model import Article, ArticleResult, Claim, EventMention, Rejection
from . import event_query, load, migrations, rows
from . import schema as s
from .articles import ArticleMethods
from .engine import RETRYABLE_SQLSTATES, WRITE_OPTION, create_engine, parse_url, sqlstate, store_errors
from .event_query import EventSelection
from .events import EventMethods

log = logging.getLogger(__name__)
T = TypeVar("T")
_RETRIES = 5


class Store(ArticleMethods, EventMethods):
    """Articles, event mentions and casualty claims, stored in SQLite or PostgreSQL.

    Open with :meth:`open`; use as a context manager or call :meth:`close`. Database failures
    surface as :class:`~eventwire.errors.StoreError` (missing records as ``NotFoundError``).
    A Store may be shared by threads; on SQLite only one transaction writes at a time.
    """

    def __init__(self, engine: sa.Engine) -> None:
        """Wrap an engine made by :func:`eventwire.store.engine.create_engine`; prefer :meth:`open`."""
        self._engine = engine
        self._where = engine.url.render_as_string(hide_password=True)

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> Store:
        """Open the store at ``url`` (``sqlite:///path.db``, a bare path, ``postgresql://…``).

        With ``create`` (default) a missing SQLite file is created and pending migrations run;
        without it, the schema is left as found (see :meth:`migrate`). Either way a database
        migrated by newer code raises MigrationError.
        """
        engine = create_engine(parse_url(url), create=create)
        store = cls(engine)
        try:
            if create:
                store.migrate()
            else:
                with store._errors("open"), store._read() as conn:
                    migrations.check_known(migrations.applied(conn))
        except BaseException:
            engine.dispose()
            raise
        log.debug("opened store %s", store._where)
        return store

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Release every connection; the Store must not be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply pending named migrations (each in its own transaction); return the names applied."""
        with self._errors("migrate"):
            return migrations.migrate(self._begin_write, self._read)

    def migrations(self) -> list[tuple[str, datetime]]:
        """Applied migrations ``(name, applied_at UTC)``, in order."""
        with self._errors("list migrations"), self._read() as conn:
            return migrations.applied(conn)

    # -- writing ------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        """True when an article with exactly this id is stored."""
        with self._errors("has_article"), self._read() as conn:
            query = sa.select(s.articles.c.id).where(s.articles.c.id == article_id)
            return conn.execute(query).first() is not None

    def add_article(self, article: Article, *, ingested_at: datetime | None = None) -> bool:
        """Store ``article`` (without extraction results); False, and nothing done, if already stored."""
        return self.add_results([ArticleResult(article=article)], ingested_at=ingested_at)[0]

    def add_results(self, results: Sequence[ArticleResult], *,
                    ingested_at: datetime | None = None) -> list[bool]:
        """Store each result's article and its mentions, actors, places and claims; one transaction.

        Returns, per result, True when its article was stored now and False when it was already
        stored (or appears earlier in ``results``): such a result is a no-op, its extraction is not
        touched (use :meth:`replace_result` to re-extract). ``ingested_at`` defaults to now (UTC).
        """
        if not results:
            return []
        now = ingested_at or datetime.now(UTC)
        first: dict[str, int] = {}
        for i, result in enumerate(results):
            rows.check_result(result)
            first.setdefault(result.article.id, i)
        article_rows = sorted((rows.article_row(results[i].article, now) for i in first.values()),
                              key=lambda r: r["id"])  # one lock order for concurrent writers
        rows.check_rows("add_results", article_rows)

        def write(conn: sa.Connection) -> set[str]:
            stmt = self._insert_ignore(s.articles).returning(s.articles.c.id)
            new = set(conn.execute(stmt, article_rows).scalars())
            self._insert_extraction(conn, [results[i] for i in sorted(first.values())
                                           if results[i].article.id in new])
            return new

        new = self._transact("add_results", write)
        return [first[r.article.id] == i and r.article.id in new for i, r in enumerate(results)]

    def replace_result(self, result: ArticleResult) -> None:
        """Replace a stored article's extraction (mentions, actors, places, claims) atomically.

        The article's metadata columns are updated from ``result.article`` too (its id, and so its
        text, is the same; ``ingested_at`` is kept). NotFoundError when the article is not stored.
        """
        rows.check_result(result)
        aid = result.article.id
        values = rows.article_row(result.article, datetime.now(UTC))
        rows.check_rows("replace_result", [values])
        del values["id"], values["ingested_at"]

        def write(conn: sa.Connection) -> None:
            # The UPDATE locks the article row on PostgreSQL, serialising concurrent replacements.
            updated = conn.execute(sa.update(s.articles).where(s.articles.c.id == aid).values(values))
            if updated.rowcount == 0:
                raise NotFoundError(f"no stored article with id {aid}")
            conn.execute(sa.delete(s.claims).where(s.claims.c.article_id == aid))
            # actors, places and event_mentions rows go with their mentions (ON DELETE CASCADE).
            conn.execute(sa.delete(s.mentions).where(s.mentions.c.article_id == aid))
            self._insert_extraction(conn, [result])

        self._transact("replace_result", write)

    def record_rejection(self, source: str, reason: str, line: int | None) -> None:
        """Log an input that could not be ingested (see :meth:`rejections`)."""
        row = {"source": source, "status": "rejected", "reason": reason, "line": line,
               "at": datetime.now(UTC)}
        rows.check_rows("record_rejection", [row])
        self._transact("record_rejection", lambda conn: conn.execute(sa.insert(s.ingest_log), row))

    # -- reading (articles: see .articles, events: see .events) --------------------------------

    def mentions(self, *, since: date | None = None, until: date | None = None,
                 country: str | None = None, type: str | None = None,
                 limit: int | None = None) -> list[EventMention]:
        """Stored mentions, earliest date first (then by id).

        ``since``/``until`` (inclusive) keep mentions whose date range overlaps them; ``country``
        keeps mentions listing that country; ``type`` is an event type such as ``"ASSAULT"``.
        """
        m = s.mentions.c
        with self._errors("mentions"), self._read() as conn:
            where: list[sa.ColumnElement[bool]] = []
            if since is not None:
                where.append(m.date_end >= since)
            if until is not None:
                where.append(m.date_start <= until)
            if country is not None:
                where.append(load.has_country(conn, m.countries, country))
            if type is not None:
                where.append(m.type == type)
            return load.mentions_where(conn, sa.and_(sa.true(), *where), (m.date_start, m.id), limit)

    def claims(self, *, article_id: str | None = None, outcome: str | None = None,
               victim_country: str | None = None, claimant_country: str | None = None,
               claimant: str | None = None, events: EventSelection | None = None,
               event_id: str | None = None, limit: int | None = None, offset: int = 0) -> list[Claim]:
        """Stored claims matching every given filter, by as-of day, article, text order (then id);
        one page, filtered and paged in SQL.

        ``article_id``, ``outcome`` and the countries match exactly; ``claimant`` keeps claims whose
        claimant name contains it, case-insensitively; ``events`` keeps claims of a mention fused
        into an event it selects, ``event_id`` claims of that event's mentions.
        """
        c = s.claims.c
        with self._errors("claims"), self._read() as conn:
            where = _claim_filters(conn, article_id=article_id, outcome=outcome, victim_country=victim_country,
                                   claimant_country=claimant_country, claimant=claimant, events=events,
                                   event_id=event_id)
            query = (sa.select(s.claims).where(*where)
                     .order_by(c.as_of, c.article_id, c.ord, c.id).limit(limit).offset(offset))
            return [rows.claim_of(r) for r in conn.execute(query).mappings()]

    def count_claims(self, *, article_id: str | None = None, outcome: str | None = None,
                     victim_country: str | None = None, claimant_country: str | None = None,
                     claimant: str | None = None, events: EventSelection | None = None,
                     event_id: str | None = None) -> int:
        """How many claims :meth:`claims` would list with these filters (a SQL ``COUNT``)."""
        with self._errors("count_claims"), self._read() as conn:
            where = _claim_filters(conn, article_id=article_id, outcome=outcome, victim_country=victim_country,
                                   claimant_country=claimant_country, claimant=claimant, events=events,
                                   event_id=event_id)
            return int(conn.execute(sa.select(sa.func.count()).select_from(s.claims).where(*where)).scalar_one())

    def rejections(self, *, limit: int | None = None) -> list[Rejection]:
        """Rejected inputs from the ingest log, oldest first."""
        log_ = s.ingest_log.c
        query = (sa.select(log_.source, log_.reason, log_.line).where(log_.status == "rejected")
                 .order_by(log_.id).limit(limit))
        with self._errors("rejections"), self._read() as conn:
            return [Rejection(source=src, reason=reason or "", line=line)
                    for src, reason, line in conn.execute(query)]

    def mentions_by_ids(self, ids: Sequence[str]) -> list[EventMention]:
        """Stored mentions with these ids (any order)."""
        out: list[EventMention] = []
        with self._errors("mentions_by_ids"), self._read() as conn:
            for part in load.chunks(list(ids)):
                out.extend(load.mentions_where(conn, s.mentions.c.id.in_(part), (s.mentions.c.id,)))
        return out

    def claims_for_articles(self, article_ids: Sequence[str]) -> list[Claim]:
        """Every claim of these articles, by article then text order."""
        c = s.claims.c
        out: list[Claim] = []
        with self._errors("claims_for_articles"), self._read() as conn:
            for part in load.chunks(list(article_ids)):
                q = sa.select(s.claims).where(c.article_id.in_(part)).order_by(c.article_id, c.ord)
                out.extend(rows.claim_of(r) for r in conn.execute(q).mappings())
        return out

    # -- internals ----------------------------------------------------------------------------

    def _errors(self, what: str) -> Any:
        return store_errors(f"{what} ({self._where})")

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _begin_write(self) -> Iterator[sa.Connection]:
        with self._engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    def _transact(self, what: str, fn: Callable[[sa.Connection], T]) -> T:
        """Run ``fn`` in one write transaction, re-running it after a deadlock/serialisation failure."""
        for attempt in range(1, _RETRIES + 1):
            try:
                with self._errors(what), self._begin_write() as conn:
                    return fn(conn)
            except StoreError as e:
                if attempt == _RETRIES or sqlstate(e.__cause__ or e) not in RETRYABLE_SQLSTATES:
                    raise
                log.info("%s: transaction conflict (%s), retrying", what, e)
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise StoreError(f"{what}: gave up after {_RETRIES} attempts")  # not reached

    def _insert_ignore(self, table: sa.Table) -> Any:
        """``INSERT … ON CONFLICT (primary key) DO NOTHING`` in this backend's dialect."""
        insert = postgresql.insert if self.backend == "postgresql" else sqlite.insert
        return insert(table).on_conflict_do_nothing(index_elements=[c.name for c in table.primary_key])

    def _insert_extraction(self, conn: sa.Connection, results: Sequence[ArticleResult]) -> None:
        mention_rows: list[dict[str, Any]] = []
        actor_rows: list[dict[str, Any]] = []
        place_rows: list[dict[str, Any]] = []
        claim_rows: list[dict[str, Any]] = []
        for result in results:
            for i, mention in enumerate(result.mentions):
                m, a, p = rows.mention_rows(mention, i)
                mention_rows.append(m)
                actor_rows.extend(a)
                place_rows.extend(p)
            claim_rows.extend(rows.claim_row(c, i) for i, c in enumerate(result.claims))
        for table, batch in ((s.mentions, mention_rows), (s.actors, actor_rows),
                             (s.places, place_rows), (s.claims, claim_rows)):
            if batch:
                rows.check_rows(table.name, batch)
                conn.execute(sa.insert(table), batch)


def _claim_filters(conn: sa.Connection, *, article_id: str | None, outcome: str | None,
                   victim_country: str | None, claimant_country: str | None, claimant: str | None,
                   events: EventSelection | None, event_id: str | None) -> list[sa.ColumnElement[bool]]:
    """SQL conditions on ``claims`` for the filters of :meth:`Store.claims`."""
    c = s.claims.c
    wanted = {c.article_id: article_id, c.outcome: outcome, c.victim_country: victim_country,
              c.claimant_country: claimant_country}
    where: list[sa.ColumnElement[bool]] = [col == v for col, v in wanted.items() if v is not None]
    if claimant:
        # both sides folded the way the backend's casefold does; LIKE wildcards in the text are escaped
        needle = claimant.lower() if conn.dialect.name == "postgresql" else claimant.casefold()
        where.append(event_query.casefold(conn, c.claimant_name).contains(needle, autoescape=True))
    if events is not None:
        where.append(c.event_id.in_(event_query.member_mentions(conn, events).scalar_subquery()))
    if event_id is not None:
        em = s.event_mentions.c
        where.append(c.event_id.in_(sa.select(em.mention_id).where(em.event_id == event_id).scalar_subquery()))
    return where
