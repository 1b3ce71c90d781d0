"""Event fusion: reports of the same real-world event across articles become one event.

A pair of mentions is compared only when its date ranges come within ``DATE_SLACK_DAYS`` of each
other and it shares a block: a side or place country and, for mentions whose first spot is
resolved, a neighbouring 1°x3° cell (a sweep over mentions sorted by start date, so candidate
generation costs O(n log n) plus the pairs actually inside each window). Each compared pair gets
evidence scores, or a veto naming its rule:

- ``type``:   1.0 same type; 0.8 FIGHT vs ASSAULT (sides disagree on who attacked); else veto.
- ``date``:   1.0 ranges overlap; 0.6 within the slack; wide ranges (month/year) count less. Two
              strikes (no FIGHT) on stated consecutive days are two strikes: veto.
- ``place``:  see :func:`_place_score` — first spots the same 1.0, first resolved spots apart
              (farther than NEAR_POINT_KM for strikes, NEAR_KM for battles) veto, weaker shares
              0.7/0.5/0.25, no spot on one side 0.5; regions are context, not spots.
- ``actors``: Jaccard of the side countries; disjoint non-empty sets veto unless the first spots
              are the same (outlets often name only one side).
- ``text``:   similarity of the evidence sentences (lexical cosine by default, pluggable).

The weighted sum must reach ``THRESHOLD``. Analyst decisions come first and are never overridden:
``merge`` (must-link) and ``split`` (cannot-link) by mention ids, the latest decision on a pair
winning. Two mentions from the same article are never linked directly (extraction already merged
recaps within an article), and two clusters join only when no pair across them is vetoed and their
mean score is near the threshold (complete-linkage guard against chaining). Every decision is a
:class:`FusionLink` carrying its rule and evidence.

Hand-written because no maintained library does constrained, explainable, incremental clustering
of event records; the similarity model is pluggable (``text_similarity``).
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..model import EventMention, FusionLink, Place

DATE_SLACK_DAYS = 1
_FINE = frozenset({"place", "district"})  # a region ("in the Kharkiv region") is context, not the spot
NEAR_KM = 25.0  # a battle's sector: villages this close to a front town are one fight
NEAR_POINT_KM = 10.0  # a strike hits a point: farther apart is another town (geocoding slack only)
FAR_KM = 80.0
THRESHOLD = 0.6
WEIGHTS = {"type": 0.1, "date": 0.2, "place": 0.3, "actors": 0.1, "text": 0.3}
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
_STOP = frozenset("the and for with that this from have has had were was are its their said says after into "
                  "over under about which while when also been being other than they them there".split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """An analyst decision: ``merge`` (must-link) or ``split`` (cannot-link) of two mention ids."""

    kind: str
    a: str
    b: str


def lexical_similarity(a: str, b: str) -> float:
    """Cosine similarity of content-word counts (0..1)."""
    ca, cb = _bag(a), _bag(b)
    if not ca or not cb:
        return 0.0
    dot = sum(v * cb.get(k, 0) for k, v in ca.items())
    return dot / (math.sqrt(sum(v * v for v in ca.values())) * math.sqrt(sum(v * v for v in cb.values())))


def _bag(text: str) -> Counter[str]:
    return Counter(w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOP)


def haversine_km(a: Place, b: Place) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def compare(a: EventMention, b: EventMention,
            text_similarity: Callable[[str, str], float] = lexical_similarity) -> FusionLink:
    """Score one pair; the link's decision says whether the evidence is enough to fuse."""
    evidence: list[tuple[str, float]] = []

    def veto(rule: str) -> FusionLink:
        return FusionLink(a=a.id, b=b.id, decision="separate", rule=rule, evidence=tuple(evidence))

    if a.article_id == b.article_id:
        return veto("same-article")
    if a.type == b.type:
        s_type = 1.0
    elif {a.type, b.type} == {"FIGHT", "ASSAULT"}:
        s_type = 0.8
    else:
        return veto("type-veto")
    evidence.append(("type", s_type))
    gap = max((b.date.start - a.date.end).days, (a.date.start - b.date.end).days)
    if gap > DATE_SLACK_DAYS or gap == 1 and _point_events(a, b) and _stated_day(a) and _stated_day(b):
        # strikes recur daily on the same town: two stated, consecutive days are two strikes
        return veto("date-veto")
    width = max((a.date.end - a.date.start).days, (b.date.end - b.date.start).days)
    s_date = (1.0 if gap <= 0 else 0.6) * (1.0 if width <= 2 else 0.7 if width <= 8 else 0.4)
    evidence.append(("date", round(s_date, 3)))
    s_place = _place_score(_located(a), _located(b), NEAR_POINT_KM if _point_events(a, b) else NEAR_KM)
    if s_place is None:
        return veto("place-veto")
    evidence.append(("place", round(s_place, 3)))
    ca, cb = set(a.countries), set(b.countries)
    if ca and cb and not ca & cb and s_place < 1.0:
        # sides are read from the sentence and often only one of them is named ("Congolese troops"
        # vs "ADF rebels"): other sides alone do not part two reports of one place's event
        return veto("actor-veto")
    s_act = len(ca & cb) / len(ca | cb) if ca and cb else 0.5
    evidence.append(("actors", round(s_act, 3)))
    s_text = text_similarity(a.span.text, b.span.text)
    evidence.append(("text", round(s_text, 3)))
    score = sum(WEIGHTS[k] * v for k, v in evidence)
    decision = "merge" if score >= THRESHOLD else "separate"
    return FusionLink(a=a.id, b=b.id, decision=decision, rule=f"score{'>=' if decision == 'merge' else '<'}{THRESHOLD}",
                      score=round(score, 3), evidence=tuple(evidence))


