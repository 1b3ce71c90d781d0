"""Whose people: an article's location and sides, and the country and kind of a figure's victims.

``article_countries`` weighs where an article's events happen (towns and regions count most, then
country names after a locative word, the dateline, other country names and demonyms) and lists its
sides. ``victims`` decides for one casualty reading (see :mod:`.claims` for the rules in order):
a country named in the victim phrase or a listed armed group; "its/their (own)" -> the claimant's
side; "enemy" -> the other side; a perpetrator named in the subject -> the other side; militants a
state counts, and soldiers an armed group counts, belong where they fight; own losses in the
passive -> the claimant's state; else the place in the sentence, else the article's location.
Kind: military words in the phrase, else civilian ("people").

Hand-written rules over the parse: no offline model assigns victims to sides.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..model import Actor, Article
from ..resolve.actors import ActorResolver
from ..resolve.countries import country_code, country_mentions
from . import attribution
from .casualties import Reading, load_lexicon

STATES_EXCLUDED = ("IGO", "NGO")
_DATELINE_WEIGHT = 4  # the reporter's location: worth several mentions
_SIDES_CHARS = 60_000  # the sides of a conflict are named early; bounds work on huge inputs
_LOCATIVE = frozenset({"in", "inside", "across", "throughout", "into", "southern", "northern", "eastern",
                       "western", "central", "south", "north", "east", "west", "north-western",
                       "north-eastern", "south-western", "south-eastern", "northwestern", "northeastern",
                       "southwestern", "southeastern"})
SIDE = re.compile(r"\bon the ([A-Z][\w-]+) side\b")


@dataclass(frozen=True, slots=True)
class Scene:
    """What victims are judged against in one article: its parse, the actor resolver, the location
    country, the sides (by mentions) and the outlet's name (never a place)."""

    doc: Doc
    resolver: ActorResolver
    location: str | None
    sides: list[str]
    outlet: str | None


def article_countries(doc: Doc, article: Article, actors: ActorResolver) -> tuple[str | None, list[str]]:
    """The article's location country (towns and regions named count most, then the dateline,
    country names and demonyms) and its sides (countries by number of mentions)."""
    where: Counter[str] = Counter()
    head = article.text[:_SIDES_CHARS]
    mentions = country_mentions(head)
    sides: Counter[str] = Counter(c for _, _, c in mentions)
    for start, _, named in mentions:
        # a country name after a locative word is a place ("in southern Lebanon"), not an actor
        before = head[max(0, start - 20):start].split()[-1:]
        if before and before[0].lower() in _LOCATIVE and named not in STATES_EXCLUDED:
            where[named] += 2
    prefer = [c for c, _ in sides.most_common(4)]
    outlet = article.outlet or ""
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC") and not (outlet and ent.text in outlet):
            place = _place_code(actors, ent.text, prefer)
            if place and place not in STATES_EXCLUDED:
                # a town or region says where; a country name is as often an actor ("Israel said")
                where[place] += 1 if country_code(ent.text) else 3
    for code, n in sides.items():
        where[code] += n // 2 + n % 2  # half weight, rounded up
    if article.dateline:
        for part in re.split(r"[/,]", article.dateline):
            filed = actors.country_of(part.strip().title(), places=True, prefer=prefer)
            if filed and filed not in STATES_EXCLUDED:
                where[filed] += _DATELINE_WEIGHT
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


def _place_country(ctx: Scene, sent: SpacySpan, after: int | None = None) -> str | None:
    """Country of the first place named in the sentence (within ten tokens after Doc token ``after``
    if given)."""
    outlet = ctx.outlet or ""
    for ent in attribution.sentence_ents(sent):
        if after is not None and not after <= ent.start <= after + 10:
            continue
        if outlet and ent.text in outlet:
            continue  # "Great Lakes" of "Great Lakes Wire" names the outlet, not a place
        if ent.label_ in ("GPE", "LOC", "FAC"):
            code = _place_code(ctx.resolver, ent.text, ctx.sides)
            if code and code not in STATES_EXCLUDED:
                return code
    return None


def victims(ctx: Scene, sent: SpacySpan, r: Reading, claimant: Actor | None) -> tuple[str | None, str]:
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
    own = claimant.country if claimant is not None and claimant.country not in (None, *STATES_EXCLUDED) else None
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
                  if c and c not in STATES_EXCLUDED and c != perp]
        return (places[0] if places else ctx.location), kind
    if "enemy" in words or "enemy" in {t.lower_ for t in doc[sent.start:r.np_start]}:
        other = [c for c in ctx.sides if c != own]
        return (other[0] if other else ctx.location), kind
    side = SIDE.search(sent.text)
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
    return (place or _opening_place(ctx, sent) or ctx.location), kind


def _opening_place(ctx: Scene, sent: SpacySpan) -> str | None:
    """Country of a place the sentence opens with ("In Israel, rockets fired from Gaza killed ...")."""
    first = sent[0]
    if first.lower_ not in _LOCATIVE or len(sent) < 3:
        return None
    for ent in attribution.sentence_ents(sent):
        if ent.start > first.i + 4:
            break
        if ent.label_ in ("GPE", "LOC", "FAC") and not (ctx.outlet and ent.text in ctx.outlet):
            code = _place_code(ctx.resolver, ent.text, ctx.sides)
            if code and code not in STATES_EXCLUDED:
                return code
    return None


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
    not the attacker's); "by"/"from" phrases ("shelling by Russian forces", "rockets fired from
    Gaza") are kept."""
    drop: set[int] = set()
    for t in subj.subtree:
        if t.dep_ == "prep" and t.lower_ in _WHERE_PREPS and t.i > subj.i:
            drop.update(d.i for d in t.subtree)
        if t.dep_ == "relcl" and t.i > subj.i:
            drop.update(d.i for d in t.subtree)  # "rockets fired from Gaza" (acl) keeps its origin
    return " ".join(t.text for t in subj.subtree if t.i not in drop)
