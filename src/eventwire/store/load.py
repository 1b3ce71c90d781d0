"""Reading records back: articles, mentions (with actors and places) and claims, in bulk.

Each loader issues one query per table for a whole set of articles or mentions (never one per
record), groups the rows in Python and rebuilds the model records with :mod:`.rows`. Long id lists
are split into chunks so no statement exceeds a backend's parameter limit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from ..model import ArticleResult, Claim, EventMention
from . import rows
from . import schema as s

T = TypeVar("T")
CHUNK = 500  # ids per IN (...) list; far below SQLite's and PostgreSQL's parameter limits


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of at most ``size``."""
    for i in range(0, len(values), size):
        yield values[i:i + size]


def results(conn: sa.Connection, article_rows: Sequence[rows.Row]) -> list[ArticleResult]:
    """The full :class:`ArticleResult` of each ``articles`` row, in the order given."""
    out: list[ArticleResult] = []
    for part in chunks(list(article_rows), CHUNK):
        ids = [r["id"] for r in part]
        by_article: dict[str, list[EventMention]] = defaultdict(list)
        for m in mentions_where(conn, s.mentions.c.article_id.in_(ids), order=(s.mentions.c.article_id,
                                                                            s.mentions.c.ord)):
            by_article[m.article_id].append(m)
        claims_by_article: dict[str, list[Claim]] = defaultdict(list)
        query = (sa.select(s.claims).where(s.claims.c.article_id.in_(ids))
                 .order_by(s.claims.c.article_id, s.claims.c.ord))
        for row in conn.execute(query).mappings():
            claims_by_article[row["article_id"]].append(rows.claim_of(row))
        out.extend(ArticleResult(article=rows.article_of(r), mentions=tuple(by_article[r["id"]]),
                                 claims=tuple(claims_by_article[r["id"]])) for r in part)
    return out


def mentions_where(conn: sa.Connection, where: sa.ColumnElement[bool],
                   order: Sequence[sa.ColumnElement[object]], limit: int | None = None) -> list[EventMention]:
    """Mentions matching ``where``, in ``order``, with their actors and places."""
    query = sa.select(s.mentions).where(where).order_by(*order)
    if limit is not None:
        query = query.limit(limit)
    mention_rows = list(conn.execute(query).mappings())
    actor_rows: dict[str, list[rows.Row]] = defaultdict(list)
    place_rows: dict[str, list[rows.Row]] = defaultdict(list)
    for ids in chunks([m["id"] for m in mention_rows]):
        aq = (sa.select(s.actors).where(s.actors.c.mention_id.in_(ids))
              .order_by(s.actors.c.mention_id, s.actors.c.part, s.actors.c.ord))
        for row in conn.execute(aq).mappings():
            actor_rows[row["mention_id"]].append(row)
        pq = (sa.select(s.places).where(s.places.c.mention_id.in_(ids))
              .order_by(s.places.c.mention_id, s.places.c.ord))
        for row in conn.execute(pq).mappings():
            place_rows[row["mention_id"]].append(row)
    return [rows.mention_of(m, actor_rows[m["id"]], place_rows[m["id"]]) for m in mention_rows]


def has_country(conn: sa.Connection, column: sa.ColumnElement[object],
                country: str) -> sa.ColumnElement[bool]:
    """A condition: the JSON list in ``column`` contains ``country`` (bound, never pasted in SQL).

    PostgreSQL uses JSONB containment (served by a GIN index); SQLite scans with ``json_each``.
    """
    if conn.dialect.name == "postgresql":
        return sa.type_coerce(column, JSONB).contains([country])
    members = sa.func.json_each(column).table_valued("value")
    return sa.exists(sa.select(sa.literal(1)).select_from(members).where(members.c.value == country))


def id_prefix(column: sa.ColumnElement[str], prefix: str) -> sa.ColumnElement[bool]:
    """A condition: ``column`` starts with ``prefix`` (case-sensitive), as an index range scan.

    Ids compare by code point on both backends (see ``schema.Id``), so the ids starting with
    ``prefix`` are exactly those in ``[prefix, successor(prefix))``. LIKE is avoided on purpose:
    SQLite's LIKE ignores ASCII case and neither backend uses an index for it here.
    """
    upper = _successor(prefix)
    if upper is None:
        return column >= prefix
    return sa.and_(column >= prefix, column < upper)


def _successor(prefix: str) -> str | None:
    """The least string greater than every string starting with ``prefix`` (None: no such string)."""
    chars = list(prefix)
    while chars:
        code = ord(chars.pop()) + 1
        if 0xD800 <= code <= 0xDFFF:
            code = 0xE000  # surrogates cannot occur in stored text; skip their block
        if code <= 0x10FFFF:
            return "".join(chars) + chr(code)
    return None

