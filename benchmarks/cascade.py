"""Where the cascade's time goes, and how far any sentence-selecting cascade could go on a corpus.

In one process, on the benchmark corpus (``corpus.py``), for the cascade and for ``--thorough``:
milliseconds per article of each stage — the first pass (tokens, rule-based sentences, gazetteer),
the plan (which sentences are candidates), each spaCy component over the parsed pieces, the join,
and extraction — and the share of tokens parsed.

Then the **oracle bound**: the share of tokens in sentences that yield an event mention or a
casualty claim under ``--thorough``. A cascade that parses fewer tokens than that must lose output,
so no sentence-selecting cascade with equal output can be faster than ``thorough / (first pass +
oracle share x full parse + extraction)``; against the bare spaCy parse (the issue's baseline) the
ceiling is ``parse / (first pass + oracle share x parse + extraction)``.

    python benchmarks/cascade.py --articles 300
    python benchmarks/cascade.py --articles 300 --general-share 0.75
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def _articles(n: int, general_share: float) -> list[Any]:
    from eventwire.clean import clean
    from eventwire.model import Document

    return [clean(Document(name=name, source=name, fmt="text", raw_text=text))
            for name, text in corpus.build(n, general_share=general_share)]


def _clear_text_caches() -> None:
    """Empty extraction's per-text caches (dates, country mentions...) so neither mode profits from
    the other's run; loaders (maxsize 1 or unbounded) keep their tables."""
    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper) and obj.cache_parameters()["maxsize"] not in (None, 1):
            obj.cache_clear()


def _stages(extractor: Any, articles: list[Any], thorough: bool) -> tuple[dict[str, float], list[Any], float]:
    """ms/article per stage, the results, and the share of tokens parsed."""
    from eventwire.annotate.cascade import _Run

    _clear_text_caches()
    cascade = extractor.cascade
    nlp = extractor.nlp
    texts = [a.text for a in articles]
    ms: Counter[str] = Counter()
    t = time.perf_counter()
    firsts = [cascade.first_pass(x) for x in texts]
    ms["first pass"] = time.perf_counter() - t
    t = time.perf_counter()
    if thorough:
        plans = [[_Run(0, len(f), 0, len(x), True)] for x, f in zip(texts, firsts, strict=True)]
    else:
        plans = [cascade._runs(d, cascade.select(d) if cascade.select else None) for d in firsts]
    ms["plan"] = time.perf_counter() - t
    pieces = [x[r.a:r.b] for x, runs in zip(texts, plans, strict=True) for r in runs if r.parse]
    parsed_tokens = sum(r.end - r.start for runs in plans for r in runs if r.parse)
    t = time.perf_counter()
    docs = [nlp.make_doc(p) for p in pieces]
    ms["parse: tokenizer"] = time.perf_counter() - t
    for name, proc in nlp.pipeline:
        t = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=128)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        ms[f"parse: {name}"] = time.perf_counter() - t
    parsed = iter(docs)
    t = time.perf_counter()
    joined = [cascade._join(x, f, r, parsed) for x, f, r in zip(texts, firsts, plans, strict=True)]
    ms["join"] = time.perf_counter() - t
    t = time.perf_counter()
    results = [extractor._from_doc(a, d, []) for a, d in zip(articles, joined, strict=True)]
    ms["extract"] = time.perf_counter() - t
    per = {k: v * 1000 / len(articles) for k, v in ms.items()}
    return per, [(r, f) for r, f in zip(results, firsts, strict=True)], parsed_tokens / sum(len(f) for f in firsts)


def _oracle_share(results: list[Any]) -> float:
    """Share of tokens in sentences where a mention or a claim starts (thorough results)."""
    useful = total = 0
    for result, first in results:
        starts = [m.span.start for m in result.mentions] + [c.span.start for c in result.claims]
        for sent in first.sents:
            total += len(sent)
            if any(sent.start_char <= s < sent.end_char for s in starts):
                useful += len(sent)
    return useful / total if total else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--general-share", type=float, default=0.0)
    args = ap.parse_args()
    from eventwire.extract import Extractor

    articles = _articles(args.articles, args.general_share)
    cascade = Extractor(mode="cascade")
    cascade.extract(articles[0])  # load models and lexicons before timing
    words = sum(len(a.text.split()) for a in articles)
    fast, _, fast_share = _stages(cascade, articles, thorough=False)
    full, results, _ = _stages(cascade, articles, thorough=True)
    print(f"corpus: {len(articles)} articles ({args.general_share:.0%} general news), {words} words, 1 process")
    print(f"{'stage (ms/article)':<34}{'cascade':>10}{'thorough':>10}")
    for stage in full:
        print(f"{stage:<34}{fast.get(stage, 0.0):>10.2f}{full[stage]:>10.2f}")
    parse_fast = sum(v for k, v in fast.items() if k.startswith("parse"))
    parse_full = sum(v for k, v in full.items() if k.startswith("parse"))
    print(f"{'parse, all components':<34}{parse_fast:>10.2f}{parse_full:>10.2f}")
    print(f"{'total':<34}{sum(fast.values()):>10.2f}{sum(full.values()):>10.2f}")
    oracle = _oracle_share(results)
    print(f"tokens parsed: cascade {fast_share:.1%}, thorough 100%")
    print(f"oracle: tokens in sentences yielding a mention or claim under --thorough: {oracle:.1%}")
    floor = full["first pass"] + oracle * parse_full + full["extract"]
    print(f"ceiling of a sentence-selecting cascade with equal output: {sum(full.values()) / floor:.2f}x "
          f"--thorough, {parse_full / floor:.2f}x the bare spaCy parse (same process, no store)")
    print(f"this cascade: {sum(full.values()) / sum(fast.values()):.2f}x --thorough, "
          f"{parse_full / sum(fast.values()):.2f}x the bare spaCy parse")


if __name__ == "__main__":
    main()
