"""End-to-end tests of the ``eventwire`` command line (ingest, articles, db, extract, evaluate)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
GOLD = json.loads((SHARED / "gold" / "samples.json").read_text(encoding="utf-8")) if SHARED.is_dir() else None


def run(*args: str, db: Path, input: bytes | None = None):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args], input=input, catch_exceptions=False)
    return result


def test_ingest_samples_stores_gold_metadata_and_second_run_is_noop(tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    first = run("ingest", "--no-extract", str(EXAMPLES), db=db)
    assert first.exit_code == 0, first.output
    assert "new" in first.output
    listed = json.loads(run("articles", "--format", "json", db=db).output)
    assert len(listed) == 5
    by_name = {a["name"]: a for a in listed}
    assert GOLD is not None
    for gold in GOLD["articles"]:
        got = by_name[gold["file"]]
        assert (got["published"], got["outlet"], got["byline"]) == (gold["published"], gold["outlet"], gold["byline"])
    assert by_name["003_6c7b60be15d47c75.txt"]["title"] \
        == "U.S. State Department, OSCE call for Armenian-Azerbaijani de-escalation"
    second = run("ingest", "--no-extract", str(EXAMPLES), db=db)
    assert second.exit_code == 0
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == 5
    con.close()
    # the summary table reports 0 new and 5 duplicates on the second run
    assert "duplicate" in second.output
    assert "ingest: 0 new, 5 duplicate, 0 rejected" in second.output
    assert "ingest: 5 new, 0 duplicate, 0 rejected" in first.output


def test_bad_inputs_are_rejected_one_line_each_and_the_rest_ingests(tmp_path: Path) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text((EXAMPLES / "002_6cce8595c7939517.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "in" / "latin1.txt").write_bytes("Caf\xe9 attack kills three soldiers in the north.".encode("latin-1"))
    (tmp_path / "in" / "bad.jsonl").write_text(
        '{"text": "Shelling killed two civilians in the town on Monday, officials said."}\n'
        'not json\n{"title": "no text"}\n', encoding="utf-8")
    db = tmp_path / "ew.db"
    result = run("ingest", "--no-extract", str(tmp_path / "in"), db=db)
    assert result.exit_code == 1
    rejected = [ln for ln in result.output.splitlines() if ln.strip().startswith("rejected:")]
    assert len(rejected) == 5, result.output
    text = "\n".join(rejected)
    for name in ("empty.txt", "binary.txt", "latin1.txt", "bad.jsonl:2", "bad.jsonl:3"):
        assert name in text
    assert json.loads(run("articles", "--format", "json", db=db).output).__len__() == 2
    # What was stored before survives a later batch of bad input.
    again = run("ingest", "--no-extract", str(tmp_path / "in" / "empty.txt"), db=db)
    assert again.exit_code == 1
    assert len(json.loads(run("articles", "--format", "json", db=db).output)) == 2


def test_articles_csv_and_show(tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    assert run("ingest", "--no-extract", str(EXAMPLES), db=db).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(run("articles", "--format", "csv", db=db).output)))
    assert len(rows) == 5 and {"id", "published", "outlet", "byline", "title"} <= set(rows[0])
    some = rows[0]["id"]
    shown = json.loads(run("articles", "show", some[:8], "--format", "json", db=db).output)
    assert shown["id"] == some and shown["text"]
    missing = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", "articles", "show", "zzzz"])
    assert missing.exit_code != 0


def test_stdin_jsonl_ingest_uses_given_metadata(tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    record = {"id": "wire-1", "text": "Gunmen killed four villagers in an attack overnight, police said.\n\n"
              "The attack happened near the border.", "outlet": "Test Wire", "published": "2024-03-02",
              "byline": "Jane Roe", "title": "Four killed"}
    result = run("ingest", "--no-extract", "-", db=db, input=(json.dumps(record) + "\n").encode())
    assert result.exit_code == 0, result.output
    (a,) = json.loads(run("articles", "--format", "json", db=db).output)
    assert (a["name"], a["outlet"], a["published"], a["byline"], a["title"]) == (
        "wire-1", "Test Wire", "2024-03-02", "Jane Roe", "Four killed")


def test_db_migrate_reports_recorded_migrations(tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    result = run("db", "migrate", db=db)
    assert result.exit_code == 0, result.output
    assert "0001" in result.output
    again = run("db", "migrate", db=db)
    assert "none pending" in again.output


def _write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    paras = [p for f in sorted(EXAMPLES.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")
             if len(p.split()) > 15]
    for i in range(n):
        body = "\n\n".join(paras[(i * 7 + k) % len(paras)] for k in range(4))
        text = f"Report number {i}\n\nBy Test Writer\n\nThis is dispatch {i} of the series.\n\n{body}\n"
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_store_consistent_and_rerun_completes(tmp_path: Path) -> None:
    n = 1500
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, n)
    db = tmp_path / "ew.db"
    cmd = [sys.executable, "-m", "eventwire", "--db", f"sqlite:///{db}", "ingest", "--no-extract", "-q",
           "--batch-size", "50", str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if db.exists():
            try:
                con = sqlite3.connect(db, timeout=1)
                stored = con.execute("select count(*) from articles").fetchone()[0]
                con.close()
            except sqlite3.OperationalError:
                continue
        if stored >= 100:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored, "ingest stored nothing before the kill"
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    partial = con.execute("select count(*) from articles").fetchone()[0]
    con.close()
    assert partial < n, "the kill came too late to test anything"
    rerun = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone()[0] == n
    assert con.execute("select count(distinct id) from articles").fetchone()[0] == n
    con.close()
