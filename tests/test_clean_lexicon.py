"""The clean stage's data files load, validate, and reject malformed content."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from eventwire.clean import outlet_country
from eventwire.clean.lexicon import boilerplate, build_boilerplate, build_outlets, outlets
from eventwire.clean.outlets import institution_from_headline, looks_like_outlet, outlet_from_url
from eventwire.errors import LexiconError


def _data(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("eventwire.data").joinpath(name).read_text("utf-8"))


def test_shipped_files_load() -> None:
    assert boilerplate().version and boilerplate().lines and boilerplate().roles
    table = outlets()
    assert len(table.entries) >= 20 and "news" in table.outlet_words
    assert all(len(e.country) == 3 for e in table.entries)


def test_bad_pattern_is_rejected() -> None:
    data = _data("boilerplate.toml")
    data["lines"]["patterns"] = ["share (this"]
    with pytest.raises(LexiconError, match="bad pattern"):
        build_boilerplate(data)


def test_missing_section_is_rejected() -> None:
    data = _data("boilerplate.toml")
    del data["footer"]
    with pytest.raises(LexiconError, match=r"\[footer\]"):
        build_boilerplate(data)


def test_unknown_country_code_is_rejected() -> None:
    data = _data("outlets.toml")
    data["outlet"][0]["country"] = "XXX"
    with pytest.raises(LexiconError, match="alpha-3"):
        build_outlets(data)


def test_unknown_outlet_key_is_rejected() -> None:
    data = _data("outlets.toml")
    data["outlet"][0]["website"] = "x"
    with pytest.raises(LexiconError, match="unknown keys"):
        build_outlets(data)


def test_outlet_lookups() -> None:
    assert outlet_country("reuters") == "GBR"
    assert outlet_country("NNN-Bernama") == "MYS"
    assert outlet_country("Unknown Gazette") is None
    assert outlet_from_url("https://news.bbc.co.uk/world/x") == "BBC"
    assert outlet_from_url("https://example.org/") is None


@pytest.mark.parametrize(("line", "expected"), [
    ("Harbor Times", True), ("The Evening Standard", True), ("Reuters", True),
    ("Shelling resumes near the border", False), ("Officials said.", False), ("Kyiv", False)])
def test_looks_like_outlet(line: str, expected: bool) -> None:
    assert looks_like_outlet(line) is expected


def test_institution_from_headline() -> None:
    assert (institution_from_headline("Armenia's Defense Ministry denies reports")
            == "Ministry of Defense of Armenia")
    assert institution_from_headline("Army's new chief named") is None
    assert institution_from_headline("Rockets hit the capital") is None


def test_institution_named_with_of_country() -> None:
    title = "Statement of the Ministry of Foreign Affairs of the Republic of Azerbaijan on the talks"
    assert institution_from_headline(title) == "Ministry of Foreign Affairs of Azerbaijan"
    assert (institution_from_headline("Press release by the Defence Ministry of Ukraine")
            == "Ministry of Defence of Ukraine")
