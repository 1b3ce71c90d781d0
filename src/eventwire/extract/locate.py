"""Where an event happened: named places in a trigger's sentence, resolved with the gazetteer.

Places are GPE/LOC/FAC entities that do not name a country, plus names the small model mislabels
but the text marks as places ("the Dashkasan, Kalbajar, and Lachin directions", "the town of X",
"shelling around X", "the Gubio district"). A place modifying a reporting verb ("told reporters in
Geneva") is not where the event happened, nor is a one-word name inside a person's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..annotate.entities import entities_in
from ..model import Place, Span
from ..resolve.countries import country_code as _country_code
from ..resolve.places import normalise_place_text
from .temporal import REPORTING_LEMMAS
from .triggers import load_lexicon as _lexicon

if TYPE_CHECKING:
    from ..resolve.places import Gazetteer

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_NOUNS = frozenset({"direction", "directions", "district", "districts", "region", "regions",
                          "road", "village", "villages", "town", "city", "cities", "area", "province",
                          "valley", "airport", "camp", "camps", "market", "base", "neighbourhood",
                          "neighborhood", "suburb", "settlement"})
# prepositions that tie a phrase to the reported event even when the parser hangs it on "said"
_SEQUENCE_PREPS = frozenset({"after", "before", "following", "during", "amid", "amidst"})
# nouns after a name that make it an administrative area ("in the Kharkiv region"): the area, not
# the same-named city, so a town "in the X region" does not look like a report from city X
_AREA_NOUNS = frozenset({"region", "regions", "province", "provinces", "oblast", "oblasts", "state",
                         "governorate", "territory", "county", "prefecture"})
# nouns of what a government says: "Kyiv's claims", "Moscow's version" name the government, not a place
_SPEECH_NOUNS = frozenset({"claim", "claims", "statement", "statements", "account", "accounts", "version",
                           "denial", "denials", "accusation", "accusations", "position", "response",
                           "demand", "demands", "allegation", "allegations", "figures", "narrative"})
# nouns after a name that make it an armed unit or a group ("the Azov regiment", "the Wagner group"):
# the name is the unit's, not a place where anything happened
_UNIT_NOUNS = frozenset({"regiment", "regiments", "brigade", "brigades", "battalion", "battalions", "group",
                         "groups", "militia", "militias", "movement", "front", "army", "division", "corps",
                         "party", "forces", "force", "unit", "units", "gang", "gangs", "company"})
# last words of organisation names that are buildings or sites: "the Hayat Hotel" is where it happened
_FACILITY_NOUNS = frozenset({"hotel", "hospital", "airport", "school", "university", "mosque", "church",
                             "market", "stadium", "bridge", "camp", "base", "prison", "port", "station",
                             "barracks", "clinic", "academy", "compound", "mall", "cathedral", "temple"})
# offices named for a place ("envoy for the Horn of Africa", "ambassador to Kenya")
_ROLE_NOUNS = frozenset({"envoy", "ambassador", "representative", "coordinator", "commissioner", "minister",
                         "rapporteur", "delegate", "emissary", "mediator", "adviser", "advisor", "chief"})
# people who speak from where it happened: "residents of X said" places the event in X
_WITNESS_NOUNS = frozenset({"witness", "resident", "survivor", "villager", "inhabitant", "local", "eyewitness"})
_DISTANCE_UNITS = frozenset({"km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile",
                             "metres", "meters", "kms"})
# an unnamed place a phrase refers back to: "withdrew from the city", "a curfew in the neighbourhood"
_TOWN_WORDS = frozenset({"city", "town", "village", "neighbourhood", "neighborhood", "district", "suburb"})
_CALENDAR_WORDS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct",
                             "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
                             "saturday", "sunday"})


def clause_scope(trigger: Token) -> set[int]:
    """Token ids a trigger's places may come from: the subtree of its clause below any reporting
    verb ("X was shelled, he told reporters in Geneva": not Geneva), else the whole sentence."""
    tok = trigger
    top = trigger
    while tok.head.i != tok.i:
        prev, tok = tok, tok.head
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in REPORTING_LEMMAS and prev.dep_ != "dobj":
            if prev.dep_ == "prep" and prev.lower_ in _SEQUENCE_PREPS:
                break  # "X was taken, the ministry said, after fighting": the fighting is X's
            # ("declared martial law in X": the verb is the act); a scene-setting phrase opening the
            # sentence ("In the city of X, the mayor said a drone hit ...") places the report's event
            return {t.i for t in top.subtree} | {t.i for c in _fronted_preps(tok) for t in c.subtree}
        top = tok
    return set(range(trigger.sent.start, trigger.sent.end))


def country_code(text: str) -> str | None:
    """Alpha-3 (or IGO/NGO) of a country name, alias, demonym or possessive; None otherwise."""
    return _country_code(text)


def sentence_places(sent: SpacySpan, gazetteer: Gazetteer | None, prefer: tuple[str, ...],
                    to_span: Callable[[int, int], Span], *, skip_before: int = 0) -> list[tuple[Place, int]]:
    """Named places of a sentence with their entity's root token: GPE/LOC/FAC entities not naming a
    country, and entities of any label heading a place noun ("the Dashkasan, Kalbajar, and Lachin
    directions"). A place modifying a reporting verb ("told reporters in Geneva") is left out, and so
    is any entity starting before character ``skip_before`` (a dateline)."""
    names: list[SpacySpan] = []
    for ent in entities_in(sent):
        ent = _named_part(ent)
        if _before_unit_noun(ent) or _introduced_name(ent) or _people(ent) or _in_a_title(ent):
            continue  # "the Azov regiment", "a group known as X", "ethnic Amharas and Y": no places
        if ent.label_ in _PLACE_LABELS or (ent.label_ in {"ORG", "PERSON"} and _before_place_noun(ent)) \
                or (ent.label_ == "ORG" and _facility(ent)):
            # a capitalised common word ("Gunmen" opening a sentence), a month, or a name inside a
            # longer proper name ("Antony Blinken", "Prime Minister Abiy Ahmed") is no place
            if not _proper(ent.root) or ent.root.lower_.rstrip(".") in _CALENDAR_WORDS \
                    or _inside_name(ent):
                continue
            if not _reporting_place(ent.root) and not _speaker(ent):
                names.append(ent)
    names += _unlabelled_places(sent)
    out: list[tuple[Place, int]] = []
    refs: set[int] = set()
    seen: set[str] = set()
    for ent in names:
        if ent.start_char < skip_before:
            continue
        text = _normalise(ent.text)
        if not text or text.lower() in seen or country_code(text):
            continue
        place = _resolve_place(gazetteer, text, prefer)
        if place is None:
            continue
        if gazetteer is not None and gazetteer.is_capital(place) and _government(ent) or _feature(ent, place):
            continue
        seen.add(text.lower())
        if place.precision == "place" and ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in _AREA_NOUNS:
            place = replace(place, precision="region")
        end = ent.end_char
        after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        if place.geonameid is None and after is not None and after.lower_ in _PLACE_NOUNS \
                and after.tag_ == "NN":
            # an unresolved name keeps a singular noun: "Mitiga airport" says more than "Mitiga"
            end = after.idx + len(after.text)
        surface = ent.doc.text[ent.start_char:end] if end != ent.end_char else text
        out.append((_with_span(place, surface, to_span(ent.start_char, end)), ent.root.i))
        if _reference_point(ent):
            refs.add(len(out) - 1)
    if refs and len(refs) < len(out):
        # "in the town of X, about 40 km east of Y": Y only says where X is
        out = [o for n, o in enumerate(out) if n not in refs]
    return out


def _reference_point(ent: SpacySpan) -> bool:
    """A place a distance is measured from ("about 40 km north of X", "a few kilometres from X")."""
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ != "pobj" or root.head.lower_ not in {"of", "from"}:
        return False
    prep = root.head
    anchor = prep.head  # "km", "north", "south-east" ("40 km" may hang on the compass word or hold it)
    return anchor.head.lower_ in _DISTANCE_UNITS or any(
        t.lower_ in _DISTANCE_UNITS for t in anchor.subtree if t.i < prep.i)


def _before_unit_noun(ent: SpacySpan) -> bool:
    """A name right before an armed unit or group noun ("the Azov regiment", "Wagner group")."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].lower_ in _UNIT_NOUNS and doc[ent.end].pos_ == "NOUN" \
        and ent.root.lower_ not in _UNIT_NOUNS


def _in_a_title(ent: SpacySpan) -> bool:
    """A place in an office's title ("the AU's envoy for the Horn of Africa", "the coordinator for
    Sudan"): whose office it is, not where anything happened."""
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in {"for", "to"} and prep.head.lemma_.lower() in _ROLE_NOUNS


def _introduced_name(ent: SpacySpan) -> bool:
    """A name introduced for a group or person ("a youth group known as X", "a militia called X")."""
    root = ent.root
    if root.dep_ not in {"pobj", "oprd", "attr", "xcomp"}:
        return False
    verb = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "as" else root.head
    if verb.lemma_.lower() not in {"know", "call", "name", "dub"}:
        return False
    return verb.head.lower_ not in _PLACE_NOUNS | _AREA_NOUNS


def _people(ent: SpacySpan) -> bool:
    """A people named with "ethnic" ("ethnic Tutsis", "ethnic Amharas and Y")."""
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    first = min(tok.left_edge.i, ent.start)
    return first > 0 and ent.doc[first - 1].lower_ == "ethnic" or any(
        c.lower_ == "ethnic" and c.dep_ in {"amod", "compound"} for c in tok.children)


def _facility(ent: SpacySpan) -> bool:
    """An organisation-labelled name that is a building or site ("the Hayat Hotel", "Nasser Hospital"):
    a capitalised facility noun ends it and a proper name comes before it. As the speaker of a
    reporting verb ("Nasser Hospital said") it is left out by :func:`_speaker`."""
    last = ent[-1]
    names = [t for t in ent[:-1] if t.pos_ == "PROPN"]
    return last.lower_ in _FACILITY_NOUNS and last.text[:1].isupper() and bool(names)


def unnamed_capital(head: Token) -> str | None:
    """The text of the country word of an unnamed "the capital" in the trigger's clause ("" when
    none: "the capital's airport"); None when the clause names no such capital."""
    scope = head.subtree if head.pos_ in {"VERB", "AUX"} else head.head.subtree
    for t in scope:
        if t.lower_ == "capital" and t.pos_ == "NOUN" \
                and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) \
                and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
            word = next((c for c in t.children if c.ent_type_ in {"NORP", "GPE"}), None)
            if word is None:
                return ""
            return next((e.text for e in t.doc.ents if e.start <= word.i < e.end), word.text)
    return None


