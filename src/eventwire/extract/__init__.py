"""extract stage: the :class:`Extractor` turns cleaned articles into event mentions and claims.

Per article: guard rails (empty, one word, not English, too long) -> parse ``article.text`` (whole,
or in ``cascade`` mode only the sentences a tokenizer-only first pass picks, see
:mod:`eventwire.annotate.cascade`) ->
:func:`~eventwire.extract.events.extract_mentions` -> ``extract_claims`` (claims stage) -> link each
claim to its event mention. Nothing here touches files or databases; the spaCy pipeline, the
gazetteer and the actor resolver come in through the constructor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from ..annotate import load_nlp
from ..annotate.cascade import Cascade, join_docs
from ..errors import ConfigError
from ..model import NOT_FRESH, Article, ArticleResult, Claim, EventMention
from ..settings import load_settings
from .cues import cascade_cues, select_by_context
from .events import extract_mentions
from .triggers import load_lexicon

if TYPE_CHECKING:
    from spacy.language import Language

    from ..resolve.actors import ActorResolver
    from ..resolve.places import Gazetteer

__all__ = ["Extractor"]

log = logging.getLogger(__name__)

_WORDS = re.compile(r"\S+")
_PARA = re.compile(r"\n\s*\n")
#: Below this share of English stop words (articles of 20+ words) a text is taken as non-English;
#: English news prose runs at 0.35-0.5, other languages written in Latin script well under 0.1.
MIN_STOPWORD_SHARE = 0.15
#: Texts are parsed in pieces of at most this many characters (cut at paragraph breaks) and joined
#: with ``Doc.from_docs``, so spaCy's ``max_length`` and the parser's memory stay bounded.
CHUNK_CHARS = 50_000
#: Extraction modes: ``cascade`` parses only candidate sentences; ``thorough`` parses every sentence.
MODES = ("cascade", "thorough")


class Extractor:
    """Event mentions and casualty claims from cleaned articles.

    ``VERSION`` names the extractor and its lexicon; it is stored on every mention and claim.
    ``max_words`` (default: the ``max_words`` setting) caps how much of an article is extracted.
    ``mode`` (default: the ``extract_mode`` setting): ``cascade`` or ``thorough`` (see MODES);
    ``self.version`` (stored on every mention) names it.
    """

    VERSION: str = f"eventwire-extract/1 lexicon/{load_lexicon().version}"

    def __init__(self, *, nlp: Language | None = None, gazetteer: Gazetteer | None = None,
                 actors: ActorResolver | None = None, max_words: int | None = None,
                 mode: str | None = None) -> None:
        settings = load_settings()
        self.mode = mode or str(settings.extract_mode)
        if self.mode not in MODES:
            raise ConfigError(f"extraction mode {self.mode!r}: expected one of {', '.join(MODES)}")
        self.gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
        self.nlp = nlp if nlp is not None else load_nlp(self.gazetteer)
        self.actors = actors if actors is not None else _default_actors(self.gazetteer)
        self.max_words = max_words if max_words is not None else int(settings.max_words)
        self.cascade = Cascade(self.nlp, cascade_cues(), select=select_by_context) if self.mode == "cascade" else None
        self.version = f"{self.VERSION} {self.mode}"

    def extract(self, article: Article) -> ArticleResult:
        """Mentions and claims of one article (see the module docstring)."""
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[ArticleResult]:
        """Results for ``articles`` in order; texts are parsed in batches with ``nlp.pipe``."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run(batch, batch_size)
                batch = []
        if batch:
            yield from self._run(batch, batch_size)

    def _run(self, batch: list[Article], batch_size: int) -> Iterator[ArticleResult]:
        prepared = [self._prepare(a) for a in batch]
        pieces = [_chunks(text) if text is not None else [] for text, _ in prepared]
        whole = [p[0] for p in pieces if len(p) == 1]
        parts = [c for p in pieces if len(p) > 1 for c in p]
        if self.cascade is not None:
            # a long article cut in pieces is judged whole by extraction: its pieces get every cue
            whole_docs = iter(self.cascade.pipe(whole, batch_size=batch_size))
            part_docs = iter(self.cascade.pipe(parts, batch_size=batch_size, narrow=False))
        else:
            whole_docs = iter(self.nlp.pipe(whole, batch_size=batch_size))
            part_docs = iter(self.nlp.pipe(parts, batch_size=batch_size))
        for article, (text, warnings), chunks in zip(batch, prepared, pieces, strict=True):
            if text is None:
                yield ArticleResult(article=article, warnings=tuple(warnings))
                continue
            docs = [next(whole_docs)] if len(chunks) == 1 else [next(part_docs) for _ in chunks]
            yield self._from_doc(article, join_docs(docs), warnings)

    def _prepare(self, article: Article) -> tuple[str | None, list[str]]:
        """The text to parse (None: nothing to extract) and the warnings so far."""
        text = article.text
        words = _WORDS.findall(text)
        if len(words) <= 1:
            return None, []
        if article.language and not article.language.lower().startswith("en"):
            return None, [f"language {article.language!r} is not English: not extracted"]
        if len(words) >= 20 and _stopword_share(words[:2000]) < MIN_STOPWORD_SHARE:
            return None, ["text does not look like English: not extracted"]
        if len(words) > self.max_words:
            cut = [m.start() for m in _WORDS.finditer(text)][self.max_words]
            return text[:cut], [f"article has {len(words)} words; extracted only the first "
                                f"{self.max_words} (setting max_words)"]
        return text, []

    def _from_doc(self, article: Article, doc: Doc, warnings: list[str]) -> ArticleResult:
        mentions = extract_mentions(doc, article, self.actors, self.gazetteer, extractor=self.version)
        claims = self._claims(doc, article)
        linked = tuple(link_claim(c, mentions, article) for c in claims)
        return ArticleResult(article=article, mentions=tuple(mentions), claims=linked,
                             warnings=tuple(warnings))

    def _claims(self, doc: Doc, article: Article) -> list[Claim]:
        if self.actors is None:
            return []
        try:
            from .claims import extract_claims
        except ImportError:
            log.debug("claims stage not available: no claims extracted")
            return []
        if hasattr(self.actors, "article_memory"):
            self.actors.article_memory()
        return list(extract_claims(doc, article, self.actors))


