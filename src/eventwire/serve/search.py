"""Full-text search over stored articles: a case-insensitive substring match (LIKE fallback).

Until the store has a full-text index (SQLite FTS5 / PostgreSQL ``tsvector``, to be added by a
store migration), search is ``ILIKE '%term%'`` over the cleaned text and title, with the user's
term passed as a bound parameter and its LIKE wildcards escaped. Every word of the query must occur
(AND); results are ordered by publication day, newest first. This is the one place in ``serve``
that builds a query, and it does so with SQLAlchemy Core; it moves into the Store once the
Store offers ``search_articles``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..store import Store
from ..store import schema as s

SNIPPET_CHARS = 80
MAX_TERMS = 8


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def terms(q: str) -> list[str]:
    """The query's distinct words (at most MAX_TERMS), in order."""
    return list(dict.fromkeys(w for w in q.split() if w))[:MAX_TERMS]


def snippet(text: str, term: str) -> tuple[str, int]:
    """A window of the text around the first case-insensitive occurrence of ``term``, and its offset."""
    at = text.casefold().find(term.casefold())
    if at < 0:
        return text[:2 * SNIPPET_CHARS], -1
    start, end = max(0, at - SNIPPET_CHARS), min(len(text), at + len(term) + SNIPPET_CHARS)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""), at


def search_articles(store: Store, q: str, *, limit: int, offset: int) -> dict[str, Any]:
    """Articles whose title or cleaned text contains every word of ``q`` (case-insensitive)."""
    words = terms(q)
    a = s.articles.c
    where = [sa.or_(a.clean_text.ilike(_like_pattern(w), escape="\\"), a.title.ilike(_like_pattern(w), escape="\\"))
             for w in words]
    count = sa.select(sa.func.count()).select_from(s.articles).where(*where)
    query = (sa.select(a.id, a.title, a.outlet, a.published, a.clean_text).where(*where)
             .order_by(a.published.desc().nulls_last(), a.id).limit(limit).offset(offset))
    # Store exposes no search method yet; read through its connection helper (read-only).
    with store._errors("search"), store._read() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = list(conn.execute(query).mappings())
    items = []
    for r in rows:
        text, at = snippet(r["clean_text"], words[0])
        items.append({"id": r["id"], "title": r["title"], "outlet": r["outlet"],
                      "published": r["published"].isoformat() if r["published"] else None,
                      "snippet": text, "position": at})
    return {"total": total, "limit": limit, "offset": offset, "items": items}
