"""Tests of eventwire.evaluate.fusion_set: alignment, scoring, the diff and the set's metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from eventwire.evaluate.fusion_set import read_with_metadata, score_fusion_set
from eventwire.model import ArticleResult, DateRange, EventMention, Place, Span
from tests.conftest import build_article

GOMA = Place(text="Goma", name="Goma", geonameid=1, lat=-1.68, lon=29.22, country="COD")
BUKAVU = Place(text="Bukavu", name="Bukavu", geonameid=3, lat=-2.51, lon=28.86, country="COD")
D = date(2025, 1, 20)


def _result(art: str, place: Place, typ: str = "ASSAULT") -> ArticleResult:
    text = f"Shells hit the market of {place.name} on Monday."
    m = EventMention(id=f"{art}-e1", article_id=art, type=typ, date=DateRange(start=D, end=D, precision="day"),
                     span=Span(start=0, end=len(text), text=text), places=(place,), countries=("COD",))
    return ArticleResult(article=build_article(id=art, text=text), mentions=(m,))


def _set(clusters: dict[str, str]) -> dict[str, Any]:
    return {"schema": "eventwire-fusion/1", "clusters": {c: {} for c in set(clusters.values())},
            "articles": [{"file": f, "published": "2025-01-20", "outlet": "Wire",
                          "events": [{"type": "ASSAULT", "date": ["2025-01-20", "2025-01-20"],
                                      "places": [p], "cluster": c}]}
                         for f, (p, c) in clusters.items()],
            "must_not_merge": [{"a": "GOMA", "b": "BUKAVU", "why": "same day, different place"}]}


def test_scores_pairs_and_lists_what_went_wrong() -> None:
    data = _set({"a.txt": ("Goma", "GOMA"), "b.txt": ("Goma", "GOMA"), "c.txt": ("Bukavu", "BUKAVU"),
                 "d.txt": ("Sake", "SAKE")})  # d's report names Sake but the system found Goma: unaligned
    results = {"a.txt": _result("a", GOMA), "b.txt": _result("b", GOMA), "c.txt": _result("c", BUKAVU),
               "d.txt": _result("d", GOMA, typ="PROTEST")}
    score = score_fusion_set(data, results)
    assert (score.precision, score.recall, score.violations, score.aligned) == (1.0, 1.0, 0, 3)
    assert score.diff().startswith("UNALIGNED d.txt SAKE")
    assert "d-e1 PROTEST" in score.diff()


def test_missed_pair_shows_both_mentions_and_the_rule() -> None:
    data = _set({"a.txt": ("Goma", "GOMA"), "b.txt": ("Bukavu", "GOMA")})  # gold says one event
    score = score_fusion_set(data, {"a.txt": _result("a", GOMA), "b.txt": _result("b", BUKAVU)})
    assert score.recall == 0.0
    lines = score.diff().splitlines()
    assert lines[0].startswith("MISSED GOMA ~ GOMA: place-veto")
    assert "Goma/COD" in lines[1] + lines[2] and "Bukavu/COD" in lines[1] + lines[2]


def test_set_metadata_is_given_to_the_cleaner(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("Shelling hits market\n\nGOMA — Shells hit the market of Sake on Monday, killing four people, "
                 "officials said.\n", encoding="utf-8")
    art = read_with_metadata(f, {"published": "2025-01-21", "outlet": "Kivu Wire"})
    assert art.published == date(2025, 1, 21) and art.outlet == "Kivu Wire"
    bare = read_with_metadata(f, {})
    assert bare.published is None
