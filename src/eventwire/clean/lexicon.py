"""Loading and validation of the clean stage's data files (boilerplate and outlets).

Both files live in ``eventwire/data`` and are read once per process; a malformed file raises
:class:`~eventwire.errors.LexiconError` naming the file and the problem.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycountry

from ..data import read_toml
from ..errors import LexiconError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Boilerplate:
    """Compiled whole-line boilerplate patterns (see ``data/boilerplate.toml``)."""

    version: str
    lines: tuple[re.Pattern[str], ...]
    blocks: tuple[re.Pattern[str], ...]
    footer: tuple[re.Pattern[str], ...]
    min_position: float
    roles: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletEntry:
    """One well-known outlet: canonical name, other spellings, domains, handles, country (alpha-3)."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    handles: tuple[str, ...]
    country: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Outlets:
    """The outlet table plus the vocabulary used to recognise outlet names and ministries."""

    version: str
    entries: tuple[OutletEntry, ...]
    outlet_words: frozenset[str]
    institution_words: frozenset[str]
    ministries: dict[str, str]
    section_words: frozenset[str] = frozenset()


def _read(name: str) -> dict[str, Any]:
    return read_toml(name)


def _str_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
    return value


def _version(data: dict[str, Any], where: str) -> str:
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise LexiconError(f"{where}: missing 'version'")
    return version


def _compile(patterns: list[str], where: str) -> tuple[re.Pattern[str], ...]:
    """Each pattern checked alone (for a precise error), then all joined into one alternation,
    so a line costs one ``fullmatch`` per section."""
    for p in patterns:
        try:
            re.compile(p)
        except re.error as e:
            raise LexiconError(f"{where}: bad pattern {p!r}: {e}") from e
    return (re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE),)


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    """The boilerplate patterns, loaded and validated once."""
    return build_boilerplate(_read("boilerplate.toml"))


def build_boilerplate(data: dict[str, Any], where: str = "data/boilerplate.toml") -> Boilerplate:
    """Validate parsed boilerplate TOML and compile it; LexiconError names what is wrong."""
    sections = {}
    for section in ("lines", "blocks", "footer"):
        body = data.get(section)
        if not isinstance(body, dict):
            raise LexiconError(f"{where}: missing section [{section}]")
        sections[section] = _compile(_str_list(body, "patterns", f"{where} [{section}]"),
                                     f"{where} [{section}]")
    min_position = data["blocks"].get("min_position", 0.5)
    if not isinstance(min_position, (int, float)) or not 0 <= min_position <= 1:
        raise LexiconError(f"{where}: [blocks] min_position must be a number in 0..1")
    byline = data.get("byline")
    if not isinstance(byline, dict):
        raise LexiconError(f"{where}: missing section [byline]")
    return Boilerplate(version=_version(data, where), lines=sections["lines"],
                       blocks=sections["blocks"], footer=sections["footer"],
                       min_position=float(min_position),
                       roles=frozenset(r.lower() for r in _str_list(byline, "roles", where)))


@lru_cache(maxsize=1)
def outlets() -> Outlets:
    """The outlet table, loaded and validated once (countries must be ISO alpha-3 codes)."""
    return build_outlets(_read("outlets.toml"))


def build_outlets(data: dict[str, Any], where: str = "data/outlets.toml") -> Outlets:
    """Validate parsed outlets TOML; LexiconError names the entry and the problem."""
    entries = []
    for i, raw in enumerate(data.get("outlet", [])):
        here = f"{where} [[outlet]] #{i + 1}"
        if not isinstance(raw, dict):
            raise LexiconError(f"{here}: must be a table")
        unknown = set(raw) - {"name", "aliases", "domains", "handles", "country"}
        if unknown:
            raise LexiconError(f"{here}: unknown keys {sorted(unknown)}")
        name, country = raw.get("name"), raw.get("country")
        if not isinstance(name, str) or not name:
            raise LexiconError(f"{here}: missing 'name'")
        if not isinstance(country, str) or pycountry.countries.get(alpha_3=country) is None:
            raise LexiconError(f"{here} ({name}): 'country' must be an ISO 3166 alpha-3 code")
        entries.append(OutletEntry(
            name=name, country=country,
            aliases=tuple(_str_list(raw, "aliases", here)),
            domains=tuple(d.lower() for d in _str_list(raw, "domains", here)),
            handles=tuple(h.lower().lstrip("@") for h in _str_list(raw, "handles", here))))
    if not entries:
        raise LexiconError(f"{where}: no [[outlet]] entries")
    words = data.get("outlet_words")
    if not isinstance(words, dict):
        raise LexiconError(f"{where}: missing section [outlet_words]")
    institutions = data.get("institution_words")
    if not isinstance(institutions, dict):
        raise LexiconError(f"{where}: missing section [institution_words]")
    ministries = data.get("ministries")
    if not isinstance(ministries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in ministries.items()):
        raise LexiconError(f"{where}: [ministries] must map phrases to canonical names")
    sections = data.get("section_words", {"words": []})
    if not isinstance(sections, dict):
        raise LexiconError(f"{where}: [section_words] must be a table with 'words'")
    log.debug("loaded %d outlets from %s", len(entries), where)
    return Outlets(version=_version(data, where), entries=tuple(entries),
                   outlet_words=frozenset(w.lower() for w in _str_list(words, "words", where)),
                   institution_words=frozenset(
                       w.lower() for w in _str_list(institutions, "words", where)),
                   ministries={k.lower(): v for k, v in ministries.items()},
                   section_words=frozenset(w.lower() for w in _str_list(sections, "words", where)))
