"""Input shards for the parallel engines: files of articles, including Parquet.

A *shard* is one input file (JSON Lines, WARC, Parquet, or any single-article format the ingest
readers know), a URL, or ``-`` (stdin). :func:`list_shards` expands directories into their files
(recursively, sorted by name, hidden entries skipped); :func:`read_shard` yields the Documents (or
Rejections) of one shard; :func:`read_inputs` chains them and is what the ingest pipeline reads.

Parquet shards hold one article per row: a string column ``text`` and, optionally, the metadata
columns of the JSON Lines format (``id``, ``title``, ``url``, ``outlet``, ``published``,
``byline``, ``language``); other columns are ignored. Each row is validated exactly like a JSON
Lines record (:func:`eventwire.ingest.parse_record`), so a bad row becomes one Rejection naming the
file and row (1-based) and the other rows still ingest. Documents from Parquet have ``fmt``
``"parquet"`` and ``source`` ``<path>:<row>``. Everything else is read by
:func:`eventwire.ingest.iter_documents` unchanged.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..ingest import iter_documents, parse_record
from ..ingest.jsonl import META_FIELDS
from ..model import Document, Rejection
from ..settings import Settings

log = logging.getLogger(__name__)

PARQUET_SUFFIXES: tuple[str, ...] = (".parquet", ".pq")
#: Rows read from a Parquet file at a time (bounds memory on huge row groups).
PARQUET_BATCH_ROWS = 256
Item = Document | Rejection


def is_parquet(spec: str) -> bool:
    """True when ``spec`` names a Parquet file by its extension."""
    return spec.lower().endswith(PARQUET_SUFFIXES)


def list_shards(inputs: Iterable[str]) -> list[str]:
    """The shards of ``inputs``: directories expanded into their files, everything else as given.

    Directories are walked recursively in sorted name order, hidden files and folders skipped and
    symbolic links to folders not followed (so a link loop cannot recur). An input that does not
    exist is kept, so reading it reports the problem as a Rejection.
    """
    shards: list[str] = []
    for spec in inputs:
        if spec and spec != "-" and "\x00" not in spec and os.path.isdir(spec):
            shards.extend(_walk(Path(spec)))
        else:
            shards.append(spec)
    return shards


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder, onerror=lambda e: log.warning("cannot list %s", e.filename)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def read_shard(shard: str, settings: Settings, *, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """The Documents (or Rejections) of one shard; Parquet here, every other format by ingest."""
    if is_parquet(shard):
        yield from read_parquet(shard, settings)
    else:
        yield from iter_documents([shard], settings, stdin=stdin)


def read_inputs(inputs: Iterable[str], settings: Settings, *, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every Document of ``inputs`` in order: :func:`eventwire.ingest.iter_documents` plus Parquet.

    Directories that hold Parquet files are expanded into shards (see :func:`list_shards`); other
    directories, files, URLs and ``-`` go to ``iter_documents`` as they are.
    """
    for spec in inputs:
        if spec and spec != "-" and "\x00" not in spec and os.path.isdir(spec) and _has_parquet(spec):
            for shard in _walk(Path(spec)):
                yield from read_shard(shard, settings, stdin=stdin)
        else:
            yield from read_shard(spec, settings, stdin=stdin)


def _has_parquet(folder: str) -> bool:
    return any(is_parquet(p) for p in _walk(Path(folder)))


def read_parquet(path: str, settings: Settings) -> Iterator[Item]:
    """Yield one Document per row of the Parquet file at ``path`` (see the module docstring).

    A file that is not readable Parquet, or has no ``text`` column, is one Rejection. Rows longer
    than the ``max_bytes`` setting are rejected one by one.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    max_bytes = int(settings.max_bytes)
    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as e:
        yield Rejection(source=path, reason=f"not a readable Parquet file: {e}")
        return
    names = set(pf.schema_arrow.names)
    if "text" not in names:
        yield Rejection(source=path, reason="Parquet file has no 'text' column")
        return
    columns = ["text", *(c for c in META_FIELDS if c in names)]
    base = os.path.basename(path)
    row = 0
    try:
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for record in batch.to_pylist():
                row += 1
                yield _row_document(record, base=base, source=path, row=row, max_bytes=max_bytes)
    except (OSError, pa.ArrowException) as e:
        yield Rejection(source=path, reason=f"Parquet file damaged after row {row}: {e}")


def _row_document(record: dict[str, Any], *, base: str, source: str, row: int, max_bytes: int) -> Item:
    """One row as a Document, validated by the JSON Lines record parser (one set of rules)."""
    record = {k: _jsonable(v) for k, v in record.items()}
    line = json.dumps(record, ensure_ascii=False).encode("utf-8")
    if len(line) > max_bytes:
        return Rejection(source=source, line=row, reason=f"row larger than the {max_bytes}-byte limit")
    try:
        doc = parse_record(line, base=base, source=source, lineno=row)
    except InputError as e:
        return Rejection(source=e.source, reason=e.reason, line=e.line)
    return replace(doc, fmt="parquet")


def _jsonable(value: Any) -> Any:
    # Parquet date/timestamp columns arrive as date/datetime; the record format wants strings.
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
