"""Parallel ingest on one machine: Parquet shards, the worker pool, resumable interrupted runs.

The pool tests compare what 2 spawned workers store with what the in-process extractor stores on
the same small corpus of real articles (ids, mention and claim tuples), then interrupt a parallel
run and check that the re-run completes it without extracting any stored article again.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.cli import cli
from eventwire.model import Article, ArticleResult, Document, IngestOutcome, Rejection
from eventwire.pipeline import ingest, ingest_documents
from eventwire.scale.parquet import TABLES, ShardWriter, shard_stem
from eventwire.scale.shards import list_shards, read_inputs, read_parquet, read_shard
from eventwire.scale.workers import WorkerPool
from eventwire.settings import load_settings
from eventwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
BATCH = 3
SETTINGS = load_settings({})


def _write_jsonl(path: Path, texts: Iterable[str], prefix: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"{prefix}{i}", "text": text, "outlet": "Test Wire"}) + "\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON Lines file of the project's real test and sample articles."""
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    _write_jsonl(path, (p.read_text(encoding="utf-8") for p in ARTICLES), "a")
    return path


# -- shards -------------------------------------------------------------------------------------


def test_parquet_rows_become_documents_with_jsonl_rules(tmp_path: Path) -> None:
    path = tmp_path / "part.parquet"
    pq.write_table(pa.table({
        "text": ["First article text about shelling.", "", None, "Fourth article."],
        "id": ["r1", "r2", "r3", None],
        "outlet": ["Wire", None, None, "Other"],
        "extra": [1, 2, 3, 4],
    }), path)
    items = list(read_parquet(str(path), SETTINGS))
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [(d.name, d.source, d.fmt, d.meta.outlet) for d in docs] == [
        ("r1", f"{path}:1", "parquet", "Wire"), ("part.parquet:4", f"{path}:4", "parquet", "Other")]
    assert [(r.source, r.line) for r in rejected] == [(str(path), 2), (str(path), 3)]
    assert "empty" in rejected[0].reason and "text" in rejected[1].reason


_field = st.one_of(st.none(), st.text(max_size=20))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries({"text": st.one_of(st.none(), st.text(max_size=60)), "id": _field,
                                       "outlet": _field, "published": _field}), min_size=1, max_size=6))
def test_a_parquet_row_reads_exactly_like_the_same_json_lines_record(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        jsonl, parquet = Path(folder) / "s.jsonl", Path(folder) / "s.parquet"
        jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        schema = pa.schema([(k, pa.string()) for k in ("text", "id", "outlet", "published")])
        pq.write_table(pa.Table.from_pylist(records, schema=schema), parquet)

        def key(item: Document | Rejection) -> tuple[Any, ...]:
            if isinstance(item, Rejection):
                return ("rejected", item.line, item.reason)
            line = int(item.source.rsplit(":", 1)[1])
            return ("doc", line, item.raw_text, item.meta, item.name.replace("s.parquet", "s.jsonl"))

        from_jsonl = [key(i) for i in read_shard(str(jsonl), SETTINGS)]
        from_parquet = [key(i) for i in read_shard(str(parquet), SETTINGS)]
    # blank JSON lines are skipped by design; a Parquet row always exists, so compare by line/row
    assert [k for k in from_parquet if k[1] in {j[1] for j in from_jsonl}] == from_jsonl


def test_parquet_without_text_column_or_damaged_is_one_rejection(tmp_path: Path) -> None:
    no_text = tmp_path / "a.parquet"
    pq.write_table(pa.table({"body": ["x"]}), no_text)
    broken = tmp_path / "b.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    for path, why in ((no_text, "no 'text' column"), (broken, "not a readable Parquet")):
        (item,) = list(read_parquet(str(path), SETTINGS))
        assert isinstance(item, Rejection) and why in item.reason


def test_list_shards_expands_folders_sorted_without_hidden_entries(tmp_path: Path) -> None:
    for rel in ("b/2.jsonl", "b/1.txt", "a.parquet", ".hidden/x.txt", "b/.y.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert list_shards([str(tmp_path), "-", "https://example.org/x"]) == [
        str(tmp_path / "a.parquet"), str(tmp_path / "b" / "1.txt"), str(tmp_path / "b" / "2.jsonl"), "-",
        "https://example.org/x"]


def test_read_inputs_reads_parquet_inside_folders_and_other_formats_unchanged(tmp_path: Path) -> None:
    table = pa.table({"text": ["An article from Parquet about an attack on a village."]})
    pq.write_table(table, tmp_path / "p.parquet")
    (tmp_path / "t.txt").write_text("A plain text article about a ceasefire.\n", encoding="utf-8")
    docs = list(read_inputs([str(tmp_path)], SETTINGS))
    assert [(d.fmt, type(d).__name__) for d in docs] == [("parquet", "Document"), ("text", "Document")]


def test_shard_writer_writes_complete_shards_and_rereads_stored_articles(tmp_path: Path, corpus: Path) -> None:
    part = tmp_path / "part.parquet"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()[:4]]
    pq.write_table(pa.table({"text": texts + [""]}), part)
    shards = [str(corpus), str(part)]

    def run(out: Path) -> dict[str, dict[str, int]]:
        with Store.open(f"sqlite:///{tmp_path / 'w.db'}") as store:
            writer = ShardWriter(out, store)
            docs = (d for s in shards for d in writer.track(s, read_shard(s, SETTINGS)))
            ingest_documents(docs, store, batch_size=BATCH, on_result=writer.on_result,
                             on_outcome=writer.on_outcome)
            return writer.finish()

    first = run(tmp_path / "out1")
    second = run(tmp_path / "out2")  # everything is stored now: rows come back from the store
    assert first == second == {str(corpus): {"articles": len(ARTICLES), "mentions": 0, "claims": 0},
                               str(part): {"articles": 4, "mentions": 0, "claims": 0}}
    for table in TABLES:
        for shard in shards:
            a = pq.read_table(tmp_path / "out1" / table / f"{shard_stem(shard)}.parquet")
            b = pq.read_table(tmp_path / "out2" / table / f"{shard_stem(shard)}.parquet")
            assert sorted(a.to_pylist(), key=str) == sorted(b.to_pylist(), key=str)
    assert shard_stem(str(corpus)) != shard_stem(str(tmp_path / "x" / corpus.name))


