"""Head-count figures: digits, words, ranges, qualifiers, and what is not a count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.extract.numbers import QUALIFIERS, find_quantities


def figures(text: str) -> list[tuple[str, int, int, str]]:
    return [(q.text, q.low, q.high, q.qualifier) for q in find_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    ("1,000 people fled", [("1,000", 1000, 1000, "exact")]),
    ("forty-two soldiers", [("forty-two", 42, 42, "exact")]),
    ("one hundred and five villagers", [("one hundred and five", 105, 105, "exact")]),
    ("six to eight troops", [("six to eight", 6, 8, "range")]),
    ("between 10,000 and 15,000 people", [("between 10,000 and 15,000", 10000, 15000, "range")]),
    ("20-30 fighters", [("20-30", 20, 30, "range")]),
    ("at least 20 civilians", [("at least 20", 20, 20, "at_least")]),
    ("more than 1,700 wounded", [("more than 1,700", 1700, 1700, "at_least")]),
    ("up to 12 hostages", [("up to 12", 12, 12, "at_most")]),
    ("as many as 30 dead", [("as many as 30", 30, 30, "at_most")]),
    ("about 450 people", [("about 450", 450, 450, "about")]),
    ("some 15 soldiers", [("some 15", 15, 15, "about")]),
    ("Nineteen service members", [("Nineteen", 19, 19, "exact")]),
    ("1.2 million refugees", [("1.2 million", 1_200_000, 1_200_000, "exact")]),
])
def test_figures(text: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert figures(text) == expected


def test_revision_from_to_is_two_figures() -> None:
    assert [q.low for q in find_quantities("the toll rose from 31 to 52")] == [31, 52]


def test_descending_pair_is_not_a_range() -> None:
    assert [(q.low, q.high) for q in find_quantities("killing 8 to 3")] == [(8, 8), (3, 3)]


@pytest.mark.parametrize("text", [
    "a 19-year-old student", "2,500,000 dollars", "$12 billion", "15 percent", "12%",
    "resolution 1701", "clause 4", "the 51st massacre", "at 2 a.m.", "on Sept 14", "14 September",
    "a 640-km border", "72 hours", "40 km north", "aged between 16 and 24", "dozens of people",
    "hundreds of residents", "scores were hurt", "a dozen missiles", "150 million pesos",
])
def test_not_counts(text: str) -> None:
    assert figures(text) == []


def test_bare_year_is_marked_year_like() -> None:
    (q,) = find_quantities("since 2014 the war")
    assert q.year_like and q.low == 2014
    (q,) = find_quantities("1,914 people")
    assert not q.year_like


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-atoinsxevwuh")), max_size=60))
def test_property_offsets_and_order(text: str) -> None:
    for q in find_quantities(text):
        assert q.low <= q.high
        assert 0 <= q.start <= q.num_start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.qualifier in QUALIFIERS
