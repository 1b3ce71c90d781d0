"""Event, claim and article lists in SQL: filters, sorts with tie-breaks, pages and counts agree with
a plain-Python reading of the same events, on both backends."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from eventwire.fuse.query import EventFilter, deaths
from eventwire.model import ArticleResult, ClaimPoint, ClaimSeries, DateRange, Event, Place
from eventwire.store import EventSelection, Store

MakeResult = Callable[..., ArticleResult]
DAY = date(2024, 3, 1)
PLACES = [  # (name, lat, lon): two either side of the antimeridian, one unlocated
    ("Borderville", 40.5, -3.25), ("Eastport", 48.0, 37.5), ("Islandtown", -17.8, 178.4),
    ("Dateline Bay", -16.5, -179.9), ("Nowhere", None, None)]


def _series(killed: int, side: str) -> ClaimSeries:
    point = ClaimPoint(claim_id=f"c-{side}-{killed}", article_id="a", claimant="Officials", claimant_country=side,
                       low=killed, high=killed, as_of=DAY, quote=str(killed))
    return ClaimSeries(victim_country=side, victim_kind="civilian", outcome="killed", points=(point,), low=killed,
                       best=killed, high=killed, rule="latest-per-side", contradiction=False, revisions=0)


def _events(mentions: list[tuple[str, str]], rng: random.Random) -> list[Event]:
    """Events over consecutive runs of ``mentions`` with many ties in date, type, deaths and size."""
    out, i, n = [], 0, 0
    while i < len(mentions):
        size = rng.choice([1, 1, 2, 3])
        members = mentions[i:i + size]
        i += size
        start = DAY + timedelta(days=rng.randrange(4))
        name, lat, lon = rng.choice(PLACES)
        place = Place(text=name.lower() if rng.random() < 0.5 else name, name=name, geonameid=None, lat=lat,
                      lon=lon, country="BBB", admin1=None, precision="place")
        series = tuple(_series(rng.choice([0, 2, 5]), side) for side in rng.sample(["AAA", "BBB"], rng.randrange(3)))
        out.append(Event(
            id=f"ev-{rng.randrange(10**6):06d}-{n}", type=rng.choice(["ASSAULT", "FIGHT"]),
            date=DateRange(start=start, end=start + timedelta(days=rng.randrange(2)), precision="day", anchor=""),
            mention_ids=tuple(m for m, _ in members), article_ids=tuple(dict.fromkeys(a for _, a in members)),
            countries=tuple(rng.sample(["AAA", "BBB", "CCC"], rng.randrange(1, 3))), places=(place,),
            actors=(), series=series, outlets=(), sides=(), links=()))
        n += 1
    return out


@pytest.fixture
def fused(store: Store, make_result: MakeResult) -> list[Event]:
    rng = random.Random(7)
    results = [make_result(mentions=12, claims=3, published=DAY + timedelta(days=i % 3)) for i in range(4)]
    store.add_results(results)
    events = _events([(m.id, r.article.id) for r in results for m in r.mentions], rng)
    store.replace_events(events, [], full=True)
    return events


def _in_box(e: Event, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return any(p.lat is not None and p.lon is not None and y0 <= p.lat <= y1
               and (x0 <= p.lon <= x1 if x0 <= x1 else (p.lon >= x0 or p.lon <= x1)) for p in e.places)


def _reference(events: list[Event], f: EventFilter) -> list[Event]:
    """The events ``f`` keeps, read in Python (the box test here also knows the antimeridian)."""
    rest = EventFilter(**{**_fields(f), "bbox": None})
    return [e for e in events if rest.accepts(e) and (f.bbox is None or _in_box(e, f.bbox))]


def _fields(f: EventFilter) -> dict[str, object]:
    return {k: getattr(f, k) for k in ("since", "until", "country", "type", "place", "bbox", "min_deaths")}


FILTERS = [
    EventFilter(),
    EventFilter(since=DAY + timedelta(days=2)),
    EventFilter(until=DAY + timedelta(days=1), country="AAA"),
    EventFilter(type="FIGHT", country="ccc"),
    EventFilter(place="BORDERVILLE"),
    EventFilter(place="eastport", min_deaths=2),
    EventFilter(min_deaths=5),
    EventFilter(bbox=(-10.0, 30.0, 40.0, 50.0)),
    EventFilter(bbox=(170.0, -20.0, -170.0, -10.0)),  # across the antimeridian
    EventFilter(bbox=(170.0, -20.0, 180.0, -10.0)),
]


@pytest.mark.parametrize("f", FILTERS, ids=str)
def test_sql_filters_and_counts_match_python(store: Store, fused: list[Event], f: EventFilter) -> None:
    want = sorted(_reference(fused, f), key=lambda e: (e.date.start, e.date.end, e.id))
    got = store.events(**_fields(f))
    assert [e.id for e in got] == [e.id for e in want]
    assert store.count_events(**_fields(f)) == len(want)
    per_country = Counter(c for e in want for c in e.countries)
    assert store.event_countries(**_fields(f)) == sorted(per_country.items(), key=lambda kv: (-kv[1], kv[0]))


SORTS = {"date": lambda e: (e.date.start, e.date.end, e.id),
         "deaths": lambda e: (deaths(e)["best"], e.date.start, e.id),
         "reports": lambda e: (len(e.mention_ids), e.date.start, e.id),
         "type": lambda e: (e.type, e.date.start, e.id)}


@pytest.mark.parametrize("sort", [*SORTS, *(f"-{k}" for k in SORTS)])
def test_pages_under_ties_neither_skip_nor_repeat(store: Store, fused: list[Event], sort: str) -> None:
    want = sorted(fused, key=SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
    pages = [store.events(sort=sort, limit=4, offset=o) for o in range(0, len(fused) + 4, 4)]
    got = [e.id for p in pages for e in p]
    assert got == [e.id for e in want]
    assert len(set(got)) == len(fused)


def test_unknown_sort_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="sort"):
        store.events(sort="colour")
    with pytest.raises(ValueError, match="sort"):
        store.list_articles(sort="length")


def test_iter_events_and_events_of_mentions(store: Store, fused: list[Event]) -> None:
    assert sorted(e.id for e in store.iter_events(chunk=3, country="AAA")) == \
        sorted(e.id for e in fused if "AAA" in e.countries)
    some = [fused[0].mention_ids[0], fused[-1].mention_ids[-1]]
    assert sorted(e.id for e in store.events_of_mentions(some)) == sorted({fused[0].id, fused[-1].id})


def test_claims_paged_and_counted_in_sql(store: Store, fused: list[Event]) -> None:
    every = store.claims()
    pages = [c for o in range(0, len(every), 5) for c in store.claims(limit=5, offset=o)]
    assert pages == every and store.count_claims() == len(every)
    f = EventFilter(country="AAA")
    members = {m for e in _reference(fused, f) for m in e.mention_ids}
    sel = store.claims(events=EventSelection(country="AAA"))
    assert 0 < len(sel) < len(every)
    assert [c.id for c in sel] == [c.id for c in every if c.event_id in members]
    one = fused[0]
    assert [c.id for c in store.claims(event_id=one.id)] == [c.id for c in every if c.event_id in one.mention_ids]
    assert store.count_claims(event_id=one.id) == len(store.claims(event_id=one.id))


def test_articles_sorted_paged_and_counted(store: Store, make_result: MakeResult) -> None:
    titles = ["beta", "Alpha", "alpha", None, "Émile"]
    days = [DAY, None, DAY, DAY + timedelta(days=1), None]
    store.add_results([make_result(title=t, published=d) for t, d in zip(titles, days, strict=True)])
    arts = store.list_articles()
    assert [a.published for a in arts][-2:] == [None, None]  # undated last
    by_title = store.list_articles(sort="title")
    assert [a.title for a in by_title][:3] == [None, "Alpha", "alpha"] or \
        [a.title for a in by_title][:3] == [None, "alpha", "Alpha"]
    assert [(a.title or "").casefold() for a in by_title] == sorted((t or "").casefold() for t in titles)
    assert store.list_articles(sort="-title") == by_title[::-1]
    paged = [a for o in range(0, 5, 2) for a in store.list_articles(sort="title", limit=2, offset=o)]
    assert paged == by_title
    assert store.count_articles(since=DAY) == 3 and store.count_articles() == 5


def test_claims_by_claimant_name_substring(store: Store, make_result: MakeResult) -> None:
    names = ["Ministry of Defence", "ÉTAT-MAJOR", "état-major général", "100% Rebels_Front", "Health ministry"]
    result = make_result(claims=len(names))
    claims = tuple(replace(c, claimant=replace(c.claimant, name=n)) for c, n in zip(result.claims, names, strict=True))
    store.add_results([replace(result, claims=claims)])

    def named(q: str) -> list[str]:
        found = [c.claimant.name for c in store.claims(claimant=q)]
        assert store.count_claims(claimant=q) == len(found)
        return sorted(found)

    assert named("MINISTRY") == ["Health ministry", "Ministry of Defence"]
    assert named("État") == ["ÉTAT-MAJOR", "état-major général"]  # folded beyond ASCII on both backends
    assert named("%") == named("_") == ["100% Rebels_Front"]  # LIKE wildcards match only themselves
    assert named("of def") == ["Ministry of Defence"]
    assert named("navy") == []
    for outcome in {c.outcome for c in claims}:  # combined with the other filters
        assert [c.id for c in store.claims(claimant="ministry", outcome=outcome)] == \
            [c.id for c in store.claims(outcome=outcome) if "ministry" in c.claimant.name.casefold()]
