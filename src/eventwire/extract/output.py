"""ArticleResult -> the JSON dict of ``eventwire extract --format json``.

The first fields are exactly those of ``shared/gold/samples.json`` per article (``file``,
``published``, ``outlet``, ``byline``, ``events``, ``claims``), so the output scores directly; richer
fields follow (offsets, precision, coordinates, mode, flags, qualifier, warnings). ``events`` holds
the fresh mentions (no historical / negated / planned / hypothetical flag); flagged ones go to
``flagged_events`` with the same shape, so nothing is lost. The shape never depends on an option.
"""

from __future__ import annotations

from typing import Any

from ..model import NOT_FRESH, Actor, ArticleResult, Claim, DateRange, EventMention, Place, Span


def result_to_dict(result: ArticleResult) -> dict[str, Any]:
    """The JSON-ready dict of one article's extraction (see the module docstring)."""
    a = result.article
    fresh = [m for m in result.mentions if not (m.flags & NOT_FRESH)]
    flagged = [m for m in result.mentions if m.flags & NOT_FRESH]
    return {
        "file": a.name,
        "published": a.published.isoformat() if a.published else None,
        "outlet": a.outlet,
        "byline": a.byline,
        "events": [mention_to_dict(m) for m in fresh],
        "claims": [claim_to_dict(c) for c in result.claims],
        "flagged_events": [mention_to_dict(m) for m in flagged],
        "article_id": a.id,
        "title": a.title,
        "url": a.url,
        "source": a.source,
        "language": a.language,
        "warnings": list(result.warnings),
    }


def mention_to_dict(m: EventMention) -> dict[str, Any]:
    """One event mention: the gold fields, then provenance and resolution details."""
    return {
        "id": m.id,
        "type": m.type,
        "date": [m.date.start.isoformat(), m.date.end.isoformat()],
        "actors": _actor_names(m.agents + m.targets),
        "countries": list(m.countries),
        "places": [p.text for p in m.places],
        "mode": m.mode,
        "flags": sorted(m.flags),
        "date_detail": _date(m.date),
        "agents": [_actor(x) for x in m.agents],
        "targets": [_actor(x) for x in m.targets],
        "places_resolved": [_place(p) for p in m.places],
        "span": _span(m.span),
        "trigger": _span(m.trigger),
        "evidence": [_span(s) for s in m.evidence],
        "extractor": m.extractor,
    }


def claim_to_dict(c: Claim) -> dict[str, Any]:
    """One claim: the gold fields (``event`` is the linked mention's id), then details."""
    return {
        "id": c.id,
        "event": c.event_id,
        "outcome": c.outcome,
        "low": c.low,
        "high": c.high,
        "victim_country": c.victim_country,
        "victim_kind": c.victim_kind,
        "claimant": c.claimant.text,
        "claimant_country": c.claimant_country,
        "as_of": c.as_of.isoformat(),
        "quote": c.span.text,
        "qualifier": c.qualifier,
        "cumulative": c.cumulative,
        "flags": sorted(c.flags),
        "claimant_detail": _actor(c.claimant),
        "span": _span(c.span),
        "number_span": _span(c.number_span),
        "extractor": c.extractor,
    }


def _actor_names(actors: tuple[Actor, ...]) -> list[str]:
    seen: dict[str, None] = {}
    for x in actors:
        seen.setdefault(x.text, None)
    return list(seen)


def _actor(x: Actor) -> dict[str, Any]:
    return {"text": x.text, "name": x.name, "country": x.country, "sector": x.sector, "role": x.role,
            "person": x.person, "span": _span(x.span)}


def _place(p: Place) -> dict[str, Any]:
    return {"text": p.text, "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
            "country": p.country, "admin1": p.admin1, "precision": p.precision, "span": _span(p.span)}


def _date(d: DateRange) -> dict[str, Any]:
    return {"start": d.start.isoformat(), "end": d.end.isoformat(), "precision": d.precision,
            "anchor": d.anchor, "span": _span(d.span)}


def _span(s: Span | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"start": s.start, "end": s.end, "text": s.text}
