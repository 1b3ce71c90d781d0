"""Tests for eventwire.resolve.countries: names, aliases, demonyms, case rules, organisations, validation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import LexiconError
from eventwire.resolve.countries import (
    country_code,
    country_mentions,
    country_name,
    load_tables,
    org_code,
    parse_tables,
)


@pytest.mark.parametrize(("text", "code"), [
    ("US", "USA"), ("U.S.", "USA"), ("United States", "USA"), ("America", "USA"), ("Americans", "USA"),
    ("UK", "GBR"), ("Britain", "GBR"), ("British", "GBR"), ("Russia", "RUS"), ("Russian Federation", "RUS"),
    ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Turkey", "TUR"), ("Turkish", "TUR"), ("DRC", "COD"),
    ("Democratic Republic of the Congo", "COD"), ("Congolese", "COD"), ("Burma", "MMR"), ("Myanmar", "MMR"),
    ("Azerbaijani", "AZE"), ("Azeri", "AZE"), ("Azerbaijanis", "AZE"), ("Armenian", "ARM"),
    ("Ukrainian", "UKR"), ("Ukrainians", "UKR"), ("Israeli", "ISR"), ("Palestinian", "PSE"),
    ("Kyrgyz", "KGZ"), ("Tajik", "TJK"), ("Iranian", "IRN"), ("Islamic Republic of Iran", "IRN"),
    ("Republic of Korea", "KOR"), ("North Korea", "PRK"), ("Armenia's", "ARM"), ("Azerbaijan’s", "AZE"),
    ("Syrians'", "SYR"), ("the Netherlands", "NLD"), ("Dutch", "NLD"), ("Swiss", "CHE"),
    ("Georgia", "GEO"), ("Chad", "TCD"), ("Ivory Coast", "CIV"), ("Kosovo", "XKX"), ("  (Sudan) ", "SDN"),
])
def test_country_code(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["us", "turkey", "chad", "china", "Kurdish", "Kurds", "Tamil", "Karabakh",
                                  "", "the", "army", "Minister"])
def test_country_code_rejects(text: str) -> None:
    assert country_code(text) is None


@pytest.mark.parametrize(("text", "kind"), [
    ("UN", "IGO"), ("U.N.", "IGO"), ("the UN's", "IGO"), ("United Nations", "IGO"), ("OSCE", "IGO"),
    ("OSCE Minsk Group", "IGO"), ("European Union", "IGO"), ("NATO", "IGO"), ("African Union", "IGO"),
    ("ECOWAS", "IGO"), ("OHCHR", "IGO"), ("UNHCR", "IGO"), ("WHO", "IGO"), ("IAEA", "IGO"),
    ("ICRC", "NGO"), ("International Committee of the Red Cross", "NGO"), ("Human Rights Watch", "NGO"),
    ("human rights watch", "NGO"), ("Amnesty International", "NGO"), ("Amnesty", "NGO"), ("MSF", "NGO"),
    ("Airwars", "NGO"), ("SOHR", "NGO"), ("Syrian Observatory for Human Rights", "NGO"), ("ACLED", "NGO"),
    ("AAPP", "NGO"),
])
def test_org_code(text: str, kind: str) -> None:
    assert org_code(text) == kind


@pytest.mark.parametrize("text", ["who", "amnesty", "un", "Azerbaijan", "the ministry"])
def test_org_code_rejects(text: str) -> None:
    assert org_code(text) is None


def test_every_un_member_has_a_demonym() -> None:
    tables = load_tables()
    with_demonym = set(tables.demonyms.values())
    # The 193 UN members are the sovereign states pycountry lists minus territories; check a spread.
    for code in ("AFG", "AGO", "BFA", "CAF", "COD", "ERI", "ETH", "HTI", "IRQ", "LBY", "MLI", "MOZ", "MMR",
                 "NER", "NGA", "PAK", "SDN", "SOM", "SSD", "SYR", "UKR", "YEM", "TUV", "VUT", "KIR", "SMR"):
        assert code in with_demonym, code
    assert len(with_demonym) >= 193


def test_country_name() -> None:
    assert country_name("AZE") == "Azerbaijan"
    assert country_name("xkx") == "Kosovo"
    assert country_name("ZZZ") is None


def test_country_mentions_in_running_text() -> None:
    text = ("The U.S. told us that Azerbaijani and Armenia’s troops, and Ukrainians, "
            "met in turkey-free Türkiye.")
    got = [(text[s:e], code) for s, e, code in country_mentions(text)]
    assert got == [("U.S.", "USA"), ("Azerbaijani", "AZE"), ("Armenia’s", "ARM"), ("Ukrainians", "UKR"),
                   ("Türkiye", "TUR")]


def _base() -> dict[str, object]:
    return {"version": "t", "demonyms": {"AZE": ["Azerbaijani"]}}


@pytest.mark.parametrize("patch", [
    {"version": ""},
    {"demonyms": {"ZZZ": ["Zed"]}},
    {"demonyms": {"AZE": "Azerbaijani"}},
    {"demonyms": {"AZE": ["Azerbaijani"], "ARM": ["Azerbaijani"]}},
    {"orgs": {"XGO": ["Foo"]}},
    {"surprise": {}},
])
def test_parse_tables_validates(patch: dict[str, object]) -> None:
    data = _base() | patch
    with pytest.raises(LexiconError):
        parse_tables(data)


def test_parse_tables_accepts_minimal() -> None:
    tables = parse_tables(_base())
    assert tables.demonyms["azerbaijani"] == "AZE"
    assert tables.names["azerbaijan"] == "AZE"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_lookups_never_fail_and_mentions_lie_in_text(text: str) -> None:
    code = country_code(text)
    assert code is None or code in load_tables().codes
    assert org_code(text) in (None, "IGO", "NGO")
    for start, end, found in country_mentions(text):
        assert 0 <= start < end <= len(text)
        assert country_code(text[start:end]) == found
