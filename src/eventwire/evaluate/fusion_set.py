"""Scoring cross-article fusion on a multi-article set (schema ``eventwire-fusion/1``).

The set lists, per article, its gold event reports with a cluster id (one per real-world event),
and pairs of clusters that must never merge. Scoring:

1. Each article is extracted; its fresh (unflagged) event mentions are aligned one-to-one with the
   article's gold reports: type equal (FIGHT and ASSAULT interchangeable — the sides' angles
   differ), the mention's date range overlapping the gold range, and a place match where the gold
   names places (the same rule as event scoring).
2. All fresh mentions of all articles are fused together, exactly as the store does.
3. Pairwise precision/recall over the aligned mentions: a pair is positive when both mentions sit
   in one cluster. Also reported: the share of gold reports aligned, and how many must-not-merge
   cluster pairs the system joined.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..fuse.fusion import Fuser
from ..fuse.service import fresh
from ..model import ArticleResult, EventMention
from .fusion import fusion_pairwise
from .matching import PlaceMatcher, one_to_one, places_match

VIOLENT = {"FIGHT", "ASSAULT"}


@dataclass(frozen=True, slots=True, kw_only=True)
class FusionScore:
    precision: float
    recall: float
    f1: float
    aligned: int
    gold_reports: int
    violations: int
    system_events: int
    gold_events: int

    def summary_line(self) -> str:
        return (f"fusion pairs P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} | aligned reports "
                f"{self.aligned}/{self.gold_reports} | must-not-merge violations {self.violations} | "
                f"events {self.system_events} (gold {self.gold_events})")


def load_fusion_set(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise EvaluationError(f"{path}: cannot read fusion set: {e}") from e
    if not isinstance(data, dict) or data.get("schema") != "eventwire-fusion/1":
        raise EvaluationError(f"{path}: not an eventwire-fusion/1 file")
    return data


def _types_fit(gold: str, system: str) -> bool:
    return gold == system or {gold, system} <= VIOLENT


def align(gold_events: Sequence[Mapping[str, Any]], mentions: Sequence[EventMention],
          matcher: PlaceMatcher | None = None) -> dict[str, str]:
    """mention id -> gold cluster id for the aligned mentions of one article."""
    def weight(g: Mapping[str, Any], m: EventMention) -> int | None:
        start, end = (date.fromisoformat(d) for d in g["date"])
        if not _types_fit(g["type"], m.type) or m.date.end < start or m.date.start > end:
            return None
        if not places_match(g.get("places") or [], [p.name for p in m.places] + [p.text for p in m.places], matcher):
            return None
        return 2 if g["type"] == m.type else 1
    pairs = one_to_one(list(gold_events), list(mentions), weight)
    return {mentions[j].id: gold_events[i]["cluster"] for i, j in pairs}


def score_fusion_set(data: Mapping[str, Any], results: Mapping[str, ArticleResult],
                     matcher: PlaceMatcher | None = None) -> FusionScore:
    """Score fusion of ``results`` (file name -> extraction) against the set ``data``."""
    gold_of: dict[str, str] = {}
    all_mentions: list[EventMention] = []
    n_gold = 0
    for art in data["articles"]:
        result = results.get(art["file"])
        n_gold += len(art["events"])
        if result is None:
            continue
        mentions = fresh(result.mentions)
        all_mentions.extend(mentions)
        gold_of.update(align(art["events"], mentions, matcher))
    fuser = Fuser()
    fuser.add(all_mentions)
    clusters = fuser.clusters()
    system_of = {m.id: i for i, c in enumerate(clusters) for m in c}
    aligned_sys = {m: system_of[m] for m in gold_of}
    p, r, f = fusion_pairwise(gold_of, aligned_sys)
    joined: set[frozenset[str]] = set()
    for c in clusters:
        golds = {gold_of[m.id] for m in c if m.id in gold_of}
        joined.update(frozenset((a, b)) for a in golds for b in golds if a != b)
    violations = sum(frozenset((x["a"], x["b"])) in joined for x in data.get("must_not_merge", []))
    touched = {system_of[m] for m in gold_of}
    return FusionScore(precision=p, recall=r, f1=f, aligned=len(gold_of), gold_reports=n_gold,
                       violations=violations, system_events=len(touched), gold_events=len(data.get("clusters", {})))


def evaluate_fusion_folder(path: Path, articles_dir: Path, extract: Callable[[Path], ArticleResult],
                           matcher: PlaceMatcher | None = None) -> FusionScore:
    data = load_fusion_set(path)
    results: dict[str, ArticleResult] = {}
    for art in data["articles"]:
        file = articles_dir / art["file"]
        if not file.is_file():
            raise EvaluationError(f"{file}: article named by {path} is missing")
        results[art["file"]] = extract(file)
    return score_fusion_set(data, results, matcher)
