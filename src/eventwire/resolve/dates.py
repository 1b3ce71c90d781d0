"""Temporal expressions in news text -> inclusive day ranges.

:func:`find_dates` finds every temporal expression in a sentence or paragraph and resolves it;
:func:`resolve_date` resolves one expression. Both are pure: the result depends only on the text,
``published`` (the article's day), ``anchor`` (the day the surrounding discourse is about; defaults
to ``published``) and ``future``, never on the wall clock.

Candidate spans are found with compiled regular expressions (:mod:`.date_patterns`)
and resolved by hand: dateparser has no notion of ranges ("between 12 and 14 September", "the night
of 12 to 13 September", "last week"), of the reporting conventions below, nor of which bare numbers
are years, and it parses ~1.5k strings/s. It is kept as a cached fallback in :func:`resolve_date`
for single expressions the patterns do not know (e.g. "13.01.2022 12:32").

Conventions (all ranges inclusive, ``start <= end``):

* Deictic words resolve against ``anchor``: "today", "this morning" -> anchor; "yesterday" ->
  anchor-1; "last night", "overnight", "in the past 24 hours" -> [anchor-1, anchor] (range);
  "tonight" -> [anchor, anchor+1]; "the day before" -> anchor-1; "the next day" -> anchor+1.
* A weekday ("on Tuesday") is the latest such day on or before the anchor (the anchor itself if it
  is that weekday); with ``future=True`` the first on or after it. "last Tuesday" is strictly before.
  "Monday night" -> [Monday, Tuesday] (range).
* "two days ago" -> anchor-2 (day); "a few / several days ago" -> [anchor-5, anchor-1]; "in recent
  days" -> [anchor-7, anchor]; "N weeks ago" -> the 7 days centred on anchor-7N (week).
* "the past two weeks", "over the last month" -> [anchor - that long, anchor] (range; a month is
  30 days, "few" is 3, "the past few days" 7 days); "over the weekend" -> the Saturday-Sunday that
  began most recently (range); "since Monday", "since the start of the year" run to published.
* "the first half of", "early" / "the beginning of", "mid-", "late" / "the end of" a month ->
  days 1-15, 1-10, 11-20, 21-end (range).
* Weeks run Monday-Sunday: "last week" is the previous calendar week (week); "this week" and
  "earlier this week" run from Monday to the anchor (or the day before it). Months and years alike:
  "last month" (month), "earlier this month" -> [1st, anchor-1] (range), "this year" (year, to anchor).
* A day and month without year ("Sept 14") takes the latest year in which it is not after
  ``published`` + 1 day (the earliest not before ``published`` - 1 with ``future``); a bare month
  ("in June") the most recent such month that has begun by ``published``.
* "the night of September 13" -> [12, 13]: official reports name a night by the morning that ends
  it; "the night of 12 to 13 September" -> [12, 13]. Both have precision "range".
* "since 9am on September 13", "since early March", "since 2014" -> [that day / the period's first
  day, published] (range).
* "the 1990s" -> the whole decade (range).
* A four-digit year counts only after a date preposition ("in 1992", "since 2014", "of 2020") or a
  month; "2,020 troops" and "resolution 2020" are not dates.
* Unless ``future`` is set, nothing ends after ``published`` + 1 day: later ends are clipped and
  expressions that start later are dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import dateparser

from ..model import DateRange
from .date_patterns import ONE, PATTERNS, Ctx, Handler, Resolved

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class TemporalExpression:
    """A temporal expression found in a string: ``[start, end)`` offsets into that string."""

    start: int
    end: int
    text: str
    range: DateRange


def find_dates(text: str, published: date, *, anchor: date | None = None,
               future: bool = False) -> list[TemporalExpression]:
    """Every temporal expression in ``text``, resolved, in text order and without overlaps.

    Where candidates overlap the longest wins. ``future`` resolves weekdays and yearless dates
    forward and lifts the published+1 cap (for planned or threatened events).
    """
    return list(_find(text, published, anchor or published, future))


@lru_cache(maxsize=8192)
def _find(text: str, published: date, ref: date, future: bool) -> tuple[TemporalExpression, ...]:
    c = Ctx(published, ref, future)
    hits: list[tuple[int, int, Handler, re.Match[str]]] = []
    for pattern, handler in PATTERNS:
        for m in pattern.finditer(text):
            if _word_edges(text, m.start(), m.end()):
                hits.append((m.start(), m.end(), handler, m))
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))  # longest first, then leftmost
    out: list[TemporalExpression] = []
    for start, end, handler, m in hits:
        if any(start < e.end and e.start < end for e in out):
            continue
        r = _finish(handler(m.groupdict(), c), c, m.group(0))
        if r is not None:
            out.append(TemporalExpression(start=start, end=end, text=m.group(0), range=r))
    return tuple(sorted(out, key=lambda e: e.start))


def _word_edges(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def _finish(r: Resolved, c: Ctx, text: str) -> DateRange | None:
    if r is None:
        return None
    start, end, precision = r
    if not c.future:
        cap = c.published + ONE
        if start > cap:
            return None
        end = min(end, cap)
    return DateRange(start=start, end=max(start, end), precision=precision, anchor=" ".join(text.split()))


def resolve_date(expr: str, published: date, *, anchor: date | None = None,
                 future: bool = False) -> DateRange | None:
    """Resolve one expression ("on Tuesday", "Sept. 14", "13.01.2022 12:32"), or None.

    Uses the first expression :func:`find_dates` finds in ``expr``; if there is none, falls back to
    dateparser (cached), reading the result as a single day under the same cap, but only when no
    pattern matched at all.
    """
    found = find_dates(expr, published, anchor=anchor, future=future)
    if found:
        return found[0].range
    if any(pattern.search(expr) for pattern, _ in PATTERNS):
        return None  # a known expression that was rejected (e.g. after the cap): no second opinion
    day = _dateparser_day(" ".join(expr.split()), anchor or published, future)
    if day is None:
        return None
    return _finish((day, day, "day"), Ctx(published, anchor or published, future), expr.strip())


@lru_cache(maxsize=4096)
def _dateparser_day(expr: str, ref: date, future: bool) -> date | None:
    # Without a digit dateparser turns words like "may" or "march" into dates; long prose likewise.
    if len(expr) > 60 or not any(ch.isdigit() for ch in expr):
        return None
    settings = {"RELATIVE_BASE": datetime(ref.year, ref.month, ref.day, 12),
                "PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(expr, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None else None
