"""Records that cross module boundaries.

Every record is a frozen, slotted, keyword-only dataclass. Dicts appear only at the JSON/SQL/CLI
edges (see ``to_dict`` helpers in the modules that own those edges). Every extracted value carries a
:class:`Span` with character offsets into the article's *raw* text, so evidence always points at the
original.

Pipeline: ``Document`` (ingest) -> ``Article`` (clean) -> ``EventMention`` / ``Claim`` (extract +
resolve) -> ``ArticleResult`` (what the store keeps per article) -> ``Event`` (fuse).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT",
)
VIOLENT_TYPES: frozenset[str] = frozenset({"FIGHT", "ASSAULT"})
OUTCOMES: tuple[str, ...] = ("killed", "wounded", "captured", "missing")
VICTIM_KINDS: tuple[str, ...] = ("military", "civilian")
PRECISIONS: tuple[str, ...] = ("day", "range", "week", "month", "year")
MENTION_FLAGS: frozenset[str] = frozenset({"historical", "negated", "planned", "hypothetical", "recap"})
# Flags that keep a mention but say it is no fresh event (a recap still is one).
NOT_FRESH: frozenset[str] = frozenset({"historical", "negated", "planned", "hypothetical"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's raw text, with that text."""

    start: int
    end: int
    text: str


