"""Which reader an input needs: by file extension first, then by sniffing the first bytes.

Formats are the strings used in ``Document.fmt``: ``text``, ``html``, ``feed``, ``warc``, ``jsonl``.
Sniffing looks only at a bounded head of the input (``SNIFF_BYTES``), so it never reads a large file.
The rules are hand-written because they are a dozen byte-prefix tests; no library covers exactly
these five formats (``mimetypes`` maps names only, libmagic would be a native dependency and calls
JSON Lines and most feeds plain text).
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import PurePath

FORMATS: tuple[str, ...] = ("text", "html", "feed", "warc", "jsonl")
SNIFF_BYTES = 64 * 1024

# Extension (lower case, without the dot) -> format. "xml" is absent on purpose: an .xml file may
# be a feed, an XHTML page or neither, so it is sniffed.
_EXTENSIONS: dict[str, str] = {
    "txt": "text", "text": "text", "md": "text",
    "html": "html", "htm": "html", "xhtml": "html",
    "rss": "feed", "atom": "feed",
    "warc": "warc", "warc.gz": "warc",
    "jsonl": "jsonl", "ndjson": "jsonl",
}
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_JSONL_TYPES = frozenset({"application/x-ndjson", "application/jsonl", "application/x-jsonlines",
                          "application/jsonlines"})
_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"


def format_from_name(name: str) -> str | None:
    """The format implied by a file name's extension, or None when it has none or an unknown one.

    Double extensions are honoured (``crawl.warc.gz``); the match is case-insensitive.
    """
    suffixes = [s.lower().lstrip(".") for s in PurePath(name).suffixes]
    if len(suffixes) >= 2 and f"{suffixes[-2]}.{suffixes[-1]}" in _EXTENSIONS:
        return _EXTENSIONS[f"{suffixes[-2]}.{suffixes[-1]}"]
    if suffixes:
        return _EXTENSIONS.get(suffixes[-1])
    return None


def format_from_content_type(content_type: str | None) -> str | None:
    """The format implied by an HTTP ``Content-Type`` header, or None when it is generic or unknown."""
    if not content_type:
        return None
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime in _FEED_TYPES:
        return "feed"
    if mime in ("application/warc", "application/x-warc"):
        return "warc"
    if mime in _JSONL_TYPES:
        return "jsonl"
    if mime in ("text/plain", "text/markdown"):
        return "text"
    return None  # text/xml, application/xml, application/octet-stream...: sniff


def sniff(head: bytes) -> str:
    """Guess the format from the first bytes of an input (at most ``SNIFF_BYTES`` are looked at).

    Falls back to ``text``: whether the bytes really are text is decided by the text reader, which
    then rejects binary or badly encoded input with a precise reason.
    """
    head = head[:SNIFF_BYTES]
    if head.startswith(_GZIP_MAGIC):
        return "warc" if _gunzip_head(head).startswith(b"WARC/") else "text"
    if head.startswith(b"WARC/1.") or head.startswith(b"WARC/0."):
        return "warc"
    stripped = head.removeprefix(_BOM).lstrip()
    lower = stripped[:4096].lower()
    if lower.startswith(b"<!doctype html") or lower.startswith(b"<html"):
        return "html"
    if lower.startswith(b"<"):
        # XML prolog, comments or a doctype may precede the root element.
        if b"<rss" in lower or b"<feed" in lower or b"<rdf:rdf" in lower:
            return "feed"
        if b"<html" in lower:
            return "html"
        return "feed"  # some other XML: the feed reader rejects it with the parser's reason
    if stripped.startswith(b"{") and _first_line_is_json_object(stripped):
        return "jsonl"
    return "text"


def _first_line_is_json_object(data: bytes) -> bool:
    line = data.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def _gunzip_head(head: bytes) -> bytes:
    """Decompress as much of a gzip head as the bytes allow (a head is usually a cut-off stream)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except (zlib.error, gzip.BadGzipFile):
        return b""
