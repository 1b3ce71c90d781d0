"""Fusion core: pairwise evidence, vetoes, analyst decisions, incremental adds."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.fuse.fusion import Decision, Fuser, compare, event_id
from eventwire.model import DateRange, EventMention, Place, Span

GOMA = Place(text="Goma", name="Goma", geonameid=1, lat=-1.68, lon=29.22, country="COD")
SAKE = Place(text="Sake", name="Sake", geonameid=2, lat=-1.57, lon=29.04, country="COD")
BUKAVU = Place(text="Bukavu", name="Bukavu", geonameid=3, lat=-2.51, lon=28.86, country="COD")


def mention(mid: str, art: str, day: date, *, typ: str = "FIGHT", places: tuple[Place, ...] = (GOMA,),
            countries: tuple[str, ...] = ("COD", "RWA"), text: str = "M23 rebels clashed with the army near Goma",
            end: date | None = None) -> EventMention:
    return EventMention(id=mid, article_id=art, type=typ,
                        date=DateRange(start=day, end=end or day, precision="day"),
                        span=Span(start=0, end=len(text), text=text), places=places, countries=countries)


D = date(2024, 2, 7)


def test_same_event_two_outlets_merges_with_recorded_evidence() -> None:
    link = compare(mention("a-e1", "a", D), mention("b-e1", "b", D, places=(SAKE,),
                                                    text="Fighting between M23 and troops near Sake"))
    assert link.decision == "merge"
    assert dict(link.evidence)["place"] > 0.5 and link.rule.startswith("score>=")


def test_same_day_different_place_stays_apart() -> None:
    link = compare(mention("a-e1", "a", D), mention("b-e1", "b", D, places=(BUKAVU,)))
    assert link.decision == "separate" and link.rule == "place-veto"


def test_same_place_different_day_stays_apart() -> None:
    link = compare(mention("a-e1", "a", D), mention("b-e1", "b", D + timedelta(days=4)))
    assert link.decision == "separate" and link.rule == "date-veto"


def test_incompatible_types_and_same_article_never_merge() -> None:
    assert compare(mention("a-e1", "a", D), mention("b-e1", "b", D, typ="CONSULT")).rule == "type-veto"
    assert compare(mention("a-e1", "a", D), mention("a-e2", "a", D)).rule == "same-article"


def test_fight_and_assault_reports_of_one_clash_can_fuse() -> None:
    link = compare(mention("a-e1", "a", D), mention("b-e1", "b", D, typ="ASSAULT"))
    assert link.decision == "merge" and dict(link.evidence)["type"] == 0.8


def test_analyst_split_is_respected_on_refusion_and_merge_is_forced() -> None:
    ms = [mention("a-e1", "a", D), mention("b-e1", "b", D), mention("c-e1", "c", D, places=(BUKAVU,))]
    f = Fuser(decisions=[Decision(kind="split", a="a-e1", b="b-e1"), Decision(kind="merge", a="a-e1", b="c-e1")])
    f.add(ms)
    clusters = {frozenset(m.id for m in c) for c in f.clusters()}
    assert frozenset({"a-e1", "c-e1"}) in clusters and frozenset({"b-e1"}) in clusters
    assert any(lk.rule == "analyst-split" for lk in f.links)


def test_incremental_add_equals_batch() -> None:
    ms = [mention(f"{i}-e1", str(i), D + timedelta(days=i // 3), places=(GOMA,) if i % 2 else (SAKE,))
          for i in range(12)]
    batch = Fuser()
    batch.add(ms)
    inc = Fuser()
    inc.add(ms[:5])
    inc.add(ms[5:])
    as_sets = lambda f: {frozenset(m.id for m in c) for c in f.clusters()}  # noqa: E731
    assert as_sets(batch) == as_sets(inc)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from([GOMA, SAKE, BUKAVU])), min_size=1, max_size=25))
def test_clusters_partition_mentions_and_never_span_a_date_veto(specs: list[tuple[int, Place]]) -> None:
    ms = [mention(f"{i}-e1", str(i), D + timedelta(days=d), places=(p,)) for i, (d, p) in enumerate(specs)]
    f = Fuser()
    f.add(ms)
    clusters = f.clusters()
    assert sorted(m.id for c in clusters for m in c) == sorted(m.id for m in ms)
    for c in clusters:
        assert len({m.article_id for m in c}) == len(c)
        assert event_id(c).startswith("ev-")


def test_seeded_fuser_only_compares_new_mentions() -> None:
    old = [mention("a-e1", "a", D), mention("b-e1", "b", D)]
    first = Fuser()
    first.add(old)
    seeded = Fuser()
    seeded.seed(first.clusters())
    seeded.add([mention("c-e1", "c", D, places=(SAKE,))])
    assert seeded.compared == 2
    assert {frozenset(m.id for m in c) for c in seeded.clusters()} == {frozenset({"a-e1", "b-e1", "c-e1"})}


KHARKIV = Place(text="Kharkiv", name="Kharkiv", geonameid=10, lat=49.99, lon=36.23, country="UKR")
CHUHUIV = Place(text="Chuhuiv", name="Chuhuiv", geonameid=11, lat=49.84, lon=36.69, country="UKR")
KHARKIV_REGION = Place(text="Kharkiv", name="Kharkiv", geonameid=10, lat=49.99, lon=36.23, country="UKR",
                       precision="region")
BELGOROD = Place(text="Belgorod", name="Belgorod", geonameid=12, lat=50.6, lon=36.6, country="RUS")


def test_town_in_a_region_is_not_the_same_named_city() -> None:
    # "a drone struck Chuhuiv, in the Kharkiv region" vs "a bomb struck an apartment block in Kharkiv"
    a = mention("a-e1", "a", D, typ="ASSAULT", places=(CHUHUIV, KHARKIV_REGION), countries=("RUS",),
                text="A drone struck a petrol station in Chuhuiv")
    b = mention("b-e1", "b", D, typ="ASSAULT", places=(KHARKIV,), countries=("RUS",),
                text="A drone struck a petrol station in Kharkiv")
    link = compare(a, b)
    assert link.decision == "separate" and link.rule == "place-veto"


def test_first_places_apart_veto_even_when_the_other_names_it_as_context() -> None:
    a = mention("a-e1", "a", D, typ="ASSAULT", places=(BELGOROD, KHARKIV), countries=("UKR",))
    b = mention("b-e1", "b", D, typ="ASSAULT", places=(KHARKIV,), countries=("UKR",))
    assert compare(a, b).rule == "place-veto"


def test_other_sides_at_the_same_place_can_fuse_and_meet_through_place_blocking() -> None:
    # one outlet names the army, the other the rebels: same village, same day
    a = mention("a-e1", "a", D, typ="ASSAULT", countries=("COD",), text="rebels attacked the village near Goma")
    b = mention("b-e1", "b", D, typ="ASSAULT", countries=("UGA",), text="rebels attacked the village near Goma")
    assert compare(a, b).decision == "merge"
    c = mention("c-e1", "c", D, typ="ASSAULT", places=(BUKAVU,), countries=("UGA",))
    assert compare(a, c).rule in {"place-veto", "actor-veto"}
    f = Fuser()
    f.add([a, b, c])
    assert {frozenset(m.id for m in cl) for cl in f.clusters()} == {frozenset({"a-e1", "b-e1"}),
                                                                    frozenset({"c-e1"})}


def test_linkage_guard_is_named_and_ignores_same_article_pairs() -> None:
    # b-e1 and b-e2 are one article's two angles on the clash; c-e1 must still join both
    ms = [mention("b-e1", "b", D), mention("b-e2", "b", D, typ="ASSAULT"), mention("c-e1", "c", D),
          mention("d-e1", "d", D, places=(SAKE,), text="unrelated words entirely")]
    f = Fuser(decisions=[Decision(kind="merge", a="b-e1", b="b-e2")])
    f.add(ms[:2])
    f.add(ms[2:])
    cluster = next(c for c in f.clusters() if any(m.id == "c-e1" for m in c))
    assert {"b-e1", "b-e2", "c-e1"} <= {m.id for m in cluster}
    assert all(lk.rule != "analyst-split" for lk in f.links)


def test_strikes_on_consecutive_stated_days_are_two_strikes_but_a_battle_may_span_them() -> None:
    a = mention("a-e1", "a", D, typ="ASSAULT", text="Shelling hit the market of Goma")
    b = mention("b-e1", "b", D + timedelta(days=1), typ="ASSAULT", text="Shelling hit the market of Goma")
    assert compare(a, b).rule == "date-veto"
    fa = mention("a-e1", "a", D, text="Fighting raged around Goma")
    fb = mention("b-e1", "b", D + timedelta(days=1), text="Fighting raged around Goma")
    assert compare(fa, fb).decision == "merge"


def test_strike_radius_is_tighter_than_a_battle_sector() -> None:
    # Goma and Sake lie ~23 km apart: one battle sector, but two strikes hit two towns
    fight = compare(mention("a-e1", "a", D), mention("b-e1", "b", D, places=(SAKE,)))
    strike = compare(mention("a-e1", "a", D, typ="ASSAULT"), mention("b-e1", "b", D, typ="ASSAULT", places=(SAKE,)))
    assert fight.decision == "merge" and strike.rule == "place-veto"


def test_first_resolved_spots_decide_when_the_first_name_is_unresolved() -> None:
    # "the Korabelnyi district of Kherson" vs "Bilozerka, a town west of Kherson": 13 km apart
    korabelnyi = Place(text="Korabelnyi", name="Korabelnyi")
    kherson = Place(text="Kherson", name="Kherson", geonameid=20, lat=46.637, lon=32.615, country="UKR")
    bilozerka = Place(text="Bilozerka", name="Bilozerka", geonameid=21, lat=46.627, lon=32.444, country="UKR")
    a = mention("a-e1", "a", D, typ="ASSAULT", places=(korabelnyi, kherson), countries=("RUS",))
    b = mention("b-e1", "b", D, typ="ASSAULT", places=(bilozerka, kherson), countries=("RUS",))
    assert compare(a, b).rule == "place-veto"
    c = mention("c-e1", "c", D, typ="ASSAULT", places=(kherson,), countries=("RUS",))
    assert compare(a, c).decision == "merge"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.floats(-60, 80), st.floats(-179, 179), st.booleans(),
                          st.sampled_from(["FIGHT", "ASSAULT"])), min_size=2, max_size=20))
def test_spatial_blocking_never_hides_a_pair_compare_would_merge(
        specs: list[tuple[int, float, float, bool, str]]) -> None:
    ms = []
    for i, (d, lat, lon, resolved, typ) in enumerate(specs):
        place = Place(text=f"P{i}", name=f"P{i}", geonameid=100 + i if resolved else None,
                      lat=lat if resolved else None, lon=lon if resolved else None, country="COD")
        ms.append(mention(f"{i}-e1", str(i), D + timedelta(days=d), typ=typ, places=(place,)))
    # neighbours at the same spot or a few km apart, so that merges happen
    ms += [mention(f"n{i}-e1", f"n{i}", m.date.start, typ=m.type,
                   places=(Place(text="Q", name="Q", lat=(m.places[0].lat or 0) + 0.05,
                                 lon=(m.places[0].lon or 0) + 0.05, country="COD"),)) for i, m in enumerate(ms)]
    f = Fuser()
    for m in ms:
        f.mentions[m.id] = m
        f._index(m)
    for a in ms:
        reachable = {oid for b in f._candidate_buckets(a) for _, oid in b}
        for b in ms:
            if b.id != a.id and compare(a, b).decision == "merge":
                assert b.id in reachable, (a, b)
