"""Cue words for the cascade's first pass: every inflected form of the lexicons' trigger words.

The first pass sees tokens only (no lemmas, no parts of speech), so a lexicon lemma ("shell",
"strike", "kill") must be matched in all its surface forms ("shelled", "struck", "killing").
``lemminflect`` supplies the inflections, irregular ones included; words it does not know keep
their regular forms. A multi-word trigger needs only one cue — a phrase can only match where each of its words occurs —
so its last content word (not a stop word) stands for it: "exchange of fire" -> "fire",
"among the dead" -> "dead".
Sources: the event-type triggers (``event_types.toml``), the casualty outcome words
(``casualties.toml``) and the flag cues that decide whether an event is recapped or denied.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lemminflect import getAllInflections, getAllInflectionsOOV
from spacy.lang.en.stop_words import STOP_WORDS

from .casualties import load_lexicon as load_casualties
from .triggers import load_lexicon as load_triggers

#: Never the word that stands for a phrase (spaCy's stop words miss the clitic)
_TOO_COMMON = frozenset({"'s"})


def inflections(word: str) -> set[str]:
    """``word`` and every inflected form lemminflect knows for it (lower case)."""
    forms = {word}
    known = getAllInflections(word)
    if not known:
        known = {**getAllInflectionsOOV(word, "VERB"), **getAllInflectionsOOV(word, "NOUN")}
    for values in known.values():
        forms.update(v.lower() for v in values)
    return forms


def expand(phrases: Iterable[Iterable[str]]) -> frozenset[str]:
    """Cue forms of every word in ``phrases`` (each a sequence of lower-case words)."""
    out: set[str] = set()
    for phrase in phrases:
        words = [w for w in phrase if any(ch.isalpha() for ch in w)]
        if len(words) > 1:
            content = [w for w in words if w not in STOP_WORDS and w not in _TOO_COMMON]
            words = content[-1:] or [max(words, key=len)]  # all stop words ("call on"): the longest
        for word in words:
            out.update(inflections(word))
    return frozenset(out)


@lru_cache(maxsize=1)
def cascade_cues() -> frozenset[str]:
    """The packaged lexicons' cue words (see the module docstring), built once per process."""
    triggers = load_triggers()
    phrases: list[tuple[str, ...]] = [e.words for e in triggers.entries]
    casualties = load_casualties()
    for outcome in casualties.outcomes.values():
        phrases.extend(outcome.after)
        phrases.extend(outcome.before)
        phrases.extend((w,) for w in outcome.nouns | outcome.modifiers | outcome.toll)
    return expand(phrases)
