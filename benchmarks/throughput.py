"""End-to-end ingest throughput: read -> clean -> extract -> store, on 1 and 2 workers, SQLite and
PostgreSQL, and on a Ray cluster with 1 vs 2 actors.

The corpus is built once by ``corpus.py`` (seeded, realistic recombined articles) and written as
JSON Lines to ``benchmarks/out/corpus-<n>.jsonl``; every row ingests that same file into a fresh
store. Extraction modes:

- ``spacy``: the bare spaCy pipeline parses every article (every sentence), nothing is extracted —
  the floor under any extraction;
- ``thorough``: the full extraction over every sentence (``eventwire ingest --thorough``);
- ``cascade``: ``Extractor(mode="cascade")``: a tokenizer-only first pass picks the sentences that
  get the full pipeline (the default of ``eventwire ingest``).

Each row runs in its own subprocess so peak RSS figures do not mix. Model loading is timed apart
(``load s``) and left out of articles/s and words/s, which measure the ingest itself; peak RSS is
given per extraction process (the in-process extractor, each pool worker, each Ray actor).
PostgreSQL rows need ``--pg URL`` or ``EVENTWIRE_TEST_PG_URL`` (each run gets a fresh schema,
dropped afterwards); without one they are skipped with a note. The Ray rows start a local 2-CPU
cluster (``ray start --head --block``) unless ``--ray-address`` names one, and stop it afterwards.

    python benchmarks/throughput.py                      # 10,000 articles, every row (hours on 2 cores)
    python benchmarks/throughput.py --articles 200       # a quick look
    python benchmarks/throughput.py --articles 200 --modes thorough --workers 2 --stores sqlite --no-ray
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
MODES = ("spacy", "thorough", "cascade")


class ParseOnly:
    """Baseline extractor: the bare spaCy pipeline parses every article; no mentions, no claims."""

    def __init__(self) -> None:
        from eventwire.annotate.pipeline import load_nlp

        self.nlp = load_nlp()

    def extract_many(self, articles: Iterable[Any], *, batch_size: int = 32) -> Iterator[Any]:
        from eventwire.model import ArticleResult

        batch = list(articles)
        for article, _ in zip(batch, self.nlp.pipe((a.text for a in batch), batch_size=batch_size), strict=True):
            yield ArticleResult(article=article)


def make(mode: str) -> Any:
    """The extractor for ``mode`` (module level, so worker processes and Ray actors can build it)."""
    if mode == "spacy":
        return ParseOnly()
    from eventwire.scale.workers import make_extractor

    return make_extractor(mode)


def corpus_file(n: int, general_share: float = 0.0) -> Path:
    """The JSON Lines corpus of ``n`` articles (``general_share`` general news), written on first use."""
    path = OUT / (f"corpus-{n}.jsonl" if not general_share else f"corpus-{n}-general{general_share:g}.jsonl")
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for name, text in corpus.build(n, general_share=general_share):
                f.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
        tmp.replace(path)
    return path


# -- one row, in its own process ------------------------------------------------------------------


def run_row(mode: str, workers: int, store_kind: str, engine: str, n: int, batch_size: int, pg: str | None,
            ray_address: str | None, general_share: float = 0.0) -> dict[str, Any]:
    from functools import partial

    from eventwire.clean import clean
    from eventwire.ingest import iter_documents
    from eventwire.model import Document
    from eventwire.pipeline import ingest
    from eventwire.scale.workers import WorkerPool, peak_rss_mib
    from eventwire.settings import load_settings
    from eventwire.store import Store

    settings = load_settings({})
    path = corpus_file(n, general_share)
    words = sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))
    warm = clean(next(d for d in iter_documents([str(path)], settings) if isinstance(d, Document)))
    url, drop = _store_url(store_kind, pg)
    factory = partial(make, mode)
    rss: dict[str, float] = {}
    try:
        t0 = time.perf_counter()
        if engine == "ray":
            from eventwire.scale.ray_engine import RayPool

            pool: Any = RayPool(workers, address=ray_address or "auto", factory=factory, batch_size=batch_size)
        elif workers > 1:
            pool = WorkerPool(workers, factory=factory, batch_size=batch_size)
        else:
            pool, extractor = None, factory()
            list(extractor.extract_many([warm]))
        if pool is not None:  # every worker loads its extractor before the clock starts
            for _ in pool.map_batches([[warm]] * (2 * workers)):
                pass
        load_s = time.perf_counter() - t0
        with Store.open(url) as store:
            t1 = time.perf_counter()
            summary = ingest([str(path)], store, settings, batch_size=batch_size, pool=pool,
                             extractor=None if pool is not None else extractor)
            seconds = time.perf_counter() - t1
        if pool is not None:
            rss = {str(k): v for k, v in pool.peak_rss_mib().items()}
            pool.close()
        else:
            rss = {"in-process": peak_rss_mib()}
    finally:
        drop()
    return {"mode": mode, "workers": workers, "store": store_kind, "engine": engine, "articles": summary.new,
            "words": words, "seconds": seconds, "load_s": load_s, "articles_per_s": summary.new / seconds,
            "words_per_s": words / seconds, "peak_rss_mib": rss, "parent_rss_mib": peak_rss_mib(),
            "events": summary.events, "claims": summary.claims}


def _store_url(kind: str, pg: str | None) -> tuple[str, Any]:
    """A fresh store URL of ``kind`` and a function that removes it."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="throughput-", dir=OUT))
        return f"sqlite:///{folder / 'store.db'}", lambda: shutil.rmtree(folder, ignore_errors=True)
    import sqlalchemy as sa

    base = sa.make_url(pg or "")
    if base.drivername in ("postgresql", "postgres"):
        base = base.set(drivername="postgresql+psycopg")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.schema.CreateSchema(schema))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.schema.DropSchema(schema, cascade=True))
        admin.dispose()

    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False), drop


