"""Tests for eventwire.resolve.places: ranking, affixes, regions, patterns, distance, data validation."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import LexiconError
from eventwire.model import Place
from eventwire.resolve.cityindex import skeleton
from eventwire.resolve.places import Gazetteer, PatternRules, normalise_place_text, parse_regions


def _city(gid: int, name: str, cc: str, pop: int, lat: float, lon: float, *alts: str) -> dict[str, Any]:
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon, "countrycode": cc,
            "population": pop, "alternatenames": list(alts)}


# GeoNames-shaped records with invented ids: the shapes of ambiguity the gazetteer must handle.
CITIES = [
    _city(1, "Sousse", "TN", 220000, 35.8, 10.6, "Susa", "Sūsah"),
    _city(2, "Gori", "GE", 42000, 41.98, 44.11, "Goris"),
    _city(3, "Goris", "AM", 17600, 39.51, 46.34),
    _city(4, "Riverton", "US", 50000, 40.0, -75.0),
    _city(5, "Riverton", "CA", 20000, 50.0, -97.0),
    _city(6, "Çermik", "TR", 21000, 38.1, 39.4, "Jermuk"),
    _city(7, "Sulaymaniyah", "IQ", 878000, 35.56, 45.43, "Sulaimaniya"),
    _city(8, "Baraawe", "SO", 30000, 1.1, 44.0),
    _city(9, "Barawe", "IQ", 600, 36.0, 44.0),
    _city(10, "Shusha", "AZ", 19400, 39.76, 46.75, "Şuşa", "Susa", "Shushi"),
    _city(11, "Susa", "IT", 5600, 45.1, 7.05),
    _city(12, "Laçın", "AZ", 2300, 39.64, 46.55, "Lachin", "Berdzor"),
    _city(13, "Jermuk", "AM", 4100, 39.84, 45.67),
    _city(14, "Fuzuli", "AZ", 25100, 39.6, 47.15),
    _city(15, "Fuzuli", "AZ", 800, 40.8, 46.1),
    _city(16, "Police", "PL", 33000, 53.55, 14.57),
    _city(17, "Testville", "ZZ", 900, 1.0, 1.0),
]
REGIONS = {"karabakh": {"name": "Karabakh", "aliases": ["Nagorno-Karabakh"], "country": "AZE", "lat": 39.85,
                        "lon": 46.75, "precision": "region"}}
RULES = PatternRules(min_population=15000, focus_countries=frozenset({"AZE"}), focus_min_population=1000,
                     exclude=frozenset({"Police"}))


@pytest.fixture()
def gaz() -> Gazetteer:
    return Gazetteer(lambda: CITIES, regions=REGIONS, rules=RULES)


def test_prefer_country_beats_population(gaz: Gazetteer) -> None:
    p = gaz.lookup("Susa", prefer=["AZE"])
    assert p is not None and (p.geonameid, p.country, p.name) == (10, "AZE", "Susa")


def test_main_name_beats_alternate_name(gaz: Gazetteer) -> None:
    p = gaz.lookup("Goris")
    assert p is not None and p.geonameid == 3
    p = gaz.lookup("Jermuk")  # a smaller place's main name beats a bigger one's alternate name
    assert p is not None and (p.geonameid, p.country) == (13, "ARM")


def test_accented_form_is_not_matched_to_unrelated_accent_free_place(gaz: Gazetteer) -> None:
    p = gaz.lookup("Şuşa")  # pycountry's district of that name, placed at its same-named town
    assert p is not None and (p.country, p.precision, p.name, p.lat) == ("AZE", "district", "Şuşa", 39.76)
    p = gaz.lookup("Shushi")
    assert p is not None and p.geonameid == 10 and p.name == "Shushi"
    p = gaz.lookup("Susa")  # no preference: the place whose main name it is
    assert p is not None and p.geonameid == 11


def test_population_breaks_ties_and_prefer_orders(gaz: Gazetteer) -> None:
    assert gaz.lookup("Riverton").geonameid == 4  # type: ignore[union-attr]
    assert gaz.lookup("Riverton", prefer=["CAN", "USA"]).geonameid == 5  # type: ignore[union-attr]
    assert gaz.lookup("Fuzuli", prefer=["AZE"]).geonameid == 14  # type: ignore[union-attr]


def test_name_reads_as_in_text(gaz: Gazetteer) -> None:
    p = gaz.lookup("Lachin", prefer=["AZE"])
    assert p == Place(text="Lachin", name="Lachin", geonameid=12, lat=39.64, lon=46.55, country="AZE",
                      precision="place")


def test_affixes_and_precision_hint(gaz: Gazetteer) -> None:
    p = gaz.lookup("the Lachin direction", prefer=["AZE"])
    assert p is not None and p.geonameid == 12 and p.precision == "place" and p.text == "the Lachin direction"
    p = gaz.lookup("Lachin districts", prefer=["AZE"])
    assert p is not None and p.geonameid == 12 and p.precision == "district"
    p = gaz.lookup("north of Fuzuli", prefer=["AZE"])
    assert p is not None and p.geonameid == 14


def test_transliteration_variant_is_a_last_resort(gaz: Gazetteer) -> None:
    p = gaz.lookup("Sulaimaniyah")
    assert p is not None and (p.geonameid, p.name, p.text) == (7, "Sulaymaniyah", "Sulaimaniyah")
    assert gaz.lookup("Gorris") is not None and gaz.lookup("Gori") is not None
    assert gaz.lookup("Gori").geonameid == 2  # type: ignore[union-attr]
    assert gaz.lookup("Sousa") is None  # short names get no loose match
    p = gaz.lookup("Sulaimaniyah", prefer=["IRQ"])
    assert p is not None and p.geonameid == 7
    assert gaz.lookup("Barawe").geonameid == 9  # type: ignore[union-attr]
    p = gaz.lookup("Barawe", prefer=["SOM"])  # an exact match elsewhere: the preferred country's variant
    assert p is not None and (p.geonameid, p.name) == (8, "Baraawe")


@pytest.mark.parametrize(("a", "b"), [("Sulaimaniyah", "Sulaymaniyah"), ("Hodeidah", "Hodeida"),
                                      ("Zaporizhzhia", "Zaporizhzhya"), ("Kəlbəcər", "Kalbacar")])
def test_skeleton_joins_transliterations(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b) is not None


def test_skeleton_keeps_distinct_names_apart() -> None:
    assert skeleton("Kharkiv") != skeleton("Karkiv")  # kh is a letter of its own
    assert skeleton("Hodeidah") != skeleton("Odeida")  # an initial h counts
    assert skeleton("Gori") is None


@pytest.mark.parametrize(("text", "core"), [
    ("the Kalbajar direction", "Kalbajar"), ("Kalbajar district", "Kalbajar"),
    ("Kalbajar region", "Kalbajar"),
    ("Lachin districts", "Lachin"), ("north of Fuzuli", "Fuzuli"), ("Armenia’s", "Armenia"),
    ("the outskirts of Donetsk", "Donetsk"), ("Gaza Strip", "Gaza Strip"), ("village of Sotk", "Sotk"),
    ("southwest of Kherson", "Kherson"), ("region", "region"), ("East Zangezur economic region", "East Zangezur"),
    ("the Tavush border area", "Tavush"), ("Bakhmut front line", "Bakhmut"), ("West Bank", "West Bank"),
    ("eastern Ukraine", "Ukraine"), ("North of Fuzuli", "Fuzuli"), ("North Kivu province", "North Kivu"),
])
def test_normalise_place_text(text: str, core: str) -> None:
    assert normalise_place_text(text) == core


def test_regions_countries_and_possessives(gaz: Gazetteer) -> None:
    p = gaz.lookup("Nagorno-Karabakh")
    assert p is not None
    assert (p.name, p.country, p.precision, p.lat) == ("Nagorno-Karabakh", "AZE", "region", 39.85)
    p = gaz.lookup("Armenia's")
    assert p is not None and (p.country, p.precision) == ("ARM", "country")
    p = gaz.lookup("Türkiye")
    assert p is not None and p.country == "TUR"
    assert gaz.lookup("Nowhereville") is None
    assert gaz.lookup("") is None


def test_city_index_is_cached_on_disk(tmp_path: Path) -> None:
    cache = tmp_path / "sub" / "cities.sqlite"
    first = Gazetteer(lambda: CITIES, regions=REGIONS, rules=RULES, cache=cache)
    assert cache.exists() and not list(cache.parent.glob("*.tmp-*"))

    def no_source() -> list[dict[str, Any]]:
        raise AssertionError("the cached index must be used")

    second = Gazetteer(no_source, regions=REGIONS, rules=RULES, cache=cache)
    assert second.lookup("Lachin") == first.lookup("Lachin")
    assert second.patterns() == first.patterns()


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    g = Gazetteer(lambda: CITIES, regions=REGIONS, rules=RULES, cache=blocker / "cities.sqlite")
    assert g.lookup("Goris") is not None


def test_candidates_lists_all_best_first(gaz: Gazetteer) -> None:
    got = [(p.geonameid, p.country) for p in gaz.candidates("Susa")]
    assert got[0] == (11, "ITA")
    assert {(1, "TUN"), (10, "AZE")} <= set(got)


def test_patterns(gaz: Gazetteer) -> None:
    pats = gaz.patterns()
    by_text = {(p["pattern"], p["label"]): p["id"] for p in pats}
    assert by_text[("Karabakh", "LOC")] == "region:karabakh"
    assert by_text[("Lachin", "GPE")] == "12"  # focus country: alternate names included
    assert by_text[("Goris", "GPE")] == "3"  # large city: main name
    assert ("Azerbaijan", "GPE") in by_text
    assert ("Police", "GPE") not in by_text  # excluded common word
    assert ("Testville", "GPE") not in by_text  # small and outside the focus countries
    assert ("Sūsah", "GPE") not in by_text  # alternate name of a non-focus city
    assert all(set(p) == {"label", "pattern", "id"} for p in pats)


def test_near() -> None:
    a = Place(text="a", name="a", lat=40.0, lon=46.0)
    b = Place(text="b", name="b", lat=41.0, lon=46.0)
    assert Gazetteer.near(a, b) == pytest.approx(111.2, abs=0.2)
    assert Gazetteer.near(a, a) == 0.0
    assert math.isinf(Gazetteer.near(a, Place(text="c", name="c")))


def test_entry_key(gaz: Gazetteer) -> None:
    assert gaz.entry_key("Shushi") == gaz.entry_key("Shusha", prefer=["AZE"]) == "gn:10"
    assert gaz.entry_key("Karabakh") == gaz.entry_key("Nagorno-Karabakh") == "region:karabakh"
    assert gaz.entry_key("Nowhereville") is None


def _regions(**spec: Any) -> dict[str, Any]:
    base = {"name": "X", "aliases": [], "country": "AZE", "lat": 1.0, "lon": 2.0, "precision": "region"}
    return {"version": "t", "regions": {"x": base | spec}}


@pytest.mark.parametrize("bad", [
    {"country": "ZZZ"}, {"lat": 123.0}, {"precision": "place"}, {"aliases": "Y"}, {"label": "ORG"},
    {"name": ""}, {"extra": 1},
])
def test_parse_regions_validates(bad: dict[str, Any]) -> None:
    with pytest.raises(LexiconError):
        parse_regions(_regions(**bad))


def test_parse_regions_rules() -> None:
    data = _regions() | {"patterns": {"min_population": 100, "focus_countries": ["UKR"], "exclude": ["Of"]}}
    regions, rules = parse_regions(data)
    assert regions["x"]["name"] == "X"
    assert rules == PatternRules(min_population=100, focus_countries=frozenset({"UKR"}),
                                 exclude=frozenset({"Of"}))
    with pytest.raises(LexiconError):
        parse_regions(_regions() | {"patterns": {"focus_countries": ["Narnia"]}})
    with pytest.raises(LexiconError):
        parse_regions({"regions": {}})


@pytest.mark.slow
def test_packaged_gazetteer_resolves_conflict_places() -> None:
    g = Gazetteer.load()  # the default on-disk cache: built by the first run, reused afterwards
    assert g is Gazetteer.load()
    for name, prefer, country in [("Karabakh", (), "AZE"), ("Donbas", (), "UKR"), ("Tigray", (), "ETH"),
                                  ("Gaza Strip", (), "PSE"), ("Kalbajar", ("AZE",), "AZE"),
                                  ("Lachin", ("AZE", "ARM"), "AZE"), ("Goris", (), "ARM"),
                                  ("Şuşa", (), "AZE"), ("Donetsk", (), "UKR")]:
        p = g.lookup(name, prefer=prefer)
        assert p is not None and p.country == country, (name, p)
    pats = g.patterns()
    assert any(p["pattern"] == "Dashkasan" for p in pats)


def test_ordinary_words_and_acronyms_are_not_place_names(gaz: Gazetteer) -> None:
    assert gaz.ordinary_word("Police")  # listed in exclude although a Polish town bears it
    assert gaz.ordinary_word("The") and gaz.ordinary_word("M23") and gaz.ordinary_word("RSF")
    assert not gaz.ordinary_word("Goris") and not gaz.ordinary_word("Nagorno-Karabakh")


def test_capital_is_recognised_by_country() -> None:
    gaz = Gazetteer(lambda: [_city(30, "Yerevan", "AM", 1_000_000, 40.18, 44.51),
                             _city(31, "Kinshasa", "CD", 9_000_000, -4.32, 15.31)])
    yerevan, kinshasa = gaz.lookup("Yerevan"), gaz.lookup("Kinshasa")
    assert yerevan is not None and gaz.is_capital(yerevan)
    assert kinshasa is not None and gaz.is_capital(kinshasa)
    assert not gaz.is_capital(Place(text="Gyumri", name="Gyumri", country="ARM"))


def test_bare_province_name_is_its_seat_town_but_province_phrase_is_the_area() -> None:
    # "Kinshasa" is both a DR Congo province (pycountry) and the city: bare, the town is meant
    gaz = Gazetteer(lambda: [_city(31, "Kinshasa", "CD", 9_000_000, -4.32, 15.31)])
    town = gaz.lookup("Kinshasa", prefer=("COD",))
    assert town is not None and (town.precision, town.geonameid) == ("place", 31)
    area = gaz.lookup("Kinshasa province", prefer=("COD",))
    assert area is not None and area.precision != "place"
