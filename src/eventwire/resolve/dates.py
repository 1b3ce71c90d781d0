"""Temporal expressions in news text -> inclusive day ranges.

:func:`find_dates` finds every temporal expression in a sentence or paragraph and resolves it;
:func:`resolve_date` resolves one expression. Both are pure: the result depends only on the text,
``published`` (the article's day), ``anchor`` (the day the surrounding discourse is about; defaults
to ``published``) and ``future``, never on the wall clock.

Candidate spans are found with compiled regular expressions (``_patterns.py``-style table below)
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

import calendar
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from ..model import DateRange

log = logging.getLogger(__name__)

_ONE = timedelta(days=1)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# Month and weekday names must be capitalised so "may", "march" and "sat" as words never match.
_MON = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|"
        r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)")
_WD = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?![\d,.]\d)"
_NUM = r"(?:\d{1,2}|" + "|".join(_NUMBERS) + ")"
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"


@dataclass(frozen=True, slots=True, kw_only=True)
class TemporalExpression:
    """A temporal expression found in a string: ``[start, end)`` offsets into that string."""

    start: int
    end: int
    text: str
    range: DateRange


@dataclass(frozen=True, slots=True)
class _Ctx:
    published: date
    ref: date  # the anchor
    future: bool


def _num(s: str) -> int:
    s = s.lower()
    return _NUMBERS[s] if s in _NUMBERS else int(s)


def _day(s: str) -> int:
    return int(re.match(r"\d+", s).group(0))  # type: ignore[union-attr]


def _month(s: str) -> int:
    key = s.rstrip(".").lower()
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer(m: int, d: int, c: _Ctx) -> date | None:
    """The day ``m``/``d`` in the latest year not after published+1 (earliest not before -1 if future)."""
    for k in range(0, 9):
        y = c.published.year + k if c.future else c.published.year - k + 1
        day = _safe(y, m, d)
        if day is None:
            continue
        if (not c.future and day <= c.published + _ONE) or (c.future and day >= c.published - _ONE):
            return day
    return None


def _ymd(g: dict[str, str | None], c: _Ctx, day: str = "d", mon: str = "m", year: str = "y") -> date | None:
    if g.get(year):
        return _safe(int(g[year] or 0), _month(g[mon] or ""), _day(g[day] or ""))
    return _infer(_month(g[mon] or ""), _day(g[day] or ""), c)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _weekday(name: str, c: _Ctx, strictly_before: bool = False) -> date:
    target = _WEEKDAYS[name.lower()]
    if c.future and not strictly_before:
        return c.ref + timedelta(days=(target - c.ref.weekday()) % 7)
    back = (c.ref.weekday() - target) % 7
    return c.ref - timedelta(days=back or (7 if strictly_before else 0))


_R = tuple[date, date, str] | None
_Handler = Callable[[dict[str, str | None], _Ctx], _R]


def _h_date(g: dict[str, str | None], c: _Ctx) -> _R:
    d = _ymd({"d": g["d"] or g["dd"], "m": g["m"] or g["mm"], "y": g["y"]}, c)
    if d is None:
        return None
    if g.get("since"):
        return d, max(d, c.published), "range"
    if g.get("night"):
        return d - _ONE, d, "range"
    return d, d, "day"


def _h_span(g: dict[str, str | None], c: _Ctx) -> _R:
    m2 = g.get("m2") or g.get("m1")
    m1 = g.get("m1") or m2
    y = g.get("y")
    b = _ymd({"d": g["d2"], "m": m2, "y": y}, c)
    if b is None:
        return None
    a = _safe(b.year, _month(m1 or ""), _day(g["d1"] or ""))
    if a is not None and a > b:
        a = _safe(b.year - 1, _month(m1 or ""), _day(g["d1"] or ""))
    return (a, b, "range") if a is not None and a <= b else None


def _h_iso(g: dict[str, str | None], c: _Ctx) -> _R:
    d = _safe(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
    return (d, d, "day") if d else None


def _h_month_year(g: dict[str, str | None], c: _Ctx) -> _R:
    y, m = int(g["y"] or 0), _month(g["m"] or "")
    return _part_of_month(y, m, g.get("q"))


def _part_of_month(y: int, m: int, q: str | None) -> _R:
    end = _month_end(y, m)
    q = (q or "").lower()
    if q.startswith("early"):
        return date(y, m, 1), date(y, m, 10), "range"
    if q.startswith("mid"):
        return date(y, m, 11), date(y, m, 20), "range"
    if q.startswith("late") or q.startswith("end"):
        return date(y, m, 21), end, "range"
    return date(y, m, 1), end, "month"


def _h_month(g: dict[str, str | None], c: _Ctx) -> _R:
    m = _month(g["m"] or "")
    if c.future:
        y = c.published.year if m >= c.published.month else c.published.year + 1
    else:
        y = c.published.year if m <= c.published.month else c.published.year - 1
    r = _part_of_month(y, m, g.get("q") or g.get("q2"))
    if r is not None and (g.get("prep") or "").lower() == "since":
        return r[0], max(r[0], c.published), "range"
    return r


def _h_year(g: dict[str, str | None], c: _Ctx) -> _R:
    y = int(g["y"] or 0)
    if g.get("y2"):
        return date(y, 1, 1), date(int(g["y2"] or 0), 12, 31), "range"
    if (g.get("prep") or "").lower() == "since":
        return date(y, 1, 1), max(date(y, 1, 1), c.published), "range"
    return date(y, 1, 1), date(y, 12, 31), "year"


def _h_decade(g: dict[str, str | None], c: _Ctx) -> _R:
    y = int(g["dec"] or 0)
    return date(y, 1, 1), date(y + 9, 12, 31), "range"


def _h_weekday(g: dict[str, str | None], c: _Ctx) -> _R:
    d = _weekday(g["wd"] or "", c, strictly_before=bool(g.get("last")))
    if (g.get("part") or "").lower() == "night":
        return d, d + _ONE, "range"
    return d, d, "day"


def _h_ago(g: dict[str, str | None], c: _Ctx) -> _R:
    unit = (g["unit"] or "").lower().rstrip("s")
    few = g.get("few")
    n = 0 if few else _num(g["n"] or "1")
    if unit == "day":
        if few:
            return c.ref - 5 * _ONE, c.ref - _ONE, "range"
        return c.ref - n * _ONE, c.ref - n * _ONE, "day"
    if unit == "week":
        if few:
            return c.ref - 28 * _ONE, c.ref - 14 * _ONE, "range"
        mid = c.ref - 7 * n * _ONE
        return mid - 3 * _ONE, mid + 3 * _ONE, "week"
    if unit == "month":
        y, m = divmod(c.ref.year * 12 + c.ref.month - 1 - (n or 3), 12)
        return date(y, m + 1, 1), _month_end(y, m + 1), "month"
    y = c.ref.year - (n or 3)
    return date(y, 1, 1), date(y, 12, 31), "year"


def _h_word(g: dict[str, str | None], c: _Ctx) -> _R:
    w = " ".join((g["w"] or "").lower().split())
    r = c.ref
    monday = r - timedelta(days=r.weekday())
    if w in ("today", "this morning", "this afternoon", "this evening", "earlier today",
             "earlier in the day", "on the same day", "the same day", "that day"):
        return r, r, "day"
    if w == "tonight":
        return r, r + _ONE, "range"
    if w in ("the day before yesterday",):
        return r - 2 * _ONE, r - 2 * _ONE, "day"
    if w.startswith("yesterday") or w in ("the day before", "the previous day", "a day earlier"):
        return r - _ONE, r - _ONE, "day"
    if w in ("the next day", "the following day", "a day later"):
        return r + _ONE, r + _ONE, "day"
    if w in ("last night", "overnight", "in the past 24 hours", "in the last 24 hours",
             "over the past 24 hours", "over the last 24 hours", "during the night"):
        return r - _ONE, r, "range"
    if w in ("in recent days", "in the past few days", "in the last few days", "over the past few days",
             "over the last few days", "over recent days"):
        return r - 7 * _ONE, r, "range"
    if w in ("last week", "the previous week", "the week before"):
        return monday - 7 * _ONE, monday - _ONE, "week"
    if w in ("this week",):
        return monday, r, "week"
    if w == "earlier this week":
        return monday, max(monday, r - _ONE), "range"
    first = r.replace(day=1)
    if w in ("last month", "the previous month", "the month before"):
        prev = first - _ONE
        return prev.replace(day=1), prev, "month"
    if w == "this month":
        return first, r, "month"
    if w == "earlier this month":
        return first, max(first, r - _ONE), "range"
    if w in ("last year", "the previous year", "the year before"):
        return date(r.year - 1, 1, 1), date(r.year - 1, 12, 31), "year"
    if w == "this year":
        return date(r.year, 1, 1), r, "year"
    if w == "earlier this year":
        return date(r.year, 1, 1), max(date(r.year, 1, 1), r - _ONE), "range"
    return None


_DM = rf"(?P<dd>{_DAY})(?:\s+of)?\s+(?P<mm>{_MON})"
_MD = rf"(?P<m>{_MON})\s+(?P<d>{_DAY})"
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(p, re.IGNORECASE), h) for p, h in (
        # the night of 12 to 13 September / from September 12 to 13 / between 12 and 14 September
        (rf"(?:(?:during|on|in)\s+)?(?:the\s+)?(?:night\s+(?:of|from)\s+(?:the\s+)?|between\s+(?:the\s+)?|"
         rf"from\s+(?:the\s+)?)?(?P<d1>{_DAY})(?:\s+(?P<m1>{_MON}))?\s*(?:to|into|and|-|–|until|till)\s*"
         rf"(?:the\s+)?(?P<d2>{_DAY})\s+(?P<m2>{_MON})(?:,?\s+(?P<y>{_YEAR}))?", _h_span),
        (rf"(?:(?:during|on|in)\s+)?(?:the\s+)?(?:night\s+(?:of|from)\s+|between\s+|from\s+)?"
         rf"(?P<m1>{_MON})\s+(?P<d1>{_DAY})\s*(?:to|into|and|-|–|until|till)\s*(?:(?P<m2>{_MON})\s+)?"
         rf"(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?", _h_span),
        (rf"(?:(?P<since>since)\s+(?:[\d:.]+\s*(?:[ap]\.?m\.?)?\s+)?(?:on\s+)?|"
         rf"(?P<night>(?:(?:during|on|in)\s+)?the\s+night\s+of)\s+)?(?:{_WD},?\s+)?"
         rf"(?:{_MD}(?:st|nd|rd|th)?|(?:the\s+)?{_DM})(?:,?\s+(?P<y>{_YEAR}))?(?![\d,]*\d)", _h_date),
        (r"(?<![\d.])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)", _h_iso),
        (r"(?<![\d.])(?P<d>[0-3]\d)\.(?P<m>[01]\d)\.(?P<y>(?:19|20)\d\d)(?![\d])", _h_iso),
        (rf"(?:(?P<q>early|mid|late|the\s+end\s+of|end\s+of)[\s-]+)?(?P<m>{_MON}),?\s+(?P<y>{_YEAR})",
         _h_month_year),
        (rf"(?:(?P<prep>in|during|since|by|until|of|from)\s+(?:(?P<q>early|mid|late)[\s-]+)?|(?P<q2>early|mid|late)"
         rf"[\s-]+)(?P<m>{_MON})(?!\.?,?\s*\d)", _h_month),
        (rf"(?:between|from)\s+(?P<y>{_YEAR})\s+(?:and|to|until)\s+(?P<y2>{_YEAR})", _h_year),
        (rf"(?P<prep>in|since|during|until|till|by|of|from|before|after|throughout)\s+(?:the\s+year\s+|"
         rf"(?:early|mid|late)[\s-]+)?(?P<y>{_YEAR})(?![\d,]*\d|\s*(?:-|–)\s*\d)", _h_year),
        (r"(?:(?:in|during|since|by|until|of|from)\s+)?the\s+(?:early\s+|mid-?|late\s+)?(?P<dec>(?:1[89]|20)\d0)['’]?s",
         _h_decade),
        (rf"(?P<last>last\s+|this\s+past\s+|past\s+)?(?P<wd>{_WD}){_PART}", _h_weekday),
        (rf"(?:(?P<few>a\s+few|several|some)|(?P<n>{_NUM}))\s+(?P<unit>days?|weeks?|months?|years?)\s+"
         r"(?:ago|earlier|before)", _h_ago),
        (r"(?P<w>the\s+day\s+before\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?|today|"
         r"tonight|this\s+(?:morning|afternoon|evening|week|month|year)|earlier\s+(?:today|in\s+the\s+day|"
         r"this\s+(?:week|month|year))|last\s+(?:night|week|month|year)|overnight|during\s+the\s+night|"
         r"(?:in|over)\s+the\s+(?:past|last)\s+(?:24\s+hours|few\s+days)|(?:in|over)\s+recent\s+days|"
         r"the\s+(?:day|week|month|year)\s+before|the\s+previous\s+(?:day|week|month|year)|"
         r"a\s+day\s+(?:earlier|later)|the\s+(?:next|following)\s+day|(?:on\s+)?the\s+same\s+day|that\s+day)",
         _h_word),
    ))


def find_dates(text: str, published: date, *, anchor: date | None = None,
               future: bool = False) -> list[TemporalExpression]:
    """Every temporal expression in ``text``, resolved, in text order and without overlaps.

    Where candidates overlap the longest wins. ``future`` resolves weekdays and yearless dates
    forward and lifts the published+1 cap (for planned or threatened events).
    """
    return list(_find(text, published, anchor or published, future))


@lru_cache(maxsize=8192)
def _find(text: str, published: date, ref: date, future: bool) -> tuple[TemporalExpression, ...]:
    c = _Ctx(published, ref, future)
    hits: list[tuple[int, int, _Handler, re.Match[str]]] = []
    for pattern, handler in _PATTERNS:
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


def _finish(r: _R, c: _Ctx, text: str) -> DateRange | None:
    if r is None:
        return None
    start, end, precision = r
    if not c.future:
        cap = c.published + _ONE
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
    if any(pattern.search(expr) for pattern, _ in _PATTERNS):
        return None  # a known expression that was rejected (e.g. after the cap): no second opinion
    day = _dateparser_day(" ".join(expr.split()), anchor or published, future)
    if day is None:
        return None
    return _finish((day, day, "day"), _Ctx(published, anchor or published, future), expr.strip())


@lru_cache(maxsize=4096)
def _dateparser_day(expr: str, ref: date, future: bool) -> date | None:
    # Without a digit dateparser turns words like "may" or "march" into dates; long prose likewise.
    if len(expr) > 60 or not any(ch.isdigit() for ch in expr):
        return None
    settings = {"RELATIVE_BASE": datetime(ref.year, ref.month, ref.day, 12),
                "PREFER_DATES_FROM": "future" if future else "past", "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(expr, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None else None
