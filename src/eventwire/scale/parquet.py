"""Extraction results as Parquet shards: one file per input shard for articles, mentions and claims.

Layout under the output folder (each sub-folder is one Parquet dataset, readable as a whole with
``pyarrow.dataset.dataset(out / "mentions")`` or ``ray.data.read_parquet``)::

    articles/<shard>.parquet   one row per article (id, name, source, published, outlet, ...)
    mentions/<shard>.parquet   one row per event mention (type, dates, actors, places, evidence)
    claims/<shard>.parquet     one row per casualty claim (figures, victim, claimant, quote)

``<shard>`` is the input shard's file name (without extensions) with a short hash of its full path (two shards named
``part-0.jsonl`` in different folders do not collide). A shard's files are written once every
item of the shard has been ingested; articles that were already stored are read back from the
store, so a resumed run still writes complete shards. Rows hold raw-text offsets, so every value
still points at its evidence.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import NotFoundError
from ..model import Actor, ArticleResult, Document, IngestOutcome, Rejection
from ..pipeline import IngestSummary, ingest_documents
from ..settings import Settings
from .shards import list_shards, read_shard

if TYPE_CHECKING:
    import pyarrow as pa

    from ..extract import Extractor
    from ..store import Store
    from .workers import ExtractorPool

log = logging.getLogger(__name__)

TABLES: tuple[str, ...] = ("articles", "mentions", "claims")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def article_rows(result: ArticleResult) -> list[dict[str, Any]]:
    """The one ``articles`` row of ``result``."""
    a = result.article
    return [{"article_id": a.id, "name": a.name, "source": a.source, "format": a.fmt,
             "published": a.published, "outlet": a.outlet, "byline": a.byline, "title": a.title,
             "url": a.url, "language": a.language, "words": len(a.text.split()),
             "mentions": len(result.mentions), "claims": len(result.claims)}]


def mention_rows(result: ArticleResult) -> list[dict[str, Any]]:
    """One ``mentions`` row per event mention of ``result``."""
    out = []
    for m in result.mentions:
        first = next((p for p in m.places if p.lat is not None), None)
        out.append({
            "mention_id": m.id, "article_id": m.article_id, "type": m.type, "mode": m.mode,
            "date_start": m.date.start, "date_end": m.date.end, "precision": m.date.precision,
            "countries": list(m.countries), "agents": _names(m.agents), "targets": _names(m.targets),
            "places": [p.name for p in m.places], "geonameids": [p.geonameid for p in m.places],
            "latitude": first.lat if first else None, "longitude": first.lon if first else None,
            "flags": sorted(m.flags), "quote": m.span.text, "quote_start": m.span.start,
            "quote_end": m.span.end, "extractor": m.extractor,
        })
    return out


def claim_rows(result: ArticleResult) -> list[dict[str, Any]]:
    """One ``claims`` row per casualty claim of ``result``."""
    return [{
        "claim_id": c.id, "article_id": c.article_id, "mention_id": c.event_id, "outcome": c.outcome,
        "low": c.low, "high": c.high, "qualifier": c.qualifier, "victim_country": c.victim_country,
        "victim_kind": c.victim_kind, "claimant": c.claimant.text, "claimant_country": c.claimant_country,
        "as_of": c.as_of, "cumulative": c.cumulative, "flags": sorted(c.flags), "quote": c.span.text,
        "quote_start": c.span.start, "quote_end": c.span.end, "extractor": c.extractor,
    } for c in result.claims]


def _names(actors: tuple[Actor, ...]) -> list[str]:
    return list(dict.fromkeys(a.name or a.text for a in actors))


def schema(table: str) -> pa.Schema:
    """The Arrow schema of ``table`` (one of TABLES); fixed, so empty shards have typed columns."""
    import pyarrow as pa

    s, i, f, d, b, ls = pa.string(), pa.int64(), pa.float64(), pa.date32(), pa.bool_(), pa.list_(pa.string())
    columns: dict[str, list[tuple[str, pa.DataType]]] = {
        "articles": [("article_id", s), ("name", s), ("source", s), ("format", s), ("published", d),
                     ("outlet", s), ("byline", s), ("title", s), ("url", s), ("language", s), ("words", i),
                     ("mentions", i), ("claims", i)],
        "mentions": [("mention_id", s), ("article_id", s), ("type", s), ("mode", s), ("date_start", d),
                     ("date_end", d), ("precision", s), ("countries", ls), ("agents", ls), ("targets", ls),
                     ("places", ls), ("geonameids", pa.list_(i)), ("latitude", f), ("longitude", f),
                     ("flags", ls), ("quote", s), ("quote_start", i), ("quote_end", i), ("extractor", s)],
        "claims": [("claim_id", s), ("article_id", s), ("mention_id", s), ("outcome", s), ("low", i),
                   ("high", i), ("qualifier", s), ("victim_country", s), ("victim_kind", s), ("claimant", s),
                   ("claimant_country", s), ("as_of", d), ("cumulative", b), ("flags", ls), ("quote", s),
                   ("quote_start", i), ("quote_end", i), ("extractor", s)],
    }
    return pa.schema(columns[table])


_ROWS = {"articles": article_rows, "mentions": mention_rows, "claims": claim_rows}


def shard_stem(shard: str) -> str:
    """A file-name-safe, collision-free stem for input ``shard`` (its base name + path hash)."""
    name = os.path.basename(shard.rstrip("/")).split(".", 1)[0]  # "part-0.jsonl.gz" -> "part-0"
    base = _UNSAFE.sub("_", name).strip("._") or "input"
    digest = hashlib.sha256(shard.encode("utf-8")).hexdigest()[:8]
    return f"{base}-{digest}"


def write_shard(folder: Path, shard: str, results: Iterable[ArticleResult]) -> dict[str, int]:
    """Write the three Parquet files of ``shard`` under ``folder``; return rows per table.

    Each file is written to a temporary name and renamed, so a reader never sees half a shard.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for result in results:
        for table in TABLES:
            rows[table].extend(_ROWS[table](result))
    stem = shard_stem(shard)
    for table in TABLES:
        target = folder / table / f"{stem}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        pq.write_table(pa.Table.from_pylist(rows[table], schema=schema(table)), tmp)
        os.replace(tmp, target)
    return {t: len(r) for t, r in rows.items()}


