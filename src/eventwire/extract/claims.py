"""Casualty claims with attribution: who says how many were killed, wounded, captured or missing.

``extract_claims(doc, article, actors)`` walks the sentences of ``doc`` (the parse of
``article.text``), reads each figure (:mod:`.numbers`, :mod:`.casualties`), finds its source
(:mod:`.attribution`, resolved through a per-article :class:`~eventwire.resolve.actors.ActorMemory`)
and decides the victims' country and kind:

* victims: a country named in the victim phrase ("Azerbaijani servicemen", "Afghans"); "its/their
  (own)" -> the claimant's side; "enemy" -> the other main side; "on the X side" -> X; a perpetrator
  named in the sentence ("Ukrainian shelling killed ...") -> the claimant's side when it differs;
  own losses reported in the passive -> the claimant's state; else the place in the sentence, else
  the article's location country. Kind: military words in the phrase, else civilian ("people").
* claimant: the source, else the outlet (its country from the outlet table, the text of the outlet
  itself, the dateline, else the article's location). A claimant without a country (a non-state
  group, "residents", "security sources") takes the location country.
* dropped: background history (a date more than a year before publication in the sentence or in
  the paragraph's opening sentence), natural-disaster tolls, increments of a stated total, and
  repeats: one claim per (outcome, low, high, victim country, claimant country), an unattributed
  restatement of an attributed figure is dropped.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..clean import outlet_country
from ..model import Actor, Article, Claim, Span
from ..resolve.actors import ActorMemory, ActorResolver
from ..resolve.countries import country_code, country_mentions
from . import attribution
from .casualties import Reading, is_breakdown, load_lexicon, read
from .numbers import Quantity, find_quantities
from .temporal import reference_day

log = logging.getLogger(__name__)

EXTRACTOR = "claims/1"
_MAX_SENT_TOKENS = 200
_DATELINE_WEIGHT = 4  # the reporter's location: worth several mentions
_SIDES_CHARS = 60_000  # the sides of a conflict are named early; bounds work on huge inputs
_STATES_EXCLUDED = ("IGO", "NGO")
_OLD_YEAR = re.compile(r"(?<!since )(?<!\d)(?:(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
                       r"(?:\d{1,2},?\s+)?)?(?P<y>1[89]\d\d|20\d\d)(?P<s>s)?(?!\d|,\d)")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]{2,}(?:,|\s+[—–-])")
_LOCATIVE = frozenset({"in", "inside", "across", "throughout", "into", "southern", "northern", "eastern",
                       "western", "central", "south", "north", "east", "west", "north-western",
                       "north-eastern", "south-western", "south-eastern", "northwestern", "northeastern",
                       "southwestern", "southeastern"})
_SIDE = re.compile(r"\bon the ([A-Z][\w-]+) side\b")


@dataclass(slots=True)
class _Ctx:
    article: Article
    doc: Doc
    published: date
    memory: ActorMemory
    resolver: ActorResolver
    location: str | None
    sides: list[str]
    outlet: Actor
    disaster_article: bool
    outlet_known: bool  # the outlet is in the outlet table (its country is not a guess)


def extract_claims(doc: Doc, article: Article, actors: ActorResolver) -> list[Claim]:
    """Casualty claims of ``article`` (``doc`` is the parse of ``article.text``), in text order.

    Ids are ``<article id>-c<n>``; ``event_id`` is left None; spans are raw-text offsets.
    """
    published = reference_day(article.published, article.text, date.today())
    lex = load_lexicon()
    memory = actors.article_memory()
    location, sides = _countries(doc, article, actors)
    memory.prefer = tuple(sides[:4])
    words = Counter(t.lower_ for t in doc)
    disaster = sum(words[w] for w in lex.disaster) > max(1, sum(words[w] for w in lex.conflict))
    ctx = _Ctx(article=article, doc=doc, published=published, memory=memory, resolver=actors,
               location=location, sides=sides, outlet=_outlet(article, actors, location),
               disaster_article=disaster,
               outlet_known=bool(article.outlet and outlet_country(article.outlet)))
    found: list[tuple[Claim, bool]] = []
    paras = _paragraphs(article.text)
    starts = [a for a, _ in paras]
    grouped: dict[int, list[SpacySpan]] = {}
    for s in doc.sents:  # one pass: each sentence goes to the paragraph it starts in
        grouped.setdefault(max(0, bisect.bisect_right(starts, s.start_char) - 1), []).append(s)
    for k in sorted(grouped):
        para_sents = grouped[k]
        old_para = bool(para_sents) and _is_old(para_sents[0].text, published)
        for sent in para_sents:
            if len(sent) > _MAX_SENT_TOKENS:
                continue
            found.extend(_sentence_claims(ctx, sent, para_sents, old_para))
    return _finish(found, article)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n|\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if b > a]


def _is_old(text: str, published: date) -> bool:
    """True when ``text`` names a date (year, month year, or decade) more than a year before publication."""
    for m in _OLD_YEAR.finditer(text):
        y = int(m.group("y"))
        if m.group("s"):
            y += 9
        month = _MONTHS.index(m.group("mon")) + 1 if m.group("mon") else 12
        if date(y, month, 28) < published - timedelta(days=366):
            return True
    return False


def _countries(doc: Doc, article: Article, actors: ActorResolver) -> tuple[str | None, list[str]]:
    """The article's location country (towns and regions named count most, then the dateline,
    country names and demonyms) and its sides (countries by number of mentions)."""
    where: Counter[str] = Counter()
    head = article.text[:_SIDES_CHARS]
    mentions = country_mentions(head)
    sides: Counter[str] = Counter(c for _, _, c in mentions)
    for start, _, code in mentions:
        # a country name after a locative word is a place ("in southern Lebanon"), not an actor
        before = head[max(0, start - 20):start].split()[-1:]
        if before and before[0].lower() in _LOCATIVE and code not in _STATES_EXCLUDED:
            where[code] += 2
    prefer = [c for c, _ in sides.most_common(4)]
    outlet = article.outlet or ""
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC") and not (outlet and ent.text in outlet):
            code = _place_code(actors, ent.text, prefer)
            if code and code not in _STATES_EXCLUDED:
                # a town or region says where; a country name is as often an actor ("Israel said")
                where[code] += 1 if country_code(ent.text) else 3
    for code, n in sides.items():
        where[code] += n // 2 + n % 2  # half weight, rounded up
    if article.dateline:
        for part in re.split(r"[/,]", article.dateline):
            code = actors.country_of(part.strip().title(), places=True, prefer=prefer)
            if code and code not in _STATES_EXCLUDED:
                where[code] += _DATELINE_WEIGHT
    location = where.most_common(1)[0][0] if where else None
    return location, [c for c, _ in sides.most_common()]


def _place_code(actors: ActorResolver, text: str, sides: list[str]) -> str | None:
    """Country of a place entity. A one-word name (NER often tags "North" or an acronym as a place,
    and the gazetteer knows towns with such names) counts only when its country is one of the
    article's sides, or the name is itself a country."""
    code = actors.country_of(text, places=True, prefer=sides[:4])
    if code and len(text.split()) == 1 and sides and code not in sides and country_code(text) is None:
        return None
    return code