def _block_keys(m: EventMention) -> tuple[str, ...]:
    """Countries that can bring two mentions together: their sides and the countries of their
    places. Pairs sharing none are vetoed by compare (other sides and no same place, or places in
    other countries), so they need not meet."""
    keys = dict.fromkeys((*m.countries, *(p.country for p in _located(m) if p.country)))
    return tuple(keys) or ("?",)


def _cell(m: EventMention) -> tuple[int, int] | None:
    """The cell (1° of latitude by 3° of longitude) of the mention's first spot when that spot is
    resolved, else None. Up to latitude 85 a cell is wider and taller than NEAR_KM, so spots within
    NEAR_KM of each other lie in the same or neighbouring cells."""
    fine = [p for p in m.places if p.precision in _FINE]
    if not fine or fine[0].lat is None or fine[0].lon is None:
        return None
    return math.floor(fine[0].lat), math.floor(fine[0].lon / 3)


def _point_events(a: EventMention, b: EventMention) -> bool:
    """Neither is a battle (FIGHT): strikes, shelling, raids happen at a point on a day."""
    return a.type != "FIGHT" and b.type != "FIGHT"


def _stated_day(m: EventMention) -> bool:
    """The mention's date is one day the text states, not the publication day standing in."""
    return m.date.start == m.date.end and m.date.anchor != "publication date"


def _located(m: EventMention) -> list[Place]:
    """The mention's places. Datelines, reporting venues ("told reporters in Geneva") and capitals
    standing for governments are already left out by extraction (extract.locate)."""
    return list(m.places)


def _place_score(pa: Sequence[Place], pb: Sequence[Place], near_km: float = NEAR_KM) -> float | None:
    """How well two mentions' places agree (0..1), or None (veto: other places).

    Only places and districts are spots; regions ("the Kharkiv region", "North Kivu") and
    countries are context. A mention lists places in text order and its first spot is where the
    event happened, the rest being context ("25 km west of Y"). So: first spots the same (same
    id or name, or within ``near_km``) 1.0; the first resolved spots of both apart: veto; one's
    first spot named by the other 0.7; some other shared spot 0.5; unresolved names on one side
    0.25 (0.4 in a shared admin area); every spot resolved and none within ``near_km``: veto;
    either side without a spot 0.5 (veto when their countries are disjoint).
    """
    fine_a = [p for p in pa if p.precision in _FINE]
    fine_b = [p for p in pb if p.precision in _FINE]
    if not fine_a or not fine_b:
        countries_a = {p.country for p in pa if p.country}
        countries_b = {p.country for p in pb if p.country}
        if countries_a and countries_b and not countries_a & countries_b:
            return None
        return 0.5
    if _same_place(fine_a[0], fine_b[0], near_km):
        return 1.0
    first_a = next((p for p in fine_a if p.lat is not None), None)
    first_b = next((p for p in fine_b if p.lat is not None), None)
    if first_a is not None and first_b is not None and not _same_place(first_a, first_b, near_km):
        return None  # the first resolved spots differ ("Korabelnyi, Kherson" vs "Bilozerka"): two spots
    if any(_same_place(fine_a[0], y, near_km) for y in fine_b) or \
            any(_same_place(x, fine_b[0], near_km) for x in fine_a):
        return 0.7
    if any(_same_place(x, y, near_km) for x in fine_a for y in fine_b):
        return 0.5
    distances = [d for x in fine_a for y in fine_b if (d := haversine_km(x, y)) != math.inf]
    if not distances:
        shared_admin = {(p.country, p.admin1) for p in fine_a} & {(p.country, p.admin1) for p in fine_b}
        return 0.4 if shared_admin else 0.25
    if _all_located(fine_a) and _all_located(fine_b) and min(distances) > near_km:
        return None  # every place of both is resolved and none is near another: other towns
    if min(distances) >= FAR_KM:
        return None
    return 0.25


