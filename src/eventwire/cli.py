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
from .model import Article, IngestOutcome, Rejection
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
            writer.writerow({k: _flat(row.get(k)) for k in columns})
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


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--no-extract", is_flag=True, help="Store cleaned articles only; skip event/claim extraction.")
@click.option("--batch-size", default=32, show_default=True, help="Articles per store transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(ctx: click.Context, inputs: tuple[str, ...], no_extract: bool, batch_size: int, quiet: bool) -> None:
    """Ingest articles from files, folders, URLs or '-' (stdin) into the store.

    Plain text, HTML, RSS/Atom, WARC and JSON Lines are recognised. Re-ingesting an article already
    stored is a no-op; a bad input is reported on one line and the rest still ingests.

    \b
    Example:
      eventwire ingest examples/ feed.xml crawl.warc.gz articles.jsonl
    """
    from .pipeline import ingest as run_ingest

    settings = _settings(ctx)
    extractor = None if no_extract else _extractor()
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

        summary = run_ingest(inputs, store, settings, extractor=extractor, batch_size=batch_size,
                             stdin=sys.stdin.buffer if "-" in inputs else None, on_outcome=on_outcome)
        stored_total = store.count_articles()
    elapsed = time.perf_counter() - start
    for w in summary.warnings:
        err.print(f"[yellow]warning[/yellow] {w}", highlight=False)
    table = Table(title="ingest summary", show_header=False)
    table.add_row("new", str(summary.new))
    table.add_row("duplicate", str(summary.duplicate))
    table.add_row("rejected", str(len(summary.rejected)))
    if extractor is not None:
        table.add_row("events (new articles)", str(summary.events))
        table.add_row("claims (new articles)", str(summary.claims))
    table.add_row("articles in store", str(stored_total))
    table.add_row("time", f"{elapsed:.1f} s")
    out.print(table)
    out.print(f"ingest: {summary.new} new, {summary.duplicate} duplicate, {len(summary.rejected)} rejected",
              highlight=False)
    for r in summary.rejected:
        out.print(f"  rejected: {r.reason}", highlight=False)
    if summary.rejected:
        ctx.exit(1)


def _extractor():  # type: ignore[no-untyped-def]
    from .extract import Extractor

    return Extractor()


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], fmt: str) -> None:
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
    extractor = _extractor()
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
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Gold file in the eventwire-gold/1 format.")
@click.option("--articles", "articles_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              required=True, help="Folder holding the articles the gold names.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--diff", is_flag=True, help="Also list unmatched gold and spurious system items per article.")
@click.pass_context
def evaluate(ctx: click.Context, gold_path: Path, articles_dir: Path, fmt: str, diff: bool) -> None:
    """Score extraction against a gold file, exactly as shared/gold/README.md describes.

    Prints a table per article and a total, ending with one line
    ``claims P=… R=… F1=… | events R=… P(violent)=… | metadata=…``.

    \b
    Example:
      eventwire evaluate --gold ../shared/gold/samples.json --articles examples/
    """
    from .evaluate.runner import evaluate_folder
    from .extract.output import result_to_dict
    from .ingest import iter_documents
    from .pipeline import clean_documents
    from .resolve.places import Gazetteer

    settings = _settings(ctx)
    extractor = _extractor()
    gazetteer = Gazetteer.load()

    def run(path: Path) -> dict[str, Any]:
        items = list(clean_documents(iter_documents([str(path)], settings)))
        articles = [a for a in items if isinstance(a, Article)]
        if not articles:
            raise EventwireError(f"{path}: {items[0] if items else 'no article'}")
        return result_to_dict(extractor.extract(articles[0]))

    def same_place(a: str, b: str) -> bool:
        pa, pb = gazetteer.lookup(a), gazetteer.lookup(b)
        return pa is not None and pb is not None and pa.geonameid is not None and pa.geonameid == pb.geonameid

    report = evaluate_folder(gold_path, articles_dir, run, place_matcher=same_place)
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
