"""Tests for eventwire.resolve.dates: expression kinds, ranges, the year rule, caps and invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.resolve.dates import find_dates, resolve_date

WED = date(2022, 9, 14)  # a Wednesday


def _r(expr: str, published: date = WED, **kw: object) -> tuple[str, str, str] | None:
    r = resolve_date(expr, published, **kw)  # type: ignore[arg-type]
    return None if r is None else (r.start.isoformat(), r.end.isoformat(), r.precision)


@pytest.mark.parametrize(("expr", "expected"), [
    ("on Tuesday", ("2022-09-13", "2022-09-13", "day")),
    ("on Wednesday", ("2022-09-14", "2022-09-14", "day")),  # same weekday as published: that day
    ("on Thursday", ("2022-09-08", "2022-09-08", "day")),
    ("last Wednesday", ("2022-09-07", "2022-09-07", "day")),
    ("yesterday", ("2022-09-13", "2022-09-13", "day")),
    ("today", ("2022-09-14", "2022-09-14", "day")),
    ("this morning", ("2022-09-14", "2022-09-14", "day")),
    ("last night", ("2022-09-13", "2022-09-14", "range")),
    ("overnight", ("2022-09-13", "2022-09-14", "range")),
    ("Monday night", ("2022-09-12", "2022-09-13", "range")),
    ("during the night of September 13", ("2022-09-12", "2022-09-13", "range")),
    ("on the night of 12 to 13 September", ("2022-09-12", "2022-09-13", "range")),
    ("since 9am on September 13", ("2022-09-13", "2022-09-14", "range")),
    ("On January 11", ("2022-01-11", "2022-01-11", "day")),
    ("January 11, 2022", ("2022-01-11", "2022-01-11", "day")),
    ("11 January 2022", ("2022-01-11", "2022-01-11", "day")),
    ("the 13th of September", ("2022-09-13", "2022-09-13", "day")),
    ("Tuesday, September 13", ("2022-09-13", "2022-09-13", "day")),
    ("Sept 14", ("2022-09-14", "2022-09-14", "day")),
    ("Sept. 15", ("2022-09-15", "2022-09-15", "day")),  # published + 1 is still this year
    ("Sept. 16", ("2021-09-16", "2021-09-16", "day")),  # later than that: last year
    ("Dec 31", ("2021-12-31", "2021-12-31", "day")),
    ("earlier this month", ("2022-09-01", "2022-09-13", "range")),
    ("last week", ("2022-09-05", "2022-09-11", "week")),
    ("last month", ("2022-08-01", "2022-08-31", "month")),
    ("in June", ("2022-06-01", "2022-06-30", "month")),
    ("in November", ("2021-11-01", "2021-11-30", "month")),
    ("in early September", ("2022-09-01", "2022-09-10", "range")),
    ("a few days ago", ("2022-09-09", "2022-09-13", "range")),
    ("two days ago", ("2022-09-12", "2022-09-12", "day")),
    ("between 12 and 14 September", ("2022-09-12", "2022-09-14", "range")),
    ("from September 12 to 13", ("2022-09-12", "2022-09-13", "range")),
    ("from 27 September to 10 October 2020", ("2020-09-27", "2020-10-10", "range")),
    ("in 1992", ("1992-01-01", "1992-12-31", "year")),
    ("in the 1990s", ("1990-01-01", "1999-12-31", "range")),
    ("since 2014", ("2014-01-01", "2022-09-14", "range")),
    ("since early August", ("2022-08-01", "2022-09-14", "range")),
    ("in September 2020", ("2020-09-01", "2020-09-30", "month")),
    ("earlier this year", ("2022-01-01", "2022-09-13", "range")),
    ("the day before", ("2022-09-13", "2022-09-13", "day")),
    ("the previous night", ("2022-09-13", "2022-09-14", "range")),
    ("over the past two weeks", ("2022-08-31", "2022-09-14", "range")),
    ("the past few days", ("2022-09-07", "2022-09-14", "range")),
    ("over the weekend", ("2022-09-10", "2022-09-11", "range")),
    ("since Monday", ("2022-09-12", "2022-09-14", "range")),
    ("since the start of the year", ("2022-01-01", "2022-09-14", "range")),
    ("in the first half of August", ("2022-08-01", "2022-08-15", "range")),
    ("at the end of August", ("2022-08-21", "2022-08-31", "range")),
    ("Sept. 12–13", ("2022-09-12", "2022-09-13", "range")),
    ("on 12 and 13 September", ("2022-09-12", "2022-09-13", "range")),
    ("13.09.2022 12:32", ("2022-09-13", "2022-09-13", "day")),
    ("2022-09-13", ("2022-09-13", "2022-09-13", "day")),
    ("13 January 2022 12:32 (UTC+04:00)", ("2022-01-13", "2022-01-13", "day")),
])
def test_resolves_expression_kinds(expr: str, expected: tuple[str, str, str]) -> None:
    assert _r(expr) == expected


@pytest.mark.parametrize("expr", ["2,020 troops", "resolution 2020", "may", "march on the capital", "us",
                                  "in 2030", "the 2030s"])
def test_non_dates_and_future_years_are_not_returned(expr: str) -> None:
    assert _r(expr) is None


def test_anchor_moves_deictic_words_but_not_explicit_dates() -> None:
    anchor = date(2022, 9, 10)  # a Saturday
    assert _r("yesterday", anchor=anchor) == ("2022-09-09", "2022-09-09", "day")
    assert _r("on Tuesday", anchor=anchor) == ("2022-09-06", "2022-09-06", "day")
    assert _r("11 January 2022", anchor=anchor) == ("2022-01-11", "2022-01-11", "day")


def test_weekend_on_a_sunday() -> None:
    sunday = date(2022, 9, 18)
    assert _r("over the weekend", sunday) == ("2022-09-17", "2022-09-18", "range")
    assert _r("last weekend", sunday) == ("2022-09-10", "2022-09-11", "range")


def test_future_mode_looks_forward() -> None:
    assert _r("on Friday", future=True) == ("2022-09-16", "2022-09-16", "day")
    assert _r("Sept. 16", future=True) == ("2022-09-16", "2022-09-16", "day")
    assert _r("in 2030", future=True) == ("2030-01-01", "2030-12-31", "year")


def test_find_dates_offsets_and_overlaps() -> None:
    text = ("Forces shelled the town during the night of September 13, the ministry said on Wednesday, "
            "adding that 2,020 troops under resolution 2020 had been there since 2014.")
    found = find_dates(text, WED)
    assert [e.text for e in found] == ["during the night of September 13", "Wednesday", "since 2014"]
    for e in found:
        assert text[e.start:e.end] == e.text
    assert found[0].range.anchor == "during the night of September 13"


def test_longest_expression_wins() -> None:
    found = find_dates("It began in September 2020 and ended in May.", WED)
    assert [(e.text, e.range.precision) for e in found] == [("September 2020", "month"), ("in May", "month")]


@settings(max_examples=150, deadline=None)
@given(published=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
       expr=st.sampled_from(["on Tuesday", "yesterday", "last week", "earlier this month", "in June",
                             "Sept 14", "Feb 29", "a few days ago", "during the night of March 1",
                             "between 30 and 31 December", "Monday night", "since 2014", "last month",
                             "earlier this year", "three weeks ago", "in 1992", "tonight"]),
       future=st.booleans())
def test_invariants(published: date, expr: str, future: bool) -> None:
    first = resolve_date(expr, published, future=future)
    second = resolve_date(expr, published, future=future)
    assert first == second  # deterministic, wall-clock free
    if first is None:
        return
    assert first.start <= first.end
    if not future:
        assert first.end <= published + timedelta(days=1)
    again = resolve_date(first.start.isoformat(), published, future=future)
    assert again is not None and again.start == first.start  # an ISO day resolves to itself


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80), published=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)))
def test_find_dates_spans_lie_in_text(text: str, published: date) -> None:
    for e in find_dates(text, published):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.range.start <= e.range.end


def test_reference_day_without_publication_date_uses_latest_written_day() -> None:
    from eventwire.extract.temporal import reference_day

    today = date(2030, 1, 1)
    text = "Talks began on 2 March 2019. Shelling resumed on 9 March 2019, officials said on Monday."
    assert reference_day(None, text, today) == date(2019, 3, 9)
    assert reference_day(date(2019, 3, 11), text, today) == date(2019, 3, 11)
    assert reference_day(None, "Shelling resumed on Monday.", today) == today
