"""The Ray engine against a real local Ray cluster (not Ray's local mode).

The fixture starts a one-node cluster with ``ray start --head --block`` on a free port (2 CPUs, no
dashboard) and stops it in a finalizer by signalling the process it started (and, should anything
be left, that process's own process group) — never by process name, so other Ray users on the
machine are untouched. The test runs ``eventwire ingest --engine ray`` in a subprocess with 2
actors over a JSON Lines and a Parquet shard, checks the store and the Parquet result shards
against each other, and re-runs to check that a finished run is a no-op that rewrites the same
shards. Without Ray installed the test is skipped, and fails when ``CI`` is set.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.scale.parquet import TABLES, shard_stem
from eventwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.txt"))[:4] + \
    sorted((ROOT / "examples").glob("*.txt"))[:3]
START_TIMEOUT = 60.0


def _ray_cli() -> str:
    try:
        import ray  # noqa: F401
    except ImportError:
        reason = "Ray is not installed: pip install -e '.[ray]'"
        if os.environ.get("CI"):
            pytest.fail(f"the Ray engine test is required in CI: {reason}")
        pytest.skip(f"Ray engine NOT TESTED: {reason}")
    cli = Path(sys.executable).with_name("ray")
    return str(cli) if cli.exists() else "ray"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """Address (``127.0.0.1:<port>``) of a local 2-CPU Ray cluster that lives for this module."""
    ray = _ray_cli()
    port = _free_port()
    # A short temp dir: Ray's Unix socket paths must stay under the 107-byte limit.
    temp = tempfile.mkdtemp(prefix="ewray-", dir="/tmp")
    proc = subprocess.Popen(
        [ray, "start", "--head", "--block", "--node-ip-address", "127.0.0.1", "--port", str(port),
         "--num-cpus", "2", "--include-dashboard=false", "--disable-usage-stats", "--temp-dir", temp],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            status = subprocess.run([ray, "status", "--address", address], capture_output=True, text=True,
                                    timeout=START_TIMEOUT)
            if status.returncode == 0 and "CPU" in status.stdout:
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Ray cluster did not start (exit {proc.poll()}): {status.stderr[-500:]}")
            time.sleep(0.5)
        yield address
    finally:
        proc.send_signal(signal.SIGTERM)  # `ray start --block` stops the processes it started
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # our own session only: anything left behind
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    """An input folder with a JSON Lines shard (4 articles) and a Parquet shard (3 + 1 bad row)."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    with (folder / "part-0.jsonl").open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts[:4]):
            f.write(json.dumps({"id": f"j{i}", "text": text, "outlet": "Wire One"}) + "\n")
    pq.write_table(pa.table({"text": [*texts[4:], ""], "id": ["p0", "p1", "p2", "p3"],
                             "outlet": ["Wire Two"] * 4}), folder / "part-1.parquet")
    return folder


def _ingest(address: str, db: Path, out: Path, inputs: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "eventwire", "--db", f"sqlite:///{db}", "ingest", "-q", "--engine", "ray",
           "--address", address, "--workers", "2", "--batch-size", "2", "--output", str(out), str(inputs)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=inputs.parent)


def _table(out: Path, table: str, shard: Path) -> list[dict[str, object]]:
    return sorted(pq.read_table(out / table / f"{shard_stem(str(shard))}.parquet").to_pylist(), key=str)


@pytest.mark.slow
def test_ray_engine_ingests_shards_writes_parquet_and_fuses(ray_address: str, shards: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "ray.db", tmp_path / "out"
    run = _ingest(ray_address, db, out, shards)
    assert run.returncode == 1, run.stderr  # 1: the empty Parquet row was rejected, the rest ingested
    assert "ingest: 7 new, 0 duplicate, 1 rejected" in run.stdout
    assert "part-1.parquet:4" in run.stdout + run.stderr

    jsonl, parquet = shards / "part-0.jsonl", shards / "part-1.parquet"
    with Store.open(f"sqlite:///{db}") as store:
        results = {r.article.id: r for r in store.iter_results()}
    assert len(results) == 7
    by_outlet = {"Wire One": jsonl, "Wire Two": parquet}
    for shard in (jsonl, parquet):
        mine = [r for r in results.values() if by_outlet[r.article.outlet or ""] == shard]
        assert {row["article_id"] for row in _table(out, "articles", shard)} == {r.article.id for r in mine}
        assert {(row["mention_id"], row["type"], row["date_start"]) for row in _table(out, "mentions", shard)} == \
            {(m.id, m.type, m.date.start) for r in mine for m in r.mentions}
        assert {(row["claim_id"], row["outcome"], row["low"], row["high"], row["claimant_country"])
                for row in _table(out, "claims", shard)} == \
            {(c.id, c.outcome, c.low, c.high, c.claimant_country) for r in mine for c in r.claims}
    assert sum(len(r.mentions) for r in results.values()) > 0 and sum(len(r.claims) for r in results.values()) > 0
    assert sorted(p.name for p in (out / "mentions").iterdir()) == sorted(
        f"{shard_stem(str(s))}.parquet" for s in (jsonl, parquet))
    with sqlite3.connect(db) as conn:  # fusion ran after the ingest
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0

    before = {t: {s.name: _table(out, t, s) for s in (jsonl, parquet)} for t in TABLES}
    shutil.rmtree(out)
    again = _ingest(ray_address, db, out, shards)
    assert "ingest: 0 new, 7 duplicate, 1 rejected" in again.stdout, again.stderr
    assert {t: {s.name: _table(out, t, s) for s in (jsonl, parquet)} for t in TABLES} == before


def test_unreachable_cluster_address_fails_fast_with_one_error_line(tmp_path: Path, shards: Path) -> None:
    _ray_cli()
    cmd = [sys.executable, "-m", "eventwire", "--db", f"sqlite:///{tmp_path / 'x.db'}", "ingest", "-q",
           "--engine", "ray", "--address", f"127.0.0.1:{_free_port()}", str(shards)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "no Ray cluster answers" in run.stderr
