"""Which date governs an event trigger.

Dates in the text come from ``eventwire.resolve.dates.find_dates`` (the resolve stage); this module
only decides which of them governs an event.

Attachment (:func:`attach`), for a trigger token *t*:

- **own**: a date whose syntactic attachment point (its nearest verbal or trigger ancestor) is *t*
  or one of *t*'s ancestors below any reporting verb ("clashes on Tuesday", "On Sept 19 forces
  conducted attacks");
- **report**: a date attached to a reporting verb that governs *t* ("troops were killed, he said on
  January 12"): the event happened on or before it;
- **paragraph**: the last usable date earlier in the paragraph; **context**: the last usable date
  earlier in the article (violent types only); **published**: the publication day.

A date more than about a year before publication is *old*; it never becomes a running anchor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from ..clean.dates import full_dates
from ..model import DateRange
from ..resolve.dates import find_dates

log = logging.getLogger(__name__)

OLD_AFTER_DAYS = 366
REPORTING_LEMMAS: frozenset[str] = frozenset({
    "say", "tell", "report", "claim", "announce", "state", "add", "confirm", "note", "write", "tweet",
    "declare", "insist", "allege", "deny", "accuse", "detail", "emphasize", "emphasise", "stress",
    "quote", "cite", "post", "publish", "explain", "brief", "describe",
})
_VERBAL = frozenset({"VERB", "AUX"})
_COARSE = frozenset({"week", "month", "year"})


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A resolved date expression in the Doc: token range ``[start, end)`` and its day range."""

    start: int
    end: int
    range: DateRange
    old: bool
    background: bool = False  # inside a clause describing a noun ("a militia formed after the Feb. 1 coup")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    """The date chosen for a trigger and how it was found (own/report/paragraph/context/published)."""

    range: DateRange
    source: str
    date: DateMention | None = None


def reference_day(published: date | None, text: str, today: date) -> date:
    """The day relative dates of an article resolve against.

    The publication day when known; otherwise the latest full date the text writes out ("on 3 May
    2021"), since relative words in a story are near its newest explicit day; only a text with
    neither falls back to ``today`` (logged: such dates are guesses).
    """
    if published is not None:
        return published
    written = [d for d, _, _ in full_dates(text) if d <= today]
    if written:
        return max(written)
    log.warning("no publication date and no full date in the text: relative dates use %s", today)
    return today


def find_doc_dates(doc: Doc, published: date) -> list[DateMention]:
    """Every date expression in ``doc``, resolved against ``published``, in text order."""
    out: list[DateMention] = []
    for start_char, end_char, rng in _expressions(doc.text, published):
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        old = (published - rng.end).days > OLD_AFTER_DAYS
        # a date describing who someone is ("formed after the Feb. 1 coup") weeks back is background
        background = (published - rng.end).days > 7 and _describes(span.root)
        out.append(DateMention(start=span.start, end=span.end, range=rng, old=old, background=background))
    out.sort(key=lambda d: d.start)
    return out


# phrases counted from the day the story last named, not from the publication day:
# "On Monday troops entered the town; the following day ..." (Tuesday, whenever it was published)
_NARRATIVE_RELATIVE = re.compile(
    r"^(?:on\s+)?(?:the\s+(?:day|night|evening)\s+before|the\s+previous\s+(?:day|night|evening|morning)|"
    r"the\s+(?:next|following)\s+(?:day|morning|night)|an?\s+(?:\w+\s+)?days?\s+(?:earlier|later)|"
    r"(?:\w+\s+)?days\s+(?:earlier|later)|the\s+same\s+day|that\s+day)$", re.IGNORECASE)


def _expressions(text: str, published: date) -> list[tuple[int, int, DateRange]]:
    """Resolved date expressions of ``text``; narrative-relative ones (``_NARRATIVE_RELATIVE``)
    count from the last single day written before them, when there is one within a year."""
    found: list[tuple[int, int, DateRange]] = []
    last_day: date | None = None
    for expr in find_dates(text, published):
        rng = expr.range
        if rng is None:
            continue
        if last_day is not None and _NARRATIVE_RELATIVE.match(expr.text.strip()):
            again = [e.range for e in find_dates(expr.text, published, anchor=last_day) if e.range is not None]
            if again and again[0].end <= published:
                rng = again[0]
        elif rng.precision == "day" and rng.start == rng.end and 0 <= (published - rng.end).days <= OLD_AFTER_DAYS:
            last_day = rng.start
        found.append((expr.start, expr.end, rng))
    return found


def attach(trigger: Token, dates: Sequence[DateMention], para_start: int, published: date, *,
           context: bool, triggers: frozenset[int] = frozenset(),
           narrative: DateMention | None = None) -> Attachment:
    """The date governing ``trigger``; see :func:`_attach` (nights narrowed to one day)."""
    att = _attach(trigger, dates, para_start, published, context=context, triggers=triggers,
                  narrative=narrative)
    if att.source == "own" and att.range.anchor.lower().startswith("since"):
        said = _report_day(trigger, dates)
        if said is not None and att.range.start <= said < att.range.end:
            # "said on Friday that fire since Thursday night had killed 11": Thursday to Friday
            att = Attachment(range=DateRange(start=att.range.start, end=said, precision=att.range.precision,
                                             anchor=att.range.anchor, span=att.range.span),
                             source=att.source, date=att.date)
    narrowed = _night(att.range)
    return att if narrowed is att.range else Attachment(range=narrowed, source=att.source, date=att.date)


