"""Conflict context of a text (eventwire.extract.context) and its lexicon table."""

from __future__ import annotations

import re

import pytest

from eventwire.data import read_toml
from eventwire.errors import LexiconError
from eventwire.extract.context import conflict_context
from eventwire.extract.triggers import load_lexicon, parse_lexicon


def _words(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text.lower())


FILLER = " The town council met again on Tuesday to discuss the budget for the coming year." * 12

SPORT = ("United attacked from the first whistle and the visitors were massacred in the battle for the "
         "title, the coach said after the match. The goalkeeper was shell-shocked and the fans left the "
         "stadium early; the team now leads the league by three points this season." + FILLER)
CRASH = ("A bus plunged off a mountain road on Sunday, killing 23 passengers and injuring 17, the local "
         "emergency office said. Rescuers worked through the night." + FILLER)
WAR = ("Troops repelled an assault by militants on an army post on Sunday, the defence ministry said. "
       "Artillery shelled the outskirts overnight and the rebels retreated." + FILLER)


def test_a_long_text_without_armed_actors_has_no_conflict_context() -> None:
    assert not conflict_context(_words(SPORT)).conflict
    assert not conflict_context(_words(CRASH)).conflict


def test_armed_actors_and_weapons_make_a_conflict_context() -> None:
    ctx = conflict_context(_words(WAR))
    assert ctx.conflict
    assert ctx.score >= 10  # troops, militants, army, defence ministry, artillery, shelled, rebels


def test_domain_words_outweigh_a_few_weapons_in_a_game_review() -> None:
    text = ("In the new game players battle with rifles, grenades and drones; the studio's shares rose as "
            "gamers queued for the console release, analysts said, and the game topped the charts." + FILLER)
    ctx = conflict_context(_words(text))
    assert ctx.score >= 3 and ctx.domain > ctx.score
    assert not ctx.conflict


def test_a_single_sentence_is_too_short_to_judge_unless_it_is_clearly_sport() -> None:
    assert conflict_context(_words("A jet bombed a school in the north, local sources said.")).conflict
    assert not conflict_context(_words("The striker fired the team to the title in the final match.")).conflict


def test_each_word_counts_at_most_three_times() -> None:
    once = conflict_context(_words("war " * 3 + FILLER)).score
    assert conflict_context(_words("war " * 9 + FILLER)).score == once == 3


def test_the_context_table_is_validated() -> None:
    data = read_toml("event_types.toml")
    assert load_lexicon().context_min == data["context"]["min_score"]
    with pytest.raises(LexiconError, match="min_score"):
        parse_lexicon({**data, "context": {**data["context"], "min_score": "three"}})
    with pytest.raises(LexiconError, match="unknown keys"):
        parse_lexicon({**data, "context": {**data["context"], "sports": ["match"]}})
    with pytest.raises(LexiconError, match="strong"):
        parse_lexicon({**data, "context": {**data["context"], "strong": "troops"}})


def test_a_crackdown_on_protesters_is_a_conflict_context() -> None:
    text = ("Security forces fired tear gas and live ammunition at protesters in the capital on Friday, "
            "killing 12, a rights group said." + FILLER)
    assert conflict_context(_words(text)).conflict
