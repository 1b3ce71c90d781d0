"""Who asserts a figure, and on which day: the source of a sentence's statement.

A source is, in order of preference for a figure at a given token: the nearest reporting construct
before it in the sentence ("Armenia said 49 ...", "According to X, ..."), else the nearest after it
("..., the ministry detailed", "..., according to police"). Reporting constructs are a verb whose
lemma is in ``data/attribution.toml`` with its grammatical subject (from the dependency parse), or a
marker phrase ("according to", "citing") with the noun phrase after it. A sentence inside a
quotation with no source of its own takes the speaker named after the quotation in the same
paragraph. Pronoun subjects are left to :class:`~eventwire.resolve.actors.ActorMemory`, except that
"it"/"they" after a country named earlier in the same sentence ("on the Azerbaijan side, it
claimed") means that country.

The statement day is a date expression attached to the reporting verb ("said on Sunday",
"On Thursday night an official said", "As of September 16, X reported", "the next day"), resolved
with :func:`eventwire.resolve.dates.find_dates`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..annotate.entities import entities_in
from ..data import read_toml
from ..errors import LexiconError
from ..resolve.dates import find_dates

log = logging.getLogger(__name__)

_STOP_PUNCT = frozenset({",", ";", ":", "(", ")", "—", "–", "\"", "“", "”"})
_QUOTES = ("\"", "“", "”")
_RELATIVE = re.compile(r"\b(?:following|next|that|same|earlier|later|before|previous)\b", re.IGNORECASE)
_MARKER_HEADS = frozenset({"according", "citing", "quoting", "as"})
_PERIOD = re.compile(r"\b(?:past|overnight|during|since|recent)\b|\blast\s+(?:night|week|month)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributionLexicon:
    """The loaded ``attribution.toml``."""

    version: str
    verbs: frozenset[str]
    forms: frozenset[str]
    markers: tuple[tuple[str, ...], ...]
    first_person: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A source phrase in a sentence: ``[start, end)`` are character offsets in the Doc.

    ``anchor`` is the token index (in the Doc) of the reporting verb or marker; ``person`` the first
    PERSON entity inside the phrase, or "" when NER found none.
    """

    text: str
    start: int
    end: int
    anchor: int
    person: str = ""


def _list(data: dict[str, Any], key: str) -> list[str]:
    v = data.get(key)
    if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
        raise LexiconError(f"attribution lexicon: {key!r} must be a non-empty list of strings")
    return [x.strip().lower() for x in v]