def _attach(trigger: Token, dates: Sequence[DateMention], para_start: int, published: date, *,
            context: bool, triggers: frozenset[int] = frozenset(),
            narrative: DateMention | None = None) -> Attachment:
    """The date governing ``trigger``; see the module docstring for the order of preference.

    ``dates``: all dates of the Doc (text order); ``para_start``: token index where the trigger's
    paragraph begins; ``context``: whether the article's running anchor may be used (a violent
    trigger: then ``narrative``, the date of the last violent event the text dated, is preferred to
    the last date of any kind); ``triggers``:
    head tokens of the sentence's other event triggers (a date modifying one of them, as in "a
    telephone conversation on September 15", belongs to that event, not to this one).
    """
    sent = trigger.sent
    chain, reporters = _clause_chain(trigger)
    report: DateMention | None = None
    loose: DateMention | None = None
    stops = triggers - {trigger.i}
    past = _past_clause(trigger)
    for d in dates:
        if d.start < sent.start or d.start >= sent.end:
            continue
        if past and d.range.start > published:
            continue  # a past-tense clause cannot happen after publication: a mis-resolved date
        at = _attachment_point(trigger.doc[d.start:d.end].root, stops | {trigger.i})
        if at is not None and at.dep_ in {"nsubj", "nsubjpass"} and at.pos_ == "NOUN" and at.text.islower() \
                and at.head.i == trigger.i:  # (a capitalised subject may be a dateline: "KYIV, March 9 —")
            at = trigger  # "a drone operation on Monday had targeted ...": the subject's date is the act's
        elif at is not None and at.i not in stops and (trigger.pos_ == "NOUN" or trigger.tag_ == "VBG") \
                and trigger.is_ancestor(at):
            at = trigger  # "fighting that it said began on Tuesday": a clause on the event noun dates it
        elif at is not None and at.i not in stops and at.dep_ == "advcl" and at.head.i == trigger.i \
                and any(c.dep_ == "mark" and c.lower_ in {"as", "when", "while"} for c in at.children):
            at = trigger  # "fired on an airliner as it approached the airport on Nov. 11": the same moment
        elif at is not None and at.i in stops and at.dep_ == "pobj" and at.head.lower_ in {"at", "during"} \
                and at.head.head.i in chain:
            at = trigger  # "reached a consensus at a meeting in Jakarta on April 24": the meeting's day
        if at is None or (at.i in chain and at.i not in stops):
            if d.range.precision in _COARSE:
                # "the deadliest attack this year" beside "on Saturday": the day is the event's
                day = _precise_in_sentence(trigger, dates, chain, reporters, published)
                if day is not None:
                    return Attachment(range=_night(day.range), source="sentence", date=day)
            d = _narrowest_within(d, trigger, dates, chain, stops | {trigger.i})
            return Attachment(range=_night(d.range), source="own", date=d)
        if at.i in reporters and report is None:
            report = d
        elif at.i not in stops and not d.old and loose is None and not context:
            loose = d  # statements: a date elsewhere in the sentence is usually the statement's
    earlier = [d for d in dates if d.end <= sent.start and not d.old and d.range.start <= published
               and carries_over(d, published) and not d.background]
    para = [d for d in earlier if d.start >= para_start]
    if report is not None:
        prior = para[-1] if para else (earlier[-1] if earlier and context else None)
        if prior is not None and prior.range.end <= report.range.end and \
                (report.range.end - prior.range.end).days <= 7:
            return Attachment(range=prior.range, source="report", date=prior)
        return Attachment(range=report.range, source="report", date=report)
    found: Attachment | None = None
    if loose is not None:
        found = Attachment(range=loose.range, source="sentence", date=loose)
    elif para:
        found = Attachment(range=para[-1].range, source="paragraph", date=para[-1])
    elif context and narrative is not None:
        found = Attachment(range=narrative.range, source="context", date=narrative)
    elif context and earlier:
        found = Attachment(range=earlier[-1].range, source="context", date=earlier[-1])
    elif narrative is not None and 0 <= (published - narrative.range.end).days <= 3:
        # a statement told beside a recent dated event ("..., who met Zelensky"): that day
        found = Attachment(range=narrative.range, source="context", date=narrative)
    if found is not None and not (found.range.start == found.range.end == published):
        return found
    # a borrowed date equal to the publication day is as a rule the dateline's or the report's
    # day, not the event's: it counts no more than the publication day itself
    return Attachment(range=DateRange(start=published, end=published, precision="day",
                                      anchor="publication date"), source="published")


