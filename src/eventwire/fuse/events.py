"""Build fused :class:`Event` records from fusion clusters, with claims and corroboration.

Corroboration counts *independent* sources: articles from the same outlet count once, and so do
syndicated copies of one story published under different outlet names (near-identical text,
shingle Jaccard >= ``SYNDICATION_JACCARD``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from ..model import Article, Claim, DateRange, Event, EventMention, FusionLink, Place
from .fusion import event_id
from .reconcile import build_series

SYNDICATION_JACCARD = 0.8
_TOKEN = re.compile(r"\w+")


def shingles(text: str, k: int = 5) -> frozenset[int]:
    """Hashed word k-shingles of a text (for near-duplicate detection)."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    return frozenset(hash(tuple(words[i:i + k])) for i in range(max(1, len(words) - k + 1)))


def independent_sources(articles: Sequence[Article]) -> list[list[Article]]:
    """Group articles into independent sources: same outlet, or near-identical text."""
    groups: list[tuple[set[str], frozenset[int], list[Article]]] = []
    for a in sorted(articles, key=lambda a: (a.published or date.min, a.id)):
        outlet = (a.outlet or "").casefold()
        sig = shingles(a.text)
        for outlets, gsig, members in groups:
            if (outlet and outlet in outlets) or _jaccard(sig, gsig) >= SYNDICATION_JACCARD:
                members.append(a)
                outlets.add(outlet)
                break
        else:
            groups.append(({outlet} if outlet else set(), sig, [a]))
    return [members for _, _, members in groups]


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def build_event(cluster: Sequence[EventMention], claims: Iterable[Claim], articles: Mapping[str, Article],
                links: Sequence[FusionLink] = ()) -> Event:
    """One fused event from its mentions, the claims linked to them, and the articles they come from."""
    ids = {m.id for m in cluster}
    claims = [c for c in claims if c.event_id in ids]
    types = [m.type for m in cluster]
    etype = max(set(types), key=lambda t: (types.count(t), t == "FIGHT"))
    # Day-precise reports narrow the event to where they agree; coarse ones only widen it.
    precise = [m.date for m in cluster if m.date.precision in ("day", "range")]
    if precise:
        start, end = max(d.start for d in precise), min(d.end for d in precise)
    else:
        start, end = min(m.date.start for m in cluster), max(m.date.end for m in cluster)
    if end < start:  # reports disagree by a day: keep the union rather than an empty range
        start, end = min(m.date.start for m in cluster), max(m.date.end for m in cluster)
    precision = "day" if start == end else "range"
    places: dict[str, Place] = {}
    for m in cluster:
        for p in m.places:
            places.setdefault(str(p.geonameid or p.name.casefold()), p)
    countries = sorted({c for m in cluster for c in m.countries})
    actors = sorted({a.name for m in cluster for a in (*m.agents, *m.targets)})
    arts = [articles[m.article_id] for m in cluster if m.article_id in articles]
    sources = independent_sources(list({a.id: a for a in arts}.values()))
    outlets = tuple(g[0].outlet or g[0].name for g in sources)
    sides = tuple(sorted({c.claimant_country for c in claims if c.claimant_country}))
    member_links = tuple(lk for lk in links if lk.a in ids and lk.b in ids)
    return Event(
        id=event_id(cluster), type=etype,
        date=DateRange(start=start, end=end, precision=precision, anchor="fused from reports"),
        mention_ids=tuple(m.id for m in cluster), article_ids=tuple(dict.fromkeys(m.article_id for m in cluster)),
        countries=tuple(countries), places=tuple(places.values()), actors=tuple(actors),
        series=tuple(build_series(claims)), outlets=outlets, sides=sides, links=member_links,
    )
