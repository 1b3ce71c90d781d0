"""Claim reconciliation: per event, per (victim side, outcome), claims by claimant over time.

Rules (stated, and named in every output so analysts can cite them):

- A series groups claims about the same victim country and outcome. Within it, claims by the same
  claimant *side* (claimant country; IGO and NGO monitors are each their own side) form a running
  tally: a later figure from that side **revises** (replaces) its earlier ones — tallies are never
  summed. A figure repeated by the same side on a later day is the same figure, not a revision.
- Sides **contradict** when their current figures for the same series differ (ranges that do not
  overlap).
- ``own-side-conceded`` (the default rule, :data:`RULE`):
  low  = the highest figure the victim's own side has conceded (its current figure's low);
  best = the victim's own side's latest figure (its high);
  high = the highest figure claimed by any side (current figures only).
  With no own-side figure, low = the lowest current figure of any side, best = the latest IGO/NGO
  figure if there is one, else the median of the current figures, and high = the highest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from statistics import median_low

from ..model import Claim, ClaimPoint, ClaimSeries

RULE = "own-side-conceded"
RULE_TEXT = (
    "low = highest figure conceded by the victim's own side; best = the own side's latest figure; "
    "high = highest current figure from any side (fallback without own-side figure: low = lowest, "
    "best = latest IGO/NGO figure else median, high = highest)"
)
NEUTRAL = frozenset({"IGO", "NGO"})


def side_of(claim: Claim) -> str:
    """The claimant side a claim belongs to (its claimant country, or '?' when unknown)."""
    return claim.claimant_country or "?"


def build_series(claims: Iterable[Claim]) -> list[ClaimSeries]:
    """Reconcile one event's claims into series, ordered by victim country then outcome."""
    groups: dict[tuple[str | None, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        groups[(c.victim_country, c.victim_kind, c.outcome)].append(c)
    series = [_one_series(key, group) for key, group in groups.items()]
    return sorted(series, key=lambda s: (s.victim_country or "", s.outcome, s.victim_kind))


def _one_series(key: tuple[str | None, str, str], claims: Sequence[Claim]) -> ClaimSeries:
    victim, kind, outcome = key
    by_side: dict[str, list[Claim]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.as_of, c.high, c.id)):
        by_side[side_of(c)].append(c)
    points: list[ClaimPoint] = []
    current: dict[str, Claim] = {}
    revisions = 0
    for side, side_claims in by_side.items():
        latest = side_claims[-1]
        current[side] = latest
        for c in side_claims:
            revised = (c.low, c.high) != (latest.low, latest.high) and c.as_of <= latest.as_of
            revisions += revised
            points.append(ClaimPoint(
                claim_id=c.id, article_id=c.article_id, claimant=c.claimant.name, claimant_country=c.claimant_country,
                low=c.low, high=c.high, as_of=c.as_of, quote=c.span.text, status="revised" if revised else "current"))
    points.sort(key=lambda p: (p.as_of, p.claimant_country or "", p.high))
    low, best, high = estimate(victim, current)
    figures = [(c.low, c.high) for c in current.values()]
    contradiction = any(a[1] < b[0] or b[1] < a[0] for i, a in enumerate(figures) for b in figures[i + 1:])
    return ClaimSeries(victim_country=victim, victim_kind=kind, outcome=outcome, points=tuple(points),
                       low=low, best=best, high=high, rule=RULE, contradiction=contradiction,
                       revisions=revisions)


def estimate(victim: str | None, current: dict[str, Claim]) -> tuple[int, int, int]:
    """low/best/high from each side's current claim under :data:`RULE`."""
    high = max(c.high for c in current.values())
    own = current.get(victim) if victim else None
    if own is not None:
        return own.low, own.high, max(high, own.high)
    lows = [c.low for c in current.values()]
    neutral = [c for side, c in current.items() if side in NEUTRAL]
    if neutral:
        best = max(neutral, key=lambda c: (c.as_of, c.high)).high
    else:
        best = median_low(sorted(c.high for c in current.values()))
    return min(lows), best, high
