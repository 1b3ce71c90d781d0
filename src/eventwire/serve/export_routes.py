"""Export downloads under ``/api/export/<file>``: the CLI's exporters over the filtered events.

Each file is written by the same function ``eventwire export`` uses (see :mod:`eventwire.export`)
and sent as an attachment; the event filters of ``/api/events`` apply.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import IO

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from ..export import ExportData
from ..export.acled import write_acled_csv
from ..export.geo import write_geojson
from ..export.plover import write_plover_jsonl
from ..export.tabular import write_claims_csv, write_parquet
from . import views
from .read_routes import Filter, StoreDep

router = APIRouter(prefix="/api/export")


class ExportFile(StrEnum):
    acled_csv = "acled.csv"
    plover_jsonl = "plover.jsonl"
    events_geojson = "events.geojson"
    claims_csv = "claims.csv"
    events_parquet = "events.parquet"
    claims_parquet = "claims.parquet"


TEXT_WRITERS: dict[ExportFile, tuple[Callable[[ExportData, IO[str]], int], str]] = {
    ExportFile.acled_csv: (write_acled_csv, "text/csv; charset=utf-8"),
    ExportFile.plover_jsonl: (write_plover_jsonl, "application/x-ndjson; charset=utf-8"),
    ExportFile.events_geojson: (write_geojson, "application/geo+json"),
    ExportFile.claims_csv: (write_claims_csv, "text/csv; charset=utf-8"),
}
PARQUET = "application/vnd.apache.parquet"


def render(data: ExportData, name: ExportFile) -> tuple[bytes, str]:
    """The bytes of one export file and its media type."""
    if name in TEXT_WRITERS:
        writer, media = TEXT_WRITERS[name]
        buf = io.StringIO(newline="")
        writer(data, buf)
        return buf.getvalue().encode("utf-8"), media
    # write_parquet writes both tables into a folder; keep the one asked for.
    with tempfile.TemporaryDirectory(prefix="eventwire-export-") as tmp:
        write_parquet(data, Path(tmp))
        return (Path(tmp) / name.value).read_bytes(), PARQUET


@router.get("/{name}", tags=["export"], response_class=Response, responses={200: {
    "description": "The export file as an attachment",
    "content": {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}},
                "application/geo+json": {"schema": {"type": "object"}},
                PARQUET: {"schema": {"type": "string", "format": "binary"}}}}})
async def export_file(name: ExportFile, store: StoreDep, f: Filter) -> Response:
    """Download fused events (ACLED CSV, PLOVER JSON Lines, GeoJSON, Parquet) or claims (CSV, Parquet)."""
    body, media = await run_in_threadpool(lambda: render(views.export_bundle(store, f), name))
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name.value}"'})
