"""Finding and parsing the dates that decide an article's publication day.

Candidate spans are found with our own patterns (cheap), then parsed with dateparser, whose calls
are cached because each costs about a millisecond. Years missing from a dateline ("KYIV, April 4")
are inferred from the article's other dates, its copyright year, and the weekdays it mentions.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

log = logging.getLogger(__name__)

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
FULL_DATE = re.compile(
    rf"(?=[\dJFMASONDTWjfmasond])\b(?:(?P<iso>\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}})(?=T\d|\b)"
    rf"|(?:(?:{_WEEKDAY},?\s+)?(?:\d{{1,2}}{_ORD}\s+(?i:{MONTH}),?\s+\d{{4}}"
    rf"|(?i:{MONTH})\s+\d{{1,2}}{_ORD},?\s+\d{{4}})"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})\b)")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?(\d{4})", re.IGNORECASE)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_STATEMENT_WEEKDAY = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|stated|added|declared)\b[^.;]{0,60}?\bon ("
    + "|".join(WEEKDAYS) + r")\b|\bon (" + "|".join(WEEKDAYS)
    + r")\b[^.;]{0,120}?\b(?:said|told|announced|reported|confirmed|stated|declared)\b",
    re.IGNORECASE)
_NUMERIC = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_LEAP_BASE = datetime(2024, 1, 1)  # a leap year, so "Feb 29" parses
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
             "REQUIRE_PARTS": ["day", "month", "year"]}


@lru_cache(maxsize=4096)
def parse_date(text: str) -> date | None:
    """Parse one date expression with a day, month and year; None if it is not one."""
    text = text.strip()
    numeric = _NUMERIC.fullmatch(text)
    if numeric is not None:  # our own rule: dateparser would read 09/29/2022 as invalid DMY
        a, b, c = (int(g) for g in numeric.groups() if g is not None)
        year, month, day = (a, b, c) if a > 31 else (c, b, a) if a > 12 or b <= 12 else (c, a, b)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser warns about its own pytz/regex internals
        parsed = dateparser.parse(text, languages=["en"], settings=_SETTINGS)  # type: ignore[arg-type]
    return parsed.date() if parsed is not None else None


@lru_cache(maxsize=1024)
def parse_month_day(text: str) -> tuple[int, int] | None:
    """Month and day of an expression like "Sept 14" or "4 April" (the year is ignored)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(text, languages=["en"],
                                  settings={"REQUIRE_PARTS": ["day", "month"],
                                            "RELATIVE_BASE": _LEAP_BASE})  # type: ignore[arg-type]
    return (parsed.month, parsed.day) if parsed is not None else None



def full_dates(text: str) -> list[tuple[date, int, int]]:
    """Every day-month-year date written in ``text``, with its character span."""
    found = []
    for m in FULL_DATE.finditer(text):
        d = parse_date(m.group(0))
        if d is not None:
            found.append((d, m.start(), m.end()))
    return found


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def year_from_dates(month: int, day: int, dates: Sequence[date]) -> int | None:
    """Year of a dateline day, from the full dates of its article.

    An article is not dated before the events it reports: take the most recent full date ``d``
    whose year puts the dateline day on or after ``d``. When every date lies after the dateline
    day in its own year, the latest date is either a forward-looking mention (dateline within 120
    days before it: same year) or the dateline is early next year.
    """
    if not dates:
        return None
    for d in sorted(set(dates), reverse=True):
        c = _safe(d.year, month, day)
        if c is not None and c >= d:
            return d.year
    latest = max(dates)
    c = _safe(latest.year, month, day)
    if c is not None and (latest - c) <= timedelta(days=120):
        return latest.year
    return latest.year + 1


def dateline_weekday(text: str) -> int | None:
    """The weekday (0 = Monday) the article's weekday mentions point to as its own day, if clear.

    Wire copy names the days of the past week by weekday, the report's own day included. The
    mentioned weekdays therefore fill a window ending on the dateline day: the day just before the
    largest gap in the weekly cycle. Statements ("said on Monday") are tried first, since the
    latest statement is usually the day of the report; an ambiguous cycle gives None.
    """
    statements = {(m.group(1) or m.group(2)).lower() for m in _STATEMENT_WEEKDAY.finditer(text)}
    for names in (statements, {m.group(1).lower() for m in _WEEKDAY_RE.finditer(text)}):
        days = sorted(WEEKDAYS.index(n) for n in names)
        if not days:
            continue
        if len(days) == 1:
            return days[0]
        gaps = [((days[(k + 1) % len(days)] - d) % 7, d) for k, d in enumerate(days)]
        widest = max(g for g, _ in gaps)
        ends = [d for g, d in gaps if g == widest]
        if len(ends) == 1:
            return ends[0]
    return None


def infer_year(month: int, day: int, text: str, today: date) -> tuple[int, str]:
    """Year of a dateline day without one, and the rule that gave it.

    In order: the article's full dates (see :func:`year_from_dates`), a copyright year, then the
    years from the latest year the text mentions up to ``today`` whose calendar puts the day on the
    weekday the text points to (:func:`dateline_weekday`), the latest such year first; else the
    nearest year not after ``today``.
    """
    year = year_from_dates(month, day, [d for d, _, _ in full_dates(text)])
    if year is not None:
        return year, "full dates in the text"
    copyright_years = [int(m.group(1)) for m in COPYRIGHT_YEAR.finditer(text)]
    if copyright_years:
        return max(copyright_years), "copyright year"
    mentioned = [int(y) for y in YEAR.findall(text) if int(y) <= today.year]
    floor = max(mentioned, default=today.year - 30)
    weekday = dateline_weekday(text)
    if weekday is not None:
        for y in range(today.year, floor - 1, -1):
            c = _safe(y, month, day)
            if c is not None and c <= today and c.weekday() == weekday:
                return y, "weekdays mentioned in the text"
    c = _safe(today.year, month, day)
    return (today.year if c is not None and c <= today else today.year - 1), "nearest past year"
