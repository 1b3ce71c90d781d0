"""Queries over fused events: filters, death figures per side, and timelines.

Pure functions over :class:`Event` records; the CLI and the REST API call these after loading
events from the store, so both surfaces filter and aggregate identically.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Event


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Filters of an event list; every field optional.

    ``since``/``until`` keep events whose date range overlaps them (inclusive); ``country`` an event
    listing that ISO code; ``type`` a PLOVER type; ``place`` an event with a place whose name or
    surface text equals it, case-insensitively; ``bbox`` (min_lon, min_lat, max_lon, max_lat) an
    event with a located place inside it (min_lon > max_lon is a box across the antimeridian);
    ``min_deaths`` an event whose best killed figure is at least that.
    """

    since: date | None = None
    until: date | None = None
    country: str | None = None
    type: str | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_deaths: int | None = None

    def accepts(self, e: Event) -> bool:
        if self.since and e.date.end < self.since:
            return False
        if self.until and e.date.start > self.until:
            return False
        if self.country and self.country.upper() not in e.countries:
            return False
        if self.type and e.type != self.type.upper():
            return False
        if self.place and not any(self.place.casefold() in (p.name.casefold(), p.text.casefold()) for p in e.places):
            return False
        if self.bbox:
            x0, y0, x1, y1 = self.bbox
            # min_lon > max_lon: a box across the antimeridian
            if not any(p.lon is not None and p.lat is not None and y0 <= p.lat <= y1
                       and ((x0 <= p.lon <= x1) if x0 <= x1 else (p.lon >= x0 or p.lon <= x1))
                       for p in e.places):
                return False
        return not (self.min_deaths is not None and deaths(e)["best"] < self.min_deaths)


def filter_events(events: Iterable[Event], f: EventFilter) -> list[Event]:
    return [e for e in events if f.accepts(e)]


def deaths(e: Event) -> dict[str, int]:
    """Killed low/best/high summed over victim sides (each side's figures reconciled, never summed
    across revisions; different victim sides are different people, so they add)."""
    killed = [s for s in e.series if s.outcome == "killed"]
    return {"low": sum(s.low for s in killed), "best": sum(s.best for s in killed), "high": sum(s.high for s in killed)}


def deaths_by_side(e: Event) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for s in e.series:
        if s.outcome == "killed":
            side = out.setdefault(s.victim_country or "?", {"low": 0, "best": 0, "high": 0})
            for k in ("low", "best", "high"):
                side[k] += getattr(s, k)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineBucket:
    start: date
    events: int
    by_type: tuple[tuple[str, int], ...]
    deaths: tuple[tuple[str, int, int, int], ...]  # (victim side, low, best, high)


def timeline(events: Sequence[Event], *, by: str = "day") -> list[TimelineBucket]:
    """Events and deaths by side per day or ISO week (an event counts in the bucket of its start)."""
    if by not in ("day", "week"):
        raise ValueError(f"timeline bucket must be 'day' or 'week', not {by!r}")
    buckets: dict[date, list[Event]] = defaultdict(list)
    for e in events:
        key = e.date.start if by == "day" else e.date.start - timedelta(days=e.date.start.weekday())
        buckets[key].append(e)
    out = []
    for key in sorted(buckets):
        evs = buckets[key]
        types: dict[str, int] = defaultdict(int)
        sides: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for e in evs:
            types[e.type] += 1
            for side, d in deaths_by_side(e).items():
                for i, k in enumerate(("low", "best", "high")):
                    sides[side][i] += d[k]
        out.append(TimelineBucket(start=key, events=len(evs), by_type=tuple(sorted(types.items())),
                                  deaths=tuple((s, v[0], v[1], v[2]) for s, v in sorted(sides.items()))))
    return out
