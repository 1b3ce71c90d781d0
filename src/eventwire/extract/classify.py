"""What kind of event a trigger reports: FIGHT or ASSAULT from targets, victims and attackers.

The lexicon's pseudo-types resolve here: ``VIOLENCE`` triggers (attack, fire, strike...) are typed by
what they hit (civilians -> ASSAULT, armed forces -> FIGHT, a place -> by the attacker), ``CONSEQUENCE``
triggers (killed, wounded...) by who was hit, and count only when the sentence has no other violent
trigger. Natural hazards ("the quake struck"), accidents ("crashed, killing 23"), noun triggers used as
modifiers ("bomb shelters"), figurative and non-political uses ("shell-shocked", "ransomware attack",
"called a strike", "struck a blow", "bombed in the final", "guilty of murdering") and raids told only
with arrests are no violent events; the cue lists are in ``[flags]`` of ``data/event_types.toml``.
Also the syntactic helpers that find a trigger's agents and objects.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .triggers import Lexicon, TriggerMatch

_SUBJ = frozenset({"nsubj", "csubj"})


def typed_triggers(lex: Lexicon, sent: SpacySpan) -> list[tuple[TriggerMatch, str]]:
    """Matches of ``sent`` with their final event type (pseudo-types resolved, consequences gated)."""
    matches = [m for m in lex.match(sent) if not _modifier_only(sent.doc, m)]
    matches = [m for m in matches if not _time_anchor(lex, sent.doc[m.head], matches)]
    explicit_violent = any(m.type in {"FIGHT", "ASSAULT"} for m in matches)
    # a weak word ("hit", "target") that hit nothing recognisable does not hide the casualty words
    any_violent = any(m.type in lex.violent and m.type != "CONSEQUENCE" and not _untargeted(lex, sent.doc[m.head])
                      for m in matches)
    out: list[tuple[TriggerMatch, str]] = []
    by_target = [sent.doc[m.head] for m in matches if m.type == "VIOLENCE"]
    victims = [_victim_kind(lex, sent.doc[m.head]) for m in matches if m.type == "CONSEQUENCE"]
    target_type = _type_by_target(lex, by_target, sent, victims) if by_target else "FIGHT"
    hazard = hazard_in(lex, sent)
    for m in matches:
        head = sent.doc[m.head]
        if m.type in lex.violent and (_by_hazard(lex, head) or _legal(lex, head)):
            continue
        if m.type in lex.violent and m.type != "CONSEQUENCE" and _figurative(lex, m, head):
            continue
        if m.type in lex.violent and m.type != "CONSEQUENCE" and (
                _marks_time(lex, head) or _generic(lex, head) or _background(head)):
            continue
        if m.type == "VIOLENCE":
            if explicit_violent or _arrest_raid(lex, sent, head, matches):
                continue
            if _untargeted(lex, head):
                continue
            out.append((m, target_type))
        elif m.type == "CONSEQUENCE":
            if hazard or any_violent and not in_sequence_clause(lex, head, matches):
                continue  # deaths with no attack named, in a crash, collapse, fire or heatwave: no violence
            kind = _victim_kind(lex, head)
            if kind is None:
                continue
            out.append((m, "ASSAULT" if kind == "civilian" else "FIGHT"))
        elif m.type == "ASSAULT" and _mutual(lex, head):
            out.append((m, "FIGHT"))  # "troops exchanged mortar fire": both sides shoot
        else:
            out.append((m, m.type))
    return out


def in_sequence_clause(lex: Lexicon, head: Token, matches: list[TriggerMatch]) -> bool:
    """A violent trigger in an "after"/"before" clause that holds no other violent trigger ("the shelling
    came a week after gunmen killed four miners", "... after gunmen fired on an airliner"): another,
    earlier or later, event of its own."""
    clause = head
    while clause.dep_ not in {"advcl", "ROOT"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in {"after", "before"}
                                         for c in clause.children):
        return False
    inside = {t.i for t in clause.subtree}
    return not any(m.head in inside and m.head != head.i and m.type in lex.violent and m.type != "CONSEQUENCE"
                   and not _untargeted(lex, head.doc[m.head]) for m in matches)


def _time_anchor(lex: Lexicon, head: Token, matches: list[TriggerMatch]) -> bool:
    """A definite violent noun that only times another violent act in its sentence ("Hours before the
    strikes, a drone boat hit a freighter"): the event it names is told elsewhere."""
    if head.pos_ not in {"NOUN", "PROPN"} or head.dep_ != "pobj" \
            or head.head.lower_ not in {"before", "after", "following"}:
        return False
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} for c in head.children) \
            or any(c.dep_ == "prep" for c in head.children):
        return False
    phrase = {t.i for t in head.head.subtree}
    return any(m.head not in phrase and m.type in lex.violent and m.type != "CONSEQUENCE" for m in matches)


