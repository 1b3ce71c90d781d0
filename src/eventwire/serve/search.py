"""Full-text search over stored articles, shaped for the API: the store's full-text index
(SQLite FTS5 / PostgreSQL tsvector, migration ``0004_search``) finds and ranks the articles; this
module adds a snippet around the first query word."""

from __future__ import annotations

from typing import Any

from ..store import Store

SNIPPET_CHARS = 80
MAX_TERMS = 8


def terms(q: str) -> list[str]:
    """The query's distinct words (at most MAX_TERMS), in order."""
    # the punctuation the store's search strips too, so the snippet finds 'Kyiv' for 'Kyiv,'
    return list(dict.fromkeys(w for w in (t.strip(".,;:!?()[]{}'\"") for t in q.split()) if w))[:MAX_TERMS]


def snippet(text: str, term: str) -> tuple[str, int]:
    """A window of the text around the first case-insensitive occurrence of ``term``, and its offset."""
    at = text.casefold().find(term.casefold())
    if at < 0:
        return text[:2 * SNIPPET_CHARS], -1
    start, end = max(0, at - SNIPPET_CHARS), min(len(text), at + len(term) + SNIPPET_CHARS)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""), at


def search_articles(store: Store, q: str, *, limit: int, offset: int) -> dict[str, Any]:
    """Articles whose title or cleaned text contains every word of ``q``, best match first."""
    words = terms(q)
    total, articles = store.search_articles(" ".join(words), limit=limit, offset=offset)
    items = []
    for a in articles:
        text, at = snippet(a.text, words[0]) if words else (a.text[:2 * SNIPPET_CHARS], -1)
        items.append({"id": a.id, "title": a.title, "outlet": a.outlet,
                      "published": a.published.isoformat() if a.published else None,
                      "snippet": text, "position": at})
    return {"total": total, "limit": limit, "offset": offset, "items": items}
