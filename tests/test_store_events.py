"""Store contract for fused events (events, event_mentions, fusion_decisions) on both backends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from eventwire.errors import NotFoundError
from eventwire.model import ArticleResult, ClaimPoint, ClaimSeries, DateRange, Event, FusionLink, Place
from eventwire.store import Store

MakeResult = Callable[..., ArticleResult]


def _event(eid: str, members: list[tuple[str, str]], *, day: date, type_: str = "ASSAULT",
           countries: tuple[str, ...] = ("AAA", "BBB")) -> Event:
    """An event over ``members`` ((mention id, article id) pairs) as the fusion stage makes it."""
    mention_ids = tuple(m for m, _ in members)
    links = tuple(FusionLink(a=mention_ids[0], b=m, decision="merge", rule="score>=0.62", score=0.75,
                             evidence=(("date", 1.0), ("text", 0.5)))
                  for m in mention_ids[1:])
    series = ClaimSeries(
        victim_country="BBB", victim_kind="military", outcome="killed",
        points=(ClaimPoint(claim_id="c-1", article_id=members[0][1], claimant="Government",
                           claimant_country="BBB", low=2, high=3, as_of=day, quote="two or three", status="revised"),
                ClaimPoint(claim_id="c-2", article_id=members[-1][1], claimant="Government",
                           claimant_country="BBB", low=4, high=4, as_of=day, quote="four")),
        low=4, best=4, high=4, rule="latest-per-side", contradiction=False, revisions=1)
    return Event(
        id=eid, type=type_, date=DateRange(start=day, end=day, precision="day", anchor="on Monday"),
        mention_ids=mention_ids, article_ids=tuple(dict.fromkeys(a for _, a in members)),
        countries=countries,
        places=(Place(text="village", name="Borderville", geonameid=100001, lat=40.5, lon=-3.25,
                      country="BBB", admin1="North", precision="place"),),
        actors=("Armed forces", "Civilians"), series=(series,), outlets=("Example Wire",), sides=("BBB",),
        links=links)


@pytest.fixture
def stored(store: Store, make_result: MakeResult) -> list[ArticleResult]:
    results = [make_result(mentions=2, claims=1, published=date(2024, 7, 1 + i)) for i in range(3)]
    store.add_results(results)
    return results


def test_events_round_trip_with_members_series_and_links(store: Store, stored: list[ArticleResult]) -> None:
    a, b, c = stored
    e1 = _event("ev-0001", [(a.mentions[0].id, a.article.id), (b.mentions[0].id, b.article.id)],
                day=date(2024, 7, 1))
    e2 = _event("ev-0002", [(c.mentions[1].id, c.article.id)], day=date(2024, 7, 3), type_="FIGHT",
                countries=("CCC",))
    store.replace_events([e1, e2], [*e1.links], full=True)
    assert store.events() == [e1, e2]
    assert store.get_event("ev-0001") == e1
    assert store.get_event("ev-0002") == e2
    assert sorted(store.event_clusters()) == sorted([list(e1.mention_ids), list(e2.mention_ids)])


def test_events_filters(store: Store, stored: list[ArticleResult]) -> None:
    a, b, c = stored
    e1 = _event("ev-a", [(a.mentions[0].id, a.article.id)], day=date(2024, 7, 1))
    e2 = _event("ev-b", [(c.mentions[0].id, c.article.id)], day=date(2024, 7, 3), type_="FIGHT",
                countries=("CCC",))
    store.replace_events([e1, e2], [], full=True)
    assert [e.id for e in store.events(since=date(2024, 7, 2))] == ["ev-b"]
    assert [e.id for e in store.events(until=date(2024, 7, 2))] == ["ev-a"]
    assert [e.id for e in store.events(country="CCC")] == ["ev-b"]
    assert [e.id for e in store.events(type="ASSAULT")] == ["ev-a"]
    assert store.events(country="ZZZ") == []
    assert [e.id for e in store.events(limit=1, offset=1)] == ["ev-b"]


def test_incremental_replace_drops_stale_events_only(store: Store, stored: list[ArticleResult]) -> None:
    a, b, c = stored
    old1 = _event("ev-old1", [(a.mentions[0].id, a.article.id)], day=date(2024, 7, 1))
    old2 = _event("ev-old2", [(b.mentions[0].id, b.article.id)], day=date(2024, 7, 2))
    keep = _event("ev-keep", [(c.mentions[0].id, c.article.id)], day=date(2024, 7, 3))
    store.replace_events([old1, old2, keep], [], full=True)
    merged = _event("ev-new", [(a.mentions[0].id, a.article.id), (b.mentions[0].id, b.article.id)],
                    day=date(2024, 7, 1))
    store.replace_events([merged], [*merged.links])
    assert [e.id for e in store.events()] == ["ev-new", "ev-keep"]
    assert store.get_event("ev-new") == merged


def test_analyst_decisions_survive_full_refusion(store: Store, stored: list[ArticleResult]) -> None:
    a, b, _ = stored
    store.add_analyst_decision("split", a.mentions[0].id, b.mentions[0].id, analyst="reviewer")
    store.add_analyst_decision("merge", a.mentions[1].id, b.mentions[1].id)
    store.replace_events([], [], full=True)
    assert store.analyst_decisions() == [("split", a.mentions[0].id, b.mentions[0].id),
                                         ("merge", a.mentions[1].id, b.mentions[1].id)]


def test_get_event_by_prefix_and_not_found(store: Store, stored: list[ArticleResult]) -> None:
    a, b, _ = stored
    store.replace_events([_event("ev-abc1", [(a.mentions[0].id, a.article.id)], day=date(2024, 7, 1)),
                          _event("ev-abc2", [(b.mentions[0].id, b.article.id)], day=date(2024, 7, 2))],
                         [], full=True)
    assert store.get_event("ev-abc2").id == "ev-abc2"
    assert store.get_event("ev-abc1").id == "ev-abc1"
    for bad in ("ev-abc", "ev-zzz", "EV-ABC1"):
        with pytest.raises(NotFoundError):
            store.get_event(bad)


def test_replacing_an_article_result_drops_its_mentions_from_events(
        store: Store, stored: list[ArticleResult], make_result: MakeResult) -> None:
    a, b, _ = stored
    event = _event("ev-x", [(a.mentions[0].id, a.article.id), (b.mentions[0].id, b.article.id)],
                   day=date(2024, 7, 1))
    store.replace_events([event], [], full=True)
    store.replace_result(make_result(a.article, mentions=0, claims=0))
    assert store.event_clusters() == [[b.mentions[0].id]]  # membership went with the mention
