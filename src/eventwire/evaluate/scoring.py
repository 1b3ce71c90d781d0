"""Score system output against a gold file, exactly as shared/gold/README.md describes.

Articles pair by ``file``. A gold article the system did not return scores as all missed; a system
article the gold does not annotate counts its claims and violent events as false positives.

Claims: a system claim matches a gold claim when ``outcome``, ``low``, ``high``,
``victim_country`` and ``claimant_country`` are all equal; pairs are one-to-one (maximum matching,
ties broken towards claimant-name and as_of agreement). Precision over all system claims, recall
over all gold claims. Secondary: share of matched claims whose claimant name matches
(``matching.names_match``: folded tokens equal, or one a contiguous run of the other; the system's
``claimant`` string or actor dict and, when present, its ``claimant_detail`` name / text / person are
offered) and whose ``as_of`` is within one day.

Events: a system event matches a gold event when the types are equal, its date falls inside the
gold range, and, where the gold names places, one system place matches one gold place (folded names
or the ``place_matcher`` hook; the system's ``places`` strings or dicts and, when present, its
``places_resolved`` names and texts are offered). "Its date falls inside" is read strictly: the system range
``[start, end]`` must lie wholly inside the gold range (``gold.start <= start`` and
``end <= gold.end``), since a system range that also covers days the gold rules out asserts
something the gold rejects. The lenient reading (the ranges overlap) is reported beside it as
``events_recall_overlap``, never as the score. Recall over all gold events; precision over system
events of the violent types (FIGHT, ASSAULT) only, so a violent event emitted twice is one match and
one false positive.

Metadata: an article is right when ``published``, ``outlet`` and ``byline`` all equal the gold's
exactly (a missing or null system value equals a null gold value).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from ..errors import EvaluationError
from ..model import VIOLENT_TYPES
from .fusion import fusion_pairwise
from .gold import SCHEMA, event_range, validate_gold, validate_system
from .matching import (
    PlaceMatcher,
    claimant_names,
    names_match,
    one_to_one,
    places_match,
    within_one_day,
)
from .report import ArticleScore, Report

__all__ = ["score", "score_article", "diff_article", "fusion_pairwise", "METADATA_FIELDS", "CLAIM_KEY"]

log = logging.getLogger(__name__)

METADATA_FIELDS = ("published", "outlet", "byline")
CLAIM_KEY = ("outcome", "low", "high", "victim_country", "claimant_country")


def score(gold: Mapping[str, Any], system: Sequence[Mapping[str, Any]], *,
          place_matcher: PlaceMatcher | None = None) -> Report:
    """Score ``system`` (per-article dicts) against a loaded ``gold`` file; see the module docstring.

    Raises :class:`EvaluationError` when either side is malformed (the message names the article
    and item).
    """
    validate_gold(gold)
    by_file = validate_system(system)
    rows = [score_article(g, by_file.get(g["file"]), place_matcher=place_matcher) for g in gold["articles"]]
    named = {g["file"] for g in gold["articles"]}
    extras = [name for name in by_file if name not in named]
    if extras:
        log.info("%d system article(s) not in the gold count as false positives: %s",
                 len(extras), ", ".join(extras))
    rows += [_score_extra(by_file[name]) for name in extras]
    return Report(rows=tuple(rows))


def score_article(gold: Mapping[str, Any], system: Mapping[str, Any] | None, *,
                  place_matcher: PlaceMatcher | None = None, error: str | None = None) -> ArticleScore:
    """Score one gold article against the system's article of the same file (``None``: not returned).

    ``error`` is recorded on the row (the runner passes why extraction failed).
    """
    present = system is not None
    sys_art: Mapping[str, Any] = system if system is not None else {}
    gold_claims: list[Mapping[str, Any]] = list(gold["claims"])
    sys_claims: list[Mapping[str, Any]] = list(sys_art.get("claims", []))
    claim_pairs = one_to_one(gold_claims, sys_claims, _claim_weight)
    name_ok = {(i, j) for i, j in claim_pairs if _claimant_agrees(gold_claims[i], sys_claims[j])}
    day_ok = {(i, j) for i, j in claim_pairs if _as_of_agrees(gold_claims[i], sys_claims[j])}

    gold_events: list[Mapping[str, Any]] = list(gold["events"])
    sys_events: list[Mapping[str, Any]] = list(sys_art.get("events", []))
    where = f"{gold['file']}"
    gold_ranges = [event_range(e, f"{where} gold event {e.get('id')}") for e in gold_events]
    sys_ranges = [event_range(e, f"{where} system event {e.get('id', j)}") for j, e in enumerate(sys_events)]

    place_ok: dict[tuple[int, int], bool] = {}  # both readings ask; the hook may be a gazetteer lookup

    def event_weight(strict: bool) -> Callable[[int, int], int | None]:
        def weight(i: int, j: int) -> int | None:
            g, s = gold_events[i], sys_events[j]
            grange, srange = gold_ranges[i], sys_ranges[j]
            if g["type"] != s["type"] or grange is None or srange is None:
                return None
            if not _date_fits(grange, srange, strict=strict):
                return None
            if (i, j) not in place_ok:
                offered = [*(s.get("places") or []), *(s.get("places_resolved") or [])]
                place_ok[i, j] = places_match(g["places"], offered, place_matcher)
            if not place_ok[i, j]:
                return None
            return 2 if srange == grange else 1
        return weight

    gi, sj = range(len(gold_events)), range(len(sys_events))
    event_pairs = one_to_one(gi, sj, event_weight(strict=True))
    overlap_pairs = one_to_one(gi, sj, event_weight(strict=False))
    matched_sys = {j for _, j in event_pairs}
    matched_gold = {i for i, _ in event_pairs}
    matched_sys_claims = {j for _, j in claim_pairs}
    matched_gold_claims = {i for i, _ in claim_pairs}

    if present:
        meta_diff = tuple((f, gold.get(f), sys_art.get(f)) for f in METADATA_FIELDS
                          if gold.get(f) != sys_art.get(f))
    else:
        meta_diff = ()
    return ArticleScore(
        file=gold["file"], present=present,
        claims_tp=len(claim_pairs), claims_sys=len(sys_claims), claims_gold=len(gold_claims),
        claimant_ok=len(name_ok), as_of_ok=len(day_ok),
        events_matched=len(event_pairs), events_matched_overlap=len(overlap_pairs),
        events_gold=len(gold_events), events_sys=len(sys_events),
        violent_tp=sum(1 for _, j in event_pairs if sys_events[j]["type"] in VIOLENT_TYPES),
        violent_sys=sum(1 for e in sys_events if e["type"] in VIOLENT_TYPES),
        violent_gold=sum(1 for e in gold_events if e["type"] in VIOLENT_TYPES),
        metadata_ok=present and not meta_diff,
        missed_claims=tuple(c for i, c in enumerate(gold_claims) if i not in matched_gold_claims),
        spurious_claims=tuple(c for j, c in enumerate(sys_claims) if j not in matched_sys_claims),
        partial_claims=tuple((gold_claims[i], sys_claims[j]) for i, j in claim_pairs
                             if (i, j) not in name_ok or (i, j) not in day_ok),
        missed_events=tuple(e for i, e in enumerate(gold_events) if i not in matched_gold),
        spurious_events=tuple(e for j, e in enumerate(sys_events)
                              if j not in matched_sys and e["type"] in VIOLENT_TYPES),
        metadata_diff=meta_diff, error=error,
    )


def diff_article(gold: Mapping[str, Any], system: Mapping[str, Any] | None, *,
                 place_matcher: PlaceMatcher | None = None) -> str:
    """Debugging aid: one article's unmatched gold and spurious system claims and events, as text."""
    validate_gold({"schema": SCHEMA, "articles": [gold]})
    if system is not None:
        validate_system([system])
    lines = score_article(gold, system, place_matcher=place_matcher).diff_lines()
    return "\n".join(lines) if lines else "no differences"