def _untargeted(lex: Lexicon, head: Token) -> bool:
    """A trigger too common to count ("hit", "target") whose object is no recognisable people,
    forces or place and whose subject is no weapon ("a drone hit a bus stop" counts; "the decision
    hit exporters" does not)."""
    if head.lemma_.lower() not in lex.needs_target or any(_kind_of_phrase(lex, o) for o in objects(head)):
        return False
    remote = lex.words_of("remote")
    return not any(w.lemma_.lower() in remote or w.lower_ in remote for a in agents(head) for w in (a, *a.children))


def hazard_in(lex: Lexicon, sent: SpacySpan) -> bool:
    """True when ``sent`` names an accident or natural hazard ("the bus crashed", "died of heatstroke",
    "a fire broke out"): casualty words there report no violence unless an attack is named too."""
    for t in sent:
        if t.lemma_.lower() == "collapse" and t.pos_ != "VERB" and not any(c.dep_ == "compound" for c in t.children):
            continue  # "the collapse of the ceasefire" is political; "the mine collapsed", "a roof collapse" are not
        if lex.target_kind(t.lemma_.lower()) == "hazard" or lex.target_kind(t.lower_) == "hazard":
            return True
        if t.lower_ in {"fire", "blaze", "flames"} and t.dep_ == "nsubj" \
                and t.head.lemma_.lower() in lex.cue("blaze_verbs"):
            return True  # "a fire broke out", "the blaze started in the engine room"
    return False


def _arrest_raid(lex: Lexicon, sent: SpacySpan, head: Token, matches: list[TriggerMatch]) -> bool:
    """A raid told with arrests and no one hurt and no weapon named ("police arrested 14 people in dawn
    raids"): an arrest operation (COERCE, as ACLED codes arrests), not an armed attack."""
    if head.lemma_.lower() != "raid" or any(m.type == "CONSEQUENCE" for m in matches):
        return False
    weapons = {"artillery", "air_strike", "missile", "drone", "bombing", "landmine", "small_arms"}
    return lex.mode_of(sent) not in weapons and any(t.lemma_.lower() in lex.cue("arrest_verbs") for t in sent)


def _legal(lex: Lexicon, head: Token) -> bool:
    """A violence word that a court or charge names ("guilty of murdering", "charged with the killing"):
    a criminal case, not an event the report tells."""
    tok = head
    for _ in range(2):
        if tok.dep_ not in {"pcomp", "pobj"} or tok.head.i == tok.i:
            return False
        prep = tok.head
        if prep.lower_ in {"of", "with", "for"} and prep.head.lemma_.lower() in lex.cue("legal_heads") \
                or prep.head.lower_ in lex.cue("legal_heads"):
            return True
        tok = prep
    return False


