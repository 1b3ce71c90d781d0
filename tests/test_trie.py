"""The trie-shaped regex matches exactly what the longest-first alternation of the same words does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.resolve.trie import trie_pattern

_WORDS = st.lists(st.text(alphabet="abAB '.", min_size=1, max_size=6), min_size=1, max_size=25)
_TEXT = st.text(alphabet="abAB '.xy", max_size=60)


def _flat(words: list[str], atom=re.escape) -> str:
    alts = sorted(("".join(atom(c) for c in w) for w in set(words)), key=len, reverse=True)
    return "(?:" + "|".join(alts) + ")"


def _spans(pattern: str, text: str, flags: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, flags)]


@settings(max_examples=300, deadline=None)
@given(_WORDS, _TEXT)
def test_same_matches_as_flat_alternation(words: list[str], text: str) -> None:
    assert _spans(trie_pattern(words), text) == _spans(_flat(words), text)


@settings(max_examples=300, deadline=None)
@given(_WORDS, _TEXT)
def test_folded_trie_same_as_flat_alternation_ignoring_case(words: list[str], text: str) -> None:
    space = lambda c: r"\s+" if c == " " else re.escape(c)  # noqa: E731
    assert _spans(trie_pattern(words, space, fold=True), text, re.I) == _spans(_flat(words, space), text, re.I)


def test_examples() -> None:
    pattern = re.compile(trie_pattern(["Niger", "Nigeria", "Nigerian", "Norway"]))
    assert [m.group(0) for m in pattern.finditer("Nigerians in Niger and Norway")] == ["Nigerian", "Niger", "Norway"]
    assert re.fullmatch(trie_pattern([]), "") is None  # an empty list matches nothing
    assert re.fullmatch(trie_pattern(["US"], lambda c: re.escape(c) + r"\.?"), "U.S.")
