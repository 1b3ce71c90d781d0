"""Spreadsheet-safe CSV cells: text that a spreadsheet would run as a formula is neutralised.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula ("CSV injection"); article text and actor names come from
outside, so an exported quote like ``=HYPERLINK(...)`` must not run. Following the OWASP advice,
such a text cell gets a leading apostrophe (shown by no spreadsheet, visible only in raw CSV).
Numbers, and text that is a plain number such as ``-3.25``, are left as they are. Hand-written:
the standard ``csv`` module has no such option and no maintained library does only this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a ``'`` in front when it is text a spreadsheet would run as a formula."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value  # a signed number written as text


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return {k: safe_cell(v) for k, v in row.items()}
