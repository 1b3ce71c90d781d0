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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..fuse.fusion import Fuser, compare, lexical_similarity
from ..fuse.service import fresh
from ..fuse.similarity import similarity_for
from ..model import Article, ArticleResult, Document, EventMention
from ..settings import Settings
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
    diff_lines: tuple[str, ...] = ()

    def diff(self) -> str:
        """Every unaligned gold report, wrongly merged and wrongly split gold pair, one per line."""
        return "\n".join(self.diff_lines)

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
                     matcher: PlaceMatcher | None = None, *,
                     text_similarity: Callable[[str, str], float] = lexical_similarity) -> FusionScore:
    """Score fusion of ``results`` (file name -> extraction) against the set ``data``, fusing with
    ``text_similarity`` (the ``fusion_similarity`` setting's choice in :func:`evaluate_fusion_folder`)."""
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
    fuser = Fuser(text_similarity=text_similarity)
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
    lines = fusion_diff(data, results, gold_of, system_of, fuser)
    return FusionScore(precision=p, recall=r, f1=f, aligned=len(gold_of), gold_reports=n_gold,
                       violations=violations, system_events=len(touched), gold_events=len(data.get("clusters", {})),
                       diff_lines=tuple(lines))


def describe(m: EventMention) -> str:
    """One mention as ``id TYPE start..end [places] {countries}`` for diff lines."""
    places = ", ".join(f"{p.name}/{p.country or '?'}{'' if p.precision == 'place' else ':' + p.precision}"
                       for p in m.places)
    return (f"{m.id} {m.type} {m.date.start}..{m.date.end} [{places}] {{{','.join(m.countries)}}} "
            f"\"{' '.join(m.span.text.split())[:90]}\"")


def fusion_diff(data: Mapping[str, Any], results: Mapping[str, ArticleResult], gold_of: Mapping[str, str],
                system_of: Mapping[str, int], fuser: Fuser) -> list[str]:
    """Lines naming each unaligned gold report (with the article's fresh mentions), then each aligned
    pair the system got wrong: ``WRONG MERGE`` (other gold clusters, one system event) or ``MISSED``
    (one gold cluster, two system events), with both mentions and the pair's link (rule, evidence)."""
    lines: list[str] = []
    for art in data["articles"]:
        result = results.get(art["file"])
        mentions = fresh(result.mentions) if result is not None else []
        taken = {gold_of[m.id] for m in mentions if m.id in gold_of}
        for g in art["events"]:
            if g["cluster"] not in taken:
                lines.append(f"UNALIGNED {art['file']} {g['cluster']} {g['type']} {g['date']} {g.get('places')}")
                lines.extend(f"    system: {describe(m)}" for m in mentions if m.id not in gold_of)
    ids = sorted(gold_of)
    for i, x in enumerate(ids):
        for y in ids[i + 1:]:
            same_gold, same_sys = gold_of[x] == gold_of[y], system_of[x] == system_of[y]
            if same_gold == same_sys:
                continue
            a, b = fuser.mentions[x], fuser.mentions[y]
            link = compare(a, b, fuser.text_similarity)
            kind = "MISSED" if same_gold else "WRONG MERGE"
            lines.append(f"{kind} {gold_of[x]} ~ {gold_of[y]}: {link.rule} score={link.score} {dict(link.evidence)}")
            lines.append(f"    {describe(a)}")
            lines.append(f"    {describe(b)}")
    return lines


def evaluate_fusion_folder(path: Path, articles_dir: Path, extract: Callable[[Path], ArticleResult],
                           matcher: PlaceMatcher | None = None, *,
                           extract_article: Callable[[Article], ArticleResult] | None = None,
                           settings: Settings | None = None) -> FusionScore:
    """Extract every article the set names and score their fusion.

    With ``extract_article`` each file is read and cleaned here and the set's own metadata for it
    (``published``, ``outlet``) is given to the cleaner as a feed or JSON Lines record would give it,
    so relative dates ("on Monday") anchor on the real publication day rather than the wall clock.
    Without it ``extract`` gets the bare file path.
    """
    data = load_fusion_set(path)
    results: dict[str, ArticleResult] = {}
    for art in data["articles"]:
        file = articles_dir / art["file"]
        if not file.is_file():
            raise EvaluationError(f"{file}: article named by {path} is missing")
        if extract_article is None:
            results[art["file"]] = extract(file)
        else:
            results[art["file"]] = extract_article(read_with_metadata(file, art, settings))
    return score_fusion_set(data, results, matcher, text_similarity=similarity_for(settings))


def read_with_metadata(file: Path, entry: Mapping[str, Any], settings: Settings | None = None) -> Article:
    """The cleaned article of ``file`` with the set entry's ``published``/``outlet`` as given metadata."""
    from ..ingest import iter_documents
    from ..pipeline import clean_documents
    from ..settings import load_settings

    meta = {k: entry[k] for k in ("published", "outlet") if isinstance(entry.get(k), str)}
    docs = [replace(d, meta=replace(d.meta, **meta)) if isinstance(d, Document) else d
            for d in iter_documents([str(file)], settings or load_settings())]
    for item in clean_documents(docs):
        if isinstance(item, Article):
            return item
        raise EvaluationError(f"{file}: {item}")
    raise EvaluationError(f"{file}: no article")