# -- the worker pool -----------------------------------------------------------------------------


def stored(url: str) -> dict[str, Any]:
    """Everything a run stored, as comparable tuples: article ids, mentions, claims."""
    with Store.open(url) as store:
        results = list(store.iter_results())
    return {
        "articles": sorted(r.article.id for r in results),
        "mentions": sorted(
            (m.id, m.type, m.date.start, m.date.end, m.countries, tuple(a.text for a in m.agents),
             tuple(a.text for a in m.targets), tuple(p.name for p in m.places), tuple(sorted(m.flags)),
             m.span.start, m.span.end)
            for r in results for m in r.mentions),
        "claims": sorted(
            (c.id, c.event_id, c.outcome, c.low, c.high, c.victim_country, c.victim_kind, c.claimant.text,
             c.claimant_country, c.as_of, c.span.start, c.span.end)
            for r in results for c in r.claims),
    }


class SpyPool:
    """Delegates to a real pool and records which articles it was asked to extract."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.workers = pool.workers
        self.sent: list[str] = []

    def map_batches(self, batches: Iterable[list[Article]]) -> Iterator[list[ArticleResult]]:
        def spy() -> Iterator[list[Article]]:
            for batch in batches:
                self.sent.extend(a.id for a in batch)
                yield batch

        return self.pool.map_batches(spy())


@pytest.fixture(scope="module")
def pool() -> Iterator[WorkerPool]:
    with WorkerPool(2, batch_size=BATCH) as p:
        yield p


@pytest.fixture(scope="module")
def extractor() -> Any:
    from eventwire.extract import Extractor

    return Extractor()


@pytest.fixture(scope="module")
def reference(corpus: Path, extractor: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the in-process path (one extractor, ``--workers 1``) stores for the corpus."""
    url = f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}"
    with Store.open(url) as store:
        summary = ingest([str(corpus)], store, SETTINGS, extractor=extractor, batch_size=BATCH)
    assert summary.new == len(ARTICLES) and not summary.rejected
    return stored(url)


@pytest.mark.slow
def test_two_workers_store_the_same_results_as_one(corpus: Path, pool: WorkerPool, reference: dict[str, Any],
                                                    tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'par.db'}"
    with Store.open(url) as store:
        summary = ingest([str(corpus)], store, SETTINGS, pool=pool, batch_size=BATCH)
    assert summary.new == len(ARTICLES)
    assert stored(url) == reference
    assert reference["mentions"] and reference["claims"]  # the comparison compared something
    assert pool.peak_rss_mib() and os.getpid() not in pool.peak_rss_mib()  # extraction ran in the workers


@pytest.mark.slow
def test_a_single_batch_is_extracted_in_process_without_starting_workers(
        corpus: Path, extractor: Any, reference: dict[str, Any], tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / f'one{i}.db'}" for i in range(2)]
    made: list[int] = []

    def factory() -> Any:  # never pickled: no worker process starts for one batch
        made.append(1)
        return extractor

    with WorkerPool(2, factory=factory, batch_size=len(ARTICLES)) as fresh:
        for url in urls:
            with Store.open(url) as store:
                ingest([str(corpus)], store, SETTINGS, pool=fresh, batch_size=len(ARTICLES))
        assert fresh.peak_rss_mib() == {} and made == [1]  # made once, then kept; no worker replied
    assert stored(urls[0]) == stored(urls[1]) == reference


