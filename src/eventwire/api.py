"""The Python API: the same operations as the CLI, as plain functions.

    >>> from eventwire import api
    >>> result = api.extract_text("KYIV, May 3 (Test Wire) — Shelling killed two civilians ...")
    >>> [(c.outcome, c.low, c.claimant.name) for c in result.claims]

Heavy resources (the spaCy pipeline, the gazetteer) load on first use and are cached per process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from .clean import clean
from .model import ArticleResult, Document, Metadata
from .settings import load_settings

if TYPE_CHECKING:
    from .extract import Extractor
    from .pipeline import IngestSummary
    from .store import Store


@lru_cache(maxsize=1)
def extractor() -> Extractor:
    """The process-wide extractor (loads the spaCy pipeline and gazetteer once)."""
    from .extract import Extractor

    return Extractor()


def extract_text(text: str, *, name: str = "text", **meta: str | None) -> ArticleResult:
    """Clean and extract one article given as a string; ``meta`` may hold the Metadata fields
    (title, url, outlet, published as YYYY-MM-DD, byline, language, id)."""
    doc = Document(name=name, source=name, fmt="text", raw_text=text, meta=Metadata(**meta))
    return extractor().extract(clean(doc))


def open_store(db: str | None = None) -> Store:
    """Open (and migrate) the store at ``db`` (default: the ``db`` setting)."""
    from .store import Store

    return Store.open(db or load_settings(os.environ).db)


def ingest(inputs: Iterable[str], *, db: str | None = None, extract: bool = True) -> IngestSummary:
    """Ingest files, folders or URLs into the store at ``db``; see ``eventwire ingest``."""
    from .pipeline import ingest as run

    settings = load_settings(os.environ, db=db)
    with open_store(settings.db) as store:
        return run(list(inputs), store, settings, extractor=extractor() if extract else None)
