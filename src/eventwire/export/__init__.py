"""Exports of fused events and claims: ACLED-style CSV, PLOVER JSON Lines, GeoJSON, Parquet, claims CSV.

Every exporter takes an :class:`ExportData` bundle (what the store returns for a query) and writes
to a path or file object; the column mappings are documented in each module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Article, Claim, Event, EventMention


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportData:
    """Fused events plus the mentions, claims and articles they reference."""

    events: Sequence[Event]
    mentions: Mapping[str, EventMention] = field(default_factory=dict)
    claims: Sequence[Claim] = ()
    articles: Mapping[str, Article] = field(default_factory=dict)

    def event_mentions(self, e: Event) -> list[EventMention]:
        return [self.mentions[m] for m in e.mention_ids if m in self.mentions]

    def event_claims(self, e: Event) -> list[Claim]:
        ids = set(e.mention_ids)
        return [c for c in self.claims if c.event_id in ids]
