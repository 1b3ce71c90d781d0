"""Fusion over a real store (SQLite and PostgreSQL): incremental runs, analyst split/merge, claim series."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from eventwire.fuse.service import fuse_store, merge_events, split_event
from eventwire.model import Actor, ArticleResult, Claim, DateRange, EventMention, Place, Span
from tests.conftest import build_article

GOMA = Place(text="Goma", name="Goma", geonameid=214974, lat=-1.68, lon=29.22, country="COD", precision="place")
BENI = Place(text="Beni", name="Beni", geonameid=218680, lat=0.49, lon=29.47, country="COD", precision="place")


def result(n: int, outlet: str, day: date, killed: int, as_of: date, *, place: Place = GOMA,
           flags: frozenset[str] = frozenset()) -> ArticleResult:
    text = f"Dispatch {n}: M23 rebels clashed with the army near {place.name}; {killed} soldiers were killed."
    art = build_article(raw_text=text, text=text, outlet=outlet, published=as_of, name=f"n{n}.txt")
    art = replace(art, id=f"art{n:04d}")
    span = Span(start=0, end=len(text), text=text)
    m = EventMention(id=f"{art.id}-e1", article_id=art.id, type="FIGHT", span=span, places=(place,),
                     date=DateRange(start=day, end=day, precision="day"), countries=("COD", "RWA"), flags=flags)
    c = Claim(id=f"{art.id}-c1", article_id=art.id, event_id=m.id, outcome="killed", low=killed, high=killed,
              victim_country="COD", victim_kind="military", claimant=Actor(text="army", name="Congolese army"),
              claimant_country="COD", as_of=as_of, span=span)
    return ArticleResult(article=replace(art, offsets=replace(art.offsets, clean_length=len(text),
                                                              raw_length=len(text),
                                                              segments=((0, 0, len(text)),))),
                         mentions=(m,), claims=(c,))


def test_incremental_fusion_revises_tally_and_keeps_other_place_apart(store: Any) -> None:
    d = date(2025, 1, 20)
    store.add_results([result(1, "Wire A", d, 12, d), result(2, "Wire B", d, 12, d)])
    first = fuse_store(store)
    assert first.events == 1 and first.new_mentions == 2
    store.add_results([result(3, "Wire C", d, 30, date(2025, 1, 22)), result(4, "Wire D", d, 4, d, place=BENI),
                       result(5, "Wire E", date(2019, 1, 1), 99, d, flags=frozenset({"historical"}))])
    second = fuse_store(store)
    assert second.new_mentions == 2 and second.events == 2
    (goma,) = [e for e in store.events() if e.places[0].name == "Goma"]
    assert len(goma.mention_ids) == 3 and goma.outlets == ("Wire A", "Wire B", "Wire C")
    (series,) = goma.series
    assert (series.low, series.best, series.high, series.revisions) == (30, 30, 30, 2)
    assert all(lk.rule.startswith("score") for lk in goma.links) and goma.links
    assert store.get_event(goma.id[:9]).id == goma.id


def test_analyst_split_and_merge_survive_refusion(store: Any) -> None:
    d = date(2025, 1, 20)
    store.add_results([result(1, "Wire A", d, 12, d), result(2, "Wire B", d, 12, d), result(3, "Wire C", d, 5, d,
                                                                                          place=BENI)])
    fuse_store(store)
    (goma,) = [e for e in store.events() if e.places[0].name == "Goma"]
    split_event(store, goma.id, analyst="tester")
    assert len(store.events()) == 3
    fuse_store(store, full=True)
    assert len(store.events()) == 3
    ids = [e.id for e in store.events()]
    merge_events(store, ids[:2])
    assert len(store.events()) == 2
    assert {k for k, _, _ in store.analyst_decisions()} == {"split", "merge"}


def test_splitting_an_event_an_analyst_merged_undoes_the_merge(store: Any) -> None:
    d = date(2025, 1, 20)
    store.add_results([result(1, "Wire A", d, 12, d), result(2, "Wire B", d, 5, d, place=BENI)])
    fuse_store(store)
    assert len(store.events()) == 2  # Goma and Beni: other towns, kept apart
    merge_events(store, [e.id for e in store.events()], analyst="tester")
    (merged,) = store.events()
    split_event(store, merged.id, analyst="tester")
    assert len(store.events()) == 2
    fuse_store(store, full=True)
    assert len(store.events()) == 2


def test_fusion_uses_the_similarity_the_settings_choose(store: Any, monkeypatch: Any) -> None:
    from eventwire.fuse import service
    from eventwire.settings import load_settings

    calls: list[tuple[str, str]] = []

    def spy(a: str, b: str) -> float:
        calls.append((a, b))
        return 1.0

    chosen: list[str] = []
    monkeypatch.setattr(service, "similarity_for",
                        lambda s: chosen.append(getattr(s, "fusion_similarity", "lexical")) or spy)
    d = date(2025, 1, 20)
    store.add_results([result(1, "Wire A", d, 12, d), result(2, "Wire B", d, 12, d)])
    fuse_store(store, settings=load_settings({"EVENTWIRE_FUSION_SIMILARITY": "embedding"}))
    assert chosen == ["embedding"] and calls
