"""Tests for eventwire.extract.locate: which named places of a sentence locate its event."""

from __future__ import annotations

import pytest

from eventwire.extract import Extractor
from eventwire.extract.locate import clause_scope, sentence_places
from eventwire.model import Place, Span


@pytest.fixture(scope="module")
def places_of() -> object:
    extractor = Extractor(mode="thorough")

    def run(text: str) -> list[Place]:
        doc = extractor.nlp(text)
        out: list[Place] = []
        for sent in doc.sents:
            out += [p for p, _ in sentence_places(sent, extractor.gazetteer, (),
                                                  lambda a, b: Span(start=a, end=b, text=text[a:b]))]
        return out
    return run


def test_town_tagged_as_a_common_noun_is_still_a_place(places_of) -> None:  # type: ignore[no-untyped-def]
    names = [p.name for p in places_of("Several shells landed on the central market of Sake, 25 km west of "
                                       "Goma, on Monday morning.")]
    assert names[0] == "Sake" and "Goma" not in names  # Goma only measures the distance


def test_camp_and_market_names_are_places(places_of) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in places_of("The toll from Monday's drone strike on the market of the Zamzam camp "
                                       "has risen to 21.")}
    assert "Zamzam" in names


def test_name_before_region_is_the_area_not_the_city(places_of) -> None:  # type: ignore[no-untyped-def]
    got = {p.name: p.precision for p in places_of("A drone struck a petrol station in Chuhuiv, in the "
                                                  "Kharkiv region, on Monday.")}
    assert got.get("Chuhuiv") == "place" and got.get("Kharkiv") == "region"


def test_capital_standing_for_its_government_or_as_venue_is_no_place(places_of) -> None:  # type: ignore[no-untyped-def]
    assert places_of("Kyiv's claims that civilians were killed in Kupiansk were a provocation.")[0].name \
        == "Kupiansk"
    assert not places_of("He said the shelling undermined the Brussels meeting.")
    # not a capital: the city's own toll
    assert [p.name for p in places_of("Kharkiv's toll from the strike rose to five.")] == ["Kharkiv"]


def test_acronyms_and_compass_words_are_not_places(places_of) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in places_of("M23 fighters advanced from the West towards Sake on Thursday.")}
    assert "M23" not in names and "West" not in names


def test_bare_name_after_the_is_a_river_not_the_town(places_of) -> None:  # type: ignore[no-untyped-def]
    assert not places_of("Russian troops on the left bank of the Dnipro have shelled the city.")
    got = {p.name: p.precision for p in places_of("Fighting raged in the Kharkiv region and in Kupiansk.")}
    assert got == {"Kharkiv": "region", "Kupiansk": "place"}


def test_phrase_hung_on_said_by_after_keeps_the_reported_clause_places() -> None:
    extractor = Extractor(mode="thorough")
    doc = extractor.nlp("Russian forces have taken control of the village of Kruhliakivka in the Kharkiv region, "
                        "the defence ministry said on Wednesday, after fighting that it said began on Tuesday.")
    fighting = next(t for t in doc if t.text == "fighting")
    scope = clause_scope(fighting)
    assert next(t for t in doc if t.text == "Kruhliakivka").i in scope
    told = extractor.nlp("Troops shelled the town, the governor told reporters in Geneva.")
    shelled = next(t for t in told if t.text == "shelled")
    assert next(t for t in told if t.text == "Geneva").i not in clause_scope(shelled)


def test_place_of_an_attack_inside_a_reporting_verbs_subject_is_kept(places_of) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in places_of("Survivors of Tuesday's raid on the village of Kidal described gunmen "
                                       "on motorbikes firing into the crowd.")}
    assert "Kidal" in names
    # a place only on the reporting verb is still no event place
    assert not places_of("The spokesman told reporters in Geneva that the convoy had been attacked.")


def test_hotel_or_hospital_named_as_an_organisation_is_a_place(places_of) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in places_of("Twelve guests were killed in the attack on the Serena Hotel, "
                                       "which is popular with diplomats.")}
    assert any("Serena Hotel" in n for n in names)