def _clean_start(segment: tuple[int, int, int]) -> int:
    return segment[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class OffsetMap:
    """Maps offsets in the cleaned text to offsets in the raw text.

    ``segments`` are ``(clean_start, raw_start, length)`` runs, sorted by ``clean_start``, covering
    the cleaned text; inside a run the two texts align character for character. A cleaned character
    that has no raw counterpart of its own (e.g. a space joining two lines) belongs to a run of the
    nearest raw position. Invariant: every mapped offset lies in ``[0, raw_length]``.
    """

    segments: tuple[tuple[int, int, int], ...]
    clean_length: int
    raw_length: int

    def to_raw(self, i: int) -> int:
        """Raw offset of clean offset ``i`` (``0 <= i <= clean_length``)."""
        if not self.segments:
            return 0
        # O(log n): bisect on the runs' clean starts without building a list per call
        k = max(0, bisect.bisect_right(self.segments, i, key=_clean_start) - 1)
        c0, r0, n = self.segments[k]
        return min(self.raw_length, r0 + min(max(0, i - c0), n))

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the clean half-open range ``[start, end)``."""
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end - 1) + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """Metadata given with an input (JSON Lines fields, feed entries, HTML meta); all optional.

    Given metadata wins over what the cleaner guesses from the text.
    """

    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # as given; parsed by clean
    byline: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One input article as read by ``ingest``, before any cleaning.

    ``name`` is what the extract output calls ``file``: the input file's base name, or the ``id`` of
    a JSON Lines record (else ``<file>:<line>``), or the URL / WARC record target for web inputs.
    ``source`` says exactly where it came from (path, path:line, URL, WARC path#record).
    ``raw_text`` is the article text as received (for HTML/WARC/feeds: the main text extracted by
    trafilatura, since offsets into markup would help no reader).
    """

    name: str
    source: str
    fmt: str  # "text" | "html" | "feed" | "warc" | "jsonl"
    raw_text: str
    meta: Metadata = field(default_factory=Metadata)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """An input that could not be ingested: where (file, optional line) and why, in one line."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True, kw_only=True)
class MetaSource:
    """Where a metadata field's value came from: ``how`` ('given', 'header', 'dateline', 'byline',
    'footer', 'url', 'htmldate', 'title', ...) and the raw-text span when it came from the text."""

    field: str
    how: str
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned article.

    ``id`` is the content hash of the normalised clean text (see ``clean.hygiene.content_id``), so the
    same article ingested twice has the same id. ``text`` is the cleaned text; ``offsets`` maps it
    back to ``raw_text``. ``published`` is the article's own publication day (not a crawl date).
    """

    id: str
    name: str
    source: str
    fmt: str
    raw_text: str
    text: str
    offsets: OffsetMap
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    published: date | None = None
    dateline: str | None = None  # place named in the dateline, e.g. "KUALA LUMPUR"
    language: str = "en"
    meta_sources: tuple[MetaSource, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DateRange:
    """An inclusive day range with a precision and the text it was resolved from."""

    start: date
    end: date
    precision: str  # one of PRECISIONS
    anchor: str = ""  # e.g. "publication date", "on Tuesday", "during the night of September 13"
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A participant or claimant as named in the text, normalised to country and sector.

    ``country`` is ISO 3166 alpha-3, or ``IGO`` / ``NGO``; ``sector`` one of military, government,
    police, rebels, civilians, igo, ngo, media, or None. ``person`` and ``role`` are set when the text
    names a person with a role ("Azerbaijani Foreign Minister Jeyhun Bayramov").
    """

    text: str
    name: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    person: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A named place resolved offline. ``precision``: place | district | region | country."""

    text: str
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # alpha-3
    admin1: str | None = None
    precision: str = "place"
    span: Span | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One article's report of an event.

    ``id`` is article-scoped and stable (``<article_id>-e<n>``). ``flags`` is a subset of
    MENTION_FLAGS: flagged mentions (historical, negated, planned, hypothetical) are kept but are not
    fresh events of the article's day. ``span`` is the evidence sentence, ``trigger`` the word(s)
    that set the type.
    """

    id: str
    article_id: str
    type: str
    date: DateRange
    span: Span
    mode: str | None = None
    agents: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    countries: tuple[str, ...] = ()
    trigger: Span | None = None
    flags: frozenset[str] = frozenset()
    extractor: str = ""
    evidence: tuple[Span, ...] = ()  # every sentence that reported it in this article (after de-duplication)


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A statement that ``low``..``high`` people were killed / wounded / captured / missing.

    ``qualifier`` records how the figure was stated (exact, at_least, at_most, about, range).
    ``claimant`` is who asserts it (the outlet itself when unattributed); ``as_of`` the day the claim
    was made. ``cumulative`` is True for running tallies ("the toll rose to 71"). ``span`` is the
    quoted sentence span, ``number_span`` the figure itself. Claims are never summed.
    """

    id: str
    article_id: str
    event_id: str | None
    outcome: str
    low: int
    high: int
    victim_country: str | None
    victim_kind: str
    claimant: Actor
    claimant_country: str | None
    as_of: date
    span: Span
    number_span: Span | None = None
    qualifier: str = "exact"
    cumulative: bool = False
    flags: frozenset[str] = frozenset()
    extractor: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleResult:
    """Everything extracted from one article, plus warnings about what was skipped."""

    article: Article
    mentions: tuple[EventMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOutcome:
    """What happened to one input: stored new, a duplicate of a stored article, or rejected."""

    source: str
    status: str  # "new" | "duplicate" | "rejected"
    article_id: str | None = None
    reason: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FusionLink:
    """Why two mentions were fused (or kept apart): the rule that decided and the evidence scores."""

    a: str  # mention id
    b: str  # mention id
    decision: str  # "merge" | "separate"
    rule: str  # e.g. "score>=0.62", "analyst-merge", "analyst-split", "same-article", "place-veto"
    score: float = 0.0
    evidence: tuple[tuple[str, float], ...] = ()  # (signal, value): date, place, actors, text, type


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimPoint:
    """One claim in a series: who said what figure as of when, with its quote."""

    claim_id: str
    article_id: str
    claimant: str
    claimant_country: str | None
    low: int
    high: int
    as_of: date
    quote: str
    status: str = "current"  # "current" | "revised" (superseded by a later figure from the same claimant side)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSeries:
    """All claims about one (victim side, outcome) of one event, by claimant over time.

    ``low``/``best``/``high`` come from the rule named in ``rule``; ``contradiction`` is True when
    claimant sides disagree; ``revisions`` counts superseded figures (revisions replace, never add).
    """

    victim_country: str | None
    victim_kind: str
    outcome: str
    points: tuple[ClaimPoint, ...]
    low: int
    best: int
    high: int
    rule: str
    contradiction: bool = False
    revisions: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A fused real-world event: its mentions across articles and the reconciled claims."""

    id: str
    type: str
    date: DateRange
    mention_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    countries: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()
    actors: tuple[str, ...] = ()
    series: tuple[ClaimSeries, ...] = ()
    outlets: tuple[str, ...] = ()  # independent outlets (syndicated copies count once)
    sides: tuple[str, ...] = ()  # claimant countries that report it
    links: tuple[FusionLink, ...] = ()
