"""ACLED-style CSV: one row per fused event.

Mapping (documented for users; the type/mode table is data/acled_mapping.toml):
- event_id_cnty: ISO alpha-3 of the first place's country (else first side) + the event id.
- event_date: the fused date range's start; time_precision: 1 = a day, 2 = a range up to a week,
  3 = longer (ACLED's codes).
- event_type / sub_event_type / disorder_type: from the type and mode via the mapping file.
- actor1 / actor2: the named agents and targets of the reports (first of each, others in
  assoc_actor_1 / assoc_actor_2); country / admin1 / location / latitude / longitude: the first
  resolved place (else the first side's country); geo_precision: 1 place, 2 district, 3 region or
  country.
- source: the independent outlets, "; "-joined; notes: the first report's evidence sentence.
- fatalities: the stated **best** killed figure (sum over victim sides of each side's best under the
  named rule); fatalities_low / fatalities_high / estimate_rule extend ACLED's columns.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from typing import IO, Any

from ..data import read_toml
from ..fuse.query import deaths
from ..model import Event
from . import ExportData
from .cells import safe_row

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "civilian_targeting",
           "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
           "source_scale", "notes", "fatalities", "fatalities_low", "fatalities_high", "estimate_rule",
           "eventwire_type"]
_GEO_PRECISION = {"place": 1, "district": 2, "region": 3, "country": 3}


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    return read_toml("acled_mapping.toml")


def acled_types(event_type: str, mode: str | None) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type) for one of our types and an optional mode."""
    table = mapping()
    spec = table["types"].get(event_type, table["default"])
    for rule in spec.get("modes", []):
        if mode and any(w in mode.lower() for w in rule["words"]):
            return spec["disorder_type"], rule["event_type"], rule["sub_event_type"]
    return spec["disorder_type"], spec["event_type"], spec["sub_event_type"]


def acled_row(e: Event, data: ExportData) -> dict[str, Any]:
    mentions = data.event_mentions(e)
    mode = next((m.mode for m in mentions if m.mode), None)
    disorder, etype, sub = acled_types(e.type, mode)
    agents = list(dict.fromkeys(a.name for m in mentions for a in m.agents))
    targets = list(dict.fromkeys(a.name for m in mentions for a in m.targets))
    place = e.places[0] if e.places else None
    iso = (place.country if place and place.country else (e.countries[0] if e.countries else "")) or ""
    width = (e.date.end - e.date.start).days
    d = deaths(e)
    return {
        "event_id_cnty": f"{iso or 'XXX'}{e.id}", "event_date": e.date.start.isoformat(), "year": e.date.start.year,
        "time_precision": 1 if width == 0 else 2 if width <= 7 else 3,
        "disorder_type": disorder, "event_type": etype, "sub_event_type": sub,
        "actor1": agents[0] if agents else "", "assoc_actor_1": "; ".join(agents[1:]),
        "actor2": targets[0] if targets else "", "assoc_actor_2": "; ".join(targets[1:]),
        "civilian_targeting": "Civilian targeting" if etype == "Violence against civilians" else "",
        "iso": iso, "country": _country_name(iso), "admin1": place.admin1 if place else "",
        "location": place.name if place else "", "latitude": place.lat if place else "",
        "longitude": place.lon if place else "",
        "geo_precision": _GEO_PRECISION.get(place.precision, 3) if place else 3,
        "source": "; ".join(e.outlets), "source_scale": "", "notes": mentions[0].span.text if mentions else "",
        "fatalities": d["best"], "fatalities_low": d["low"], "fatalities_high": d["high"],
        "estimate_rule": e.series[0].rule if e.series else "", "eventwire_type": e.type,
    }


def _country_name(iso: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_3=iso) if len(iso) == 3 else None
    return c.name if c else iso


def write_acled_csv(data: ExportData, out: IO[str]) -> int:
    """Write the ACLED-style CSV (formula-like text cells neutralised, see :mod:`.cells`); returns
    the number of rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for e in data.events:
        writer.writerow(safe_row(acled_row(e, data)))
    return len(data.events)
