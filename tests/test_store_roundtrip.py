"""Property: any Article / ArticleResult round-trips through the store unchanged, on both backends."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import (
    EVENT_TYPES,
    OUTCOMES,
    PRECISIONS,
    VICTIM_KINDS,
    Actor,
    Article,
    ArticleResult,
    Claim,
    DateRange,
    EventMention,
    MetaSource,
    OffsetMap,
    Place,
    Span,
)
from eventwire.store import Store

# Any Unicode text except NUL (PostgreSQL cannot store it; the store refuses it on both backends,
# see test_store) and lone surrogates (not valid in UTF-8 at all).
chars = st.characters(codec="utf-8", exclude_characters="\x00")
text = st.text(chars, max_size=40)
long_text = st.text(chars, max_size=400)
opt_text = st.none() | text
offset = st.integers(min_value=0, max_value=10_000_000)
spans = st.builds(Span, start=offset, end=offset, text=text)
opt_spans = st.none() | spans
codes = st.none() | st.sampled_from(["AZE", "ARM", "RUS", "UKR", "IGO", "NGO"]) | text
coordinate = st.none() | st.floats(min_value=-180, max_value=180, allow_nan=False)

actors = st.builds(Actor, text=text, name=text, country=codes, sector=opt_text, role=opt_text,
                   person=opt_text, span=opt_spans)
places = st.builds(Place, text=text, name=text, geonameid=st.none() | st.integers(0, 2**62),
                   lat=coordinate, lon=coordinate, country=codes, admin1=opt_text,
                   precision=st.sampled_from(["place", "district", "region", "country"]), span=opt_spans)
date_ranges = st.builds(DateRange, start=st.dates(), end=st.dates(), precision=st.sampled_from(PRECISIONS),
                        anchor=text, span=opt_spans)
offset_maps = st.builds(OffsetMap, segments=st.lists(st.tuples(offset, offset, offset), max_size=6)
                        .map(tuple), clean_length=offset, raw_length=offset)
articles = st.builds(
    Article, id=st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s), name=text,
    source=text, fmt=st.sampled_from(["text", "html", "feed", "warc", "jsonl"]), raw_text=long_text,
    text=long_text, offsets=offset_maps, title=opt_text, outlet=opt_text, byline=opt_text, url=opt_text,
    published=st.none() | st.dates(), dateline=opt_text, language=text,
    meta_sources=st.lists(st.builds(MetaSource, field=text, how=text, span=opt_spans), max_size=3).map(tuple))
flags = st.frozensets(text, max_size=3)


@st.composite
def article_results(draw: st.DrawFn) -> ArticleResult:
    """An ArticleResult whose mentions and claims belong to its article, with unique ids."""
    article = draw(articles)
    n_mentions = draw(st.integers(0, 4))
    mentions = tuple(
        EventMention(
            id=f"{article.id}-e{i}", article_id=article.id, type=draw(st.sampled_from(EVENT_TYPES)),
            date=draw(date_ranges), span=draw(spans), mode=draw(opt_text),
            agents=tuple(draw(st.lists(actors, max_size=3))),
            targets=tuple(draw(st.lists(actors, max_size=3))),
            places=tuple(draw(st.lists(places, max_size=3))),
            countries=tuple(draw(st.lists(text, max_size=3))),
            trigger=draw(opt_spans), flags=draw(flags), extractor=draw(text))
        for i in range(n_mentions))
    mention_ids = [m.id for m in mentions]
    claims = tuple(
        Claim(
            id=f"{article.id}-c{i}", article_id=article.id,
            event_id=draw(st.none() | st.sampled_from(mention_ids) if mention_ids else st.none() | text),
            outcome=draw(st.sampled_from(OUTCOMES)), low=draw(st.integers(0, 2**62)),
            high=draw(st.integers(0, 2**62)), victim_country=draw(codes),
            victim_kind=draw(st.sampled_from(VICTIM_KINDS)), claimant=draw(actors),
            claimant_country=draw(codes),
            as_of=draw(st.dates()), span=draw(spans), number_span=draw(opt_spans),
            qualifier=draw(st.sampled_from(["exact", "at_least", "at_most", "about", "range"])),
            cumulative=draw(st.booleans()), flags=draw(flags), extractor=draw(text))
        for i in range(draw(st.integers(0, 4))))
    return ArticleResult(article=article, mentions=mentions, claims=claims)


_fresh = itertools.count()


def _unique(result: ArticleResult) -> ArticleResult:
    """``result`` under ids no earlier example used (examples share one store per backend)."""
    old, new = result.article.id, f"{next(_fresh):06d}.{result.article.id}"

    def swap(s: str) -> str:
        return new + s[len(old):]

    return ArticleResult(
        article=dataclasses.replace(result.article, id=new),
        mentions=tuple(dataclasses.replace(m, id=swap(m.id), article_id=new) for m in result.mentions),
        claims=tuple(dataclasses.replace(
            c, id=swap(c.id), article_id=new,
            event_id=swap(c.event_id) if c.event_id and c.event_id.startswith(old) else c.event_id)
            for c in result.claims))


_PROPERTY = settings(max_examples=60, deadline=None,
                     # One store per backend serves every example: ids are made unique per example.
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@_PROPERTY
@given(article=articles)
def test_article_round_trips_unchanged(store: Store, article: Article) -> None:
    article = dataclasses.replace(article, id=f"{next(_fresh):06d}.{article.id}")
    assert store.add_article(article) is True
    assert store.get_article(article.id) == article
    assert store.get_result(article.id) == ArticleResult(article=article)
    assert store.add_article(article) is False


@_PROPERTY
@given(result=article_results())
def test_article_result_round_trips_unchanged(store: Store, result: ArticleResult) -> None:
    result = _unique(result)
    assert store.add_results([result]) == [True]
    assert store.get_result(result.article.id) == result
    by_day = sorted(result.claims, key=lambda c: (c.as_of, result.claims.index(c)))
    assert store.claims(article_id=result.article.id) == by_day
    stored = {r.article.id: r for r in store.iter_results(chunk=7)}
    assert stored[result.article.id] == result
    assert store.add_results([result]) == [False]
    far = date(1, 1, 1)
    found = {m.id: m for m in store.mentions(since=far) if m.article_id == result.article.id}
    assert found == {m.id: m for m in result.mentions}
