"""RSS and Atom feeds: one ``Document`` per entry, parsed by feedparser.

An entry's text is its full content when the feed carries it, else its summary (HTML turned into
paragraphs). Metadata comes from the entry (title, link, author, published/updated) and the feed
(title as outlet). ``published`` is the entry's own calendar day in the time zone the feed states,
as an ISO date: feedparser's ``*_parsed`` values are converted to UTC, which can move a late-evening
story to the next day, so the raw date string is parsed first.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from ..model import Document, Metadata, Rejection
from .html import fragment_text

log = logging.getLogger(__name__)


def read_feed(data: bytes, *, source: str) -> Iterator[Document | Rejection]:
    """Yield one Document per feed entry, or Rejections.

    A malformed feed (the parser reports a problem and no entry with text could be read, or the input
    is not a feed) gives exactly one Rejection naming ``source`` and the parser's reason, with the
    line number when the parser knows it. A well-formed feed with no entries gives one Rejection too.
    An entry without text gives a Rejection for that entry (``line`` is its 1-based position in the
    feed). A feed damaged after some good entries yields those, then the one malformed-feed Rejection.
    """
    # A file object, never raw bytes: feedparser treats a string that looks like a URL or an existing
    # path as something to open.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    outlet = _clean(parsed.get("feed", {}).get("title"))
    language = _clean(parsed.get("feed", {}).get("language"))
    items = [_entry_document(entry, source=source, position=position, outlet=outlet, language=language)
             for position, entry in enumerate(entries, start=1)]
    damaged = bool(parsed.get("bozo")) and _line_of(parsed.get("bozo_exception")) is not None
    if not entries or (parsed.get("bozo") and not any(isinstance(i, Document) for i in items)):
        yield _malformed(parsed, source)
        return
    if parsed.get("bozo"):
        log.info("%s: feed is not well-formed (%s); using the %d entries read", source,
                 parsed.get("bozo_exception"), len(entries))
    yield from items
    if damaged:
        yield _malformed(parsed, source)


def _entry_document(entry: Any, *, source: str, position: int, outlet: str | None,
                    language: str | None) -> Document | Rejection:
    link = _clean(entry.get("link"))
    name = _clean(entry.get("id")) or link or f"{source}#{position}"
    text = _entry_text(entry)
    if not text:
        return Rejection(source=source, line=position, reason=f"feed entry {name!r} has no text")
    meta = Metadata(
        id=_clean(entry.get("id")),
        title=_clean(entry.get("title")),
        url=link,
        outlet=outlet,
        published=_entry_date(entry),
        byline=_clean(entry.get("author")),
        language=language,
    )
    return Document(name=name, source=f"{source}#{position}", fmt="feed", raw_text=text, meta=meta)


def _entry_text(entry: Any) -> str:
    """Longest full-content body of the entry, else its summary, as paragraphs ('' if none)."""
    bodies = [c.get("value") or "" for c in entry.get("content") or []]
    for candidate in sorted(bodies, key=len, reverse=True) + [entry.get("summary") or ""]:
        text = fragment_text(candidate)
        if text:
            return text
    return ""


def _entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) day as YYYY-MM-DD, in the feed's own time zone."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            day = _parse_day(str(raw))
            if day:
                return day
        struct = entry.get(f"{key}_parsed")
        if struct:
            return datetime(*tuple(struct)[:3]).date().isoformat()  # feedparser gives UTC
    return None


def _parse_day(raw: str) -> str | None:
    raw = raw.strip()
    try:
        return parsedate_to_datetime(raw).date().isoformat()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw).date().isoformat()  # Atom: RFC 3339
    except ValueError:
        return None


def _malformed(parsed: Any, source: str) -> Rejection:
    exc = parsed.get("bozo_exception")
    line = _line_of(exc)
    if exc is not None:
        reason = f"malformed feed: {getattr(exc, 'getMessage', lambda: str(exc))()}"
        if not parsed.get("version"):
            reason = f"not an RSS/Atom feed ({reason})"
    elif not parsed.get("version"):
        reason = "not an RSS/Atom feed"
    else:
        reason = "feed has no entries"
    return Rejection(source=source, line=line, reason=reason)


def _line_of(exc: object) -> int | None:
    """The line number an XML parse error reports (SAX errors have ``getLineNumber``), else None."""
    get_line = getattr(exc, "getLineNumber", None)
    line = get_line() if callable(get_line) else None
    return line if isinstance(line, int) else None


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None
