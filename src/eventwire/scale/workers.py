"""Extraction on several local processes: a pool whose every worker holds one loaded Extractor.

Loading an :class:`~eventwire.extract.Extractor` takes seconds (spaCy pipeline plus the gazetteer's
entity ruler) and hundreds of MiB, so each worker process loads one when it starts and keeps it for
every batch. Workers are started with the ``spawn`` context: a fork of a parent that already holds
threads or a database connection is not safe, and spawn behaves the same on every platform.

The parent sends batches of cleaned Articles (it has them anyway: it needs their content ids to skip
stored articles before sending them) and gets back only what extraction adds — mentions, claims,
warnings — which it joins to its own Article, so no article crosses the process boundary twice.
Results come back in submission order, with a bounded number of batches in flight, so memory stays
flat on inputs of any size and the store sees the same writes in the same order as one process.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import resource
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Protocol

from ..errors import ConfigError, WorkerError
from ..model import Article, ArticleResult, Claim, EventMention

log = logging.getLogger(__name__)

#: What a worker sends back per article: mentions, claims, warnings (the parent owns the Article).
Extraction = tuple[tuple[EventMention, ...], tuple[Claim, ...], tuple[str, ...]]


class BatchExtractor(Protocol):
    """Anything with ``extract_many`` like :class:`~eventwire.extract.Extractor` (e.g. a baseline)."""

    def extract_many(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[ArticleResult]: ...


class ExtractorPool(Protocol):
    """An engine that extracts batches elsewhere (processes, a Ray cluster) and yields them in order."""

    workers: int

    def map_batches(self, batches: Iterable[list[Article]]) -> Iterator[list[ArticleResult]]: ...


def make_extractor(mode: str | None = None) -> BatchExtractor:
    """An Extractor in ``mode`` (``cascade`` or ``thorough``; None: the ``extract_mode`` setting).

    ConfigError for an unknown mode.
    """
    from ..extract import Extractor

    return Extractor(mode=mode)


def peak_rss_mib() -> float:
    """This process's peak resident set size in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def default_workers() -> int:
    """The default worker count: the CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def join(articles: list[Article], extractions: list[Extraction]) -> list[ArticleResult]:
    """Rebuild ArticleResults from the parent's Articles and a worker's extractions (same order)."""
    if len(articles) != len(extractions):
        raise WorkerError(f"worker returned {len(extractions)} results for {len(articles)} articles")
    return [ArticleResult(article=a, mentions=m, claims=c, warnings=w)
            for a, (m, c, w) in zip(articles, extractions, strict=True)]


def extractions_of(extractor: BatchExtractor, articles: list[Article], batch_size: int) -> list[Extraction]:
    """What a worker sends back for ``articles``: per article (mentions, claims, warnings)."""
    return [(r.mentions, r.claims, r.warnings) for r in extractor.extract_many(articles, batch_size=batch_size)]


@dataclass(slots=True)
class _Reply:
    pid: int
    peak_rss_mib: float
    extractions: list[Extraction]


_worker_extractor: BatchExtractor | None = None


def _init_worker(factory: Callable[[], BatchExtractor], log_level: int) -> None:
    global _worker_extractor
    logging.basicConfig(level=log_level, format=f"[worker {os.getpid()}] %(levelname)s %(name)s: %(message)s")
    _worker_extractor = factory()


def _extract_batch(articles: list[Article], batch_size: int) -> _Reply:
    if _worker_extractor is None:  # cannot happen: a failing initializer breaks the pool first
        raise WorkerError("worker has no extractor")
    return _Reply(pid=os.getpid(), peak_rss_mib=peak_rss_mib(),
                  extractions=extractions_of(_worker_extractor, articles, batch_size))


class WorkerPool:
    """``workers`` spawned processes, each with one extractor made by ``factory`` when it starts.

    Use as a context manager. ``factory`` must be picklable (a module-level function or a
    ``functools.partial`` of one); default: :func:`make_extractor` with ``mode``. ``in_flight``
    batches per worker are queued ahead so no worker waits for the parent.
    """

    def __init__(self, workers: int, *, mode: str | None = None,
                 factory: Callable[[], BatchExtractor] | None = None, batch_size: int = 32,
                 in_flight: int = 2) -> None:
        if workers < 1:
            raise ConfigError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.batch_size = batch_size
        self._ahead = max(1, in_flight) * workers
        self._factory: Callable[[], BatchExtractor] = factory if factory is not None else partial(make_extractor, mode)
        self._peaks: dict[int, float] = {}
        self._executor: ProcessPoolExecutor | None = None
        self._local: BatchExtractor | None = None  # made on first single-batch run, then kept

    def map_batches(self, batches: Iterable[list[Article]]) -> Iterator[list[ArticleResult]]:
        """Extract every batch on the workers; yield each batch's results in submission order.

        Workers start with the first run that has two batches or more; a run of a single batch
        (before any worker started) is extracted in this process, since starting ``workers``
        extractors would cost more than it saves. If the consumer stops early (an exception, a
        closed generator), batches not yet started are cancelled and the pool stays usable.
        """
        todo = (b for b in batches if b)
        first = next(todo, None)
        if first is None:
            return
        second = next(todo, None)
        if second is None and self._executor is None:
            log.info("one batch only: extracting in this process")
            if self._local is None:
                self._local = self._factory()
            yield join(first, extractions_of(self._local, first, self.batch_size))
            return
        executor = self._start()
        pending: deque[tuple[list[Article], Future[_Reply]]] = deque()
        try:
            for batch in itertools.chain([first], [] if second is None else [second], todo):
                pending.append((batch, executor.submit(_extract_batch, batch, self.batch_size)))
                while len(pending) >= self._ahead:
                    yield self._collect(*pending.popleft())
            while pending:
                yield self._collect(*pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()

    def _start(self) -> ProcessPoolExecutor:
        if self._executor is None:
            log.info("starting %d extraction workers", self.workers)
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker, initargs=(self._factory, logging.getLogger().getEffectiveLevel()))
        return self._executor

    def _collect(self, batch: list[Article], future: Future[_Reply]) -> list[ArticleResult]:
        try:
            reply = future.result()
        except BrokenProcessPool as e:
            raise WorkerError("an extraction worker died (out of memory, killed, or its extractor failed "
                              "to load; run with -v for the worker's log)") from e
        self._peaks[reply.pid] = max(self._peaks.get(reply.pid, 0.0), reply.peak_rss_mib)
        return join(batch, reply.extractions)

    def peak_rss_mib(self) -> dict[int, float]:
        """Peak RSS (MiB) of every worker that returned a batch, by process id."""
        return dict(self._peaks)

    def close(self) -> None:
        """Stop the workers (batches not started are cancelled); the pool may start again later."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
