"""The Extractor orchestrator: end to end on short articles, claim linking, and bad input."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from eventwire.extract import Extractor, link_claim
from eventwire.model import NOT_FRESH, Actor, Article, Claim, DateRange, EventMention, Span

PUB = date(2023, 3, 9)

ARTICLE = (
    "Ceasefire talks stall as shelling kills three in Bakhmut\n\n"
    "KYIV, March 9 (Test Wire) — Russian artillery shelled residential districts of Bakhmut on "
    "Wednesday, killing three civilians, the regional governor said.\n\n"
    "The foreign ministers of Turkey and Ukraine met in Ankara on Tuesday to discuss a new round of "
    "prisoner exchanges.\n\n"
    "The war began in February 2022."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def small_extractor(extractor: Extractor) -> Extractor:
    """The same pipeline with a low word cap, for the long-input test."""
    return Extractor(nlp=extractor.nlp, gazetteer=extractor.gazetteer, actors=extractor.actors,
                     max_words=3000)


def test_end_to_end_short_article(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    article = make_article(text=ARTICLE, published=PUB, dateline="KYIV")  # as clean() reads it
    result = extractor.extract(article)
    assert result.warnings == ()
    fresh = [m for m in result.mentions if not (m.flags & NOT_FRESH)]
    assault = [m for m in fresh if m.type == "ASSAULT"]
    assert len(assault) == 1
    assert assault[0].date.start == date(2023, 3, 8)
    assert "Bakhmut" in {p.text for p in assault[0].places}
    consult = [m for m in fresh if m.type == "CONSULT"]
    assert consult and consult[0].date.start == date(2023, 3, 7)
    assert [m.id for m in result.mentions] == [f"{article.id}-e{n}" for n in range(1, len(result.mentions) + 1)]
    starts = [m.span.start for m in result.mentions]
    assert starts == sorted(starts)
    assert all(m.extractor == f"{Extractor.VERSION} {extractor.mode}" for m in result.mentions)
    for claim in result.claims:
        if claim.outcome == "killed" and claim.low == 3:
            assert claim.event_id == assault[0].id


def _claim(article: Article, start: int, end: int, as_of: date) -> Claim:
    span = Span(start=start, end=end, text=article.raw_text[start:end])
    return Claim(id="c1", article_id=article.id, event_id=None, outcome="killed", low=2, high=2,
                 victim_country=None, victim_kind="civilian", claimant=Actor(text="x", name="x"),
                 claimant_country=None, as_of=as_of, span=span)


def _mention(article: Article, n: int, start: int, end: int, flags: frozenset[str] = frozenset(),
             etype: str = "ASSAULT", day: date = PUB) -> EventMention:
    span = Span(start=start, end=end, text=article.raw_text[start:end])
    return EventMention(id=f"{article.id}-e{n}", article_id=article.id, type=etype,
                        date=DateRange(start=day, end=day, precision="day"), span=span, flags=flags,
                        evidence=(span,))


def test_link_claim_prefers_same_sentence_then_paragraph_then_main(make_article: Callable[..., Article]) -> None:
    text = "First para one. First para two.\n\nSecond para one. Second para two."
    article = make_article(text=text, raw_text=text, published=PUB,
                           offsets=replace(make_article().offsets, segments=((0, 0, len(text)),),
                                           clean_length=len(text), raw_length=len(text)))
    s2 = text.index("Second")
    m1 = _mention(article, 1, 0, 15)
    m2 = _mention(article, 2, s2, s2 + 16)
    same = link_claim(_claim(article, s2, s2 + 16, PUB), [m1, m2], article)
    assert same.event_id == m2.id
    para = link_claim(_claim(article, s2 + 17, len(text), PUB), [m1, m2], article)
    assert para.event_id == m2.id
    main = link_claim(_claim(article, s2 + 17, len(text), PUB), [m1], article)
    assert main.event_id == m1.id
    hist = _mention(article, 3, s2, s2 + 16, flags=frozenset({"historical"}))
    assert link_claim(_claim(article, s2, s2 + 16, PUB), [m1, hist], article).event_id is None
    later = _mention(article, 4, 0, 15, day=date(2023, 3, 20))
    assert link_claim(_claim(article, s2 + 17, len(text), PUB), [later], article).event_id is None


def test_non_english_is_not_extracted(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    text = ("Las fuerzas del gobierno y los rebeldes se enfrentaron el martes cerca de la frontera, "
            "según dijeron los residentes de la zona, y hubo varios muertos entre los civiles.")
    result = extractor.extract(make_article(text=text, published=PUB))
    assert result.mentions == () and result.claims == ()
    assert any("English" in w for w in result.warnings)
    tagged = extractor.extract(make_article(text=ARTICLE, published=PUB, language="fr"))
    assert tagged.mentions == () and any("fr" in w for w in tagged.warnings)


@pytest.mark.parametrize("text", ["Hello", "   ", "Ceasefire"])
def test_empty_or_one_word(extractor: Extractor, make_article: Callable[..., Article], text: str) -> None:
    result = extractor.extract(make_article(text=text, raw_text=text or " ", published=PUB))
    assert result.mentions == () and result.claims == () and result.warnings == ()


def test_article_without_events(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    text = ("The city council approved a new budget for public libraries on Tuesday. "
            "The mayor said the reading rooms would open longer hours in the summer.")
    result = extractor.extract(make_article(text=text, published=PUB))
    assert not [m for m in result.mentions if m.type in {"FIGHT", "ASSAULT"}]
    assert result.claims == ()


def test_numbers_and_years_are_no_events_or_claims(extractor: Extractor,
                                                   make_article: Callable[..., Article]) -> None:
    text = "1,000,000\n\n2022\n\nThe fund holds 1,000,000 dollars in 2022 bonds."
    result = extractor.extract(make_article(text=text, published=PUB))
    assert result.mentions == () and result.claims == ()


def test_text_without_sentence_punctuation(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    text = " ".join(["rebels clashed with troops near the river on tuesday and shelling hit the town"] * 40)
    result = extractor.extract(make_article(text=text, published=PUB))
    assert {m.type for m in result.mentions} & {"FIGHT", "ASSAULT"}
    for m in result.mentions:
        assert 0 <= m.span.start <= m.span.end <= len(result.article.raw_text)


def test_very_long_article_is_capped_with_warning(small_extractor: Extractor,
                                                  make_article: Callable[..., Article]) -> None:
    para = ("Troops and rebels clashed near the river on Tuesday, officials said, and shelling hit "
            "two villages in the district while aid workers waited for access.\n\n")
    words = len(para.split())
    text = para * (200_000 // words + 1)
    assert len(text.split()) >= 200_000
    t0 = time.monotonic()
    result = small_extractor.extract(make_article(text=text, published=PUB))
    elapsed = time.monotonic() - t0
    assert any("max_words" in w for w in result.warnings)
    assert elapsed < 120
    assert all(m.span.end <= len(result.article.raw_text) for m in result.mentions)


def test_extract_many_keeps_order_and_batches(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    articles = [make_article(text=ARTICLE, published=PUB), make_article(text="Hello", published=PUB),
                make_article(text="Gunmen attacked a school in the town on Monday, killing two pupils.",
                             published=PUB)]
    results = list(extractor.extract_many(articles, batch_size=2))
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert results[1].mentions == ()
    assert any(m.type == "ASSAULT" for m in results[2].mentions)


def test_long_text_is_parsed_in_pieces_with_exact_offsets(extractor: Extractor, make_article: Callable[..., Article],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.extract as extract_module

    monkeypatch.setattr(extract_module, "CHUNK_CHARS", 400)
    text = "\n\n".join(
        f"Report {n}. Rebels and soldiers clashed near the river on Tuesday, officials said." for n in range(12))
    article = make_article(text=text, published=PUB)
    result = extractor.extract(article)
    assert result.mentions
    for m in result.mentions:
        assert article.raw_text[m.span.start:m.span.end] == m.span.text
        assert m.trigger is not None and m.trigger.text == "clashed"
