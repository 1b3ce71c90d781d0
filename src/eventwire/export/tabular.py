"""Tabular exports: claims CSV (one row per claim) and Parquet files for events and claims."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any

from ..fuse.query import deaths
from ..model import Claim
from . import ExportData
from .cells import safe_row

CLAIM_COLUMNS = ["claim_id", "event_id", "mention_id", "article_id", "outlet", "published", "outcome", "low",
                 "high", "qualifier", "victim_country", "victim_kind", "claimant", "claimant_country",
                 "claimant_sector", "as_of", "cumulative", "status", "quote", "quote_start", "quote_end"]


def claim_rows(data: ExportData) -> list[dict[str, Any]]:
    event_of = {m: e.id for e in data.events for m in e.mention_ids}
    status = {p.claim_id: p.status for e in data.events for s in e.series for p in s.points}
    rows = []
    for c in data.claims:
        art = data.articles.get(c.article_id)
        rows.append(_claim_row(c, event_of.get(c.event_id or ""), status.get(c.id, "current"),
                               art.outlet if art else None,
                               art.published.isoformat() if art and art.published else None))
    return rows


def _claim_row(c: Claim, event_id: str | None, status: str, outlet: str | None,
               published: str | None) -> dict[str, Any]:
    return {"claim_id": c.id, "event_id": event_id, "mention_id": c.event_id, "article_id": c.article_id,
            "outlet": outlet, "published": published, "outcome": c.outcome, "low": c.low, "high": c.high,
            "qualifier": c.qualifier, "victim_country": c.victim_country, "victim_kind": c.victim_kind,
            "claimant": c.claimant.name, "claimant_country": c.claimant_country,
            "claimant_sector": c.claimant.sector, "as_of": c.as_of.isoformat(), "cumulative": c.cumulative,
            "status": status, "quote": c.span.text, "quote_start": c.span.start, "quote_end": c.span.end}


def write_claims_csv(data: ExportData, out: IO[str]) -> int:
    rows = claim_rows(data)
    writer = csv.DictWriter(out, fieldnames=CLAIM_COLUMNS)
    writer.writeheader()
    writer.writerows(safe_row(r) for r in rows)  # formula-like text neutralised (see .cells)
    return len(rows)


def event_rows(data: ExportData) -> list[dict[str, Any]]:
    rows = []
    for e in data.events:
        d = deaths(e)
        place = e.places[0] if e.places else None
        rows.append({"event_id": e.id, "type": e.type, "date_start": e.date.start, "date_end": e.date.end,
                     "precision": e.date.precision, "countries": list(e.countries),
                     "places": [p.name for p in e.places], "latitude": place.lat if place else None,
                     "longitude": place.lon if place else None, "actors": list(e.actors),
                     "deaths_low": d["low"], "deaths_best": d["best"], "deaths_high": d["high"],
                     "reports": len(e.mention_ids), "articles": len(e.article_ids), "outlets": list(e.outlets),
                     "sides": list(e.sides), "contradiction": any(s.contradiction for s in e.series)})
    return rows


def write_parquet(data: ExportData, folder: Path) -> dict[str, int]:
    """Write ``events.parquet`` and ``claims.parquet`` into ``folder``; returns row counts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    events = event_rows(data)
    claims = claim_rows(data)
    pq.write_table(pa.Table.from_pylist(events, schema=_EVENT_SCHEMA()), folder / "events.parquet")
    pq.write_table(pa.Table.from_pylist(claims, schema=_CLAIM_SCHEMA()), folder / "claims.parquet")
    return {"events": len(events), "claims": len(claims)}


def _EVENT_SCHEMA():  # type: ignore[no-untyped-def]  # noqa: N802
    import pyarrow as pa

    s, lst = pa.string(), pa.list_(pa.string())
    return pa.schema([("event_id", s), ("type", s), ("date_start", pa.date32()), ("date_end", pa.date32()),
                      ("precision", s), ("countries", lst), ("places", lst), ("latitude", pa.float64()),
                      ("longitude", pa.float64()), ("actors", lst), ("deaths_low", pa.int64()),
                      ("deaths_best", pa.int64()), ("deaths_high", pa.int64()), ("reports", pa.int64()),
                      ("articles", pa.int64()), ("outlets", lst), ("sides", lst), ("contradiction", pa.bool_())])


def _CLAIM_SCHEMA():  # type: ignore[no-untyped-def]  # noqa: N802
    import pyarrow as pa

    s, i = pa.string(), pa.int64()
    types = {"low": i, "high": i, "quote_start": i, "quote_end": i, "cumulative": pa.bool_()}
    return pa.schema([(c, types.get(c, s)) for c in CLAIM_COLUMNS])
