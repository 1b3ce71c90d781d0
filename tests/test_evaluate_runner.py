"""Tests of eventwire.evaluate.runner: gold validation, folder checks, running an extractor, scoring."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import EvaluationError, LexiconError, NoArticleError
from eventwire.evaluate.runner import evaluate_folder

SHARED = Path(__file__).resolve().parents[2] / "shared"  # the project's shared folder beside the repo
SAMPLES_GOLD = SHARED / "gold" / "samples.json"
DEV_GOLD = SHARED / "devset" / "gold.json"


def _gold_lookup(path: Path) -> dict[str, Mapping[str, Any]]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    return {a["file"]: a for a in gold["articles"]}


@pytest.mark.parametrize("gold_path,folder", [(SAMPLES_GOLD, SHARED / "samples"),
                                              (DEV_GOLD, SHARED / "devset" / "articles")],
                         ids=["samples", "devset"])
def test_oracle_extractor_scores_one(gold_path: Path, folder: Path) -> None:
    answers = _gold_lookup(gold_path)
    seen: list[str] = []

    def oracle(path: Path) -> Mapping[str, Any]:
        seen.append(path.name)
        return {**answers[path.name], "file": "renamed-by-extractor"}

    report = evaluate_folder(gold_path, folder, oracle)
    assert seen == list(answers)
    assert report.summary_line() == (
        "claims P=1.000 R=1.000 F1=1.000 | events R=1.000 P(violent)=1.000 | metadata=1.000")
    assert [r.file for r in report.rows] == list(answers)


def _write_gold(tmp_path: Path, articles: list[dict[str, Any]]) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"schema": "eventwire-gold/1", "articles": articles}), encoding="utf-8")
    return path


def _article(name: str, claims: int = 1) -> dict[str, Any]:
    return {"file": name, "published": "2021-05-01", "outlet": "Test Post", "byline": None,
            "events": [{"id": "e1", "type": "ASSAULT", "date": ["2021-04-30", "2021-05-01"], "places": []}],
            "claims": [{"id": f"c{i}", "outcome": "wounded", "low": i + 1, "high": i + 1,
                        "victim_country": "AAA", "victim_kind": "civilian", "claimant": "Police",
                        "claimant_country": "AAA", "as_of": "2021-05-01"} for i in range(claims)]}


def test_failed_extraction_scores_as_missed_and_is_recorded(tmp_path: Path) -> None:
    gold = [_article("one.txt", claims=2), _article("two.txt")]
    gold_path = _write_gold(tmp_path, gold)
    folder = tmp_path / "arts"
    folder.mkdir()
    for a in gold:
        (folder / a["file"]).write_text("x", encoding="utf-8")

    def extract(path: Path) -> Mapping[str, Any]:
        if path.name == "two.txt":
            raise NoArticleError(str(path), "no article text")
        return {**gold[0], "claims": gold[0]["claims"][:1]}

    report = evaluate_folder(gold_path, folder, extract)
    assert report.claims_recall == pytest.approx(1 / 3) and report.claims_precision == 1.0
    assert report.metadata == 0.5
    failed = report.rows[1]
    assert not failed.present and failed.error is not None and "no article text" in failed.error
    assert "no article text" in report.table()


def test_folder_missing_an_article_is_an_error(tmp_path: Path) -> None:
    gold_path = _write_gold(tmp_path, [_article("here.txt"), _article("gone.txt"), _article("lost.txt")])
    (tmp_path / "here.txt").write_text("x", encoding="utf-8")
    with pytest.raises(EvaluationError, match="lacks 2 article.*gone.txt, lost.txt"):
        evaluate_folder(gold_path, tmp_path, lambda p: {})


@pytest.mark.parametrize("content,needle", [
    (None, "cannot read"),
    ("{not json", "not JSON"),
    (json.dumps({"schema": "eventwire-gold/0", "articles": []}), "expected 'eventwire-gold/1'"),
    (json.dumps([1, 2]), "JSON object"),
    (json.dumps({"schema": "eventwire-gold/1", "articles": [{"file": "a.txt"}]}), "missing published"),
])
def test_unusable_gold_is_an_error(tmp_path: Path, content: str | None, needle: str) -> None:
    path = tmp_path / "gold.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=needle) as info:
        evaluate_folder(path, tmp_path, lambda p: {})
    assert str(path) in str(info.value)


def test_malformed_system_output_is_an_error(tmp_path: Path) -> None:
    gold_path = _write_gold(tmp_path, [_article("a.txt")])
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    bad = {"file": "a.txt", "events": [{"id": "s1", "type": "WAR", "date": ["2021-05-01", "2021-05-01"]}]}
    with pytest.raises(EvaluationError, match="unknown event type 'WAR'"):
        evaluate_folder(gold_path, tmp_path, lambda p: bad)


def test_articles_dir_must_be_a_folder(tmp_path: Path) -> None:
    gold_path = _write_gold(tmp_path, [_article("a.txt")])
    with pytest.raises(EvaluationError, match="not a folder"):
        evaluate_folder(gold_path, tmp_path / "nowhere", lambda p: {})


def test_setup_failures_propagate_instead_of_scoring_zero(tmp_path: Path) -> None:
    gold_path = _write_gold(tmp_path, [_article("a.txt")])
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")

    def broken(path: Path) -> Mapping[str, Any]:
        raise LexiconError("data/x.toml: bad pattern")

    with pytest.raises(LexiconError, match="bad pattern"):
        evaluate_folder(gold_path, tmp_path, broken)
