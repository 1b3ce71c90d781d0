"""``eventwire events``: sorting and paging run in the store, pages neither skip nor repeat events,
and the CLI's sort names are the store's."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store_lists import DAY, _events

from eventwire.cli import _EVENT_SORTS, cli
from eventwire.fuse.query import deaths
from eventwire.model import ArticleResult, Event
from eventwire.store import EVENT_SORTS, Store


@pytest.fixture
def db(tmp_path: Path, make_result: Callable[..., ArticleResult]) -> tuple[Path, list[Event]]:
    path = tmp_path / "events.db"
    with Store.open(f"sqlite:///{path}") as store:
        results = [make_result(mentions=8, claims=2, published=DAY + timedelta(days=i % 2)) for i in range(3)]
        store.add_results(results)
        events = _events([(m.id, r.article.id) for r in results for m in r.mentions], random.Random(5))
        store.replace_events(events, [], full=True)
    return path, events


def _ids(path: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "events", "--format", "json", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [e["id"] for e in json.loads(result.output)]


def test_cli_sorts_are_the_store_sorts() -> None:
    assert _EVENT_SORTS == EVENT_SORTS


def test_sort_descending_by_deaths_with_id_tie_break(db: tuple[Path, list[Event]]) -> None:
    path, events = db
    want = sorted(events, key=lambda e: (deaths(e)["best"], e.date.start, e.id), reverse=True)
    assert _ids(path, "--sort", "-deaths") == [e.id for e in want]
    assert _ids(path, "--sort=reports") == [e.id for e in sorted(
        events, key=lambda e: (len(e.mention_ids), e.date.start, e.id))]


@pytest.mark.parametrize("sort", ["date", "-type"])
def test_pages_concatenate_to_the_whole_list(db: tuple[Path, list[Event]], sort: str) -> None:
    path, events = db
    whole = _ids(path, "--sort", sort)
    assert sorted(whole) == sorted(e.id for e in events) and len(events) > 6
    pages = [_ids(path, "--sort", sort, "--limit", "3", "--offset", str(o)) for o in range(0, len(events), 3)]
    assert [i for p in pages for i in p] == whole and all(len(p) == 3 for p in pages[:-1])
    assert _ids(path, "--sort", sort, "--offset", str(len(events))) == []


def test_csv_page_and_bad_values(db: tuple[Path, list[Event]]) -> None:
    path, _ = db
    out = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "events", "--sort", "-date", "--limit", "2",
                                   "--offset", "1", "--format", "csv"], catch_exceptions=False).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == _ids(path, "--sort", "-date")[1:3]
    for bad in (["--sort", "place"], ["--offset", "-1"]):
        result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "events", *bad])
        assert result.exit_code == 2, result.output
