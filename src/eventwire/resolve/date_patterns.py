"""The patterns behind :mod:`eventwire.resolve.dates`: one compiled regular expression per kind of
temporal expression, each with the function that turns its match into an inclusive day range.

Handlers take the match's named groups and a :class:`Ctx` (published day, anchor, future) and
return ``(start, end, precision)`` or None; :mod:`.dates` applies the published+1 cap, picks the
longest non-overlapping matches and builds the records. The conventions are listed in the
docstring of :mod:`.dates`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

ONE = timedelta(days=1)
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


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a handler resolves against: the published day, the anchor (``ref``) and the tense."""

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


def _infer(m: int, d: int, c: Ctx) -> date | None:
    """The day ``m``/``d`` in the latest year not after published+1 (earliest not before -1 if future)."""
    for k in range(0, 9):
        y = c.published.year + k if c.future else c.published.year - k + 1
        day = _safe(y, m, d)
        if day is None:
            continue
        if (not c.future and day <= c.published + ONE) or (c.future and day >= c.published - ONE):
            return day
    return None


def _ymd(g: dict[str, str | None], c: Ctx, day: str = "d", mon: str = "m", year: str = "y") -> date | None:
    if g.get(year):
        return _safe(int(g[year] or 0), _month(g[mon] or ""), _day(g[day] or ""))
    return _infer(_month(g[mon] or ""), _day(g[day] or ""), c)


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _weekday(name: str, c: Ctx, strictly_before: bool = False) -> date:
    target = _WEEKDAYS[name.lower()]
    if c.future and not strictly_before:
        return c.ref + timedelta(days=(target - c.ref.weekday()) % 7)
    back = (c.ref.weekday() - target) % 7
    return c.ref - timedelta(days=back or (7 if strictly_before else 0))


Resolved = tuple[date, date, str] | None
Handler = Callable[[dict[str, str | None], Ctx], Resolved]


def _h_date(g: dict[str, str | None], c: Ctx) -> Resolved:
    d = _ymd({"d": g["d"] or g["dd"], "m": g["m"] or g["mm"], "y": g["y"]}, c)
    if d is None:
        return None
    if g.get("since"):
        return d, max(d, c.published), "range"
    if g.get("night"):
        return d - ONE, d, "range"
    return d, d, "day"


def _h_span(g: dict[str, str | None], c: Ctx) -> Resolved:
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


