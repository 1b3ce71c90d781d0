"""General news with no armed conflict: no FIGHT/ASSAULT mention and no casualty claim may come out.

The 30 articles under ``tests/data/general/articles`` are ordinary news (sports, markets, accidents,
disasters, courts, elections, diplomacy) that use violent words figuratively or report deaths that are
not political violence; their gold (``tests/data/general/gold.json``) lists no violent event and no
claim. A mention counts when it is fresh (not flagged historical, negated, planned or hypothetical),
as in the dataset's event list. Each article is one test case. Articles on which the extractor
currently emits a violent mention or a claim are marked ``xfail(strict=True)`` with the cause, so the
test documents the gap and turns red once a fix lands without the marker being removed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.extract import Extractor
from eventwire.ingest import iter_documents
from eventwire.model import NOT_FRESH, VIOLENT_TYPES, Article, ArticleResult
from eventwire.pipeline import clean_documents
from eventwire.settings import load_settings
from tests.conftest import load_check_gold

GENERAL = Path(__file__).resolve().parent / "data" / "general"
GOLD = json.loads((GENERAL / "gold.json").read_text(encoding="utf-8"))

# Known false positives (article name -> cause); empty since the conflict-context gate (extract/context.py).
# Add a line with the cause when a new article fails for a reason not fixed yet.
KNOWN: dict[str, str] = {}

QUIET = [a["file"] for a in GOLD["articles"]
         if not a["claims"] and not any(e["type"] in VIOLENT_TYPES for e in a["events"])]


def _case(name: str) -> object:
    if name in KNOWN:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN[name]))
    return name


@pytest.fixture(scope="module")
def results() -> dict[str, ArticleResult]:
    """Every general-news article extracted once, in the configured extraction mode."""
    settings = load_settings()
    extractor = Extractor(mode=str(settings.extract_mode))
    out: dict[str, ArticleResult] = {}
    for path in sorted((GENERAL / "articles").glob("gn-*.txt")):
        items = list(clean_documents(iter_documents([str(path)], settings)))
        articles = [a for a in items if isinstance(a, Article)]
        assert articles, f"{path.name} was rejected by the cleaner: {items}"
        out[path.name] = extractor.extract(articles[0])
    return out


def test_the_gold_passes_the_checker() -> None:
    report = load_check_gold().check(GENERAL / "gold.json", GENERAL / "articles")
    assert report.ok, report.errors
    assert not report.warnings, report.warnings
    assert (report.articles, report.events, report.violent_events, report.claims) == (30, 10, 0, 0)


def test_the_set_is_large_and_quiet() -> None:
    assert len(GOLD["articles"]) == 30
    assert len(QUIET) == 30
    assert set(KNOWN) <= set(QUIET)


@pytest.mark.parametrize("name", [_case(n) for n in QUIET])
def test_no_violent_mention_and_no_claim(results: dict[str, ArticleResult], name: str) -> None:
    result = results[name]
    # flagged mentions (historical, negated, planned, hypothetical) are not events of the dataset
    violent = [f"{m.type}: {m.span.text!r}" for m in result.mentions
               if m.type in VIOLENT_TYPES and not m.flags & NOT_FRESH]
    claims = [f"{c.outcome} {c.low}-{c.high}: {c.span.text!r}" for c in result.claims]
    assert not violent, f"{name}: false violent mentions {violent}"
    assert not claims, f"{name}: false claims {claims}"
