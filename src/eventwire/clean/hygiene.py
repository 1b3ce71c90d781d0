"""Unicode hygiene with offset bookkeeping: raw text -> normalised lines -> cleaned text + OffsetMap.

Each raw line is repaired with ftfy (mojibake, odd widths and ligatures; curly quotes and dashes
are kept, since they are readable and keep offsets one-to-one), NBSP and other odd spaces become
plain spaces, whitespace runs collapse to one space, and the result is NFC. Where a line changed,
``difflib`` aligns it with the raw line so every cleaned character keeps a raw position.

The offset bookkeeping is hand-written because no library maps a filtered, re-joined text back to
its source; it is kept to runs of ``(clean_start, raw_start, length)`` as :class:`OffsetMap` wants.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ftfy

from ..model import OffsetMap

Run = tuple[int, int, int]  # (clean offset, raw offset, length)

_CHUNK = 512  # ftfy and difflib work on pieces of at most this many characters of a long line
_PIECES = re.compile(r"\S+\s*|\s+")
_SPACES = re.compile(r"\s+")
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, normalization="NFC",
                             explain=False)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty raw line after normalisation.

    ``text`` is stripped and normalised; ``runs`` map offsets in ``text`` to absolute raw offsets;
    ``para`` numbers the raw paragraph (blank-line separated block) the line belongs to; ``end`` is
    the raw offset just past the line's content.
    """

    text: str
    runs: tuple[Run, ...]
    para: int
    index: int
    end: int

    @property
    def start(self) -> int:
        """Raw offset of the line's first cleaned character."""
        return self.runs[0][1] if self.runs else self.end


def _align(raw: str, fixed: str, raw_base: int, clean_base: int) -> list[Run]:
    """Runs aligning ``fixed`` (a normalised ``raw``) with ``raw``; changed parts map to their source."""
    runs: list[Run] = []
    matcher = difflib.SequenceMatcher(None, raw, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            continue
        length = j2 - j1 if tag == "equal" else min(j2 - j1, i2 - i1)
        runs.append((clean_base + j1, raw_base + i1, length))
    return runs


def _fix(piece: str) -> str:
    text = ftfy.fix_text(piece, _FTFY)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text))


def normalise_line(raw: str, raw_base: int) -> tuple[str, list[Run]]:
    """Normalise one raw line (no newline inside); return the text and its runs (not stripped)."""
    if raw.isascii() and "  " not in raw and "\t" not in raw and "\r" not in raw:
        return raw, [(0, raw_base, len(raw))] if raw else []
    out: list[str] = []
    runs: list[Run] = []
    clean_pos = 0
    for chunk_start, chunk in _chunks(raw):
        fixed = _fix(chunk)
        if out and out[-1].endswith(" ") and fixed.startswith(" "):
            fixed = fixed[1:]
            chunk_start, chunk = chunk_start + 1, chunk[1:]
        if fixed == chunk:
            runs.append((clean_pos, raw_base + chunk_start, len(chunk)))
        else:
            runs.extend(_align(chunk, fixed, raw_base + chunk_start, clean_pos))
        out.append(fixed)
        clean_pos += len(fixed)
    return "".join(out), runs


def _chunks(raw: str) -> Iterable[tuple[int, str]]:
    """Split a line at whitespace into pieces of about ``_CHUNK`` characters (bounded diff cost)."""
    if len(raw) <= _CHUNK:
        yield 0, raw
        return
    start = 0
    pos = 0
    for m in _PIECES.finditer(raw):
        if m.end() - start > _CHUNK and pos > start:
            yield start, raw[start:pos]
            start = pos
        pos = m.end()
    if start < len(raw):
        yield start, raw[start:]


def _strip(text: str, runs: list[Run]) -> tuple[str, tuple[Run, ...]]:
    """Strip ``text`` and shift its runs accordingly."""
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    out: list[Run] = []
    for c, r, n in runs:
        lo, hi = max(c, left), min(c + n, right)
        if n == 0 and left <= c < right:
            out.append((c - left, r, 0))
        elif hi > lo:
            out.append((lo - left, r + (lo - c), hi - lo))
    return text[left:right], tuple(out)


def split_lines(raw: str) -> list[Line]:
    """Normalise ``raw`` line by line; blank lines are dropped but start a new paragraph."""
    lines: list[Line] = []
    para = 0
    pos = 0
    for piece in raw.split("\n"):
        text, runs = normalise_line(piece, pos)
        text, stripped = _strip(text, runs)
        if text:
            lines.append(Line(text=text, runs=stripped, para=para, index=len(lines),
                              end=pos + len(piece.rstrip())))
        elif lines and lines[-1].para == para:
            para += 1
        pos += len(piece) + 1
    return lines


def assemble(lines: Sequence[Line], raw_length: int) -> tuple[str, OffsetMap]:
    """Join kept lines (``\\n`` inside a paragraph, ``\\n\\n`` between) and build the offset map."""
    parts: list[str] = []
    segments: list[Run] = []
    pos = 0
    prev: Line | None = None
    for line in lines:
        if prev is not None:
            sep = "\n" if line.para == prev.para else "\n\n"
            segments.append((pos, min(prev.end, raw_length), 0))
            parts.append(sep)
            pos += len(sep)
        for c, r, n in line.runs:
            segments.append((pos + c, r, n))
        parts.append(line.text)
        pos += len(line.text)
        prev = line
    text = "".join(parts)
    return text, OffsetMap(segments=tuple(segments), clean_length=len(text), raw_length=raw_length)


def content_id(clean_text: str) -> str:
    """Content hash of a cleaned text: sha256 of its NFC, whitespace-collapsed, casefolded form.

    Returns the first 16 hex characters; texts differing only in case or spacing share an id.
    """
    norm = _SPACES.sub(" ", unicodedata.normalize("NFC", clean_text)).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]
