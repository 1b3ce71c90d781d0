"""The ingest pipeline, top to bottom: read -> clean -> (annotate -> extract -> resolve) -> store.

Each stage is a plain function or a small class from its own package; this module only wires them
together, batches store writes, and reports what happened to every input. It is the one place
where ingest and store meet, so the CLI, the REST API and the parallel runners share it.

Extraction runs in this process (an ``Extractor``) or on a pool (``eventwire.scale``: spawned
worker processes or Ray actors, each holding one loaded Extractor); either way this process reads,
skips stored articles before they are extracted, and writes each batch in one transaction, in
input order, so one writer suffices (SQLite) and a re-run resumes an interrupted one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO

from .clean import clean
from .errors import ConfigError, InputError
from .model import Article, ArticleResult, Document, IngestOutcome, Rejection
from .scale.shards import read_inputs
from .settings import Settings

if TYPE_CHECKING:
    from .extract import Extractor
    from .scale.workers import ExtractorPool
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
    pool: ExtractorPool | None = None,
    on_result: Callable[[ArticleResult, bool], None] | None = None,
) -> IngestSummary:
    """Ingest every input into ``store``; return what happened to each.

    Inputs are files, directories, URLs or ``-`` as :func:`eventwire.ingest.iter_documents` reads
    them, plus Parquet files (see :mod:`eventwire.scale.shards`). Articles already stored (same
    content id) are duplicates and cost nothing more: they are skipped before extraction. New
    articles are extracted — in this process by ``extractor``, or on ``pool``'s workers (local
    processes, Ray actors) when ``pool`` is given; with neither they are stored without extraction —
    and written in batches of ``batch_size``, each batch one transaction, in input order. So an
    interrupted run leaves whole batches behind and re-running it completes the rest without
    duplicates and without extracting any stored article again.

    ``on_outcome`` is called once per input item (new, duplicate or rejected) as soon as its fate
    is known; ``on_result`` with every extracted result after its batch is stored, and whether
    its article was new (False: another writer stored it first).
    """
    return ingest_documents(read_inputs(inputs, settings, stdin=stdin), store, extractor=extractor,
                            batch_size=batch_size, on_outcome=on_outcome, pool=pool, on_result=on_result)


def ingest_documents(
    items: Iterable[Document | Rejection],
    store: Store,
    *,
    extractor: Extractor | None = None,
    batch_size: int = 32,
    on_outcome: Callable[[IngestOutcome], None] | None = None,
    pool: ExtractorPool | None = None,
    on_result: Callable[[ArticleResult, bool], None] | None = None,
) -> IngestSummary:
    """:func:`ingest` over documents already read (a reader's Documents and Rejections, in order)."""
    if pool is not None and extractor is not None:
        raise ConfigError("ingest: give either an extractor or a pool, not both")
    summary = IngestSummary()
    in_flight: set[str] = set()

    def report(outcome: IngestOutcome) -> None:
        if outcome.status == "new":
            summary.new += 1
        elif outcome.status == "duplicate":
            summary.duplicate += 1
        else:
            summary.rejected.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    def batches() -> Iterator[list[Article]]:
        """Batches of articles to extract; rejections and stored articles are reported on the way."""
        pending: list[Article] = []
        for item in clean_documents(items):
            if isinstance(item, Rejection):
                store.record_rejection(item.source, item.reason, item.line)
                report(IngestOutcome(source=item.source, status="rejected", reason=str(item), at=_now()))
                continue
            if item.id in in_flight or store.has_article(item.id):
                report(IngestOutcome(source=item.source, article_id=item.id, status="duplicate", at=_now()))
                continue
            pending.append(item)
            in_flight.add(item.id)
            if len(pending) >= batch_size:
                yield pending
                pending = []
        if pending:
            yield pending

    def write(results: list[ArticleResult]) -> None:
        stored = store.add_results(results)
        for result, is_new in zip(results, stored, strict=True):
            in_flight.discard(result.article.id)
            summary.events += len(result.mentions) if is_new else 0
            summary.claims += len(result.claims) if is_new else 0
            summary.warnings.extend(f"{result.article.source}: {w}" for w in result.warnings)
            if on_result is not None:
                on_result(result, is_new)
            report(IngestOutcome(source=result.article.source, article_id=result.article.id,
                                 status="new" if is_new else "duplicate", at=_now()))

    if pool is None:
        extracted: Iterator[list[ArticleResult]] = (_extract(b, extractor) for b in batches())
    else:
        extracted = pool.map_batches(batches())
    # closing() stops a pool's queued batches at once when a write or a callback raises
    with closing(extracted):  # type: ignore[type-var]
        for results in extracted:
            write(results)
    return summary


def _extract(articles: list[Article], extractor: Extractor | None) -> list[ArticleResult]:
    if extractor is None:
        return [ArticleResult(article=a) for a in articles]
    return list(extractor.extract_many(articles))


def _now() -> datetime:
    return datetime.now(UTC)
