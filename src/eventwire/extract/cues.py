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
from spacy.tokens import Doc

from ..annotate.cascade import CueSet, Selection
from .casualties import load_lexicon as load_casualties
from .context import conflict_context
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


#: Words a phrase may hold in another form ("will" as "'ll", "them" as "'em") or that nearly every
#: sentence holds: never required for a phrase to be a cue.
_LOOSE = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must", "to", "the",
                    "a", "an", "them", "you", "us", "it", "him", "her", "me"})


def content_words(phrase: Iterable[str]) -> list[str]:
    """The words of a phrase that must occur for it to match: its content words (stop words and
    punctuation dropped) when it has two or more; otherwise its words except :data:`_LOOSE` ones, so
    "would keep attacking" needs "keep" as well as "attacking" (the verb alone is a violent word that
    an article without a conflict context does not parse for) and "call on" needs both words."""
    words = [w for w in phrase if any(ch.isalpha() for ch in w)]
    content = [w for w in words if w not in STOP_WORDS and w != "'s"]
    if len(content) >= 2 or len(words) <= 1:
        return content or words
    return [w for w in words if w in content or w not in _LOOSE] or [max(words, key=len)]


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


@lru_cache(maxsize=1)
def calm_cues() -> CueSet:
    """Cues of an article with no conflict context: the triggers of the non-violent event types
    (such an article yields no violent event and no casualty claim, see :mod:`.context`)."""
    lex = load_triggers()
    return build_cues((e.words, e.pos) for e in lex.entries if e.type not in lex.violent)


def select_by_context(doc: Doc) -> Selection:
    """The cascade's article-level gate (see :class:`~eventwire.annotate.cascade.Cascade`): every cue
    with paragraph places when the first-pass tokens show a conflict context, else the calm cues
    without them (only violent events borrow a place from an earlier sentence). The verdict is the
    one extraction reaches on the parsed text, since it reads the same tokens' lower-case forms."""
    if conflict_context(t.lower_ for t in doc).conflict:
        return Selection(cascade_cues())
    return Selection(calm_cues(), places=False)
