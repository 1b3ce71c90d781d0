"""Tests of eventwire.evaluate.fusion: pairwise precision/recall of mention clusterings."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.evaluate.fusion import fusion_pairwise
from eventwire.evaluate.scoring import fusion_pairwise as reexported


def brute_force(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float]:
    def pairs(c: dict[str, str]) -> set[frozenset[str]]:
        return {frozenset((a, b)) for a, b in combinations(sorted(c), 2) if c[a] == c[b]}
    g, s = pairs(gold), pairs(system)
    p = len(g & s) / len(s) if s else (1.0 if not g else 0.0)
    r = len(g & s) / len(g) if g else (1.0 if not s else 0.0)
    return p, r


def test_hand_made_clusterings() -> None:
    gold = {"m1": "A", "m2": "A", "m3": "A", "m4": "B", "m5": "B"}
    system = {"m1": "x", "m2": "x", "m3": "y", "m4": "y", "m5": "z"}
    p, r, f = fusion_pairwise(gold, system)
    # gold pairs: 12 13 23 45 (4); system pairs: 12 34 (2); common: 12
    assert (p, r) == (0.5, 0.25)
    assert f == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert reexported is fusion_pairwise


def test_identical_and_degenerate_clusterings() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    assert fusion_pairwise(gold, {"a": "p", "b": "p", "c": "q"}) == (1.0, 1.0, 1.0)
    assert fusion_pairwise({"a": "1", "b": "2"}, {"a": "1", "b": "2"}) == (1.0, 1.0, 1.0)
    assert fusion_pairwise(gold, {"a": "1", "b": "2", "c": "3"}) == (0.0, 0.0, 0.0)
    lumped = fusion_pairwise(gold, {"a": "z", "b": "z", "c": "z"})
    assert lumped[0] == pytest.approx(1 / 3) and lumped[1] == 1.0


def test_mention_missing_from_system_is_a_singleton() -> None:
    gold = {"a": "1", "b": "1"}
    assert fusion_pairwise(gold, {"a": "1"}) == (0.0, 0.0, 0.0)


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from("XYZ"), max_size=8),
       st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from("PQR"), max_size=8))
def test_matches_brute_force_pair_counting(gold: dict[str, str], system: dict[str, str]) -> None:
    p, r, f = fusion_pairwise(gold, system)
    assert (p, r) == pytest.approx(brute_force(gold, system))
    assert 0.0 <= f <= 1.0
