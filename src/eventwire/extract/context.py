"""Is an article about armed conflict? Its conflict context, from the words it uses.

Political violence (ACLED's and PLOVER's FIGHT / ASSAULT) needs an armed or political agent or a war
setting. Ordinary news uses the same verbs figuratively ("stormed to gains", "a massacre for
shareholders", "bombed in the final") or reports deaths that are not political violence (a bus
crash, a mine collapse, a murder trial). Such articles name no armed actors, weapons of war or war
setting, and many are full of sport, market or arts vocabulary instead.

The score counts the ``[context]`` words of ``data/event_types.toml`` in the article: a ``strong``
word (troops, militants, artillery, ceasefire...) two points, a ``weak`` one (war, forces, rifles,
bomb...) one point, each word at most three times; ``domain`` words (match, shares, film, game...)
count against it the same way. An article of at least ``min_tokens`` tokens has a conflict context
when its score reaches ``min_score`` and exceeds its domain score; a shorter text (a brief, a single
sentence) is too short to show one, so it has one unless its domain score is the higher. Without a
conflict context, violent mentions and casualty claims are not coded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .triggers import Lexicon, load_lexicon

_CAP = 3  # a word repeated throughout one story counts at most this often


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictContext:
    """The conflict and domain scores of one text and the verdict."""

    score: int
    domain: int
    conflict: bool


def _count(words: Sequence[str], unigrams: Counter[str],
           phrases: tuple[tuple[str, ...], ...]) -> int:
    total = 0
    for phrase in phrases:
        n = unigrams[phrase[0]]
        if n and len(phrase) > 1:  # scanned only when its first word occurs at all
            k = len(phrase)
            n = sum(1 for i in range(len(words) - k + 1) if words[i] == phrase[0] and tuple(words[i:i + k]) == phrase)
        total += min(n, _CAP)
    return total


def conflict_context(tokens: Iterable[str], lex: Lexicon | None = None) -> ConflictContext:
    """Score the lower-cased ``tokens`` of a text (a spaCy Doc's ``lower_`` values, in order)."""
    lex = lex or load_lexicon()
    words = list(tokens)
    unigrams = Counter(words)
    strong, weak, domain = lex.context
    score = 2 * _count(words, unigrams, strong) + _count(words, unigrams, weak)
    against = _count(words, unigrams, domain)
    if len(words) < lex.context_tokens:
        return ConflictContext(score=score, domain=against, conflict=score >= against)
    return ConflictContext(score=score, domain=against, conflict=score >= lex.context_min and score > against)
