"""Dict views of fused events for JSON surfaces (CLI ``--format json``, REST API), and the store
loader that gathers an :class:`ExportData` bundle for a filter."""

from __future__ import annotations

from typing import Any

from ..fuse.query import EventFilter, deaths, deaths_by_side
from ..model import ClaimSeries, Event, EventMention, Place
from . import ExportData


def load_bundle(store, f: EventFilter | None = None, *, limit: int | None = None) -> ExportData:  # type: ignore[no-untyped-def]
    """Events matching ``f`` (filtered, ordered by date and cut at ``limit`` in SQL) with their
    mentions, claims and articles."""
    f = f or EventFilter()
    events = store.events(since=f.since, until=f.until, country=f.country, type=f.type, place=f.place,
                          bbox=f.bbox, min_deaths=f.min_deaths, limit=limit)
    mention_ids = [m for e in events for m in e.mention_ids]
    mentions = {m.id: m for m in store.mentions_by_ids(mention_ids)}
    article_ids = sorted({a for e in events for a in e.article_ids})
    claims = [c for c in store.claims_for_articles(article_ids) if c.event_id in mentions]
    articles = {a.id: a for a in store.articles_by_ids(article_ids)}
    return ExportData(events=events, mentions=mentions, claims=claims, articles=articles)


def place_dict(p: Place) -> dict[str, Any]:
    return {"name": p.name, "text": p.text, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
            "country": p.country, "admin1": p.admin1, "precision": p.precision}


def series_dict(s: ClaimSeries) -> dict[str, Any]:
    return {"victim_country": s.victim_country, "victim_kind": s.victim_kind, "outcome": s.outcome,
            "low": s.low, "best": s.best, "high": s.high, "rule": s.rule, "contradiction": s.contradiction,
            "revisions": s.revisions,
            "claims": [{"claim_id": p.claim_id, "article_id": p.article_id, "claimant": p.claimant,
                        "claimant_country": p.claimant_country, "low": p.low, "high": p.high,
                        "as_of": p.as_of.isoformat(), "status": p.status, "quote": p.quote} for p in s.points]}


def event_summary(e: Event) -> dict[str, Any]:
    """One row per event for listings (table/CSV/JSON)."""
    d = deaths(e)
    return {"id": e.id, "type": e.type, "date": [e.date.start.isoformat(), e.date.end.isoformat()],
            "precision": e.date.precision, "countries": list(e.countries), "places": [p.name for p in e.places],
            "deaths_low": d["low"], "deaths_best": d["best"], "deaths_high": d["high"],
            "reports": len(e.mention_ids), "outlets": list(e.outlets), "sides": list(e.sides),
            "contradiction": any(s.contradiction for s in e.series)}


def mention_dict(m: EventMention, data: ExportData) -> dict[str, Any]:
    art = data.articles.get(m.article_id)
    return {"id": m.id, "article_id": m.article_id, "outlet": art.outlet if art else None,
            "title": art.title if art else None,
            "published": art.published.isoformat() if art and art.published else None,
            "type": m.type, "mode": m.mode, "date": [m.date.start.isoformat(), m.date.end.isoformat()],
            "date_anchor": m.date.anchor, "places": [p.name for p in m.places],
            "agents": [a.name for a in m.agents], "targets": [a.name for a in m.targets],
            "flags": sorted(m.flags), "evidence": {"start": m.span.start, "end": m.span.end, "text": m.span.text}}


def event_detail(e: Event, data: ExportData) -> dict[str, Any]:
    """The fused view: summary, places, actors, every report, claim series, per-side deaths, links."""
    return event_summary(e) | {
        "places": [place_dict(p) for p in e.places], "actors": list(e.actors),
        "deaths_by_side": deaths_by_side(e),
        "reports": [mention_dict(m, data) for m in data.event_mentions(e)],
        "series": [series_dict(s) for s in e.series],
        "fusion": [{"a": lk.a, "b": lk.b, "rule": lk.rule, "score": lk.score, "evidence": dict(lk.evidence)}
                   for lk in e.links],
    }
