"""What a single normalised line is: boilerplate, a date stamp, a byline, a masthead, a headline.

Every test here looks at one line alone (never at its neighbours), which is what makes cleaning
idempotent: a line kept once is kept again when the cleaned text is cleaned a second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import FULL_DATE, MONTH, parse_date
from .lexicon import boilerplate
from .outlets import looks_like_outlet, masthead_name

_SEPARATORS = re.compile(r"\s+(?:\||—|–|-{1,2}|·|•)\s+")
_STAMP_NOISE = re.compile(
    rf"(?:\b(?:date|dated|published|posted|updated|last updated|modified|on|at|time|gmt|utc|am|pm"
    rf"|a\.m\.|p\.m\.|(?:mon|tues|wednes|thurs|fri|satur|sun)day|{MONTH}|\d{{4}})\b"
    rf"|\bT\d{{2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?"
    rf"|\(?(?:utc|gmt)\s*[+-−]\s*\d{{1,2}}(?::?\d{{2}})?\)?|\d{{1,2}}:\d{{2}}(?::\d{{2}})?|[\W_])",
    re.IGNORECASE)
_SHORT_YEAR = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{2})\b")
_BY = re.compile(r"^(?:(?:(?:written|words|text|story)\s+)?by|authors?\s*:)\s+(?=\S)", re.IGNORECASE)
_NAME_CONNECTORS = {"and", "&", ",", "al", "al-", "bin", "ibn", "de", "del", "della", "da", "dos",
                    "van", "von", "der", "den", "le", "la", "du", "el", "di", "ter"}
_NAME_TAIL = re.compile(r"^(?:,|\bin\b|\bfor\b|\bat\b|\bfrom\b|\(|\|)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s,&]+|,|&")
_SENTENCE_END = re.compile(r"""(?:[.,;:]|[.!?,]["”'’])$""")
_LABEL = re.compile(r"[A-Z][\w&’'-]{1,24}")
_STARTS_OK = re.compile(r"""^[\w"“‘'(]""")
# "GOMA, Feb 8 (Outlet) — ...": a dateline opens the body even when a byline trails it
_DATELINE_OPEN = re.compile(
    rf"^[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+)*,\s*(?i:{MONTH})\.?\s*\d{{1,2}}"
    rf"(?:,\s*\d{{4}})?\s*\([^()]{{2,60}}\)\s*(?:—|–|--|-|:)\s+")


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline's names (as written, "and" kept) and the part of the line they occupy."""

    names: str
    start: int
    end: int


_FURNITURE_MAX = 300  # page furniture is short; longer lines are never tested against patterns


def is_boilerplate(text: str) -> bool:
    """A line that is page furniture wherever it stands (share prompts, breadcrumbs, ...)."""
    return len(text) <= _FURNITURE_MAX and any(p.fullmatch(text) for p in boilerplate().lines)


def is_block_heading(text: str) -> bool:
    """A heading that introduces other articles' teasers ("Related Articles")."""
    return len(text) <= 100 and any(p.fullmatch(text) for p in boilerplate().blocks)


def is_footer_line(text: str) -> bool:
    """A line that closes an article: copyright, sign-off, credits."""
    return len(text) <= 200 and any(p.fullmatch(text) for p in boilerplate().footer)


def find_byline(text: str) -> Byline | None:
    """A byline starting anywhere in a stamp line ("Posted on March 3, 2023 by Jane Doe")."""
    m = re.search(r"\bby\s+[A-Z]", text)
    if m is None:
        return None
    found = parse_byline(text[m.start():])
    if found is None:
        return None
    return Byline(names=found.names, start=found.start + m.start(), end=found.end + m.start())


def parse_byline(text: str) -> Byline | None:
    """The names of a byline such as "By Nour Haddad and Eitan Gold, Staff Writer".

    Names are runs of capitalised words joined by "and", "&" or commas; a trailing role or outlet
    after a comma, "in", "for", "|" is not part of it. "By the way, ..." is no byline.
    """
    m = _BY.match(text)
    if m is None:
        return None
    rest = text[m.end():]
    tokens = list(_TOKEN.finditer(rest))
    end = 0
    words = 0
    for tok in tokens:
        word = tok.group(0)
        if word.lower() in _NAME_CONNECTORS:
            continue
        if word[0].isupper() and (word[0].isalpha() or word[0] in "'’") and len(word) < 30:
            end = tok.end()
            words += 1
            continue
        break
    if words == 0 or words > 10:
        return None
    names = _drop_roles(rest[:end])
    tail = rest[end:].strip()
    if tail and not _NAME_TAIL.match(tail):
        return None
    if not any(c.islower() for c in names) and len(names) > 3:
        names = names.title()
    start = m.end() + rest.index(names[:1]) if names else m.end()
    return Byline(names=names, start=start, end=start + len(names))


def _drop_roles(names: str) -> str:
    """Names without comma-separated roles or outlets ("Jane Doe, Staff Writer" -> "Jane Doe")."""
    kept: list[str] = []
    for part in names.split(","):
        words = {w.lower() for w in re.findall(r"\w+", part)}
        if kept and (words & boilerplate().roles or looks_like_outlet(part)):
            break
        kept.append(part)
    joined = ",".join(kept).strip(" ,&")
    return re.sub(r"\s*(?:,|\band\b|&)\s*$", "", joined)


def stamp_date(text: str) -> date | None:
    """The date of a line that is only a date stamp ("13 January 2022 12:32 (UTC+04:00)",
    " date 2022-09-14 ...", "Published: 29/09/2022 - 11:48", "Saturday June 22 2024")."""
    if len(text) > 120:
        return None
    dates = list(FULL_DATE.finditer(text))
    if not dates:
        short = _SHORT_YEAR.search(text)  # "13:21, 13.09.22" stamps of some news sites
        if short is None or _STAMP_NOISE.sub("", _SHORT_YEAR.sub(" ", text)).strip():
            return None
        day, month, year = (int(g) for g in short.groups())
        try:
            return date(2000 + year, month, day)
        except ValueError:
            return None
    rest = FULL_DATE.sub(" ", text)
    rest = re.sub(r"\bby\s+[A-Z].*$", " ", rest)  # "Posted on March 3, 2023 by Jane Doe"
    if _STAMP_NOISE.sub("", rest).strip():
        return None
    return parse_date(dates[0].group(0))


def split_parts(text: str) -> list[str]:
    """The parts of a line joined by separators ("Caspian Herald | Baku")."""
    return [p for p in _SEPARATORS.split(text) if p]


def is_headline(text: str) -> bool:
    """A line shaped like a headline: 2-30 words, no sentence-final punctuation."""
    words = text.split()
    return (2 <= len(words) <= 30 and len(text) <= 250 and _STARTS_OK.match(text) is not None
            and _SENTENCE_END.search(text) is None and any(c.isalpha() for c in text))


def header_kind(text: str) -> str | None:
    """What a header-zone line is: 'date', 'byline', 'masthead', 'headline', 'label' or None (body).

    A line made of separated parts ("By Jane Doe | Outlet", "Outlet | February 20, 2021",
    "Outlet — News from the region") counts when its first part is a byline, date or outlet name.
    """
    if _DATELINE_OPEN.match(text):
        return None
    if stamp_date(text) is not None:
        return "date"
    by = parse_byline(text)
    if by is not None and _byline_line(text, by):
        return "byline"
    parts = split_parts(text)
    first = parts[0]
    if looks_like_outlet(first) and len(text.split()) <= 15 and not _SENTENCE_END.search(text):
        return "masthead"
    if len(parts) > 1:
        if stamp_date(first) is not None or parse_byline(first) is not None:
            return "date" if stamp_date(first) is not None else "byline"
        if masthead_name(first) and any(stamp_date(p) is not None for p in parts[1:]):
            return "date"  # "Publisher Name | City | 4 June 2023"
    if is_headline(text):
        return "headline"
    if _LABEL.fullmatch(text):
        return "label"  # a section label above the headline ("World", "Europe")
    return None


def _byline_line(text: str, by: Byline) -> bool:
    """True when the byline fills the line apart from a short role/outlet tail."""
    tail = text[by.end:].strip(" ,|—–-")
    return len(tail.split()) <= 6 and not tail.endswith(".")
