"""Outlet names: the table of well-known outlets, name-shaped lines, handles, domains, institutions.

The table (``data/outlets.toml``) maps domains and social-media handles to names and gives each
outlet's country, which the claims stage uses to attribute figures nobody else claims.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import pycountry

from ..resolve.countries import country_code
from .lexicon import OutletEntry, outlets

_NAME_WORD = re.compile(r"[A-Z0-9][\w&.'’-]*|of|the|and|de|la|al|el|du|&")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=1)
def _by_name() -> dict[str, OutletEntry]:
    table: dict[str, OutletEntry] = {}
    for entry in outlets().entries:
        for name in (entry.name, *entry.aliases):
            table.setdefault(name.casefold(), entry)
    return table


def known_outlet(name: str) -> OutletEntry | None:
    """The table entry whose name or alias equals ``name`` (case-insensitive), if any."""
    return _by_name().get(name.strip().casefold())


def outlet_country(name: str) -> str | None:
    """ISO alpha-3 country of a well-known outlet named ``name`` (or an alias), else None."""
    entry = known_outlet(name)
    return entry.country if entry is not None else None


def outlet_from_url(url: str) -> str | None:
    """Canonical outlet name for a URL whose host (or a parent domain) is in the table."""
    host = (urlsplit(url).hostname or "").lower()
    parts = host.split(".")
    candidates = {".".join(parts[i:]) for i in range(len(parts) - 1)}
    for entry in outlets().entries:
        if candidates.intersection(entry.domains):
            return entry.name
    return None


def outlet_from_handle(handle: str, text: str) -> str:
    """Outlet name for a social-media handle such as ``@AzerNewsAz``.

    A name in ``text`` that the handle starts with wins ("Azernews" for "@AzerNewsAz"), then the
    table, else a readable form of the handle (camel case split: "@SteppeDaily" -> "Steppe Daily").
    """
    handle = handle.lstrip("@")
    key = handle.casefold()
    for m in re.finditer(r"\b[A-Z][\w-]{2,}(?:\s+[A-Z][\w-]+){0,3}", text):
        name = m.group(0)
        squeezed = re.sub(r"\W", "", name).casefold()
        if len(squeezed) >= 4 and key.startswith(squeezed) and len(key) - len(squeezed) <= 3:
            return name
    for entry in outlets().entries:
        if key in entry.handles:
            return entry.name
    return _CAMEL.sub(" ", handle).replace("_", " ")


def looks_like_outlet(line: str) -> bool:
    """True if ``line`` is shaped like an outlet's name: a short capitalised name with an outlet
    noun ("Caspian Herald", "The Frontline Post") or a name from the outlet table."""
    line = line.strip()
    if known_outlet(line) is not None:
        return True
    words = line.split()
    if not 1 <= len(words) <= 5 or line[-1] in ".,;:!?":
        return False
    if not all(_NAME_WORD.fullmatch(w) for w in words) or not words[0][0].isupper():
        return False
    # one word is a name only when the table knows it ("World" and "News" are section labels)
    return len(words) > 1 and any(w.lower().strip(".") in outlets().outlet_words for w in words[1:])


def masthead_name(line: str) -> bool:
    """True if a short header line is shaped like a publication's name rather than a section label.

    1-4 capitalised words (joiners like "of", "the", "&" allowed), no digits or sentence
    punctuation, not made only of section/topic words ("Middle East", "Breaking News") and naming
    no country ("Ukraine war"). Used only for lines above the headline or the first part of a
    dated header line, where a name is either the masthead or a label.
    """
    words = line.strip().split()
    if not 1 <= len(words) <= 4 or line.strip()[-1:] in ".,;:!?" or any(ch.isdigit() for ch in line):
        return False
    joiners = {"of", "the", "and", "&", "for", "de", "la", "al"}
    if not all(_NAME_WORD.fullmatch(w) and (w[0].isupper() or w.lower() in joiners) for w in words):
        return False
    lowered = [w.lower().strip("'’") for w in words if w.lower() not in joiners]
    if not lowered or all(w in outlets().section_words for w in lowered):
        return False
    if known_outlet(line.strip()) is None and any(
            country_code(piece) for w in words for piece in re.split(r"[-/]", w.strip("'’")) if piece):
        return False
    return not {w for w in lowered} & outlets().institution_words


def could_be_outlet(name: str) -> bool:
    """True if ``name`` may be an outlet in "..., <name> reports": outlet-shaped, or at most two
    capitalised words that name no country and no institution ("Azernews", not "Defense Ministry")."""
    if looks_like_outlet(name):
        return True
    words = name.split()
    if len(words) > 2 or "'" in name or "’" in name or _country_name(name) is not None:
        return False
    return not {w.lower() for w in words} & outlets().institution_words


def _country_name(word: str) -> str | None:
    try:
        return str(pycountry.countries.lookup(word).name)
    except LookupError:
        return None


def institution_from_headline(title: str) -> str | None:
    """Canonical institution a press release's headline names as its subject.

    "Azerbaijan's Foreign Ministry holds briefing" and "Statement of the Ministry of Foreign
    Affairs of the Republic of Azerbaijan" -> "Ministry of Foreign Affairs of Azerbaijan". Ministry
    phrases and their canonical names come from ``[ministries]`` in the outlets file.
    """
    phrases = sorted(outlets().ministries.items(), key=lambda kv: -len(kv[0]))
    m = re.match(r"\s*(?:The\s+)?([A-Z][\w -]+?)['’]s\s+(.+)", title)
    if m is not None and (country := _country_name(m.group(1))) is not None:
        rest = m.group(2).lower()
        for phrase, canonical in phrases:
            if rest.startswith(phrase):
                return f"{canonical} of {country}"
    lowered = title.lower()
    for phrase, canonical in phrases:
        at = lowered.find(phrase)
        if at < 0:
            continue
        tail = re.match(r"\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?([A-Z][\w]+(?:\s+[A-Z][\w]+)?)",
                        title[at + len(phrase):])
        if tail is not None and (country := _country_name(tail.group(1))) is not None:
            return f"{canonical} of {country}"
    return None
