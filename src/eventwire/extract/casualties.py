"""Is a figure in a sentence a casualty count, and of which outcome? (token-level rules)

A figure is a claim when, in its own clause, it is the object of a casualty verb ("killing 13
people", "held 10 Indian soldiers"), the value of a toll ("the death toll rose to 46", "put the toll
at about 400"), or the subject of a casualty predicate after its noun phrase and auxiliaries ("50
armed forces personnel, including ..., were killed", "24 dead", "are believed to have died").
Inline breakdowns ("including 42 ...", "among them two children", "— 11 Marines, ...") are not
figures of their own; mixed outcomes ("killed or wounded"), negated and hypothetical statements
("could kill") are dropped. The vocabulary is ``data/casualties.toml``.

Hand-written token rules (not a trained model): no offline English model for casualty-claim
extraction exists, and these rules are small, explainable and testable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from ..data import read_toml
from ..errors import LexiconError
from ..model import OUTCOMES

_NP_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "PRON", "PUNCT", "CCONJ", "X", "SYM"})
_NP_WORDS = frozenset({"of", "among", "'s", "’s", "more", "other", "others", "own", "-", "\"", "“", "”", "'", "from"})
_AUX_WORDS = frozenset({"been", "be", "being", "have", "has", "had", "to", "so", "far", "believed", "reported",
                        "feared", "thought", "said", "confirmed", "known", "understood", "estimated",
                        "reportedly", "still", "also", "later", "subsequently", "allegedly", "already",
                        "now", "all", "either", "both", "then", "were", "was", "are", "is", "who", "remain",
                        "remained", "remains", "remaining"})
_STOPS = frozenset({";", ":", "(", ")"})


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeWords:
    after: tuple[tuple[str, ...], ...]
    before: tuple[tuple[str, ...], ...]
    nouns: frozenset[str]
    modifiers: frozenset[str]
    toll: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class CasualtyLexicon:
    """The loaded ``casualties.toml``."""

    version: str
    outcomes: dict[str, OutcomeWords]
    military: frozenset[str]
    civilian: frozenset[str]
    irregular: frozenset[str]
    ranks: frozenset[str]
    not_people: frozenset[str]
    mixed: frozenset[str]
    negators: frozenset[str]
    hypothetical: frozenset[str]
    increment: frozenset[str]
    release: frozenset[str]
    taken_not_before: frozenset[str]
    breakdown: tuple[tuple[str, ...], ...]
    rise_verbs: frozenset[str]
    toll_heads: frozenset[str]
    cumulative: frozenset[str]
    disaster: frozenset[str]
    conflict: frozenset[str]


def _strs(v: Any, where: str, allow_empty: bool = False) -> list[str]:
    if not isinstance(v, list) or (not v and not allow_empty) or not all(isinstance(x, str) and x.strip() for x in v):
        raise LexiconError(f"casualty lexicon: {where} must be a list of non-empty strings")
    return [x.strip().lower() for x in v]


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(w.split()) for w in words), key=len, reverse=True))


def parse_lexicon(data: dict[str, Any]) -> CasualtyLexicon:
    """Validate a parsed ``casualties.toml``; raise LexiconError naming the bad entry."""
    if not isinstance(data.get("version"), str):
        raise LexiconError("casualty lexicon: missing string 'version'")
    outs = data.get("outcomes")
    if not isinstance(outs, dict) or set(outs) != set(OUTCOMES):
        raise LexiconError(f"casualty lexicon: [outcomes] must have exactly {OUTCOMES}")
    outcomes = {}
    for name, t in outs.items():
        w = f"outcomes.{name}"
        outcomes[name] = OutcomeWords(
            after=_phrases(_strs(t.get("after"), w + ".after")),
            before=_phrases(_strs(t.get("before"), w + ".before", True)),
            nouns=frozenset(_strs(t.get("nouns"), w + ".nouns", True)),
            modifiers=frozenset(_strs(t.get("modifiers"), w + ".modifiers", True)),
            toll=frozenset(_strs(t.get("toll"), w + ".toll", True)))
    v, q, c = data.get("victims") or {}, data.get("qualify") or {}, data.get("context") or {}
    return CasualtyLexicon(
        version=data["version"], outcomes=outcomes,
        military=frozenset(_strs(v.get("military"), "victims.military")),
        civilian=frozenset(_strs(v.get("civilian"), "victims.civilian")),
        irregular=frozenset(_strs(v.get("irregular", []), "victims.irregular", True)),
        ranks=frozenset(_strs(v.get("ranks", []), "victims.ranks", True)),
        not_people=frozenset(_strs(v.get("not_people"), "victims.not_people")),
        mixed=frozenset(_strs(q.get("mixed_joiners"), "qualify.mixed_joiners")),
        negators=frozenset(_strs(q.get("negators"), "qualify.negators")),
        hypothetical=frozenset(_strs(q.get("hypothetical"), "qualify.hypothetical")),
        increment=frozenset(_strs(q.get("increment"), "qualify.increment")),
        release=frozenset(_strs(q.get("release_verbs"), "qualify.release_verbs")),
        taken_not_before=frozenset(_strs(q.get("taken_not_before"), "qualify.taken_not_before")),
        breakdown=_phrases(_strs(q.get("breakdown"), "qualify.breakdown")),
        rise_verbs=frozenset(_strs(q.get("rise_verbs"), "qualify.rise_verbs")),
        toll_heads=frozenset(_strs(q.get("toll_heads"), "qualify.toll_heads")),
        cumulative=frozenset(_strs(q.get("cumulative"), "qualify.cumulative")),
        disaster=frozenset(_strs(c.get("disaster"), "context.disaster")),
        conflict=frozenset(_strs(c.get("conflict"), "context.conflict")),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> CasualtyLexicon:
    """Load and validate the packaged ``casualties.toml`` once."""
    return parse_lexicon(read_toml("casualties.toml"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """How a figure at Doc tokens ``[start, end)`` reads: its outcome, the victim noun phrase
    (Doc tokens ``[np_start, np_end)``), ``via`` (active | toll | passive), the casualty verb's
    token and whether it is an increment ("17 more")."""

    outcome: str
    np_start: int
    np_end: int
    via: str
    verb: int
    increment: bool = False


def _match(lows: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    for p in phrases:
        if tuple(lows[i:i + len(p)]) == p:
            return len(p)
    return 0


def _match_end(lows: list[str], j: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    for p in phrases:
        if j - len(p) >= 0 and tuple(lows[j - len(p):j]) == p:
            return len(p)
    return 0


def _any_outcome_word(lex: CasualtyLexicon, lows: list[str], i: int) -> bool:
    return any(_match(lows, i, w.after) or _match(lows, i, w.before) for w in lex.outcomes.values())


def is_breakdown(doc: Doc, lo: int, i: int) -> bool:
    """True when the figure at token ``i`` is an item of an inline breakdown ("including 42 ...")."""
    lex = load_lexicon()
    lows = [t.lower_ for t in doc[lo:i + 1]]
    k = i - 1
    while k >= lo and i - k <= 14:
        t = doc[k]
        if _match_end(lows, k - lo + 1, lex.breakdown) or t.text in ("—", "–", "("):
            return True
        if t.pos_ in ("VERB", "AUX", "SCONJ") or t.lower_ in ("that", "who", "which", ";"):
            return False
        k -= 1
    return False


def victim_np(doc: Doc, start: int, hi: int) -> tuple[int, int]:
    """The victim noun phrase after a figure ending at token ``start`` (sentence ends at ``hi``).

    Returns ``(np_end, next)``: the phrase is ``[start, np_end)``; ``next`` is the first token
    after it and after its breakdown parts ("including ...") and any relative clause (", who ...,").
    """
    lex = load_lexicon()
    k = start
    np_end = start
    in_breakdown = False
    while k < hi and k - start < 24:
        t = doc[k]
        low = t.lower_
        if low == "," and k + 1 < hi:
            nxt = doc[k + 1].lower_
            if _match([d.lower_ for d in doc[k + 1:min(hi, k + 4)]], 0, lex.breakdown):
                in_breakdown = True
                k += 1
                continue
            if nxt in ("who", "which"):
                j = k + 1
                while j < hi and doc[j].text != "," and j - k < 30:
                    j += 1
                if j >= hi:
                    return np_end, hi
                k = j + 1
                in_breakdown = False
                continue
            if in_breakdown:
                in_breakdown = False
                k += 1
                continue
            break
        if t.text in ("—", "–") and k + 1 < hi:
            j = k + 1
            while j < hi and doc[j].text not in ("—", "–") and j - k < 20:
                j += 1
            if j < hi:
                k = j + 1
                continue
            break
        if low in _STOPS:
            break
        if _match([d.lower_ for d in doc[k:min(hi, k + 3)]], 0, lex.breakdown):
            in_breakdown = True
            k += 1
            continue
        if in_breakdown and (t.pos_ in _NP_POS or low in _NP_WORDS or t.tag_ == "VBG") and low not in (",",):
            k += 1
            continue
        if (t.pos_ in _NP_POS and t.pos_ != "PUNCT") or low in _NP_WORDS:
            if t.pos_ == "PRON" and low not in ("its", "their", "them", "those", "whom", "our", "his", "her", "own",
                                                "which", "it"):
                break
            if t.pos_ == "CCONJ" and k + 1 < hi and doc[k + 1].like_num:
                break
            k += 1
            np_end = k
            continue
        if t.tag_ == "VBG" and np_end > start:
            # "four soldiers manning the checkpoint were ...": skip the participle phrase to its verb
            j = k + 1
            while j < hi and j - k < 8 and doc[j].pos_ != "AUX" and not doc[j].like_num and doc[j].text not in ",;":
                j += 1
            if j < hi and doc[j].pos_ == "AUX":
                k = j
        break
    return np_end, k


def read(doc: Doc, lo: int, hi: int, start: int, end: int) -> Reading | None:
    """Read the figure at Doc tokens ``[start, end)`` (qualifier included) inside the sentence
    ``[lo, hi)``; None if it is not a casualty figure (or is a breakdown item, mixed, negated or
    hypothetical)."""
    lex = load_lexicon()
    sent_lows = [t.lower_ for t in doc[lo:hi]]
    rel = start - lo
    if any(w in lex.negators for w in sent_lows[max(0, rel - 2):rel]):
        return None
    if is_breakdown(doc, lo, start):
        return None
    if rel > 0 and sent_lows[rel - 1] in lex.release:
        return None
    np_end, nxt = victim_np(doc, end, hi)
    np_lows = sent_lows[end - lo:np_end - lo]
    increment = (any(w in lex.increment for w in np_lows[:2])
                 or (rel > 0 and sent_lows[rel - 1] in ("another", "further")))
    heads = [w for w in np_lows if w not in ("of", "the", "its", "their")]
    np_terms = np_lows + [" ".join(np_lows[i:i + 2]) for i in range(len(np_lows) - 1)]
    if np_lows[:1] == ["of"] and (any(w in lex.outcomes[o].nouns or w in lex.outcomes[o].modifiers
                                      or w in ("victims", "those")
                                      for o in lex.outcomes for w in np_lows[1:5]) or _of_outcome(doc, end + 1, hi)):
        # "six of the dead were children", "flew 12 of the most seriously injured": a part of a
        # figure stated elsewhere
        return None
    nouns = [doc[k].lower_ for k in range(end, np_end) if doc[k].pos_ == "NOUN"]
    if (heads and heads[0] in lex.not_people) or (nouns and nouns[0] in lex.not_people):
        return None
    # 1. figure as object of an active casualty verb: "killing 13 people", "held 10 soldiers"
    left = rel - 1 if rel > 0 and sent_lows[rel - 1] in ("\"", "“", "'") else rel  # killing "more than 10"
    for outcome, words in lex.outcomes.items():
        n = _match_end(sent_lows, left, words.before)
        if not n:
            continue
        v = left - n
        if v >= 2 and sent_lows[v - 1] in lex.mixed and _any_outcome_word(lex, sent_lows, v - 2):
            return None
        if any(w in lex.hypothetical for w in sent_lows[max(0, v - 2):v]):
            return None
        if outcome == "captured" and not any(w in lex.military or w in lex.civilian for w in np_terms) \
                and not (set(np_lows) <= lex.increment | {"others"}) \
                and not any(doc[k].pos_ == "PROPN" or doc[k].ent_type_ == "NORP" for k in range(end, np_end)):
            return None
        if any(w in lex.negators for w in sent_lows[max(0, v - 2):v]):
            return None
        return Reading(outcome=outcome, np_start=end, np_end=np_end, via="active", verb=lo + v, increment=increment)
    # 2. "the bodies of 410 civilians"
    if rel >= 2 and sent_lows[rel - 1] == "of" and sent_lows[rel - 2] in lex.outcomes["killed"].nouns:
        return Reading(outcome="killed", np_start=end, np_end=np_end, via="passive", verb=start - 2,
                       increment=increment)
    # 3. a casualty word right inside the phrase: "24 dead", "140 wounded people", "43 bodies", "135 losses"
    for k, w in enumerate(np_lows[:3]):
        for outcome, words in lex.outcomes.items():
            last = k == len(np_lows) - 1
            if w in words.modifiers or (w in words.nouns and (last or np_lows[k + 1] in ("among", "and", ","))):
                if w in ("dead",) or k == 0 or np_lows[k - 1] in lex.increment or w in words.nouns:
                    after = sent_lows[np_end - lo:np_end - lo + 2]
                    if after and after[0] in lex.mixed and _any_outcome_word(lex, sent_lows, np_end - lo + 1):
                        return None
                    return Reading(outcome=outcome, np_start=end, np_end=np_end, via="passive",
                                   verb=end + k, increment=increment)
    # 4. predicate after the phrase: "were killed", "had been seriously wounded", "are believed to have died"
    coordinated = _second_of_pair(doc, lo, start)
    if nxt + 1 < hi and doc[nxt].lower_ == "and" and doc[nxt + 1].like_num and nxt + 2 < hi:
        # "Five soldiers and six civilians were killed": both figures take the predicate after the second
        second_end, after_second = victim_np(doc, nxt + 2, hi)
        if second_end > nxt + 2:
            nxt, coordinated = after_second, True
    k = nxt - lo
    steps = 0
    while k < len(sent_lows) and steps < 7 and (
            sent_lows[k] in _AUX_WORDS or doc[lo + k].pos_ in ("AUX", "ADV", "PART")) \
            and not _any_outcome_word(lex, sent_lows, k):
        if sent_lows[k] in lex.hypothetical or sent_lows[k] in lex.negators:
            return None
        k += 1
        steps += 1
    if k < len(sent_lows):
        for outcome, words in lex.outcomes.items():
            n = _match(sent_lows, k, words.after)
            if n:
                after = sent_lows[k + n:k + n + 2]
                if len(after) > 1 and after[0] in lex.mixed | {"and"} \
                        and _any_outcome_word(lex, sent_lows, k + n + 1):
                    return None
                if outcome == "captured" and sent_lows[k] in ("held", "seized") and steps == 0:
                    continue
                if sent_lows[k] == "taken" and n == 1 and sent_lows[k + 1:k + 2] and \
                        sent_lows[k + 1] in lex.taken_not_before:
                    continue  # "taken to hospital", "taken into care"
                if coordinated and sent_lows[k] == "among":
                    return None  # "31 women and five children were among the dead": parts of a total
                return Reading(outcome=outcome, np_start=end, np_end=np_end, via="passive", verb=lo + k,
                               increment=increment)
    # 5. toll value: "the death toll rose to 46", "put the toll at about 400", "taking its death toll to 20"
    if rel >= 1 and sent_lows[rel - 1] in ("to", "at", "of", "reached", "passed", "hit", "topped", "exceeded"):
        toll = _toll_outcome(doc, lo, start, lex)
        if toll:
            return Reading(outcome=toll, np_start=end, np_end=np_end, via="toll", verb=start - 1, increment=False)
    # 6. second object of the same verb: "it had killed 47 soldiers and 84 fighters" (a predicate
    # after it, "killed five soldiers and 3 were wounded", was read above)
    if rel > 0 and sent_lows[rel - 1] == "and" and _second_of_pair(doc, lo, start):
        k = start - 2
        while k > lo and not doc[k].like_num:
            k -= 1
        first = read(doc, lo, hi, k, k + 1)
        if first is not None and first.via == "active":
            return Reading(outcome=first.outcome, np_start=end, np_end=np_end, via="active", verb=first.verb,
                           increment=increment)
    return None


def _of_outcome(doc: Doc, k: int, hi: int) -> bool:
    """True when the tokens from ``k`` are determiners, adverbs or adjectives ending in an outcome
    word used as a noun ("the most seriously injured", "the badly wounded")."""
    lex = load_lexicon()
    for j in range(k, min(hi, k + 5)):
        low = doc[j].lower_
        if any(low in w.nouns or low in w.modifiers for w in lex.outcomes.values()):
            return j + 1 >= hi or doc[j + 1].pos_ not in ("NOUN", "PROPN")
        if doc[j].pos_ not in ("DET", "ADV", "ADJ"):
            return False
    return False


def _second_of_pair(doc: Doc, lo: int, start: int) -> bool:
    """True when the figure at ``start`` is the second of "N1 <noun> and N2 <noun>"."""
    if start - 1 <= lo or doc[start - 1].lower_ != "and":
        return False
    k = start - 2
    while k >= lo and start - k < 8 and doc[k].pos_ in ("NOUN", "ADJ", "PROPN", "DET") and not doc[k].like_num:
        k -= 1
    return k >= lo and doc[k].like_num


def _toll_outcome(doc: Doc, lo: int, start: int, lex: CasualtyLexicon) -> str | None:
    """Outcome of a toll phrase ending right before the figure at ``start``, looking back at most 25
    tokens within the sentence and not past another figure."""
    rise = False
    toll_head = False
    for k in range(start - 1, max(lo, start - 26) - 1, -1):
        t = doc[k]
        low = t.lower_
        if t.like_num and k < start - 1:
            return None
        if low in lex.rise_verbs or low in ("toll",):
            rise = True
        if low in lex.toll_heads:
            toll_head = True
        for outcome in ("wounded", "missing", "killed"):
            if low in lex.outcomes[outcome].toll and (toll_head or rise):
                if low == "toll" and k > lo and doc[k - 1].lower_ in lex.outcomes["wounded"].toll:
                    return "wounded"
                if outcome != "killed" or low != "toll" or toll_head:
                    return outcome
    return None