def names_the_town(head: Token) -> bool:
    """The trigger's own phrase names a place only as "the city" / "the town" / "the district"..."""
    return any(t.lower_ in _TOWN_WORDS and t.pos_ == "NOUN" and t.i != head.i
               and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
               and not any(c.dep_ == "compound" or c.dep_ == "prep" and c.lower_ == "of" or c.pos_ == "PROPN"
                           for c in t.children)
               for t in head.subtree)


def is_facility(place: Place) -> bool:
    """True for a building or site ("Hayat Hotel", "Saudi Hospital"): a spot inside a town, never
    the town a later "the city" refers to."""
    words = place.name.split()
    return len(words) > 1 and words[-1].lower() in _FACILITY_NOUNS


def _proper(tok: Token) -> bool:
    """A proper noun, or a capitalised noun inside a sentence (the small model tags some town names
    that are also words as NOUN: "the market of Sake"); a capitalised sentence opener ("Gunmen")
    is not."""
    if tok.pos_ == "PROPN":
        return True
    return tok.pos_ == "NOUN" and tok.text[:1].isupper() and not tok.is_sent_start and not tok.text.isupper()


def _named_part(ent: SpacySpan) -> SpacySpan:
    """The proper name inside an entity headed by a place noun ("the Gubio district" -> "Gubio");
    the entity itself otherwise. The label is kept, so the name counts as a place."""
    if ent.root.lower_ not in _PLACE_NOUNS or ent.root.pos_ != "NOUN":
        return ent
    names = [t for t in ent if t.i < ent.root.i and t.pos_ == "PROPN"]
    if not names or names[-1].i != ent.root.i - 1:
        return ent
    return SpacySpan(ent.doc, names[0].i, names[-1].i + 1, label=ent.label_)


