"""Text hygiene of eventwire.clean: normalisation, boilerplate, paragraphs, offsets, ids, speed."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eventwire.clean import clean, content_id
from eventwire.clean.hygiene import normalise_line
from eventwire.errors import NoArticleError
from eventwire.model import Article, Document

BODY = ("Officials said on Monday that talks would continue next week.\n\n"
        "A second paragraph reports that several houses were damaged overnight.")


def as_document(text: str) -> Document:
    return Document(name="t", source="t", fmt="text", raw_text=text)


def cleaned(text: str) -> Article:
    return clean(as_document(text))


def assert_maps_back(a: Article, *, exact: bool = True) -> None:
    """Every cleaned character maps inside the raw text; unchanged ones map to themselves."""
    for i, ch in enumerate(a.text):
        r = a.offsets.to_raw(i)
        assert 0 <= r <= len(a.raw_text)
        if exact and not ch.isspace():
            assert a.raw_text[r] == ch, (i, ch, a.raw_text[r])


def test_mojibake_nbsp_and_spaces_are_normalised_with_offsets() -> None:
    raw = "The minister\u00a0said the army\u2019s  losses were \u00e2\u20ac\u201c as reported."
    a = cleaned(raw)
    assert a.text == "The minister said the army\u2019s losses were \u2013 as reported."
    dash = a.text.index("\u2013")
    assert a.raw_text[a.offsets.to_raw(dash)] == "\u00e2"  # the replaced bytes' first character
    word = a.text.index("losses")
    assert a.raw_text[a.offsets.to_raw(word):a.offsets.to_raw(word) + 6] == "losses"
    assert_maps_back(a, exact=False)


def test_mojibake_of_nbsp_is_repaired() -> None:
    a = cleaned("Price:\u00c2\u00a010 dollars and caf\u00c3\u00a9 closed.")
    assert a.text == "Price: 10 dollars and caf\u00e9 closed."
    assert_maps_back(a, exact=False)


def test_curly_quotes_and_dashes_are_kept() -> None:
    raw = "\u201cWe will respond,\u201d he said \u2014 and left."
    assert cleaned(raw).text == raw


def test_normalise_line_is_identity_on_plain_text() -> None:
    assert normalise_line("plain ascii line", 10) == ("plain ascii line", [(0, 10, 16)])


def test_boilerplate_lines_removed_paragraphs_kept() -> None:
    raw = ("Follow us on Twitter @SomeOutlet\n\nShare this\n\n" + BODY.replace("\n\n", "\n\n---\n\n")
           + "\n\nRead more\n\nadministrator\n\nWe use cookies to give you the best experience.\n")
    a = cleaned(raw)
    assert a.text == BODY
    assert_maps_back(a)


def test_trailing_teaser_block_dropped_early_heading_only_removed() -> None:
    teasers = "Related Articles\nAnother story about something else\nA third teaser headline"
    a = cleaned(BODY + "\n\n" + teasers + "\n")
    assert a.text == BODY
    early = cleaned("Related Articles\n\n" + BODY + "\n\nMore text follows here.\n\nAnd more.\n")
    assert early.text.startswith("Officials said") and early.text.endswith("And more.")


def test_repeated_title_and_sign_off_removed() -> None:
    raw = (f"Talks continue amid shelling\n\nTalks continue amid shelling\n\n{BODY}\n\n"
           "\u2014 EXAMPLE-AGENCY\n")
    a = cleaned(raw)
    assert a.text == BODY and a.title == "Talks continue amid shelling"
    assert a.outlet == "EXAMPLE-AGENCY"


def test_lines_inside_a_paragraph_stay_together() -> None:
    a = cleaned("First line of a paragraph\ncontinues here.\n\nNext paragraph.")
    assert a.text == "First line of a paragraph\ncontinues here.\n\nNext paragraph."


def test_crlf_and_cr_line_ends() -> None:
    for sep in ("\r\n", "\r"):
        a = cleaned(BODY.replace("\n", sep))
        assert a.text == BODY
        assert_maps_back(a)


def test_content_id_ignores_case_and_spacing() -> None:
    assert content_id("Hello  World\n") == content_id("hello world")
    assert content_id("Hello world") != content_id("Hello world!")
    assert len(content_id("x")) == 16 and int(content_id("x"), 16) >= 0
    a = cleaned(BODY)
    assert a.id == content_id(a.text)


def test_input_without_article_text_is_rejected() -> None:
    for raw in ("", "   \n\n  \n", "Share this\n\nRead more\n\n---\n"):
        with pytest.raises(NoArticleError, match="no article text"):
            cleaned(raw)


# Hypothesis: documents built from header-ish lines, boilerplate, odd characters and sentences.
_WORDS = st.sampled_from(["army", "said", "Kyiv", "Monday", "killed", "By", "Jane", "Doe", "Share",
                          "this", "\u2014", "\u00e2\u20ac\u2122", "caf\u00e9", "e\u0301", "\u00a0",
                          "(Reuters)", "2023", "13", "March", "---", "@Outlet", "\u00a9", "ﬁ",
                          "Related", "Articles", "\t", "LONDON,", "\u201cquote\u201d"])
_LINE = st.lists(_WORDS, min_size=0, max_size=12).map(" ".join)
_SENTENCE = _LINE.map(lambda s: s + ".")
_FURNITURE = st.sampled_from([
    "By Jane Doe", "By Jane Doe | Example Wire", "13 January 2022 12:32 (UTC+04:00)",
    "Saturday June 22 2024", "Published On 16 Jun 2023", "Related Articles", "\u2014 REUTERS",
    "Harbor Times | Port City", "KYIV, April 4 (Reuters) \u2014 Officials said.", "Share this:",
    "\u00a9 2021 Example Wire", "World", "Follow us on Twitter @ExampleWire", "---",
    "Shelling resumes near the border", "written by staff reporter", "June 13 (Reuters) - It said."])
_TEXT = st.lists(st.one_of(_LINE, _SENTENCE, _FURNITURE, st.just("")), min_size=0,
                 max_size=14).map("\n".join)
# characters normalisation leaves alone (odd spaces become spaces, which the check skips)
_PLAIN = st.lists(st.text(alphabet="abcdefghij XYZ.,\n\u00a0\t\u00e9\u2019\u201c\u201d\u2014:|",
                          max_size=40), max_size=10).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_offsets_inside_raw_and_idempotent(raw: str) -> None:
    try:
        a = cleaned(raw)
    except NoArticleError:
        assume(False)  # nothing but furniture: rejected, covered above
    assert_maps_back(a, exact=False)
    lo, hi = a.offsets.span_to_raw(0, len(a.text))
    assert 0 <= lo <= hi <= len(raw)
    assert cleaned(a.text).text == a.text


@settings(max_examples=150, deadline=None)
@given(_PLAIN)
def test_unchanged_characters_map_to_themselves(raw: str) -> None:
    try:
        a = cleaned(raw)
    except NoArticleError:
        assume(False)  # nothing but furniture ("X", "---"): rejected, covered above
    assert_maps_back(a, exact=True)
    assert cleaned(a.text).text == a.text


def _big_text(words: int) -> str:
    rng = random.Random(7)
    vocab = ("the army said on Monday that shelling hit a village near the border and killed "
             "several civilians while officials in the capital\u2019s ministry \u2014 declined").split()
    paras = []
    while words > 0:
        paras.append(" ".join(rng.choice(vocab) for _ in range(60)).capitalize() + ".")
        words -= 60
    return "\n\n".join(paras)


def test_speed_small_and_large() -> None:
    small = as_document("Headline of a sample story\n\n" + _big_text(500))
    clean(small)  # warm caches (patterns, lexicons)
    start = time.perf_counter()
    for _ in range(20):
        clean(small)
    assert (time.perf_counter() - start) / 20 < 0.005
    big = _big_text(200_000)
    assert len(big) > 1_000_000
    start = time.perf_counter()
    a = clean(as_document(big))
    assert time.perf_counter() - start < 5.0
    assert len(a.text) == len(big)
    garbled = big.replace("capital\u2019s", "capital\u00e2\u20ac\u2122s")  # mojibake everywhere
    start = time.perf_counter()
    a = clean(as_document(garbled))
    assert time.perf_counter() - start < 5.0
    assert a.text == big
