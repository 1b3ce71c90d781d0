"""Extraction speed and memory: eventwire's extractor vs the bare spaCy pipeline on the same corpus.

Prints articles/s, words/s and peak RSS for each mode; each mode runs in its own subprocess so the
RSS figures do not mix. Usage:

    python benchmarks/extract.py [--articles 2000] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def run_mode(mode: str, n: int, batch_size: int) -> dict[str, float]:
    from eventwire.clean import clean
    from eventwire.model import Document

    articles = [clean(Document(name=name, source=name, fmt="text", raw_text=text)) for name, text in corpus.build(n)]
    words = sum(len(a.text.split()) for a in articles)
    if mode == "spacy":
        from eventwire.annotate.pipeline import load_nlp

        nlp = load_nlp()
        start = time.perf_counter()
        for _ in nlp.pipe((a.text for a in articles), batch_size=batch_size):
            pass
    else:
        from eventwire.extract import Extractor

        extractor = Extractor()
        extractor.extract(articles[0])  # load models before timing
        start = time.perf_counter()
        for _ in extractor.extract_many(articles, batch_size=batch_size):
            pass
    seconds = time.perf_counter() - start
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": len(articles), "words": words, "seconds": seconds,
            "articles_per_s": len(articles) / seconds, "words_per_s": words / seconds, "peak_rss_mib": rss_mib}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--mode", choices=["spacy", "eventwire"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.articles, args.batch_size)))
        return
    rows = {}
    for mode in ("spacy", "eventwire"):
        proc = subprocess.run([sys.executable, __file__, "--mode", mode, "--articles", str(args.articles),
                               "--batch-size", str(args.batch_size)], capture_output=True, text=True, check=True)
        rows[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"corpus: {rows['spacy']['articles']} articles, {rows['spacy']['words']} words (1 process)")
    print(f"{'mode':<28}{'articles/s':>12}{'words/s':>12}{'peak RSS MiB':>14}")
    labels = {"spacy": "bare spaCy (full pipeline)", "eventwire": "eventwire extract"}
    for mode, r in rows.items():
        print(f"{labels[mode]:<28}{r['articles_per_s']:>12.1f}{r['words_per_s']:>12.0f}{r['peak_rss_mib']:>14.0f}")
    ratio = rows["eventwire"]["seconds"] / rows["spacy"]["seconds"]
    print(f"eventwire / bare spaCy time ratio: {ratio:.2f}x (the cost of the rules on top of the parse)")


if __name__ == "__main__":
    main()
