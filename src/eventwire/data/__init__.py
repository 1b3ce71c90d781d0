"""Versioned lexicons and mappings (TOML), read through one function so every data file fails the
same way: a :class:`~eventwire.errors.LexiconError` naming the file. Each owning module parses and
validates its file's content and caches the result."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import LexiconError


def read_toml(name: str, path: Path | None = None) -> dict[str, Any]:
    """Parse the packaged data file ``name`` (or the file at ``path`` instead)."""
    try:
        if path is not None:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LexiconError(f"data/{name}{f' ({path})' if path else ''}: cannot read: {e}") from e
