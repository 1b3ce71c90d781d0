"""Plain-text articles: strict UTF-8 decoding with precise reasons for what is not text.

The decoded text is kept exactly as in the input (a leading BOM aside); cleaning happens later in
``eventwire.clean``.
"""

from __future__ import annotations

from ..errors import BinaryInputError, EmptyInputError, EncodingError
from ..model import Document, Metadata

_BOM = b"\xef\xbb\xbf"
# Checked before the binary test: UTF-16/32 text is full of NUL bytes but deserves a clearer reason.
_OTHER_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)
# Bytes that never occur in prose: C0 controls other than tab, newline, vertical tab, form feed and
# carriage return, plus DEL. A share above this fraction of a sample marks binary input.
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D} | {0x7F}
_BINARY_CONTROL_SHARE = 0.05
_BINARY_SAMPLE = 8192


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is evidently not text: it holds a NUL byte, or many control bytes.

    Only the first ``_BINARY_SAMPLE`` bytes are inspected for control bytes, so the test is cheap on
    large inputs; NUL is searched in the whole buffer (``bytes.find`` is fast).
    """
    if b"\x00" in data:
        return True
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls / len(sample) > _BINARY_CONTROL_SHARE


def decode_utf8(data: bytes, source: str) -> str:
    """Decode ``data`` as strict UTF-8 (a leading BOM is dropped).

    Raises ``EmptyInputError`` when there is nothing but whitespace, ``BinaryInputError`` for binary
    data and ``EncodingError`` naming the byte offset of the first invalid sequence.
    """
    body = data.removeprefix(_BOM)
    if not body.strip():
        raise EmptyInputError(source, "empty file" if not body else "file holds only whitespace")
    for bom, encoding in _OTHER_BOMS:
        if body.startswith(bom):
            raise EncodingError(source, f"{encoding} byte-order mark at byte offset 0: text must be UTF-8")
    if looks_binary(body):
        raise BinaryInputError(source, "binary data, not text (NUL or control bytes)")
    try:
        return body.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        offset = e.start + (len(data) - len(body))
        bad = data[offset:offset + 4].hex(" ")
        raise EncodingError(source, f"invalid UTF-8 at byte offset {offset} (bytes {bad}): {e.reason}") from e


def read_text(data: bytes, *, name: str, source: str, meta: Metadata | None = None) -> Document:
    """One plain-text ``Document`` from the bytes of a text file (see ``decode_utf8`` for errors)."""
    text = decode_utf8(data, source)
    return Document(name=name, source=source, fmt="text", raw_text=text, meta=meta or Metadata())
