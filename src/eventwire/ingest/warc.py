"""WARC archives (plain or gzipped): every HTML ``response`` record goes through the HTML reader.

``Document.name`` is the record's WARC-Target-URI and ``source`` is ``<path>#<record offset>``.
WARC-Date is the crawl date, not a publication date, so it is never used as ``published``.
warcio ends iteration silently on a cut-off archive, so damage is detected here: a record shorter
than its Content-Length, a record not followed by the blank-line separator, bytes left over after
the last whole record, or a last gzip member without its end.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import Document, Rejection
from .detect import format_from_content_type
from .html import read_html

log = logging.getLogger(__name__)

# warcio reports damage with its own ArchiveLoadFailed, but a header cut mid-line surfaces as
# whatever the header parser tripped on (AttributeError on a missing status line, ValueError on a
# bad length), and gzip damage as zlib/EOF errors.
_DAMAGE = (ArchiveLoadFailed, ValueError, EOFError, OSError, zlib.error, AttributeError, IndexError, KeyError)
_CHUNK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_REASON = 120


class _CountingReader(io.RawIOBase):
    """A read-only stream that counts the bytes it hands out (to know where warcio stopped)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def drain(self) -> int:
        """Read to the end without keeping the bytes; return the total count of bytes in the stream."""
        while chunk := self._raw.read(_CHUNK):
            self.count += len(chunk)
        return self.count


def read_warc(stream: BinaryIO, *, source: str, max_bytes: int) -> Iterator[Document | Rejection]:
    """Yield a Document per HTML response record of the WARC in ``stream``, or Rejections.

    Records that are not HTML responses (requests, metadata, images...) are skipped. A record whose
    payload exceeds ``max_bytes`` or holds no article gives a Rejection for that record. A damaged
    archive yields the records read before the damage, then one Rejection naming the byte offset.
    """
    counter = _CountingReader(stream)
    reader = io.BufferedReader(counter, buffer_size=_CHUNK)
    iterator = ArchiveIterator(reader, no_record_parse=False, ensure_http_headers=False)
    records = html_records = 0
    offset = 0
    try:
        for record in iterator:
            if iterator.err_count:
                yield _misaligned(source, iterator)
                return
            records += 1
            if not record.rec_type or record.length is None:
                offset = iterator.get_record_offset()
                yield Rejection(source=source, reason=(
                    f"corrupt WARC at byte offset {offset}: record header lacks WARC-Type or Content-Length"))
                return
            payload = _html_payload(record, max_bytes)
            missing = _unread(record)
            # Only now: asking for the offset earlier makes warcio skip the record's content.
            offset = iterator.get_record_offset()
            if missing:
                yield Rejection(source=source, reason=(
                    f"truncated WARC: record at byte offset {offset} ends {missing} bytes early"))
                return
            if payload is not None:
                html_records += 1
                yield _to_item(payload, source=f"{source}#{offset}", max_bytes=max_bytes)
    except _DAMAGE as e:
        where = iterator.offset if records else 0
        what = _describe(e) if isinstance(e, ArchiveLoadFailed) else f"unreadable record ({_describe(e)})"
        yield Rejection(source=source, reason=f"corrupt WARC at byte offset {where}: {what}")
        return
    end = iterator.offset
    total = counter.drain()
    if iterator.err_count:
        yield _misaligned(source, iterator)
    elif records == 0:
        yield Rejection(source=source, reason="not a WARC archive (no record could be read)")
    elif total > end:
        yield Rejection(source=source, reason=(
            f"truncated WARC: {total - end} bytes after byte offset {end} are not a whole record"))
    elif problem := _last_gzip_member_problem(stream, offset):
        yield Rejection(source=source, reason=f"truncated WARC: the gzip member at byte offset {offset} {problem}")
    elif html_records == 0:
        yield Rejection(source=source, reason="no HTML response record in WARC")


def _misaligned(source: str, iterator: ArchiveIterator) -> Rejection:
    # warcio counts (and writes to stderr) records not followed by the blank-line separator: the
    # Content-Length before them was wrong, so everything after is suspect.
    return Rejection(source=source, reason=(
        f"corrupt WARC at byte offset {iterator.offset}: a record's Content-Length does not match its "
        "content (no blank line after it)"))


def _last_gzip_member_problem(stream: BinaryIO, offset: int) -> str | None:
    """What is wrong with the gzip member starting at ``offset`` (the last record), or None.

    warcio stops without complaint when an archive is cut inside a member's trailer or last block,
    so the final member is decompressed once more here. Needs a seekable stream; None otherwise.
    """
    try:
        stream.seek(offset)
        if stream.read(2) != _GZIP_MAGIC:
            return None
        stream.seek(offset)
    except (OSError, ValueError):  # stdin, pipes: cannot re-read
        return None
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        while not inflater.eof and (data := stream.read(_CHUNK)):
            while data and not inflater.eof:  # output is discarded; max_length bounds memory
                inflater.decompress(data, _CHUNK)
                data = inflater.unconsumed_tail
    except zlib.error as e:
        return f"is damaged ({e})"
    return None if inflater.eof else "is cut short"


def _html_payload(record: Any, max_bytes: int) -> tuple[str | None, str | None, bytes] | None:
    """(target URI, content type, at most ``max_bytes + 1`` payload bytes) of an HTML response."""
    http = getattr(record, "http_headers", None)
    if record.rec_type != "response" or http is None:
        return None
    content_type = http.get_header("Content-Type")
    if format_from_content_type(content_type) != "html":
        log.debug("skipping %s record of type %s", record.rec_type, content_type)
        return None
    target = record.rec_headers.get_header("WARC-Target-URI")
    return target, content_type, record.content_stream().read(max_bytes + 1)


def _to_item(
    payload: tuple[str | None, str | None, bytes], *, source: str, max_bytes: int
) -> Document | Rejection:
    target, content_type, data = payload
    if len(data) > max_bytes:
        return Rejection(source=source, reason=f"WARC record larger than the {max_bytes}-byte limit")
    try:
        doc = read_html(data, name=target or source, source=source, url=target,
                        encoding=_charset(content_type), fmt="warc")
    except InputError as e:
        return Rejection(source=source, reason=e.reason, line=e.line)
    # The record's target URI is where the crawler found this page; it wins over a canonical link.
    return replace(doc, meta=replace(doc.meta, url=target)) if target else doc


def _unread(record: Any) -> int:
    """Bytes of the record's declared Content-Length that the archive does not hold."""
    raw = getattr(record, "raw_stream", None)
    if raw is None:
        return 0
    while raw.read(_CHUNK):  # skip what the reader left, so the whole record is measured
        pass
    return int(getattr(raw, "limit", 0) or 0)


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _describe(e: BaseException) -> str:
    """The exception as one short printable line (warcio quotes raw archive bytes in its messages)."""
    text = " ".join(str(e).split())
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    if len(text) > _MAX_REASON:
        text = text[:_MAX_REASON] + "..."
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
