"""Tests for eventwire.extract.temporal: which date governs an event trigger."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.extract import Extractor
from eventwire.extract.temporal import attach, find_doc_dates

PUB = date(2025, 3, 11)  # a Tuesday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(mode="thorough")


def _date_of(extractor: Extractor, text: str, trigger: str) -> date:
    doc = extractor.nlp(text)
    dates = find_doc_dates(doc, PUB)
    tok = next(t for t in doc if t.text == trigger)
    return attach(tok, dates, 0, PUB, context=True).range.start


def test_date_on_the_subject_noun_dates_the_act(extractor: Extractor) -> None:
    text = ("The group said on Tuesday that a drone operation near the camp on Monday had targeted "
            "a gathering of fighters.")
    assert _date_of(extractor, text, "targeted") == date(2025, 3, 10)


def test_report_day_dates_an_act_with_no_day_of_its_own(extractor: Extractor) -> None:
    text = "The group said on Tuesday that its drones had targeted a gathering of fighters."
    assert _date_of(extractor, text, "targeted") <= PUB
    assert _date_of(extractor, text, "targeted") != date(2025, 3, 10)


def test_clause_on_a_gerund_trigger_dates_it(extractor: Extractor) -> None:
    text = ("Russian forces have taken control of the village, the ministry said on Tuesday, after fighting "
            "that it said began on Monday.")
    assert _date_of(extractor, text, "fighting") == date(2025, 3, 10)


def test_following_day_counts_from_the_day_the_story_named() -> None:
    from eventwire.extract.temporal import _expressions

    text = "On Monday, troops entered the town. The following day they shelled the market."
    (_, _, monday), (_, _, following) = _expressions(text, PUB)
    assert monday.start == date(2025, 3, 10) and following.start == date(2025, 3, 11)
    # with no day named before it, it still counts from the publication day (and is capped there)
    alone = _expressions("The previous day they shelled the market.", PUB)
    assert alone[0][2].start == date(2025, 3, 10)


def test_a_when_or_as_clause_on_the_trigger_dates_it(extractor: Extractor) -> None:
    text = "The strike came days after militiamen fired on a ferry as it docked at the port on March 2."
    assert _date_of(extractor, text, "fired") == date(2025, 3, 2)


def test_a_date_describing_who_someone_is_does_not_date_later_sentences(extractor: Extractor) -> None:
    doc = extractor.nlp("A spokesman for the Karenni Army, formed by villagers after the Jan. 4 crackdown, spoke "
                        "by phone. The group said six of its fighters had been killed.")
    dates = find_doc_dates(doc, PUB)
    assert dates and dates[0].background
    killed = next(t for t in doc if t.text == "killed")
    assert attach(killed, dates, 0, PUB, context=True).range.start != date(2025, 1, 4)
    # a recent day in such a clause ("videos posted on Monday") is the story's time, not background
    doc = extractor.nlp("Videos posted by the fighters on Monday showed the base burning.")
    assert not find_doc_dates(doc, PUB)[0].background


def test_the_day_of_the_meeting_it_was_reached_at_dates_an_agreement(extractor: Extractor) -> None:
    doc = extractor.nlp("Gulf leaders reached a \"six-point consensus\" with rebel chief Ali Hassan at a meeting "
                        "in Muscat on March 2, calling for an end to violence.")
    dates = find_doc_dates(doc, PUB)
    deal = next(t for t in doc if t.text == "consensus")
    summit = next(t for t in doc if t.text == "meeting")
    assert attach(deal, dates, 0, PUB, context=False, triggers=frozenset({deal.i, summit.i})).range.start \
        == date(2025, 3, 2)


def test_a_since_range_ends_on_the_day_it_was_reported(extractor: Extractor) -> None:
    doc = extractor.nlp("Rescuers said on Monday that shelling on the villages since Saturday had killed nine people.")
    dates = find_doc_dates(doc, PUB)
    shelling = next(t for t in doc if t.text == "shelling")
    rng = attach(shelling, dates, 0, PUB, context=True).range
    assert (rng.start, rng.end) == (date(2025, 3, 8), date(2025, 3, 10))