def _h_iso(g: dict[str, str | None], c: Ctx) -> Resolved:
    d = _safe(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
    return (d, d, "day") if d else None


def _h_month_year(g: dict[str, str | None], c: Ctx) -> Resolved:
    y, m = int(g["y"] or 0), _month(g["m"] or "")
    return _part_of_month(y, m, g.get("q"))


def _part_of_month(y: int, m: int, q: str | None) -> Resolved:
    end = _month_end(y, m)
    q = re.sub(r"^the\s+", "", " ".join((q or "").lower().split()))
    if q.startswith("first half"):
        return date(y, m, 1), date(y, m, 15), "range"
    if q.startswith("second half"):
        return date(y, m, 16), end, "range"
    if q.startswith(("early", "beginning", "start")):
        return date(y, m, 1), date(y, m, 10), "range"
    if q.startswith("mid"):
        return date(y, m, 11), date(y, m, 20), "range"
    if q.startswith("late") or q.startswith("end"):
        return date(y, m, 21), end, "range"
    return date(y, m, 1), end, "month"


def _h_month(g: dict[str, str | None], c: Ctx) -> Resolved:
    m = _month(g["m"] or "")
    if c.future:
        y = c.published.year if m >= c.published.month else c.published.year + 1
    else:
        y = c.published.year if m <= c.published.month else c.published.year - 1
    r = _part_of_month(y, m, g.get("q") or g.get("q2"))
    if r is not None and (g.get("prep") or "").lower() == "since":
        return r[0], max(r[0], c.published), "range"
    return r


def _h_year(g: dict[str, str | None], c: Ctx) -> Resolved:
    y = int(g["y"] or 0)
    if g.get("y2"):
        return date(y, 1, 1), date(int(g["y2"] or 0), 12, 31), "range"
    if (g.get("prep") or "").lower() == "since":
        return date(y, 1, 1), max(date(y, 1, 1), c.published), "range"
    return date(y, 1, 1), date(y, 12, 31), "year"


def _h_decade(g: dict[str, str | None], c: Ctx) -> Resolved:
    y = int(g["dec"] or 0)
    return date(y, 1, 1), date(y + 9, 12, 31), "range"


def _h_weekday(g: dict[str, str | None], c: Ctx) -> Resolved:
    d = _weekday(g["wd"] or "", c, strictly_before=bool(g.get("last")))
    if g.get("since"):
        return d, max(d, c.published), "range"
    if (g.get("part") or "").lower() == "night":
        return d, d + ONE, "range"
    return d, d, "day"


def _h_past(g: dict[str, str | None], c: Ctx) -> Resolved:
    """"the past two weeks", "over the last month": from that long before the anchor to the anchor."""
    unit = (g["unit"] or "").lower().rstrip("s")
    n = 7 if g.get("few") and unit == "day" else 3 if g.get("few") else _num(g.get("n") or "1")
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
    return c.ref - days * ONE, c.ref, "range"


def _h_weekend(g: dict[str, str | None], c: Ctx) -> Resolved:
    """The weekend that began most recently on or before the anchor ("over the weekend"); "last
    weekend" on a Saturday or Sunday is the one before; with ``future`` the next one."""
    w = " ".join((g["w"] or "").lower().split())
    sat = c.ref - timedelta(days=(c.ref.weekday() - 5) % 7)
    if c.future and not w.startswith("last") and sat + ONE < c.ref:
        sat += 7 * ONE
    elif w.startswith("last") and c.ref.weekday() >= 5:
        sat -= 7 * ONE
    return sat, sat + ONE, "range"


def _h_since_start(g: dict[str, str | None], c: Ctx) -> Resolved:
    unit = (g["unit"] or "").lower()
    r = c.ref
    first = {"year": date(r.year, 1, 1), "month": r.replace(day=1), "week": r - timedelta(days=r.weekday())}[unit]
    return first, max(first, c.published), "range"


def _h_ago(g: dict[str, str | None], c: Ctx) -> Resolved:
    unit = (g["unit"] or "").lower().rstrip("s")
    few = g.get("few")
    n = 0 if few else _num(g["n"] or "1")
    if unit == "day":
        if few:
            return c.ref - 5 * ONE, c.ref - ONE, "range"
        return c.ref - n * ONE, c.ref - n * ONE, "day"
    if unit == "week":
        if few:
            return c.ref - 28 * ONE, c.ref - 14 * ONE, "range"
        mid = c.ref - 7 * n * ONE
        return mid - 3 * ONE, mid + 3 * ONE, "week"
    if unit == "month":
        y, m = divmod(c.ref.year * 12 + c.ref.month - 1 - (n or 3), 12)
        return date(y, m + 1, 1), _month_end(y, m + 1), "month"
    y = c.ref.year - (n or 3)
    return date(y, 1, 1), date(y, 12, 31), "year"


def _h_word(g: dict[str, str | None], c: Ctx) -> Resolved:
    w = " ".join((g["w"] or "").lower().split())
    r = c.ref
    monday = r - timedelta(days=r.weekday())
    if w in ("today", "this morning", "this afternoon", "this evening", "earlier today",
             "earlier in the day", "on the same day", "the same day", "that day"):
        return r, r, "day"
    if w == "tonight":
        return r, r + ONE, "range"
    if w in ("the day before yesterday",):
        return r - 2 * ONE, r - 2 * ONE, "day"
    if w.startswith("yesterday") or w in ("the day before", "the previous day", "a day earlier"):
        return r - ONE, r - ONE, "day"
    if w in ("the previous night", "the night before"):
        return r - ONE, r, "range"
    if w in ("the previous evening", "the evening before", "the previous morning"):
        return r - ONE, r - ONE, "day"
    if w in ("the next day", "the following day", "a day later"):
        return r + ONE, r + ONE, "day"
    if w in ("last night", "overnight", "in the past 24 hours", "in the last 24 hours",
             "over the past 24 hours", "over the last 24 hours", "during the night"):
        return r - ONE, r, "range"
    if w in ("in recent days", "in the past few days", "in the last few days", "over the past few days",
             "over the last few days", "over recent days"):
        return r - 7 * ONE, r, "range"
    if w in ("last week", "the previous week", "the week before"):
        return monday - 7 * ONE, monday - ONE, "week"
    if w in ("this week",):
        return monday, r, "week"
    if w == "earlier this week":
        return monday, max(monday, r - ONE), "range"
    first = r.replace(day=1)
    if w in ("last month", "the previous month", "the month before"):
        prev = first - ONE
        return prev.replace(day=1), prev, "month"
    if w == "this month":
        return first, r, "month"
    if w == "earlier this month":
        return first, max(first, r - ONE), "range"
    if w in ("last year", "the previous year", "the year before"):
        return date(r.year - 1, 1, 1), date(r.year - 1, 12, 31), "year"
    if w == "this year":
        return date(r.year, 1, 1), r, "year"
    if w == "earlier this year":
        return date(r.year, 1, 1), max(date(r.year, 1, 1), r - ONE), "range"
    return None


_Q = r"early|mid|late|(?:the\s+)?(?:first|second)\s+half\s+of|(?:the\s+)?(?:beginning|start|end)\s+of"
_DM = rf"(?P<dd>{_DAY})(?:\s+of)?\s+(?P<mm>{_MON})"
_MD = rf"(?P<m>{_MON})\s+(?P<d>{_DAY})"
#: Each pattern may start only where a word starts (not after a letter or digit): the finder drops
#: matches starting inside a word anyway, and most patterns open with optional words, so without the
#: guard every character of a text started a match attempt (2.5x slower, same matches).
PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(rf"(?<![^\W_])(?:{p})", re.IGNORECASE), h) for p, h in (
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
        (rf"(?:(?P<q>{_Q})[\s-]+)?(?P<m>{_MON}),?\s+(?P<y>{_YEAR})",
         _h_month_year),
        (rf"(?:(?P<prep>in|during|since|by|until|of|from)\s+(?:(?P<q>{_Q})[\s-]+)?|(?P<q2>{_Q})"
         rf"[\s-]+)(?P<m>{_MON})(?!\.?,?\s*\d)", _h_month),
        (rf"(?:between|from)\s+(?P<y>{_YEAR})\s+(?:and|to|until)\s+(?P<y2>{_YEAR})", _h_year),
        (rf"(?P<prep>in|since|during|until|till|by|of|from|before|after|throughout)\s+(?:the\s+year\s+|"
         rf"(?:early|mid|late)[\s-]+)?(?P<y>{_YEAR})(?![\d,]*\d|\s*(?:-|–)\s*\d)", _h_year),
        (r"(?:(?:in|during|since|by|until|of|from)\s+)?the\s+(?:early\s+|mid-?|late\s+)?(?P<dec>(?:1[89]|20)\d0)['’]?s",
         _h_decade),
        (rf"(?P<since>since\s+)?(?P<last>last\s+|this\s+past\s+|past\s+)?(?P<wd>{_WD}){_PART}", _h_weekday),
        (rf"(?:(?P<few>a\s+few|several|some)|(?P<n>{_NUM}))\s+(?P<unit>days?|weeks?|months?|years?)\s+"
         r"(?:ago|earlier|before)", _h_ago),
        (r"(?P<w>the\s+day\s+before\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?|today|"
         r"tonight|this\s+(?:morning|afternoon|evening|week|month|year)|earlier\s+(?:today|in\s+the\s+day|"
         r"this\s+(?:week|month|year))|last\s+(?:night|week|month|year)|overnight|during\s+the\s+night|"
         r"(?:in|over)\s+the\s+(?:past|last)\s+(?:24\s+hours|few\s+days)|(?:in|over)\s+recent\s+days|"
         r"the\s+(?:day|week|month|year)\s+before|the\s+previous\s+(?:day|week|month|year)|"
         r"a\s+day\s+(?:earlier|later)|the\s+(?:next|following)\s+day|(?:on\s+)?the\s+same\s+day|that\s+day|"
         r"the\s+previous\s+(?:night|evening|morning)|the\s+(?:night|evening)\s+before)",
         _h_word),
        (rf"(?:(?:in|over|during|within)\s+)?the\s+(?:past|last)\s+(?:(?P<few>few|several)\s+|(?P<n>{_NUM})\s+)?"
         r"(?P<unit>days?|weeks?|months?|years?)(?!\w)", _h_past),
        (r"(?P<w>(?:over|at|during)\s+the|last|this|this\s+past)\s+weekend", _h_weekend),
        (r"since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+(?P<unit>year|month|week)", _h_since_start),
    ))
