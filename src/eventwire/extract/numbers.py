"""Counts of people stated in running text: "50", "1,900", "forty-two", "six to eight",
"between 200 and 300", "at least 70", "more than 1,000".

:func:`find_quantities` returns every cardinal figure that could be a head count, with its
qualifier and range, and leaves out what is plainly not one: years, money, percentages, ages, clock
times, measures ("30 km", "72 hours"), ordinals ("43rd") and labels ("resolution 2334", "clause 9").
Vague quantities ("dozens", "scores", "hundreds", "a dozen") are not figures and are never returned.
Number words are converted with text2num (``text_to_num.text2num``), which reads "six to eight" as
two numbers where word2number would add them up.

Offsets are into the string given, half-open. ``low <= high`` always holds.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from text_to_num import text2num

log = logging.getLogger(__name__)

QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "at_most", "about", "range")

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ("hundred", "thousand", "million")
_NUMBER_WORDS = frozenset(_UNITS + _TENS + list(_SCALES))

# Phrase before a figure -> how the figure was stated. Longest phrases first (regex alternation).
_QUALIFIER_PHRASES: dict[str, str] = {
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "more than": "at_least", "over": "at_least", "well over": "at_least",
    "just over": "at_least", "upwards of": "at_least", "in excess of": "at_least",
    "a minimum of": "at_least",
    "up to": "at_most", "at most": "at_most", "as many as": "at_most", "nearly": "at_most",
    "almost": "at_most", "fewer than": "at_most", "less than": "at_most", "just under": "at_most",
    "under": "at_most", "close to": "about",
    "about": "about", "around": "about", "roughly": "about", "some": "about",
    "approximately": "about", "an estimated": "about", "estimated": "about", "an approximate": "about",
    "a reported": "about", "some estimated": "about",
}
_QUAL_RE = re.compile(
    r"(?:^|(?<=[\s(\"“]))(?P<q>" + "|".join(sorted((re.escape(k) for k in _QUALIFIER_PHRASES), key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)

_DIGITS = re.compile(
    r"(?<![\w.,$€£¥#/:])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w%]|[.,:]\d)"
    r"(?:\s+(?P<scale>million|thousand))?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")

# What follows a figure that makes it something other than a head count.
_NOT_COUNT_AFTER = re.compile(
    r"^(?:\s*(?:%|per\s?cent|percent)|-?\s*(?:year|month|week|day|hour|minute)s?[-\s]old|"
    r"\s*-\s*[a-z]|\s*(?:years?\s+old|a\.?m\b|p\.?m\b|gmt|utc|bc|ad\b)|"
    r"\s+(?:km|kms|kilometres?|kilometers?|miles?|metres?|meters?|m\b|cm|mm|kg|tonnes?|tons?|"
    r"feet|ft|hectares?|acres?|degrees?|hours?|days?|weeks?|months?|years?|minutes?|seconds?|"
    r"times|dollars?|euros?|pounds|pesos?|rupees?|roubles?|rubles?|yuan|shillings?|naira|"
    r"dinars?|riyals?|manats?|drams?|hryvnias?|francs?|billion|trillion|bn)\b)",
    re.IGNORECASE,
)
# What precedes a figure that makes it an age, a price, a label or a date.
_NOT_COUNT_BEFORE = re.compile(
    r"(?:[$€£¥]\s*|\b(?:aged|ages?(?:\s+of)?|no\.|number|resolution|resolutions|article|clause|"
    r"paragraph|section|chapter|page|flight|route|highway|road|rule|point|level|grade|category|"
    r"magnitude|sector|block|building|unit|room|phase|round|version|usd|eur|rub)\s+(?:between\s+)?)$",
    re.IGNORECASE,
)
_AGE_RANGE_BEFORE = re.compile(r"\bage[sd]?\s+(?:of\s+)?(?:between\s+)?\w+\s+(?:and|to|-)\s*$", re.IGNORECASE)
_MONTH_BEFORE = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?:\d{1,2},?\s+)?$"
)
_MONTH_AFTER = re.compile(
    r"^\s+(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A stated figure: ``[start, end)`` covers qualifier and number(s); ``low``..``high`` inclusive.

    ``qualifier`` is one of QUALIFIERS; ``num_start`` is where the first number itself begins.
    ``year_like`` marks a bare four-digit 1900-2100 figure that might be a year.
    """

    start: int
    end: int
    num_start: int
    low: int
    high: int
    qualifier: str
    text: str
    year_like: bool = False