def _outlet(article: Article, actors: ActorResolver, location: str | None) -> Actor:
    name = article.outlet or article.name
    code = outlet_country(name) if article.outlet else None
    if code is None and article.outlet:
        code = actors.country_of(article.outlet)
        code = None if code in _STATES_EXCLUDED else code
        if code is None:
            m = re.search(re.escape(article.outlet) + r"\s*[|—–-]\s*([A-Z][\w-]+)", article.raw_text)
            code = actors.country_of(m.group(1), places=True) if m else None
    if code is None and article.dateline:
        code = actors.country_of(article.dateline.split("/")[0].strip().title(), places=True)
    return Actor(text=name, name=name, country=code or location, sector="media")


def _sentence_claims(ctx: _Ctx, sent: SpacySpan, para: list[SpacySpan], old_para: bool) -> list[tuple[Claim, bool]]:
    doc, lex = ctx.doc, load_lexicon()
    readings: list[tuple[Reading, int, int, Quantity | None]] = []
    base = sent.start_char
    for q in find_quantities(sent.text):
        if q.year_like:
            continue
        sp = doc.char_span(base + q.start, base + q.end, alignment_mode="expand")
        num = doc.char_span(base + q.num_start, base + q.end, alignment_mode="expand")
        if sp is None or num is None:
            continue
        r = read(doc, sent.start, sent.end, sp.start, sp.end)
        if r is not None:
            readings.append((r, sp.start, sp.end, q))
    readings.extend(_named_individuals(doc, sent))
    if not readings:
        _observe_sources(ctx, sent)
        return []
    lows = {t.lower_ for t in sent}
    if (ctx.disaster_article or lows & lex.disaster) and not lows & lex.conflict:
        return []
    if _is_old(sent.text, ctx.published) or (old_para and not re.search(r"\b(?:said|says|told|reported)\b", sent.text)):
        return []
    has_toll = any(r.via == "toll" for r, *_ in readings)
    srcs = _sources(ctx, sent)
    out: list[tuple[Claim, bool]] = []
    prev: tuple[str | None, str] | None = None
    for r, s, e, qty in readings:
        if r.increment and has_toll:
            continue
        claimant, attributed, as_of = _claimant(ctx, sent, para, srcs, s)
        if claimant.country is None:
            claimant = replace(claimant, country=outlet_country(_bare(claimant.name)))
        if claimant.country is None and ctx.resolver.is_de_facto(claimant.text):
            # de facto authorities take the side they are on: the main side other than where they are
            other = [c for c in ctx.sides[:2] if c != ctx.location]
            claimant = replace(claimant, country=other[0] if other else None)
        if claimant.country is None and claimant.person and ctx.outlet_known and ctx.outlet.country in ctx.sides[:2]:
            claimant = replace(claimant, country=ctx.outlet.country)
        np_words = {t.lower_ for t in doc[r.np_start:r.np_end]} - {"others", "other", "more", "were", "had"}
        if prev is not None and not np_words and r.via != "named":
            vic_country, kind = prev  # "seven servicemen were killed and 10 were wounded"
        else:
            vic_country, kind = _victims(ctx, sent, r, claimant if attributed else None)
        prev = (vic_country, kind)
        low, high, qual = (qty.low, qty.high, qty.qualifier) if qty is not None else (1, 1, "exact")
        rs, re_ = ctx.article.offsets.span_to_raw(sent.start_char, sent.end_char)
        ns, ne = ctx.article.offsets.span_to_raw(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
        raw = ctx.article.raw_text
        out.append((Claim(
            id="", article_id=ctx.article.id, event_id=None, outcome=r.outcome, low=low, high=high,
            victim_country=vic_country, victim_kind=kind, claimant=claimant,
            claimant_country=claimant.country or vic_country or ctx.location,
            as_of=as_of, span=Span(start=rs, end=re_, text=raw[rs:re_]),
            number_span=Span(start=ns, end=ne, text=raw[ns:ne]), qualifier=qual,
            cumulative=bool(lows & lex.cumulative), extractor=EXTRACTOR), attributed))
    return out


def _bare(name: str) -> str:
    return re.sub(r"^(?:the|official|state-run|state|the official)\s+", "", name, flags=re.IGNORECASE)


def _sources(ctx: _Ctx, sent: SpacySpan) -> list[attribution.Source]:
    """Sources of ``sent``, without a dateline misread as a subject ("CITY, May 17 (Outlet) — ...")."""
    outlet = (ctx.article.outlet or "").lower()
    return [s for s in attribution.sources(sent)
            if not (outlet and f"({outlet}" in s.text.lower()) and not _DATELINE.match(s.text)]


def _observe_sources(ctx: _Ctx, sent: SpacySpan) -> None:
    """Remember the sources of a sentence without figures, so later pronouns can refer to them."""
    for src in _sources(ctx, sent):
        actor = ctx.memory.resolve(src.text, person=src.person)
        if actor is not None and actor.country is None and outlet_country(_bare(actor.name)):
            ctx.memory.observe(replace(actor, country=outlet_country(_bare(actor.name))))
        if actor is not None:
            day = attribution.statement_day(sent, src, ctx.published)
            if day is not None and day <= ctx.published:
                ctx.memory.note_statement(actor, day)


def _claimant(ctx: _Ctx, sent: SpacySpan, para: list[SpacySpan], srcs: list[attribution.Source],
              at: int) -> tuple[Actor, bool, date]:
    """The claimant of a figure at Doc token ``at``, whether the text attributes it, and as-of day."""
    src = attribution.source_for(sent, at, srcs)
    host = sent
    para_start = para[0].start_char if para else sent.start_char
    quoted = sent.text.lstrip()[:1] in ("\"", "“") or attribution.in_quotation(
        ctx.article.text[para_start:sent.start_char + 1], sent.start_char - para_start)
    if src is None and quoted and sent in para:
        # a quotation's speaker is named after it, or (for a quote's later sentences) before it
        i = para.index(sent)
        for other in [*para[i + 1:i + 4], *reversed(para[max(0, i - 3):i])]:
            other_srcs = _sources(ctx, other)
            if other_srcs:
                src, host = (other_srcs[0] if other.start > sent.start else other_srcs[-1]), other
                break
    if src is None:
        return ctx.outlet, False, ctx.published
    text = src.text
    if text.lower() in ("it", "they"):
        prev = [s.anchor for s in srcs if s.anchor < src.anchor]
        lo = max(prev[-1] + 1 if prev else host.start, host.start)
        seg = ctx.doc[lo:src.anchor]
        side = _SIDE.search(seg.text)
        if side and country_code(side.group(1)):
            text = side.group(1)
    actor = ctx.memory.resolve(text, person=src.person) or ctx.outlet
    earlier = ctx.memory.statement_day(actor)
    para_start = para[0].start_char if para else host.start_char
    context_day = attribution.last_day(ctx.article.text[para_start:src.start], ctx.published)
    day = attribution.statement_day(host, src, ctx.published, earlier, context_day)
    if day is not None and day <= ctx.published:
        ctx.memory.note_statement(actor, day)
    else:
        day = earlier or ctx.published
    return actor, True, day


def _place_country(ctx: _Ctx, sent: SpacySpan, after: int | None = None) -> str | None:
    """Country of the first place named in the sentence (within ten tokens after Doc token ``after``
    if given)."""
    outlet = ctx.article.outlet or ""
    for ent in attribution.sentence_ents(sent):
        if after is not None and not after <= ent.start <= after + 10:
            continue
        if outlet and ent.text in outlet:
            continue  # "Great Lakes" of "Great Lakes Wire" names the outlet, not a place
        if ent.label_ in ("GPE", "LOC", "FAC"):
            code = _place_code(ctx.resolver, ent.text, ctx.sides)
            if code and code not in _STATES_EXCLUDED:
                return code
    return None


def _victims(ctx: _Ctx, sent: SpacySpan, r: Reading, claimant: Actor | None) -> tuple[str | None, str]:
    """Victim country and kind of a reading; ``claimant`` is None for figures the text attributes
    to no one (the outlet's country says nothing about the victims)."""
    lex = load_lexicon()
    doc = ctx.doc
    np = doc[r.np_start:r.np_end]
    words = [t.lower_ for t in np]
    before = [t.lower_ for t in doc[max(sent.start, r.np_start - 4):r.np_start]]
    kind = "civilian"
    terms = [" ".join(words[i:i + 2]) for i in range(len(words))]
    if any(w in lex.military for w in terms + words + ([] if words else before)):
        kind = "military"  # "members of the defence force", "armed forces personnel"
    if r.via == "named":
        kind = "military" if any(w in lex.military for w in before) else "civilian"
    own = claimant.country if claimant is not None and claimant.country not in (None, *_STATES_EXCLUDED) else None
    victim_text = np.text if r.via != "named" else doc[max(sent.start, r.np_start - 4):r.np_start].text
    named = [c for _, _, c in country_mentions(victim_text)]
    if named:
        return named[0], kind
    group = ctx.resolver.armed_group_country(victim_text)
    if group:
        return group, kind  # "three Hezbollah fighters"
    if any(w in ("its", "their", "our", "own") for w in words):
        if own:
            return own, kind
        # a group without a state reporting its own dead: the place named, unless it is the attacker's
        perp = _perpetrator(doc, sent, r)
        places = [c for c in (_place_code(ctx.resolver, e.text, ctx.sides)
                              for e in attribution.sentence_ents(sent) if e.label_ in ("GPE", "LOC"))
                  if c and c not in _STATES_EXCLUDED and c != perp]
        return (places[0] if places else ctx.location), kind
    if "enemy" in words or "enemy" in {t.lower_ for t in doc[sent.start:r.np_start]}:
        other = [c for c in ctx.sides if c != own]
        return (other[0] if other else ctx.location), kind
    side = _SIDE.search(sent.text)
    if side and country_code(side.group(1)):
        return country_code(side.group(1)), kind
    perp = _perpetrator(doc, sent, r)
    if perp and kind == "civilian":
        if own and own != perp:
            return own, kind
        other = [c for c in ([ctx.location] if ctx.location else []) + ctx.sides if c != perp]
        return (other[0] if other else ctx.location), kind
    if kind == "military" and own and claimant is not None and claimant.sector != "rebels" \
            and any(w in lex.irregular for w in words):
        # a state counting militants it fought: they belong where they fight, not to its side
        return (_place_country(ctx, sent, r.np_start) or ctx.location or own), kind
    if r.via in ("passive", "toll", "named") and kind == "military" and own:
        return own, kind
    if r.via == "active" and kind == "military" and own and claimant is not None and claimant.sector == "rebels":
        # an armed group counting the soldiers it killed: the forces of the state where it fights
        return (_place_country(ctx, sent, r.np_start) or ctx.location or own), kind
    if r.via == "active" and kind == "military" and own and claimant is not None \
            and claimant.sector not in ("police",):
        # a state's forces report the enemies they killed: the other side
        place = _place_country(ctx, sent, r.np_start)
        other = [c for c in ([place] if place else []) + ([ctx.location] if ctx.location else []) + ctx.sides
                 if c != own]
        if other:
            return other[0], kind
    place = _place_country(ctx, sent, r.np_start)
    if place is None and own and r.via != "active" and claimant is not None \
            and claimant.sector in (None, "government", "military", "police"):
        return own, kind  # a state body reporting deaths with no place named: its own people
    return (place or ctx.location), kind


def _perpetrator(doc: Doc, sent: SpacySpan, r: Reading) -> str | None:
    """The country of whoever did it, when the sentence says: the subject of an active casualty verb
    ("Ukrainian shelling killed ...") or a "by ..." agent after a passive one."""
    verb = doc[r.verb]
    subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
    if subj is None and verb.dep_ in ("advcl", "xcomp", "conj"):
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    texts = []
    if r.via == "active" and subj is not None:
        texts.append(_doer_words(subj))
    for c in verb.children:
        if c.dep_ == "agent":
            texts.append(doc[c.i:c.right_edge.i + 1].text)
    for t in texts:
        found = country_mentions(t)
        if found:
            return found[0][2]
    return None


_WHERE_PREPS = frozenset({"in", "at", "near", "on", "outside", "inside", "across", "into", "onto", "of", "off",
                          "along", "around", "over", "during", "after", "before", "between"})


def _doer_words(subj: Token) -> str:
    """The text of a subject phrase without its place and target modifiers: "A drone attack on a
    ceremony in the Syrian city of Homs" -> "A drone attack" (the country there is the victims',
    not the attacker's); "by"/"from" phrases ("shelling by Russian forces") are kept."""
    drop: set[int] = set()
    for t in subj.subtree:
        if t.dep_ == "prep" and t.lower_ in _WHERE_PREPS and t.i > subj.i:
            drop.update(d.i for d in t.subtree)
        if t.dep_ in ("relcl", "acl") and t.i > subj.i:
            drop.update(d.i for d in t.subtree)
    return " ".join(t.text for t in subj.subtree if t.i not in drop)


def _named_individuals(doc: Doc, sent: SpacySpan) -> list[tuple[Reading, int, int, Quantity | None]]:
    """A named person who "was killed" / "was (badly) injured": a figure of one."""
    lex = load_lexicon()
    out: list[tuple[Reading, int, int, Quantity | None]] = []
    for ent in attribution.sentence_ents(sent):
        if ent.label_ != "PERSON":
            continue
        k = ent.end
        if k < sent.end and doc[k].text == ",":
            k += 1
        if k >= sent.end or doc[k].lower_ not in ("was", "has", "had"):
            continue
        k += 1
        while k < sent.end and (doc[k].lower_ in ("been", "reportedly") or doc[k].pos_ == "ADV"):
            k += 1
        lows = [t.lower_ for t in doc[k:min(sent.end, k + 3)]]
        for outcome in ("killed", "wounded"):
            words = lex.outcomes[outcome]
            if any(tuple(lows[:len(p)]) == p for p in words.after) and lows[0] != "buried":
                if not is_breakdown(doc, sent.start, ent.start):
                    out.append((Reading(outcome=outcome, np_start=ent.start, np_end=ent.end, via="named",
                                        verb=k), ent.start, ent.end, None))
                break
    return out


def _finish(found: list[tuple[Claim, bool]], article: Article) -> list[Claim]:
    """Drop repeats (see module docstring), order by text position and number the ids."""
    attributed = {(c.outcome, c.low, c.high, c.victim_country) for c, a in found if a}
    kept: dict[tuple[object, ...], tuple[Claim, bool]] = {}
    for c, a in found:
        if not a and (c.outcome, c.low, c.high, c.victim_country) in attributed:
            continue
        key = (c.outcome, c.low, c.high, c.victim_country, c.claimant_country)
        prev = kept.get(key)
        if prev is None or (a and not prev[1]) or (a and prev[0].claimant.person is None and c.claimant.person):
            kept[key] = (c, a)
    claims = sorted((c for c, _ in kept.values()),
                    key=lambda c: (c.span.start, c.number_span.start if c.number_span else 0))
    return [replace(c, id=f"{article.id}-c{i}") for i, c in enumerate(claims, 1)]
