"""The cascade: a tokenizer-only first pass decides which sentences get the statistical pipeline.

Most sentences in news hold no event and no casualty figure ("The talks are due to resume next
month."). The first pass runs only what costs next to nothing — spaCy's tokenizer, the line-break
rule, the rule-based ``Sentencizer`` and the gazetteer's entity ruler (exact phrase matches on the
tokens, so places named in sentences that are not parsed still say where the article is) — and
marks a sentence as a *candidate* when one of its tokens is a cue word: any inflected form of a
trigger or casualty word from the lexicons (the caller supplies them, see
:mod:`eventwire.extract.cues`). Candidate sentences, plus ``context`` sentences before one holding a
pronoun (an earlier sentence often introduces the speaker a claim is attributed to) and the earlier
sentences naming a place that a place-less violent event may borrow (those of its paragraph, else
the last one before it), go through the full pipeline (tagger, parser, lemmatizer, gazetteer ruler,
NER); the others keep their tokens only. A caller's ``select`` may narrow the cues per text: the
extractor parses an article with no conflict context for its non-violent triggers only, since such
an article yields no violent event and no casualty claim.

The result is one ``Doc`` per text, exactly like a full parse as far as offsets go: the text is cut
into runs of consecutive sentences at sentence starts (so the pieces concatenate back to the text),
candidate runs are parsed in one ``nlp.pipe`` batch, token-only runs are sliced from the first-pass
doc, and ``Doc.from_docs`` joins them. Sentence boundaries of token-only runs are restored from the
first pass (``Doc.from_docs`` recomputes them from the parse heads, which those tokens lack).
Extraction code already checks for annotation (a token without a part of speech matches no trigger).

Hand-written because spaCy has no component that runs later components on a subset of a doc's
sentences; everything it does is built from spaCy's own pieces.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Hashable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy
from spacy.attrs import ENT_TYPE, IS_SPACE, LOWER, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .pipeline import line_breaks
from .ruler import NAME as RULER

log = logging.getLogger(__name__)

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Pronouns that point back to a speaker named earlier ("It said it had lost four soldiers"): a
#: candidate holding one also gets the ``context`` sentences before it parsed, so the speaker is known.
_ANAPHORS = frozenset({"it", "its", "he", "his", "she", "her", "they", "their", "them"})
_ANAPHOR_IDS = frozenset(map(get_string_id, _ANAPHORS))
_PLACE_IDS = frozenset(map(get_string_id, _PLACE_LABELS))

W = TypeVar("W", bound=Hashable)


@dataclass(slots=True)
class CascadeStats:
    """Running counts: how much of the input the expensive pipeline saw."""

    texts: int = 0
    sentences: int = 0
    parsed_sentences: int = 0
    tokens: int = 0
    parsed_tokens: int = 0

    @property
    def parsed_share(self) -> float:
        """Share of tokens that went through the full pipeline (0..1)."""
        return self.parsed_tokens / self.tokens if self.tokens else 0.0


@dataclass(frozen=True, slots=True)
class CueSet(Generic[W]):
    """What makes a sentence a candidate: one of ``single`` (lower-cased word forms), or every word
    of a phrase requirement (each word given as the set of its forms), in any order.

    ``anchors`` maps each form of a requirement's first word to the requirements it starts, so a
    sentence costs a few set operations. Words are strings, or spaCy's hash ids of them
    (:meth:`ids`, matched against ``Token.lower`` values).
    """

    single: frozenset[W]
    anchors: dict[W, tuple[tuple[frozenset[W], ...], ...]]

    @classmethod
    def of(cls, single: Iterable[W], phrases: Iterable[tuple[frozenset[W], ...]]) -> CueSet[W]:
        anchors: dict[W, list[tuple[frozenset[W], ...]]] = {}
        for req in phrases:
            for form in req[0]:
                anchors.setdefault(form, []).append(req[1:])
        return cls(single=frozenset(single), anchors={k: tuple(v) for k, v in anchors.items()})

    def hit(self, words: AbstractSet[W]) -> bool:
        """True when the lower-cased tokens ``words`` of one sentence hold a cue."""
        if not self.single.isdisjoint(words):
            return True
        for w in self.anchors.keys() & words:
            for rest in self.anchors[w]:
                if all(not forms.isdisjoint(words) for forms in rest):
                    return True
        return False

    def ids(self: CueSet[str]) -> CueSet[int]:
        """The same cues as spaCy string ids (the values of ``Token.lower``)."""
        return CueSet(single=frozenset(map(get_string_id, self.single)),
                      anchors={get_string_id(k): tuple(tuple(frozenset(map(get_string_id, f)) for f in req)
                                                       for req in reqs) for k, reqs in self.anchors.items()})


@dataclass(frozen=True, slots=True)
class Selection:
    """What makes a sentence of one text a candidate: the ``cues``, and whether the earlier
    place-naming sentences of a candidate's paragraph come along (``places``; they locate violent
    events that name no place of their own)."""

    cues: CueSet[str]
    places: bool = True


#: Chooses the Selection for one text from its first-pass Doc (the caller's article-level gate).
Selector = Callable[[Doc], Selection]


@dataclass(frozen=True, slots=True)
class _Run:
    """Sentences ``[first, last)`` of the first-pass doc: tokens ``[start, end)``, text ``[a, b)``."""

    start: int
    end: int
    a: int
    b: int
    parse: bool


@dataclass(slots=True)
class Cascade:
    """Parse only the sentences that can hold an event, a claim or a place.

    ``nlp``: the full pipeline (as :func:`~eventwire.annotate.load_nlp` builds it).
    ``cues``: the words and phrases that make a sentence a candidate.
    ``context``: how many sentences before a candidate holding a pronoun are parsed with it.
    ``select``: when given, picks per text (from its first-pass Doc) a narrower Selection than
    ``cues`` with paragraph places — the extractor's article-level gate: an article with no conflict
    context yields no violent event and no casualty claim, so only its other cues count. Texts
    passed with ``narrow=False`` (pieces of one long article, which only the whole can judge) keep
    ``cues``.
    """

    nlp: Language
    cues: CueSet[str]
    context: int = 1
    select: Selector | None = None
    stats: CascadeStats = field(default_factory=CascadeStats)
    _sentencizer: Sentencizer = field(init=False)
    _hashed: dict[int, tuple[CueSet[str], CueSet[int]]] = field(init=False, default_factory=dict)
    _ruler: Any = field(init=False)

    def __post_init__(self) -> None:
        self._sentencizer = Sentencizer()
        self._ruler = self.nlp.get_pipe(RULER) if RULER in self.nlp.pipe_names else None

    def _ids(self, cues: CueSet[str]) -> CueSet[int]:
        """``cues`` as string ids, converted once per CueSet."""
        got = self._hashed.get(id(cues))
        if got is None or got[0] is not cues:
            got = self._hashed[id(cues)] = (cues, cues.ids())
        return got[1]

    def first_pass(self, text: str) -> Doc:
        """Tokens, rule-based sentences and gazetteer places of ``text`` (nothing statistical runs)."""
        doc = self.nlp.make_doc(text)
        line_breaks(doc)  # a line break starts a sentence (headlines, datelines, bylines)
        doc = self._sentencizer(doc)
        return self._ruler(doc) if self._ruler is not None else doc

    def candidates(self, doc: Doc, selection: Selection | None = None) -> list[bool]:
        """Per first-pass sentence: does it need the full pipeline (``selection``: default ``cues``
        with paragraph places).

        A sentence holding a cue does; so do, before each such sentence, every earlier sentence of
        its paragraph that names a gazetteer place (an event sentence without a place of its own is
        located by them) and, when it holds a pronoun that may point back to a speaker, the
        ``context`` sentences just before it (blank lines not counted).
        """
        selection = selection or Selection(self.cues)
        cues = self._ids(selection.cues)
        # one array read instead of a Token object per token and question (this runs on every text)
        arr = doc.to_array([SENT_START, LOWER, IS_SPACE, ENT_TYPE])
        bounds = [0, *(int(i) for i in numpy.flatnonzero(arr[1:, 0] == 1) + 1), len(doc)]
        bounds = sorted(set(bounds)) if len(doc) else [0]
        spans = list(itertools.pairwise(bounds))
        words = [set(arr[a:b, 1].tolist()) for a, b in spans]
        own = [cues.hit(w) for w in words]
        blank = [bool(arr[a:b, 2].all()) for a, b in spans]
        placed = [selection.places and not _PLACE_IDS.isdisjoint(arr[a:b, 3].tolist()) for a, b in spans]
        starts = [doc[a].idx for a, _ in spans]
        text = doc.text  # Doc.text joins every token anew on each call
        para = list(itertools.accumulate(
            (bool(k) and "\n\n" in text[starts[k - 1]:starts[k] + 1] for k in range(len(spans))),
            initial=0))[1:]
        sents = spans
        last_placed: list[int] = []  # per sentence: the nearest earlier sentence naming a place (-1: none)
        for k in range(len(sents)):
            last_placed.append(k - 1 if k and placed[k - 1] else last_placed[k - 1] if k else -1)
        out = list(own)
        for i, hit in enumerate(own):
            if not hit:
                continue
            if last_placed[i] >= 0:
                # the place an event without one borrows may lie in an earlier paragraph
                out[last_placed[i]] = True
            need, j = (self.context if not _ANAPHOR_IDS.isdisjoint(words[i]) else 0), i - 1
            while j >= 0 and para[j] == para[i]:
                if need > 0 or placed[j]:
                    out[j] = True
                need -= need > 0 and not blank[j]
                j -= 1
            while need > 0 and j >= 0:  # the context reaches into the paragraph before
                out[j] = True
                need -= not blank[j]
                j -= 1
        return out

    def pipe(self, texts: Iterable[str], *, batch_size: int = 32, narrow: bool = True) -> Iterator[Doc]:
        """One Doc per text, in order (see the module docstring); batches of ``batch_size`` texts.
        ``narrow=False``: ignore ``select`` (every text gets ``cues``)."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._batch(batch, batch_size, narrow)
                batch = []
        if batch:
            yield from self._batch(batch, batch_size, narrow)

    def _batch(self, texts: list[str], batch_size: int, narrow: bool) -> Iterator[Doc]:
        firsts = [self.first_pass(t) for t in texts]
        plans = [self._runs(d, self.select(d) if narrow and self.select is not None else None) for d in firsts]
        pieces = [text[r.a:r.b] for text, runs in zip(texts, plans, strict=True) for r in runs if r.parse]
        parsed = iter(self.nlp.pipe(pieces, batch_size=batch_size * 4))
        for text, first, runs in zip(texts, firsts, plans, strict=True):
            yield self._join(text, first, runs, parsed)

    def _runs(self, doc: Doc, selection: Selection | None) -> list[_Run]:
        sents = list(doc.sents)
        flags = self.candidates(doc, selection)
        self.stats.texts += 1
        self.stats.sentences += len(sents)
        self.stats.parsed_sentences += sum(flags)
        self.stats.tokens += len(doc)
        runs: list[_Run] = []
        i = 0
        while i < len(sents):
            j = i
            while j + 1 < len(sents) and flags[j + 1] == flags[i]:
                j += 1
            start, end = sents[i].start, sents[j].end
            b = sents[j + 1].start_char if j + 1 < len(sents) else len(doc.text)
            runs.append(_Run(start=start, end=end, a=sents[i].start_char, b=b, parse=flags[i]))
            if flags[i]:
                self.stats.parsed_tokens += end - start
            i = j + 1
        return runs

    def _join(self, text: str, first: Doc, runs: list[_Run], parsed: Iterator[Doc]) -> Doc:
        if len(runs) == 1 and runs[0].parse:
            return next(parsed)
        if not any(r.parse for r in runs):
            return first
        pieces = [next(parsed) if r.parse else first[r.start:r.end].as_doc() for r in runs]
        joined = join_docs(pieces)
        if joined.text != text:  # pragma: no cover - pieces are cut at sentence starts
            log.warning("cascade: joined pieces differ from the text; parsing it whole")
            return self.nlp(text)
        return joined


def join_docs(docs: list[Doc]) -> Doc:
    """``Doc.from_docs`` (no whitespace added) keeping every piece's sentence starts.

    ``from_docs`` recomputes sentence starts from the parse heads, so the sentences of pieces
    without a parse would melt into their neighbours; they are restored from the pieces.
    """
    if len(docs) == 1:
        return docs[0]
    starts: list[int] = []
    for doc in docs:
        doc.tensor = numpy.zeros((0,), dtype="float32")  # from_docs cannot join empty and filled tensors
        starts.extend(1 if k == 0 or t.is_sent_start else -1 for k, t in enumerate(doc))
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    joined.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64"))  # type: ignore[arg-type]
    return joined
