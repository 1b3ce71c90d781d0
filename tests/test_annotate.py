"""The annotate stage: model loading, the gazetteer entity ruler, line-break sentences, cheap mode."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from eventwire.annotate import PipelineSpec, has_parse, load_nlp
from eventwire.annotate import pipeline as pipeline_module
from eventwire.annotate.ruler import NAME as RULER
from eventwire.annotate.ruler import GazetteerRuler
from eventwire.errors import ModelError


class TinyGazetteer:
    """A real (small) gazetteer stand-in: only ``patterns()`` is used by the pipeline."""

    def patterns(self) -> list[dict[str, object]]:
        return [{"label": "GPE", "pattern": "Qarabulaq"}, {"label": "GPE", "pattern": "Zorvan"},
                {"label": "LOC", "pattern": "Upper Veld"}, {"label": "GPE", "pattern": "Upper"}]


@pytest.fixture(scope="module")
def gazetteer() -> TinyGazetteer:
    return TinyGazetteer()


def test_ruler_sits_before_ner_and_labels_places(gazetteer: TinyGazetteer) -> None:
    nlp = load_nlp(gazetteer)
    names = nlp.pipe_names
    assert names.index(RULER) < names.index("ner")
    doc = nlp("Shells fell on Qarabulaq and Zorvan overnight, and troops moved into the Upper Veld.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["Qarabulaq"] == "GPE"
    assert labels["Zorvan"] == "GPE"
    assert labels["Upper Veld"] == "LOC"


def test_ruler_prefers_the_longest_name_and_overwrites_what_it_overlaps() -> None:
    nlp = load_nlp(None)
    ruler = GazetteerRuler()
    ruler.add_patterns([{"label": "GPE", "pattern": "Port Sel"}, {"label": "LOC", "pattern": "Port Sel Bay"},
                        {"label": "GPE", "pattern": "Sel"}], nlp.tokenizer)
    doc = nlp.make_doc("Boats left Port Sel Bay for Sel.")
    doc.ents = [Span(doc, 2, 4, label="ORG")]  # "Port Sel" read as an organisation
    ruler(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Port Sel Bay", "LOC"), ("Sel", "GPE")]


def test_ruler_is_case_sensitive(gazetteer: TinyGazetteer) -> None:
    doc = load_nlp(gazetteer)("The qarabulaq road was closed.")
    assert "qarabulaq" not in {e.text for e in doc.ents if e.label_ == "GPE"}


def test_pipeline_is_cached_per_gazetteer_and_spec(gazetteer: TinyGazetteer) -> None:
    assert load_nlp(gazetteer) is load_nlp(gazetteer)
    assert load_nlp(gazetteer) is not load_nlp(gazetteer, cheap=True)
    assert load_nlp(None) is not load_nlp(gazetteer)
    assert RULER not in load_nlp(None).pipe_names


def test_line_breaks_start_sentences() -> None:
    doc = load_nlp(None)("Rebels seize border post\n\nLOME, May 2 - Rebels seized a post on Monday, police said.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Rebels seize border post"
    assert any(s.startswith("Rebels seized a post") or s.startswith("LOME") for s in sents[1:])


def test_cheap_mode_splits_sentences_without_parser() -> None:
    nlp = load_nlp(None, cheap=True)
    assert "parser" not in nlp.pipe_names
    doc = nlp("Troops clashed near the dam. Two soldiers died. Talks resume on Friday.")
    assert len(list(doc.sents)) == 3
    assert not has_parse(doc)
    assert has_parse(load_nlp(None)("Troops clashed near the dam."))
    assert PipelineSpec.cheap() != PipelineSpec.full()


def test_missing_model_raises_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline_module, "MODEL", "en_core_web_nonexistent_xx")
    with pytest.raises(ModelError, match="pip install"):
        load_nlp(None, spec=PipelineSpec(parser=True, ruler=False))


def test_entities_read_from_tags_equal_spacys(gazetteer: TinyGazetteer) -> None:
    from eventwire.annotate.entities import entities_in, entity_at

    nlp = load_nlp(gazetteer)
    doc = nlp("The United Nations said on Monday that troops from Chad and Niger clashed near Lake Chad. "
              "Prime Minister Ali Lamine Zeine met envoys in Niamey on Tuesday.")
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in entities_in(sent)] == \
            [(e.start, e.end, e.label_) for e in sent.ents]
    for tok in doc:
        mine = entity_at(tok)
        theirs = next(((e.start, e.end, e.label_) for e in doc.ents if e.start <= tok.i < e.end), None)
        assert (None if mine is None else (mine.start, mine.end, mine.label_)) == theirs
    assert any(entity_at(t) is not None for t in doc)
