"""Event mentions: triggers in a parsed article become typed, dated, placed, flagged mentions.

For each sentence the lexicon's triggers (``data/event_types.toml``, :mod:`.triggers`) are matched
and typed (:mod:`.classify`). Each mention then gets agents and targets (the trigger clause's subject
and object, through the ActorResolver), places (:mod:`.locate`; a violent mention naming none borrows
the last place the text named), the governing date (:mod:`.temporal`) and flags (:mod:`.flags`).
Casualty words, back-references ("the attack"), headlines and plural summaries are marked loose so
:mod:`.dedup` can fold them, with recaps, into the one event they report. An article without a
conflict context (:mod:`.context`: no armed actors, weapons of war or war setting) yields no violent
mention.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..annotate.entities import entities_in, entity_at
from ..model import NOT_FRESH, Actor, Article, DateRange, EventMention, Place, Span
from .classify import agents, in_sequence_clause, objects, typed_triggers
from .context import conflict_context
from .dedup import Candidate, merge_candidates
from .flags import mention_flags
from .locate import clause_scope, country_code, is_facility, names_the_town, sentence_places, unnamed_capital
from .temporal import REPORTING_LEMMAS, DateMention, attach, carries_over, find_doc_dates, reference_day
from .triggers import Lexicon, TriggerMatch, load_lexicon

if TYPE_CHECKING:
    from ..resolve.actors import ActorResolver
    from ..resolve.places import Gazetteer

log = logging.getLogger(__name__)

_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SUBJ = frozenset({"nsubj", "csubj"})
_PARA = re.compile(r"\n\s*\n")


@dataclass(slots=True)
class _Context:
    doc: Doc
    article: Article
    published: date
    lex: Lexicon
    actors: ActorResolver | None
    gazetteer: Gazetteer | None
    dates: list[DateMention]
    para_starts: list[int] = field(default_factory=list)  # token index of each paragraph start


def extract_mentions(doc: Doc, article: Article, actors: ActorResolver | None,
                     gazetteer: Gazetteer | None, *, lexicon: Lexicon | None = None,
                     extractor: str = "") -> list[EventMention]:
    """Event mentions of ``article`` (parsed as ``doc`` from ``article.text``), in text order.

    Ids are ``f"{article.id}-e{n}"`` numbered from 1 in text order after de-duplication; flagged
    mentions (historical, negated, planned, hypothetical) are included and carry their flags.
    """
    published = reference_day(article.published, article.text, date.today())
    dateline_end = _dateline_end(doc.text, article.dateline)
    # the dateline's day is the filing day (the publication date), never an event's own date
    dates = [d for d in find_doc_dates(doc, published) if doc[d.start].idx >= dateline_end]
    ctx = _Context(doc=doc, article=article, published=published, lex=lexicon or load_lexicon(),
                   actors=actors, gazetteer=gazetteer, dates=dates)
    ctx.para_starts = _paragraph_starts(doc)
    candidates: list[Candidate] = []
    previous_places: list[tuple[int, tuple[Place, ...]]] = []
    narrative: DateMention | None = None  # the date of the last violent event the text dated
    # without a conflict context violent words are figurative (dropped below): they date nothing else
    setting = conflict_context((t.lower_ for t in doc), ctx.lex)
    for sent in doc.sents:
        prefer = _countries(ctx, sent, ())
        located = sentence_places(sent, ctx.gazetteer, prefer, _raw_span_fn(ctx.article),
                                  skip_before=dateline_end)
        filing = False
        if not located and sent.start_char < dateline_end:
            # a lead naming no other place: the filing place is the only (weak) location given
            located = sentence_places(sent, ctx.gazetteer, prefer, _raw_span_fn(ctx.article))
            filing = bool(located)
        if located:
            previous_places.append((sent.start, tuple(p for p, _ in located)))
        typed = typed_triggers(ctx.lex, sent)
        heads = frozenset(m.head for m, _ in typed)
        for match, etype in typed:
            scope = clause_scope(doc[match.head]) - _others_clauses(doc, match, etype, typed)
            places = tuple(p for p, root in located if root in scope)
            cand = _candidate(ctx, sent, match, etype, places, previous_places, heads, narrative)
            if cand is None:
                continue
            if filing:  # used only when no report merged with it names a place of its own
                cand.places, cand.borrowed = (), cand.places or cand.borrowed
            candidates.append(cand)
            if cand.violent and setting.conflict and cand.date_mention is not None \
                    and cand.date_source in {"own", "sentence"} and not cand.flags & NOT_FRESH \
                    and carries_over(cand.date_mention, published):
                narrative = cand.date_mention
    if not any(c.violent and not c.consequence and not (c.flags & NOT_FRESH) for c in candidates) and \
            any(ctx.lex.target_kind(t.lemma_.lower()) == "hazard" for t in doc if t.pos_ == "NOUN"):
        # casualty words in an article about a natural disaster with no violent event named
        candidates = [c for c in candidates if not (c.violent and c.consequence)]
    if not setting.conflict:
        # no armed actor, weapon of war or war setting: violent words are figurative, or the deaths
        # are accidents, disasters or crime (see .context)
        log.debug("%s: no conflict context (score %d, domain %d): violent triggers dropped",
                  article.id, setting.score, setting.domain)
        candidates = [c for c in candidates if not c.violent]
    merged = merge_candidates(candidates)
    out: list[EventMention] = []
    for n, cand in enumerate(merged, start=1):
        out.append(cand.to_mention(f"{article.id}-e{n}", article.id, extractor))
    return out


def _others_clauses(doc: Doc, match: TriggerMatch, etype: str,
                    typed: list[tuple[TriggerMatch, str]]) -> set[int]:
    """Tokens of the clauses of other-typed triggers below this one ("clashes erupted after militia
    detained the commander at the airport": the airport is the detention's place, not the clashes')."""
    head = doc[match.head]
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        head = head.head  # a noun trigger's clause is its verb's ("clashes erupted after ...")
    out: set[int] = set()
    for other, otype in typed:
        tok = doc[other.head]
        if otype != etype and tok.i != head.i and head.is_ancestor(tok) and tok.pos_ in {"VERB", "AUX"}:
            out.update(t.i for t in tok.subtree)
    return out


def _dateline_end(text: str, dateline: str | None) -> int:
    """End of the dateline opener ("KABUL, May 3 (Outlet) — ") in ``text``; 0 when there is none.

    The dateline says where and when the story was filed, not where or when anything happened, so
    places and dates inside it never locate or date an event (the same place named in a sentence
    still does; a lead that names no other place keeps it).
    """
    if not dateline:
        return 0
    m = re.match(rf"\s*{re.escape(dateline)}\b[^\n—–]{{0,100}}?(?:—|–|--|\s-\s)", text)
    return m.end() if m else 0


def _paragraph_starts(doc: Doc) -> list[int]:
    starts = [0]
    for m in _PARA.finditer(doc.text):
        span = doc.char_span(m.end(), m.end(), alignment_mode="expand")
        tok = doc[span.start].i if span is not None and span.start < len(doc) else None
        if tok is None:
            for t in doc:
                if t.idx >= m.end():
                    tok = t.i
                    break
        if tok is not None:
            starts.append(tok)
    return starts


def _para_start(ctx: _Context, tok_i: int) -> int:
    start = 0
    for s in ctx.para_starts:
        if s <= tok_i:
            start = s
        else:
            break
    return start


def _candidate(ctx: _Context, sent: SpacySpan, match: TriggerMatch, etype: str,
               places: tuple[Place, ...], previous: Sequence[tuple[int, tuple[Place, ...]]],
               trigger_heads: frozenset[int], narrative: DateMention | None) -> Candidate | None:
    doc = ctx.doc
    head = doc[match.head]
    violent = etype in {"FIGHT", "ASSAULT"}
    para_start = _para_start(ctx, sent.start)
    att = attach(head, ctx.dates, para_start, ctx.published, context=violent, triggers=trigger_heads,
                 narrative=narrative)
    if not violent and att.date is not None and att.date.range.anchor.lower().startswith("since"):
        # "agreed since 9am on September 13": a statement or agreement happened on the first day
        start = att.range.start
        att = replace(att, range=replace(att.range, end=start, precision="day"))
    elif not violent and att.range.precision not in {"day", "month"} and \
            (att.range.end - att.range.start).days > 7 and att.range.end >= ctx.published - timedelta(days=1):
        # "called on all parties to preserve the gains of the past year": a statement is made on
        # one day; a period running up to now is what it is about, so it takes the report's day
        day = ctx.published
        att = replace(att, range=DateRange(start=day, end=day, precision="day",
                                           anchor="publication date"), source="published")
    if etype in _STATEMENTS and att.source in {"paragraph", "context"} and att.date is not None \
            and _dates_violence(ctx, att.date):
        # "Strikes hit the port overnight. The group's spokesman vowed to respond": a statement made
        # after the violence it answers, not on its day; undated, it takes the report's day
        att = replace(att, range=DateRange(start=ctx.published, end=ctx.published, precision="day",
                                           anchor="publication date"), source="published", date=None)
    sent_dates = [d for d in ctx.dates if sent.start <= d.start < sent.end]
    para = doc[para_start:max(sent.end, para_start + 1)]
    flags = mention_flags(head, att, sent_dates, para, ctx.published, ctx.lex)
    if etype == "THREATEN":
        flags -= {"planned", "hypothetical"}  # a threat speaks of the future by nature ("we will hunt you down")
    borrowed: tuple[Place, ...] = ()
    if not places and violent:
        # a violent mention naming no place happened, as a rule, where the text last placed one;
        # borrowed places are used only when no merged member names a place of its own
        recent = [p for start, p in previous if start < sent.start]
        if recent:
            borrowed = recent[-1]
            if not any(p.precision == "place" and not is_facility(p) for p in borrowed):
                # "the city" after "the X province capital": the town the text last named too
                town = next((p for ps in reversed(recent) for p in ps
                             if p.precision == "place" and not is_facility(p)), None)
                if town is not None and (not borrowed or town.country is None
                                         or town.country in {p.country for p in borrowed}):
                    borrowed = borrowed + (town,)
    capital = unnamed_capital(head) if not places else None
    if capital is not None and ctx.gazetteer is not None:
        # "in the South African capital", "the capital's airport": the capital of the country named,
        # else of the place the text last named
        country = (country_code(capital) if capital else None) or next(
            (p.country for _, ps in reversed(previous) for p in ps if p.country), None)
        seat = ctx.gazetteer.capital_of(country) if country else None
        if seat is not None:
            borrowed = (seat,)
    elif not places and names_the_town(head):
        # "troops pulled out of the city": the town the text last named (earlier in the sentence too)
        before = _span(ctx, head.idx, head.idx + len(head.text)).start
        town = next((p for start, ps in reversed(previous) if start <= sent.start for p in reversed(ps)
                     if p.precision in {"place", "district"} and not is_facility(p)
                     and (start < sent.start or p.span is not None and p.span.start < before)), None)
        borrowed = (town,) if town is not None else ()
    doers = tuple(a for a in (_actor(ctx, t) for t in agents(_clause_head(head))) if a is not None)
    targets = tuple(a for a in (_actor(ctx, t) for t in objects(head)) if a is not None)
    countries = _countries(ctx, sent, doers + targets)
    loose = violent and (match.type == "CONSEQUENCE" or head.dep_ == "attr" or _in_since_clause(head)
                         or _reacted_to(head, ctx.lex) or (
        _anaphoric(head) and (att.source != "own" or match.type == "VIOLENCE")))
    summary = violent and head.tag_ in {"NNS", "NNPS"} and ctx.lex.is_event_noun(head.lemma_.lower())
    # "the shelling came a week after gunmen killed four miners": the killing is an event apart
    apart = violent and in_sequence_clause(ctx.lex, head, ctx.lex.match(sent))
    loose = loose or (violent and _headline(sent))
    return Candidate(
        type=etype, violent=violent, loose=loose, summary=summary, consequence=match.type == "CONSEQUENCE",
        guessed=match.type == "VIOLENCE",
        date=att.range, date_source=att.source, flags=flags,
        sentence=(sent.start_char, sent.end_char), trigger=(doc[match.start].idx, doc[match.end - 1].idx
                                                            + len(doc[match.end - 1].text)),
        order=sent.start, mode=ctx.lex.mode_of(sent), agents=doers, targets=targets, apart=apart,
        places=places, borrowed=borrowed, countries=countries, raw=_raw_span_fn(ctx.article),
        date_mention=att.date)


#: verbal reactions: said after the fact, so a date borrowed from a violent event is not theirs
_STATEMENTS = frozenset({"THREATEN", "ACCUSE", "REJECT", "REQUEST", "SUPPORT"})


def _dates_violence(ctx: _Context, d: DateMention) -> bool:
    """Whether date ``d`` dates violence: its sentence holds a violent trigger and the date is not on
    a verb of speaking ("Speaking on Thursday, the president vowed to strike": a statement's day)."""
    root = ctx.doc[d.start:d.end].root
    verb = next((t for t in root.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    if verb is not None and verb.lemma_.lower() in REPORTING_LEMMAS | {"speak", "address"}:
        return False
    return any(m.type in ctx.lex.violent for m in ctx.lex.match(root.sent))


def _headline(sent: SpacySpan) -> bool:
    """A title or caption line: short, on its own line, without closing punctuation. It restates
    the article's main event, so its mention only joins the body's."""
    text = sent.text.strip()
    return bool(text) and len(sent) <= 25 and text[-1] not in '.!?"”’:;' and "\n" in sent.text_with_ws[-2:] \
        or (bool(text) and text[-1] not in '.!?"”’:;' and sent.end == len(sent.doc))


def _in_since_clause(head: Token) -> bool:
    """A trigger inside "since the hostilities began": the start of something told elsewhere."""
    tok = head
    for _ in range(3):
        if any(c.dep_ in {"mark", "prep"} and c.lower_ == "since" for c in tok.children) and tok is not head:
            return True
        if tok.dep_ in {"mark", "prep", "pobj", "advcl", "pcomp"} and tok.head.lower_ == "since":
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _reacted_to(head: Token, lex: Lexicon) -> bool:
    """A noun trigger that a reaction verb takes as its object ("condemned the terrorist attack",
    "claimed responsibility for the bombing", "condemned what they called an attack"): the event is
    told elsewhere in the article."""
    if head.pos_ not in {"NOUN", "PROPN"}:
        return False
    tok = head
    for _ in range(3):
        if tok.dep_ not in {"dobj", "oprd", "pobj", "prep", "ccomp"} or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in lex.cue("reaction_verbs"):
            return True
    return False


def _anaphoric(head: Token) -> bool:
    """A noun trigger that refers back: definite ("the attack", "this fighting", "its offensive")
    or predicated of something already named ("It was the second attack this year")."""
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ == "attr":
        return True
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return False  # "the explosion of landmines on the road": specified, not a back-reference
    return head.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "these", "those", "its", "their"}
        for c in head.children)


def _clause_head(head: Token) -> Token:
    if head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"}:
        return head if any(c.dep_ in _SUBJ or c.dep_ == "poss" for c in head.children) else head.head
    return head


def _raw_span_fn(article: Article):  # type: ignore[no-untyped-def]
    def to_span(start: int, end: int) -> Span:
        rs, re_ = article.offsets.span_to_raw(start, end)
        return Span(start=rs, end=re_, text=article.raw_text[rs:re_])
    return to_span


def _span(ctx: _Context, start: int, end: int) -> Span:
    return _raw_span_fn(ctx.article)(start, end)


def _phrase(tok: Token) -> SpacySpan:
    """The noun phrase of ``tok`` (its entity, else its left modifiers up to itself)."""
    ent = entity_at(tok)
    if ent is not None:
        return ent
    left = [c for c in tok.lefts if c.dep_ in {"compound", "amod", "nmod", "poss", "det"}
            and c.lower_ not in {"the", "a", "an", "its", "their", "his", "her"}]
    start = min([c.left_edge.i for c in left] + [tok.i])
    return tok.doc[start:tok.i + 1]


def _actor(ctx: _Context, tok: Token) -> Actor | None:
    if tok.pos_ == "PRON":
        return None
    phrase = _phrase(tok)
    span = _span(ctx, phrase.start_char, phrase.end_char)
    if ctx.actors is not None:
        return ctx.actors.resolve(phrase.text, span=span)
    if not any(t.ent_type_ in _ACTOR_LABELS for t in phrase):
        return None  # without a resolver only named actors count ("the officials" does not)
    return Actor(text=phrase.text, name=phrase.text, country=country_code(phrase.text), span=span)


def _countries(ctx: _Context, sent: SpacySpan, actors: tuple[Actor, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for a in actors:
        if a.country and a.country not in {"IGO", "NGO"} and a.country not in out:
            out.append(a.country)
    for ent in entities_in(sent):
        if ent.label_ in {"NORP", "GPE"}:
            code = country_code(ent.text)
            if code and code not in {"IGO", "NGO"} and code not in out:
                out.append(code)
    return tuple(out)