def _figurative(lex: Lexicon, m: TriggerMatch, head: Token) -> bool:
    """A violent word used figuratively or for no armed violence: part of a hyphenated word
    ("shell-shocked"), a non-violent kind ("ransomware attack", "hunger strike"), a labour strike
    ("called a strike", "went on strike"), an idiom ("struck a blow", "executed the plan"), a violent
    verb with nothing hit ("bombed in the final", "fired back"), or firing someone (a dismissal)."""
    doc = head.doc
    if m.end - m.start == 1 and not head.whitespace_ and head.i + 2 < len(doc) \
            and doc[head.i + 1].text == "-" and doc[head.i + 2].is_alpha:
        return True
    lemma = head.lemma_.lower()
    if head.pos_ in {"NOUN", "PROPN"}:
        if any(c.dep_ in {"compound", "amod", "nmod"} and (c.lemma_.lower() in lex.cue("nonviolent_modifiers")
                                                          or c.lower_ in lex.cue("nonviolent_modifiers"))
               for c in head.children):
            return True
        if lemma in {"fire", "blaze"} and head.dep_ == "nsubj" and head.head.lemma_.lower() in lex.cue("blaze_verbs"):
            return True  # "a fire broke out on the ferry": an accident
        return lemma == "strike" and (
            head.dep_ == "dobj" and head.head.lemma_.lower() in lex.cue("labour_verbs")
            or head.dep_ == "pobj" and head.head.lower_ == "on" and head.head.head.pos_ in {"VERB", "AUX"}
            and not any(c.dep_ == "prep" for c in head.children))
    if head.pos_ not in {"VERB", "AUX"} or m.end - m.start != 1:
        return False
    dobjs = [c for c in head.children if c.dep_ == "dobj"]
    if any(d.lemma_.lower() in lex.cue("idiom_objects") for d in dobjs):
        return True
    if lemma == "fire" and any(_kind_of_phrase(lex, d) in {"civilian", "military"} or d.ent_type_ == "PERSON"
                               for d in dobjs):
        return True  # "fired the coach", "fired 200 workers"
    if lemma not in lex.cue("needs_object") or head.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos"} \
            or head.tag_ == "VBG" and head.dep_ not in {"ROOT", "xcomp", "conj", "ccomp", "advcl", "pcomp"}:
        return False  # a gerund used as a noun ("Ukrainian shelling had killed three") names the violence itself
    hit = [o for o in objects(head) if o.head.i == head.i or _kind_of_phrase(lex, o)
           or any(c.dep_ == "agent" for c in head.children)]  # "the number one bombed in the final": no
    return not hit and not any(
        c.dep_ in {"dobj", "nsubjpass"} or c.dep_ == "prep" and c.lower_ in {"on", "at", "into", "upon"}
        and not any(g.ent_type_ in {"DATE", "TIME"} for g in c.children)  # "bombed ... on Sunday": no target
        for c in head.children)


def _mutual(lex: Lexicon, head: Token) -> bool:
    """True when ``head`` (or the conjunct it hangs on) is the object of "exchange"/"trade"."""
    tok = head
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in {"dobj", "obj"} and tok.head.lemma_.lower() in lex.cue("mutual_verbs")


