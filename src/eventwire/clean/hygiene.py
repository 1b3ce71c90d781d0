"""Unicode hygiene with offset bookkeeping: raw text -> normalised lines -> cleaned text + OffsetMap.

Each raw line is repaired with ftfy (mojibake, odd widths and ligatures; curly quotes and dashes
are kept, since they are readable and keep offsets one-to-one), NBSP and other odd spaces become
plain spaces, whitespace runs collapse to one space, and the result is NFC. Where a line changed,
``difflib`` aligns it with the raw line so every cleaned character keeps a raw position.

The offset bookkeeping is hand-written because no library maps a filtered, re-joined text back to
its source; it is kept to runs of ``(clean_start, raw_start, length)`` as :class:`OffsetMap` wants.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import ftfy

from ..model import OffsetMap

Run = tuple[int, int, int]  # (clean offset, raw offset, length)

_WORD = re.compile(r"\S+")
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")  # CRLF, old Mac CR and LF line ends
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
    """Runs aligning ``fixed`` (a normalised ``raw``) with ``raw``; changed parts map to their source.

    ftfy's repairs stay inside words, so when both sides have the same number of space-separated
    words only the changed words are diffed (difflib on a whole long line is far slower).
    """
    raw_words, fixed_words = raw.split(" "), fixed.split(" ")
    if len(raw_words) != len(fixed_words):
        return _diff(raw, fixed, raw_base, clean_base)
    runs: list[Run] = []
    r, c = raw_base, clean_base
    for k, (a, b) in enumerate(zip(raw_words, fixed_words, strict=True)):
        space = 1 if k < len(raw_words) - 1 else 0
        if a == b:
            if a or space:
                runs.append((c, r, len(a) + space))
        else:
            runs.extend(_diff(a, b, r, c))
            if space:
                runs.append((c + len(b), r + len(a), 1))
        r += len(a) + space
        c += len(b) + space
    return runs


def _diff(raw: str, fixed: str, raw_base: int, clean_base: int) -> list[Run]:
    """Character alignment of ``fixed`` with ``raw`` by difflib."""
    runs: list[Run] = []
    matcher = difflib.SequenceMatcher(None, raw, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            continue
        length = j2 - j1 if tag == "equal" else min(j2 - j1, i2 - i1)
        if length:
            runs.append((clean_base + j1, raw_base + i1, length))
        if j2 - j1 > length:  # extra cleaned characters ("ﬁ" -> "fi") map to the last source one
            runs.append((clean_base + j1 + length, raw_base + max(i2 - 1, 0), 0))
    return runs


# Unicode spaces (NBSP, thin, ideographic, ...) and tabs become plain spaces one for one, so this
# step never moves an offset.
_ODD_SPACES = re.compile("[\t\x0b\x0c\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# ftfy costs ~0.2 ms a line, so it only sees text it could change: a UTF-8 lead byte read as
# Latin-1/cp1252 followed by a continuation byte (mojibake), control characters, ligatures,
# full-width forms, lone surrogates; text that is not NFC also goes through it.
_NEEDS_FTFY = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\x00-\x08\x0e-\x1f\x7f-\x9f\ufb00-\ufb06\uff01-\uffef\ud800-\udfff]")
_EXTRA_SPACES = re.compile(r"(?<= ) +")


def _collapse(text: str, runs: list[Run]) -> tuple[str, list[Run]]:
    """Drop every space that follows a space, cutting the runs around the dropped characters."""
    gaps = [(m.start(), m.end()) for m in _EXTRA_SPACES.finditer(text)]
    if not gaps:
        return text, runs
    starts = [g0 for g0, _ in gaps]
    cumulative = [0]
    for g0, g1 in gaps:
        cumulative.append(cumulative[-1] + g1 - g0)

    def shifted(p: int) -> int:
        k = bisect.bisect_left(starts, p)  # gaps[:k] start before p
        removed = cumulative[k] - (max(0, gaps[k - 1][1] - p) if k else 0)
        return p - removed

    out: list[Run] = []
    for c, r, n in runs:
        if n == 0:
            out.append((shifted(c), r, 0))
            continue
        pos, end = c, c + n
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and gaps[k][1] > pos:
            pos = gaps[k][1]
        k += 1
        while pos < end:
            stop = min(end, gaps[k][0]) if k < len(gaps) else end
            if stop > pos:
                out.append((shifted(pos), r + (pos - c), stop - pos))
            pos = stop
            if k < len(gaps) and pos == gaps[k][0]:
                pos = gaps[k][1]
                k += 1
    kept, pos = [], 0
    for g0, g1 in gaps:
        kept.append(text[pos:g0])
        pos = g1
    kept.append(text[pos:])
    return "".join(kept), out


def normalise_line(raw: str, raw_base: int) -> tuple[str, list[Run]]:
    """Normalise one raw line (no newline inside); return the text and its runs (not stripped).

    ftfy sees only the words around characters it could change (plus a neighbouring word for
    context), which keeps a megabyte of mojibake-ridden text to a few seconds.
    """
    if raw.isascii() and "  " not in raw and "\t" not in raw and "\r" not in raw:
        return raw, [(0, raw_base, len(raw))] if raw else []
    text = raw  # odd spaces are replaced after ftfy, which needs them to undo "Â\xa0" mojibake
    out: list[str] = []
    runs: list[Run] = []
    pos = clean_pos = 0
    for a, b in _windows(text):
        if a > pos:
            runs.append((clean_pos, raw_base + pos, a - pos))
            out.append(text[pos:a])
            clean_pos += a - pos
        piece = text[a:b]
        fixed = ftfy.fix_text(piece, _FTFY)
        if fixed == piece:
            runs.append((clean_pos, raw_base + a, len(piece)))
        else:
            runs.extend(_align(piece, fixed, raw_base + a, clean_pos))
        out.append(fixed)
        clean_pos += len(fixed)
        pos = b
    if pos < len(text):
        runs.append((clean_pos, raw_base + pos, len(text) - pos))
        out.append(text[pos:])
    return _collapse(_ODD_SPACES.sub(" ", "".join(out)), runs)


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged spans of the words ftfy might change, each widened by one word on either side."""
    spots = [m.start() for m in _NEEDS_FTFY.finditer(text)]
    if not unicodedata.is_normalized("NFC", text):
        spots += [m.start() for m in _WORD.finditer(text)
                  if not unicodedata.is_normalized("NFC", m.group(0))]
    windows: list[tuple[int, int]] = []
    for spot in sorted(spots):
        a = text.rfind(" ", 0, max(0, text.rfind(" ", 0, spot))) + 1
        b = text.find(" ", text.find(" ", spot) + 1) if text.find(" ", spot) >= 0 else -1
        b = len(text) if b < 0 else b
        if windows and a <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], max(windows[-1][1], b))
        else:
            windows.append((a, b))
    return windows


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
    for m in _LINE.finditer(raw):
        piece, pos = m.group(1), m.start()
        text, runs = normalise_line(piece, pos)
        text, stripped = _strip(text, runs)
        if text:
            lines.append(Line(text=text, runs=stripped, para=para, index=len(lines),
                              end=pos + len(piece.rstrip())))
        elif lines and lines[-1].para == para:
            para += 1
        if m.end() == len(raw):
            break
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
