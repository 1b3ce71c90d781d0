"""Which lines are body text: boilerplate, teaser blocks, header and footer zones are removed,
and what they said about the article (title, date stamps, bylines, outlet names) is kept as
evidence with raw-text spans.

Order: teaser blocks near the end are cut; boilerplate and standalone byline lines go wherever they
are; header lines (date stamps, mastheads, the headline and its repeats) are consumed from the top
and footer lines from the bottom; the last line and the first body line are never consumed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..model import Span
from .hygiene import Line
from .lexicon import boilerplate
from .lines import (
    Byline,
    find_byline,
    header_kind,
    is_block_heading,
    is_boilerplate,
    is_footer_line,
    parse_byline,
    split_parts,
    stamp_date,
)
from .outlets import looks_like_outlet, masthead_name

_HEADER_LIMIT = 12  # a header zone longer than this is not a header
_TITLE_WORDS = 5  # headline candidates shorter than this are topic labels when a longer one exists
_STANDFIRST_WORDS = 60
_HANDLE = re.compile(r"@(\w{2,30})")
_FOLLOW_US = re.compile(r"(?:follow|join|find|like)\s+us\b", re.IGNORECASE)
_SIGN_OFF = re.compile(r"^(?:—|–|-{1,2})\s*")
_COPYRIGHT = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*)+(?:\d{4}\s*[-–]\s*)?(?:\d{4})?\s*[,.]?\s*", re.IGNORECASE)
_SOURCE = re.compile(r"sources?\s*:\s*(.+?)(?:\s+and\s+(?:news\s+)?agencies)?\.?$", re.IGNORECASE)
_RIGHTS = re.compile(r"[.,]?\s*all rights reserved\.?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of metadata found in the text: field, value, how it was found, raw span."""

    field: str
    how: str
    value: str
    span: Span | None = None
    day: date | None = None


@dataclass(slots=True)
class Zones:
    """The body lines left after cleaning and the evidence the removed lines carried."""

    body: list[Line]
    evidence: list[Evidence] = field(default_factory=list)
    title: Line | None = None
    own_end: int = 0  # raw offset where other articles' teasers begin (else the raw length)

    def of(self, name: str, how: str | None = None) -> list[Evidence]:
        """Evidence for field ``name`` (optionally only of one ``how``), in text order."""
        return [e for e in self.evidence if e.field == name and (how is None or e.how == how)]


def raw_span(line: Line, start: int, end: int, raw: str) -> Span:
    """Raw span of the line-local range ``[start, end)``."""
    def to_raw(i: int) -> int:
        best = line.start
        for c, r, n in line.runs:
            if c <= i:
                best = r + min(i - c, n)
        return best
    s = to_raw(start)
    e = max(s, to_raw(max(start, end - 1)) + 1) if end > start else s
    return Span(start=s, end=e, text=raw[s:e])


def _part_span(line: Line, part: str, raw: str) -> Span:
    at = line.text.find(part)
    return raw_span(line, max(0, at), max(0, at) + len(part), raw)


def _byline_evidence(zones: Zones, line: Line, by: Byline, how: str, raw: str) -> None:
    """A byline's names; "By Reuters" names the outlet and "By Staff Reporter" nobody."""
    span = raw_span(line, by.start, by.end, raw)
    words = by.names.split()
    if {w.lower() for w in re.findall(r"\w+", by.names)} <= boilerplate().roles:
        return
    if len(words) > 1 and words[-1].lower() in boilerplate().roles:  # "By Asbarez Staff"
        zones.evidence.append(Evidence(field="outlet", how="byline", value=" ".join(words[:-1]),
                                       span=span))
    elif looks_like_outlet(by.names):
        zones.evidence.append(Evidence(field="outlet", how="byline", value=by.names, span=span))
    else:
        zones.evidence.append(Evidence(field="byline", how=how, value=by.names, span=span))
    tail = line.text[by.end:].strip(" ,;|—–-")
    if tail and looks_like_outlet(tail):  # "By Jane Doe, Reuters"
        zones.evidence.append(Evidence(field="outlet", how="byline", value=tail,
                                       span=_part_span(line, tail, raw)))


def _record_header(zones: Zones, line: Line, kind: str, raw: str, how: str) -> None:
    """Record what a header (or footer) line says about the article."""
    text = line.text
    parts = split_parts(text)
    for part in parts:
        day = stamp_date(part)
        by = parse_byline(part)
        if day is not None:
            zones.evidence.append(Evidence(field="published", how=how, value=day.isoformat(),
                                           span=_part_span(line, part, raw), day=day))
            found = find_byline(part)
            if found is not None:
                offset = text.find(part)
                _byline_evidence(zones, line, Byline(found.names, found.start + offset,
                                                     found.end + offset), how, raw)
        elif by is not None:
            offset = text.find(part)
            _byline_evidence(zones, line, Byline(by.names, by.start + offset, by.end + offset),
                             how, raw)
        elif looks_like_outlet(part) and (part is parts[0] or kind != "headline") or (
                kind == "date" and part is parts[0] and len(parts) > 1 and len(part.split()) > 1
                and masthead_name(part)):  # "Publisher Name | City | 4 June 2023"
            zones.evidence.append(Evidence(field="outlet", how="masthead" if how == "header"
                                           else "footer", value=part,
                                           span=_part_span(line, part, raw)))
    if kind == "headline":
        zones.evidence.append(Evidence(field="title", how=how, value=text,
                                       span=raw_span(line, 0, len(text), raw)))


