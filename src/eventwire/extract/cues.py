"""Cue words for the cascade's first pass: the lexicons' triggers in every inflected form.

The first pass sees tokens only (no lemmas, no parts of speech), so a lexicon lemma ("shell",
"strike", "kill") must be matched in all its surface forms ("shelled", "struck", "killing").
``lemminflect`` supplies the inflections, irregular ones included, for the part of speech the
lexicon lists the word under (the noun "accord" gives "accords", not "according"); words it does
not know get its regular out-of-vocabulary forms. A multi-word trigger ("joint force", "come under
fire", "shot dead") is a cue only where all its content words occur in the sentence, in any form —
a phrase can match nowhere else, and its common words alone ("forces", "came") would send most
sentences of a conflict report to the parser.

Sources: the event-type triggers (``event_types.toml``) and the casualty outcome words
(``casualties.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas
from spacy.lang.en.stop_words import STOP_WORDS

from ..annotate.cascade import CueSet
from .casualties import load_lexicon as load_casualties
from .triggers import load_lexicon as load_triggers

_UPOS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN"}


def inflections(word: str, pos: Iterable[str] | None = None) -> frozenset[str]:
    """``word`` and its inflected forms (lower case) for the parts of speech ``pos`` (None: all)."""
    forms = {word}
    uposes = sorted({_UPOS[p] for p in pos if p in _UPOS}) if pos else ["VERB", "NOUN"]
    for upos in uposes:
        # a lexicon word may itself be inflected ("came under fire"): inflect its lemmas
        lemmas = {lemma for values in getAllLemmas(word, upos=upos).values() for lemma in values} or {word}
        for lemma in lemmas:
            known = getAllInflections(lemma, upos=upos) or getAllInflectionsOOV(lemma, upos)
            for values in known.values():
                forms.update(v.lower() for v in values)
    return frozenset(forms)


def content_words(phrase: Iterable[str]) -> list[str]:
    """The words of a phrase that must occur for it to match (stop words and punctuation dropped;
    a phrase of stop words only, like "call on", keeps its longest word)."""
    words = [w for w in phrase if any(ch.isalpha() for ch in w)]
    content = [w for w in words if w not in STOP_WORDS and w != "'s"]
    return content or ([max(words, key=len)] if words else [])


def build_cues(entries: Iterable[tuple[tuple[str, ...], Iterable[str] | None]]) -> CueSet:
    """A CueSet from ``(words, pos)`` lexicon entries (``pos`` None: any part of speech)."""
    single: set[str] = set()
    phrases: list[tuple[frozenset[str], ...]] = []
    for words, pos in entries:
        needed = content_words(words)
        if len(needed) == 1:
            single.update(inflections(needed[0], pos if len(words) == 1 else None))
        elif needed:
            phrases.append(tuple(inflections(w) for w in needed))
    return CueSet.of(single, phrases)


@lru_cache(maxsize=1)
def cascade_cues() -> CueSet:
    """The packaged lexicons' cues (see the module docstring), built once per process."""
    entries: list[tuple[tuple[str, ...], Iterable[str] | None]] = [
        (e.words, e.pos) for e in load_triggers().entries]
    for outcome in load_casualties().outcomes.values():
        entries.extend((p, None) for p in outcome.after + outcome.before)
        entries.extend(((w,), None) for w in outcome.nouns | outcome.modifiers | outcome.toll)
    return build_cues(entries)
