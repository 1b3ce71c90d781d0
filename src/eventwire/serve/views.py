"""What the read endpoints answer, as plain dicts built from the store and the shared query layer.

No SQL here: events, claims and articles come from :class:`~eventwire.store.Store` methods, filters
and aggregates from :mod:`eventwire.fuse.query`, and the dict shapes from :mod:`eventwire.export.views`
and :mod:`eventwire.extract.output`, so the CLI and the API show the same fields.

Paging: every list takes ``limit``/``offset`` and returns ``{"total", "limit", "offset", "items"}``.
Articles, events and claims are filtered, sorted, paged and counted in SQL by the store (only one
page is read). Places and actors are aggregated in Python over the SQL-filtered mentions, and the
timeline over the SQL-filtered events (aggregates over the JSON claim series).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..export import ExportData
from ..export.tabular import claim_rows
from ..export.views import event_detail, event_summary, load_bundle
from ..extract.output import result_to_dict
from ..fuse.query import EventFilter, timeline
from ..model import Article, ArticleResult, Event
from ..store import Store


def page(items: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    return {"total": len(items), "limit": limit, "offset": offset, "items": list(items[offset:offset + limit])}


def _filters(f: EventFilter) -> dict[str, Any]:
    return {"since": f.since, "until": f.until, "country": f.country, "type": f.type, "place": f.place,
            "bbox": f.bbox, "min_deaths": f.min_deaths}


# -- articles ----------------------------------------------------------------------------------

def article_summary(a: Article) -> dict[str, Any]:
    return {"id": a.id, "name": a.name, "title": a.title, "outlet": a.outlet, "byline": a.byline, "url": a.url,
            "published": a.published.isoformat() if a.published else None, "source": a.source, "format": a.fmt,
            "words": len(a.text.split())}


def articles_page(store: Store, *, since: Any, until: Any, outlet: str | None, sort: str, limit: int,
                  offset: int) -> dict[str, Any]:
    items = store.list_articles(since=since, until=until, outlet=outlet, sort=sort, limit=limit, offset=offset)
    return {"total": store.count_articles(since=since, until=until, outlet=outlet), "limit": limit,
            "offset": offset, "items": [article_summary(a) for a in items]}


def article_detail(result: ArticleResult) -> dict[str, Any]:
    """Text, metadata, extraction output and the raw-text spans to highlight."""
    a = result.article
    out = result_to_dict(result)
    return article_summary(a) | {
        "text": a.raw_text, "clean_text": a.text, "dateline": a.dateline, "language": a.language,
        "events": out["events"], "flagged_events": out["flagged_events"], "claims": out["claims"],
        "warnings": out["warnings"], "highlights": highlights(result)}


def highlights(result: ArticleResult) -> list[dict[str, Any]]:
    """Extracted values with a raw-text span, by position: event triggers, actors, places, dates,
    claim figures and claimants, each with what was extracted (for the dashboard's hover text)."""
    out: dict[tuple[int, int, str], dict[str, Any]] = {}

    def add(span: Any, kind: str, label: str, detail: dict[str, Any]) -> None:
        if span is not None and span.end > span.start:
            out.setdefault((span.start, span.end, kind),
                           {"start": span.start, "end": span.end, "kind": kind, "label": label, "detail": detail})

    for m in result.mentions:
        when = f"{m.date.start.isoformat()}..{m.date.end.isoformat()}"
        add(m.trigger, "event", m.type, {
            "mention_id": m.id, "type": m.type, "mode": m.mode, "date": when, "date_anchor": m.date.anchor,
            "agents": [x.name for x in m.agents], "targets": [x.name for x in m.targets],
            "places": [p.name for p in m.places], "flags": sorted(m.flags)})
        for actor in m.agents + m.targets:
            add(actor.span, "actor", actor.name, {"name": actor.name, "country": actor.country,
                                                  "sector": actor.sector, "role": actor.role, "person": actor.person})
        for p in m.places:
            add(p.span, "place", p.name, {"name": p.name, "country": p.country, "admin1": p.admin1,
                                          "lat": p.lat, "lon": p.lon, "precision": p.precision})
        add(m.date.span, "date", when, {"start": m.date.start.isoformat(), "end": m.date.end.isoformat(),
                                        "precision": m.date.precision, "anchor": m.date.anchor})
    for c in result.claims:
        figure = str(c.low) if c.low == c.high else f"{c.low}-{c.high}"
        detail = {"claim_id": c.id, "outcome": c.outcome, "figure": figure, "victim_country": c.victim_country,
                  "victim_kind": c.victim_kind, "claimant": c.claimant.name, "claimant_country": c.claimant_country,
                  "as_of": c.as_of.isoformat(), "qualifier": c.qualifier}
        add(c.number_span, "claim", f"{c.outcome} {figure}", detail)
        add(c.claimant.span, "claimant", c.claimant.name, {"name": c.claimant.name, "country": c.claimant_country,
                                                           "sector": c.claimant.sector})
    return sorted(out.values(), key=lambda h: (h["start"], -h["end"], h["kind"]))


# -- events ------------------------------------------------------------------------------------

def _located(e: Event) -> dict[str, Any]:
    place = next((p for p in e.places if p.lat is not None and p.lon is not None), None)
    return {"lat": place.lat if place else None, "lon": place.lon if place else None}


def matching_events(store: Store, f: EventFilter) -> list[Event]:
    """Every event ``f`` selects, earliest first (filtered in SQL)."""
    return store.events(**_filters(f))


def events_page(store: Store, f: EventFilter, *, sort: str, limit: int, offset: int) -> dict[str, Any]:
    events = store.events(**_filters(f), sort=sort, limit=limit, offset=offset)
    return {"total": store.count_events(**_filters(f)), "limit": limit, "offset": offset,
            "items": [event_summary(e) | _located(e) for e in events]}


def event_view(store: Store, event_id: str) -> dict[str, Any]:
    e = store.get_event(event_id)
    mentions = {m.id: m for m in store.mentions_by_ids(e.mention_ids)}
    articles = {a.id: a for a in store.articles_by_ids(list(e.article_ids))}
    return event_detail(e, ExportData(events=[e], mentions=mentions, articles=articles)) | _located(e)


def countries_view(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Countries of the events ``f`` selects with how many list each (counted in SQL)."""
    return [{"country": c, "events": n} for c, n in store.event_countries(**_filters(f))]


def timeline_view(store: Store, f: EventFilter, by: str) -> list[dict[str, Any]]:
    return [{"start": b.start.isoformat(), "events": b.events, "by_type": dict(b.by_type),
             "deaths": [{"side": s, "low": lo, "best": best, "high": hi} for s, lo, best, hi in b.deaths]}
            for b in timeline(matching_events(store, f), by=by)]


# -- claims, places, actors --------------------------------------------------------------------

def claims_page(store: Store, f: EventFilter | None, *, outcome: str | None, victim_country: str | None,
                claimant_country: str | None, claimant: str | None, article_id: str | None,
                event_id: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Claims with their fused event, revision status and the series' contradiction flag.

    With an event filter ``f`` (or ``event_id``) only claims of matching events are listed;
    otherwise every stored claim, including those linked to no fused event.
    """
    query: dict[str, Any] = {"article_id": article_id, "outcome": outcome, "victim_country": victim_country,
             "claimant_country": claimant_country, "claimant": claimant,
             "events": f,
             "event_id": store.get_event(event_id).id if event_id is not None else None}
    claims = store.claims(**query, limit=limit, offset=offset)
    events = store.events_of_mentions(sorted({c.event_id for c in claims if c.event_id}))
    articles = {a.id: a for a in store.articles_by_ids(sorted({c.article_id for c in claims}))}
    contradiction = {p.claim_id: s.contradiction for e in events for s in e.series for p in s.points}
    rows = claim_rows(ExportData(events=events, claims=claims, articles=articles))
    return {"total": store.count_claims(**query), "limit": limit, "offset": offset,
            "items": [r | {"contradiction": contradiction.get(r["claim_id"], False)} for r in rows]}


def places_page(store: Store, *, country: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Resolved places named by stored event mentions, most mentioned first."""
    counts: Counter[tuple[Any, ...]] = Counter()
    for m in store.mentions(country=country.upper() if country else None):
        for p in m.places:
            counts[(p.name, p.text, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.precision)] += 1
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for (name, text, gid, lat, lon, ctry, admin1, precision), n in counts.items():
        key = (name, gid, ctry)  # one row per resolved place, whatever surface text named it
        row = merged.setdefault(key, {"name": name, "text": text, "geonameid": gid, "lat": lat, "lon": lon,
                                      "country": ctry, "admin1": admin1, "precision": precision, "mentions": 0})
        row["mentions"] += n
    rows = sorted(merged.values(), key=lambda r: (-r["mentions"], r["name"]))
    return page(rows, limit, offset)


def actors_page(store: Store, *, country: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Normalised actors (agents and targets of stored mentions), most mentioned first."""
    counts: Counter[tuple[str, str | None, str | None]] = Counter()
    for m in store.mentions(country=country.upper() if country else None):
        for a in m.agents + m.targets:
            counts[(a.name, a.country, a.sector)] += 1
    rows: list[dict[str, Any]] = [{"name": n, "country": c, "sector": s, "mentions": k}
                                  for (n, c, s), k in counts.items()]
    rows.sort(key=lambda r: (-r["mentions"], r["name"]))
    return page(rows, limit, offset)


def export_bundle(store: Store, f: EventFilter) -> ExportData:
    return load_bundle(store, f)
