"""Event-type triggers: the lexicon in ``data/event_types.toml`` and matching it over a sentence.

The lexicon is loaded once per process and validated at load (:class:`~eventwire.errors.LexiconError`).
A trigger word matches a token whose lower-cased text or lemma equals it; single words are restricted
to the part of speech of their list (verbs / nouns), phrases are not. Matching is hand-written rather
than done with spaCy's ``Matcher`` because a word must match *either* the text or the lemma, the
part-of-speech filter depends on the list, and the lexicon needs no ``Vocab`` to load or test.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..data import read_toml
from ..errors import LexiconError
from ..model import EVENT_TYPES

log = logging.getLogger(__name__)

#: Pseudo-types of the lexicon, resolved to FIGHT or ASSAULT by the mention builder.
PSEUDO_TYPES: frozenset[str] = frozenset({"VIOLENCE", "CONSEQUENCE"})
_VERB_POS = frozenset({"VERB", "AUX"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_WORD = re.compile(r"\w+|[^\w\s]")
_FLAG_KEYS = ("future_aux", "hypothetical_aux", "hypothetical_marks", "planning_verbs", "negation_words",
              "denial_verbs", "ending_verbs", "recap_cues")
# optional cue lists (absent: empty)
_OPTIONAL_FLAG_KEYS = ("mutual_verbs", "time_preps", "time_heads", "generic_heads", "reaction_verbs", "onset_verbs",
                       "campaign_verbs", "nonviolent_modifiers", "labour_verbs", "idiom_objects", "needs_object",
                       "legal_heads", "score_verbs", "blaze_verbs", "arrest_verbs")


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerEntry:
    """One lexicon entry: ``words`` (tokenised), its lexicon type and the POS it is limited to."""

    words: tuple[str, ...]
    type: str
    pos: frozenset[str] | None  # None: any part of speech (phrases)


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerMatch:
    """A trigger found in a sentence: token range ``[start, end)`` in the Doc and its head token."""

    start: int
    end: int
    head: int
    type: str  # an EVENT_TYPES member or a PSEUDO_TYPES member
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    """The loaded event-type lexicon."""

    version: str
    entries: tuple[TriggerEntry, ...]
    violent: frozenset[str]
    modes: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    cues: tuple[tuple[str, frozenset[str]], ...] = ()
    targets: tuple[tuple[str, frozenset[str]], ...] = ()
    needs_target: frozenset[str] = frozenset()  # trigger words that count only with a known target
    # [context]: (strong, weak, domain) word/phrase lists (token tuples) and the minimum conflict score
    context: tuple[tuple[tuple[str, ...], ...], ...] = ((), (), ())
    context_min: int = 3
    context_tokens: int = 120  # texts shorter than this need no conflict score, only no domain majority

    def target_kind(self, word: str) -> str | None:
        """``military``, ``civilian``, ``place`` or ``hazard`` for a lower-cased noun or lemma, else None."""
        for kind, words in self.targets:
            if word in words:
                return kind
        return None

    def cue(self, name: str) -> frozenset[str]:
        """The ``[flags]`` cue list ``name`` (lower-cased words / phrases)."""
        for key, words in self.cues:
            if key == name:
                return words
        return frozenset()

    def match(self, sent: SpacySpan) -> list[TriggerMatch]:
        """All trigger matches in ``sent``, longest first at each position, without overlaps."""
        doc = sent.doc
        found: list[TriggerMatch] = []
        taken: set[int] = set()
        for i in range(sent.start, sent.end):
            best: TriggerEntry | None = None
            for entry in self._by_first.get(_key(doc[i]), ()) + self._by_first.get(doc[i].lower_, ()):
                n = len(entry.words)
                if i + n > sent.end or (best is not None and n <= len(best.words)):
                    continue
                toks = doc[i:i + n]
                if not all(_word_ok(t, w) for t, w in zip(toks, entry.words, strict=True)):
                    continue
                if entry.pos is not None and toks[-1].pos_ not in entry.pos:
                    continue
                best = entry
            if best is None or any(j in taken for j in range(i, i + len(best.words))):
                continue
            end = i + len(best.words)
            taken.update(range(i, end))
            found.append(TriggerMatch(start=i, end=end, head=_head_of(doc[i:end]), type=best.type,
                                      text=doc[i:end].text))
        return found

    def words_of(self, kind: str) -> frozenset[str]:
        """The ``[targets]`` word list ``kind``."""
        for key, words in self.targets:
            if key == kind:
                return words
        return frozenset()

    def is_event_noun(self, lemma: str) -> bool:
        """True when ``lemma`` is itself a one-word violent noun trigger ("attack", "clash")."""
        return any(e.words == (lemma,) and e.type in self.violent and e.pos is not None
                   and "NOUN" in e.pos for e in self._by_first.get(lemma, ()))

    def mode_of(self, sent: SpacySpan) -> str | None:
        """The first mode (lexicon order) whose words occur in ``sent``, else None."""
        words = [t.lower_ for t in sent]
        present = set(words)
        for mode, phrases in self.modes:
            for phrase in phrases:
                if not phrase or phrase[0] not in present:  # cheap test before the window scan
                    continue
                n = len(phrase)
                if any(tuple(words[k:k + n]) == phrase for k in range(len(words) - n + 1)):
                    return mode
        return None

    @property
    def _by_first(self) -> dict[str, tuple[TriggerEntry, ...]]:
        # keyed by identity: an lru_cache on the Lexicon itself re-hashed every entry on each call
        index = _INDEXES.get(id(self))
        if index is None or index[0] is not self:
            index = _INDEXES[id(self)] = (self, _index(self))
        return index[1]


def _key(tok: Token) -> str:
    return tok.lemma_.lower()


def _word_ok(tok: Token, word: str) -> bool:
    return tok.lower_ == word or tok.lemma_.lower() == word


def _head_of(span: SpacySpan) -> int:
    """The syntactic head of a multi-token trigger (the token whose head lies outside the span)."""
    for tok in span:
        if tok.head.i < span.start or tok.head.i >= span.end or tok.head.i == tok.i:
            return tok.i
    return span.end - 1


_INDEXES: dict[int, tuple[Lexicon, dict[str, tuple[TriggerEntry, ...]]]] = {}


def _index(lex: Lexicon) -> dict[str, tuple[TriggerEntry, ...]]:
    by: dict[str, list[TriggerEntry]] = {}
    for e in lex.entries:
        by.setdefault(e.words[0], []).append(e)
    return {k: tuple(v) for k, v in by.items()}


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Validate and build a :class:`Lexicon` from the TOML mapping; raise LexiconError if invalid."""
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise LexiconError("event_types.toml: missing 'version' string")
    types = data.get("types")
    if not isinstance(types, dict) or not types:
        raise LexiconError("event_types.toml: missing [types.*] tables")
    entries: list[TriggerEntry] = []
    violent: set[str] = set()
    needs_target: set[str] = set()
    for name, spec in types.items():
        if name not in EVENT_TYPES and name not in PSEUDO_TYPES:
            raise LexiconError(f"event_types.toml: unknown type {name!r}")
        if not isinstance(spec, dict):
            raise LexiconError(f"event_types.toml: [types.{name}] must be a table")
        unknown = set(spec) - {"verbs", "nouns", "phrases", "violent", "consequence", "by_target", "needs_target"}
        if unknown:
            raise LexiconError(f"event_types.toml: [types.{name}] has unknown keys {sorted(unknown)}")
        if spec.get("violent"):
            violent.add(name)
        strict = spec.get("needs_target", [])
        if not isinstance(strict, list) or not all(isinstance(w, str) for w in strict):
            raise LexiconError(f"event_types.toml: [types.{name}].needs_target must be a list of words")
        needs_target.update(w.lower() for w in strict)
        for key, pos in (("verbs", _VERB_POS), ("nouns", _NOUN_POS), ("phrases", None)):
            items = spec.get(key, [])
            if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
                raise LexiconError(f"event_types.toml: [types.{name}].{key} must be a list of words")
            for item in items:
                words = _words(item)
                entries.append(TriggerEntry(words=words, type=name,
                                            pos=pos if len(words) == 1 else None))
    modes_raw = data.get("modes", {})
    if not isinstance(modes_raw, dict):
        raise LexiconError("event_types.toml: [modes] must be a table")
    modes: list[tuple[str, tuple[tuple[str, ...], ...]]] = []
    for mode, words in modes_raw.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise LexiconError(f"event_types.toml: [modes].{mode} must be a list of words")
        modes.append((mode, tuple(_words(w) for w in words)))
    flags_raw = data.get("flags", {})
    if not isinstance(flags_raw, dict):
        raise LexiconError("event_types.toml: [flags] must be a table")
    cues: list[tuple[str, frozenset[str]]] = []
    for key in _FLAG_KEYS + _OPTIONAL_FLAG_KEYS:
        cue_words = flags_raw.get(key, [] if key in _OPTIONAL_FLAG_KEYS else None)
        if not isinstance(cue_words, list) or not all(isinstance(w, str) and w.strip() for w in cue_words):
            raise LexiconError(f"event_types.toml: [flags].{key} must be a list of words")
        cues.append((key, frozenset(w.lower() for w in cue_words)))
    unknown_flags = set(flags_raw) - set(_FLAG_KEYS) - set(_OPTIONAL_FLAG_KEYS)
    if unknown_flags:
        raise LexiconError(f"event_types.toml: [flags] has unknown keys {sorted(unknown_flags)}")
    targets_raw = data.get("targets", {})
    targets: list[tuple[str, frozenset[str]]] = []
    for kind in ("military", "civilian", "place", "hazard", "irregular", "remote"):
        kind_words = targets_raw.get(kind) if isinstance(targets_raw, dict) else None
        if not isinstance(kind_words, list) or not all(isinstance(w, str) and w.strip() for w in kind_words):
            raise LexiconError(f"event_types.toml: [targets].{kind} must be a list of words")
        targets.append((kind, frozenset(w.lower() for w in kind_words)))
    context, context_min, context_tokens = _parse_context(data.get("context", {}))
    return Lexicon(version=version, entries=tuple(entries), violent=frozenset(violent), modes=tuple(modes),
                   cues=tuple(cues), targets=tuple(targets), needs_target=frozenset(needs_target),
                   context=context, context_min=context_min, context_tokens=context_tokens)


