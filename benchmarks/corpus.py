"""Build a reproducible benchmark corpus of realistic articles.

Articles are recombined from the paragraphs of the bundled sample articles, the shared dev set (if
present beside the repo) and the project's own test articles: each synthetic article takes a real
header (date line / dateline / byline) and 5-12 paragraphs drawn with a seeded RNG, so the corpus
is varied (not N copies of one text) and the same seed always gives the same corpus.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "examples", ROOT / "tests" / "data" / "articles", ROOT.parent / "shared" / "devset" / "articles"]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 12]


def source_texts() -> list[str]:
    texts = []
    for folder in SOURCES:
        if folder.is_dir():
            texts.extend(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    if not texts:
        raise SystemExit("no source articles found under examples/ or tests/data/articles/")
    return texts


def build(n: int, seed: int = 13) -> Iterator[tuple[str, str]]:
    """Yield ``(name, text)`` for ``n`` synthetic articles."""
    rng = random.Random(seed)
    texts = source_texts()
    heads = [t.split("\n\n", 1)[0] for t in texts]
    pool = [p for t in texts for p in _paragraphs(t.split("\n\n", 1)[-1])]
    for i in range(n):
        k = rng.randint(5, 12)
        body = "\n\n".join(rng.sample(pool, k))
        yield f"bench-{i:06d}.txt", f"{rng.choice(heads)}\n\n{body}\n"


def write(folder: Path, n: int, seed: int = 13) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in build(n, seed):
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
