"""Durability: a writer SIGKILLed mid-ingest leaves whole batches, and a re-run completes exactly.

A subprocess writes deterministic results in batches through ``Store.add_results``; the test
kills it with SIGKILL while it is writing, checks the store (SQLite ``integrity_check``, whole
batches only, every stored article with all its extraction rows), then runs the same ingest again
and expects exactly the full count, each article once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from eventwire.store import Store
from eventwire.store.engine import parse_url

TOTAL, BATCH, MENTIONS, CLAIMS = 3000, 40, 2, 3

WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from conftest import build_article, build_result
    from eventwire.store import Store

    url, total, batch, mentions, claims = sys.argv[2], *map(int, sys.argv[3:7])
    results = [build_result(build_article(text=f"Item {i}: a unit reported an incident at dawn."),
                            mentions=mentions, claims=claims) for i in range(total)]
    with Store.open(url) as store:
        new = 0
        for start in range(0, total, batch):
            new += sum(store.add_results(results[start:start + batch]))
            print(start + batch, new, flush=True)
    print("done", new, flush=True)
""")


def _writer(url: str) -> list[str]:
    return [sys.executable, "-c", WRITER, str(Path(__file__).parent), url,
            str(TOTAL), str(BATCH), str(MENTIONS), str(CLAIMS)]


def _check_consistent(url: str) -> int:
    """Assert every stored article has all of its extraction rows; return the article count."""
    engine = sa.create_engine(parse_url(url))
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            md = sa.MetaData()
            articles, mentions, claims, actors, places = (
                sa.Table(name, md, autoload_with=conn)
                for name in ("articles", "mentions", "claims", "actors", "places"))
            count = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
            distinct = conn.execute(sa.select(sa.func.count(sa.distinct(articles.c.id)))).scalar_one()
            assert distinct == count
            per_article = [
                (mentions, mentions.c.article_id, MENTIONS),
                (claims, claims.c.article_id, CLAIMS),
                (actors.join(mentions), mentions.c.article_id, 3 * MENTIONS),
                (places.join(mentions), mentions.c.article_id, 2 * MENTIONS),
            ]
            for source, key, expected in per_article:
                query = (sa.select(articles.c.id, sa.func.count(key))
                         .select_from(articles.outerjoin(source, articles.c.id == key))
                         .group_by(articles.c.id).having(sa.func.count(key) != expected))
                bad = conn.execute(query).fetchall()
                assert bad == [], f"articles without their {source} rows: {bad[:3]}"
            orphans = conn.execute(sa.select(sa.func.count()).select_from(
                mentions.outerjoin(articles, articles.c.id == mentions.c.article_id))
                .where(articles.c.id.is_(None))).scalar_one()
            assert orphans == 0
            return int(count)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_sigkill_mid_batch_leaves_whole_batches_and_rerun_completes(store_url: str) -> None:
    Store.open(store_url).close()  # migrate up front so the kill lands in data writes
    proc = subprocess.Popen(_writer(store_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ.copy())
    assert proc.stdout is not None
    reported = 0
    deadline = time.monotonic() + 120
    while reported < 5 * BATCH and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        reported = int(line.split()[0])
    time.sleep(random.uniform(0.0, 0.03))  # land somewhere inside a later batch's transaction
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, f"writer ended before the kill: {err}"

    partial = _check_consistent(store_url)
    assert reported <= partial < TOTAL
    assert partial % BATCH == 0, f"{partial} articles stored: a batch was half written"

    rerun = subprocess.run(_writer(store_url), capture_output=True, text=True, check=False, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.splitlines()[-1] == f"done {TOTAL - partial}"
    assert _check_consistent(store_url) == TOTAL
    with Store.open(store_url) as store:
        assert store.count_articles() == TOTAL
        assert len(store.claims()) == TOTAL * CLAIMS
