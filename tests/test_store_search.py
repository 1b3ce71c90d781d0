"""Full-text search over stored articles, on both backends."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.conftest import build_article


def test_search_finds_every_word_ranks_and_pages(store: Any) -> None:
    texts = ["Shelling hit the market in Sake on Monday, killing seven civilians.",
             "Talks in Doha ended without agreement on the Sake ceasefire.",
             "A drone strike hit a fuel depot near Goma."]
    for i, text in enumerate(texts):
        art = build_article(raw_text=text, text=text, title=f"Report {i}")
        store.add_article(replace(art, id=f"a{i}", offsets=replace(art.offsets, segments=((0, 0, len(text)),),
                                                                 clean_length=len(text), raw_length=len(text))))
    total, hits = store.search_articles("Sake", limit=10)
    assert total == 2 and {a.id for a in hits} == {"a0", "a1"}
    total, hits = store.search_articles("sake market", limit=10)
    assert total == 1 and hits[0].id == "a0"
    total, page = store.search_articles("Sake", limit=1, offset=1)
    assert total == 2 and len(page) == 1
    assert store.search_articles("Kinshasa", limit=5) == (0, [])
    assert store.search_articles('"; DROP TABLE articles; --', limit=5)[0] == 0
    assert store.count_articles() == 3
