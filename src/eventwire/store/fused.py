"""Fused events in the store: rows <-> :class:`Event`, and the fusion-decision log.

``events`` holds one row per fused event (its reconciled claim series as JSON), ``event_mentions``
its member mentions in order, and ``fusion_decisions`` every link fusion made (rule + evidence)
plus the analysts' merges and splits (rules ``analyst-merge`` / ``analyst-split``), which survive
every re-fusion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from ..model import ClaimPoint, ClaimSeries, DateRange, Event, FusionLink, Place
from . import schema as s
from .load import chunks

ANALYST_RULES = ("analyst-merge", "analyst-split")


def _place_json(p: Place) -> dict[str, Any]:
    return {"text": p.text, "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
            "country": p.country, "admin1": p.admin1, "precision": p.precision}


def _series_json(sr: ClaimSeries) -> dict[str, Any]:
    return {"victim_country": sr.victim_country, "victim_kind": sr.victim_kind, "outcome": sr.outcome,
            "low": sr.low, "best": sr.best, "high": sr.high, "rule": sr.rule,
            "contradiction": sr.contradiction, "revisions": sr.revisions,
            "points": [{"claim_id": p.claim_id, "article_id": p.article_id, "claimant": p.claimant,
                        "claimant_country": p.claimant_country, "low": p.low, "high": p.high,
                        "as_of": p.as_of.isoformat(), "quote": p.quote, "status": p.status} for p in sr.points]}


def _series_of(d: dict[str, Any]) -> ClaimSeries:
    points = tuple(ClaimPoint(claim_id=p["claim_id"], article_id=p["article_id"], claimant=p["claimant"],
                              claimant_country=p["claimant_country"], low=p["low"], high=p["high"],
                              as_of=date.fromisoformat(p["as_of"]), quote=p["quote"], status=p["status"])
                   for p in d["points"])
    return ClaimSeries(victim_country=d["victim_country"], victim_kind=d["victim_kind"], outcome=d["outcome"],
                       points=points, low=d["low"], best=d["best"], high=d["high"], rule=d["rule"],
                       contradiction=d["contradiction"], revisions=d["revisions"])


def event_row(e: Event, at: datetime) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "date_start": e.date.start, "date_end": e.date.end,
            "precision": e.date.precision, "anchor": e.date.anchor, "countries": list(e.countries),
            "places": [_place_json(p) for p in e.places], "actors": list(e.actors),
            "series": [_series_json(x) for x in e.series], "outlets": list(e.outlets), "sides": list(e.sides),
            "updated_at": at}


def write_events(conn: sa.Connection, events: Sequence[Event], links: Sequence[FusionLink], *,
                 remove_mention_sets: Sequence[Sequence[str]], full: bool) -> None:
    """Replace events in one transaction: all of them (``full``) or the stale and changed ones."""
    now = datetime.now(UTC)
    if full:
        conn.execute(sa.delete(s.event_mentions))
        conn.execute(sa.delete(s.events))
        conn.execute(sa.delete(s.fusion_decisions).where(s.fusion_decisions.c.rule.not_in(ANALYST_RULES)))
    else:
        stale_mentions = [m for group in remove_mention_sets for m in group]
        stale_mentions += [m for e in events for m in e.mention_ids]
        for part in chunks(stale_mentions):
            ids = sa.select(s.event_mentions.c.event_id).where(s.event_mentions.c.mention_id.in_(part))
            conn.execute(sa.delete(s.events).where(s.events.c.id.in_(ids.scalar_subquery())))
        for part in chunks([e.id for e in events]):
            conn.execute(sa.delete(s.event_mentions).where(s.event_mentions.c.event_id.in_(part)))
            conn.execute(sa.delete(s.events).where(s.events.c.id.in_(part)))
    if events:
        conn.execute(sa.insert(s.events), [event_row(e, now) for e in events])
        members = [{"event_id": e.id, "mention_id": m, "ord": i} for e in events for i, m in enumerate(e.mention_ids)]
        conn.execute(sa.insert(s.event_mentions), members)
    machine = [lk for lk in links if lk.rule not in ANALYST_RULES]
    if machine:
        conn.execute(sa.insert(s.fusion_decisions), [
            {"a": lk.a, "b": lk.b, "decision": lk.decision, "rule": lk.rule, "score": lk.score,
             "evidence": [list(x) for x in lk.evidence], "analyst": None, "note": None, "at": now} for lk in machine])


def add_decision(conn: sa.Connection, kind: str, a: str, b: str, analyst: str | None, note: str | None) -> None:
    conn.execute(sa.insert(s.fusion_decisions).values(
        a=a, b=b, decision="merge" if kind == "merge" else "separate", rule=f"analyst-{kind}", score=1.0,
        evidence=[], analyst=analyst, note=note, at=datetime.now(UTC)))


def analyst_decisions(conn: sa.Connection) -> list[tuple[str, str, str]]:
    """(kind, a, b) of every analyst decision, oldest first."""
    d = s.fusion_decisions.c
    q = sa.select(d.rule, d.a, d.b).where(d.rule.in_(ANALYST_RULES)).order_by(d.id)
    return [(rule.split("-", 1)[1], a, b) for rule, a, b in conn.execute(q)]


def clusters(conn: sa.Connection) -> list[list[str]]:
    """Mention ids of every stored event, in member order."""
    em = s.event_mentions.c
    out: dict[str, list[str]] = defaultdict(list)
    for event_id, mention_id in conn.execute(sa.select(em.event_id, em.mention_id).order_by(em.event_id, em.ord)):
        out[event_id].append(mention_id)
    return list(out.values())


def events_of_rows(conn: sa.Connection, event_rows: Sequence[Any]) -> list[Event]:
    """The :class:`Event` of each ``events`` row, in the order given (members, articles and the
    merge links inside each event read in chunks)."""
    members: dict[str, list[str]] = defaultdict(list)
    articles: dict[str, list[str]] = defaultdict(list)
    links: dict[str, list[FusionLink]] = defaultdict(list)
    em = s.event_mentions.c
    for part in chunks([r["id"] for r in event_rows]):
        q = (sa.select(em.event_id, em.mention_id, s.mentions.c.article_id)
             .join(s.mentions, s.mentions.c.id == em.mention_id).where(em.event_id.in_(part))
             .order_by(em.event_id, em.ord))
        for eid, mid, aid in conn.execute(q):
            members[eid].append(mid)
            articles[eid].append(aid)
    owner = {m: eid for eid, ms in members.items() for m in ms}
    d = s.fusion_decisions.c
    for part in chunks(list(owner)):
        q = sa.select(s.fusion_decisions).where(d.a.in_(part), d.decision == "merge").order_by(d.id)
        for r in conn.execute(q).mappings():
            if owner.get(r["b"]) == owner[r["a"]]:
                links[owner[r["a"]]].append(FusionLink(
                    a=r["a"], b=r["b"], decision=r["decision"], rule=r["rule"], score=r["score"],
                    evidence=tuple((str(k), float(v)) for k, v in r["evidence"])))
    return [_event_of(r, members[r["id"]], articles[r["id"]], links[r["id"]]) for r in event_rows]


def _event_of(r: Any, mention_ids: list[str], article_ids: list[str], links: list[FusionLink]) -> Event:
    return Event(
        id=r["id"], type=r["type"],
        date=DateRange(start=r["date_start"], end=r["date_end"], precision=r["precision"], anchor=r["anchor"]),
        mention_ids=tuple(mention_ids), article_ids=tuple(dict.fromkeys(article_ids)),
        countries=tuple(r["countries"]), places=tuple(Place(**p) for p in r["places"]), actors=tuple(r["actors"]),
        series=tuple(_series_of(x) for x in r["series"]), outlets=tuple(r["outlets"]), sides=tuple(r["sides"]),
        links=tuple(links))
