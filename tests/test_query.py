"""Event filters, per-side deaths and timelines over fused events."""

from __future__ import annotations

from datetime import date

from eventwire.fuse.query import EventFilter, deaths, deaths_by_side, filter_events, timeline
from eventwire.model import ClaimSeries, DateRange, Event, Place

ADEN = Place(text="Aden", name="Aden", lat=12.78, lon=45.04, country="YEM")


def ev(eid: str, day: date, *, typ: str = "ASSAULT", killed: dict[str, tuple[int, int, int]] | None = None,
       places: tuple[Place, ...] = (ADEN,)) -> Event:
    series = tuple(ClaimSeries(victim_country=v, victim_kind="civilian", outcome="killed", points=(), low=lo,
                               best=b, high=hi, rule="own-side-conceded") for v, (lo, b, hi) in (killed or {}).items())
    return Event(id=eid, type=typ, date=DateRange(start=day, end=day, precision="day"), mention_ids=(eid,),
                 article_ids=(eid,), countries=("YEM", "SAU"), places=places, series=series)


def test_filters_combine() -> None:
    events = [ev("a", date(2024, 1, 3), killed={"YEM": (3, 4, 9)}), ev("b", date(2024, 2, 1), typ="FIGHT", places=())]
    assert [e.id for e in filter_events(events, EventFilter(since=date(2024, 1, 10)))] == ["b"]
    assert [e.id for e in filter_events(events, EventFilter(min_deaths=4))] == ["a"]
    assert [e.id for e in filter_events(events, EventFilter(bbox=(44.0, 12.0, 46.0, 13.0)))] == ["a"]
    assert [e.id for e in filter_events(events, EventFilter(place="aden", type="assault", country="sau"))] == ["a"]
    assert filter_events(events, EventFilter(country="UKR")) == []


def test_deaths_add_across_victim_sides_only() -> None:
    e = ev("a", date(2024, 1, 3), killed={"YEM": (3, 4, 9), "SAU": (1, 1, 2)})
    assert deaths(e) == {"low": 4, "best": 5, "high": 11}
    assert deaths_by_side(e)["SAU"] == {"low": 1, "best": 1, "high": 2}


def test_weekly_timeline_buckets_by_iso_week() -> None:
    events = [ev("a", date(2024, 1, 1), killed={"YEM": (1, 2, 3)}),
              ev("b", date(2024, 1, 7), killed={"YEM": (1, 1, 1)}),
              ev("c", date(2024, 1, 8))]
    weeks = timeline(events, by="week")
    assert [(b.start, b.events) for b in weeks] == [(date(2024, 1, 1), 2), (date(2024, 1, 8), 1)]
    assert weeks[0].deaths == (("YEM", 2, 3, 4),)