def _parse_context(raw: Any) -> tuple[tuple[tuple[tuple[str, ...], ...], ...], int, int]:
    """The ``[context]`` table: (strong, weak, domain) as token tuples, ``min_score``, ``min_tokens``."""
    if not isinstance(raw, dict):
        raise LexiconError("event_types.toml: [context] must be a table")
    unknown = set(raw) - {"strong", "weak", "domain", "min_score", "min_tokens"}
    if unknown:
        raise LexiconError(f"event_types.toml: [context] has unknown keys {sorted(unknown)}")
    lists: list[tuple[tuple[str, ...], ...]] = []
    for key in ("strong", "weak", "domain"):
        items = raw.get(key, [])
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise LexiconError(f"event_types.toml: [context].{key} must be a list of words")
        lists.append(tuple(_words(w) for w in items))
    numbers: list[int] = []
    for key, default in (("min_score", 3), ("min_tokens", 120)):
        value = raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise LexiconError(f"event_types.toml: [context].{key} must be a non-negative integer")
        numbers.append(value)
    return tuple(lists), numbers[0], numbers[1]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged event-type lexicon (``data/event_types.toml``), loaded once per process."""
    lex = parse_lexicon(read_toml("event_types.toml"))
    log.debug("event lexicon %s: %d triggers", lex.version, len(lex.entries))
    return lex