# -- the driver ------------------------------------------------------------------------------------


def _row(args: argparse.Namespace, mode: str, workers: int, store: str, engine: str,
         ray_address: str | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--row", f"{mode},{workers},{store},{engine}", "--articles", str(args.articles),
           "--batch-size", str(args.batch_size), "--general-share", str(args.general_share)]
    if args.pg:
        cmd += ["--pg", args.pg]
    if ray_address:
        cmd += ["--ray-address", ray_address]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"mode": mode, "workers": workers, "store": store, "engine": engine,
                "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _print(row: dict[str, Any]) -> None:
    label = f"{row['mode']:<9}{row['engine']:<7}{row['workers']:>3}  {row['store']:<11}"
    if "note" in row or "error" in row:
        print(f"{label}{'n/a':>10}{'n/a':>10}   {row.get('note') or row.get('error')}", flush=True)
        return
    peaks = ", ".join(f"{v:.0f}" for v in row["peak_rss_mib"].values())
    print(f"{label}{row['articles_per_s']:>10.2f}{row['words_per_s']:>10.0f}{row['load_s']:>8.1f}"
          f"{row['seconds']:>9.1f}  {peaks}", flush=True)


def _ratios(rows: list[dict[str, Any]]) -> None:
    """Cascade and thorough throughput over the bare full parse, per store and worker count."""
    rate = {(r["mode"], r["store"], r["workers"]): r["articles_per_s"] for r in rows
            if r.get("engine") == "local" and "articles_per_s" in r}
    for (mode, store, workers), value in sorted(rate.items()):
        base = rate.get(("spacy", store, workers))
        if mode != "spacy" and base:
            print(f"{mode} / bare spaCy full parse, {store}, {workers} worker(s): {value / base:.2f}x")


def _start_ray() -> tuple[str, subprocess.Popen[bytes], str]:
    ray = str(Path(sys.executable).with_name("ray"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    temp = tempfile.mkdtemp(prefix="ewray-", dir="/tmp")
    proc = subprocess.Popen([ray, "start", "--head", "--block", "--node-ip-address", "127.0.0.1", "--port", str(port),
                             "--num-cpus", "2", "--include-dashboard=false", "--disable-usage-stats",
                             "--temp-dir", temp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status = subprocess.run([ray, "status", "--address", address], capture_output=True, text=True)
        if status.returncode == 0 and "CPU" in status.stdout:
            return address, proc, temp
        time.sleep(0.5)
    _stop_ray(proc, temp)
    raise RuntimeError("local Ray cluster did not start")


def _stop_ray(proc: subprocess.Popen[bytes], temp: str) -> None:
    proc.send_signal(signal.SIGTERM)  # `ray start --block` stops what it started
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own session only
        proc.wait()
    shutil.rmtree(temp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated: spacy,thorough,cascade")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--stores", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql")
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG_URL"), help="PostgreSQL URL")
    ap.add_argument("--no-ray", action="store_true", help="skip the Ray rows")
    ap.add_argument("--ray-address", help="use this Ray cluster instead of starting a local one")
    ap.add_argument("--general-share", type=float, default=0.0,
                    help="share of general-news (non-conflict) articles in the corpus, 0..1 (default 0: "
                         "conflict reports only)")
    ap.add_argument("--ray-mode", default="cascade", choices=MODES, help="extraction mode of the Ray rows")
    ap.add_argument("--row", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.row:
        mode, workers, store, engine = args.row.split(",")
        print(json.dumps(run_row(mode, int(workers), store, engine, args.articles, args.batch_size, args.pg,
                                 args.ray_address, args.general_share)))
        return

    path = corpus_file(args.articles, args.general_share)
    words = sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))
    print(f"corpus: {path} — {args.articles} articles ({args.general_share:.0%} general news), {words} words; "
          f"batch size {args.batch_size}; {os.cpu_count()} CPUs")
    print(f"{'mode':<9}{'engine':<7}{'wk':>3}  {'store':<11}{'art/s':>10}{'words/s':>10}{'load s':>8}"
          f"{'ingest s':>9}  peak RSS MiB per worker")
    rows: list[dict[str, Any]] = []
    for mode in args.modes.split(","):
        for store in args.stores.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                if store == "postgresql" and not args.pg:
                    row = {"mode": mode, "workers": workers, "store": store, "engine": "local",
                           "note": "skipped: no --pg URL or EVENTWIRE_TEST_PG_URL"}
                else:
                    row = _row(args, mode, workers, store, "local")
                rows.append(row)
                _print(row)
    if not args.no_ray:
        started = None if args.ray_address else _start_ray()
        address = args.ray_address or (started[0] if started else "auto")
        try:
            ray_rows = [_row(args, args.ray_mode, w, "sqlite", "ray", address) for w in (1, 2)]
        finally:
            if started:
                _stop_ray(started[1], started[2])
        for row in ray_rows:
            _print(row)
        if all("articles_per_s" in r for r in ray_rows):
            ratio = ray_rows[1]["articles_per_s"] / ray_rows[0]["articles_per_s"]
            print(f"Ray 2 actors / 1 actor throughput: {ratio:.2f}x")
        rows.extend(ray_rows)
    _ratios(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / f"{path.stem.replace('corpus', 'throughput')}.json"
    report.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"rows written to {report}")


if __name__ == "__main__":
    main()
