"""Conversion between :mod:`eventwire.model` records and the store's rows (plain dicts).

The conversion is lossless: ``record -> rows -> record`` gives back an equal record, which the
store's round-trip property test checks on both backends. Tuple order is kept in ``ord`` columns,
frozensets are stored as sorted JSON lists, spans as ``<prefix>_start/_end/_text`` columns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ..errors import StoreError
from ..model import (
    Actor,
    Article,
    ArticleResult,
    Claim,
    DateRange,
    EventMention,
    MetaSource,
    OffsetMap,
    Place,
    Span,
)

Row = Mapping[Any, Any]  # a dict, or a SQLAlchemy RowMapping (keyed by name or column)


def span_cols(prefix: str, span: Span | None) -> dict[str, Any]:
    """The three columns of ``span`` (all None when it is missing)."""
    if span is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


def span_of(row: Row, prefix: str) -> Span | None:
    """The span held in ``row``'s ``prefix`` columns, or None."""
    start = row[f"{prefix}_start"]
    if start is None:
        return None
    return Span(start=start, end=row[f"{prefix}_end"], text=row[f"{prefix}_text"])


def _span_json(span: Span | None) -> list[Any] | None:
    return None if span is None else [span.start, span.end, span.text]


def _span_from_json(value: list[Any] | None) -> Span | None:
    return None if value is None else Span(start=value[0], end=value[1], text=value[2])


def article_row(article: Article, ingested_at: datetime) -> dict[str, Any]:
    """The ``articles`` row of ``article``."""
    return {
        "id": article.id,
        "name": article.name,
        "source": article.source,
        "fmt": article.fmt,
        "raw_text": article.raw_text,
        "clean_text": article.text,
        "offsets": {
            "segments": [list(seg) for seg in article.offsets.segments],
            "clean_length": article.offsets.clean_length,
            "raw_length": article.offsets.raw_length,
        },
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "url": article.url,
        "published": article.published,
        "dateline": article.dateline,
        "language": article.language,
        "meta_sources": [{"field": m.field, "how": m.how, "span": _span_json(m.span)}
                         for m in article.meta_sources],
        "content_hash": hashlib.sha256(article.raw_text.encode("utf-8", "surrogatepass")).hexdigest(),
        "ingested_at": ingested_at,
    }


def article_of(row: Row) -> Article:
    """The :class:`Article` stored in an ``articles`` row."""
    offsets = row["offsets"]
    return Article(
        id=row["id"],
        name=row["name"],
        source=row["source"],
        fmt=row["fmt"],
        raw_text=row["raw_text"],
        text=row["clean_text"],
        offsets=OffsetMap(
            segments=tuple((a, b, c) for a, b, c in offsets["segments"]),
            clean_length=offsets["clean_length"],
            raw_length=offsets["raw_length"],
        ),
        title=row["title"],
        outlet=row["outlet"],
        byline=row["byline"],
        url=row["url"],
        published=row["published"],
        dateline=row["dateline"],
        language=row["language"],
        meta_sources=tuple(MetaSource(field=m["field"], how=m["how"], span=_span_from_json(m["span"]))
                           for m in row["meta_sources"]),
    )


def _actor_cols(actor: Actor) -> dict[str, Any]:
    return {"text": actor.text, "name": actor.name, "country": actor.country, "sector": actor.sector,
            "role": actor.role, "person": actor.person, **span_cols("span", actor.span)}


def actor_of(row: Row) -> Actor:
    """The :class:`Actor` stored in an ``actors`` row."""
    return Actor(text=row["text"], name=row["name"], country=row["country"], sector=row["sector"],
                 role=row["role"], person=row["person"], span=span_of(row, "span"))


def place_of(row: Row) -> Place:
    """The :class:`Place` stored in a ``places`` row."""
    return Place(text=row["text"], name=row["name"], geonameid=row["geonameid"], lat=row["lat"],
                 lon=row["lon"], country=row["country"], admin1=row["admin1"],
                 precision=row["precision"], span=span_of(row, "span"))


def mention_rows(mention: EventMention, ord_: int) -> tuple[dict[str, Any], list[dict[str, Any]],
                                                            list[dict[str, Any]]]:
    """The ``mentions`` row of ``mention`` and its ``actors`` and ``places`` rows."""
    row = {
        "id": mention.id,
        "article_id": mention.article_id,
        "ord": ord_,
        "type": mention.type,
        "mode": mention.mode,
        "date_start": mention.date.start,
        "date_end": mention.date.end,
        "precision": mention.date.precision,
        "anchor": mention.date.anchor,
        **span_cols("date_span", mention.date.span),
        **span_cols("span", mention.span),
        **span_cols("trigger", mention.trigger),
        "flags": sorted(mention.flags),
        "countries": list(mention.countries),
        "extractor": mention.extractor,
    }
    actor_rows = [{"mention_id": mention.id, "part": part, "ord": i, **_actor_cols(actor)}
                  for part, group in (("agent", mention.agents), ("target", mention.targets))
                  for i, actor in enumerate(group)]
    place_rows = [{"mention_id": mention.id, "ord": i, "text": p.text, "name": p.name,
                   "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "country": p.country,
                   "admin1": p.admin1, "precision": p.precision, **span_cols("span", p.span)}
                  for i, p in enumerate(mention.places)]
    return row, actor_rows, place_rows


