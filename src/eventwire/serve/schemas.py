"""Pydantic models of the REST API's request and response bodies (they make the OpenAPI spec).

Responses are built from the dict views the CLI shares (``export.views``, ``extract.output``,
``export.tabular``), so every surface shows the same fields; these models only declare and check
their shape. Dates are ISO ``YYYY-MM-DD`` strings; spans are half-open ``[start, end)`` character
offsets into the article's raw text.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Error(_Out):
    """Every 4xx/5xx answer of the API (FastAPI's input validation errors list the bad fields)."""

    detail: str | list[dict[str, Any]]


class SpanOut(_Out):
    start: int
    end: int
    text: str


class ArticleSummary(_Out):
    id: str
    name: str
    title: str | None
    outlet: str | None
    byline: str | None
    url: str | None
    published: str | None
    source: str
    format: str
    words: int


class ArticlePage(_Out):
    total: int
    limit: int
    offset: int
    items: list[ArticleSummary]


class Highlight(_Out):
    """One extracted value to highlight in the raw text, with what the extractor made of it."""

    start: int
    end: int
    kind: Literal["event", "actor", "place", "date", "claim", "claimant"]
    label: str
    detail: dict[str, Any]


class ArticleDetail(ArticleSummary):
    text: str = Field(description="The raw text; spans and highlights index into it")
    clean_text: str
    dateline: str | None
    language: str
    events: list[dict[str, Any]]
    flagged_events: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    warnings: list[str]
    highlights: list[Highlight]


class EventSummary(_Out):
    id: str
    type: str
    date: list[str]
    precision: str
    countries: list[str]
    places: list[str]
    lat: float | None = Field(description="Latitude of the first place with coordinates")
    lon: float | None
    deaths_low: int
    deaths_best: int
    deaths_high: int
    reports: int
    outlets: list[str]
    sides: list[str]
    contradiction: bool


class EventPage(_Out):
    total: int
    limit: int
    offset: int
    items: list[EventSummary]


class PlaceOut(_Out):
    name: str
    text: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str


class ReportOut(_Out):
    id: str
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None
    type: str
    mode: str | None
    date: list[str]
    date_anchor: str
    places: list[str]
    agents: list[str]
    targets: list[str]
    flags: list[str]
    evidence: SpanOut


class ClaimPointOut(_Out):
    claim_id: str
    article_id: str
    claimant: str
    claimant_country: str | None
    low: int
    high: int
    as_of: str
    status: str
    quote: str


class SeriesOut(_Out):
    victim_country: str | None
    victim_kind: str
    outcome: str
    low: int
    best: int
    high: int
    rule: str
    contradiction: bool
    revisions: int
    claims: list[ClaimPointOut]


class FusionLinkOut(_Out):
    a: str
    b: str
    rule: str
    score: float
    evidence: dict[str, float]


class EventDetail(_Out):
    """The fused view of one event: every report, and the claim series per victim side and outcome."""

    id: str
    type: str
    date: list[str]
    precision: str
    countries: list[str]
    places: list[PlaceOut]
    lat: float | None
    lon: float | None
    actors: list[str]
    deaths_low: int
    deaths_best: int
    deaths_high: int
    deaths_by_side: dict[str, dict[str, int]]
    outlets: list[str]
    sides: list[str]
    contradiction: bool
    reports: list[ReportOut]
    series: list[SeriesOut]
    fusion: list[FusionLinkOut]


class ClaimRow(_Out):
    claim_id: str
    event_id: str | None
    mention_id: str | None
    article_id: str
    outlet: str | None
    published: str | None
    outcome: str
    low: int
    high: int
    qualifier: str
    victim_country: str | None
    victim_kind: str
    claimant: str
    claimant_country: str | None
    claimant_sector: str | None
    as_of: str
    cumulative: bool
    status: str = Field(description="current, or revised when a later figure of the same side replaced it")
    contradiction: bool = Field(description="True when claimant sides disagree about this series")
    quote: str
    quote_start: int
    quote_end: int


class ClaimPage(_Out):
    total: int
    limit: int
    offset: int
    items: list[ClaimRow]


class SideDeaths(_Out):
    side: str
    low: int
    best: int
    high: int


class TimelineBucketOut(_Out):
    start: str
    events: int
    by_type: dict[str, int]
    deaths: list[SideDeaths]


class CountryCount(_Out):
    country: str = Field(description="ISO alpha-3 (or IGO/NGO code) listed as a side of an event")
    events: int = Field(description="How many matching events list it")


class PlaceCount(PlaceOut):
    mentions: int


class ActorCount(_Out):
    name: str
    country: str | None
    sector: str | None
    mentions: int


class PlacePage(_Out):
    total: int
    limit: int
    offset: int
    items: list[PlaceCount]


class ActorPage(_Out):
    total: int
    limit: int
    offset: int
    items: list[ActorCount]


class SearchHit(_Out):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    position: int = Field(description="Offset of the first match in the cleaned text")


class SearchPage(_Out):
    total: int
    limit: int
    offset: int
    items: list[SearchHit]


class ArticleIn(BaseModel):
    """One article, as a JSON Lines record of ``eventwire ingest`` (only ``text`` is required)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD (or a date the cleaner can parse)")
    byline: str | None = None
    language: str | None = None


class IngestOut(_Out):
    new: int
    duplicate: int
    rejected: list[str]
    article_ids: list[str]
    events: int = Field(description="Event mentions extracted from the new articles")
    claims: int
    fused_events: int | None = Field(description="Fused events in the store after fusion (None: nothing new)")


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[str] = Field(min_length=2, max_length=100, description="Event ids (or unique prefixes)")
    analyst: str | None = Field(default=None, max_length=200)


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    analyst: str | None = Field(default=None, max_length=200)


class FusionOut(_Out):
    mentions: int
    new_mentions: int
    events: int
    changed_events: int
    compared_pairs: int
