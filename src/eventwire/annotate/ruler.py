"""The gazetteer ruler: place names from the gazetteer marked as entities before spaCy's NER runs.

It does what spaCy's ``entity_ruler`` does with phrase patterns matched on token text
(``overwrite_ents``: longest match wins, earlier entities that overlap it are dropped), but keeps
its ~66k names as token tuples in a dict keyed by the first token instead of one ``Doc`` per
pattern in a ``PhraseMatcher``. Hand-written for that reason: the ``entity_ruler`` took ~4 s and
~480 MiB per process to load the gazetteer, more than the whole statistical pipeline; this index
loads in well under a second and a few tens of MiB, which matters for every worker process and Ray
actor. Matching is a dict lookup per token, the same cost as the PhraseMatcher's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

NAME = "eventwire_gazetteer"


class GazetteerRuler:
    """Marks exact (case-sensitive) token sequences of known names with their label."""

    def __init__(self) -> None:
        # keyed and compared by string id (``Token.orth``): the doc is read as one array, no Token objects
        self._index: dict[int, list[tuple[tuple[int, ...], str]]] = {}
        self.size = 0

    def add_patterns(self, patterns: Iterable[Mapping[str, Any]], tokenizer: Tokenizer) -> None:
        """Add ``{"label", "pattern"}`` phrase patterns (the ``Gazetteer.patterns()`` shape)."""
        items = [(str(p["pattern"]), str(p["label"])) for p in patterns]
        for (_, label), doc in zip(items, tokenizer.pipe(text for text, _ in items), strict=True):
            words = tuple(get_string_id(t.text) for t in doc)
            if words:
                self._index.setdefault(words[0], []).append((words, label))
                self.size += 1
        for options in self._index.values():
            options.sort(key=lambda o: -len(o[0]))  # longest first at each start

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        orths = doc.to_array(ORTH).tolist()
        n = len(orths)
        for i, orth in enumerate(orths):
            for words, label in self._index.get(orth, ()):
                end = i + len(words)
                if end <= n and (len(words) == 1 or tuple(orths[i:end]) == words):
                    found.append(Span(doc, i, end, label=label))
                    break
        if not found:
            return doc
        found = filter_spans(found)
        taken = {i for s in found for i in range(s.start, s.end)}
        kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = sorted(found + kept, key=lambda s: s.start)
        return doc


@Language.factory(NAME)
def make_gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    """An empty ruler; ``load_nlp`` fills it from the gazetteer."""
    return GazetteerRuler()
