"""JSON Lines: one article per line, ``{"text": ..., "id"?, "title"?, "url"?, "outlet"?, ...}``.

``name`` is the record's ``id`` when given, else ``<file base name>:<line>``; ``source`` is
``<path>:<line>``. Blank lines are skipped. A bad line gives a Rejection with its line number and
the other lines still ingest. Lines are read one at a time with a length cap, so a file of any size
streams and one runaway line cannot exhaust memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import FormatError, InputError
from ..model import Document, Metadata, Rejection
from .text import decode_utf8

# Optional string fields of a record, copied into Metadata under the same names.
META_FIELDS: tuple[str, ...] = ("id", "title", "url", "outlet", "published", "byline", "language")
_CHUNK = 1 << 20


def parse_record(line: bytes, *, base: str, source: str, lineno: int) -> Document:
    """One Document from one JSON Lines line (without its newline).

    Raises ``EncodingError``/``BinaryInputError`` for undecodable bytes and ``FormatError`` when the
    line is not JSON, not an object, or lacks a non-empty string ``text``, or when an optional field
    is present but not a string (``id`` may also be an integer).
    """
    where = f"{source}:{lineno}"
    try:
        text = decode_utf8(line, where)
    except InputError as e:
        raise type(e)(source, e.reason, lineno) from e
    try:
        record: Any = json.loads(text)
    except json.JSONDecodeError as e:
        raise FormatError(source, f"not JSON: {e.msg} at column {e.colno}", lineno) from e
    if not isinstance(record, dict):
        raise FormatError(source, f"not a JSON object but {type(record).__name__}", lineno)
    body = record.get("text")
    if body is None:
        raise FormatError(source, "record has no 'text' field", lineno)
    if not isinstance(body, str):
        raise FormatError(source, f"'text' is {type(body).__name__}, not a string", lineno)
    if not body.strip():
        raise FormatError(source, "'text' is empty", lineno)
    fields: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = record.get(key)
        if value is None:
            fields[key] = None
        elif isinstance(value, str) or (key == "id" and type(value) is int):
            fields[key] = str(value).strip() or None
        else:
            raise FormatError(source, f"field {key!r} is {type(value).__name__}, not a string", lineno)
    name = fields["id"] or f"{base}:{lineno}"
    return Document(name=name, source=where, fmt="jsonl", raw_text=body, meta=Metadata(**fields))


def read_jsonl(stream: BinaryIO, *, base: str, source: str, max_bytes: int) -> Iterator[Document | Rejection]:
    """Yield a Document per non-blank line of ``stream``, or a Rejection naming the line.

    ``base`` is the file's base name (used in default record names), ``source`` its path. A line
    longer than ``max_bytes`` is rejected and skipped without being held in memory.
    """
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Rejection(source=source, line=lineno, reason=f"line longer than the {max_bytes}-byte limit")
            continue
        line = line.rstrip(b"\r\n")
        if lineno == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        try:
            yield parse_record(line, base=base, source=source, lineno=lineno)
        except InputError as e:
            yield Rejection(source=source, line=lineno, reason=e.reason)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return