def parse_lexicon(data: dict[str, Any]) -> AttributionLexicon:
    """Validate a parsed ``attribution.toml``."""
    if not isinstance(data.get("version"), str):
        raise LexiconError("attribution lexicon: missing string 'version'")
    return AttributionLexicon(
        version=data["version"],
        verbs=frozenset(_list(data, "reporting_verbs")),
        forms=frozenset(_list(data, "reporting_forms")),
        markers=tuple(tuple(m.split()) for m in _list(data, "source_markers")),
        first_person=frozenset(_list(data, "first_person")),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> AttributionLexicon:
    """Load and validate the packaged ``attribution.toml`` once."""
    return parse_lexicon(read_toml("attribution.toml"))


def _is_reporting(tok: Token, lex: AttributionLexicon) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.lower_ not in lex.forms:
        return False
    return tok.lemma_.lower() in lex.verbs or tok.lower_ in lex.forms


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    for child in verb.children:  # the small model sometimes hangs the subject on the auxiliary
        if child.dep_ in ("aux", "auxpass"):
            for grand in child.children:
                if grand.dep_ in ("nsubj", "nsubjpass"):
                    return grand
    # "and told reporters": the subject of a coordinated verb is its head's subject
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return None


#: Entities inside a span from the tokens' IOB tags (see :mod:`eventwire.annotate.entities`).
sentence_ents = entities_in


def _person_in(doc_span: SpacySpan) -> str:
    """The first PERSON entity in the phrase, or "" (NER found none)."""
    for ent in sentence_ents(doc_span):
        if ent.label_ == "PERSON":
            return ent.text
    return ""


def _marker_phrase(sent: SpacySpan, i: int, n: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase after a marker occupying tokens [i, i + n)."""
    doc = sent.doc
    a = i + n
    b = a
    while b < sent.end and b - a < 14 and doc[b].text not in _STOP_PUNCT and doc[b].lower_ not in ("that", "which"):
        if doc[b].is_punct and doc[b].text == "." and b == sent.end - 1:
            break
        b += 1
    return (a, b) if b > a else None


def sources(sent: SpacySpan) -> list[Source]:
    """Every source phrase in ``sent``, in text order."""
    lex = load_lexicon()
    doc = sent.doc
    out: list[Source] = []
    low = [t.lower_ for t in sent]
    for k in range(len(low)):
        for m in lex.markers:
            if tuple(low[k:k + len(m)]) == m:
                rng = _marker_phrase(sent, sent.start + k, len(m))
                if rng:
                    sp = doc[rng[0]:rng[1]]
                    out.append(Source(text=sp.text, start=sp.start_char, end=sp.end_char,
                                      anchor=sent.start + k, person=_person_in(sp)))
    for tok in sent:
        if not _is_reporting(tok, lex):
            continue
        subj = _subject(tok)
        if subj is None or subj.i < sent.start or subj.i >= sent.end:
            continue
        left = subj.left_edge.i
        right = subj.right_edge.i + 1
        if subj.right_edge.i >= tok.i:
            right = subj.i + 1
        sp = doc[max(left, sent.start):right]
        out.append(Source(text=sp.text, start=sp.start_char, end=sp.end_char, anchor=tok.i,
                          person=_person_in(sp)))
    out.sort(key=lambda s: s.anchor)
    return out


def source_for(sent: SpacySpan, at: int, found: list[Source]) -> Source | None:
    """The source of the figure at Doc token ``at``: the nearest before it, else the nearest after."""
    before = [s for s in found if s.anchor < at]
    if before:
        return before[-1]
    after = [s for s in found if s.anchor > at]
    return after[0] if after else None


def in_quotation(paragraph_text: str, offset: int) -> bool:
    """True when ``offset`` (into ``paragraph_text``) lies inside an open quotation."""
    head = paragraph_text[:offset]
    straight = head.count("\"")
    return straight % 2 == 1 or head.count("“") > head.count("”")


def statement_day(sent: SpacySpan, src: Source, published: date, ref: date | None = None,
                  context_day: date | None = None) -> date | None:
    """The day the statement ``src`` is dated to, from a date expression attached to its verb (at
    most six tokens before it, or four after it, within the sentence, outside the source phrase);
    None if none. "According to X" sources take no date from the claim before them. Relative days
    ("the following day", "that day") count from ``context_day`` (the last day the text named
    before), others from ``ref`` (else the publication day)."""
    doc = sent.doc
    anchor = src.anchor
    if doc[anchor].lower_ in _MARKER_HEADS:
        return None
    text = sent.text
    base = sent.start_char
    best: tuple[int, date] | None = None
    for expr in find_dates(text, published, anchor=ref or published):
        if _PERIOD.search(expr.text):
            continue  # "over the past day", "overnight": when it happened, not when it was said
        span = doc.char_span(base + expr.start, base + expr.end, alignment_mode="expand")
        if span is None or (src.start <= span.start_char < src.end):
            continue
        if span.end <= anchor:
            gap = anchor - span.end
            # A date before the source dates the statement only as a leading adverbial ("On Friday,
            # the ministry said"); after a verb it belongs to the reported clause ("X met Y on
            # Monday, the ministry said": the meeting's day, not the statement's).
            ok = gap <= 6 and not any(t.pos_ in ("VERB", "AUX") for t in doc[sent.start:span.start])
        elif span.start > anchor:
            gap = span.start - anchor - 1
            ok = gap <= 4
        else:
            continue
        if ok and (best is None or gap < best[0]):
            r = expr.range
            if _RELATIVE.search(expr.text) and context_day is not None:
                again = find_dates(expr.text, published, anchor=context_day)
                r = again[0].range if again else r
            # "Thursday night" spans into Friday: the statement was made on the first day
            best = (gap, r.start if (r.end - r.start).days <= 1 else r.end)
    return best[1] if best else None


def last_day(text: str, published: date) -> date | None:
    """The last single day named in ``text`` (not a relative one), for anchoring "the next day"."""
    days = [e.range.start for e in find_dates(text, published)
            if e.range.precision == "day" and not _RELATIVE.search(e.text)]
    return days[-1] if days else None