def mention_of(row: Row, actors: Sequence[Row], places: Sequence[Row]) -> EventMention:
    """The :class:`EventMention` stored in a ``mentions`` row plus its actor and place rows.

    ``actors`` and ``places`` must be this mention's rows sorted by ``ord``.
    """
    return EventMention(
        id=row["id"],
        article_id=row["article_id"],
        type=row["type"],
        mode=row["mode"],
        date=DateRange(start=row["date_start"], end=row["date_end"], precision=row["precision"],
                       anchor=row["anchor"], span=span_of(row, "date_span")),
        span=_required(span_of(row, "span")),
        agents=tuple(actor_of(a) for a in actors if a["part"] == "agent"),
        targets=tuple(actor_of(a) for a in actors if a["part"] == "target"),
        places=tuple(place_of(p) for p in places),
        countries=tuple(row["countries"]),
        trigger=span_of(row, "trigger"),
        flags=frozenset(row["flags"]),
        extractor=row["extractor"],
    )


def claim_row(claim: Claim, ord_: int) -> dict[str, Any]:
    """The ``claims`` row of ``claim``."""
    c = claim.claimant
    return {
        "id": claim.id, "article_id": claim.article_id, "ord": ord_, "event_id": claim.event_id,
        "outcome": claim.outcome, "low": claim.low, "high": claim.high, "qualifier": claim.qualifier,
        "victim_country": claim.victim_country, "victim_kind": claim.victim_kind,
        "claimant_text": c.text, "claimant_name": c.name, "claimant_actor_country": c.country,
        "claimant_sector": c.sector, "claimant_role": c.role, "claimant_person": c.person,
        **span_cols("claimant_span", c.span),
        "claimant_country": claim.claimant_country, "as_of": claim.as_of, "cumulative": claim.cumulative,
        **span_cols("span", claim.span), **span_cols("number_span", claim.number_span),
        "flags": sorted(claim.flags), "extractor": claim.extractor,
    }


def claim_of(row: Row) -> Claim:
    """The :class:`Claim` stored in a ``claims`` row."""
    return Claim(
        id=row["id"], article_id=row["article_id"], event_id=row["event_id"], outcome=row["outcome"],
        low=row["low"], high=row["high"], qualifier=row["qualifier"],
        victim_country=row["victim_country"], victim_kind=row["victim_kind"],
        claimant=Actor(text=row["claimant_text"], name=row["claimant_name"],
                       country=row["claimant_actor_country"], sector=row["claimant_sector"],
                       role=row["claimant_role"], person=row["claimant_person"],
                       span=span_of(row, "claimant_span")),
        claimant_country=row["claimant_country"], as_of=row["as_of"], cumulative=bool(row["cumulative"]),
        span=_required(span_of(row, "span")), number_span=span_of(row, "number_span"),
        flags=frozenset(row["flags"]), extractor=row["extractor"],
    )


def check_result(result: ArticleResult) -> None:
    """Raise StoreError unless every mention and claim of ``result`` belongs to its article."""
    aid = result.article.id
    records: tuple[EventMention | Claim, ...] = (*result.mentions, *result.claims)
    for rec in records:
        if rec.article_id != aid:
            raise StoreError(f"result for article {aid} holds {type(rec).__name__} {rec.id} "
                             f"of article {rec.article_id}")


def check_rows(what: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Raise StoreError when any text in ``rows`` (JSON values included) holds a NUL character.

    PostgreSQL cannot store NUL in text or JSONB; the check runs on both backends so that they
    accept the same records. It joins the strings and searches once, which is much faster than
    testing value by value in Python.
    """
    parts: list[str] = []
    for row in rows:
        _strings(row.values(), parts)
    if "\x00" in "".join(parts):
        raise StoreError(f"{what}: text with a NUL character cannot be stored")


def _strings(values: Iterable[Any], out: list[str]) -> None:
    for v in values:
        cls = v.__class__
        if cls is str:
            out.append(v)
        elif cls is list or cls is tuple:
            _strings(v, out)
        elif cls is dict:
            _strings(v.values(), out)


def _required(span: Span | None) -> Span:
    if span is None:
        raise StoreError("a required span is missing from a stored row")
    return span