def _unlabelled_places(sent: SpacySpan) -> list[SpacySpan]:
    """Proper nouns no entity covers, right before a place noun ("the Gubio district") or named by
    one ("the port city of Hodeidah")."""
    out: list[SpacySpan] = []
    doc = sent.doc
    for tok in sent:
        if tok.pos_ != "PROPN" or tok.ent_type_ or not tok.text[:1].isupper():
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _PLACE_NOUNS \
                and tok.head.head.pos_ == "NOUN" and tok.lower_ not in _CALENDAR_WORDS:
            start = min(c.i for c in tok.subtree if c.dep_ == "compound" and c.pos_ == "PROPN") \
                if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children) else tok.i
            out.append(doc[start:tok.i + 1])
            continue
        if tok.i + 1 >= sent.end or doc[tok.i + 1].lower_ not in _PLACE_NOUNS or doc[tok.i + 1].pos_ != "NOUN":
            continue
        start = tok.i
        while start > sent.start and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_:
            start -= 1
        out.append(doc[start:tok.i + 1])
    return out


def _inside_name(ent: SpacySpan) -> bool:
    """A one-word entity glued to capitalised proper nouns that belong to no place entity."""
    if len(ent) != 1:
        return False
    doc = ent.doc
    for i in (ent.start - 1, ent.end):
        if 0 <= i < len(doc) and i >= ent.sent.start:
            tok = doc[i]
            if tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ not in _PLACE_LABELS \
                    and tok.lower_ not in _PLACE_NOUNS and not (i == ent.sent.start):
                return True
    return False


