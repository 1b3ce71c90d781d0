"""GeoJSON FeatureCollection: one Point feature per fused event with a resolved place.

Events without coordinates are left out (counted in the collection's ``skipped`` member) because
GeoJSON readers (QGIS, geopandas) need a geometry; all their data is in the other exports.
"""

from __future__ import annotations

import json
from typing import IO, Any

from ..fuse.query import deaths
from . import ExportData


def geojson(data: ExportData) -> dict[str, Any]:
    features, skipped = [], 0
    for e in data.events:
        place = next((p for p in e.places if p.lat is not None and p.lon is not None), None)
        if place is None:
            skipped += 1
            continue
        d = deaths(e)
        features.append({
            "type": "Feature", "id": e.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"id": e.id, "type": e.type, "date_start": e.date.start.isoformat(),
                           "date_end": e.date.end.isoformat(), "place": place.name, "country": place.country,
                           "countries": list(e.countries), "deaths_low": d["low"], "deaths_best": d["best"],
                           "deaths_high": d["high"], "reports": len(e.mention_ids), "outlets": list(e.outlets)},
        })
    return {"type": "FeatureCollection", "features": features, "skipped": skipped}


def write_geojson(data: ExportData, out: IO[str]) -> int:
    doc = geojson(data)
    json.dump(doc, out, ensure_ascii=False)
    return len(doc["features"])