def _score_extra(system: Mapping[str, Any]) -> ArticleScore:
    """A system article the gold does not annotate: its claims and violent events are all spurious."""
    claims = tuple(system.get("claims", []))
    events = tuple(system.get("events", []))
    violent = tuple(e for e in events if e["type"] in VIOLENT_TYPES)
    return ArticleScore(file=system["file"], in_gold=False, claims_sys=len(claims), events_sys=len(events),
                        violent_sys=len(violent), spurious_claims=claims, spurious_events=violent)


def _date_fits(gold: tuple[date, date], system: tuple[date, date], *, strict: bool) -> bool:
    if strict:
        return gold[0] <= system[0] and system[1] <= gold[1]
    return system[0] <= gold[1] and gold[0] <= system[1]


def _claim_weight(g: Mapping[str, Any], s: Mapping[str, Any]) -> int | None:
    """None unless the scoring keys agree; then 1 plus one per secondary agreement (name, as_of)."""
    if any(g[k] != s[k] for k in CLAIM_KEY):
        return None
    return 1 + _claimant_agrees(g, s) + _as_of_agrees(g, s)


def _claimant_agrees(g: Mapping[str, Any], s: Mapping[str, Any]) -> bool:
    gold_name = g.get("claimant") or ""
    offered = claimant_names(s.get("claimant")) + claimant_names(s.get("claimant_detail"))
    return any(names_match(gold_name, n) for n in offered)


def _as_of_agrees(g: Mapping[str, Any], s: Mapping[str, Any]) -> bool:
    gold_day = date.fromisoformat(g["as_of"])
    value = s.get("as_of")
    if value is None:
        return False
    try:
        sys_day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError as e:
        raise EvaluationError(f"system claim {s.get('id', '?')}: as_of {value!r} is not an ISO date") from e
    return within_one_day(gold_day, sys_day)
