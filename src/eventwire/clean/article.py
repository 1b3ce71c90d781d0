"""``clean``: a Document becomes an Article with cleaned text, offsets and metadata.

Given metadata wins; otherwise each field takes the strongest evidence the text offers (see
:func:`clean` for the order). Every value found in the text is recorded in ``meta_sources`` with
its raw span.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from ..errors import NoArticleError
from ..model import Article, Document, MetaSource
from .dates import MONTH, full_dates, infer_year, parse_date, parse_month_day
from .hygiene import assemble, content_id, split_lines
from .lines import parse_byline
from .outlets import (
    could_be_outlet,
    institution_from_headline,
    known_outlet,
    looks_like_outlet,
    outlet_from_handle,
    outlet_from_url,
)
from .zones import Evidence, Zones, raw_span, split_zones

log = logging.getLogger(__name__)

_PLACE = r"[A-Z][A-Z'’.\-]*(?:\s+[A-Z][A-Z'’.\-]*)*"
DATELINE = re.compile(
    rf"^(?P<place>{_PLACE}(?:\s*/\s*{_PLACE})*)"
    rf"(?:,\s*(?P<region>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?"
    rf"(?:,\s*(?P<md>(?i:{MONTH})\s*\d{{1,2}}|\d{{1,2}}\s+(?i:{MONTH}))(?:,\s*(?P<year>\d{{4}}))?)?"
    # endings: "(Outlet) —", "—", ". /TASS/.", ", ARMENPRESS.", or a period after the date
    rf"(?:\s*\((?P<outlet>[^()]{{2,60}})\)\s*(?:—|–|--|-|:)\s+"
    rf"|\s*(?:—|–|--|-)\s+"
    rf"|(?<=\d)\.\s*/(?P<slash>[A-Za-z -]{{2,30}})/\.?\s+"
    rf"|(?<=\d),\s*(?P<tail>[A-Z][A-Z-]{{2,30}})\.\s+"
    rf"|(?<=\d)\.\s+(?=[A-Z\"“]))")
DATELINE_NO_PLACE = re.compile(  # "June 13 (Reuters) - "
    rf"^(?P<md>{MONTH}\s*\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?\s*\((?P<outlet>[^()]{{2,60}})\)"
    rf"\s*(?:—|–|--|-|:)\s+")
_REPORTS = re.compile(
    r"(?:^|[,;]\s+|\.\s+)(?P<name>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
    r"\s+(?:reports|reported)\b(?=\s*(?:[,.;]|$|via\b|citing\b|quoting\b|with reference\b))")


def _dateline(zones: Zones, raw: str) -> tuple[Evidence | None, tuple[int, int] | None, int | None]:
    """Dateline evidence from the first body line: place, (month, day), explicit year."""
    if not zones.body:
        return None, None, None
    line = zones.body[0]
    m = DATELINE.match(line.text) or DATELINE_NO_PLACE.match(line.text)
    if m is None:
        return None, None, None
    for group in ("outlet", "slash", "tail"):
        if m.groupdict().get(group):
            zones.evidence.append(Evidence(field="outlet", how="dateline", value=m.group(group),
                                           span=raw_span(line, m.start(group), m.end(group), raw)))
    place = None if not m.groupdict().get("place") else Evidence(
        field="dateline", how="dateline", value=m.group("place"),
        span=raw_span(line, m.start("place"), m.end("place"), raw))
    by = parse_byline(line.text[m.end():])
    if by is not None and not zones.of("byline"):  # "GOMA, Feb 8 (Outlet) — By Jane Doe"
        zones.evidence.append(Evidence(field="byline", how="dateline", value=by.names,
                                       span=raw_span(line, m.end() + by.start, m.end() + by.end,
                                                     raw)))
    md = parse_month_day(m.group("md")) if m.group("md") else None
    if md is not None:
        zones.evidence.append(Evidence(field="published", how="dateline", value=m.group("md"),
                                       span=raw_span(line, m.start("md"), m.end("year") if
                                                     m.group("year") else m.end("md"), raw)))
    return place, md, int(m.group("year")) if m.group("year") else None


def _reports(zones: Zones, raw: str) -> None:
    """Outlets named in attributions such as "..., Azernews reports via the ministry"."""
    for line in zones.body[:8]:
        for m in _REPORTS.finditer(line.text):
            name = m.group("name")
            if looks_like_outlet(name) or (m.group(0)[:1] in ",;" and could_be_outlet(name)):
                zones.evidence.append(Evidence(field="outlet", how="text", value=name,
                                               span=raw_span(line, m.start("name"), m.end("name"),
                                                             raw)))


def _pick_outlet(zones: Zones, doc: Document, title: str | None,
                 body: str) -> tuple[str | None, MetaSource | None]:
    if doc.meta.outlet:
        return doc.meta.outlet, MetaSource(field="outlet", how="given")
    for how in ("dateline", "masthead", "byline", "signoff", "footer", "copyright", "text", "label"):
        found = zones.of("outlet", how)
        if found:
            value = _best_casing(found[0].value, zones.evidence)
            return value, MetaSource(field="outlet", how=how, span=found[0].span)
    for e in zones.of("outlet", "handle"):
        return outlet_from_handle(e.value, body), MetaSource(field="outlet", how="handle", span=e.span)
    if doc.meta.url and (name := outlet_from_url(doc.meta.url)):
        return name, MetaSource(field="outlet", how="url")
    if title and (name := institution_from_headline(title)):
        return name, MetaSource(field="outlet", how="title", span=zones.of("title")[0].span
                                if zones.of("title") else None)
    return None, None


def _best_casing(value: str, evidence: list[Evidence]) -> str:
    """Prefer a mixed-case spelling of the same name ("NNN-Bernama" over "NNN-BERNAMA")."""
    if not value.isupper() or len(value) <= 4:
        return value
    for e in evidence:
        if e.field == "outlet" and e.value.casefold() == value.casefold() and not e.value.isupper():
            return e.value
    entry = known_outlet(value)
    return entry.name if entry is not None else value


def _pick_published(zones: Zones, doc: Document, md: tuple[int, int] | None, year: int | None,
                    today: date) -> tuple[date | None, MetaSource | None]:
    if doc.meta.published and (given := parse_date(doc.meta.published)) is not None:
        return given, MetaSource(field="published", how="given")
    for how in ("header", "footer"):
        stamps = [e for e in zones.of("published", how) if e.day is not None]
        if md is not None:
            # a stamp far from the dateline's own day is a page or crawl stamp
            stamps = [e for e in stamps if e.day is not None and _near(e.day, md)]
        if stamps:
            # a crawl or "updated" stamp is never earlier than the article's own date
            best = min(stamps, key=lambda e: e.day or date.max)
            return best.day, MetaSource(field="published", how=how, span=best.span)
        if how == "header" and md is not None:
            span = zones.of("published", "dateline")[0].span
            if year is None:
                year, rule = infer_year(md[0], md[1], doc.raw_text[:zones.own_end], today)
                log.debug("%s: dateline year %d from %s", doc.name, year, rule)
            try:
                return date(year, *md), MetaSource(field="published", how="dateline", span=span)
            except ValueError:
                log.warning("%s: impossible dateline date %s-%s", doc.name, year, md)
    if zones.body:
        first = zones.body[0]
        sentence = re.split(r"(?<=[.!?])\s", first.text, maxsplit=1)[0]
        found = full_dates(sentence)
        if found:
            d, s, e = found[0]
            return d, MetaSource(field="published", how="first sentence",
                                 span=raw_span(first, s, e, doc.raw_text))
    return None, None


def _near(day: date, md: tuple[int, int]) -> bool:
    """True if ``day`` is within a day of month-day ``md`` (time zones shift datelines)."""
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            if abs((day - date(year, *md)).days) <= 1:
                return True
        except ValueError:
            continue
    return False


def clean(doc: Document, *, today: date | None = None) -> Article:
    """Clean ``doc`` into an Article: normalised body text, offsets to the raw text, metadata.

    Pure apart from ``today`` (default: the current date), which only bounds the year guessed for a
    dateline that has none and no other evidence. Precedence per field: given metadata, then
    title: the header's headline; published: the earliest header date stamp (a page or crawl stamp
    is later), a dateline day (year from the article's dates), a footer stamp, a full date in the
    first sentence; byline: header, body, footer bylines; outlet: dateline, masthead, sign-off,
    footer name, copyright holder, "X reports" in the text, a "Follow us @handle" footer, the URL's
    domain, the institution a press release's headline names.

    Raises NoArticleError when nothing but page furniture (or nothing at all) is left.
    """
    today = today or date.today()
    raw = doc.raw_text
    zones = split_zones(split_lines(raw), raw)
    text, offsets = assemble(zones.body, len(raw))
    if not text:
        raise NoArticleError(doc.source, "no article text left after removing page furniture")
    sources: list[MetaSource] = []

    def note(source: MetaSource | None) -> None:
        if source is not None:
            sources.append(source)

    title = doc.meta.title or (zones.title.text if zones.title else None)
    note(MetaSource(field="title", how="given") if doc.meta.title else
         _source([e for e in zones.of("title") if e.value == title][:1], "title"))
    place, md, year = _dateline(zones, raw)
    if place is not None:
        note(MetaSource(field="dateline", how="dateline", span=place.span))
    _reports(zones, raw)
    outlet, how = _pick_outlet(zones, doc, title, text)
    note(how)
    published, how = _pick_published(zones, doc, md, year, today)
    note(how)
    bylines = zones.of("byline")
    byline = doc.meta.byline or (bylines[0].value if bylines else None)
    note(MetaSource(field="byline", how="given") if doc.meta.byline else
         _source(bylines[:1], "byline"))
    return Article(id=content_id(text), name=doc.name, source=doc.source, fmt=doc.fmt, raw_text=raw,
                   text=text, offsets=offsets, title=title, outlet=outlet, byline=byline,
                   url=doc.meta.url, published=published,
                   dateline=place.value if place is not None else None,
                   language=doc.meta.language or "en", meta_sources=tuple(sources))


def _source(found: list[Evidence], field: str) -> MetaSource | None:
    return MetaSource(field=field, how=found[0].how, span=found[0].span) if found else None

