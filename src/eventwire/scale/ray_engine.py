"""Extraction on a Ray cluster: actors that each hold one loaded Extractor, driven by the ingest pipeline.

The driver (the process running ``eventwire ingest --engine ray``) reads the input shards, cleans
the articles, skips those already stored, sends batches to the actors, writes each batch of results
into the store in one transaction, and, with ``--output DIR``, writes Parquet shards of articles,
mentions and claims, one per input shard (see :mod:`eventwire.scale.parquet`). Fusion
(``eventwire.fuse.service.fuse_store``) runs after the ingest, as with the local engine. Only
extraction — the expensive part — runs on the cluster, so inputs and output folder need only be
reachable from the driver, and nothing but the articles and their extractions crosses the network.

Pointing it at a cluster:

- On a node of a running cluster (``ray start --head`` on the head, ``ray start --address=HEAD:6379``
  on the others): ``eventwire --db postgresql://… ingest --engine ray --address auto shards/``.
- From outside the cluster, through Ray Client (the head listens on port 10001 by default):
  ``eventwire ingest --engine ray --address ray://head.example:10001 shards/``.
- ``--address HOST:PORT`` names the head's GCS port directly (what ``ray start --head --port``
  printed), as the tests do with a local cluster.

eventwire (same version, with the ``ray`` extra: ``pip install 'eventwire[ray]'``) must be
installed in the Python environment of every node, since actors import it to load the Extractor.
Each actor reserves one CPU; ``--workers`` actors are started (default: every CPU of the cluster).
The store is written by the driver alone, so SQLite works; use PostgreSQL when several drivers (or
other writers) share one store.
"""

from __future__ import annotations

import logging
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import ConfigError
from ..model import Article, ArticleResult, IngestOutcome
from ..pipeline import IngestSummary
from ..settings import Settings
from .parquet import ingest_shards
from .workers import BatchExtractor, Extraction, WorkerError, extractions_of, join, make_extractor, peak_rss_mib

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as e:
        raise ConfigError("the Ray engine needs Ray: pip install 'eventwire[ray]'") from e
    return ray


#: Seconds to wait for a TCP connection to an explicit cluster address before giving up.
CONNECT_TIMEOUT = 10.0


def _check_reachable(address: str) -> None:
    """ConfigError at once when an explicit ``host:port`` (or ``ray://host:port``) does not answer.

    ray.init itself retries an unreachable address for minutes, which helps no one who mistyped it.
    """
    target = address.removeprefix("ray://")
    host, sep, port = target.rpartition(":")
    if address == "auto" or not sep or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as e:
        raise ConfigError(f"no Ray cluster answers at {address!r}: {e.strerror or e}") from e


class _ExtractorActor:
    """Body of the Ray actor: loads one extractor at start, then extracts batch after batch."""

    def __init__(self, factory: Callable[[], BatchExtractor], batch_size: int) -> None:
        import os

        self.pid = os.getpid()
        self.batch_size = batch_size
        self.extractor = factory()

    def extract(self, articles: list[Article]) -> tuple[int, float, list[Extraction]]:
        return self.pid, peak_rss_mib(), extractions_of(self.extractor, articles, self.batch_size)


