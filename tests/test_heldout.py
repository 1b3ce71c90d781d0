"""The held-out gold (tests/data/heldout) is valid gold: the shared checker finds no error in it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import load_check_gold

HERE = Path(__file__).parent / "data"


def test_heldout_gold_passes_the_checker() -> None:
    report = load_check_gold().check(HERE / "heldout" / "gold.json", HERE / "heldout" / "articles")
    assert report.ok, report.errors
    assert (report.articles, report.claims) == (10, 48)
