"""Event mentions: trigger types, date attachment, flags, in-article de-duplication.

Sentences are written for these tests, from several conflicts, so no rule can lean on the sample
articles' names or numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from eventwire.errors import LexiconError
from eventwire.extract import Extractor
from eventwire.extract.triggers import load_lexicon, parse_lexicon
from eventwire.model import NOT_FRESH, Article, EventMention

PUB = date(2024, 5, 16)  # a Thursday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def mentions(extractor: Extractor, make_article: Callable[..., Article]) -> Callable[..., list[EventMention]]:
    def run(text: str, published: date = PUB) -> list[EventMention]:
        return list(extractor.extract(make_article(text=text, published=published)).mentions)
    return run


def fresh(ms: list[EventMention]) -> list[EventMention]:
    return [m for m in ms if not (m.flags & NOT_FRESH)]


def types(ms: list[EventMention]) -> set[str]:
    return {m.type for m in fresh(ms)}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Government troops and rebels clashed near Goma on Tuesday, residents said.", "FIGHT"),
    ("Heavy fighting between the army and insurgents raged in the north on Monday.", "FIGHT"),
    ("Indian and Pakistani soldiers exchanged fire along the Line of Control on Wednesday.", "FIGHT"),
    ("Greek and Turkish units traded heavy artillery and mortar fire across the river on Monday.",
     "FIGHT"),
    ("Rebels fired mortar fire at the village on Monday, residents said.", "ASSAULT"),
    ("The president froze peace talks with the insurgents on Friday.", "SANCTION"),
    ("The government suspended peace talks with the rebel group on Tuesday.", "SANCTION"),
    ("Rebels attacked an army base outside the town on Monday.", "FIGHT"),
    ("Artillery shelled a residential district of Kharkiv on Tuesday, officials said.", "ASSAULT"),
    ("A drone strike hit a market in the town on Monday, killing four civilians.", "ASSAULT"),
    ("Gunmen attacked worshippers at a church in the village on Sunday.", "ASSAULT"),
    ("A roadside bomb exploded near a bus station in Quetta on Tuesday.", "ASSAULT"),
    ("The two ministers met in Doha on Tuesday to discuss a prisoner exchange.", "CONSULT"),
    ("The warring parties signed a ceasefire agreement in Jeddah on Monday.", "AGREE"),
    ("The foreign ministry urged both sides to show restraint on Wednesday.", "REQUEST"),
    ("The government accused the militia of war crimes on Tuesday.", "ACCUSE"),
    ("Rebel units withdrew from the town on Monday, the army said.", "RETREAT"),
    ("The European Union imposed sanctions on three generals on Tuesday.", "SANCTION"),
    ("Thousands of people protested in the capital on Monday against the war.", "PROTEST"),
    ("The militia leader threatened to strike the capital, a statement said on Tuesday.", "THREATEN"),
    ("The junta declared martial law in the province on Monday.", "COERCE"),
    ("A drone attack on an army barracks killed six soldiers on Monday.", "ASSAULT"),
    ("Warplanes struck insurgent command posts in the hills on Tuesday, the army said.", "ASSAULT"),
    ("Pirates fired on a cargo ship off the coast on Monday, the navy said.", "ASSAULT"),
    ("The rebels released 14 hostages on Tuesday after talks with elders.", "RETREAT"),
    ("The two governments severed diplomatic relations on Monday.", "SANCTION"),
    ("The army sent troops and armoured vehicles to the border region on Tuesday.", "MOBILIZE"),
    ("Authorities cut internet access in three provinces on Monday.", "COERCE"),
    ("An aid convoy of 30 trucks reached the besieged town on Tuesday.", "AID"),
    ("Insurgents attacked an army base with explosive-laden drones on Sunday night, the army said.", "ASSAULT"),
    ('"We will hunt them down," the president said of the attackers on Tuesday.', "THREATEN"),
])
def test_trigger_types(mentions: Callable[..., list[EventMention]], sentence: str, expected: str) -> None:
    assert expected in types(mentions(sentence))


@pytest.mark.parametrize("sentence", [
    "The ceasefire held on Tuesday after nine days of fighting in the border region.",
    "Aid agencies have counted 400 displaced families since the start of hostilities in March.",
    "The minister called the shelling part of a pattern of attacks on the region on Monday.",
    "Officials said 40 civilians have been wounded since the fighting began in March.",
    "The envoy said on Monday that his government would keep supporting the army's offensive.",
    "The talks left out Chad, whose troops have fought alongside the army for years, officials said on Monday.",
    "A U.N. report said on Monday that foreign troops were fighting alongside the rebels.",
])
def test_violent_nouns_that_mark_time_or_generalise_are_no_events(
        mentions: Callable[..., list[EventMention]], sentence: str) -> None:
    assert not types(mentions(sentence)) & {"FIGHT"}


def test_coordinated_clause_is_not_planned_by_its_neighbour(mentions: Callable[..., list[EventMention]]) -> None:
    # "set" plans only what it governs ("set to attack"), not a clause coordinated with it
    ms = mentions("Insurgents raided the garrison on Tuesday, setting trucks on fire and fighting "
                  "soldiers for several hours, the army said.")
    assert "FIGHT" in types(ms)
    assert types(mentions("The rebels are set to attack the garrison, the army said on Tuesday.")) \
        .isdisjoint({"FIGHT", "ASSAULT"})


def test_condemned_attack_joins_the_event_it_refers_to(mentions: Callable[..., list[EventMention]]) -> None:
    ms = fresh(mentions("Gunmen fought soldiers at a police academy in Kano for several hours on Tuesday. "
                        "Neighbouring governments condemned what they called a cowardly terrorist attack."))
    assert [m.type for m in ms if m.type in {"FIGHT", "ASSAULT"}] == ["FIGHT"]


def test_year_modifier_makes_a_noun_trigger_historical(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("The raid on Monday revived memories of the 2009 abduction of 90 pupils in Dapchi.")
    old = [m for m in ms if m.trigger is not None and m.trigger.text == "abduction"]
    assert old and all("historical" in m.flags for m in old)


def test_casualty_words_type_by_victims(mentions: Callable[..., list[EventMention]]) -> None:
    assert types(mentions("Four soldiers were killed near the border on Tuesday.")) == {"FIGHT"}
    assert types(mentions("Six civilians were killed in the village on Tuesday.")) == {"ASSAULT"}


def test_numbers_and_years_alone_are_no_events(mentions: Callable[..., list[EventMention]]) -> None:
    assert mentions("The budget reached 1,000,000 dollars in 2022, the ministry said.") == []


def test_natural_disaster_is_no_violent_event(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("A powerful earthquake struck the region on Saturday and killed 40 people.")
    assert not types(ms) & {"FIGHT", "ASSAULT"}


def test_date_on_weekday(mentions: Callable[..., list[EventMention]]) -> None:
    (m,) = [m for m in mentions("Rebels and soldiers clashed near the dam on Tuesday.") if m.type == "FIGHT"]
    assert m.date.start == m.date.end == date(2024, 5, 14)


def test_date_night_of(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("Militants shelled the town during the night of May 12, the governor said.")
    (m,) = [m for m in ms if m.type == "ASSAULT"]
    assert m.date.start <= date(2024, 5, 12) <= m.date.end
    assert (m.date.end - m.date.start).days <= 1


def test_yearless_date_is_read_back_from_publication(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("Troops and rebels fought near the airport on December 28.", published=date(2024, 1, 3))
    (m,) = [m for m in ms if m.type == "FIGHT"]
    assert m.date.start == date(2023, 12, 28)


def test_report_date_is_not_the_event_date(mentions: Callable[..., list[EventMention]]) -> None:
    text = ("On May 13, soldiers and rebels clashed near the river crossing.\n\n"
            "In an interview on May 14, the governor said that eight rebels were killed in the clash.")
    ms = [m for m in fresh(mentions(text)) if m.type == "FIGHT"]
    assert len(ms) == 1
    assert ms[0].date.start == date(2024, 5, 13)


def test_paragraph_anchor_dates_an_undated_sentence(mentions: Callable[..., list[EventMention]]) -> None:
    text = ("On May 11, police detained three journalists in the capital. "
            "Later, gunmen attacked a clinic in the same district, killing two patients.")
    (m,) = [m for m in fresh(mentions(text)) if m.type == "ASSAULT"]
    assert m.date.start == date(2024, 5, 11)


def test_undated_statement_takes_publication_day(mentions: Callable[..., list[EventMention]]) -> None:
    (m,) = [m for m in mentions("The foreign minister urged the rebels to lay down their arms.")
            if m.type == "REQUEST"]
    assert m.date.start == PUB


@pytest.mark.parametrize("sentence", [
    "War broke out between the two countries in 1992.",
    "The insurgents attacked the garrison in March 2019, killing dozens.",
])
def test_history_is_flagged(mentions: Callable[..., list[EventMention]], sentence: str) -> None:
    ms = mentions(sentence)
    violent = [m for m in ms if m.type in {"FIGHT", "ASSAULT"}]
    assert all("historical" in m.flags for m in violent)
    assert not fresh(violent)


@pytest.mark.parametrize("sentence", [
    "The army did not attack the village on Tuesday, a spokesman said.",
    "There were no clashes along the frontier on Tuesday.",
    "The ministry denied shelling the town on Tuesday.",
])
def test_negation_is_flagged(mentions: Callable[..., list[EventMention]], sentence: str) -> None:
    violent = [m for m in mentions(sentence) if m.type in {"FIGHT", "ASSAULT"}]
    assert violent and all("negated" in m.flags for m in violent)


def test_planned_is_flagged(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("The two presidents will hold talks in Geneva on May 21.")
    consult = [m for m in ms if m.type == "CONSULT"]
    assert consult and all("planned" in m.flags for m in consult)
    ms = mentions("The rebels plan to attack the capital next month.")
    assert all("planned" in m.flags for m in ms if m.type in {"FIGHT", "ASSAULT"})


def test_hypothetical_is_flagged(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("Officials warned that militants could attack the pipeline if talks fail.")
    violent = [m for m in ms if m.type in {"FIGHT", "ASSAULT"}]
    assert violent and all("hypothetical" in m.flags for m in violent)


def test_recap_merges_into_one_mention(mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Troops and separatist fighters clashed near Kramatorsk on Tuesday, the army said.\n\n"
            "The foreign minister met his counterpart in Vienna on Wednesday.\n\n"
            "To recap, the clashes near Kramatorsk on Tuesday left four soldiers dead, the ministry said.")
    fights = [m for m in fresh(mentions(text)) if m.type == "FIGHT"]
    assert len(fights) == 1
    assert len(fights[0].evidence) >= 2
    assert "recap" in fights[0].flags
    assert "Kramatorsk" in {p.text for p in fights[0].places}


def test_distinct_attacks_stay_apart(mentions: Callable[..., list[EventMention]]) -> None:
    text = ("On May 14, a missile strike hit an apartment block in Odesa, killing five residents.\n\n"
            "On May 8, shelling of a market in Kherson killed two shoppers.")
    assaults = [m for m in fresh(mentions(text)) if m.type == "ASSAULT"]
    assert sorted(m.date.start for m in assaults) == [date(2024, 5, 8), date(2024, 5, 14)]


def test_places_direction_and_district_lists(mentions: Callable[..., list[EventMention]]) -> None:
    text = "Separatists shelled the Tartar, Aghjabadi and Goranboy districts on Tuesday."
    (m,) = [m for m in mentions(text) if m.type == "ASSAULT"]
    assert {"Tartar", "Goranboy"} <= {p.text for p in m.places}


def test_mentions_carry_offsets_into_raw_text(mentions: Callable[..., list[EventMention]],
                                              extractor: Extractor,
                                              make_article: Callable[..., Article]) -> None:
    text = "Rebels and soldiers clashed near the dam on Tuesday."
    article = make_article(text=text, published=PUB)
    (m,) = extractor.extract(article).mentions
    assert article.raw_text[m.span.start:m.span.end] == m.span.text
    assert m.trigger is not None and m.trigger.text == "clashed"
    assert m.id == f"{article.id}-e1"


def test_lexicon_loads_and_validates() -> None:
    lex = load_lexicon()
    assert {"FIGHT", "ASSAULT"} <= lex.violent
    assert lex.target_kind("civilian") == "civilian"
    with pytest.raises(LexiconError):
        parse_lexicon({"version": "x", "types": {"NOT_A_TYPE": {"verbs": ["go"]}}})
    with pytest.raises(LexiconError):
        parse_lexicon({"types": {"FIGHT": {"verbs": ["clash"]}}})
    with pytest.raises(LexiconError):
        parse_lexicon({"version": "x", "types": {"FIGHT": {"verbs": [3]}}})


def _place_names(ms: list[EventMention]) -> set[str]:
    return {p.name for m in fresh(ms) if m.type in {"FIGHT", "ASSAULT"} for p in m.places}


def test_dateline_city_is_not_an_event_place(extractor: Extractor,
                                             make_article: Callable[..., Article]) -> None:
    text = ("BAGHDAD, May 16 (Frontier Wire) — Gunmen attacked a checkpoint near Kandahar on "
            "Tuesday, killing three police officers, officials said.")
    ms = list(extractor.extract(make_article(text=text, published=PUB, dateline="BAGHDAD")).mentions)
    assert _place_names(ms) == {"Kandahar"}
    plain = list(extractor.extract(make_article(text=text, published=PUB)).mentions)
    assert "baghdad" in {n.casefold() for n in _place_names(plain)}  # the rule, not the parser, drops the dateline


def test_named_district_locates_the_event(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("On Tuesday, gunmen killed nine farmers in the Kandahar district of Helmand, "
                  "a local official said.")
    assert "Kandahar" in _place_names(ms)


def test_dateline_day_does_not_date_the_event(extractor: Extractor,
                                              make_article: Callable[..., Article]) -> None:
    text = ("BAGHDAD, May 16 (Frontier Wire) — Soldiers clashed with militants near Kirkuk on "
            "Tuesday, officials said.")
    ms = fresh(list(extractor.extract(make_article(text=text, published=PUB,
                                                   dateline="BAGHDAD")).mentions))
    fights = [m for m in ms if m.type == "FIGHT"]
    assert fights and all(m.date.start == m.date.end == date(2024, 5, 14) for m in fights)


def test_periods_up_to_publication_do_not_carry_over() -> None:
    from eventwire.extract.temporal import DateMention, carries_over
    from eventwire.model import DateRange

    def mention(start: date, end: date, precision: str) -> DateMention:
        return DateMention(start=0, end=1, old=False,
                           range=DateRange(start=start, end=end, precision=precision))

    assert not carries_over(mention(date(2024, 1, 1), PUB, "year"), PUB)  # "this year"
    assert not carries_over(mention(date(2024, 5, 13), PUB, "week"), PUB)  # "this week"
    assert carries_over(mention(date(2024, 4, 1), date(2024, 4, 30), "month"), PUB)  # "in April"
    assert carries_over(mention(date(2024, 5, 14), date(2024, 5, 14), "day"), PUB)
    since = DateMention(start=0, end=1, old=False, range=DateRange(
        start=date(2024, 5, 13), end=PUB, precision="range", anchor="since Monday"))
    assert not carries_over(since, PUB)  # a running tally


@pytest.mark.parametrize("text", [
    "Rebels have attacked army posts in the border region since 2019, officials said.",
    "Militants carried out dozens of bombings in the province in 2023, police said.",
])
def test_trends_and_earlier_years_are_background(mentions: Callable[..., list[EventMention]],
                                                 text: str) -> None:
    violent = [m for m in mentions(text) if m.type in {"FIGHT", "ASSAULT"}]
    assert violent and all("historical" in m.flags for m in violent)


def test_statement_about_a_period_is_dated_on_its_day(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("The envoy called on all parties to preserve the security gains of the past year.")
    requests = [m for m in fresh(ms) if m.type == "REQUEST"]
    assert requests and all(m.date.start == m.date.end == PUB for m in requests)


def test_dateline_city_named_again_in_the_lead_still_locates(
        extractor: Extractor, make_article: Callable[..., Article]) -> None:
    text = ("BAGHDAD — Rockets struck a residential area of Baghdad on Tuesday, killing three "
            "civilians, officials said.")
    ms = list(extractor.extract(make_article(text=text, published=PUB, dateline="BAGHDAD")).mentions)
    assert "baghdad" in {n.casefold() for n in _place_names(ms)}


def test_day_inside_a_wider_period_dates_the_event(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("Rockets struck the market on Tuesday, killing four people.\n\n"
                  "Earlier this month, on May 3, an air strike on a hospital in the town killed "
                  "two patients.")
    days = {(m.date.start, m.date.end) for m in fresh(ms) if m.type == "ASSAULT"}
    assert (date(2024, 5, 3), date(2024, 5, 3)) in days


def test_place_surface_keeps_its_place_noun(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("On Tuesday, militiamen seized the Nabatiya airport after clashes with the army, "
                  "officials said.")
    places = {(p.text, p.name) for m in fresh(ms) for p in m.places}
    assert ("Nabatiya airport", "Nabatiya") in places  # unresolved: the noun says what it is


def test_a_weapon_that_hit_something_unlisted_is_an_attack(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("In the occupied town of Tokmak, an official said on Wednesday that a drone had hit a "
                  "fuel depot, killing two guards.")
    assert "ASSAULT" in types(ms) or "FIGHT" in types(ms)
    # without a weapon as its subject a bare "hit" with no known target stays no event
    assert not types(mentions("The new tariffs hit grain exporters hard on Wednesday.")) & {"FIGHT", "ASSAULT"}


def test_casualty_words_count_when_the_only_other_trigger_hit_nothing_known(
        mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("Police said on Tuesday that the convoy was targeted near Bunia, and six civilians were killed.")
    assert "ASSAULT" in types(ms)


def test_strikes_by_opposite_sides_stay_apart(mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Earlier this month, on May 3, an Israeli air strike on a house in the village killed two people.\n\n"
            "In the town of Kiryat Shmona, the mayor said on Wednesday that a Hezbollah drone had hit a "
            "warehouse, wounding a guard.")
    violent = [m for m in fresh(mentions(text)) if m.type in {"FIGHT", "ASSAULT"}]
    assert len(violent) == 2


def test_casualty_words_in_an_after_clause_are_an_event_of_their_own(
        mentions: Callable[..., list[EventMention]]) -> None:
    ms = fresh(mentions("The shelling of the market came a week after gunmen killed four miners in the village "
                        "of Kamituga on May 7."))
    assert any(m.date.start == date(2024, 5, 7) and m.type == "ASSAULT" for m in ms)
    assert len([m for m in ms if m.type in {"FIGHT", "ASSAULT"}]) == 2


def test_a_statement_about_the_city_is_placed_in_the_town_last_named(
        mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Rebels said on Monday they had taken control of Bunia after three days of clashes.\n\n"
            "The army confirmed on Tuesday that its troops had withdrawn from the city.")
    (retreat,) = [m for m in mentions(text) if m.type == "RETREAT"]
    assert [p.name for p in retreat.places] == ["Bunia"]


def test_a_violent_mention_borrows_an_unresolved_town_beside_its_region(
        mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Gunmen attacked the village of Ngorovuku on Tuesday, killing nine farmers.\n\n"
            "Residents fled across Ituri province on Tuesday.\n\n"
            "Police said officers had killed two of the attackers in a gunfight on Tuesday evening.")
    (fight,) = [m for m in fresh(mentions(text)) if m.type == "FIGHT"]
    assert "Ngorovuku" in {p.name for p in fight.places}


def test_an_undated_reaction_to_a_dated_strike_takes_the_report_day(
        mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Saudi-led warplanes struck a market in Saada on Monday, killing 12 people, medics said.\n\n"
            "A rebel spokesman vowed that the attack would be answered.")
    (threat,) = [m for m in mentions(text) if m.type == "THREATEN"]
    assert threat.date.start == threat.date.end == PUB
    # a day on the verb of speaking is the statement's own
    text = ("Speaking in Sanaa on Monday, the rebel leader said the group would strike ports. "
            "He vowed that every attack would be answered.")
    (threat,) = [m for m in mentions(text) if m.type == "THREATEN"]
    assert threat.date.start == date(2024, 5, 13)


def test_the_filing_place_gives_way_to_a_place_a_later_report_names(
        extractor: Extractor, make_article: Callable[..., Article], monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.extract.events as events_module
    from eventwire.model import Place, Span

    real = events_module.sentence_places
    filing = Place(text="Tripoli", name="Tripoli", country="LBY")

    def places(sent, gazetteer, prefer, to_span, *, skip_before=0):  # type: ignore[no-untyped-def]
        if sent.start == 0 and skip_before == 0:  # the lead, read with its dateline: only the filing city
            return [(replace(filing, span=Span(start=0, end=7, text="Tripoli")), sent.start)]
        return [] if sent.start == 0 else real(sent, gazetteer, prefer, to_span, skip_before=skip_before)

    monkeypatch.setattr(events_module, "sentence_places", places)
    monkeypatch.setattr(events_module, "_dateline_end", lambda text, dateline: 30)
    text = ("Tripoli, May 16 (Wire) — A truce held on Thursday after fighting that killed 30 people.\n\n"
            "Fighting erupted on Monday night in the Burri and Hamdallaye districts.")
    ms = list(extractor.extract(make_article(text=text, published=PUB, dateline="Tripoli")).mentions)
    (fight,) = [m for m in fresh(ms) if m.type == "FIGHT"]
    assert "Tripoli" not in {p.name for p in fight.places} and fight.places


def test_a_place_in_another_events_clause_is_that_events(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("The clashes erupted on Monday night after one militia detained a rival commander at Mitiga "
                  "airport. Fighting with heavy machine guns spread through the districts of Crater and Khormaksar.")
    (fight,) = [m for m in ms if m.type == "FIGHT"]
    (detention,) = [m for m in ms if m.type == "COERCE"]
    assert "Mitiga" in {p.name for p in detention.places}
    assert "Mitiga" not in {p.name for p in fight.places}


def test_a_violent_act_in_an_after_clause_is_an_event_apart(mentions: Callable[..., list[EventMention]]) -> None:
    ms = fresh(mentions("The raid came a week after gunmen fired on a ferry as it docked at the port on May 2, "
                        "hitting its hull."))
    assert any(m.date.start == date(2024, 5, 2) for m in ms if m.type in {"FIGHT", "ASSAULT"})


def test_the_capital_is_the_capital_of_the_country_in_question(
        mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("The deal was signed late on Wednesday in the Kenyan capital after ten days of talks.")
    (agree,) = [m for m in ms if m.type == "AGREE"]
    assert [p.name for p in agree.places] == ["Nairobi"]
    ms = mentions("Gunmen attacked a market in Gao on May 2.\n\n"
                  "On Monday, gunmen fired on a plane as it landed at the capital's airport, hitting its wing.")
    assert any("Bamako" in {p.name for p in m.places} for m in fresh(ms) if m.type == "ASSAULT")


def test_the_neighbourhood_is_the_district_last_named(mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Witnesses in the Badalabougou district said gunmen attacked the barracks at dawn on Tuesday.\n\n"
            "The authorities imposed a curfew in the neighbourhood around the barracks on Tuesday.")
    (curfew,) = [m for m in mentions(text) if m.type == "COERCE"]
    assert [p.name for p in curfew.places] == ["Badalabougou"]


def test_expressed_solidarity_is_support(mentions: Callable[..., list[EventMention]]) -> None:
    assert "SUPPORT" in types(mentions("Ghana and Togo expressed their solidarity with Niamey on Friday."))


def test_casualty_words_join_the_killings_not_an_earlier_offensive(
        mentions: Callable[..., list[EventMention]]) -> None:
    text = ("At least 40 villagers were killed in the town of Kumba earlier this month, a rights commission "
            "said on Tuesday.\n\n"
            "The army launched an offensive against separatist fighters in the region on May 2.\n\n"
            "The commission said the killings took place on May 6 and targeted farm workers.")
    ms = fresh(mentions(text))
    (killings,) = [m for m in ms if m.type == "ASSAULT"]
    assert killings.date.start == date(2024, 5, 6) and "Kumba" in {p.name for p in killings.places}
    assert any("40 villagers" in s.text for s in killings.evidence)


def test_the_city_can_be_named_earlier_in_the_same_sentence(mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Rebels said on Monday they had taken Goma after two days of clashes, and the army said on Tuesday "
            "that its troops had pulled out of the city.")
    (retreat,) = [m for m in mentions(text) if m.type == "RETREAT"]
    assert [p.name for p in retreat.places] == ["Goma"]


def test_a_definite_violent_noun_that_only_times_another_act_is_no_event_of_its_own(
        mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Air strikes on the port of Tyre killed seven people overnight, officials said on Thursday.\n\n"
            "Hours before the strikes, on Wednesday afternoon, a drone boat hit a cargo ship off Naqoura.")
    violent = [m for m in fresh(mentions(text)) if m.type in {"FIGHT", "ASSAULT"}]
    assert len(violent) == 2
    (boat,) = [m for m in violent if "Naqoura" in {p.name for p in m.places}]
    assert boat.trigger is not None and boat.trigger.text == "hit"


def test_strikes_carried_out_by_a_state_name_it_as_the_attacker(
        mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("Air strikes carried out by Turkey on the town of Qamishli killed four people on Tuesday.")
    (strike,) = [m for m in fresh(ms) if m.type == "ASSAULT"]
    assert "TUR" in {a.country for a in strike.agents}


def test_an_undated_struggle_for_control_is_background(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("The mayor said rival cartels were fighting for control of the smuggling routes into the valley.")
    assert not types(ms) & {"FIGHT", "ASSAULT"}
    # a dated battle for control is an event
    ms = mentions("Troops and rebels were fighting for control of the bridge on Monday, residents said.")
    assert "FIGHT" in types(ms)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Indian and Chinese patrols traded gunfire near the lake on Tuesday.", "FIGHT"),
    ("Dock workers in Mombasa began a general strike on Monday to protest the arrests.", "PROTEST"),
    ("Detained activists in Tehran went on hunger strike on Sunday.", "PROTEST"),
    ("The Kenyan police put all units on maximum alert on Friday.", "MOBILIZE"),
    ("Bolivia cut diplomatic ties with Israel on Tuesday.", "SANCTION"),
    ("The African Union commended Kenya's mediation on Monday.", "SUPPORT"),
    ("The presidents of Armenia and France spoke by telephone on Sunday.", "CONSULT"),
    ("The junta confiscated the offices of two opposition newspapers on Monday.", "COERCE"),
])
def test_everyday_vocabulary_of_the_other_types(mentions: Callable[..., list[EventMention]], sentence: str,
                                                expected: str) -> None:
    assert expected in types(mentions(sentence))


def test_a_capital_named_by_a_two_word_demonym(mentions: Callable[..., list[EventMention]]) -> None:
    ms = mentions("The accord was signed on Tuesday in the South Sudanese capital after a week of talks.")
    (agree,) = [m for m in ms if m.type == "AGREE"]
    assert [p.name for p in agree.places] == ["Juba"]


def test_an_undated_appeal_does_not_merge_with_a_call_made_weeks_before(
        mentions: Callable[..., list[EventMention]]) -> None:
    text = ("Gulf leaders reached a \"six-point consensus\" with rebel chief Ali Hassan at a meeting in Muscat "
            "on March 2, calling for an end to violence.\n\n"
            "The rebels said food was running short and appealed to aid groups for help.")
    requests = [m for m in mentions(text) if m.type == "REQUEST"]
    assert len(requests) == 2
