"""Checks on the hand-written evaluation data under tests/data (gold articles and the PLOVER table)."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.model import EVENT_TYPES
from tests.conftest import load_check_gold

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.json"
ARTICLES = DATA / "articles"
TSV = DATA / "plover_sentences.tsv"
SHARED = Path("/work/shared")
DEVSET = SHARED / "devset"


check_gold = load_check_gold()


def _gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


def _check_variant(tmp_path: Path, gold: dict[str, Any]) -> Any:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return check_gold.check(path, ARTICLES)


def test_own_gold_passes_the_checker() -> None:
    rep = check_gold.check(GOLD, ARTICLES)
    assert rep.errors == []
    assert rep.warnings == []
    assert rep.articles == len(list(ARTICLES.glob("*.txt"))) >= 15
    assert rep.violent_events >= 30 and rep.claims >= 60


def test_own_gold_covers_every_outcome_and_claimant_kind() -> None:
    claims = [c for a in _gold()["articles"] for c in a["claims"]]
    assert {c["outcome"] for c in claims} == {"killed", "wounded", "captured", "missing"}
    assert {c["victim_kind"] for c in claims} == {"military", "civilian"}
    assert {"IGO", "NGO"} <= {c["claimant_country"] for c in claims}
    assert any(c["low"] < c["high"] for c in claims), "some claim should be a range"


@pytest.mark.skipif(not DEVSET.is_dir(), reason="shared devset not present on this machine")
def test_devset_gold_passes_the_checker() -> None:
    rep = check_gold.check(DEVSET / "gold.json", DEVSET / "articles")
    assert rep.errors == []
    assert rep.articles == 20


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda g: g["articles"][0]["claims"][0].update(quote="words that are not in the article"),
         "quote not verbatim"),
        (lambda g: g["articles"][0]["claims"][0].update(low=10**6), "low <= high"),
        (lambda g: g["articles"][0]["claims"][0].update(low=9999, high=9999), "number 9999 not in quote"),
        (lambda g: g["articles"][0]["events"][0].update(places=["Atlantis"]), "place 'Atlantis'"),
        (lambda g: g["articles"][0]["events"][0].update(type="BOMB"), "bad type"),
        (lambda g: g["articles"][0]["events"][0].update(date=["2099-01-01", "2099-01-02"]),
         "event ends after publication"),
        (lambda g: g["articles"][0].update(outlet="Nonexistent Gazette"), "outlet"),
        (lambda g: g["articles"][0]["claims"][0].update(claimant_country="XX1"), "bad claimant_country"),
        (lambda g: g["articles"][0]["claims"][0].update(event="no-such-event"), "unknown event"),
        (lambda g: g["articles"][0]["claims"][0].update(as_of="1999-01-01"), "as_of before the event"),
        (lambda g: g.update(schema="other/2"), "schema"),
    ],
)
def test_checker_reports_broken_gold(tmp_path: Path, mutate: Any, expected: str) -> None:
    gold = copy.deepcopy(_gold())
    mutate(gold)
    rep = _check_variant(tmp_path, gold)
    assert not rep.ok
    assert any(expected in e for e in rep.errors), rep.errors


def test_checker_warns_about_unannotated_articles(tmp_path: Path) -> None:
    gold = copy.deepcopy(_gold())
    gold["articles"] = gold["articles"][1:]
    rep = _check_variant(tmp_path, gold)
    assert rep.ok
    assert any("not annotated" in w for w in rep.warnings)


def test_checker_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_gold.main([str(GOLD), str(ARTICLES)]) == 0
    assert "0 errors" in capsys.readouterr().out
    bad = copy.deepcopy(_gold())
    bad["articles"][0]["claims"][0]["low"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert check_gold.main([str(path), str(ARTICLES)]) == 1
    assert check_gold.main([]) == 2


@pytest.mark.parametrize(
    ("n", "text", "found"),
    [
        (6, "six to eight rebels", True),
        (8, "six to eight rebels", True),
        (42, "forty-two people", True),
        (1230, "amounted to 1,230 killed", True),
        (206, "two hundred and six dead", True),
        (3, "13 people", False),
        (12, "1,230 killed", False),
    ],
)
def test_number_in(n: int, text: str, found: bool) -> None:
    assert check_gold.number_in(n, text) is found


def _tsv_rows() -> list[dict[str, str]]:
    with TSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_plover_table_shape() -> None:
    first = TSV.read_text(encoding="utf-8").splitlines()[0]
    assert first == "type\tsentence"
    rows = _tsv_rows()
    assert len(rows) >= 120
    for r in rows:
        assert set(r) == {"type", "sentence"} and r["sentence"].strip() == r["sentence"] != ""
        assert r["type"] in EVENT_TYPES, r


def test_plover_table_covers_all_types() -> None:
    counts: dict[str, int] = {}
    for r in _tsv_rows():
        counts[r["type"]] = counts.get(r["type"], 0) + 1
    assert set(counts) == set(EVENT_TYPES)
    assert min(counts.values()) >= 6, counts


def test_plover_table_has_no_duplicates() -> None:
    sentences = [" ".join(r["sentence"].lower().split()) for r in _tsv_rows()]
    assert len(sentences) == len(set(sentences))


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared sample articles not present on this machine")
def test_plover_table_and_articles_do_not_copy_shared_articles() -> None:
    shared = " ".join(p.read_text(encoding="utf-8") for p in SHARED.rglob("*.txt"))
    shared = " ".join(shared.split())
    for r in _tsv_rows():
        assert r["sentence"] not in shared, r
    for p in [*ARTICLES.glob("*.txt"), *(DATA / "fusion" / "articles").glob("*.txt")]:
        for para in p.read_text(encoding="utf-8").split("\n\n"):
            para = " ".join(para.split())
            if len(para) > 80:
                assert para not in shared, (p.name, para[:60])


FUSION = DATA / "fusion"


def _fusion() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FUSION / "clusters.json").read_text(encoding="utf-8"))
    return data


def _overlap(a: list[str], b: list[str]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def test_fusion_articles_are_annotated_and_in_range() -> None:
    fus = _fusion()
    assert fus["schema"] == "eventwire-fusion/1"
    files = {a["file"] for a in fus["articles"]}
    assert files == {p.name for p in (FUSION / "articles").glob("*.txt")}
    assert len(files) >= 30
    assert len({f.split("-")[0] for f in files}) >= 3, "at least three conflicts"
    for a in fus["articles"]:
        text = (FUSION / "articles" / a["file"]).read_text(encoding="utf-8")
        assert 120 <= len(text.split()) <= 300, a["file"]
        assert a["outlet"] in text, a["file"]
        keys = [e["key"] for e in a["events"]]
        assert a["events"] and len(keys) == len(set(keys)), a["file"]
        clusters = [e["cluster"] for e in a["events"]]
        assert len(clusters) == len(set(clusters)), f"{a['file']}: one event twice"
        for e in a["events"]:
            assert e["type"] in EVENT_TYPES
            assert e["date"][0] <= e["date"][1] <= a["published"], (a["file"], e["key"])
            assert e["places"] and all(p in text for p in e["places"]), (a["file"], e["key"])


def test_fusion_events_agree_with_their_cluster() -> None:
    fus = _fusion()
    used: dict[str, set[str]] = {}
    for a in fus["articles"]:
        for e in a["events"]:
            c = fus["clusters"][e["cluster"]]
            assert e["type"] == c["type"], (a["file"], e["key"])
            assert _overlap(e["date"], c["date"]), (a["file"], e["key"])
            used.setdefault(e["cluster"], set()).add(a["outlet"])
    assert set(used) == set(fus["clusters"]), "every cluster is reported"
    multi = [k for k, outlets in used.items() if len(outlets) >= 2]
    assert len(multi) >= 10, "most clusters are reported by several outlets"
    assert max(len(o) for o in used.values()) >= 3


def test_fusion_must_not_merge_pairs_are_the_hard_cases() -> None:
    fus = _fusion()
    whys = set()
    for pair in fus["must_not_merge"]:
        a, b = fus["clusters"][pair["a"]], fus["clusters"][pair["b"]]
        whys.add(pair["why"])
        if pair["why"] == "same day, different place":
            assert _overlap(a["date"], b["date"]) and a["place"] != b["place"], pair
        elif pair["why"] == "same place, different day":
            assert a["place"] == b["place"] and not _overlap(a["date"], b["date"]), pair
        else:
            raise AssertionError(f"unknown reason {pair['why']!r}")
    assert whys == {"same day, different place", "same place, different day"}
