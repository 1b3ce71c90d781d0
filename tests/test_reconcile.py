"""Claim reconciliation: revisions replace, contradictions are flagged, the estimate rule is named."""

from __future__ import annotations

from datetime import date

from eventwire.fuse.reconcile import RULE, build_series
from eventwire.model import Actor, Claim, Span


def claim(cid: str, low: int, as_of: date, claimant_country: str, victim: str, *, high: int | None = None,
          outcome: str = "killed", name: str = "ministry") -> Claim:
    return Claim(id=cid, article_id=cid.split("-")[0], event_id="e", outcome=outcome, low=low, high=high or low,
                 victim_country=victim, victim_kind="military", claimant=Actor(text=name, name=name),
                 claimant_country=claimant_country, as_of=as_of, span=Span(start=0, end=5, text=f"{low} killed"))


def test_growing_tally_from_one_side_is_a_revision_not_a_sum() -> None:
    (s,) = build_series([claim("a-c1", 24, date(2022, 9, 17), "KGZ", "KGZ"),
                         claim("b-c1", 46, date(2022, 9, 18), "KGZ", "KGZ")])
    assert (s.low, s.best, s.high) == (46, 46, 46)
    assert s.revisions == 1 and not s.contradiction and s.rule == RULE
    assert [p.status for p in s.points] == ["revised", "current"]


def test_enemy_figure_above_own_figure_is_a_contradiction_with_own_side_best() -> None:
    (s,) = build_series([claim("a-c1", 50, date(2024, 1, 2), "UKR", "RUS"),
                         claim("b-c1", 12, date(2024, 1, 2), "RUS", "RUS")])
    assert s.contradiction
    assert (s.low, s.best, s.high) == (12, 12, 50)


def test_without_own_side_figure_monitor_figure_is_best() -> None:
    (s,) = build_series([claim("a-c1", 30, date(2023, 5, 1), "SDN", "SDN", name="army"),
                         claim("b-c1", 10, date(2023, 5, 1), "NGO", "XXX", name="monitor")][1:] +
                        [claim("c-c1", 40, date(2023, 5, 2), "IGO", "XXX", name="UN")])
    assert (s.low, s.best, s.high) == (10, 40, 40)


def test_outcomes_and_victims_are_separate_series() -> None:
    series = build_series([claim("a-c1", 5, date(2023, 1, 1), "ISR", "ISR"),
                           claim("a-c2", 9, date(2023, 1, 1), "ISR", "ISR", outcome="wounded"),
                           claim("a-c3", 7, date(2023, 1, 1), "ISR", "LBN")])
    assert [(s.victim_country, s.outcome) for s in series] == [("ISR", "killed"), ("ISR", "wounded"), ("LBN", "killed")]
