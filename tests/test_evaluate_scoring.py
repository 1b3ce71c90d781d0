"""Tests of eventwire.evaluate.scoring: each rule of shared/gold/README.md on small hand-made pairs."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import EvaluationError
from eventwire.evaluate.matching import fold, names_match, places_match
from eventwire.evaluate.scoring import diff_article, score

PERFECT = "claims P=1.000 R=1.000 F1=1.000 | events R=1.000 P(violent)=1.000 | metadata=1.000"
SHARED = Path(__file__).resolve().parents[2] / "shared"  # the project's shared folder beside the repo
GOLD_FILES = [SHARED / "gold" / "samples.json", SHARED / "devset" / "gold.json"]


def claim(cid: str = "c1", outcome: str = "killed", low: int = 5, high: int = 5, victim: str = "AAA",
          claimant_country: str = "AAA", claimant: str = "Defence Ministry",
          as_of: str = "2021-03-02", **extra: Any) -> dict[str, Any]:
    return {"id": cid, "event": "e1", "outcome": outcome, "low": low, "high": high,
            "victim_country": victim, "victim_kind": "military", "claimant": claimant,
            "claimant_country": claimant_country, "as_of": as_of, "quote": "q", **extra}


def event(eid: str = "e1", etype: str = "FIGHT", start: str = "2021-03-01", end: str = "2021-03-02",
          places: list[Any] | None = None) -> dict[str, Any]:
    return {"id": eid, "type": etype, "date": [start, end], "actors": [], "countries": [],
            "places": places if places is not None else []}


def article(file: str = "a.txt", events: list[Any] | None = None, claims: list[Any] | None = None,
            published: str | None = "2021-03-02", outlet: str | None = "Daily Test",
            byline: str | None = None) -> dict[str, Any]:
    return {"file": file, "published": published, "outlet": outlet, "byline": byline,
            "events": events or [], "claims": claims or []}


def gold_of(*articles: dict[str, Any]) -> dict[str, Any]:
    return {"schema": "eventwire-gold/1", "articles": list(articles)}


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.parent.name)
def test_gold_fed_back_scores_one_on_every_measure(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    report = score(gold, copy.deepcopy(gold["articles"]))
    assert report.summary_line() == PERFECT
    assert report.claimant_share == 1.0 and report.as_of_share == 1.0
    assert report.events_recall_overlap == 1.0
    assert report.total("claims_gold") == sum(len(a["claims"]) for a in gold["articles"]) > 0
    assert report.diff() == "no differences"


def test_claims_match_one_to_one() -> None:
    gold = gold_of(article(claims=[claim("g1")]))
    system = [article(claims=[claim("s1"), claim("s2")])]
    r = score(gold, system)
    assert (r.total("claims_tp"), r.total("claims_sys"), r.total("claims_gold")) == (1, 2, 1)
    assert r.claims_precision == 0.5 and r.claims_recall == 1.0
    assert r.claims_f1 == pytest.approx(2 / 3)
    assert [c["id"] for c in r.rows[0].spurious_claims] == ["s2"]


@pytest.mark.parametrize("field,value", [("outcome", "wounded"), ("low", 3), ("high", 7),
                                         ("victim", "BBB"), ("claimant_country", "BBB")])
def test_each_claim_key_field_must_agree(field: str, value: Any) -> None:
    gold = gold_of(article(claims=[claim(low=4, high=6)]))
    r = score(gold, [article(claims=[claim(**{"low": 4, "high": 6, field: value})])])
    assert r.total("claims_tp") == 0
    assert r.claims_precision == 0.0 and r.claims_recall == 0.0


def test_claimant_name_and_kind_do_not_decide_the_match() -> None:
    gold = gold_of(article(claims=[claim(claimant="Defence Ministry")]))
    other = claim(claimant="Red Cross", as_of="2021-03-09")
    other["victim_kind"] = "civilian"
    r = score(gold, [article(claims=[other])])
    assert r.total("claims_tp") == 1
    assert r.claimant_share == 0.0 and r.as_of_share == 0.0
    assert r.rows[0].partial_claims == ((gold["articles"][0]["claims"][0], other),)
    assert "  ~ claim c1 = c1: claimant 'Defence Ministry' / 'Red Cross', as_of 2021-03-02 / 2021-03-09" in r.diff()
    assert r.to_dict()["articles"][0]["partial_claims"][0]["system"]["claimant"] == "Red Cross"


def test_matching_prefers_pairing_with_agreeing_claimant_and_as_of() -> None:
    gold = gold_of(article(claims=[claim("g1", claimant="Defence Ministry", as_of="2021-03-01"),
                                   claim("g2", claimant="Health Ministry", as_of="2021-03-05")]))
    system = [article(claims=[claim("s1", claimant="Health Ministry", as_of="2021-03-05"),
                              claim("s2", claimant="the Defence Ministry", as_of="2021-03-02")])]
    r = score(gold, system)
    assert r.total("claims_tp") == 2
    assert r.total("claimant_ok") == 2 and r.total("as_of_ok") == 2


def test_as_of_within_one_day_only() -> None:
    gold = gold_of(article(claims=[claim("g1", as_of="2021-03-02"), claim("g2", low=7, high=7)]))
    system = [article(claims=[claim("s1", as_of="2021-03-03"),
                              claim("s2", low=7, high=7, as_of="2021-03-04")])]
    r = score(gold, system)
    assert r.total("as_of_ok") == 1 and r.as_of_share == 0.5


def test_names_match_rule() -> None:
    assert names_match("Azerbaijani Ministry of Defense", "the Ministry of Defense")
    assert names_match("Volodymyr Zelensky", "ZELENSKY")
    assert names_match("Médecins Sans Frontières", "Medecins sans Frontieres")
    assert not names_match("Iran", "Ukraine's ministry")
    assert not names_match("Health Ministry", "Defence Ministry")
    assert not names_match("Health Ministry", "")


def test_events_date_must_lie_inside_gold_range() -> None:
    gold = gold_of(article(events=[event(start="2021-03-01", end="2021-03-02")]))
    inside = score(gold, [article(events=[event(start="2021-03-02", end="2021-03-02")])])
    assert inside.events_recall == 1.0 and inside.violent_precision == 1.0
    straddling = score(gold, [article(events=[event(start="2021-03-02", end="2021-03-03")])])
    assert straddling.events_recall == 0.0 and straddling.violent_precision == 0.0
    assert straddling.events_recall_overlap == 1.0  # the lenient reading, reported but not the score
    outside = score(gold, [article(events=[event(start="2021-03-04", end="2021-03-04")])])
    assert outside.events_recall == 0.0 and outside.events_recall_overlap == 0.0


def test_event_type_must_be_equal() -> None:
    gold = gold_of(article(events=[event(etype="FIGHT")]))
    r = score(gold, [article(events=[event(etype="ASSAULT")])])
    assert r.events_recall == 0.0 and r.violent_precision == 0.0


def test_violent_only_precision_and_duplicates() -> None:
    gold = gold_of(article(events=[event("g1", "FIGHT"), event("g2", "CONSULT")]))
    system = [article(events=[event("s1", "FIGHT"), event("s2", "FIGHT"),  # emitted twice
                              event("s3", "CONSULT"), event("s4", "ACCUSE"), event("s5", "AGREE")])]
    r = score(gold, system)
    assert r.events_recall == 1.0
    # unmatched ACCUSE/AGREE are not false positives; the duplicate FIGHT is
    assert (r.total("violent_tp"), r.total("violent_sys")) == (1, 2)
    assert r.violent_precision == 0.5
    assert [e["id"] for e in r.rows[0].spurious_events] == ["s2"]


def test_place_must_match_where_gold_names_places() -> None:
    gold = gold_of(article(events=[event(places=["Şuşa", "Lake Town"])]))
    assert score(gold, [article(events=[event(places=["susa"])])]).events_recall == 1.0
    as_dict = [article(events=[event(places=[{"name": "Lake-Town", "text": "x"}])])]
    assert score(gold, as_dict).events_recall == 1.0
    assert score(gold, [article(events=[event(places=["Elsewhere"])])]).events_recall == 0.0
    assert score(gold, [article(events=[event(places=[])])]).events_recall == 0.0
    unplaced = gold_of(article(events=[event(places=[])]))
    assert score(unplaced, [article(events=[event(places=["Anywhere"])])]).events_recall == 1.0


def test_place_matcher_hook_decides_other_spellings() -> None:
    gold = gold_of(article(events=[event(places=["Kəlbəcər"])]))
    system = [article(events=[event(places=["Kalbajar"])])]
    assert score(gold, system).events_recall == 0.0
    calls: list[tuple[str, str]] = []

    def same(a: str, b: str) -> bool:
        calls.append((a, b))
        return {a, b} == {"Kəlbəcər", "Kalbajar"}

    assert score(gold, system, place_matcher=same).events_recall == 1.0
    assert calls == [("Kəlbəcər", "Kalbajar")]


def test_places_match_helper() -> None:
    assert fold("  Nagorno-Karabakh ") == "nagorno karabakh"
    assert places_match([], [])
    assert not places_match(["A"], ["B"], lambda a, b: False)


def test_missing_system_article_is_all_missed() -> None:
    gold = gold_of(article("a.txt", events=[event()], claims=[claim()]), article("b.txt"))
    r = score(gold, [article("b.txt")])
    row = {x.file: x for x in r.rows}
    assert not row["a.txt"].present and row["a.txt"].metadata_ok is False
    assert r.claims_recall == 0.0 and r.events_recall == 0.0 and r.metadata == 0.5
    assert "a.txt (no system output)" in r.diff()


def test_extra_system_article_counts_violent_events_and_claims_as_false_positives() -> None:
    gold = gold_of(article("a.txt", events=[event()], claims=[claim()]))
    system = [article("a.txt", events=[event()], claims=[claim()]),
              article("z.txt", events=[event("x1", "FIGHT"), event("x2", "CONSULT")], claims=[claim("x3")])]
    r = score(gold, system)
    assert r.claims_precision == 0.5 and r.claims_recall == 1.0
    assert r.violent_precision == 0.5 and r.events_recall == 1.0
    assert r.metadata == 1.0  # extra articles have no metadata score
    assert r.to_dict()["totals"]["extra_articles"] == 1


def test_metadata_exact_with_null_byline_equality() -> None:
    gold = gold_of(article("a.txt", byline=None), article("b.txt", byline="Jo Writer"))
    assert score(gold, [article("a.txt", byline=None), article("b.txt", byline="Jo Writer")]).metadata == 1.0
    absent = article("a.txt")
    del absent["byline"]
    assert score(gold, [absent, article("b.txt", byline="Jo Writer")]).metadata == 1.0
    r = score(gold, [article("a.txt", byline="Staff"), article("b.txt", byline="jo writer")])
    assert r.metadata == 0.0
    assert r.rows[0].metadata_diff == (("byline", None, "Staff"),)
    wrong_outlet = [article("a.txt", outlet="Daily test"), article("b.txt", byline="Jo Writer")]
    assert score(gold, wrong_outlet).metadata == 0.5


def test_summary_line_format_and_report_forms() -> None:
    gold = gold_of(article(events=[event("g1"), event("g2", "CONSULT")],
                           claims=[claim("g1"), claim("g2", low=9, high=9)]))
    system = [article(events=[event("s1")],
                      claims=[claim("s1"), claim("s2", low=3, high=3), claim("s3", low=4, high=4)])]
    r = score(gold, system)
    assert r.summary_line() == (
        "claims P=0.333 R=0.500 F1=0.400 | events R=0.500 P(violent)=1.000 | metadata=1.000")
    d = r.to_dict()
    json.dumps(d)
    assert d["totals"]["claims_tp"] == 1 and d["summary"] == r.summary_line()
    assert [c["id"] for c in d["articles"][0]["missed_claims"]] == ["g2"]
    text = r.table()
    assert "a.txt" in text and "1/3/2" in text and "1/2" in text
    diff = r.diff()
    assert "- claim g2: killed 9" in diff and "+ claim s2: killed 3" in diff and "- event g2: CONSULT" in diff


def test_empty_denominators() -> None:
    gold = gold_of(article())
    r = score(gold, [article()])
    assert r.summary_line() == PERFECT
    assert r.claimant_share is None and "n/a" in r.table()
    silent = score(gold_of(article(claims=[claim()])), [article()])
    assert silent.claims_precision == 0.0 and silent.claims_recall == 0.0


@pytest.mark.parametrize("bad,needle", [
    ({"schema": "other/1", "articles": []}, "schema"),
    ({"schema": "eventwire-gold/1", "articles": []}, "non-empty"),
    (gold_of(article(events=[event(etype="BATTLE")])), "BATTLE"),
    (gold_of(article(events=[event(start="2021-03-05", end="2021-03-01")])), "ends before"),
    (gold_of(article(claims=[claim(low=9, high=3)])), "low 9 > high 3"),
    (gold_of(article(claims=[claim(as_of="soon")])), "as_of"),
    (gold_of(article("a.txt"), article("a.txt")), "twice"),
])
def test_malformed_gold_is_rejected(bad: dict[str, Any], needle: str) -> None:
    with pytest.raises(EvaluationError, match=needle):
        score(bad, [])


def test_malformed_system_is_rejected() -> None:
    gold = gold_of(article())
    with pytest.raises(EvaluationError, match="missing low"):
        broken = claim()
        del broken["low"]
        score(gold, [article(claims=[broken])])
    with pytest.raises(EvaluationError, match="twice"):
        score(gold, [article(), article()])
    with pytest.raises(EvaluationError, match="not an ISO date"):
        score(gold, [article(events=[event(start="yesterday")])])


def test_undated_system_event_never_matches() -> None:
    gold = gold_of(article(events=[event()]))
    undated = event()
    undated["date"] = None
    r = score(gold, [article(events=[undated])])
    assert r.events_recall == 0.0 and r.total("violent_sys") == 1


def test_resolved_places_and_claimant_detail_are_offered() -> None:
    gold = gold_of(article(events=[event(places=["Kəlbəcər"])],
                           claims=[claim(claimant="Ministry of Defence")]))
    sys_event = event(places=["Kalbajar"])
    sys_event["places_resolved"] = [{"text": "Kalbajar", "name": "Kəlbəcər", "geonameid": 1}]
    sys_claim = claim(claimant="the ministry")
    sys_claim["claimant_detail"] = {"text": "the ministry", "name": "Ministry of Defence", "person": None}
    r = score(gold, [article(events=[sys_event], claims=[sys_claim])])
    assert r.events_recall == 1.0 and r.claimant_share == 1.0


_claim_st = st.builds(lambda o, n, v, c, a: claim(outcome=o, low=n, high=n, victim=v, claimant_country=c,
                                                   as_of=f"2021-03-0{a}"),
                      st.sampled_from(["killed", "wounded"]), st.integers(1, 3),
                      st.sampled_from(["AAA", "BBB"]), st.sampled_from(["AAA", "BBB"]), st.integers(1, 4))


@settings(max_examples=60, deadline=None)
@given(st.lists(_claim_st, max_size=7), st.lists(_claim_st, max_size=7), st.randoms())
def test_claim_matching_is_maximal_and_order_free(gold_claims: list[dict[str, Any]],
                                                  sys_claims: list[dict[str, Any]], rnd: Any) -> None:
    # key equality is an equivalence, so the maximum one-to-one matching pairs min(gold, system) per key
    def key(c: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(c[k] for k in ("outcome", "low", "high", "victim_country", "claimant_country"))
    gk, sk = Counter(map(key, gold_claims)), Counter(map(key, sys_claims))
    expected = sum(min(n, sk[k]) for k, n in gk.items())
    gold = gold_of(article(claims=gold_claims))
    r = score(gold, [article(claims=sys_claims)])
    assert r.total("claims_tp") == expected
    shuffled = list(sys_claims)
    rnd.shuffle(shuffled)
    r2 = score(gold, [article(claims=shuffled)])
    assert r2.total("claims_tp") == expected
    assert r2.total("as_of_ok") == r.total("as_of_ok")  # secondary figure does not depend on order
    assert len(r.rows[0].spurious_claims) == len(sys_claims) - expected


def test_diff_article_lists_one_articles_differences() -> None:
    gold = article(events=[event("g1", places=["Harbour"])], claims=[claim("g1")])
    system = article(events=[event("s1", places=["Hill"])], claims=[claim("s1", low=6, high=6)],
                     byline="Staff")
    lines = diff_article(gold, system).splitlines()
    assert lines[0] == "a.txt"
    assert lines[1:] == [
        "  - claim g1: killed 5 AAA military per Defence Ministry (AAA) as of 2021-03-02",
        "  + claim s1: killed 6 AAA military per Defence Ministry (AAA) as of 2021-03-02",
        "  - event g1: FIGHT 2021-03-01 .. 2021-03-02 at Harbour",
        "  + event s1: FIGHT 2021-03-01 .. 2021-03-02 at Hill",
        "  ! byline: gold None, system 'Staff'",
    ]
    assert diff_article(gold, copy.deepcopy(gold)) == "no differences"
    assert diff_article(gold, None).splitlines()[0] == "a.txt (no system output)"
