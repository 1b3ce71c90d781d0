"""Event mentions: triggers in a parsed article become typed, dated, placed, flagged mentions.

For each sentence the lexicon's triggers (``data/event_types.toml``) are matched; the pseudo-types
resolve to FIGHT or ASSAULT from what was hit (``VIOLENCE``: attack, fire, strike...) or who died
(``CONSEQUENCE``: killed, wounded...), a consequence trigger counting only when the sentence has no
other violent trigger. Each mention then gets agents and targets (the trigger clause's subject and
object, through the ActorResolver), places (GPE/LOC/FAC entities and "X, Y and Z directions"
resolved with the gazetteer, borrowed from the previous sentences for a violent mention that names
none), the governing date (:mod:`.temporal`) and flags (:mod:`.flags`). Mentions of one event
within the article are merged by :mod:`.dedup`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Actor, Article, DateRange, EventMention, Place, Span
from .dedup import Candidate, merge_candidates
from .flags import NOT_FRESH, mention_flags
from .temporal import REPORTING_LEMMAS, DateMention, attach, find_doc_dates
from .triggers import Lexicon, TriggerMatch, load_lexicon

if TYPE_CHECKING:
    from ..resolve.actors import ActorResolver
    from ..resolve.places import Gazetteer

log = logging.getLogger(__name__)

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PLACE_NOUNS = frozenset({"direction", "directions", "district", "districts", "region", "regions",
                          "road", "village", "villages", "town", "city", "cities", "area", "province",
                          "valley"})
_SUBJ = frozenset({"nsubj", "csubj"})
_CALENDAR_WORDS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct",
                             "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday"})
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
    published = article.published or date.today()
    ctx = _Context(doc=doc, article=article, published=published, lex=lexicon or load_lexicon(),
                   actors=actors, gazetteer=gazetteer, dates=find_doc_dates(doc, published))
    ctx.para_starts = _paragraph_starts(doc)
    candidates: list[Candidate] = []
    previous_places: list[tuple[int, tuple[Place, ...]]] = []
    narrative: DateMention | None = None  # the date of the last violent event the text dated
    for sent in doc.sents:
        located = _places(ctx, sent)
        if located:
            previous_places.append((sent.start, tuple(p for p, _ in located)))
        typed = _typed_triggers(ctx, sent)
        heads = frozenset(m.head for m, _ in typed)
        for match, etype in typed:
            scope = _scope(doc[match.head])
            places = tuple(p for p, root in located if root in scope)
            cand = _candidate(ctx, sent, match, etype, places, previous_places, heads, narrative)
            if cand is None:
                continue
            candidates.append(cand)
            if cand.violent and cand.date_mention is not None and cand.date_source in {"own", "sentence"} \
                    and not cand.flags & NOT_FRESH:
                narrative = cand.date_mention
    if not any(c.violent and not c.consequence and not (c.flags & NOT_FRESH) for c in candidates) and \
            any(ctx.lex.target_kind(t.lemma_.lower()) == "hazard" for t in doc if t.pos_ == "NOUN"):
        # casualty words in an article about a natural disaster with no violent event named
        candidates = [c for c in candidates if not (c.violent and c.consequence)]
    merged = merge_candidates(candidates)
    out: list[EventMention] = []
    for n, cand in enumerate(merged, start=1):
        out.append(cand.to_mention(f"{article.id}-e{n}", article.id, extractor))
    return out


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


def _scope(trigger: Token) -> set[int]:
    """Token ids a trigger's places may come from: the subtree of its clause below any reporting
    verb ("X was shelled, he told reporters in Geneva": not Geneva), else the whole sentence."""
    tok = trigger
    top = trigger
    while tok.head.i != tok.i:
        prev, tok = tok, tok.head
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in REPORTING_LEMMAS and prev.dep_ != "dobj":
            return {t.i for t in top.subtree}  # ("declared martial law in X": the verb is the act)
        top = tok
    return set(range(trigger.sent.start, trigger.sent.end))


def _typed_triggers(ctx: _Context, sent: SpacySpan) -> list[tuple[TriggerMatch, str]]:
    """Matches of ``sent`` with their final event type (pseudo-types resolved, consequences gated)."""
    matches = [m for m in ctx.lex.match(sent) if not _modifier_only(ctx, m)]
    explicit_violent = any(m.type in {"FIGHT", "ASSAULT"} for m in matches)
    any_violent = any(m.type in ctx.lex.violent and m.type != "CONSEQUENCE" for m in matches)
    out: list[tuple[TriggerMatch, str]] = []
    by_target = [ctx.doc[m.head] for m in matches if m.type == "VIOLENCE"]
    victims = [_victim_kind(ctx, ctx.doc[m.head]) for m in matches if m.type == "CONSEQUENCE"]
    target_type = _type_by_target(ctx, by_target, sent, victims) if by_target else "FIGHT"
    for m in matches:
        head = ctx.doc[m.head]
        if m.type in ctx.lex.violent and _by_hazard(ctx, head):
            continue
        if m.type == "VIOLENCE":
            if explicit_violent:
                continue
            out.append((m, target_type))
        elif m.type == "CONSEQUENCE":
            if any_violent:
                continue
            kind = _victim_kind(ctx, head)
            if kind is None:
                continue
            out.append((m, "ASSAULT" if kind == "civilian" else "FIGHT"))
        else:
            out.append((m, m.type))
    return out


def _by_hazard(ctx: _Context, head: Token) -> bool:
    """True when the trigger's subject is a natural hazard ("the quake struck", "killed by a series
    of earthquakes")."""
    subjects = [c for c in head.children if c.dep_ in _SUBJ]
    subjects += [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if head.dep_ in {"nsubj", "compound"} or head.pos_ in {"NOUN", "PROPN"}:
        subjects += [c for c in head.children if c.dep_ == "compound"]
    words = [t for s in subjects for t in s.subtree]
    return any(ctx.lex.target_kind(t.lemma_.lower()) == "hazard" for t in words)


def _modifier_only(ctx: _Context, m: TriggerMatch) -> bool:
    """A one-word noun trigger modifying another noun ("bomb shelters", "missile defence"): no event."""
    head = ctx.doc[m.head]
    return m.end - m.start == 1 and head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"compound", "amod"} \
        and head.head.i != head.i and head.head.pos_ in {"NOUN", "PROPN"}


