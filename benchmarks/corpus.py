"""Build a reproducible benchmark corpus of realistic articles.

Articles are recombined from the paragraphs of the bundled sample articles, the shared dev set (if
present beside the repo) and the project's own test articles: each synthetic article takes a real
header (headline, date line, byline — every block before the lead) and its lead paragraph (with the
dateline), then 4-11 body paragraphs drawn with a seeded RNG from the same kind of articles, so
the corpus is varied (not N copies of one text) and the same seed always gives the same corpus.

``general_share`` (0..1) makes that share of the articles ordinary news instead — recombined the
same way from the project's general-news test articles (tests/data/general: sport, business,
science, weather, courts, accidents, diplomacy...) — to model a monitor reading a whole news stream
rather than conflict reports only.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "examples", ROOT / "tests" / "data" / "articles", ROOT / "tests" / "data" / "heldout" / "articles",
           ROOT.parent / "shared" / "devset" / "articles"]
GENERAL = [ROOT / "tests" / "data" / "general" / "articles"]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 12]


def source_texts(folders: list[Path] | None = None) -> list[str]:
    texts = []
    for folder in folders or SOURCES:
        if folder.is_dir():
            texts.extend(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
    if not texts:
        raise SystemExit(f"no source articles found under {', '.join(map(str, folders or SOURCES))}")
    return texts


def _split(text: str) -> tuple[str, list[str]]:
    """``text``'s header (every block before the lead, then the lead) and its other paragraphs."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    # the first block is the headline (however long); the lead is the next block of 12+ words
    lead = next((i for i, b in enumerate(blocks) if i and len(b.split()) >= 12), len(blocks) - 1)
    return "\n\n".join(blocks[:lead + 1]), _paragraphs("\n\n".join(blocks[lead + 1:]))


class _Kind:
    """Headers and body paragraphs of one kind of article (conflict reports or general news)."""

    def __init__(self, texts: list[str]) -> None:
        parts = [_split(t) for t in texts]
        self.heads = [h for h, _ in parts]
        self.pool = [p for _, ps in parts for p in ps]

    def article(self, rng: random.Random) -> str:
        body = "\n\n".join(rng.sample(self.pool, min(len(self.pool), rng.randint(4, 11))))
        return f"{rng.choice(self.heads)}\n\n{body}\n"


def build(n: int, seed: int = 13, general_share: float = 0.0) -> Iterator[tuple[str, str]]:
    """Yield ``(name, text)`` for ``n`` synthetic articles, ``general_share`` of them general news."""
    rng = random.Random(seed)
    conflict = _Kind(source_texts())
    general = _Kind(source_texts(GENERAL)) if general_share > 0 else None
    for i in range(n):
        kind = general if general is not None and rng.random() < general_share else conflict
        yield f"bench-{i:06d}.txt", kind.article(rng)


def write(folder: Path, n: int, seed: int = 13, general_share: float = 0.0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in build(n, seed, general_share):
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