def link_claim(claim: Claim, mentions: list[EventMention], article: Article) -> Claim:
    """``claim`` with ``event_id`` set to the violent mention it belongs to (or None).

    Preference: a violent mention reported in the claim's sentence, else in its paragraph, else the
    article's main violent mention (the one reported most often, then the first) whose date is not
    after the claim's. A claim whose sentence or paragraph reports only a flagged (historical,
    negated, planned, hypothetical) violent mention gets no event.
    """
    violent = [m for m in mentions if m.type in {"FIGHT", "ASSAULT"}]
    para = _paragraph_of(article.raw_text, claim.span.start)
    for scope in ((claim.span.start, claim.span.end), para):
        hits = [m for m in violent if any(_overlaps(s.start, s.end, *scope) for s in (m.evidence or (m.span,)))]
        if hits:
            fresh = [m for m in hits if not (m.flags & NOT_FRESH)]
            return replace(claim, event_id=fresh[0].id if fresh else None)
    fresh = [m for m in violent if not (m.flags & NOT_FRESH) and m.date.start <= claim.as_of]
    if not fresh:
        return replace(claim, event_id=None)
    main = max(fresh, key=lambda m: (len(m.evidence), -mentions.index(m)))
    return replace(claim, event_id=main.id)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _PARA.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            return start, m.start()
    return start, len(text)


def _stopword_share(words: list[str]) -> float:
    return sum(1 for w in words if w.lower().strip(".,;:!?\"'()") in STOP_WORDS) / max(1, len(words))


def _chunks(text: str) -> list[str]:
    """``text`` cut at paragraph breaks into pieces of at most CHUNK_CHARS (hard cut if needed).

    Pieces concatenate back to ``text`` exactly, so token offsets of the joined Doc match it.
    """
    if len(text) <= CHUNK_CHARS:
        return [text]
    out: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            # a paragraph break if the piece holds one, else the last full stop
            brk = text.rfind("\n\n", start, end)
            if brk <= start:
                brk = text.rfind(". ", start, end)
            if brk > start:
                end = brk + 2
        out.append(text[start:end])
        start = end
    return out


def _default_gazetteer() -> Any:
    try:
        from ..resolve.places import Gazetteer
    except ImportError:
        log.warning("eventwire.resolve.places is not available: places are not resolved")
        return None
    return Gazetteer.load()


def _default_actors(gazetteer: Any) -> Any:
    try:
        from ..resolve.actors import ActorResolver
    except ImportError:
        log.warning("eventwire.resolve.actors is not available: actors are not resolved")
        return None
    return ActorResolver(gazetteer=gazetteer)
