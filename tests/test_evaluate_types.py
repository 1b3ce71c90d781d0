"""Tests of eventwire.evaluate.types: loading the PLOVER sentence table and scoring a classifier."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import EvaluationError
from eventwire.evaluate.types import NONE_LABEL, check_types, load_type_table
from eventwire.model import EVENT_TYPES

TABLE = Path(__file__).parent / "data" / "plover_sentences.tsv"


def keyword_classifier(sentence: str) -> str | None:
    """A toy classifier: a few trigger words, nothing else."""
    s = sentence.lower()
    if "shell" in s:
        return "ASSAULT"
    if "clash" in s or "fought" in s:
        return "FIGHT"
    if "met" in s:
        return "CONSULT"
    return None


def test_scores_a_toy_classifier_on_hand_made_rows() -> None:
    rows = [("FIGHT", "Troops clashed near the river."),
            ("FIGHT", "Rebels fought the army."),
            ("ASSAULT", "Artillery shelled the market."),
            ("ASSAULT", "Troops clashed with villagers and burned homes."),
            ("CONSULT", "The ministers met in Geneva."),
            ("SANCTION", "The bloc froze the assets of three generals.")]
    r = check_types(rows, keyword_classifier)
    assert (r.total, r.correct) == (6, 4)
    assert r.accuracy == pytest.approx(4 / 6)
    by_type = {s.type: s for s in r.per_type}
    assert list(by_type) == [t for t in EVENT_TYPES if t in by_type]  # EVENT_TYPES order
    fight, assault, sanction = by_type["FIGHT"], by_type["ASSAULT"], by_type["SANCTION"]
    assert (fight.support, fight.predicted, fight.correct) == (2, 3, 2)
    assert fight.precision == pytest.approx(2 / 3) and fight.recall == 1.0
    assert assault.precision == 1.0 and assault.recall == 0.5
    assert sanction.precision == 0.0 and sanction.recall == 0.0  # nothing predicted, support 1
    confusions = {(c.gold, c.predicted): c for c in r.confusions}
    assert set(confusions) == {("ASSAULT", "FIGHT"), ("SANCTION", NONE_LABEL)}
    assert confusions["ASSAULT", "FIGHT"].examples == ("Troops clashed with villagers and burned homes.",)
    text = r.table()
    assert "accuracy 0.667 (4/6)" in text and "ASSAULT -> FIGHT: 1" in text
    assert r.to_dict()["per_type"][0]["type"] == "CONSULT"


def test_confusions_sorted_by_count() -> None:
    rows = [("AID", "a"), ("AID", "b"), ("AGREE", "c")]
    r = check_types(rows, lambda s: "FIGHT")
    assert [(c.gold, c.count) for c in r.confusions] == [("AID", 2), ("AGREE", 1)]
    assert r.accuracy == 0.0


def test_unknown_predicted_type_is_an_error() -> None:
    with pytest.raises(EvaluationError, match="BATTLE"):
        check_types([("FIGHT", "x")], lambda s: "BATTLE")


def test_loads_the_shared_plover_table() -> None:
    rows = load_type_table(TABLE)
    assert len(rows) >= 100
    assert {t for t, _ in rows} == set(EVENT_TYPES)
    assert all(s.strip() == s and s for _, s in rows)
    report = check_types(rows, keyword_classifier)
    assert report.total == len(rows)
    assert 0.0 < report.accuracy < 1.0


def test_load_accepts_header_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("type\tsentence\n# a comment\n\nFIGHT\tThey clashed.\nAID\tThey sent food.\n",
                    encoding="utf-8")
    assert load_type_table(path) == [("FIGHT", "They clashed."), ("AID", "They sent food.")]


@pytest.mark.parametrize("body,needle", [
    ("type\tsentence\nFIGHT\tok\nBATTLE\tbad type\n", ":3: unknown event type 'BATTLE'"),
    ("FIGHT\tone\ttwo\n", ":1: expected 'type<TAB>sentence', found 3"),
    ("FIGHT no tab here\n", ":1: expected"),
    ("FIGHT\t  \n", ":1: empty sentence"),
    ("type\tsentence\n", "no rows"),
])
def test_load_rejects_bad_lines_naming_them(tmp_path: Path, body: str, needle: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(EvaluationError, match=needle.replace("(", r"\(")) as info:
        load_type_table(path)
    assert str(path) in str(info.value)


def test_load_rejects_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="cannot read"):
        load_type_table(tmp_path / "absent.tsv")
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(EvaluationError, match="not UTF-8"):
        load_type_table(binary)
