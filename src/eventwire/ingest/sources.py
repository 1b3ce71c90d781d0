"""Where inputs come from: paths, directories, URLs and stdin, dispatched to the format readers.

This is the only module of ``eventwire.ingest`` that does I/O. Every bad input becomes exactly one
``Rejection`` (or one per bad record) and the batch goes on; nothing here raises for bad input.
Single-article inputs (text, HTML, feeds) are size-checked with ``stat`` before they are read, so an
oversized file is rejected without being loaded; JSON Lines and WARC files stream record by record
and the limit applies per record.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..errors import InputError
from ..model import Document, Rejection
from ..settings import Settings
from .detect import SNIFF_BYTES, format_from_content_type, format_from_name, sniff
from .feeds import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .text import read_text
from .warc import read_warc

log = logging.getLogger(__name__)

USER_AGENT = f"eventwire/{__version__}"
STDIN_SOURCE = "<stdin>"
Item = Document | Rejection


def iter_documents(
    inputs: Iterable[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Item]:
    """Yield one Document per article found in ``inputs``, or a Rejection per bad input.

    Each input is a file path, a directory (walked recursively in sorted name order, hidden entries
    skipped), an ``http(s)://`` URL, or ``-`` for ``stdin`` (default: the process's standard input).
    The format is taken from the extension, else from the HTTP content type, else sniffed. Lazy: a
    huge directory streams. ``client`` lets callers supply their own HTTP client; otherwise one is
    created on first use (timeout ``settings.http_timeout``, redirects followed) and closed at the end.
    """
    own_client: httpx.Client | None = None
    try:
        for spec in inputs:
            if spec == "-":
                yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
            elif not spec or "\x00" in spec:
                # Path("") is the current directory: never walk it by accident.
                yield Rejection(source=repr(spec), reason="not a usable file name, directory or URL")
            elif _is_url(spec):
                if client is None:
                    client = own_client = make_client(settings)
                yield from fetch_url(spec, settings, client)
            else:
                yield from _read_path(Path(spec), settings, visited=set())
    finally:
        if own_client is not None:
            own_client.close()


def make_client(settings: Settings) -> httpx.Client:
    """The HTTP client ingest uses: settings' timeout, redirects followed, an eventwire User-Agent."""
    return httpx.Client(timeout=float(settings.http_timeout), follow_redirects=True,
                        headers={"User-Agent": USER_AGENT})


def fetch_url(url: str, settings: Settings, client: httpx.Client) -> Iterator[Item]:
    """Fetch ``url`` and read it as the content type (or sniffed content) says: page, feed, ..."""
    max_bytes = int(settings.max_bytes)
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                yield Rejection(source=url, reason=f"HTTP {response.status_code} {response.reason_phrase}")
                return
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                yield _too_large(url, int(declared), max_bytes)
                return
            buf = bytearray()
            for chunk in response.iter_bytes():
                buf += chunk
                if len(buf) > max_bytes:
                    yield Rejection(source=url, reason=f"response larger than the {max_bytes}-byte limit")
                    return
            content_type = response.headers.get("Content-Type")
            final_url = str(response.url)
            charset = response.charset_encoding
    except (httpx.HTTPError, httpx.InvalidURL) as e:
        yield Rejection(source=url, reason=f"fetch failed: {type(e).__name__}: {e}")
        return
    data = bytes(buf)
    fmt = format_from_content_type(content_type) or format_from_name(urlsplit(final_url).path) or sniff(data)
    log.debug("%s: %s (%s) read as %s", url, content_type, final_url, fmt)
    yield from _read_bytes(data, fmt, name=url, base=url, source=url, max_bytes=max_bytes,
                           url=final_url, charset=charset)


def _read_path(path: Path, settings: Settings, *, visited: set[str]) -> Iterator[Item]:
    source = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        kind = "broken symbolic link" if path.is_symlink() else "no such file or directory"
        yield Rejection(source=source, reason=kind)
        return
    except OSError as e:
        yield Rejection(source=source, reason=f"cannot read: {e.strerror or e}")
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _read_dir(path, settings, visited=visited)
    elif stat.S_ISREG(st.st_mode):
        yield from _read_file(path, st.st_size, settings)
    else:
        yield Rejection(source=source, reason="not a regular file (device, FIFO or socket)")


