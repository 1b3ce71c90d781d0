"""Text similarity for fusion: the shipped static embedding model, its cache, the setting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import ConfigError, ModelError
from eventwire.fuse.fusion import Fuser, lexical_similarity
from eventwire.fuse.similarity import (
    CHOICES,
    EmbeddingSimilarity,
    load_static_model,
    model_dir,
    similarity_for,
    text_similarity,
)
from eventwire.model import DateRange, EventMention, Place, Span
from eventwire.settings import load_settings

CLASH = "Azerbaijani troops shelled Armenian army positions near the border town overnight, killing soldiers."
PARAPHRASE = "Armenia said Azerbaijan's forces attacked its frontier posts with artillery, leaving troops dead."
UNRELATED = (
    "The central bank raised its main interest rate by half a percentage point on Thursday.",
    "The festival drew record crowds to the old harbour for concerts and a fireworks show.",
    "Shares in the carmaker fell after it cut its sales forecast for the year.",
)


@pytest.fixture(scope="module")
def sim() -> EmbeddingSimilarity:
    return EmbeddingSimilarity()


def test_paraphrases_of_one_clash_score_above_unrelated_reports(sim: EmbeddingSimilarity) -> None:
    raw = EmbeddingSimilarity(floor=0.0)
    same = raw(CLASH, PARAPHRASE)
    assert all(same > raw(CLASH, other) + 0.2 for other in UNRELATED)
    # the paraphrase shares almost no content word: word overlap cannot see it
    assert same > lexical_similarity(CLASH, PARAPHRASE) + 0.2
    # above the floor: unrelated text is no evidence, the paraphrase still is
    assert sim(CLASH, PARAPHRASE) > 0.0
    assert all(sim(CLASH, other) == 0.0 for other in UNRELATED)


def test_floor_rescales_the_cosine(sim: EmbeddingSimilarity) -> None:
    raw = EmbeddingSimilarity(floor=0.0)(CLASH, PARAPHRASE)
    assert sim(CLASH, PARAPHRASE) == pytest.approx(max(0.0, (raw - sim.floor) / (1 - sim.floor)), abs=1e-6)
    with pytest.raises(ConfigError):
        EmbeddingSimilarity(floor=1.0)


def test_identical_text_is_one_and_symmetric(sim: EmbeddingSimilarity) -> None:
    assert sim(CLASH, CLASH) == pytest.approx(1.0, abs=1e-3)
    assert sim(CLASH, PARAPHRASE) == pytest.approx(sim(PARAPHRASE, CLASH))


def test_cache_keeps_one_vector_per_text_and_whitespace_variants_share_it() -> None:
    sim = EmbeddingSimilarity()
    assert sim.cached == 0
    sim(CLASH, PARAPHRASE)
    sim(CLASH, UNRELATED[0])
    assert sim.cached == 3
    sim("  " + CLASH.replace(" ", "\n  "), PARAPHRASE)
    assert sim.cached == 3
    sim.encode_many([*UNRELATED, CLASH])
    assert sim.cached == 5


def test_cache_is_bounded() -> None:
    sim = EmbeddingSimilarity(max_cache=3)
    sim.encode_many(list(UNRELATED))
    sim(CLASH, PARAPHRASE)
    assert sim.cached <= 3
    assert sim(CLASH, PARAPHRASE) > sim(CLASH, UNRELATED[0])


def test_model_is_loaded_once_per_process() -> None:
    assert EmbeddingSimilarity().model is EmbeddingSimilarity().model


def test_missing_model_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing"):
        EmbeddingSimilarity(tmp_path / "nope")
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match="model.safetensors"):
        load_static_model(tmp_path / "partial")


def test_shipped_model_is_small() -> None:
    size = sum(f.stat().st_size for f in model_dir().iterdir() if f.is_file())
    assert 1_000_000 < size < 20_000_000


def test_setting_chooses_the_similarity_and_rejects_others() -> None:
    assert load_settings().fusion_similarity == "lexical"
    assert similarity_for(load_settings()) is lexical_similarity
    assert similarity_for(None) is lexical_similarity
    chosen = similarity_for(load_settings({"EVENTWIRE_FUSION_SIMILARITY": "embedding"}))
    assert isinstance(chosen, EmbeddingSimilarity)
    assert set(CHOICES) == {"lexical", "embedding"}
    with pytest.raises(ConfigError, match="fusion_similarity"):
        load_settings(fusion_similarity="bert")
    with pytest.raises(ConfigError, match="fusion_similarity"):
        text_similarity("bert")


def _mention(mid: str, article: str, text: str, day: int) -> EventMention:
    town = Place(text="Valtor", name="Valtor", geonameid=1, lat=39.8, lon=45.6, country="ARM")  # invented town
    return EventMention(id=mid, article_id=article, type="ASSAULT",
                        date=DateRange(start=date(2022, 9, day), end=date(2022, 9, day), precision="day"),
                        places=(town,), countries=("AZE", "ARM"), span=Span(text=text, start=0, end=len(text)))


@pytest.mark.parametrize("name", CHOICES)
def test_both_similarities_plug_into_fuser(name: str) -> None:
    sim = text_similarity(name)
    fuser = Fuser(text_similarity=sim)
    fuser.add([_mention("a1", "a", CLASH, 13), _mention("b1", "b", PARAPHRASE, 13),
               _mention("c1", "c", CLASH, 2)])
    clusters = sorted(sorted(m.id for m in c) for c in fuser.clusters())
    assert clusters == [["a1", "b1"], ["c1"]]
    if isinstance(sim, EmbeddingSimilarity):
        assert sim.cached == 2  # the Fuser's comparisons went through the cache


def test_evaluate_rejects_an_unknown_similarity(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventwire.cli import cli

    (tmp_path / "set.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", "--fusion", str(tmp_path / "set.json"), "--articles",
                                      str(tmp_path), "--similarity", "bert"])
    assert result.exit_code == 2
    assert "bert" in result.output and "lexical" in result.output
