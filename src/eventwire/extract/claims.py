"""Casualty claims with attribution: who says how many were killed, wounded, captured or missing.

``extract_claims(doc, article, actors)`` walks the sentences of ``doc`` (the parse of
``article.text``), reads each figure (:mod:`.numbers`, :mod:`.casualties`), finds its source
(:mod:`.attribution`, resolved through a per-article :class:`~eventwire.resolve.actors.ActorMemory`)
and decides the victims' country and kind:

* victims: country and kind from :mod:`.sides` (a country or armed group named in the victim
  phrase, the claimant's own side, the other side of a named perpetrator, where militants fight,
  else the place in the sentence or the article's location).
* claimant: the source, else the outlet (its country from the outlet table, the text of the outlet
  itself, the dateline, else the article's location). A claimant without a country (a non-state
  group, "residents", "security sources") takes the location country.
* dropped: every figure of an article without a conflict context (:mod:`.context`), background
  history (a date more than a year before publication in the sentence or in the paragraph's opening
  sentence), natural-disaster and accident tolls, scores and win-loss records ("fell to 3-5"),
  increments of a stated total, and
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

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..clean import outlet_country
from ..model import Actor, Article, Claim, Span
from ..resolve.actors import ActorMemory, ActorResolver
from ..resolve.countries import country_code, country_mentions
from . import attribution
from .casualties import Reading, is_breakdown, load_lexicon, read
from .classify import hazard_in
from .context import conflict_context
from .numbers import Quantity, find_quantities
from .sides import SIDE, STATES_EXCLUDED, Scene, article_countries, victims
from .temporal import reference_day
from .triggers import load_lexicon as load_events_lexicon

log = logging.getLogger(__name__)

EXTRACTOR = "claims/1"
_MAX_SENT_TOKENS = 200
_OLD_YEAR = re.compile(r"(?<!since )(?<!\d)(?:(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
                       r"(?:\d{1,2},?\s+)?)?(?P<y>1[89]\d\d|20\d\d)(?P<s>s)?(?!\d|,\d)")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]{2,}(?:,|\s+[—–-])")


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
    scene: Scene


def extract_claims(doc: Doc, article: Article, actors: ActorResolver) -> list[Claim]:
    """Casualty claims of ``article`` (``doc`` is the parse of ``article.text``), in text order.

    Ids are ``<article id>-c<n>``; ``event_id`` is left None; spans are raw-text offsets.
    """
    if not conflict_context(t.lower_ for t in doc).conflict:
        # casualty figures of accidents, disasters, crime or figurative speech are no conflict claims
        log.debug("%s: no conflict context: no claims", article.id)
        return []
    published = reference_day(article.published, article.text, date.today())
    lex = load_lexicon()
    memory = actors.article_memory()
    location, sides = article_countries(doc, article, actors)
    memory.prefer = tuple(sides[:4])
    words = Counter(t.lower_ for t in doc)
    disaster = sum(words[w] for w in lex.disaster) > max(1, sum(words[w] for w in lex.conflict))
    ctx = _Ctx(article=article, doc=doc, published=published, memory=memory, resolver=actors,
               location=location, sides=sides, outlet=_outlet(article, actors, location),
               disaster_article=disaster,
               outlet_known=bool(article.outlet and outlet_country(article.outlet)),
               scene=Scene(doc=doc, resolver=actors, location=location, sides=sides, outlet=article.outlet))
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


def _outlet(article: Article, actors: ActorResolver, location: str | None) -> Actor:
    name = article.outlet or article.name
    code = outlet_country(name) if article.outlet else None
    if code is None and article.outlet:
        code = actors.country_of(article.outlet)
        code = None if code in STATES_EXCLUDED else code
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
        if q.year_like or _score(sent.text, q):
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
    if (ctx.disaster_article or lows & lex.disaster or hazard_in(load_events_lexicon(), sent)) \
            and not lows & lex.conflict:
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
            vic_country, kind = victims(ctx.scene, sent, r, claimant if attributed else None)
        prev = (vic_country, kind)
        low, high, qual = (qty.low, qty.high, qty.qualifier) if qty is not None else (1, 1, "exact")
        rs, re_ = ctx.article.offsets.span_to_raw(sent.start_char, sent.end_char)
        ns, ne = ctx.article.offsets.span_to_raw(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
        raw = ctx.article.raw_text
        out.append((Claim(
            id="", article_id=ctx.article.id, event_id=None, outcome=r.outcome, low=low, high=high,
            victim_country=vic_country, victim_kind=kind, claimant=claimant,
            claimant_country=claimant.country or _unknown_side(ctx, r, claimant, vic_country, attributed),
            as_of=as_of, span=Span(start=rs, end=re_, text=raw[rs:re_]),
            number_span=Span(start=ns, end=ne, text=raw[ns:ne]), qualifier=qual,
            cumulative=bool(lows & lex.cumulative), extractor=EXTRACTOR), attributed))
    return out


def _score(text: str, q: Quantity) -> bool:
    """True when the figure is a hyphenated "N-M" after a score verb ("fell to 3-5", "won 2-1"):
    a result or a win-loss record, not a casualty range."""
    if not re.fullmatch(r"\d{1,3}-\d{1,3}", text[q.num_start:q.end]):
        return False
    before = re.findall(r"[a-z]+", text[max(0, q.start - 40):q.start].lower())[-3:]
    return bool(set(before) & load_events_lexicon().cue("score_verbs"))


def _unknown_side(ctx: _Ctx, r: Reading, claimant: Actor, victims: str | None, attributed: bool) -> str | None:
    """The side of a claimant the resolver could not place: one that says it killed or captured
    people it names by country ("it said its forces killed 10 Indian soldiers") is on the other main
    side; an armed group is coded where it fights (the location); otherwise the victims' side, else
    the article's location."""
    if attributed and claimant.sector == "rebels" and ctx.location:
        return ctx.location  # a non-state armed group: the country it fights in
    named = country_mentions(ctx.doc[r.np_start:r.np_end].text) if r.via == "active" else []
    if attributed and victims is not None and any(code == victims for _, _, code in named):
        other = [c for c in ctx.sides[:2] if c != victims]
        if other:
            return other[0]
    return victims or ctx.location


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
        side = SIDE.search(seg.text)
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


def _named_individuals(doc: Doc, sent: SpacySpan) -> list[tuple[Reading, int, int, Quantity | None]]:
    """A named person who "was killed" / "was (badly) injured": a figure of one."""
    lex = load_lexicon()
    out: list[tuple[Reading, int, int, Quantity | None]] = []
    for ent in [*(e for e in attribution.sentence_ents(sent) if e.label_ == "PERSON"), *_ranked_names(doc, sent)]:
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


def _ranked_names(doc: Doc, sent: SpacySpan) -> list[SpacySpan]:
    """Names that follow a military rank ("Corporal Andrés Felipe Rojas"): the small NER model
    often misses them, while the rank says a person is meant. Ranks are ``[victims].ranks``."""
    ranks = load_lexicon().ranks
    out: list[SpacySpan] = []
    for t in sent:
        if t.lower_ in ranks and t.i + 1 < sent.end and doc[t.i + 1].pos_ == "PROPN" \
                and not doc[t.i + 1].ent_type_ == "PERSON":
            end = t.i + 1
            while end < sent.end and doc[end].pos_ == "PROPN":
                end += 1
            if end - t.i >= 3:  # a rank and at least two name words
                out.append(doc[t.i + 1:end])
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
