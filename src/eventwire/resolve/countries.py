"""Country names, demonyms and organisation names -> ISO 3166 alpha-3, ``IGO`` or ``NGO``.

Names come from pycountry (name, official and common names, "Korea, Republic of" also read as
"Republic of Korea") plus ``data/countries.toml`` for what pycountry lacks: everyday aliases
("Russia", "Turkey", "Burma"), abbreviations ("US", "DRC"), demonyms of every UN member
("Azerbaijani", "Congolese") and intergovernmental / non-governmental organisation names.

Matching rules (one place, so callers need not guess):

* Surrounding whitespace and punctuation, a leading "the" and a possessive ("Armenia's",
  "Azerbaijan’s", "Ukrainians'") are ignored.
* Names and demonyms match case-insensitively, accents optional ("Turkiye" = "Türkiye"), except the
  ``[common_words]`` entries ("chad", "turkey", "china"), which match only when capitalised.
* A plural demonym is its singular plus "s" ("Ukrainians", "Azerbaijanis").
* Abbreviations are case-sensitive and dots are optional ("US", "U.S."; never the pronoun "us").
* Single-word organisation names are case-sensitive ("Amnesty", "WHO"; not "amnesty", "who");
  longer ones are not.
* A name that is both a country and something else is the country ("Georgia" is GEO).
* Only states have demonyms: "Kurdish", "Tamil" and the like return None.

The tables are built once per process (:func:`load_tables`) and validated at load
(:class:`~eventwire.errors.LexiconError`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycountry

from ..data import read_toml
from ..errors import LexiconError
from .trie import trie_pattern

log = logging.getLogger(__name__)

_EDGE = " \t\r\n\"'“”‘’«»()[]{},;:!?-–—"
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_ORG_KINDS = ("IGO", "NGO")


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryTables:
    """The loaded lookup tables. Keys of ``names``/``demonyms``/``orgs_folded`` are :func:`fold`-ed."""

    version: str
    codes: frozenset[str]
    display: dict[str, str]
    names: dict[str, str]
    demonyms: dict[str, str]
    abbreviations: dict[str, str]
    common_words: frozenset[str]
    orgs_exact: dict[str, str]
    orgs_folded: dict[str, str]
    forms: frozenset[str]  # surface forms of names and demonyms (with accents), for running text


def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and space-insensitive key of ``text``."""
    if text.isascii():
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("ı", "i").split())


def strip_affixes(text: str) -> str:
    """``text`` without surrounding punctuation, a leading "the" or a trailing possessive."""
    t = text.strip(_EDGE)
    t = _THE.sub("", t)
    t = _POSSESSIVE.sub("", t)
    return t.strip(_EDGE)


def country_code(text: str) -> str | None:
    """ISO alpha-3 code of a country named or referred to by ``text`` (a name, alias, abbreviation,
    demonym or plural demonym, optionally possessive), or None. See the module docstring for rules."""
    tables = load_tables()
    t = strip_affixes(text)
    if not t:
        return None
    code = tables.abbreviations.get(t.replace(".", ""))
    if code is not None:
        return code
    key = fold(t)
    if key in tables.common_words and not t[0].isupper():
        return None
    code = tables.names.get(key) or tables.demonyms.get(key)
    if code is None and key.endswith("s") and not key.endswith("ss"):
        code = tables.demonyms.get(key[:-1])
    return code


def org_code(text: str) -> str | None:
    """``"IGO"`` for intergovernmental bodies (UN and its agencies, OSCE, EU, NATO, AU ...),
    ``"NGO"`` for non-governmental organisations and monitors (ICRC, HRW, Amnesty, SOHR, ACLED ...),
    else None."""
    tables = load_tables()
    t = strip_affixes(text)
    if not t:
        return None
    kind = tables.orgs_exact.get(t) or tables.orgs_exact.get(t.replace(".", ""))
    if kind is None and " " in t:
        kind = tables.orgs_folded.get(fold(t))
    return kind


def country_name(code: str) -> str | None:
    """A readable English name of an alpha-3 code ("AZE" -> "Azerbaijan"), or None if unknown."""
    return load_tables().display.get(code.upper())


def country_names() -> dict[str, str]:
    """Surface forms of country names and aliases (not demonyms or abbreviations) -> alpha-3."""
    tables = load_tables()
    return {f: code for f in sorted(tables.forms) if (code := tables.names.get(fold(f))) is not None}


def country_mentions(text: str) -> list[tuple[int, int, str]]:
    """Every country name, abbreviation or demonym in running ``text``, as ``(start, end, code)``.

    Longest match wins; each match is confirmed by :func:`country_code`, so the case rules hold
    ("us" and lower-case "turkey" are not mentions). Offsets are into ``text``, half-open.
    """
    return list(_mentions(text))