def _before_place_noun(ent: SpacySpan) -> bool:
    """An entity (or a list of them) modifying a place noun: "Kalbajar and Lachin districts"."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in _PLACE_NOUNS:
        return True
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _PLACE_NOUNS:
        return True  # "the town of Mindat"
    if tok.dep_ == "pobj" and tok.head.lower_ in {"near", "around", "outside", "in", "into"}:
        return True  # "shelling around Sidakan": the small model often calls such names ORG/PERSON
    return tok.dep_ in {"compound", "nmod", "amod"} and tok.head.lower_ in _PLACE_NOUNS


def _speaker(ent: SpacySpan) -> bool:
    """A capital standing for its government: subject of a reporting verb ("Kyiv said", "Moscow
    denied") or owner of what was said ("Kyiv's claims")."""
    root = ent.root
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.pos_ in {"VERB", "AUX"} \
            and root.head.lemma_.lower() in REPORTING_LEMMAS:
        return True
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.tag_ == "POS" and root.head.lower_ in _SPEECH_NOUNS


def _feature(ent: SpacySpan, place: Place) -> bool:
    """"The Dnipro", "the Oskil": a bare name after "the" that the gazetteer knows only as a town
    is a river or other feature (towns take no article); "the Kharkiv region", "the Zamzam camp"
    and regions ("the Donbas") are places."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    return before is not None and before.lower_ == "the" and place.geonameid is not None \
        and place.precision == "place" and (after is None or after.lower_ not in _PLACE_NOUNS | _AREA_NOUNS) \
        and ent[0].lower_ != "the" and not _before_place_noun(ent) \
        and ent.root.head.lower_ not in _PLACE_NOUNS | _AREA_NOUNS  # "the Tartar, Aghjabadi ... districts"


def _government(ent: SpacySpan) -> bool:
    """A capital used for its government or as a venue: a possessive or modifier of anything but
    a place noun ("Yerevan's action", "the Brussels meeting"). (As the subject of a reporting verb
    any place is a speaker, see :func:`_speaker`; other subjects are left alone, since the small
    model often parses an undetected dateline as the subject.)"""
    root = ent.root
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    possessive = after is not None and after.tag_ == "POS"
    return (possessive or root.dep_ == "compound") and root.head.lower_ not in _PLACE_NOUNS


def _fronted_preps(verb: Token) -> list[Token]:
    """Locative phrases that open the sentence before ``verb`` and its subject ("In X, officials said")."""
    subjects = [c.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    first = min(subjects, default=verb.i)
    return [c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "at", "near", "outside"}
            and c.i < first and c.i == c.sent.start]


def _declares_act(verb: Token) -> bool:
    """A saying verb whose object is an act ("declared martial law in X", "announced a curfew in X"):
    the place is where the act applies, not where it was said."""
    lex = _lexicon()
    return any(c.dep_ == "dobj" and lex.match(verb.doc[c.left_edge.i:c.i + 1]) for c in verb.children)


def _reporting_place(root: Token) -> bool:
    """A place in a phrase on a reporting verb ("told reporters in Geneva"), not one inside the
    reported subject ("survivors of the attack on the town of X described ...") nor one in a phrase
    opening the sentence ("In the city of X, the mayor said ...": the scene of what is reported)."""
    cur = root
    while cur.head.i != cur.i:
        prev, cur = cur, cur.head
        if cur.pos_ in {"VERB", "AUX"}:
            if cur.lemma_.lower() in REPORTING_LEMMAS and (prev in _fronted_preps(cur) or _declares_act(cur)):
                return False
            if prev.dep_ == "nsubj" and prev.lemma_.lower() in _WITNESS_NOUNS:
                return False  # "witnesses in X said": people who were there
            if cur.dep_ in {"relcl", "acl"}:
                return False  # "arrested a man they described as ... at a checkpoint in X": a description
            return cur.lemma_.lower() in REPORTING_LEMMAS
        if prev.dep_ == "pobj" and prev.head.lower_ in {"on", "against"} and cur.pos_ == "ADP" \
                and cur.head.pos_ == "NOUN" and _lexicon().is_event_noun(cur.head.lemma_.lower()):
            return False  # "the attack on the town of X": where the attack happened
    return False


def _normalise(text: str) -> str:
    return normalise_place_text(text)  # "the Kalbajar direction" -> "Kalbajar"


def _resolve_place(gazetteer: Gazetteer | None, text: str, prefer: tuple[str, ...]) -> Place | None:
    if gazetteer is None:
        return Place(text=text, name=text)
    if gazetteer.ordinary_word(text):
        return None  # "West" (a Cameroonian region), "M23", "RSF": words and acronyms, not places
    place = gazetteer.lookup(text, prefer=prefer)
    if place is None:
        return Place(text=text, name=text, precision="place")
    if place.precision == "country":
        return None
    return place


def _with_span(place: Place, text: str, span: Span) -> Place:
    return replace(place, text=text, span=span)
