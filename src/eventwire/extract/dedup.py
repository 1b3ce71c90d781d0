"""Merging the mentions of one event within an article (recaps, repeated triggers).

An article often reports the same clash several times: the lead, a "To recap" paragraph, a quote.
Candidates of the same type merge when their dates, places and actors are compatible:

- in the same sentence: always, unless one is told in an "after"/"before" clause of the other;
- both with a date of their own (or their paragraph's): the day ranges overlap or touch (gap of at
  most one day), the place sets are compatible (either empty, or one contains the other, or their
  Jaccard overlap is at least one half), and - unless places overlap or one is a recap - the actor
  sets are compatible as well;
- one with only a borrowed date (the article's running anchor or the publication day): it joins
  the nearest compatible group of its type whose date is not after its own.

A merged mention keeps the date of its best-dated member (own > report/paragraph > context >
publication; then the earliest day), the evidence sentence of that member, the union of places,
agents, targets and countries, and every member's sentence in ``evidence``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Actor, DateRange, EventMention, Place, Span

# "report" dates bound the event from above ("..., he said on May 3") and count as weak
_STRENGTH = {"own": 3, "sentence": 2, "paragraph": 2, "report": 1, "context": 1, "published": 0}
_COARSE = frozenset({"week", "month", "year"})


@dataclass(slots=True, kw_only=True)
class Candidate:
    """A mention before de-duplication (mutable while groups merge). Offsets are clean-text."""

    type: str
    violent: bool
    date: DateRange
    date_source: str
    flags: frozenset[str]
    sentence: tuple[int, int]
    trigger: tuple[int, int]
    order: int
    mode: str | None
    agents: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    places: tuple[Place, ...]
    countries: tuple[str, ...]
    raw: Callable[[int, int], Span]
    date_mention: Any = None  # the temporal.DateMention the date came from, if any
    borrowed: tuple[Place, ...] = ()  # places of an earlier sentence, used if no member names one
    loose: bool = False  # a casualty report or an anaphoric "the attack": joins any violent group
    guessed: bool = False  # typed by target or by default ("the attack"), not by its own word
    consequence: bool = False  # typed from casualty words only ("two soldiers were killed")
    summary: bool = False  # a plural summary ("a number of attacks"): joins a group of its type
    apart: bool = False  # in an "after"/"before" clause: not the same event as its sentence's other triggers
    members: list[Candidate] = field(default_factory=list)

    @property
    def strength(self) -> int:
        """How much the date is worth: own > sentence/paragraph > report/context > publication; an
        own week, month or year ("last week's fighting") counts as a paragraph date."""
        base = _STRENGTH.get(self.date_source, 0)
        return min(base, 2) if self.date.precision in _COARSE else base

    def to_mention(self, mention_id: str, article_id: str, extractor: str) -> EventMention:
        """The frozen record of this (possibly merged) candidate."""
        spans = tuple(self.raw(*m.sentence) for m in sorted(self.members or [self], key=lambda c: c.order))
        return EventMention(
            id=mention_id, article_id=article_id, type=self.type, date=self.date,
            span=self.raw(*self.sentence), mode=self.mode, agents=self.agents, targets=self.targets,
            places=self.places or self.borrowed, countries=self.countries, trigger=self.raw(*self.trigger),
            flags=self.flags, extractor=extractor, evidence=spans)


def _names(items: tuple[Actor, ...] | tuple[Place, ...]) -> set[str]:
    return {i.name.lower() for i in items}


def _places_ok(a: Candidate, b: Candidate) -> bool:
    """Place sets compatible: one empty, one inside the other, or overlapping by half (Jaccard);
    regions and countries are left out first, since they contain the places compared."""
    pa = {p.name.lower() for p in a.places if p.precision not in {"region", "country"}}
    pb = {p.name.lower() for p in b.places if p.precision not in {"region", "country"}}
    if not pa or not pb or pa <= pb or pb <= pa:
        return True
    return len(pa & pb) / len(pa | pb) >= 0.5


def _actors_ok(a: Candidate, b: Candidate) -> bool:
    xa, xb = _names(a.agents + a.targets), _names(b.agents + b.targets)
    if not xa or not xb:
        return True
    ca, cb = set(a.countries), set(b.countries)
    if len(xa & xb) / len(xa | xb) >= 0.5:
        return True
    return a.violent and bool(ca and cb and ca == cb)


def _opposed_agents(a: Candidate, b: Candidate) -> bool:
    """Both name who did it, and no side is shared: different attackers, different events."""
    ca = {x.country for x in a.agents if x.country and x.country not in {"IGO", "NGO"}}
    cb = {x.country for x in b.agents if x.country and x.country not in {"IGO", "NGO"}}
    return bool(ca and cb and not ca & cb)


def _dates_touch(a: DateRange, b: DateRange) -> bool:
    return _dates_near(a, b, 1)


def _dates_near(a: DateRange, b: DateRange, days: int) -> bool:
    return (b.start - a.end).days <= days and (a.start - b.end).days <= days


def compatible(group: Candidate, c: Candidate) -> bool:
    """Whether candidate ``c`` reports the same event as ``group`` (see the module docstring)."""
    if group.type != c.type or ("historical" in group.flags) != ("historical" in c.flags):
        return False
    members = group.members or [group]
    if any(m.sentence == c.sentence for m in members) and not (c.apart or any(m.apart for m in members)):
        return True
    if group.violent and _opposed_agents(group, c):
        return False  # "a Russian missile hit ..." and "a Ukrainian drone hit ...": two events
    flexible = c.summary or c.loose
    if group.strength >= 2 and c.strength >= 2 and not c.loose:
        if c.summary and group.violent and _dates_near(group.date, c.date, 3):
            # "Clashes broke out on Wednesday ... and spread": combat moves across places, while
            # one-sided strikes ("shells landed on homes in X") stay where they were reported
            return c.type == "FIGHT" or _places_ok(group, c)
        if not _places_ok(group, c):
            return False
        if group.violent and _dates_near(group.date, c.date, 3) and (
                not (group.places and c.places) or _names(group.places) & _names(c.places)):
            return True  # one article's violent reports of one type, days apart, same places: one event
        coarse = group.date.precision in _COARSE or c.date.precision in _COARSE
        if not (_dates_touch(group.date, c.date) or (coarse and _dates_near(group.date, c.date, 0))):
            return False
        shared_place = bool(_names(group.places) & _names(c.places))
        recap = "recap" in group.flags or "recap" in c.flags
        return shared_place or recap or group.violent or _actors_ok(group, c)
    weak, strong = (c, group) if c.strength <= group.strength or flexible else (group, c)
    if weak.strength < 2 and strong.strength < 2 and not (flexible or group.summary or group.loose):
        return False  # two events dated only by their surroundings: no evidence they are one
    if not flexible and not _places_ok(group, c):
        return False
    if weak.date_source == "context" and not flexible:
        if not _dates_near(weak.date, strong.date, 3):
            return False
    elif strong.date.start > weak.date.end:
        return False  # the event cannot postdate the report that bounds it
    if weak.strength >= 2 and not _dates_touch(weak.date, strong.date):
        return False
    if not c.violent and not _actors_ok(group, c):
        return False
    if not c.violent and not _dates_near(weak.date, strong.date, 7):
        return False  # a statement dated by its surroundings is not one made weeks before
    return True


def _absorb(group: Candidate, c: Candidate) -> None:
    if not group.members:
        group.members.append(_copy(group))
    group.members.append(c)
    best = min(group.members, key=lambda m: (-m.strength, m.date.start, m.order))
    # a coarse date ("last week") gives way to a member's more precise day inside it
    inside = [m for m in group.members if best.date.start <= m.date.start and m.date.end <= best.date.end
              and m.strength >= 1] or [best]
    best = min(inside, key=lambda m: ((m.date.end - m.date.start).days, -m.strength, m.order))
    group.date, group.date_source = best.date, best.date_source
    group.sentence, group.trigger, group.mode = best.sentence, best.trigger, best.mode or group.mode
    group.order = min(m.order for m in group.members)
    group.places = _union(group.places, c.places)
    group.borrowed = group.borrowed or c.borrowed
    group.agents = _union(group.agents, c.agents)
    group.targets = _union(group.targets, c.targets)
    group.countries = tuple(dict.fromkeys(group.countries + c.countries))
    group.flags = frozenset(group.flags | (c.flags & {"recap"}))


def _union(a: tuple, b: tuple) -> tuple:  # type: ignore[type-arg]
    seen = {x.name.lower() for x in a}
    return a + tuple(x for x in b if x.name.lower() not in seen and not seen.add(x.name.lower()))  # type: ignore[func-returns-value]


def _copy(c: Candidate) -> Candidate:
    return replace(c, members=[])


def merge_candidates(cands: list[Candidate]) -> list[Candidate]:
    """Merge candidates of one article that report the same event; result in text order.

    Fresh and not-fresh (negated, planned, hypothetical) candidates are merged separately, so a
    denial never absorbs the report it denies. Loose candidates (casualty reports, "the attack")
    are merged last, into the best compatible violent group of either violent type.
    """
    groups: list[Candidate] = []
    ordered = sorted(cands, key=lambda c: (c.order, c.trigger))
    for c in [c for c in ordered if not (c.loose or c.summary)]:
        _place_in(groups, c, any_violent=False)
    # plural summaries ("the killings took place on Nov. 9") before casualty words and back-references,
    # so these find the summary's group of their own type rather than the nearest other violent one
    for c in [c for c in ordered if c.summary and not c.loose]:
        _place_in(groups, c, any_violent=False)
    for c in [c for c in ordered if c.loose]:
        _place_in(groups, c, any_violent=True)
    # a loose group formed before the report it belongs to was seen: try it again
    for g in [g for g in groups if all(m.loose or m.summary for m in (g.members or [g]))]:
        rest = [h for h in groups if h is not g]
        members = g.members or [g]
        targets = [h for h in rest if all(_fits(h, m) for m in members)]
        if targets:
            target = max(targets, key=lambda h: _preference(h, members[0]))
            for m in members:
                _absorb(target, _retyped(m, target.type))
            groups = rest
    groups.sort(key=lambda g: g.order)
    return groups


def _fits(g: Candidate, c: Candidate) -> bool:
    fresh = not (c.flags - {"recap"})
    if (not (g.flags - {"recap"})) != fresh or (not fresh and g.flags != c.flags):
        return False
    if c.loose and g.violent and c.violent and g.type != c.type:
        return compatible(g, _retyped(c, g.type))
    return compatible(g, c)


def _preference(g: Candidate, c: Candidate) -> tuple[bool, int | bool, int, int]:
    """Order of preference among compatible groups: same type, better dated, sharing places, then
    nearest in the text (a back-reference points at the event told nearby)."""
    distance = min(abs(m.order - c.order) for m in (g.members or [g]))
    # a back-reference's own type is a guess ("the attack"); casualty words and others keep theirs
    same = g.type == c.type and not (c.loose and c.guessed)
    if c.loose:  # a back-reference joins the event its borrowed date and place point at
        dated = _dates_near(g.date, c.date, 1)
        return (same, dated, len(_names(g.places) & _names(c.places)), -distance)
    return (same, g.strength, len(_names(g.places) & _names(c.places)), -distance)


def _place_in(groups: list[Candidate], c: Candidate, *, any_violent: bool) -> None:
    pool = [g for g in groups if (any_violent or g.type == c.type) and _fits(g, c)]
    if pool:
        target = max(pool, key=lambda g: _preference(g, c))
        _absorb(target, _retyped(c, target.type))
    else:
        groups.append(c)


def _retyped(c: Candidate, etype: str) -> Candidate:
    if c.type == etype:
        return c
    d = _copy(c)
    d.type = etype
    return d
