"""The ``eventwire`` command line: thin wrappers over the pipeline, store and evaluation functions.

Exit codes: 0 success; 1 the command ran but some inputs were rejected (ingest/extract) or the
quality bar was missed (evaluate --min-*); 2 usage or fatal error (bad --db URL, unreadable gold).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import EventwireError
from .export.cells import safe_row
from .model import EVENT_TYPES, Article, IngestOutcome, Rejection
from .settings import SETTINGS, Settings, load_settings

log = logging.getLogger(__name__)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True)
NO_WRAP = {"id", "published", "date", "as_of", "low", "high", "type", "words", "event"}

FORMATS = click.Choice(["table", "json", "csv"])


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_root().obj["settings"]  # type: ignore[no-any-return]


def _open_store(ctx: click.Context):  # type: ignore[no-untyped-def]
    from .store import Store

    return Store.open(_settings(ctx).db)


def _emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], title: str | None = None) -> None:
    """Print ``rows`` as a rich table, a JSON array, or CSV with ``columns`` as header."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(safe_row({k: _flat(row.get(k)) for k in columns}))  # no spreadsheet formulas
        click.echo(buf.getvalue(), nl=False)
    else:
        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c, overflow="ellipsis" if c in NO_WRAP else "fold", no_wrap=c in NO_WRAP,
                             max_width=60 if c in ("title", "quote") else None)
        for row in rows:
            table.add_row(*(_flat(row.get(c)) for c in columns))
        out.print(table)


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_flat(v) for v in value)
    return str(value)


def _article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "published": a.published.isoformat() if a.published else None,
        "outlet": a.outlet, "byline": a.byline, "title": a.title, "url": a.url, "source": a.source,
        "format": a.fmt, "words": len(a.text.split()),
    }


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="EVENTWIRE_DB", default=None, metavar="URL",
              help="Store: sqlite:///path.db (default sqlite:///eventwire.db) or postgresql://user@host/db.")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(__version__, prog_name="eventwire")