def _kind_of_phrase(ctx: _Context, tok: Token) -> str | None:
    """military / civilian / place for a noun and its modifiers, else None."""
    words = [tok] + [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod", "poss"}]
    kinds = [ctx.lex.target_kind(w.lemma_.lower()) or ctx.lex.target_kind(w.lower_) for w in words]
    for k in ("civilian", "military", "place"):
        if k in kinds:
            return k
    if tok.ent_type_ in {"GPE", "LOC", "FAC"}:
        return "place"
    return None


def _objects(tok: Token) -> list[Token]:
    """What a violent trigger hit: direct object, passive subject, or 'on/against/at' objects."""
    out: list[Token] = []
    if any(c.dep_ == "prep" and c.lower_ == "under" for c in tok.children):
        out.extend(c for c in tok.children if c.dep_ in _SUBJ)  # "units came under fire"
    for c in tok.children:
        if c.dep_ in {"dobj", "nsubjpass"}:
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in {"on", "against", "at", "of", "into"}:
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and tok.dep_ in {"acl", "relcl"} and tok.head.pos_ in {"NOUN", "PROPN"}:
        out.append(tok.head)
    return out


def _agents(tok: Token) -> list[Token]:
    out = [c for c in tok.children if c.dep_ in _SUBJ]
    if not out and tok.dep_ == "conj" and tok.pos_ in {"VERB", "AUX"}:
        out = [c for c in tok.head.children if c.dep_ in _SUBJ]  # "gunmen burst in and opened fire"
    for c in tok.children:
        if c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and tok.pos_ in {"NOUN", "PROPN"}:
        out.extend(c for c in tok.children if c.dep_ in {"poss", "amod", "compound"} and c.ent_type_)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                out.extend(g for g in c.children if g.dep_ == "pobj")
        if not out and tok.head.pos_ in {"VERB", "AUX"}:
            out.extend(c for c in tok.head.children if c.dep_ in _SUBJ)
    return out


def _type_by_target(ctx: _Context, heads: list[Token], sent: SpacySpan, victims: list[str | None]) -> str:
    """FIGHT or ASSAULT for the sentence's target-typed triggers, from what they hit together:
    civilians -> ASSAULT; a place hit by a non-state attacker -> ASSAULT; armed forces -> FIGHT;
    else the victims of the sentence's casualty words, else the weapon (artillery, drone... ->
    ASSAULT), else FIGHT."""
    kinds: list[str | None] = []
    state = False
    for head in heads:
        objs = [_kind_of_phrase(ctx, o) for o in _objects(head)]
        kinds += objs
        if "place" in objs:
            state = state or any(
                a.ent_type_ in {"GPE", "NORP"} or (_kind_of_phrase(ctx, a) == "military" and
                                                   any(c.ent_type_ in {"NORP", "GPE"} for c in a.children))
                for a in _agents(head))
    if "civilian" in kinds:
        return "ASSAULT"
    if "place" in kinds:
        return "FIGHT" if state else "ASSAULT"
    if "military" in kinds:
        return "FIGHT"
    if "civilian" in victims:
        return "ASSAULT"
    if "military" in victims:
        return "FIGHT"
    irregular = ctx.lex.words_of("irregular")
    if any(w.lemma_.lower() in irregular or w.lower_ in irregular
           for h in heads for a in _agents(h) for w in (a, *a.children)):
        return "ASSAULT"  # gunmen, militants, bombers: one-sided violence unless forces are named
    mode = ctx.lex.mode_of(sent)
    return "ASSAULT" if mode in {"artillery", "air_strike", "missile", "drone", "bombing", "landmine"} \
        else "FIGHT"


def _victim_kind(ctx: _Context, head: Token) -> str | None:
    """Kind of who was killed/wounded by a consequence trigger; None when no victim is named."""
    victims: list[Token] = []
    for c in head.children:
        if c.dep_ in {"nsubjpass", "dobj"} or (c.dep_ == "nsubj" and head.lemma_ in {"die", "lose"}):
            victims.append(c)
    if not victims and head.dep_ in {"acl", "relcl"}:
        victims.append(head.head)
    if not victims:
        return None
    kinds = [_kind_of_phrase(ctx, v) for v in victims]
    for v in victims:  # "50 of its soldiers", "civilians and servicemen"
        for c in v.subtree:
            if c.pos_ in {"NOUN", "PROPN"}:
                kinds.append(ctx.lex.target_kind(c.lemma_.lower()))
    if "military" in kinds and "civilian" not in kinds:
        return "military"
    if "civilian" in kinds:
        return "civilian"
    if any(v.ent_type_ == "PERSON" for v in victims):
        return "civilian"
    return None


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
    sent_dates = [d for d in ctx.dates if sent.start <= d.start < sent.end]
    para = doc[para_start:max(sent.end, para_start + 1)]
    flags = mention_flags(head, att, sent_dates, para, ctx.published, ctx.lex)
    borrowed: tuple[Place, ...] = ()
    if not places and violent:
        # a violent mention naming no place happened, as a rule, where the text last placed one;
        # borrowed places are used only when no merged member names a place of its own
        recent = [p for start, p in previous if start < sent.start]
        if recent:
            borrowed = recent[-1]
    agents = tuple(a for a in (_actor(ctx, t) for t in _agents(_clause_head(head))) if a is not None)
    targets = tuple(a for a in (_actor(ctx, t) for t in _objects(head)) if a is not None)
    countries = _countries(ctx, sent, agents + targets)
    loose = violent and (match.type == "CONSEQUENCE" or head.dep_ == "attr" or _in_since_clause(head) or (
        _anaphoric(head) and att.source != "own"))
    summary = violent and head.tag_ in {"NNS", "NNPS"} and ctx.lex.is_event_noun(head.lemma_.lower())
    loose = loose or (violent and _headline(sent))
    return Candidate(
        type=etype, violent=violent, loose=loose, summary=summary, consequence=match.type == "CONSEQUENCE",
        date=att.range, date_source=att.source, flags=flags,
        sentence=(sent.start_char, sent.end_char), trigger=(doc[match.start].idx, doc[match.end - 1].idx
                                                            + len(doc[match.end - 1].text)),
        order=sent.start, mode=ctx.lex.mode_of(sent), agents=agents, targets=targets,
        places=places, borrowed=borrowed, countries=countries, raw=_raw_span_fn(ctx.article),
        date_mention=att.date)


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
    if tok.ent_type_:
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
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
    return Actor(text=phrase.text, name=phrase.text, country=_country_code(phrase.text), span=span)


def _country_code(text: str) -> str | None:
    try:
        from ..resolve.countries import country_code
    except ImportError:
        return None
    return country_code(text)


def _countries(ctx: _Context, sent: SpacySpan, actors: tuple[Actor, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for a in actors:
        if a.country and a.country not in {"IGO", "NGO"} and a.country not in out:
            out.append(a.country)
    for ent in sent.ents:
        if ent.label_ in {"NORP", "GPE"}:
            code = _country_code(ent.text)
            if code and code not in {"IGO", "NGO"} and code not in out:
                out.append(code)
    return tuple(out)


def _places(ctx: _Context, sent: SpacySpan) -> list[tuple[Place, int]]:
    """Named places of a sentence with their entity's root token: GPE/LOC/FAC entities not naming a
    country, and entities of any label heading a place noun ("the Dashkasan, Kalbajar, and Lachin
    directions"). A place modifying a reporting verb ("told reporters in Geneva") is left out."""
    names: list[SpacySpan] = []
    for ent in sent.ents:
        if ent.label_ in _PLACE_LABELS or (ent.label_ in {"ORG", "PERSON"} and _before_place_noun(ent)):
            # a capitalised common word ("Gunmen" opening a sentence), a month, or a name inside a
            # longer proper name ("Antony Blinken", "Prime Minister Abiy Ahmed") is no place
            if ent.root.pos_ != "PROPN" or ent.root.lower_.rstrip(".") in _CALENDAR_WORDS \
                    or _inside_name(ent):
                continue
            if not _reporting_place(ent.root):
                names.append(ent)
    names += _unlabelled_places(sent)
    out: list[tuple[Place, int]] = []
    seen: set[str] = set()
    prefer = tuple(c for c in _countries(ctx, sent, ()) if c)
    for ent in names:
        text = _normalise(ent.text)
        if not text or text.lower() in seen or _country_code(text):
            continue
        place = _resolve_place(ctx, text, prefer)
        if place is None:
            continue
        seen.add(text.lower())
        out.append((_with_span(place, text, _span(ctx, ent.start_char, ent.end_char)), ent.root.i))
    return out


def _unlabelled_places(sent: SpacySpan) -> list[SpacySpan]:
    """Proper nouns no entity covers, right before a place noun ("the Gubio district")."""
    out: list[SpacySpan] = []
    doc = sent.doc
    for tok in sent:
        if tok.pos_ != "PROPN" or tok.ent_type_ or tok.i + 1 >= sent.end:
            continue
        if doc[tok.i + 1].lower_ not in _PLACE_NOUNS or doc[tok.i + 1].pos_ != "NOUN":
            continue
        start = tok.i
        while start > sent.start and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        out.append(doc[start:tok.i + 1])
    return out


def _inside_name(ent: SpacySpan) -> bool:
    """A one-word entity glued to capitalised proper nouns that belong to no place entity."""
    if len(ent) != 1:
        return False
    doc = ent.doc
    for i in (ent.start - 1, ent.end):
        if 0 <= i < len(doc) and i >= ent.sent.start:
            tok = doc[i]
            if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ not in _PLACE_LABELS \
                    and tok.lower_ not in _PLACE_NOUNS and not (i == ent.sent.start):
                return True
    return False


def _before_place_noun(ent: SpacySpan) -> bool:
    """An entity (or a list of them) modifying a place noun: "Kalbajar and Lachin districts"."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in _PLACE_NOUNS:
        return True
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _PLACE_NOUNS:
        return True  # "the town of Mindat"
    if tok.dep_ == "pobj" and tok.head.lower_ in {"near", "around", "outside", "in", "into"}:
        return True  # "shelling around Sidakan": the small model often calls such names ORG/PERSON
    return tok.dep_ in {"compound", "nmod", "amod"} and tok.head.lower_ in _PLACE_NOUNS


def _reporting_place(root: Token) -> bool:
    cur = root
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.pos_ in {"VERB", "AUX"}:
            return cur.lemma_.lower() in REPORTING_LEMMAS
    return False


def _normalise(text: str) -> str:
    try:
        from ..resolve.places import normalise_place_text
    except ImportError:
        text = re.sub(r"^(the)\s+", "", text.strip(), flags=re.IGNORECASE)
        return re.sub(r"\s+(directions?|districts?|regions?|economic region)$", "", text, flags=re.I)
    return normalise_place_text(text)


def _resolve_place(ctx: _Context, text: str, prefer: tuple[str, ...]) -> Place | None:
    if ctx.gazetteer is None:
        return Place(text=text, name=text)
    place = ctx.gazetteer.lookup(text, prefer=prefer)
    if place is None:
        return Place(text=text, name=text, precision="place")
    if place.precision == "country":
        return None
    return place


def _with_span(place: Place, text: str, span: Span) -> Place:
    return replace(place, text=text, span=span)


def date_of(mention: EventMention) -> DateRange:
    """The mention's date range (helper for callers linking claims)."""
    return mention.date