@dataclass(frozen=True, slots=True)
class _Num:
    start: int
    end: int
    value: int
    year_like: bool


def _word_numbers(text: str) -> list[_Num]:
    """Runs of number words ("forty-two", "one hundred and five") converted with text2num."""
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    out: list[_Num] = []
    i = 0
    while i < len(words):
        if words[i][2] not in _NUMBER_WORDS:
            i += 1
            continue
        j = i + 1
        while j < len(words):
            gap = text[words[j - 1][1]:words[j][0]]
            w = words[j][2]
            if w in _NUMBER_WORDS and gap in (" ", "-"):
                j += 1
            elif (w == "and" and words[j - 1][2] in _SCALES and j + 1 < len(words)
                  and words[j + 1][2] in _NUMBER_WORDS and gap == " "):
                j += 2
            else:
                break
        out.extend(_convert_words(text, words[i:j]))
        i = j
    return out


def _convert_words(text: str, run: list[tuple[int, int, str]]) -> list[_Num]:
    phrase = text[run[0][0]:run[-1][1]]
    if all(w in _SCALES for _, _, w in run):
        return []  # "hundreds", "thousand" alone: not a figure
    try:
        return [_Num(run[0][0], run[-1][1], int(text2num(phrase.lower(), "en")), False)]
    except ValueError:
        # text2num rejects juxtaposed numbers ("six eight"); read each word alone instead.
        out = []
        for s, e, w in run:
            if w not in _SCALES:
                out.append(_Num(s, e, int(text2num(w, "en")), False))
        return out


def _digit_numbers(text: str) -> list[_Num]:
    out = []
    for m in _DIGITS.finditer(text):
        raw = m.group("n").replace(",", "")
        value = float(raw)
        scale = (m.group("scale") or "").lower()
        value *= {"million": 1_000_000, "thousand": 1_000}.get(scale, 1)
        if value != int(value):
            continue
        year_like = not scale and "," not in m.group("n") and len(raw) == 4 and 1900 <= value <= 2100
        out.append(_Num(m.start(), m.end(), int(value), year_like))
    return out


def _is_count(text: str, n: _Num) -> bool:
    before, after = text[:n.start], text[n.end:]
    if _NOT_COUNT_AFTER.match(after) or _NOT_COUNT_BEFORE.search(before[-40:]):
        return False
    if n.value <= 31 and (_MONTH_BEFORE.search(before[-20:]) or _MONTH_AFTER.match(after)):
        return False  # a day of the month
    if _MONTH_BEFORE.search(before[-20:]) and n.year_like:
        return False
    if re.match(r"^\s*(?:st|nd|rd|th)\b", after):
        return False
    if _AGE_RANGE_BEFORE.search(before[-40:]):
        return False  # the upper end of "aged between 17 and 25"
    return True


def find_quantities(text: str) -> list[Quantity]:
    """Every plausible head-count figure in ``text``, in text order, ranges merged.

    "between 10,000 and 15,000" and "six to eight" (second figure larger) become one range
    quantity; "rose from 24 to 46" does not (it is two figures). A qualifier phrase right before the
    figure ("at least", "more than", "about", "up to", "as many as" ...) is included in the span.
    """
    nums = sorted(_digit_numbers(text) + _word_numbers(text), key=lambda n: n.start)
    nums = [n for n in nums if _is_count(text, n)]
    out: list[Quantity] = []
    i = 0
    while i < len(nums):
        a = nums[i]
        start, end, low, high, qual = a.start, a.end, a.value, a.value, "exact"
        merged = False
        if i + 1 < len(nums):
            b = nums[i + 1]
            gap = text[a.end:b.start].strip().lower()
            prev = text[:a.start].rstrip().lower()
            if b.value > a.value and (
                (gap == "and" and prev.endswith("between"))
                or (gap in ("to", "-", "–", "or") and not prev.endswith("from"))
            ):
                end, high, qual, merged = b.end, b.value, "range", True
                if gap == "and":
                    start = text.lower().rfind("between", 0, a.start)
        m = _QUAL_RE.search(text[max(0, start - 25):start])
        if m and not merged:
            qual = _QUALIFIER_PHRASES[m.group("q").lower()]
            start = max(0, start - 25) + m.start("q")
        out.append(Quantity(start=start, end=end, num_start=a.start, low=low, high=high,
                            qualifier=qual, text=text[start:end], year_like=a.year_like and not merged))
        i += 2 if merged else 1
    return out
