"""Mention flags: historical, negated, planned, hypothetical, recap.

A flagged mention (all but ``recap``) is kept but is not a fresh event of the article's day:

- **historical**: the governing date is more than about a year before publication ("war broke out in
  1992", "the trilateral statement of November 10, 2020"), a since-phrase starting that long ago
  ("frequent since 2016"), a whole earlier calendar year ("in 2023" told in 2024), or the sentence
  carries such a date and the trigger has no date of its own (background paragraphs);
- **negated**: a negation on the trigger or its clause ("did not attack", "have never been attacked",
  "no clashes"), or the trigger is the object of a denial ("denied shelling the town");
- **planned**: a future auxiliary ("will hold talks", "will be held on September 21"), a governing
  planning verb ("plans to", "threatened to strike"), or a date after publication;
- **hypothetical**: a modal ("could", "would") or a conditional clause ("if") on the trigger's clause;
- **recap**: the sentence or its paragraph opens with a recap cue ("To recap", "As previously
  reported"): the mention repeats an event reported earlier and is de-duplicated, not dropped.

The cue words live in ``data/event_types.toml`` under ``[flags]``.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .temporal import OLD_AFTER_DAYS, Attachment, DateMention
from .triggers import Lexicon

_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "pcomp"})


def mention_flags(trigger: Token, attachment: Attachment, sentence_dates: list[DateMention],
                  paragraph: SpacySpan, published: date, lex: Lexicon) -> frozenset[str]:
    """The flags of the mention whose trigger head is ``trigger`` (see the module docstring)."""
    flags: set[str] = set()
    if _historical(trigger, attachment, sentence_dates, published) or _old_year_modifier(trigger, published):
        flags.add("historical")
    if _negated(trigger, lex) or _ended_before_start(trigger, lex):
        flags.add("negated")  # "did not attack"; also "agreed to stop fighting": none is asserted
    aux = _clause_aux(trigger)
    # a date after publication marks a plan, unless the clause is in the past tense (then the date
    # was mis-resolved: "the following day", a year-less date read forward)
    future = attachment.range.start > published and not _past_tense(trigger)
    if future or aux & lex.cue("future_aux") or _governed_by(trigger, lex.cue("planning_verbs"), conjuncts=False):
        flags.add("planned")
    if aux & lex.cue("hypothetical_aux") or _has_mark(trigger, lex.cue("hypothetical_marks")):
        flags.add("hypothetical")
    if _habitual(trigger, attachment):
        flags.add("hypothetical")  # "the town regularly comes under fire": no particular event
    own_day = attachment.source == "own" and attachment.range.precision == "day"
    if _recap(trigger.sent, paragraph, lex, temporal=not own_day):
        flags.add("recap")
    return frozenset(flags)


def _old_year_modifier(trigger: Token, published: date) -> bool:
    """A noun trigger modified by a year more than a year back ("the 2014 abduction")."""
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    for c in trigger.children:
        if c.dep_ in {"nummod", "compound", "amod", "npadvmod", "nmod"} and c.text.isdigit() and len(c.text) == 4:
            year = int(c.text)
            if 1900 <= year < published.year - 1:
                return True
    return False


def _historical(trigger: Token, att: Attachment, sentence_dates: list[DateMention],
                published: date) -> bool:
    if att.date is not None and att.source in {"own", "report"}:
        rng = att.date.range
        if rng.anchor.lower().startswith("since") and (published - rng.start).days > OLD_AFTER_DAYS:
            return True  # "violations have become frequent since 2016": a trend, not an event
        if rng.precision == "year" and rng.end.year < published.year:
            return True  # "attacks in 2023" told in a later year: background
        return att.date.old
    # "have fought ... since the 1979 revolution": a year inside a since-phrase the date finder
    # did not take as a date
    for since in _clause_verb(trigger).subtree:
        if since.lower_ == "since":
            years = [int(t.text) for t in since.subtree if len(t.text) == 4 and t.text.isdigit()]
            if any(1900 < y < published.year - 1 for y in years):
                return True
    doc = trigger.doc
    for d in sentence_dates:
        before = doc[d.start - 1].lower_ if d.start > 0 else ""
        if d.old and before != "since" and doc[d.start].lower_ != "since":
            return True
    return False


def _habitual(trigger: Token, att: Attachment) -> bool:
    """A violent verb in the simple present, undated, outside a headline: a habit or a state; or an
    undated struggle "for control" of something ("gangs were fighting for control of the area")."""
    sent = trigger.sent
    text = sent.text.strip()
    headline = bool(text) and text[-1] not in '.!?"”’:;'
    verb = _clause_verb(trigger)
    if att.source != "own" and verb.tag_ == "VBG" and any(
            c.dep_ == "prep" and c.lower_ == "for" and any(g.lemma_.lower() == "control" for g in c.children)
            for c in verb.children):
        return True
    return (not headline and att.source != "own" and verb.tag_ in {"VBZ", "VBP"}
            and not any(c.dep_.startswith("aux") for c in verb.children)
            and verb.lemma_.lower() not in {"be", "have", "say"})


def _ended_before_start(trigger: Token, lex: Lexicon) -> bool:
    """"Agreed to stop fighting", "must end the attacks": an ending wished for, not a report that
    something ended ("forces ended a siege" reports the siege)."""
    head = trigger.head
    if head.i == trigger.i or head.lemma_.lower() not in lex.cue("ending_verbs"):
        return False
    if trigger.dep_ not in {"dobj", "xcomp", "ccomp", "pcomp"}:
        return False
    return head.tag_ in {"VB", "VBG"} or any(c.dep_ == "aux" for c in head.children)


def _past_tense(trigger: Token) -> bool:
    verb = _clause_verb(trigger)
    return verb.tag_ in {"VBD", "VBN"} or any(c.tag_ == "VBD" for c in verb.children if c.dep_.startswith("aux"))


def _clause_verb(trigger: Token) -> Token:
    """The verb heading the trigger's clause (the trigger itself when it is a verb)."""
    tok = trigger
    for _ in range(4):
        if tok.pos_ in {"VERB", "AUX"} or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def _clause_aux(trigger: Token) -> set[str]:
    verb = _clause_verb(trigger)
    words: set[str] = set()
    for tok in (verb, trigger):
        for child in tok.children:
            if child.dep_ in {"aux", "auxpass"}:
                words.add(child.lower_)
                words.add(child.lemma_.lower())
    return words


