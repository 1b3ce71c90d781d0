"""The ingest pipeline, top to bottom: read -> clean -> (annotate -> extract -> resolve) -> store.

Each stage is a plain function or a small class from its own package; this module only wires them
together, batches store writes, and reports what happened to every input. It is the one place
where ingest and store meet, so the CLI, the REST API and the parallel runners share it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO

from .clean import clean
from .errors import InputError
from .ingest import iter_documents
from .model import Article, ArticleResult, Document, IngestOutcome, Rejection
from .settings import Settings

if TYPE_CHECKING:
    from .extract import Extractor
    from .store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestSummary:
    """Counts and per-input outcomes of one ingest run (mutable: it is filled as the run goes)."""

    new: int = 0
    duplicate: int = 0
    rejected: list[IngestOutcome] = field(default_factory=list)
    events: int = 0
    claims: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.new + self.duplicate + len(self.rejected)


def clean_documents(
    items: Iterable[Document | Rejection],
) -> Iterator[Article | Rejection]:
    """Clean every document; a document the cleaner cannot use becomes a Rejection."""
    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            yield clean(item)
        except InputError as e:
            yield Rejection(source=e.source or item.source, reason=e.reason, line=e.line)


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    extractor: Extractor | None = None,
    stdin: BinaryIO | None = None,
    batch_size: int = 32,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest every input into ``store``; return what happened to each.

    Articles already stored (same content id) are duplicates and cost nothing more. New articles
    are extracted (unless ``extractor`` is None) and written in batches, each batch one
    transaction, so an interrupted run leaves whole batches behind and re-running it completes
    the rest without duplicates.
    """
    summary = IngestSummary()
    pending: list[Article] = []
    seen_in_batch: set[str] = set()

    def report(outcome: IngestOutcome) -> None:
        if outcome.status == "new":
            summary.new += 1
        elif outcome.status == "duplicate":
            summary.duplicate += 1
        else:
            summary.rejected.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    def flush() -> None:
        if not pending:
            return
        results = _extract(pending, extractor)
        stored = store.add_results(results)
        for result, is_new in zip(results, stored, strict=True):
            summary.events += len(result.mentions) if is_new else 0
            summary.claims += len(result.claims) if is_new else 0
            summary.warnings.extend(f"{result.article.source}: {w}" for w in result.warnings)
            report(IngestOutcome(source=result.article.source, article_id=result.article.id,
                                 status="new" if is_new else "duplicate", at=_now()))
        pending.clear()
        seen_in_batch.clear()

    for item in clean_documents(iter_documents(inputs, settings, stdin=stdin)):
        if isinstance(item, Rejection):
            store.record_rejection(item.source, item.reason, item.line)
            report(IngestOutcome(source=item.source, status="rejected", reason=str(item), at=_now()))
            continue
        if item.id in seen_in_batch or store.has_article(item.id):
            report(IngestOutcome(source=item.source, article_id=item.id, status="duplicate", at=_now()))
            continue
        pending.append(item)
        seen_in_batch.add(item.id)
        if len(pending) >= batch_size:
            flush()
    flush()
    return summary


def _extract(articles: list[Article], extractor: Extractor | None) -> list[ArticleResult]:
    if extractor is None:
        return [ArticleResult(article=a) for a in articles]
    return list(extractor.extract_many(articles))


def _now() -> datetime:
    return datetime.now(UTC)
