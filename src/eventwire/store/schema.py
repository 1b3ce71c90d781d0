"""The store's tables, as SQLAlchemy Core metadata shared by SQLite and PostgreSQL.

Tables mirror the records of :mod:`eventwire.model`:

- ``articles``: one row per :class:`~eventwire.model.Article`; ``id`` is the article's content id,
  ``content_hash`` the SHA-256 of its raw text.
- ``mentions``, with their ``actors`` (``part`` = agent | target) and ``places``: one row per
  :class:`~eventwire.model.EventMention`; ``ord`` keeps each tuple's order.
- ``claims``: one row per :class:`~eventwire.model.Claim`, the claimant actor inlined.
- ``events``, ``event_mentions``, ``fusion_decisions``: filled by the fusion stage.
- ``ingest_log``: inputs that were rejected (and why).
- ``schema_migrations``: the named migrations applied, in order.

Every string column is ``TEXT`` (no length limits: SQLite would not enforce them, so the two
backends would accept different records). A span is stored as three columns ``<prefix>_start``,
``<prefix>_end``, ``<prefix>_text`` (all NULL for a missing optional span). JSON columns are
JSONB on PostgreSQL. Which migration creates which table lives in
:mod:`eventwire.store.migrations`; this module only describes the latest shape.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and read back as timezone-aware UTC on both backends.

    SQLite has no time-zone type; storing UTC everywhere keeps the two backends identical.
    Naive datetimes given to the store are taken to be UTC already.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


JSONValue = sa.JSON().with_variant(JSONB(), "postgresql")

# Record ids compare by code point on both backends (SQLite's BINARY collation; "C" on PostgreSQL),
# so id-prefix lookups are index range scans and id order is the same everywhere.
Id = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")

metadata = sa.MetaData()


def span_columns(prefix: str, *, nullable: bool = True) -> list[sa.Column[Any]]:
    """The three columns holding one :class:`~eventwire.model.Span`."""
    return [
        sa.Column(f"{prefix}_start", sa.Integer, nullable=nullable),
        sa.Column(f"{prefix}_end", sa.Integer, nullable=nullable),
        sa.Column(f"{prefix}_text", sa.Text, nullable=nullable),
    ]


schema_migrations = sa.Table(
    "schema_migrations", metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("fmt", sa.Text, nullable=False),
    sa.Column("raw_text", sa.Text, nullable=False),
    sa.Column("clean_text", sa.Text, nullable=False),
    sa.Column("offsets", JSONValue, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("dateline", sa.Text),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("meta_sources", JSONValue, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_outlet", "outlet"),
    sa.Index("ix_articles_ingested_at", "ingested_at"),
    sa.Index("ix_articles_content_hash", "content_hash"),
)

mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("mode", sa.Text),
    sa.Column("date_start", sa.Date, nullable=False),
    sa.Column("date_end", sa.Date, nullable=False),
    sa.Column("precision", sa.Text, nullable=False),
    sa.Column("anchor", sa.Text, nullable=False),
    *span_columns("date_span"),
    *span_columns("span", nullable=False),
    *span_columns("trigger"),
    sa.Column("flags", JSONValue, nullable=False),
    sa.Column("countries", JSONValue, nullable=False),
    sa.Column("extractor", sa.Text, nullable=False),
    sa.Index("ix_mentions_article", "article_id", "ord"),
    sa.Index("ix_mentions_dates", "date_start", "date_end"),
    sa.Index("ix_mentions_type", "type"),
    # Country filters use JSONB containment (@>) on PostgreSQL, which a GIN index serves; SQLite
    # cannot index JSON array members, so it has no such index.
    sa.Index("ix_mentions_countries", "countries", postgresql_using="gin").ddl_if(dialect="postgresql"),
)

actors = sa.Table(
    "actors", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mention_id", Id, sa.ForeignKey("mentions.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("part", sa.Text, nullable=False),  # "agent" | "target"
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("country", sa.Text),
    sa.Column("sector", sa.Text),
    sa.Column("role", sa.Text),
    sa.Column("person", sa.Text),
    *span_columns("span"),
    sa.Index("ix_actors_mention", "mention_id", "part", "ord"),
    sa.Index("ix_actors_country", "country"),
)

places = sa.Table(
    "places", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mention_id", Id, sa.ForeignKey("mentions.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("lat", sa.Double),
    sa.Column("lon", sa.Double),
    sa.Column("country", sa.Text),
    sa.Column("admin1", sa.Text),
    sa.Column("precision", sa.Text, nullable=False),
    *span_columns("span"),
    sa.Index("ix_places_mention", "mention_id", "ord"),
    sa.Index("ix_places_country", "country"),
    sa.Index("ix_places_geonameid", "geonameid"),
)

claims = sa.Table(
    "claims", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("article_id", Id, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("event_id", Id),  # the mention the claim belongs to (not enforced)
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("low", sa.BigInteger, nullable=False),
    sa.Column("high", sa.BigInteger, nullable=False),
    sa.Column("qualifier", sa.Text, nullable=False),
    sa.Column("victim_country", sa.Text),
    sa.Column("victim_kind", sa.Text, nullable=False),
    sa.Column("claimant_text", sa.Text, nullable=False),
    sa.Column("claimant_name", sa.Text, nullable=False),
    sa.Column("claimant_actor_country", sa.Text),  # Actor.country of the claimant
    sa.Column("claimant_sector", sa.Text),
    sa.Column("claimant_role", sa.Text),
    sa.Column("claimant_person", sa.Text),
    *span_columns("claimant_span"),
    sa.Column("claimant_country", sa.Text),  # Claim.claimant_country: the claimant's side
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("cumulative", sa.Boolean, nullable=False),
    *span_columns("span", nullable=False),
    *span_columns("number_span"),
    sa.Column("flags", JSONValue, nullable=False),
    sa.Column("extractor", sa.Text, nullable=False),
    sa.Index("ix_claims_article", "article_id", "ord"),
    sa.Index("ix_claims_event", "event_id"),
    sa.Index("ix_claims_outcome", "outcome"),
    sa.Index("ix_claims_victim_country", "victim_country"),
    sa.Index("ix_claims_claimant_country", "claimant_country"),
    sa.Index("ix_claims_as_of", "as_of"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("date_start", sa.Date, nullable=False),
    sa.Column("date_end", sa.Date, nullable=False),
    sa.Column("precision", sa.Text, nullable=False),
    sa.Column("anchor", sa.Text, nullable=False),
    sa.Column("countries", JSONValue, nullable=False),
    sa.Column("places", JSONValue, nullable=False),
    sa.Column("actors", JSONValue, nullable=False),
    sa.Column("series", JSONValue, nullable=False),
    sa.Column("outlets", JSONValue, nullable=False),
    sa.Column("sides", JSONValue, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_events_dates", "date_start", "date_end"),
    sa.Index("ix_events_type", "type"),
    sa.Index("ix_events_countries", "countries", postgresql_using="gin").ddl_if(dialect="postgresql"),
)

event_mentions = sa.Table(
    "event_mentions", metadata,
    sa.Column("event_id", Id, sa.ForeignKey("events.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("mention_id", Id, sa.ForeignKey("mentions.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Index("ix_event_mentions_mention", "mention_id"),
)

fusion_decisions = sa.Table(
    "fusion_decisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("a", Id, nullable=False),  # mention id
    sa.Column("b", Id, nullable=False),  # mention id
    sa.Column("decision", sa.Text, nullable=False),  # "merge" | "separate"
    sa.Column("rule", sa.Text, nullable=False),
    sa.Column("score", sa.Double, nullable=False),
    sa.Column("evidence", JSONValue, nullable=False),
    sa.Column("analyst", sa.Text),  # set for analyst merges/splits
    sa.Column("note", sa.Text),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_fusion_decisions_a", "a"),
    sa.Index("ix_fusion_decisions_b", "b"),
)

ingest_log = sa.Table(
    "ingest_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),  # "rejected" (other statuses reserved)
    sa.Column("reason", sa.Text),
    sa.Column("line", sa.Integer),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_ingest_log_at", "at"),
    sa.Index("ix_ingest_log_status", "status"),
)
