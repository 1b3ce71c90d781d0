"""Full-text search over stored articles: SQLite FTS5 (migration 0004) or PostgreSQL tsvector."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from ..model import Article
from . import rows
from . import schema as s


def search_articles(conn: sa.Connection, q: str, *, limit: int = 20, offset: int = 0) -> tuple[int, list[Article]]:
    """Articles whose title or cleaned text contains every word of ``q``, best match first (ties by
    id); returns (total matches, the requested page)."""
    words = [w for w in (t.strip(".,;:!?()[]{}'\"") for t in q.split()) if w][:16]
    if not words:
        return 0, []
    if conn.dialect.name == "postgresql":
        a = s.articles.c
        lang = sa.cast(sa.literal("english"), postgresql.REGCONFIG)
        doc = sa.func.to_tsvector(lang, sa.func.coalesce(a.title, "") + " " + a.clean_text)
        query = sa.func.plainto_tsquery(lang, " ".join(words))
        total = conn.execute(sa.select(sa.func.count()).where(doc.bool_op("@@")(query))).scalar_one()
        ids = conn.execute(sa.select(a.id).where(doc.bool_op("@@")(query))
                           .order_by(sa.func.ts_rank(doc, query).desc(), a.id)
                           .limit(limit).offset(offset)).scalars().all()
    else:
        # every word as a quoted FTS5 string (a double quote inside is doubled): AND of terms
        fts_q = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        total = conn.execute(sa.text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"),
                             {"q": fts_q}).scalar_one()
        ids = conn.execute(sa.text(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts), a.id LIMIT :limit OFFSET :offset"),
            {"q": fts_q, "limit": limit, "offset": offset}).scalars().all()
    by_id = {r["id"]: rows.article_of(r) for r in conn.execute(
        sa.select(s.articles).where(s.articles.c.id.in_(list(ids)))).mappings()}
    return int(total), [by_id[i] for i in ids if i in by_id]