@click.pass_context
def cli(ctx: click.Context, db: str | None, verbose: int) -> None:
    """eventwire: conflict news in, source-attributed events and casualty claims out.

    \b
    Example:
      eventwire ingest examples/
      eventwire articles --format table
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(message)s",
                        handlers=[RichHandler(console=err, show_path=False, show_time=False)])
    ctx.obj = {"settings": load_settings(os.environ, db=db)}


#: --thorough on ingest, extract and evaluate
_THOROUGH = click.option(
    "--thorough", is_flag=True,
    help="Parse every sentence (full-parse baseline) instead of the cascade, which parses only the "
         "sentences a tokenizer-only first pass finds trigger or casualty words in. Setting: extract_mode.")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--no-extract", is_flag=True, help="Store cleaned articles only; skip event/claim extraction.")
@click.option("--batch-size", default=32, show_default=True, help="Articles per store transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Extraction processes (local engine; default: CPU count) or Ray actors (default: the "
                   "cluster's CPUs). 1 extracts in this process.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where extraction runs: local processes, or actors on a Ray cluster.")
@click.option("--address", default="auto", show_default=True, metavar="ADDR",
              help="Ray cluster: auto (on a cluster node), ray://head:10001 (Ray Client) or host:port.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              help="Also write articles/mentions/claims Parquet shards here, one per input shard.")
@_THOROUGH
@click.pass_context
def ingest(ctx: click.Context, inputs: tuple[str, ...], no_extract: bool, batch_size: int, quiet: bool,
           workers: int | None, engine: str, address: str, output: Path | None, thorough: bool) -> None:
    """Ingest articles from files, folders, URLs or '-' (stdin) into the store.

    Plain text, HTML, RSS/Atom, WARC, JSON Lines and Parquet (a 'text' column plus the JSON Lines
    metadata columns) are recognised. Re-ingesting an article already stored is a no-op, so an
    interrupted run resumes where it stopped; a bad input is reported on one line and the rest still
    ingests. Extraction runs on --workers processes, or on a Ray cluster with --engine ray.

    \b
    Example:
      eventwire ingest examples/ feed.xml crawl.warc.gz articles.jsonl
      eventwire ingest --workers 4 --output results/ big.jsonl
      eventwire ingest --engine ray --address ray://head:10001 --output out/ shards/
    """
    from .pipeline import ingest as run_ingest
    from .scale.parquet import ingest_shards
    from .scale.workers import WorkerPool, default_workers

    settings = _settings(ctx)
    local_workers = workers if workers is not None else default_workers()
    mode = _mode(ctx, thorough)
    extractor = None if no_extract or engine == "ray" or local_workers > 1 else _extractor(mode)
    start = time.perf_counter()
    with _open_store(ctx) as store, Progress(
        SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(bar_width=None),
        TextColumn("{task.completed} inputs · {task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(),
        console=err, disable=quiet or not err.is_terminal, transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0)

        def on_outcome(o: IngestOutcome) -> None:
            if o.status == "rejected":
                err.print(f"[red]rejected[/red] {o.reason}", highlight=False)
            done = progress.tasks[0].completed + 1
            progress.update(task, completed=done, rate=done / max(time.perf_counter() - start, 1e-9))

        stdin = sys.stdin.buffer if "-" in inputs else None
        if engine == "ray" and not no_extract:
            from .scale.ray_engine import run_ray

            run = run_ray(inputs, store, settings, address=address, workers=workers, output=output, mode=mode,
                          batch_size=batch_size, stdin=stdin, on_outcome=on_outcome)
            summary = run.summary
            for shard, counts in run.shards.items():
                log.info("Parquet shard for %s: %s", shard, counts)
        elif extractor is None and not no_extract:
            with WorkerPool(local_workers, mode=mode, batch_size=batch_size) as pool:
                summary, _ = ingest_shards(inputs, store, settings, output=output, pool=pool,
                                           batch_size=batch_size, stdin=stdin, on_outcome=on_outcome)
        elif output is not None:
            summary, _ = ingest_shards(inputs, store, settings, output=output, extractor=extractor,
                                       batch_size=batch_size, stdin=stdin, on_outcome=on_outcome)
        else:
            summary = run_ingest(inputs, store, settings, extractor=extractor, batch_size=batch_size,
                                 stdin=stdin, on_outcome=on_outcome)
        stored_total = store.count_articles()
        fusion = None
        if not no_extract and summary.new:
            from .fuse.service import fuse_store

            fusion = fuse_store(store, settings=settings)
    elapsed = time.perf_counter() - start
    for w in summary.warnings:
        err.print(f"[yellow]warning[/yellow] {w}", highlight=False)
    table = Table(title="ingest summary", show_header=False)
    table.add_row("new", str(summary.new))
    table.add_row("duplicate", str(summary.duplicate))
    table.add_row("rejected", str(len(summary.rejected)))
    if not no_extract:
        table.add_row("events (new articles)", str(summary.events))
        table.add_row("claims (new articles)", str(summary.claims))
    if fusion is not None:
        table.add_row("fused events in store", str(fusion.events))
    table.add_row("articles in store", str(stored_total))
    table.add_row("time", f"{elapsed:.1f} s")
    out.print(table)
    out.print(f"ingest: {summary.new} new, {summary.duplicate} duplicate, {len(summary.rejected)} rejected",
              highlight=False)
    for r in summary.rejected:
        out.print(f"  rejected: {r.reason}", highlight=False)
    if fusion is not None:
        out.print("next: `eventwire events` lists the fused events; `eventwire serve` opens the dashboard at "
                  "http://127.0.0.1:8000/", highlight=False)
    if summary.rejected:
        ctx.exit(1)


def _classify_sentence(extractor, sentence: str) -> str | None:  # type: ignore[no-untyped-def]
    """The type of the first event mention eventwire finds in one sentence read as an article."""
    from datetime import date

    from .clean import clean
    from .model import Document, Metadata

    doc = Document(name="sentence", source="sentence", fmt="text", raw_text=sentence,
                   meta=Metadata(published=date(2024, 6, 15).isoformat(), outlet="Type check"))
    mentions = sorted(extractor.extract(clean(doc)).mentions, key=lambda m: m.span.start)
    return mentions[0].type if mentions else None


def _mode(ctx: click.Context, thorough: bool) -> str:
    """The extraction mode: ``thorough`` with --thorough, else the ``extract_mode`` setting."""
    return "thorough" if thorough else str(_settings(ctx).extract_mode)


def _extractor(mode: str | None = None):  # type: ignore[no-untyped-def]
    from .extract import Extractor

    return Extractor(mode=mode)




@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@_THOROUGH
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], fmt: str, thorough: bool) -> None:
    """Extract events and casualty claims from articles without storing them.

    Prints one JSON array with, per article, the fields of the gold format (file, published, outlet,
    byline, events, claims) plus offsets, precision, coordinates, modes and flags.

    \b
    Example:
      eventwire extract examples/002_6cce8595c7939517.txt --format json
      cat articles.jsonl | eventwire extract - --format json
    """
    from .extract.output import result_to_dict
    from .ingest import iter_documents
    from .pipeline import clean_documents

    settings = _settings(ctx)
    extractor = _extractor(_mode(ctx, thorough))
    articles: list[Article] = []
    rejected = 0
    stdin = sys.stdin.buffer if "-" in inputs else None
    for item in clean_documents(iter_documents(inputs, settings, stdin=stdin)):
        if isinstance(item, Rejection):
            rejected += 1
            err.print(f"[red]rejected[/red] {item}", highlight=False)
        else:
            articles.append(item)
    results = list(extractor.extract_many(articles))
    for r in results:
        for w in r.warnings:
            err.print(f"[yellow]warning[/yellow] {r.article.name}: {w}", highlight=False)
    dicts = [result_to_dict(r) for r in results]
    if fmt == "json":
        click.echo(json.dumps(dicts, ensure_ascii=False, indent=2))
    else:
        rows = [
            {"file": d["file"], "kind": "event", "what": e["type"], "when": " .. ".join(e["date"]),
             "who": e["actors"], "where": e["places"], "id": e["id"]}
            for d in dicts for e in d["events"]
        ] + [
            {"file": d["file"], "kind": "claim",
             "what": f"{c['outcome']} {c['low']}" + (f"-{c['high']}" if c["high"] != c["low"] else ""),
             "when": c["as_of"], "who": f"{c['victim_country']} {c['victim_kind']} per {c['claimant']}"
             f" ({c['claimant_country']})", "where": "", "id": c["id"]}
            for d in dicts for c in d["claims"]
        ]
        _emit(rows, "table", ["file", "kind", "id", "what", "when", "who", "where"])
    if rejected:
        ctx.exit(1)


@cli.command()
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold file in the eventwire-gold/1 format.")
@click.option("--fusion", "fusion_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Multi-article fusion set (eventwire-fusion/1): scores cross-article fusion pairwise.")
@click.option("--types", "types_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="PLOVER type table (type<TAB>sentence): classify each sentence alone, print accuracy.")
@click.option("--articles", "articles_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder holding the articles the gold names (with --gold or --fusion).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--diff", is_flag=True, help="Also list unmatched gold and spurious system items per article.")
@click.option("--similarity", type=click.Choice(["lexical", "embedding"]), default=None,
              help="With --fusion: the text similarity fusion weighs (overrides the fusion_similarity setting).")
@_THOROUGH
@click.pass_context
def evaluate(ctx: click.Context, gold_path: Path | None, fusion_path: Path | None, types_path: Path | None,
             articles_dir: Path | None, fmt: str, diff: bool, similarity: str | None, thorough: bool) -> None:
    """Score extraction against a gold file, exactly as shared/gold/README.md describes.

    Prints a table per article and a total, ending with one line
    ``claims P=… R=… F1=… | events R=… P(violent)=… | metadata=…``. With ``--fusion`` it scores
    cross-article fusion instead (pairwise precision/recall over aligned event reports); with
    ``--types`` the event-type classification of single sentences (accuracy per type).

    \b
    Example:
      eventwire evaluate --gold ../shared/gold/samples.json --articles examples/
      eventwire evaluate --fusion tests/data/fusion/clusters.json --articles tests/data/fusion/articles
      eventwire evaluate --types tests/data/plover_sentences.tsv
    """
    from .evaluate.fusion_set import evaluate_fusion_folder
    from .evaluate.runner import evaluate_folder
    from .extract.output import result_to_dict
    from .ingest import iter_documents
    from .model import ArticleResult
    from .pipeline import clean_documents
    from .resolve.places import Gazetteer

    if sum(p is not None for p in (gold_path, fusion_path, types_path)) != 1:
        raise click.UsageError("give exactly one of --gold, --fusion or --types")
    if types_path is None and articles_dir is None:
        raise click.UsageError("--gold and --fusion need --articles FOLDER")
    settings = _settings(ctx)
    if similarity is not None:
        settings = Settings({**settings.values, "fusion_similarity": similarity})
    extractor = _extractor(_mode(ctx, thorough))
    if types_path is not None:
        from .evaluate.types import check_types, load_type_table

        treport = check_types(load_type_table(types_path), lambda s: _classify_sentence(extractor, s))
        click.echo(json.dumps(treport.to_dict(), indent=2) if fmt == "json" else treport.table())
        return
    assert articles_dir is not None  # guarded by the usage checks above
    gazetteer = Gazetteer.load()

    def extract_path(path: Path) -> ArticleResult:
        items = list(clean_documents(iter_documents([str(path)], settings)))
        articles = [a for a in items if isinstance(a, Article)]
        if not articles:
            raise EventwireError(f"{path}: {items[0] if items else 'no article'}")
        return extractor.extract(articles[0])

    def same_place(a: str, b: str) -> bool:
        ka = gazetteer.entry_key(a)
        return ka is not None and ka == gazetteer.entry_key(b)

    if fusion_path is not None:
        # the set's own publication dates and outlets go to the cleaner, as a feed would give them
        fscore = evaluate_fusion_folder(fusion_path, articles_dir, extract_path, matcher=same_place,
                                        extract_article=extractor.extract, settings=settings)
        if fmt == "json":
            click.echo(json.dumps({k: getattr(fscore, k) for k in fscore.__slots__}, indent=2))
        else:
            if diff:
                click.echo(fscore.diff())
            click.echo(fscore.summary_line())
        return
    assert gold_path is not None  # for type checkers; guarded by the usage check above
    report = evaluate_folder(gold_path, articles_dir, lambda p: result_to_dict(extract_path(p)),
                             place_matcher=same_place)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(report.table())
    if diff:
        click.echo(report.diff())
    click.echo(report.summary_line())


@cli.group(invoke_without_command=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--outlet", default=None, help="Only articles from this outlet.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Published on or after (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Published on or before (YYYY-MM-DD).")
@click.pass_context
def articles(ctx: click.Context, fmt: str, limit: int, offset: int, outlet: str | None, since, until) -> None:  # type: ignore[no-untyped-def]
    """List stored articles (or `articles show ID` for one).

    \b
    Example:
      eventwire articles --format csv --since 2022-09-01
      eventwire articles show 3f2a
    """
    if ctx.invoked_subcommand is not None:
        return
    with _open_store(ctx) as store:
        rows = [_article_row(a) for a in store.list_articles(
            limit=limit, offset=offset, outlet=outlet,
            since=since.date() if since else None, until=until.date() if until else None)]
    _emit(rows, fmt, ["id", "published", "outlet", "byline", "title", "words", "name"], title="articles")


@articles.command("show")
@click.argument("article_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--raw", is_flag=True, help="Show the raw text instead of the cleaned text.")
@click.pass_context
def articles_show(ctx: click.Context, article_id: str, fmt: str, raw: bool) -> None:
    """Show one article (id or unique id prefix) with its metadata, events and claims.

    \b
    Example:
      eventwire articles show 3f2a --format json
    """
    from .extract.output import result_to_dict

    with _open_store(ctx) as store:
        result = store.get_result(article_id)
    a = result.article
    data = _article_row(a) | result_to_dict(result) | {"dateline": a.dateline}
    if fmt == "json":
        data["text"] = a.raw_text if raw else a.text
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    meta = Table(show_header=False, title=a.title or a.name)
    for k in ("id", "name", "published", "outlet", "byline", "dateline", "url", "source", "format", "words"):
        meta.add_row(k, _flat(data.get(k)))
    out.print(meta)
    out.print(a.raw_text if raw else a.text, highlight=False)
    if data["events"]:
        _emit(data["events"], "table", ["id", "type", "date", "actors", "countries", "places"], title="events")
    if data["claims"]:
        _emit(data["claims"], "table", ["id", "event", "outcome", "low", "high", "victim_country",
                                        "victim_kind", "claimant", "claimant_country", "as_of"], title="claims")


def _event_filter(since, until, country, type_, place, bbox, min_deaths):  # type: ignore[no-untyped-def]
    from .fuse.query import EventFilter

    box = None
    if bbox:
        try:
            box = tuple(float(x) for x in bbox.split(","))
        except ValueError:
            box = ()
        if len(box) != 4:
            raise click.BadParameter("expected MIN_LON,MIN_LAT,MAX_LON,MAX_LAT", param_hint="--bbox")
    return EventFilter(since=since.date() if since else None, until=until.date() if until else None,
                       country=country, type=type_, place=place, bbox=box, min_deaths=min_deaths)


def _filter_options(fn):  # type: ignore[no-untyped-def]
    opts = [
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events on or after (YYYY-MM-DD)."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events on or before (YYYY-MM-DD)."),
        click.option("--country", help="ISO alpha-3 of a side, e.g. UKR."),
        click.option("--type", "type_", type=click.Choice(EVENT_TYPES, case_sensitive=False), help="Event type."),
        click.option("--place", help="A place name the event names."),
        click.option("--bbox", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT"),
        click.option("--min-deaths", type=int, help="Only events whose best killed figure is at least this."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


# The sort names of ``eventwire.store.EVENT_SORTS``, repeated so the CLI starts without importing
# SQLAlchemy; tests/test_cli_events.py checks that the two agree.
_EVENT_SORTS = ("date", "deaths", "reports", "type")


@cli.group(invoke_without_command=True)
@_filter_options
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--sort", type=click.Choice([f"{sign}{k}" for k in _EVENT_SORTS for sign in ("", "-")]),
              default="date", show_default=True,
              help="Order by date, deaths (best killed figure), reports or type; '-' prefix: descending.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many events.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many events first (page with --limit).")
@click.pass_context
def events(ctx: click.Context, since, until, country, type_, place, bbox, min_deaths, fmt, sort,  # type: ignore[no-untyped-def]
           limit, offset) -> None:
    """List fused events (every report of one real event fused into one row).

    Filtering, ordering and paging run in the store; ties are broken by event id, so pages taken
    with --limit/--offset neither skip nor repeat events.

    \b
    Example:
      eventwire events --country ARM --since 2022-09-01 --format csv
      eventwire events --bbox 45,39,47,41 --min-deaths 10
      eventwire events --sort -deaths --limit 20 --offset 20
    """
    if ctx.invoked_subcommand is not None:
        return
    from .export.views import event_summary

    f = _event_filter(since, until, country, type_, place, bbox, min_deaths)
    with _open_store(ctx) as store:
        found = store.events(since=f.since, until=f.until, country=f.country, type=f.type, place=f.place,
                             bbox=f.bbox, min_deaths=f.min_deaths, sort=sort, limit=limit, offset=offset)
    _emit([event_summary(e) for e in found], fmt,
          ["id", "type", "date", "countries", "places", "deaths_low", "deaths_best", "deaths_high", "reports",
           "outlets", "contradiction"], title="events")


@events.command("fuse")
@click.option("--full", is_flag=True, help="Recompute every event (analyst decisions still apply).")
@click.pass_context
def events_fuse(ctx: click.Context, full: bool) -> None:
    """Fuse stored event mentions into events (ingest does this incrementally by itself).

    \b
    Example:
      eventwire events fuse --full
    """
    from .fuse.service import fuse_store

    with _open_store(ctx) as store:
        run = fuse_store(store, full=full, settings=_settings(ctx))
    out.print(f"fusion: {run.mentions} reports -> {run.events} events ({run.changed_events} updated, "
              f"{run.compared_pairs} pairs compared)", highlight=False)


@events.command("split")
@click.argument("event_id")
@click.option("--analyst", help="Who decided (recorded with the decision).")
@click.pass_context
def events_split(ctx: click.Context, event_id: str, analyst: str | None) -> None:
    """Undo a fusion: keep every report of EVENT_ID apart from now on.

    \b
    Example:
      eventwire events split ev-a10a4c2b --analyst jd
    """
    from .fuse.service import split_event

    with _open_store(ctx) as store:
        run = split_event(store, event_id, analyst=analyst)
    out.print(f"split {event_id}: now {run.events} events", highlight=False)


@events.command("merge")
@click.argument("event_ids", nargs=-1, required=True)
@click.option("--analyst", help="Who decided (recorded with the decision).")
@click.pass_context
def events_merge(ctx: click.Context, event_ids: tuple[str, ...], analyst: str | None) -> None:
    """Force two or more events into one (kept across re-fusions).

    \b
    Example:
      eventwire events merge ev-a10a4c2b ev-b364675f
    """
    from .fuse.service import merge_events

    if len(event_ids) < 2:
        raise click.UsageError("merge needs at least two event ids")
    with _open_store(ctx) as store:
        run = merge_events(store, event_ids, analyst=analyst)
    out.print(f"merged {len(event_ids)} events: now {run.events} events", highlight=False)


@cli.command()
@click.argument("event_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def event(ctx: click.Context, event_id: str, fmt: str) -> None:
    """Show one fused event: its reports, claims by claimant over time with quotes, and flags.

    \b
    Example:
      eventwire event ev-a10a4c2b --format json
    """
    from .export import ExportData
    from .export.views import event_detail

    with _open_store(ctx) as store:
        e = store.get_event(event_id)
        mentions = {m.id: m for m in store.mentions_by_ids(e.mention_ids)}
        articles = {a.id: a for a in store.articles_by_ids(list(e.article_ids))}
    detail = event_detail(e, ExportData(events=[e], mentions=mentions, articles=articles))
    if fmt == "json":
        click.echo(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    head = Table(show_header=False, title=f"{e.type} {e.date.start} .. {e.date.end}")
    for k in ("id", "countries", "actors", "outlets", "sides", "deaths_best", "contradiction"):
        head.add_row(k, _flat(detail[k]))
    head.add_row("places", _flat([p["name"] for p in detail["places"]]))
    out.print(head)
    _emit([r | {"evidence": r["evidence"]["text"]} for r in detail["reports"]], "table",
          ["published", "outlet", "type", "date", "places", "flags", "evidence"],
          title="reports")
    for sr in detail["series"]:
        flag = " · CONTRADICTION" if sr["contradiction"] else ""
        title = (f"{sr['outcome']} · victims {sr['victim_country']} {sr['victim_kind']} · low/best/high "
                 f"{sr['low']}/{sr['best']}/{sr['high']} ({sr['rule']}){flag}")
        rows = [c | {"figure": c["low"] if c["low"] == c["high"] else f"{c['low']}-{c['high']}"} for c in sr["claims"]]
        _emit(rows, "table", ["as_of", "claimant", "claimant_country", "figure", "status", "quote"], title=title)


@cli.command()
@click.option("--event", "event_id", help="Only claims of this fused event.")
@click.option("--outcome", type=click.Choice(["killed", "wounded", "captured", "missing"]))
@click.option("--victim-country")
@click.option("--claimant-country")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--limit", type=int, default=None)
@click.pass_context
def claims(ctx: click.Context, event_id, outcome, victim_country, claimant_country, fmt, limit) -> None:  # type: ignore[no-untyped-def]
    """List casualty claims with claimant, as-of day, quote, and revision status.

    \b
    Example:
      eventwire claims --victim-country AZE --outcome killed
      eventwire claims --event ev-a10a4c2b --format csv
    """
    from .export.tabular import claim_rows
    from .export.views import load_bundle

    with _open_store(ctx) as store:
        data = load_bundle(store)
    rows = claim_rows(data)
    if event_id:
        rows = [r for r in rows if r["event_id"] and r["event_id"].startswith(event_id)]
    want = {"outcome": outcome, "victim_country": victim_country and victim_country.upper(),
            "claimant_country": claimant_country and claimant_country.upper()}
    rows = [r for r in rows if all(v is None or r[k] == v for k, v in want.items())]
    rows.sort(key=lambda r: (r["event_id"] or "", r["victim_country"] or "", r["outcome"], r["as_of"]))
    _emit(rows[:limit] if limit else rows, fmt,
          ["event_id", "outcome", "low", "high", "victim_country", "victim_kind", "claimant", "claimant_country",
           "as_of", "status", "quote"], title="claims")


@cli.command()
@_filter_options
@click.option("--by", type=click.Choice(["day", "week"]), default="day", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def timeline(ctx: click.Context, since, until, country, type_, place, bbox, min_deaths, by, fmt) -> None:  # type: ignore[no-untyped-def]
    """Events and deaths by victim side per day or week, with low/best/high.

    \b
    Example:
      eventwire timeline --by week --country UKR --format json
    """
    from .export.views import load_bundle
    from .fuse.query import timeline as build

    with _open_store(ctx) as store:
        data = load_bundle(store, _event_filter(since, until, country, type_, place, bbox, min_deaths))
    buckets = build(list(data.events), by=by)
    rows: list[dict[str, Any]] = [
        {"start": b.start.isoformat(), "events": b.events, "by_type": dict(b.by_type),
         "deaths": {side: {"low": lo, "best": best, "high": hi} for side, lo, best, hi in b.deaths}}
        for b in buckets]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"timeline by {by}")
    for c in ("start", "events", "types", "deaths by side (low/best/high)", ""):
        table.add_column(c)
    peak = max((sum(d["best"] for d in r["deaths"].values()) for r in rows), default=0) or 1
    for r in rows:
        total = sum(d["best"] for d in r["deaths"].values())
        table.add_row(r["start"], str(r["events"]), ", ".join(f"{k} {v}" for k, v in r["by_type"].items()),
                      ", ".join(f"{s} {d['low']}/{d['best']}/{d['high']}" for s, d in r["deaths"].items()),
                      "█" * max(1 if total else 0, round(30 * total / peak)))
    out.print(table)


@cli.command("export")
@_filter_options
@click.option("--format", "fmt", required=True,
              type=click.Choice(["acled", "plover", "geojson", "parquet", "claims-csv"]))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="File (folder for parquet); default stdout.")
@click.pass_context
def export_cmd(ctx: click.Context, since, until, country, type_, place, bbox, min_deaths, fmt, output) -> None:  # type: ignore[no-untyped-def]
    """Export fused events: ACLED-style CSV, PLOVER JSON Lines, GeoJSON, Parquet, or claims CSV.

    \b
    Example:
      eventwire export --format acled -o events.csv
      eventwire export --format parquet -o out/
    """
    from .export.acled import write_acled_csv
    from .export.geo import write_geojson
    from .export.plover import write_plover_jsonl
    from .export.tabular import write_claims_csv, write_parquet
    from .export.views import load_bundle

    with _open_store(ctx) as store:
        data = load_bundle(store, _event_filter(since, until, country, type_, place, bbox, min_deaths))
    if fmt == "parquet":
        if output is None:
            raise click.UsageError("--format parquet needs --output FOLDER")
        counts = write_parquet(data, output)
        err.print(f"wrote {counts['events']} events and {counts['claims']} claims to {output}/")
        return
    writer = {"acled": write_acled_csv, "plover": write_plover_jsonl, "geojson": write_geojson,
              "claims-csv": write_claims_csv}[fmt]
    if output is None:
        n = writer(data, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            n = writer(data, fh)
    err.print(f"wrote {n} rows ({fmt})")


@cli.group()
def db() -> None:
    """Database schema management."""


@db.command("migrate")
@click.pass_context
def db_migrate(ctx: click.Context) -> None:
    """Apply pending schema migrations (named and recorded).

    \b
    Example:
      eventwire --db postgresql://localhost/eventwire db migrate
    """
    from .store import Store

    with Store.open(_settings(ctx).db, create=False) as store:
        applied = store.migrate()
        history = store.migrations()
    out.print(f"applied {len(applied)} migration(s): {', '.join(applied) or 'none pending'}")
    for name, at in history:
        out.print(f"  {name}  {at:%Y-%m-%d %H:%M:%S}")


@cli.command("settings")
def settings_cmd() -> None:
    """List every setting with its default and environment variable.

    \b
    Example:
      eventwire settings
    """
    _emit([{"name": s.name, "env": f"EVENTWIRE_{s.name.upper()}", "default": s.default, "help": s.help}
           for s in SETTINGS], "table", ["name", "env", "default", "help"], title="settings")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the REST API (/api, /openapi.json) and the dashboard (/) over the store.

    Write endpoints need the token setting (EVENTWIRE_TOKEN); without it they answer 403.

    \b
    Example:
      EVENTWIRE_TOKEN=secret eventwire --db events.db serve --port 8080
    """
    import uvicorn

    from .serve import create_app
    from .store import Store

    settings = _settings(ctx)
    with Store.open(settings.db) as store:
        uvicorn.run(create_app(settings, store), host=host, port=port, log_level="info")


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: one clear line and exit 2 for any eventwire error."""
    try:
        rc = cli.main(args=argv, prog_name="eventwire", standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except EventwireError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