def _all_located(places: Sequence[Place]) -> bool:
    return all(p.lat is not None and p.lon is not None for p in places)


def _same_place(x: Place, y: Place, near_km: float = NEAR_KM) -> bool:
    """Same gazetteer id, or within ``near_km``; by name only when either lacks coordinates (two
    resolved towns sharing a name far apart, like the many Novoselivkas, are other places)."""
    if x.geonameid is not None and x.geonameid == y.geonameid:
        return True
    distance = haversine_km(x, y)
    if distance == math.inf:
        return x.name.casefold() == y.name.casefold()
    return distance <= near_km


@dataclass(slots=True)
class Fuser:
    """Incremental fusion state: add mentions in any order; clusters update in place.

    ``add`` compares each new mention only with mentions inside its date window (found by binary
    search over the sorted start dates), so adding k mentions to n costs O(k log n) plus the pairs
    in those windows; nothing already fused is recomputed.
    """

    decisions: Sequence[Decision] = ()
    text_similarity: Callable[[str, str], float] = lexical_similarity
    mentions: dict[str, EventMention] = field(default_factory=dict)
    links: list[FusionLink] = field(default_factory=list)
    compared: int = 0
    _parent: dict[str, str] = field(default_factory=dict)
    _cluster_index: dict[str, list[str]] = field(default_factory=dict)  # root -> members
    _buckets: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # country -> (day, id)
    _cells: dict[tuple[str, int, int], list[tuple[int, str]]] = field(default_factory=dict)
    _open: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # country -> mentions without a cell
    _max_width: int = 0

    def seed(self, clusters: Iterable[Sequence[EventMention]]) -> None:
        """Load clusters fused earlier without comparing them again (incremental fusion)."""
        for cluster in clusters:
            for m in cluster:
                self.mentions[m.id] = m
                self._parent[m.id] = m.id
                self._max_width = max(self._max_width, (m.date.end - m.date.start).days)
                self._index(m)
            for m in cluster[1:]:
                self._union(cluster[0].id, m.id)

    def add(self, new: Iterable[EventMention]) -> None:
        cannot, must = self._effective_decisions()
        batch = sorted(new, key=lambda m: (m.date.start, m.id))
        for m in batch:
            if m.id in self.mentions:
                continue
            self.mentions[m.id] = m
            self._parent[m.id] = m.id
            key = m.date.start.toordinal()
            self._max_width = max(self._max_width, (m.date.end - m.date.start).days)
            lo_key = (key - self._max_width - DATE_SLACK_DAYS, "")
            hi_key = (m.date.end.toordinal() + DATE_SLACK_DAYS, "\uffff")
            candidates: set[str] = set()
            for bucket in self._candidate_buckets(m):
                candidates.update(oid for _, oid in bucket[bisect.bisect_left(bucket, lo_key):
                                                           bisect.bisect_right(bucket, hi_key)])
            scored = [compare(self.mentions[oid], m, self.text_similarity) for oid in sorted(candidates)]
            self.compared += len(scored)
            self._index(m)
            for link in sorted(scored, key=lambda lk: -lk.score):
                if link.decision == "merge":
                    refused = "analyst-split" if self._blocked(link.a, link.b, cannot) else \
                        "linkage-guard" if self._conflicts(link.a, link.b) else None
                    if refused:
                        link = FusionLink(a=link.a, b=link.b, decision="separate", rule=refused,
                                          score=link.score, evidence=link.evidence)
                    else:
                        self._union(link.a, link.b)
                    self.links.append(link)
        for a, b in must:
            if a in self.mentions and b in self.mentions and not self._blocked(a, b, cannot):
                self._union(a, b)
                self.links.append(FusionLink(a=a, b=b, decision="merge", rule="analyst-merge", score=1.0))

    def _effective_decisions(self) -> tuple[set[frozenset[str]], list[tuple[str, str]]]:
        """``(cannot-link pairs, must-link pairs)`` with the latest decision on a pair winning
        (``decisions`` are oldest first): splitting an event that an analyst merged undoes the
        merge, and merging events split earlier undoes that split for the merged pair."""
        latest: dict[frozenset[str], Decision] = {}
        for d in self.decisions:
            latest[frozenset((d.a, d.b))] = d
        cannot = {k for k, d in latest.items() if d.kind == "split"}
        return cannot, [(d.a, d.b) for d in latest.values() if d.kind == "merge"]

    def _index(self, m: EventMention) -> None:
        """File ``m`` under each block key, and under its spatial cell or its keys' open lists."""
        entry = (m.date.start.toordinal(), m.id)
        cell = _cell(m)
        for country in _block_keys(m):
            bisect.insort(self._buckets.setdefault(country, []), entry)
            if cell is None:
                bisect.insort(self._open.setdefault(country, []), entry)
            else:
                bisect.insort(self._cells.setdefault((country, *cell), []), entry)

    def _candidate_buckets(self, m: EventMention) -> list[list[tuple[int, str]]]:
        """Blocking by country (:func:`_block_keys`): a mention only meets mentions sharing a side or
        place country, plus those with none; one with none meets all. Within a country a mention
        whose first spot is resolved meets only the mentions filed in its own and the eight
        neighbouring cells (:func:`_cell`) and those without a cell: compare vetoes first resolved
        spots farther apart than NEAR_KM, which never share or neighbour a cell."""
        keys = _block_keys(m)
        if keys == ("?",):
            return list(self._buckets.values())
        cell = _cell(m)
        if cell is None:
            return [self._buckets[c] for c in (*keys, "?") if c in self._buckets]
        out = [self._open[c] for c in keys if c in self._open]
        out += [b for c in keys for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                if (b := self._cells.get((c, cell[0] + dy, cell[1] + dx))) is not None]
        if "?" in self._buckets:
            out.append(self._buckets["?"])
        return out

    def _conflicts(self, a: str, b: str) -> bool:
        """Complete-linkage guard against chaining: fusing a's and b's clusters is refused when any
        pair across them is vetoed (other place, other day, other type, other sides) or when the
        cross pairs' mean score falls below the threshold."""
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return False
        xs, ys = self._cluster_index.get(ra, [ra]), self._cluster_index.get(rb, [rb])
        if len(xs) == 1 and len(ys) == 1:
            return False
        total, n = 0.0, 0
        for x in xs:
            for y in ys:
                link = compare(self.mentions[x], self.mentions[y], self.text_similarity)
                if link.rule == "same-article":
                    continue  # one article's two angles on the event: no evidence either way
                if link.rule.endswith("-veto"):
                    return True
                total, n = total + link.score, n + 1
        return n > 0 and total / n < THRESHOLD - 0.1

    def _find(self, x: str) -> str:
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            self._parent[gone] = keep
            self._cluster_index[keep] = self._cluster_index.get(keep, [keep]) + self._cluster_index.pop(gone, [gone])

    def _blocked(self, a: str, b: str, cannot: set[frozenset[str]]) -> bool:
        """True when fusing a's and b's clusters would join a cannot-link pair."""
        if not cannot:
            return False
        ra, rb = self._find(a), self._find(b)
        members_a = self._cluster_index.get(ra, [ra])
        members_b = self._cluster_index.get(rb, [rb])
        return any(frozenset((x, y)) in cannot for x in members_a for y in members_b)

    def clusters(self) -> list[list[EventMention]]:
        """Clusters as lists of mentions, each sorted by (date, id); clusters sorted likewise."""
        groups: dict[str, list[EventMention]] = {}
        for mid, m in self.mentions.items():
            groups.setdefault(self._find(mid), []).append(m)
        out = [sorted(g, key=lambda m: (m.date.start, m.id)) for g in groups.values()]
        return sorted(out, key=lambda g: (g[0].date.start, g[0].id))


def event_id(cluster: Sequence[EventMention]) -> str:
    """A stable id for a cluster: derived from its lexicographically smallest mention id."""
    return "ev-" + hashlib.sha1(min(m.id for m in cluster).encode()).hexdigest()[:12]