class RayPool:
    """``workers`` Ray actors (default: one per CPU of the cluster), each holding one extractor.

    Connects to the cluster at ``address`` (``auto``, ``ray://host:10001`` or ``host:port``) and
    disconnects on :meth:`close`; the cluster itself keeps running. Implements the ExtractorPool
    protocol of :mod:`eventwire.scale.workers`, so :func:`eventwire.pipeline.ingest` accepts it.
    """

    def __init__(self, workers: int | None = None, *, address: str = "auto", mode: str | None = None,
                 factory: Callable[[], BatchExtractor] | None = None, batch_size: int = 32,
                 in_flight: int = 2) -> None:
        ray = self._ray = _import_ray()
        if workers is not None and workers < 1:
            raise ConfigError(f"workers must be at least 1, not {workers}")
        _check_reachable(address)
        try:
            ray.init(address=address, logging_level=logging.WARNING,
                     log_to_driver=log.isEnabledFor(logging.INFO))
        except (ConnectionError, ValueError, RuntimeError) as e:
            raise ConfigError(f"cannot connect to the Ray cluster at {address!r}: {e}") from e
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = workers if workers is not None else max(1, cpus)
        if self.workers > cpus:
            log.warning("%d actors asked for, the cluster has %d CPUs: some will wait", self.workers, cpus)
        self.batch_size = batch_size
        self._ahead = max(1, in_flight)
        self._peaks: dict[str, float] = {}
        remote = ray.remote(num_cpus=1)(_ExtractorActor)
        chosen = factory if factory is not None else partial(make_extractor, mode)
        self._actors = [remote.remote(chosen, batch_size) for _ in range(self.workers)]
        log.info("started %d extractor actors on %s", self.workers, address)

    def map_batches(self, batches: Iterable[list[Article]]) -> Iterator[list[ArticleResult]]:
        """Extract every batch on the actors; yield each batch's results in submission order.

        A batch goes to the actor with the fewest batches outstanding; each actor has at most
        ``in_flight`` batches queued. If the consumer stops early, queued batches are cancelled.
        """
        ray = self._ray
        load = [0] * len(self._actors)
        pending: deque[tuple[list[Article], int, Any]] = deque()
        try:
            for batch in (b for b in batches if b):
                while pending and min(load) >= self._ahead:
                    yield self._collect(*pending.popleft(), load)
                k = min(range(len(load)), key=load.__getitem__)
                load[k] += 1
                pending.append((batch, k, self._actors[k].extract.remote(batch)))
            while pending:
                yield self._collect(*pending.popleft(), load)
        finally:
            for _, _, ref in pending:
                ray.cancel(ref)

    def _collect(self, batch: list[Article], actor: int, ref: Any, load: list[int]) -> list[ArticleResult]:
        try:
            pid, rss, extractions = self._ray.get(ref)
        except self._ray.exceptions.RayError as e:
            raise WorkerError(f"Ray extraction actor {actor} failed: {e}") from e
        load[actor] -= 1
        key = f"actor-{actor}:pid-{pid}"
        self._peaks[key] = max(self._peaks.get(key, 0.0), float(rss))
        return join(batch, extractions)

    def peak_rss_mib(self) -> dict[str, float]:
        """Peak RSS (MiB) of every actor that returned a batch, keyed ``actor-<n>:pid-<pid>``."""
        return dict(self._peaks)

    def close(self) -> None:
        """Stop the actors and disconnect from the cluster (which keeps running)."""
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []
        self._ray.shutdown()

    def __enter__(self) -> RayPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


@dataclass(slots=True)
class RayRun:
    """What :func:`run_ray` did: the ingest summary, Parquet rows per shard, actors and their RSS."""

    summary: IngestSummary
    workers: int
    shards: dict[str, dict[str, int]] = field(default_factory=dict)
    peak_rss_mib: dict[str, float] = field(default_factory=dict)


def run_ray(inputs: Iterable[str], store: Store, settings: Settings, *, address: str = "auto",
            workers: int | None = None, output: Path | None = None, mode: str | None = None,
            batch_size: int = 32, stdin: BinaryIO | None = None,
            on_outcome: Callable[[IngestOutcome], None] | None = None,
            factory: Callable[[], BatchExtractor] | None = None) -> RayRun:
    """Ingest ``inputs`` with extraction on Ray actors; with ``output``, write Parquet shards there.

    Inputs are expanded into shards (:func:`eventwire.scale.shards.list_shards`); everything else is
    :func:`eventwire.pipeline.ingest`'s contract: stored articles are skipped before extraction,
    each batch is one store transaction, a re-run resumes. Fusion is left to the caller.
    """
    with RayPool(workers, address=address, mode=mode, factory=factory, batch_size=batch_size) as pool:
        summary, written = ingest_shards(inputs, store, settings, output=output, pool=pool, batch_size=batch_size,
                                         stdin=stdin, on_outcome=on_outcome)
        peaks = pool.peak_rss_mib()
    return RayRun(summary=summary, workers=pool.workers, shards=written, peak_rss_mib=peaks)


__all__ = ["RayPool", "RayRun", "run_ray"]
