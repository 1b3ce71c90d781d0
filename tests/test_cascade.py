"""The cascade: the first pass, the joined Doc, the cue words, and equality with the full parse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.annotate import has_parse
from eventwire.clean import clean
from eventwire.errors import ConfigError
from eventwire.evaluate.report import Report
from eventwire.evaluate.runner import evaluate_folder
from eventwire.extract import Extractor
from eventwire.extract.cues import build_cues, cascade_cues, inflections
from eventwire.extract.output import result_to_dict
from eventwire.ingest import iter_documents
from eventwire.settings import load_settings

TESTS = Path(__file__).resolve().parent
EXAMPLES = TESTS.parent / "examples"
SHARED = TESTS.parent.parent / "shared"

TEXT = (
    "Markets steady as talks resume\n\n"
    "LAGOS, June 4 (Test Wire) — The weather in the capital was mild on Sunday.\n\n"
    "Gunmen ambushed a convoy near Maiduguri on Saturday, killing six soldiers, the army said. "
    "Dr. Ade Bello, a local physician, treated the survivors.\n"
    "Schools reopened in the north. The U.S. embassy issued no statement."
)

NEUTRAL = ["The weather was mild on Sunday.", "Schools reopened in the north.",
           "Dr. Ade Bello runs a clinic in the old town.", "The U.S. embassy issued no statement."]
EVENTFUL = ["Gunmen ambushed a convoy on Saturday, killing six soldiers.",
            "Rebels shelled the market, the governor said.", "Two policemen were wounded in the blast."]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(mode="cascade")


@pytest.fixture(scope="module")
def thorough(extractor: Extractor) -> Extractor:
    return Extractor(mode="thorough", nlp=extractor.nlp, gazetteer=extractor.gazetteer, actors=extractor.actors)


def test_inflections_include_irregular_forms() -> None:
    assert {"struck", "striking", "strikes"} <= inflections("strike")
    assert {"fought", "fighting"} <= inflections("fight")
    assert {"shelled", "shelling"} <= inflections("shell")


def test_inflections_follow_the_listed_part_of_speech() -> None:
    assert "according" not in inflections("accord", ["NOUN"])
    assert "accords" in inflections("accord", ["NOUN"])
    assert "according" in inflections("accord", ["VERB"])


def test_a_phrase_is_a_cue_only_with_all_its_content_words() -> None:
    cues = build_cues([(("joint", "force"), None), (("came", "under", "fire"), None), (("shell",), ["VERB"])])
    assert cues.hit({"a", "joint", "naval", "forces", "drill"})
    assert cues.hit({"the", "convoy", "comes", "under", "heavy", "fire"})
    assert cues.hit({"they", "shelled", "it"})
    assert not cues.hit({"government", "forces", "advanced"})
    assert not cues.hit({"he", "came", "home"})


def test_packaged_cues_cover_trigger_and_casualty_words_but_not_function_words() -> None:
    cues = cascade_cues()
    for word in ("ambushed", "killing", "wounded", "shelled", "clashes"):
        assert cues.hit({word}), word
    for word in ("the", "of", "on", "for", "was", "said", "forces", "according"):
        assert not cues.hit({word}), word


def _flags(extractor: Extractor, text: str) -> dict[str, bool]:
    cascade = extractor.cascade
    assert cascade is not None
    doc = cascade.first_pass(text)
    return dict(zip((s.text.strip() for s in doc.sents), cascade.candidates(doc), strict=True))


def test_candidates_are_cue_sentences(extractor: Extractor) -> None:
    flags = _flags(extractor, TEXT)
    assert flags["Gunmen ambushed a convoy near Maiduguri on Saturday, killing six soldiers, the army said."]
    assert not flags["LAGOS, June 4 (Test Wire) — The weather in the capital was mild on Sunday."]
    assert not flags["Schools reopened in the north."]
    assert not flags["Dr. Ade Bello, a local physician, treated the survivors."]


def test_a_pronoun_brings_the_sentence_before_and_places_of_the_paragraph_come_along(extractor: Extractor) -> None:
    text = ("The northern command issued a statement. It said two soldiers were wounded.\n\n"
            "Heavy rain fell on Kaduna overnight. Roads were closed for hours. Clashes followed at dawn.")
    flags = _flags(extractor, text)
    assert flags["The northern command issued a statement."]  # the speaker of "It said"
    assert flags["Heavy rain fell on Kaduna overnight."]  # the only place of the clash's paragraph
    assert not flags["Roads were closed for hours."]
    assert flags["Clashes followed at dawn."]


def test_the_last_place_before_a_paragraph_without_one_comes_along(extractor: Extractor) -> None:
    text = ("Officials met in Kaduna on Monday. Roads were closed for hours.\n\n"
            "The market reopened at noon.\n\nClashes followed at dawn.")
    flags = _flags(extractor, text)
    assert flags["Officials met in Kaduna on Monday."]  # the place a place-less clash borrows
    assert not flags["Roads were closed for hours."] and not flags["The market reopened at noon."]
    assert flags["Clashes followed at dawn."]


def test_joined_doc_keeps_text_offsets_and_sentences(extractor: Extractor) -> None:
    cascade = extractor.cascade
    assert cascade is not None
    doc = next(cascade.pipe([TEXT]))
    first = cascade.first_pass(TEXT)
    assert doc.text == TEXT
    assert [t.idx for t in doc] == [t.idx for t in first]
    sents = {s.text.strip(): s for s in doc.sents}
    assert "Schools reopened in the north." in sents
    assert "The U.S. embassy issued no statement." in sents
    assert has_parse(doc)
    parsed = sents["Gunmen ambushed a convoy near Maiduguri on Saturday, killing six soldiers, the army said."]
    assert all(t.pos_ for t in parsed if not t.is_space)
    assert not any(t.pos_ for t in sents["Schools reopened in the north."])


def test_places_are_found_in_sentences_that_are_not_parsed(extractor: Extractor) -> None:
    cascade = extractor.cascade
    assert cascade is not None
    text = ("Gunmen ambushed a convoy on Saturday, killing six soldiers.\n\nThe town of Kano was calm.\n\n"
            "Schools reopened in Kaduna.")
    doc = next(cascade.pipe([text]))
    assert "Kaduna" in {e.text for e in doc.ents}


def test_text_without_cues_is_not_parsed(extractor: Extractor) -> None:
    cascade = extractor.cascade
    assert cascade is not None
    doc = next(cascade.pipe([" ".join(NEUTRAL)]))
    assert not has_parse(doc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(NEUTRAL + EVENTFUL), min_size=1, max_size=8),
       st.lists(st.sampled_from([" ", "\n", "\n\n"]), min_size=8, max_size=8))
def test_any_mix_of_sentences_joins_back_exactly(extractor: Extractor, sents: list[str], seps: list[str]) -> None:
    cascade = extractor.cascade
    assert cascade is not None
    text = "".join(s + sep for s, sep in zip(sents, seps, strict=False)).rstrip()
    doc = next(cascade.pipe([text]))
    assert doc.text == text
    assert len(doc) == len(cascade.first_pass(text))
    parsed = {s.text.strip() for s in doc.sents if any(t.dep_ for t in s)}
    for s in EVENTFUL:
        if s in text:
            assert s in parsed


def test_unknown_mode_is_a_config_error(extractor: Extractor) -> None:
    with pytest.raises(ConfigError, match="extraction mode"):
        Extractor(mode="fast", nlp=extractor.nlp, gazetteer=extractor.gazetteer, actors=extractor.actors)


def test_default_mode_is_the_setting() -> None:
    assert load_settings().extract_mode == "cascade"
    assert load_settings({"EVENTWIRE_EXTRACT_MODE": "thorough"}).extract_mode == "thorough"


def _score(ex: Extractor, gold: Path, folder: Path) -> Report:
    def extract(path: Path) -> dict[str, Any]:
        article = clean(next(iter_documents([str(path)], load_settings())))
        return result_to_dict(ex.extract(article))

    return evaluate_folder(gold, folder, extract)


@pytest.mark.parametrize("gold,folder", [
    (SHARED / "gold" / "samples.json", EXAMPLES),
    (TESTS / "data" / "gold.json", TESTS / "data" / "articles"),
    (TESTS / "data" / "general" / "gold.json", TESTS / "data" / "general" / "articles"),
], ids=["samples", "own-articles", "general-news"])
def test_cascade_scores_within_001_of_the_full_parse(extractor: Extractor, thorough: Extractor,
                                                     gold: Path, folder: Path) -> None:
    if not gold.exists():
        pytest.skip(f"{gold} is not beside the repo")
    fast, full = _score(extractor, gold, folder), _score(thorough, gold, folder)
    for measure in ("claims_f1", "events_recall", "violent_precision", "metadata"):
        assert getattr(fast, measure) >= getattr(full, measure) - 0.01, measure
    stats = extractor.cascade.stats if extractor.cascade else None
    assert stats is not None and 0 < stats.parsed_share < 1


def test_chunked_long_text_keeps_the_sentences_of_unparsed_runs(extractor: Extractor,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.extract as extract_module

    monkeypatch.setattr(extract_module, "CHUNK_CHARS", 200)
    paragraphs = [" ".join(NEUTRAL), " ".join(EVENTFUL), " ".join(NEUTRAL)] * 3
    text = "\n\n".join(paragraphs)
    chunks = extract_module._chunks(text)
    assert len(chunks) > 2
    docs = iter(extractor.cascade.pipe(chunks) if extractor.cascade else ())
    from eventwire.annotate.cascade import join_docs

    doc = join_docs([next(docs) for _ in chunks])
    assert doc.text == text
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    for sentence in NEUTRAL + EVENTFUL:
        assert sents.count(sentence) == (6 if sentence in NEUTRAL else 3), sentence


CALM = (
    "Harbour United edge past Riverside in cup thriller\n\n"
    "The home side attacked from the first whistle and the visitors' defence was torn apart by the pace of the "
    "wingers, who killed the contest with two goals before half-time in front of a full stadium. "
    "Riverside's coach said his team had been shot to pieces in the first half and had lost the battle in "
    "midfield. "
    "The club's chairman signed an agreement with the city council on Friday to expand the stadium. "
    "The league said ticket prices for the next season would stay the same, and the tournament final is "
    "due in May. Fans sang long after the final whistle as the players did a lap of honour around the "
    "pitch, and the goalkeeper was named man of the match for the third time this season."
)


def _parsed(doc: Any) -> set[str]:
    return {s.text.strip() for s in doc.sents if any(t.dep_ for t in s)}


def test_article_without_conflict_context_parses_only_calm_cue_sentences(extractor: Extractor) -> None:
    cascade = extractor.cascade
    assert cascade is not None
    doc = next(cascade.pipe([CALM]))
    assert doc.text == CALM
    parsed = _parsed(doc)
    assert "The club's chairman signed an agreement with the city council on Friday to expand the stadium." in parsed
    assert not any("attacked" in s or "shot to pieces" in s for s in parsed)  # figurative: no violent event can come
    # pieces of a long article are judged by the whole article: every cue counts
    wide = _parsed(next(cascade.pipe([CALM], narrow=False)))
    assert any("attacked" in s for s in wide) and any("shot to pieces" in s for s in wide)


def test_calm_article_yields_the_same_events_in_both_modes(extractor: Extractor, thorough: Extractor) -> None:
    article = clean(next(iter_documents([_write(CALM)], load_settings())))
    fast, full = extractor.extract(article), thorough.extract(article)
    assert [(m.type, m.trigger.text) for m in fast.mentions] == [(m.type, m.trigger.text) for m in full.mentions]
    assert any(m.type == "AGREE" for m in full.mentions)
    assert not any(m.type in {"FIGHT", "ASSAULT"} for m in full.mentions) and not full.claims


def _write(text: str) -> str:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "calm.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)