@lru_cache(maxsize=8192)
def _mentions(text: str) -> tuple[tuple[int, int, str], ...]:
    # cached: extraction asks about the same sentence and phrase texts several times per article,
    # and the alternation over every country form is the costliest regex it runs
    found: list[tuple[int, int, str]] = []
    for m in _mention_regex().finditer(text):
        code = country_code(m.group(0))
        if code is not None:
            found.append((m.start(), m.end(), code))
    return tuple(found)


@lru_cache(maxsize=1)
def _mention_regex() -> re.Pattern[str]:
    tables = load_tables()
    forms = set(tables.forms) | set(tables.names) | set(tables.demonyms)
    # tries, not flat alternations: ~1,500 forms tried one by one at every character made this the
    # costliest regex of extraction (see .trie)
    word = trie_pattern(forms, _form_atom, fold=True) + r"(?:s|['’]s|['’])?"
    abbrevs = trie_pattern(tables.abbreviations, lambda c: re.escape(c) + r"\.?")
    # Abbreviations are matched case-sensitively; names are checked for case by country_code.
    return re.compile(rf"(?<!\w)(?:(?-i:{abbrevs})|{word})(?!\w)", re.IGNORECASE)


def _form_atom(ch: str) -> str:
    """One character of a country form in running text: any run of spaces, either apostrophe."""
    return r"\s+" if ch == " " else "['’]" if ch == "'" else re.escape(ch)


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"countries.toml: {where} must be a list of non-empty strings")
    return value


def _add(table: dict[str, str], key: str, code: str, where: str) -> None:
    old = table.get(key)
    if old is not None and old != code:
        raise LexiconError(f"countries.toml: {where} {key!r} maps to both {old} and {code}")
    table[key] = code


def parse_tables(data: dict[str, Any]) -> CountryTables:
    """Validate the TOML mapping, merge it with pycountry and build the tables (LexiconError if bad)."""
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise LexiconError("countries.toml: missing 'version' string")
    unknown = set(data) - {"version", "extra_codes", "aliases", "abbreviations", "common_words",
                           "demonyms", "orgs"}
    if unknown:
        raise LexiconError(f"countries.toml: unknown tables {sorted(unknown)}")
    extra = data.get("extra_codes", {})
    if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
        raise LexiconError("countries.toml: [extra_codes] must map codes to names")
    display: dict[str, str] = {c.alpha_3: getattr(c, "common_name", None) or c.name
                               for c in pycountry.countries}
    display.update(extra)
    codes = frozenset(display)
    names: dict[str, str] = {}
    forms: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            _add(names, fold(value), c.alpha_3, "pycountry name")
            forms.add(value)
            head, sep, tail = value.partition(", ")
            if sep:  # "Korea, Republic of" is written "Republic of Korea"
                _add(names, fold(f"{tail} {head}"), c.alpha_3, "pycountry name")
    tables: dict[str, dict[str, str]] = {"aliases": names, "demonyms": {}, "abbreviations": {}}
    for section, table in tables.items():
        raw = data.get(section, {})
        if not isinstance(raw, dict):
            raise LexiconError(f"countries.toml: [{section}] must be a table")
        for code, words in raw.items():
            if code not in codes:
                raise LexiconError(f"countries.toml: [{section}] {code!r} is not an ISO alpha-3 code")
            for w in _str_list(words, f"[{section}].{code}"):
                key = w.replace(".", "") if section == "abbreviations" else fold(w)
                if section != "abbreviations":
                    forms.add(w)
                _add(table, key, code, f"[{section}]")
    common = data.get("common_words", {})
    if not isinstance(common, dict):
        raise LexiconError("countries.toml: [common_words] must be a table with 'words'")
    orgs = data.get("orgs", {})
    if not isinstance(orgs, dict) or set(orgs) - set(_ORG_KINDS):
        raise LexiconError("countries.toml: [orgs] must hold only IGO and NGO lists")
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for kind in _ORG_KINDS:
        for name in _str_list(orgs.get(kind, []), f"[orgs].{kind}"):
            _add(exact, name, kind, "[orgs]")
            _add(exact, name.replace(".", ""), kind, "[orgs]")
            if " " in name:
                _add(folded, fold(name), kind, "[orgs]")
    return CountryTables(
        version=version, codes=codes, display=display, names=names, demonyms=tables["demonyms"],
        abbreviations=tables["abbreviations"],
        common_words=frozenset(fold(w) for w in _str_list(common.get("words", []), "[common_words].words")),
        orgs_exact=exact, orgs_folded=folded, forms=frozenset(forms))


@lru_cache(maxsize=1)
def load_tables() -> CountryTables:
    """The packaged tables (pycountry + ``data/countries.toml``), built once per process."""
    data = read_toml("countries.toml")
    tables = parse_tables(data)
    log.debug("country tables %s: %d names, %d demonyms, %d organisations", tables.version,
              len(tables.names), len(tables.demonyms), len(tables.orgs_exact))
    return tables
