"""regions.toml: named regions the gazetteer adds to GeoNames, and the rules for entity patterns.

Validated at load (:class:`~eventwire.errors.LexiconError` naming the table and key at fault).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pycountry

from ..errors import LexiconError

__all__ = ["PatternRules", "parse_regions"]

_REGION_KEYS = frozenset({"name", "aliases", "country", "lat", "lon", "precision", "label"})


@dataclass(frozen=True, slots=True, kw_only=True)
class PatternRules:
    """Which names :meth:`Gazetteer.patterns` emits (the ``[patterns]`` table of regions.toml)."""

    min_population: int = 15000
    focus_countries: frozenset[str] = frozenset()
    focus_min_population: int = 1000
    exclude: frozenset[str] = frozenset()



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