class Interrupted(Exception):
    pass


@pytest.mark.slow
def test_interrupted_parallel_run_resumes_without_repeating_work(corpus: Path, pool: WorkerPool,
                                                                  reference: dict[str, Any], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'resume.db'}"
    new: list[str] = []

    def stop_after_two_batches(o: IngestOutcome) -> None:
        if o.status == "new":
            new.append(o.article_id or "")
        if len(new) == BATCH + 1:  # the 2nd batch is committed before its outcomes are reported
            raise Interrupted

    with Store.open(url) as store, pytest.raises(Interrupted):
        ingest([str(corpus)], store, SETTINGS, pool=pool, batch_size=BATCH, on_outcome=stop_after_two_batches)
    partial = stored(url)
    assert len(partial["articles"]) == 2 * BATCH  # whole batches, nothing more
    assert set(partial["mentions"]) <= set(reference["mentions"])  # each stored article is complete
    assert {m for m in reference["mentions"] if m[0].rsplit("-", 1)[0] in partial["articles"]} == \
        set(partial["mentions"])

    spy = SpyPool(pool)
    with Store.open(url) as store:
        summary = ingest([str(corpus)], store, SETTINGS, pool=spy, batch_size=BATCH)
    assert summary.duplicate == 2 * BATCH and summary.new == len(ARTICLES) - 2 * BATCH
    assert sorted(spy.sent) == sorted(set(reference["articles"]) - set(partial["articles"]))
    assert stored(url) == reference

    again = SpyPool(pool)
    with Store.open(url) as store:
        summary = ingest([str(corpus)], store, SETTINGS, pool=again, batch_size=BATCH)
    assert summary.new == 0 and summary.duplicate == len(ARTICLES) and again.sent == []


@pytest.mark.slow
def test_ctrl_c_on_a_parallel_cli_run_keeps_whole_batches_and_the_rerun_completes(
        tmp_path: Path, extractor: Any, pool: WorkerPool) -> None:
    texts = [f"{p.read_text(encoding='utf-8')}\n\nUpdate {n}: no further details were given.\n"
             for n in range(2) for p in ARTICLES]
    path = tmp_path / "big.jsonl"
    _write_jsonl(path, texts, "b")
    db = tmp_path / "cli.db"
    cmd = [sys.executable, "-m", "eventwire", "--db", f"sqlite:///{db}", "ingest", "-q", "--workers", "2",
           "--batch-size", str(BATCH), str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while _count(db) < BATCH and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group gets SIGINT
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, (out, err)
    done = _count(db)
    assert 0 < done < len(texts) // 2 and done % BATCH == 0  # whole batches only

    ref = f"sqlite:///{tmp_path / 'ref.db'}"
    with Store.open(ref) as store:  # the cleaner may make some of the varied texts identical again
        distinct = ingest([str(path)], store, SETTINGS, extractor=extractor, batch_size=BATCH).new
    url = f"sqlite:///{db}"
    spy = SpyPool(pool)
    with Store.open(url) as store:
        summary = ingest([str(path)], store, SETTINGS, pool=spy, batch_size=BATCH)
    assert summary.new == distinct - done and len(spy.sent) == distinct - done
    assert summary.new + summary.duplicate == len(texts)
    assert stored(url) == stored(ref)


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(db, timeout=5)) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


# -- the CLI -------------------------------------------------------------------------------------


def test_cli_output_writes_parquet_shards_with_the_local_engine(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'c.db'}", "ingest", "-q", "--no-extract",
                                      "--output", str(out), str(corpus)])
    assert result.exit_code == 0, result.output
    rows = pq.read_table(out / "articles" / f"{shard_stem(str(corpus))}.parquet").to_pylist()
    assert sorted(r["name"] for r in rows) == sorted(f"a{i}" for i in range(len(ARTICLES)))
    assert {t: [p.name for p in (out / t).iterdir()] for t in TABLES} == \
        {t: [f"{shard_stem(str(corpus))}.parquet"] for t in TABLES}


def test_cli_ingest_reads_parquet_with_workers_option(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"text": [p.read_text(encoding="utf-8") for p in ARTICLES[:3]],
                             "outlet": ["Wire"] * 3}), path)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    result = CliRunner().invoke(cli, ["--db", db, "ingest", "-q", "--no-extract", "--workers", "2", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 new" in result.output
    with Store.open(db) as store:
        assert {a.outlet for a in store.list_articles()} == {"Wire"}
        assert {a.fmt for a in store.list_articles()} == {"parquet"}
