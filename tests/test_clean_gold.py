"""Acceptance: clean() recovers published, outlet and byline of every gold article exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.clean import clean
from eventwire.model import Document

SHARED = Path("/work/shared")
GOLD = [(SHARED / "gold" / "samples.json", SHARED / "samples"),
        (SHARED / "devset" / "gold.json", SHARED / "devset" / "articles")]


def _cases() -> list[tuple[Path, dict[str, object]]]:
    cases = []
    for gold, folder in GOLD:
        for entry in json.loads(gold.read_text(encoding="utf-8"))["articles"]:
            cases.append((folder / str(entry["file"]), entry))
    return cases


CASES = _cases() if all(g.exists() for g, _ in GOLD) else []


def test_gold_files_present() -> None:
    assert len(CASES) == 25


@pytest.mark.parametrize(("path", "gold"), CASES, ids=[p.name for p, _ in CASES])
def test_metadata_matches_gold(path: Path, gold: dict[str, object]) -> None:
    raw = path.read_text(encoding="utf-8")
    article = clean(Document(name=path.name, source=str(path), fmt="text", raw_text=raw))
    got = (article.published.isoformat() if article.published else None, article.outlet,
           article.byline)
    assert got == (gold["published"], gold["outlet"], gold["byline"])
    for source in article.meta_sources:
        if source.span is not None:
            assert raw[source.span.start:source.span.end] == source.span.text
    if article.title is not None:  # a sensible title: a short line of the article, not body text
        assert article.title in raw and len(article.title.split()) <= 30
        assert not article.text.startswith(article.title)
        assert "\n" not in article.title



@pytest.mark.parametrize(("path", "gold"), CASES, ids=[p.name for p, _ in CASES])
def test_real_articles_clean_idempotently_and_map_back(path: Path, gold: dict[str, object]) -> None:
    raw = path.read_text(encoding="utf-8")
    article = clean(Document(name=path.name, source=str(path), fmt="text", raw_text=raw))
    again = clean(Document(name="again", source="again", fmt="text", raw_text=article.text))
    assert again.text == article.text and again.id == article.id
    for i, ch in enumerate(article.text):
        if not ch.isspace():
            assert raw[article.offsets.to_raw(i)] == ch
    assert "Follow us" not in article.text and "Related Articles" not in article.text
    assert "\n\n" in article.text  # paragraphs kept