def _report_day(trigger: Token, dates: Sequence[DateMention]) -> date | None:
    """The single day of a date on a reporting verb that governs ``trigger`` in its sentence."""
    _, reporters = _clause_chain(trigger)
    sent = trigger.sent
    for d in dates:
        if sent.start <= d.start < sent.end and d.range.start == d.range.end:
            at = _attachment_point(trigger.doc[d.start:d.end].root, frozenset())
            if at is not None and at.i in reporters:
                return d.range.start
    return None


def _narrowest_within(d: DateMention, trigger: Token, dates: Sequence[DateMention], chain: set[int],
                      stops: frozenset[int]) -> DateMention:
    """"Earlier this month, on Aug. 5, a strike ...": of the trigger's own dates, a day inside the
    wider period names when it happened."""
    sent = trigger.sent
    best = d
    for other in dates:
        if other is d or not (sent.start <= other.start < sent.end):
            continue
        r = other.range
        if not (best.range.start <= r.start and r.end <= best.range.end) or \
                (r.end - r.start) >= (best.range.end - best.range.start):
            continue
        at = _attachment_point(trigger.doc[other.start:other.end].root, stops)
        if at is None or (at.i in chain and at.i not in stops) or _near_tokens(other, d):
            best = other
    return best


def _near_tokens(a: DateMention, b: DateMention) -> bool:
    """Dates written side by side ("earlier this month, on Aug. 5"): an apposition."""
    return abs(a.start - b.end) <= 3 or abs(b.start - a.end) <= 3


def _describes(tok: Token) -> bool:
    """Whether a date's nearest verb heads a clause describing a noun ("the group, formed by residents
    after the Feb. 1 coup, said ..."): background about who someone is, not the time the story is at."""
    if not tok.doc.has_annotation("DEP"):
        return False
    verb = next((t for t in tok.ancestors if t.pos_ in _VERBAL), None)
    return verb is not None and verb.dep_ in {"acl", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"} \
        and verb.tag_ == "VBN"


def carries_over(d: DateMention, published: date) -> bool:
    """Whether a date may govern later sentences (as paragraph, context or narrative date).

    "The heaviest fighting this year": a week, month or year running up to publication is a
    comparison, not a day the following sentences are about; a since-phrase is a running tally.
    """
    if d.range.anchor.lower().startswith("since"):
        return False  # "killed since Monday" counts a toll; later sentences are about its days
    return not (d.range.precision in _COARSE and d.range.end >= published)


def _precise_in_sentence(trigger: Token, dates: Sequence[DateMention], chain: set[int],
                         reporters: set[int], published: date) -> DateMention | None:
    sent = trigger.sent
    for d in dates:
        if sent.start <= d.start < sent.end and d.range.precision not in _COARSE and not d.old \
                and d.range.start < published:  # the publication day here is the dateline's
            at = _attachment_point(trigger.doc[d.start:d.end].root, frozenset())
            if at is None or at.i not in reporters:
                return d
    return None


def _night(rng: DateRange) -> DateRange:
    """"The night of X": reports differ on whether X is the evening's or the morning's day; X is
    the one day both readings contain, so a two-day night range becomes that day."""
    if "night" in rng.anchor.lower() and (rng.end - rng.start).days == 1:
        if "night of" in rng.anchor.lower():
            day = rng.end if rng.end.day == _day_number(rng.anchor, rng.end.day) else rng.start
        else:  # "on Wednesday night": that evening
            day = rng.start
        return DateRange(start=day, end=day, precision="day", anchor=rng.anchor, span=rng.span)
    return rng


def _day_number(text: str, default: int) -> int:
    m = re.search(r"\b(\d{1,2})\b", text)
    return int(m.group(1)) if m else default


def _past_clause(trigger: Token) -> bool:
    tok = trigger
    for _ in range(4):
        if tok.pos_ in _VERBAL:
            break
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return tok.tag_ in {"VBD", "VBN"} and not any(c.lower_ in {"will", "would", "shall"} for c in tok.children)


def _clause_chain(trigger: Token) -> tuple[set[int], set[int]]:
    """Token ids of the trigger and its ancestors up to the first reporting verb; reporting verbs."""
    chain = {trigger.i}
    reporters: set[int] = set()
    tok = trigger
    crossed = False
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in _VERBAL and tok.lemma_.lower() in REPORTING_LEMMAS and tok.i != trigger.i:
            crossed = True
        if crossed:
            reporters.add(tok.i)
        else:
            chain.add(tok.i)
    return chain, reporters


def _attachment_point(tok: Token, triggers: frozenset[int] | set[int]) -> Token | None:
    """The nearest verbal (or trigger, or clause-heading noun) ancestor a date modifies; None if
    the Doc is unparsed."""
    if not tok.doc.has_annotation("DEP"):
        return None
    cur = tok
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.pos_ in _VERBAL or cur.dep_ in {"ROOT"} or cur.i in triggers:
            return cur
        if cur.pos_ == "NOUN" and cur.dep_ not in {"pobj", "compound", "npadvmod"} and cur.i != tok.i:
            return cur
    return cur
