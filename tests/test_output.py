"""JSON output of an extraction, and the acceptance bar on the shared gold samples."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.clean import clean
from eventwire.evaluate import score
from eventwire.extract import Extractor
from eventwire.extract.output import result_to_dict
from eventwire.model import Article, Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD_ARTICLE_KEYS = {"file", "published", "outlet", "byline", "events", "claims"}
GOLD_EVENT_KEYS = {"id", "type", "date", "actors", "countries", "places"}
GOLD_CLAIM_KEYS = {"id", "event", "outcome", "low", "high", "victim_country", "victim_kind", "claimant",
                   "claimant_country", "as_of", "quote"}

TEXT = ("Gunmen attacked a school in the town of Mindat on Monday, killing two pupils, police said.\n\n"
        "The army did not shell the village on Tuesday, a spokesman said.\n\n"
        "Envoys will meet in Geneva on March 20.")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_shape_has_gold_fields_and_is_json(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    result = extractor.extract(make_article(text=TEXT, published=date(2023, 3, 9)))
    out = result_to_dict(result)
    assert GOLD_ARTICLE_KEYS <= set(out)
    assert {"flagged_events", "warnings", "article_id"} <= set(out)
    json.dumps(out)
    assert out["file"] == result.article.name and out["published"] == "2023-03-09"
    for e in out["events"] + out["flagged_events"]:
        assert GOLD_EVENT_KEYS <= set(e)
        assert e["date"][0] <= e["date"][1]
        assert {"mode", "flags", "span", "places_resolved", "date_detail"} <= set(e)
    for c in out["claims"]:
        assert GOLD_CLAIM_KEYS <= set(c)


def test_flagged_mentions_go_to_flagged_events(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    out = result_to_dict(extractor.extract(make_article(text=TEXT, published=date(2023, 3, 9))))
    assert all(not (set(e["flags"]) & {"historical", "negated", "planned", "hypothetical"}) for e in out["events"])
    flagged = {f for e in out["flagged_events"] for f in e["flags"]}
    assert {"negated", "planned"} <= flagged
    assert any(e["type"] == "ASSAULT" and "Mindat" in e["places"] for e in out["events"])


def test_shape_does_not_change_with_content(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    empty = result_to_dict(extractor.extract(make_article(text="Hello", published=date(2023, 3, 9))))
    full = result_to_dict(extractor.extract(make_article(text=TEXT, published=date(2023, 3, 9))))
    assert set(empty) == set(full)


def test_claims_point_at_emitted_events(extractor: Extractor, make_article: Callable[..., Article]) -> None:
    out = result_to_dict(extractor.extract(make_article(text=TEXT, published=date(2023, 3, 9))))
    ids = {e["id"] for e in out["events"]} | {e["id"] for e in out["flagged_events"]}
    assert all(c["event"] is None or c["event"] in ids for c in out["claims"])


def _run_gold(extractor: Extractor, gold_path: Path, folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    system = []
    for art in gold["articles"]:
        path = folder / art["file"]
        doc = Document(name=art["file"], source=str(path), fmt="text", raw_text=path.read_text(encoding="utf-8"))
        system.append(result_to_dict(extractor.extract(clean(doc))))
    return gold, system


@pytest.mark.slow
def test_samples_meet_the_acceptance_bar(extractor: Extractor) -> None:
    gold, system = _run_gold(extractor, SHARED / "gold" / "samples.json", SHARED / "samples")
    report = score(gold, system)
    rows = [r for r in report.rows if r.in_gold]
    gold_events = sum(r.events_gold for r in rows)
    recall = sum(r.events_matched for r in rows) / gold_events
    violent_sys = sum(r.violent_sys for r in rows)
    precision = sum(r.violent_tp for r in rows) / max(1, violent_sys)
    assert recall >= 0.90, report.summary_line()
    assert precision >= 0.90, report.summary_line()
