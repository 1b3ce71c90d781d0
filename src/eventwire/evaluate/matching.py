"""The matching rules of the scorer: name folding, claimant and place agreement, one-to-one pairing.

One-to-one pairing is a maximum bipartite matching computed by ``networkx.max_weight_matching``
with ``maxcardinality=True``: first as many pairs as possible (that is the score), then, among all
matchings of that size, the one with the largest total secondary weight (claimant name and as_of
agreement for claims), so the secondary figures and the diff do not depend on input order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

import networkx as nx

G = TypeVar("G")
S = TypeVar("S")
PlaceMatcher = Callable[[str, str], bool]

_NON_WORD = re.compile(r"[\W_]+")
_ARTICLES = frozenset({"the", "a", "an"})


def fold(text: str) -> str:
    """Casefold, strip accents (NFKD minus combining marks) and turn punctuation runs into one space.

    ``"Şuşa"`` -> ``"susa"``, ``"Nagorno-Karabakh"`` -> ``"nagorno karabakh"``. Letters with no
    decomposition (``ə``, ``ı``) stay as they are; the place hook covers such spellings.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def name_tokens(name: str) -> tuple[str, ...]:
    """A claimant name as folded tokens without the articles *the*, *a*, *an*."""
    return tuple(t for t in fold(name).split() if t not in _ARTICLES)


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def names_match(gold: str, system: str) -> bool:
    """True when two claimant names agree.

    Rule: after :func:`name_tokens`, the token sequences are equal, or one is a contiguous run of
    the other's tokens ("Ministry of Defense" within "Azerbaijani Ministry of Defense"; "Zelensky"
    within "Volodymyr Zelensky"). Matching whole tokens rather than characters keeps "Iran" from
    matching "Ukraine's ministry". An empty name matches only another empty name.
    """
    a, b = name_tokens(gold), name_tokens(system)
    if not a or not b:
        return a == b
    return _contains(a, b) or _contains(b, a)


def claimant_names(value: Any) -> list[str]:
    """The names a system claimant offers: a string, or an actor dict's name / text / person."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [v for k in ("name", "text", "person") if isinstance(v := value.get(k), str) and v]
    return []


def place_names(value: Any) -> list[str]:
    """The names a system place offers: a string, or a place dict's name and text."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [v for k in ("name", "text") if isinstance(v := value.get(k), str) and v]
    return []


def places_match(gold_places: Sequence[str], system_places: Iterable[Any],
                 matcher: PlaceMatcher | None = None) -> bool:
    """The README's place rule: True when gold names no place, else when one system place matches one.

    Two names match when their :func:`fold` forms are equal, or when ``matcher(gold, system)`` says
    so (the CLI passes a gazetteer test: both names resolve to the same GeoNames entry).
    """
    if not gold_places:
        return True
    candidates = list(dict.fromkeys(n for p in system_places for n in place_names(p)))
    folded = {fold(n) for n in candidates}
    for g in gold_places:
        if fold(g) in folded:
            return True
        if matcher is not None and any(matcher(g, n) for n in candidates):
            return True
    return False


def within_one_day(gold: date, system: date | None) -> bool:
    """True when ``system`` is a day at most one day away from ``gold``."""
    return system is not None and abs((system - gold).days) <= 1


def one_to_one(gold: Sequence[G], system: Sequence[S],
               weight: Callable[[G, S], int | None]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching between ``gold`` and ``system`` items, as sorted index pairs.

    ``weight(g, s)`` is ``None`` when the pair may not match, else a positive integer: among the
    matchings with the most pairs, the one with the largest total weight wins; remaining ties go to
    earlier items (of two identical system items, the first emitted is the match, the second the
    false positive). The tie-break is folded into integer weights, below one unit of ``weight``.
    """
    n_gold, n_sys = len(gold), len(system)
    unit = min(n_gold, n_sys) * (n_gold + n_sys) + 1  # exceeds any matching's total tie-break
    graph = nx.Graph()
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            w = weight(g, s)
            if w is not None:
                graph.add_edge(("g", i), ("s", j), weight=w * unit + (n_gold - i) + (n_sys - j))
    if graph.number_of_edges() == 0:
        return []
    pairs = []
    for u, v in nx.max_weight_matching(graph, maxcardinality=True):
        gnode, snode = (u, v) if u[0] == "g" else (v, u)
        pairs.append((gnode[1], snode[1]))
    return sorted(pairs)
