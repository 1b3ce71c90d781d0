"""Figurative and non-political uses of violent words (eventwire.extract.classify, .claims).

Each sentence is read as a one-sentence article, too short for the article-level conflict context
(tests/test_context.py) to decide, so these rules alone keep it from becoming a violent event or a
casualty claim. Every rule is paired with a conflict sentence it must leave alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from eventwire.extract import Extractor
from eventwire.model import NOT_FRESH, VIOLENT_TYPES, Article, ArticleResult


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def run(extractor: Extractor, make_article: Callable[..., Article]) -> Callable[[str], ArticleResult]:
    def _run(text: str) -> ArticleResult:
        return extractor.extract(make_article(text=text, published=date(2025, 5, 6)))
    return _run


def _violent(result: ArticleResult) -> list[str]:
    return [m.type for m in result.mentions if m.type in VIOLENT_TYPES and not m.flags & NOT_FRESH]


@pytest.mark.parametrize("text", [
    "The visitors looked shell-shocked after the break.",                       # hyphenated word
    "A ransomware attack crippled the company's computer systems on Sunday.",   # non-violent kind
    "The former minister died after a heart attack on Sunday.",
    "The unions called a strike for next week over pay.",                       # labour strike
    "Workers at the plant went on strike on Monday.",
    "The prime minister struck a serious blow against the opposition.",         # idiom object
    "The players executed the plan perfectly.",
    "The world number one bombed in the final on Sunday.",                      # nothing hit
    "The retailer fired back within hours with price cuts.",
    "The company fired 200 workers after the merger.",                          # a dismissal
    "A jury found the man guilty of murdering his business partner.",           # a court case
    "A bus plunged off the road and crashed into a gorge, killing 23 passengers.",  # accident
    "At least 54 people have died of heatstroke in the north this week.",
    "A fire broke out on a passenger ferry on Saturday, killing five people.",
])
def test_no_violent_event(run: Callable[[str], ArticleResult], text: str) -> None:
    result = run(text)
    assert not _violent(result), text
    assert not result.claims, text


@pytest.mark.parametrize(("text", "kind"), [
    ("Militants blew up a railway bridge near the border on Monday.", "ASSAULT"),
    ("Warplanes bombed the town overnight, killing four civilians.", "ASSAULT"),
    ("Gunmen fired on a crowd of worshippers outside the mosque.", "ASSAULT"),
    ("A drone strike hit a wedding party, killing 12 guests.", "ASSAULT"),
    ("Ukrainian shelling had killed three civilians in the district, officials said.", "ASSAULT"),
    ("The army stormed the rebel stronghold at dawn.", "FIGHT"),
    ("A bomb blast killed 12 passengers on a bus.", "ASSAULT"),
    ("Gunmen raided the village, killing 12 people.", "ASSAULT"),
])
def test_conflict_sentences_keep_their_event(run: Callable[[str], ArticleResult], text: str, kind: str) -> None:
    assert kind in _violent(run(text)), text


def test_a_win_loss_record_is_no_casualty_range(run: Callable[[str], ArticleResult]) -> None:
    result = run("The Comets, who were without their injured centre, fell to 3-5 on Sunday.")
    assert not result.claims


def test_a_threat_to_keep_attacking_is_threaten(run: Callable[[str], ArticleResult]) -> None:
    result = run("The group said it would keep attacking government positions until its demands were met.")
    assert "THREATEN" in [m.type for m in result.mentions]
    assert not _violent(result)


def test_accident_deaths_beside_an_attack_keep_the_attack_claim(run: Callable[[str], ArticleResult]) -> None:
    result = run("Militants attacked an army post on Monday, killing five soldiers, the army said.")
    assert _violent(result)
    assert [(c.outcome, c.low) for c in result.claims] == [("killed", 5)]


def test_a_raid_with_arrests_and_no_one_hurt_is_coerce(run: Callable[[str], ArticleResult]) -> None:
    result = run("Police arrested 14 people in dawn raids across the country on Tuesday.")
    assert not _violent(result)
    assert "COERCE" in [m.type for m in result.mentions]