def _by_hazard(lex: Lexicon, head: Token) -> bool:
    """True when the trigger's subject is a natural hazard ("the quake struck", "killed by a series
    of earthquakes")."""
    subjects = [c for c in head.children if c.dep_ in _SUBJ]
    subjects += [g for c in head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if head.dep_ in {"nsubj", "compound"} or head.pos_ in {"NOUN", "PROPN"}:
        subjects += [c for c in head.children if c.dep_ == "compound"]
    words = [t for s in subjects for t in s.subtree]
    return any(lex.target_kind(t.lemma_.lower()) == "hazard" for t in words)


def _marks_time(lex: Lexicon, head: Token) -> bool:
    """A noun trigger that only dates something else: the object of "since"/"after"... directly
    ("since the fighting"), or through a time head ("since the start of hostilities", "after 11
    days of fighting"). Such events are told (or not) elsewhere in the article."""
    if head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in lex.cue("onset_verbs"):
        # "since the hostilities began", "until the fighting broke out"
        return any(c.dep_ == "mark" and c.lower_ in {"since", "until"} for c in head.head.children)
    if head.dep_ != "pobj":
        return False
    prep = head.head
    if prep.lower_ in {"since", "until"} and prep.lower_ in lex.cue("time_preps"):
        return True  # "after clashes with the army" may be the only report of those clashes: kept
    if prep.lower_ == "of" and prep.head.lower_ in lex.cue("time_heads") and prep.head.dep_ == "pobj":
        return prep.head.head.lower_ in lex.cue("time_preps") or prep.head.lower_ not in {"end", "round", "rounds"}
    return False


def _generic(lex: Lexicon, head: Token) -> bool:
    """A noun trigger spoken of in general: "a pattern of Russian attacks", "fears of strikes", or
    a campaign someone supports or funds ("would keep supporting Ukraine's counteroffensive")."""
    if head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if head.dep_ == "dobj" and head.head.lemma_.lower() in lex.cue("campaign_verbs"):
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "of" \
        and head.head.head.lemma_.lower() in lex.cue("generic_heads")


def _background(head: Token) -> bool:
    """A violent verb in a present-perfect relative clause describing an actor ("Eritrea, whose
    troops have fought alongside federal forces"), or fighting "alongside" someone: background,
    not an event of the report."""
    if head.pos_ == "VERB" and any(c.dep_ == "prep" and c.lower_ == "alongside" for c in head.children):
        return True  # "troops were fighting alongside the rebels": an allegiance, not a battle
    return head.pos_ == "VERB" and head.dep_ == "relcl" and any(
        c.dep_ == "aux" and c.lower_ in {"have", "has"} for c in head.children)


def _modifier_only(doc: Doc, m: TriggerMatch) -> bool:
    """A one-word noun trigger modifying another noun ("bomb shelters", "missile defence"): no event."""
    head = doc[m.head]
    return m.end - m.start == 1 and head.pos_ in {"NOUN", "PROPN"} and head.dep_ in {"compound", "amod"} \
        and head.head.i != head.i and head.head.pos_ in {"NOUN", "PROPN"}


def _kind_of_phrase(lex: Lexicon, tok: Token) -> str | None:
    """military / civilian / place for a noun and its modifiers, else None."""
    words = [tok] + [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod", "poss"}]
    kinds = [lex.target_kind(w.lemma_.lower()) or lex.target_kind(w.lower_) for w in words]
    for k in ("civilian", "military", "place"):
        if k in kinds:
            return k
    if tok.ent_type_ in {"GPE", "LOC", "FAC"}:
        return "place"
    return None


def objects(tok: Token) -> list[Token]:
    """What a violent trigger hit: direct object, passive subject, or 'on/against/at' objects."""
    out: list[Token] = []
    if any(c.dep_ == "prep" and c.lower_ == "under" for c in tok.children):
        out.extend(c for c in tok.children if c.dep_ in _SUBJ)  # "units came under fire"
    for c in tok.children:
        if c.dep_ in {"dobj", "nsubjpass"}:
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in {"on", "against", "at", "of", "into"}:
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and tok.dep_ in {"acl", "relcl"} and tok.head.pos_ in {"NOUN", "PROPN"}:
        out.append(tok.head)
    return out


def agents(tok: Token) -> list[Token]:
    """Who did it: subjects, "by" agents, a noun trigger's named modifiers; a subject or noun carried
    out by someone ("strikes carried out by the United States and Britain") gives way to them."""
    found = _agents(tok)
    return [x for a in [*found, *([tok] if not found and tok.pos_ in {"NOUN", "PROPN"} else [])]
            for x in (_performers(a) or ([a] if a is not tok else []))]


def _performers(noun: Token) -> list[Token]:
    """The "by" agents of a participle on ``noun`` ("strikes carried out by X and Y")."""
    out: list[Token] = []
    for c in noun.children:
        if c.dep_ == "acl":
            for a in (g for g in c.children if g.dep_ == "agent"):
                for obj in (g for g in a.children if g.dep_ == "pobj"):
                    out.extend([obj, *(x for x in obj.children if x.dep_ == "conj")])
    return out


def _agents(tok: Token) -> list[Token]:
    out = [c for c in tok.children if c.dep_ in _SUBJ]
    if not out and tok.dep_ == "conj" and tok.pos_ in {"VERB", "AUX"}:
        out = [c for c in tok.head.children if c.dep_ in _SUBJ]  # "gunmen burst in and opened fire"
    for c in tok.children:
        if c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and tok.pos_ in {"NOUN", "PROPN"}:
        out.extend(c for c in tok.children if c.dep_ in {"poss", "amod", "compound"} and c.ent_type_)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                out.extend(g for g in c.children if g.dep_ == "pobj")

        if not out and tok.head.pos_ in {"VERB", "AUX"}:
            out.extend(c for c in tok.head.children if c.dep_ in _SUBJ)
    return out


def _type_by_target(lex: Lexicon, heads: list[Token], sent: SpacySpan, victims: list[str | None]) -> str:
    """FIGHT or ASSAULT for the sentence's target-typed triggers, from what they hit together:
    civilians -> ASSAULT; a place hit by a non-state attacker -> ASSAULT; armed forces -> FIGHT;
    else the victims of the sentence's casualty words, else the weapon (artillery, drone... ->
    ASSAULT), else FIGHT."""
    kinds: list[str | None] = []
    state = False
    for head in heads:
        objs = [_kind_of_phrase(lex, o) for o in objects(head)]
        kinds += objs
        if "place" in objs:
            state = state or any(
                a.ent_type_ in {"GPE", "NORP"} or (_kind_of_phrase(lex, a) == "military" and
                                                   any(c.ent_type_ in {"NORP", "GPE"} for c in a.children))
                for a in agents(head))
    if "civilian" in kinds:
        return "ASSAULT"
    remote = lex.words_of("remote")
    if any(w.lemma_.lower() in remote or w.lower_ in remote
           for h in heads for a in [*agents(h), *_instruments(h)] for w in (a, *a.children)):
        # "Russian aircraft struck command posts", "attacked a base with explosive-laden drones":
        # remote violence, not combat
        return "ASSAULT"
    if "place" in kinds:
        return "FIGHT" if state else "ASSAULT"
    if "military" in kinds:
        return "FIGHT"
    if "civilian" in victims:
        return "ASSAULT"
    if "military" in victims:
        return "FIGHT"
    irregular = lex.words_of("irregular")
    if any(w.lemma_.lower() in irregular or w.lower_ in irregular
           for h in heads for a in agents(h) for w in (a, *a.children)):
        return "ASSAULT"  # gunmen, militants, bombers: one-sided violence unless forces are named
    mode = lex.mode_of(sent)
    return "ASSAULT" if mode in {"artillery", "air_strike", "missile", "drone", "bombing", "landmine"} \
        else "FIGHT"


def _instruments(tok: Token) -> list[Token]:
    """What a trigger was done with: the objects of its "with"/"using" phrases."""
    out: list[Token] = []
    # the parser often hangs "with drones" on the object ("attacked a base with drones")
    holders = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in {"with", "using", "by"}:
                out.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "advcl" and c.lemma_.lower() == "use":
                out.extend(g for g in c.children if g.dep_ == "dobj")
    return out


def _victim_kind(lex: Lexicon, head: Token) -> str | None:
    """Kind of who was killed/wounded by a consequence trigger; None when no victim is named."""
    victims: list[Token] = []
    for c in head.children:
        if c.dep_ in {"nsubjpass", "dobj"} or (c.dep_ == "nsubj" and head.lemma_ in {"die", "lose"}):
            victims.append(c)
    if not victims and head.dep_ in {"acl", "relcl"}:
        victims.append(head.head)
    if not victims:
        return None
    kinds = [_kind_of_phrase(lex, v) for v in victims]
    for v in victims:  # "50 of its soldiers", "civilians and servicemen"
        for c in v.subtree:
            if c.pos_ in {"NOUN", "PROPN"}:
                kinds.append(lex.target_kind(c.lemma_.lower()))
    if "military" in kinds and "civilian" not in kinds:
        return "military"
    if "civilian" in kinds:
        return "civilian"
    if any(v.ent_type_ == "PERSON" for v in victims):
        return "civilian"
    return None
