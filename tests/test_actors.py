"""Actor phrases -> Actor records; per-article memory for pronouns and short references."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import LexiconError
from eventwire.resolve.actors import ActorResolver, load_lexicon, parse_lexicon


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def key(actor) -> tuple[object, ...]:
    return (actor.name, actor.person, actor.role, actor.country, actor.sector)


@pytest.mark.parametrize("text, expected", [
    ("Azerbaijani Foreign Minister Jeyhun Bayramov",
     ("Jeyhun Bayramov", "Jeyhun Bayramov", "Foreign Minister", "AZE", "government")),
    ("the Armenian armed forces", ("Armenian armed forces", None, None, "ARM", "military")),
    ("Ukraine's health ministry", ("Ukraine's health ministry", None, None, "UKR", "government")),
    ("Human Rights Watch", ("Human Rights Watch", None, None, "NGO", "ngo")),
    ("UN human rights office", ("UN human rights office", None, None, "IGO", "igo")),
    ("residents", ("residents", None, None, None, "civilians")),
    ("Moscow-installed officials", ("Moscow-installed officials", None, None, "RUS", "government")),
    ("the Pentagon", ("Pentagon", None, None, "USA", None)),
    ("the Yemen Data Network", ("Yemen Data Network", None, None, "NGO", "ngo")),
    ("a collective of victims' relatives", ("collective of victims' relatives", None, None, "NGO", "ngo")),
    ("Sudanese army spokesman Nabil Abdallah",
     ("Nabil Abdallah", "Nabil Abdallah", "spokesman", "SDN", "military")),
])
def test_resolve(resolver: ActorResolver, text: str, expected: tuple[object, ...]) -> None:
    actor = resolver.resolve(text)
    assert actor is not None and key(actor) == expected


def test_person_hint_from_ner_wins_and_empty_hint_means_none(resolver: ActorResolver) -> None:
    a = resolver.resolve("Liz Throssell, a spokeswoman for the U.N. human rights office",
                         person="Liz Throssell")
    assert a is not None and (a.person, a.country, a.role) == ("Liz Throssell", "IGO", "spokeswoman")
    b = resolver.resolve("The official Daily Mirror", person="")
    assert b is not None and b.person is None


def test_pronouns_and_empty_are_not_actors(resolver: ActorResolver) -> None:
    assert resolver.resolve("it") is None
    assert resolver.resolve("  ") is None


def test_memory_resolves_later_references(resolver: ActorResolver) -> None:
    m = resolver.article_memory()
    m.resolve("Ethiopian Defence Minister Abraham Belay")
    m.resolve("Kenya's interior ministry")
    assert key(m.resolve("Belay")) == ("Abraham Belay", "Abraham Belay", "Defence Minister", "ETH", "government")
    assert m.resolve("he").person == "Abraham Belay"
    assert m.resolve("the ministry").country == "KEN"
    assert m.resolve("it").country == "KEN"


def test_memory_group_reference(resolver: ActorResolver) -> None:
    m = resolver.article_memory()
    m.resolve("the Arakan Army rebels")
    m.resolve("Myanmar's junta")
    assert m.resolve("the group").name == "Arakan Army rebels"


def test_de_facto_words(resolver: ActorResolver) -> None:
    assert resolver.is_de_facto("the self-proclaimed republic's defence ministry")
    assert not resolver.is_de_facto("the defence ministry")


def test_packaged_lexicon_loads() -> None:
    lex = load_lexicon()
    assert "military" in lex.sectors and lex.roles and lex.ranks


@pytest.mark.parametrize("data", [
    {},
    {"version": "1"},
    {"version": "1", "sectors": {"pirates": ["x"]}, "titles": {"roles": ["a"], "ranks": ["b"]}},
    {"version": "1", "sectors": {"military": ["army"]}, "titles": {"roles": [], "ranks": ["b"]}},
    {"version": "1", "sectors": {"military": ["army"]}, "titles": {"roles": ["a"], "ranks": ["b"]}},
    {"version": "1", "sectors": {"military": ["army"]}, "titles": {"roles": ["a"], "ranks": ["b"]},
     "institutions": {"Russia": ["Kremlin"]}},
])
def test_bad_lexicon_is_rejected(data: dict) -> None:
    with pytest.raises(LexiconError):
        parse_lexicon(data)


def test_unreadable_lexicon_file(tmp_path: Path) -> None:
    bad = tmp_path / "actors.toml"
    bad.write_text("version = [", encoding="utf-8")
    with pytest.raises(LexiconError):
        ActorResolver(lexicon_path=bad)


@pytest.mark.parametrize("text, country, sector", [
    ("a Taliban spokesman", "AFG", "government"),
    ("the Pakistani Taliban", "PAK", "rebels"),
    ("Kataib Hezbollah", "IRQ", "rebels"),
    ("Hezbollah", "LBN", "rebels"),
    ("the Houthi-run interior ministry", "YEM", "government"),
    ("the RSF", "SDN", "rebels"),
])
def test_armed_groups_take_the_country_they_fight_in(resolver: ActorResolver, text: str, country: str,
                                                     sector: str) -> None:
    actor = resolver.resolve(text)
    assert actor is not None and (actor.country, actor.sector) == (country, sector)
    assert resolver.armed_group_country("three fighters of an unnamed group") is None


def test_bad_armed_group_code_is_rejected() -> None:
    with pytest.raises(LexiconError, match="armed_groups"):
        parse_lexicon({"version": "1", "sectors": {"military": ["army"]},
                       "titles": {"roles": ["a"], "ranks": ["b"]}, "de_facto": {"words": ["x"]},
                       "armed_groups": {"Afghanistan": ["x"]}})


def test_us_combatant_commands_are_american(resolver: ActorResolver) -> None:
    actor = resolver.resolve("AFRICOM")
    assert actor is not None and actor.country == "USA"
    ngo = resolver.resolve("Reporters Without Borders")
    assert ngo is not None and ngo.country == "NGO"