def _negated(trigger: Token, lex: Lexicon) -> bool:
    neg = lex.cue("negation_words")
    verb = _clause_verb(trigger)
    for tok in {trigger, verb}:
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
            if child.dep_ == "prep" and child.lower_ == "without":
                return True
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "without":
        return True
    # "no clashes were reported", "nobody was attacked": a negative determiner on the subject
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and any(
                g.lower_ in neg and g.dep_ in {"det", "neg"} for g in child.children):
            return True
    return _governed_by(trigger, lex.cue("denial_verbs"))


def _governed_by(trigger: Token, lemmas: frozenset[str], *, conjuncts: bool = True) -> bool:
    """True when a verb in ``lemmas`` governs the trigger through a complement clause or object.
    ``conjuncts=False``: a verb the trigger's clause is only coordinated with does not govern it
    ("setting aircraft on fire and fighting" is not planned by "set"); a denial still covers the
    counter-claim joined to it ("denied the allegations and claimed that X attacked")."""
    tok = trigger
    for _ in range(3):
        if tok.head.i == tok.i:
            return False
        dep = tok.dep_
        tok = tok.head
        if dep == "conj" and not conjuncts:
            continue
        if tok.lemma_.lower() in lemmas and (dep in _CLAUSE_DEPS or dep in {"dobj", "pobj"}):
            return True
        if dep not in _CLAUSE_DEPS and dep not in {"aux", "dobj", "prep", "pobj"}:
            return False
    return False


def _has_mark(trigger: Token, marks: frozenset[str]) -> bool:
    verb = _clause_verb(trigger)
    return any(c.dep_ == "mark" and c.lower_ in marks for c in verb.children)


def _recap(sent: SpacySpan, paragraph: SpacySpan, lex: Lexicon, *, temporal: bool = True) -> bool:
    """A recap cue opens the sentence or paragraph. ``temporal=False``: cues that are time phrases
    ("earlier this month") do not count ("Earlier this month, on Aug. 5, a strike ..." is a dated
    earlier event, not a repeat)."""
    cues = lex.cue("recap_cues")
    if not temporal:
        cues = frozenset(c for c in cues if not c.startswith("earlier"))
    heads = (sent.text.lower()[:40], paragraph.text.lower()[:40])
    return any(h.startswith(c) or f" {c}" in h[:25] for h in heads for c in cues)