@dataclass(slots=True)
class _Shard:
    name: str
    read: int = 0
    reported: int = 0
    reading_done: bool = False
    results: list[ArticleResult] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)  # duplicates: read back from the store


class ShardWriter:
    """Collects results per input shard and writes each shard's Parquet files once it is complete.

    Feed it every item read (:meth:`track`, which wraps a shard's reader), every stored result
    (:meth:`on_result`) and every outcome (:meth:`on_outcome`); call :meth:`finish` at the end.
    A shard is complete when its reader is exhausted and every item it yielded has an outcome.
    """

    def __init__(self, folder: Path, store: Store) -> None:
        self.folder = folder
        self.store = store
        self.written: dict[str, dict[str, int]] = {}
        self._shards: list[_Shard] = []
        self._by_source: dict[str, int] = {}
        self._open_sources: Counter[str] = Counter()

    def track(self, shard: str, items: Iterable[Document | Rejection]) -> Iterator[Document | Rejection]:
        """``items`` of ``shard`` unchanged, counted so the shard's completion is known."""
        index = len(self._shards)
        state = _Shard(name=shard)
        self._shards.append(state)
        for item in items:
            state.read += 1
            self._by_source[item.source] = index
            self._open_sources[item.source] += 1
            yield item
        state.reading_done = True
        self._maybe_write(index)

    def on_result(self, result: ArticleResult, is_new: bool) -> None:
        """Keep a stored result for its shard (a result another writer stored first is read back)."""
        index = self._by_source.get(result.article.source)
        if index is None:
            return
        if is_new:
            self._shards[index].results.append(result)
        else:
            self._shards[index].stored_ids.append(result.article.id)

    def on_outcome(self, outcome: IngestOutcome) -> None:
        """Count ``outcome`` against its shard; a duplicate is read back from the store later."""
        index = self._by_source.get(outcome.source)
        if index is None:
            return
        self._open_sources[outcome.source] -= 1
        if self._open_sources[outcome.source] <= 0:
            del self._open_sources[outcome.source]
            del self._by_source[outcome.source]
        state = self._shards[index]
        state.reported += 1
        if outcome.status == "duplicate" and outcome.article_id:
            state.stored_ids.append(outcome.article_id)
        self._maybe_write(index)

    def finish(self) -> dict[str, dict[str, int]]:
        """Write every shard not written yet; return rows per table for every shard written."""
        for state in self._shards:
            if state.name not in self.written:
                self._write(state, final=True)
        return self.written

    def _maybe_write(self, index: int) -> None:
        state = self._shards[index]
        if state.name not in self.written and state.reading_done and state.reported >= state.read:
            self._write(state, final=False)

    def _write(self, state: _Shard, *, final: bool) -> None:
        # one row set per article, even when the shard holds the same article twice
        results = {r.article.id: r for r in state.results}
        for article_id in dict.fromkeys(state.stored_ids):
            if article_id in results:
                continue
            try:
                results[article_id] = self.store.get_result(article_id)
            except NotFoundError:
                if not final:  # an in-run duplicate whose first copy is still being extracted
                    return
                log.warning("%s: article %s is not in the store; left out of the shard", state.name, article_id)
        self.written[state.name] = write_shard(self.folder, state.name, results.values())
        state.results.clear()
        state.stored_ids.clear()
        log.info("wrote Parquet shard %s (%s)", shard_stem(state.name), self.written[state.name])


def ingest_shards(inputs: Iterable[str], store: Store, settings: Settings, *, output: Path | None = None,
                  extractor: Extractor | None = None, pool: ExtractorPool | None = None, batch_size: int = 32,
                  stdin: BinaryIO | None = None, on_outcome: Callable[[IngestOutcome], None] | None = None,
                  ) -> tuple[IngestSummary, dict[str, dict[str, int]]]:
    """:func:`eventwire.pipeline.ingest` over the shards of ``inputs``, writing Parquet shards to ``output``.

    Inputs are expanded into shards (:func:`eventwire.scale.shards.list_shards`); extraction runs as
    ``ingest`` runs it (``extractor`` here, or ``pool``). Returns the summary and, per shard written,
    its rows per table (empty without ``output``).
    """
    shards = list_shards(inputs)
    writer = ShardWriter(output, store) if output is not None else None

    def items() -> Iterator[Document | Rejection]:
        for shard in shards:
            docs = read_shard(shard, settings, stdin=stdin)
            yield from writer.track(shard, docs) if writer is not None else docs

    def outcome(o: IngestOutcome) -> None:
        if writer is not None:
            writer.on_outcome(o)
        if on_outcome is not None:
            on_outcome(o)

    summary = ingest_documents(items(), store, extractor=extractor, pool=pool, batch_size=batch_size,
                               on_outcome=outcome, on_result=writer.on_result if writer is not None else None)
    return summary, writer.finish() if writer is not None else {}