def _read_dir(path: Path, settings: Settings, *, visited: set[str]) -> Iterator[Item]:
    real = os.path.realpath(path)
    if real in visited:  # a symbolic link back up the tree
        log.info("%s: directory already visited, skipped", path)
        return
    visited.add(real)
    try:
        with os.scandir(path) as it:
            names = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError as e:
        yield Rejection(source=str(path), reason=f"cannot list directory: {e.strerror or e}")
        return
    for name in names:
        yield from _read_path(path / name, settings, visited=visited)


def _read_file(path: Path, size: int, settings: Settings) -> Iterator[Item]:
    source, max_bytes = str(path), int(settings.max_bytes)
    if size == 0:
        yield Rejection(source=source, reason="empty file")
        return
    try:
        with path.open("rb") as f:
            fmt = format_from_name(path.name)
            if fmt is None:
                fmt = sniff(f.read(SNIFF_BYTES))
                f.seek(0)
            if fmt == "jsonl":
                yield from read_jsonl(f, base=path.name, source=source, max_bytes=max_bytes)
                return
            if fmt == "warc":
                yield from read_warc(f, source=source, max_bytes=max_bytes)
                return
            if size > max_bytes:
                yield _too_large(source, size, max_bytes)
                return
            data = f.read(max_bytes + 1)
    except OSError as e:
        yield Rejection(source=source, reason=f"cannot read: {e.strerror or e}")
        return
    yield from _read_bytes(data, fmt, name=path.name, base=path.name, source=source, max_bytes=max_bytes)


def _read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Item]:
    max_bytes = int(settings.max_bytes)
    try:
        head = stream.read(SNIFF_BYTES)
        fmt = sniff(head)
        if fmt in ("jsonl", "warc"):
            whole = io.BufferedReader(_Prefixed(head, stream))
            reader = read_jsonl(whole, base="stdin", source=STDIN_SOURCE, max_bytes=max_bytes) \
                if fmt == "jsonl" else read_warc(whole, source=STDIN_SOURCE, max_bytes=max_bytes)
            yield from reader
            return
        data = head + stream.read(max(0, max_bytes + 1 - len(head)))
    except OSError as e:
        yield Rejection(source=STDIN_SOURCE, reason=f"cannot read: {e.strerror or e}")
        return
    if len(data) > max_bytes:
        yield Rejection(source=STDIN_SOURCE, reason=f"input larger than the {max_bytes}-byte limit")
        return
    yield from _read_bytes(data, fmt, name="stdin", base="stdin", source=STDIN_SOURCE, max_bytes=max_bytes)


def _read_bytes(data: bytes, fmt: str, *, name: str, base: str, source: str, max_bytes: int,
                url: str | None = None, charset: str | None = None) -> Iterator[Item]:
    """Run the reader for ``fmt`` over an input held in memory; InputErrors become Rejections."""
    try:
        if fmt == "html":
            yield read_html(data, name=name, source=source, url=url, encoding=charset)
        elif fmt == "feed":
            yield from read_feed(data, source=source)
        elif fmt == "jsonl":
            yield from read_jsonl(io.BytesIO(data), base=base, source=source, max_bytes=max_bytes)
        elif fmt == "warc":
            yield from read_warc(io.BytesIO(data), source=source, max_bytes=max_bytes)
        else:
            yield read_text(data, name=name, source=source)
    except InputError as e:
        yield Rejection(source=e.source, reason=e.reason, line=e.line)


def _too_large(source: str, size: int, max_bytes: int) -> Rejection:
    return Rejection(source=source, reason=f"{size} bytes, larger than the {max_bytes}-byte limit")


def _is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


class _Prefixed(io.RawIOBase):
    """A stream that replays already-read ``head`` bytes, then continues with ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
