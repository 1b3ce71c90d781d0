"""The article-reading half of :class:`~eventwire.store.Store`: one article (by id or unique id
prefix), pages and counts of articles with filters and sorting done in SQL, chunked iteration over
whole results, look-ups by id lists, and the full-text search glue.

:class:`ArticleMethods` is mixed into ``Store``; row conversion lives in :mod:`.rows` and
:mod:`.load`, the full-text SQL in :mod:`.search`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..errors import NotFoundError
from ..model import Article, ArticleResult
from . import event_query, load, rows, search
from . import schema as s

ARTICLE_SORTS = ("published", "title", "outlet")


class ArticleMethods:
    """Article-reading methods of ``Store`` (see :mod:`eventwire.store.store` for the contract)."""

    if TYPE_CHECKING:  # provided by Store
        def _errors(self, what: str) -> Any: ...
        def _read(self) -> AbstractContextManager[sa.Connection]: ...

    def get_article(self, article_id: str) -> Article:
        """The article with this id or unique id prefix; NotFoundError if none or ambiguous."""
        with self._errors("get_article"), self._read() as conn:
            return rows.article_of(_article_row(conn, article_id))

    def get_result(self, article_id: str) -> ArticleResult:
        """The article (id or unique prefix) with its mentions and claims, as originally stored."""
        with self._errors("get_result"), self._read() as conn:
            return load.results(conn, [_article_row(conn, article_id)])[0]

    def list_articles(self, *, limit: int | None = None, offset: int = 0, since: date | None = None,
                      until: date | None = None, outlet: str | None = None,
                      sort: str = "published") -> list[Article]:
        """Stored articles, one page, filtered, ordered and paged in SQL.

        ``since``/``until`` bound the publication day, both inclusive (undated articles are left
        out when either is given); ``outlet`` must match exactly. ``sort``: ``published`` (default:
        oldest first, undated last), ``title`` or ``outlet`` (case-insensitive, missing as empty),
        ``-`` prefixed for the reverse; ties are broken by id, so pages never skip or repeat.
        """
        with self._errors("list_articles"), self._read() as conn:
            query = (sa.select(s.articles).where(*_article_filters(since, until, outlet))
                     .order_by(*_article_order(conn, sort)).limit(limit).offset(offset))
            return [rows.article_of(r) for r in conn.execute(query).mappings()]

    def count_articles(self, *, since: date | None = None, until: date | None = None,
                       outlet: str | None = None) -> int:
        """How many stored articles :meth:`list_articles` would list with these filters."""
        query = (sa.select(sa.func.count()).select_from(s.articles)
                 .where(*_article_filters(since, until, outlet)))
        with self._errors("count_articles"), self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def iter_results(self, *, since: date | None = None, until: date | None = None,
                     outlet: str | None = None, chunk: int = 100) -> Iterator[ArticleResult]:
        """Every stored result matching the filters (as in :meth:`list_articles`), by article id.

        Reads ``chunk`` articles per short transaction, so a long iteration holds no lock and sees
        articles committed meanwhile whose id sorts after the current position.
        """
        after = ""
        filters = _article_filters(since, until, outlet)
        while True:
            query = (sa.select(s.articles).where(s.articles.c.id > after, *filters)
                     .order_by(s.articles.c.id).limit(chunk))
            with self._errors("iter_results"), self._read() as conn:
                batch = load.results(conn, list(conn.execute(query).mappings()))
            if not batch:
                return
            yield from batch
            after = batch[-1].article.id

    def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]:
        """Stored articles with these ids (any order)."""
        out: list[Article] = []
        with self._errors("articles_by_ids"), self._read() as conn:
            for part in load.chunks(list(article_ids)):
                q = sa.select(s.articles).where(s.articles.c.id.in_(part))
                out.extend(rows.article_of(r) for r in conn.execute(q).mappings())
        return out

    def search_articles(self, q: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[Article]]:
        """Articles whose title or cleaned text contains every word of ``q`` (full text: SQLite FTS5
        with diacritics folded, PostgreSQL ``plainto_tsquery('english')``), best match first; returns
        (total matches, the requested page). See :mod:`.search`."""
        with self._errors("search_articles"), self._read() as conn:
            return search.search_articles(conn, q, limit=limit, offset=offset)


def _article_row(conn: sa.Connection, article_id: str) -> rows.Row:
    """The ``articles`` row whose id is ``article_id`` or, failing that, starts with it."""
    if not article_id:
        raise NotFoundError("no article id given")
    a = s.articles.c
    ids = list(conn.execute(sa.select(a.id).where(a.id == article_id)).scalars())
    if not ids:
        ids = list(conn.execute(sa.select(a.id).where(load.id_prefix(a.id, article_id))
                                .order_by(a.id).limit(2)).scalars())
    if not ids:
        raise NotFoundError(f"no stored article with id or id prefix {article_id!r}")
    if len(ids) > 1:
        raise NotFoundError(f"id prefix {article_id!r} is ambiguous ({ids[0]}, {ids[1]}, ...); "
                            "give more characters")
    return conn.execute(sa.select(s.articles).where(a.id == ids[0])).mappings().one()


def _article_order(conn: sa.Connection, sort: str) -> list[sa.ColumnElement[Any]]:
    """ORDER BY terms for an article sort name (see ``list_articles``), ending in the id."""
    a = s.articles.c
    keys: dict[str, tuple[sa.ColumnElement[Any], ...]] = {
        "published": (sa.case((a.published.is_(None), 1), else_=0), a.published, a.id),
        "title": (event_query.casefold(conn, sa.func.coalesce(a.title, "")), a.id),
        "outlet": (event_query.casefold(conn, sa.func.coalesce(a.outlet, "")), a.id),
    }
    name = sort.removeprefix("-")
    if name not in keys:
        raise ValueError(f"article sort must be one of {', '.join(ARTICLE_SORTS)} (optionally with '-'), "
                         f"not {sort!r}")
    return [k.desc() if sort.startswith("-") else k.asc() for k in keys[name]]


def _article_filters(since: date | None, until: date | None, outlet: str | None) -> list[sa.ColumnElement[bool]]:
    a = s.articles.c
    where: list[sa.ColumnElement[bool]] = []
    if since is not None:
        where.append(a.published >= since)
    if until is not None:
        where.append(a.published <= until)
    if outlet is not None:
        where.append(a.outlet == outlet)
    return where