def _record_footer(zones: Zones, line: Line, raw: str) -> bool:
    """Record a footer line's evidence; False if the line is not footer-like."""
    text = line.text
    if _COPYRIGHT.match(text):
        holder = _RIGHTS.sub("", _COPYRIGHT.sub("", text)).strip(" .,")
        if holder and len(holder.split()) <= 5:
            zones.evidence.append(Evidence(field="outlet", how="copyright", value=holder,
                                           span=_part_span(line, holder, raw)))
        return True
    if is_footer_line(text):
        source = _SOURCE.match(text)
        if source is not None and looks_like_outlet(source.group(1)):
            zones.evidence.append(Evidence(field="outlet", how="footer", value=source.group(1),
                                           span=_part_span(line, source.group(1), raw)))
        name = _SIGN_OFF.sub("", text).strip()
        # "— NNN-BERNAMA", "— Reuters"; "— John Smith" may sign a quote, so names need a shape
        if _SIGN_OFF.match(text) and name and (name.isupper() or looks_like_outlet(name)):
            zones.evidence.append(Evidence(field="outlet", how="signoff", value=name,
                                           span=_part_span(line, name, raw)))
        return True
    kind = header_kind(text)
    if kind in ("date", "byline", "masthead"):
        _record_header(zones, line, kind, raw, "footer")
        return True
    return False


def _wraps_on(line: Line, following: Line) -> bool:
    """True when ``following`` continues ``line``'s sentence (same paragraph, lowercase start)."""
    return following.para == line.para and following.text[:1].islower()


def _header_end(kept: Sequence[Line]) -> int:
    """Index of the first body line: header lines are consumed from the top (never the last line).

    One standfirst line (a summary sentence under the headline) belongs to the header when date
    or byline lines follow it.
    """
    top = 0
    while top < len(kept) - 1:
        kind = header_kind(kept[top].text)
        if kind is None or (kind == "headline" and _wraps_on(kept[top], kept[top + 1])):
            break
        top += 1
        if top > _HEADER_LIMIT:
            return 0  # no article has a header this long: these are list lines, keep them
    if 0 < top < len(kept) - 2 and len(kept[top].text.split()) <= _STANDFIRST_WORDS:
        end = top + 1
        kinds = set()
        while end < len(kept) - 1 and end < _HEADER_LIMIT and (
                kind := header_kind(kept[end].text)) in ("date", "byline", "label"):
            kinds.add(kind)
            end += 1
        # only when a stamp follows and the body clearly starts after it
        if kinds - {"label"} and header_kind(kept[end].text) is None:
            return end
    return top


def split_zones(lines: Sequence[Line], raw: str) -> Zones:
    """Separate body lines from boilerplate, header and footer; collect their evidence."""
    rules = boilerplate()
    cut = len(lines)
    for k, line in enumerate(lines):
        if is_block_heading(line.text) and line.start >= rules.min_position * len(raw):
            cut = k
            break
    zones = Zones(body=[], own_end=lines[cut].start if cut < len(lines) else len(raw))
    kept: list[Line] = []
    for line in lines[:cut]:
        if is_boilerplate(line.text) or is_block_heading(line.text):
            for m in _HANDLE.finditer(line.text):
                if _FOLLOW_US.match(line.text):  # the outlet's own account, not an author's
                    zones.evidence.append(Evidence(field="outlet", how="handle", value=m.group(1),
                                                   span=raw_span(line, m.start(), m.end(), raw)))
            continue
        if parse_byline(line.text) is not None and header_kind(line.text) == "byline":
            _record_header(zones, line, "byline", raw, "header" if not kept else "byline")
            continue
        kept.append(line)
    top = _header_end(kept)
    headlines = []
    for line in kept[:top]:
        kind = header_kind(line.text)
        if kind is None:
            continue  # a standfirst
        if kind == "headline":
            headlines.append(line)
        _record_header(zones, line, kind, raw, "header")
    # a topic label ("Russia-Ukraine war") can stand above the headline, which is longer
    zones.title = next((h for h in headlines if len(h.text.split()) >= _TITLE_WORDS),
                       headlines[0] if headlines else None)
    for line in headlines:
        if line is zones.title:
            break
        if masthead_name(line.text):  # a publication's name printed above the headline
            zones.evidence.append(Evidence(field="outlet", how="label", value=line.text,
                                           span=raw_span(line, 0, len(line.text), raw)))
    middle = kept[top:]
    bottom = len(middle)
    while bottom > 1 and _record_footer(zones, middle[bottom - 1], raw):
        bottom -= 1
    if bottom == 1 and len(middle) > 1 and _wraps_on(middle[0], middle[1]):
        bottom = 2  # keep the continuation that kept the first line from being a headline
    zones.body = middle[:bottom]
    return zones