def test_unit_name_is_no_place(places_of) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in places_of("Officials said fighters of the Kherson regiment had blown up the "
                                       "bridge themselves.")}
    assert "Kherson" not in names



def test_a_building_is_no_town_for_a_later_the_city() -> None:
    from eventwire.extract.locate import is_facility
    assert is_facility(Place(text="the Al-Amal Hospital", name="Al-Amal Hospital"))
    assert not is_facility(Place(text="Kharkiv", name="Kharkiv"))
    assert not is_facility(Place(text="Hospital", name="Hospital"))


def test_a_place_a_distance_is_measured_from_is_not_where_it_happened(places_of) -> None:  # type: ignore[no-untyped-def]
    names = [p.name for p in places_of("A drone hit a fuel depot in the town of Tokmak, about 30 km south of "
                                       "Orikhiv, on Friday.")]
    assert "Tokmak" in names and "Orikhiv" not in names
    # alone it still says roughly where
    assert [p.name for p in places_of("Gunmen attacked a bus about 20 km north of Maiduguri.")] == ["Maiduguri"]


def test_a_place_opening_the_sentence_sets_the_scene_of_the_report(places_of) -> None:  # type: ignore[no-untyped-def]
    doc_places = [p.name for p in places_of("In the rebel-held town of Idlib, a civil defence official said on "
                                            "Sunday that a shell had hit a bakery.")]
    assert "Idlib" in doc_places


def test_fronted_place_is_in_the_reported_clause_scope() -> None:
    extractor = Extractor(mode="thorough")
    doc = extractor.nlp("In the city of Sumy, the governor said on Monday that a drone had hit a bus.")
    hit = next(t for t in doc if t.lower_ == "hit")
    sumy = next(t for t in doc if t.text == "Sumy")
    assert sumy.i in clause_scope(hit)


def test_place_of_a_declared_act_is_kept(places_of) -> None:  # type: ignore[no-untyped-def]
    assert [p.name for p in places_of("The junta declared martial law in Hakha on Friday.")] == ["Hakha"]
    assert [p.name for p in places_of("The governor announced a curfew in Marawi on Tuesday.")] == ["Marawi"]


def test_witnesses_speak_from_where_it_happened(places_of) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in places_of("Witnesses in Kidal said the gunmen arrived at dawn.")}
    assert "Kidal" in names
    # officials are not witnesses: where they speak from is no event place
    assert "Bamako" not in {p.name for p in places_of("Officials in Bamako said the gunmen arrived at dawn.")}


def test_introduced_names_and_peoples_are_no_places(places_of) -> None:  # type: ignore[no-untyped-def]
    assert not places_of('Police blamed a gang known as "Samara" for the killings.')
    names = {p.name for p in places_of("Most of the victims were ethnic Tutsis and Hutus from Goma.")}
    assert "Goma" in names and not names & {"Tutsis", "Hutus"}
    # a town called X is still a town
    assert [p.name for p in places_of("The fighting reached a town called Kalehe.")] == ["Kalehe"]


def test_a_place_under_a_describing_relative_clause_is_kept(places_of) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in places_of("Soldiers on Friday arrested a man they described as a senior militia "
                                       "commander at a checkpoint in Butembo, the commercial hub.")}
    assert "Butembo" in names


def test_a_name_after_city_of_is_a_place_even_without_an_entity() -> None:
    from spacy.tokens import Doc

    from eventwire.extract.locate import _unlabelled_places
    extractor = Extractor(mode="thorough")
    doc = extractor.nlp("Air strikes on the port city of Qarnawel killed nine people.")
    doc = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
              pos=[t.pos_ for t in doc], deps=[t.dep_ for t in doc], heads=[t.head.i for t in doc],
              sent_starts=[t.is_sent_start for t in doc])  # the same parse without entities
    (sent,) = doc.sents
    assert [s.text for s in _unlabelled_places(sent)] == ["Qarnawel"]


def test_a_place_in_an_office_title_is_no_event_place(places_of) -> None:  # type: ignore[no-untyped-def]
    names = [p.name for p in places_of("Talks mediated by the UN envoy for Darfur opened in Gao "
                                       "on Monday.")]
    assert "Gao" in names and "Darfur" not in names
