"""PLOVER JSON Lines: one record per fused event, with the field names of the PLOVER spec.

``event`` holds the PLOVER type (our FIGHT is PLOVER's ASSAULT with ``context`` ["fight"], since
PLOVER does not split combat from one-sided violence); ``eventwire_type`` keeps ours. ``actor`` and
``recipient`` follow PLOVER's actor block (name, country, sector). ``cite_info`` lists every report
with its outlet, URL, publication date and evidence offsets; ``claims`` adds the reconciled
casualty series (an eventwire extension).
"""

from __future__ import annotations

import json
from typing import IO, Any

from ..model import Actor, Event
from . import ExportData


def _actor(a: Actor | None) -> dict[str, Any]:
    if a is None:
        return {"actor": None, "country": None, "sector": None}
    return {"actor": a.name, "country": a.country, "sector": a.sector, "role": a.role}


def plover_record(e: Event, data: ExportData) -> dict[str, Any]:
    mentions = data.event_mentions(e)
    agent = next((a for m in mentions for a in m.agents), None)
    target = next((a for m in mentions for a in m.targets), None)
    place = e.places[0] if e.places else None
    cites = []
    for m in mentions:
        art = data.articles.get(m.article_id)
        cites.append({"article_id": m.article_id, "mention_id": m.id, "outlet": art.outlet if art else None,
                      "url": art.url if art else None,
                      "published": art.published.isoformat() if art and art.published else None,
                      "span": [m.span.start, m.span.end], "text": m.span.text})
    return {
        "id": e.id, "date": e.date.start.isoformat(), "date_end": e.date.end.isoformat(),
        "date_precision": e.date.precision,
        "actor": _actor(agent), "recipient": _actor(target),
        "event": "ASSAULT" if e.type == "FIGHT" else e.type, "eventwire_type": e.type,
        "context": ["fight"] if e.type == "FIGHT" else [],
        "mode": next((m.mode for m in mentions if m.mode), None),
        "event_loc": None if place is None else {
            "name": place.name, "geonameid": place.geonameid, "lat": place.lat, "lon": place.lon,
            "country": place.country, "admin1": place.admin1, "precision": place.precision},
        "event_text": mentions[0].span.text if mentions else "",
        "cite_info": cites,
        "claims": [{"victim_country": s.victim_country, "victim_kind": s.victim_kind, "outcome": s.outcome,
                    "low": s.low, "best": s.best, "high": s.high, "rule": s.rule,
                    "contradiction": s.contradiction} for s in e.series],
    }


def write_plover_jsonl(data: ExportData, out: IO[str]) -> int:
    for e in data.events:
        out.write(json.dumps(plover_record(e, data), ensure_ascii=False) + "\n")
    return len(data.events)
