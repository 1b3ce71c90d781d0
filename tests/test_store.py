"""Store contract tests, run against SQLite and PostgreSQL (see the ``store`` fixture)."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import ConfigError, MigrationError, NotFoundError, StoreError
from eventwire.model import Article, ArticleResult
from eventwire.store import MIGRATIONS, Store
from eventwire.store.engine import parse_url
from eventwire.store.load import _successor

MakeArticle = Callable[..., Article]
MakeResult = Callable[..., ArticleResult]


def _count(url: str, table: str, where: str = "") -> int:
    """Rows in ``table`` read over a connection of its own (not through the Store)."""
    engine = sa.create_engine(parse_url(url))
    try:
        with engine.connect() as conn:
            t = sa.Table(table, sa.MetaData(), autoload_with=conn)
            query = sa.select(sa.func.count()).select_from(t)
            if where:
                query = query.where(t.c.article_id == where)
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


# -- URLs ---------------------------------------------------------------------------------------

def test_parse_url_maps_paths_and_postgres_schemes() -> None:
    assert parse_url("data/ew.db").drivername == "sqlite"
    assert parse_url("data/ew.db").database == "data/ew.db"
    assert parse_url("sqlite:///x.db").database == "x.db"
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgresql+psycopg://u@h/db").database == "db"


@pytest.mark.parametrize("url", ["", "mysql://u@h/db", "postgresql+psycopg2://u@h/db", "sqlite+foo:///x"])
def test_parse_url_rejects_unsupported(url: str) -> None:
    with pytest.raises(ConfigError):
        parse_url(url)


def test_open_makes_sqlite_folder_only_with_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unable to open"):
        Store.open(str(tmp_path / "missing" / "ew.db"), create=False)
    assert not (tmp_path / "missing").exists()
    with Store.open(str(tmp_path / "missing" / "ew.db")) as created:
        assert created.count_articles() == 0


def test_unreachable_postgresql_is_a_store_error() -> None:
    # Port 1 on the loopback refuses connections at once; the password must not leak.
    with pytest.raises(StoreError) as caught:
        Store.open("postgresql://someone:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(caught.value)


def test_in_memory_sqlite_store_works(make_result: MakeResult) -> None:
    result = make_result()
    with Store.open("sqlite://") as memory:
        assert memory.add_results([result]) == [True]
        assert memory.get_result(result.article.id) == result


@given(prefix=st.text(max_size=4), other=st.text(max_size=6))
def test_id_prefix_range_holds_exactly_the_strings_with_that_prefix(prefix: str, other: str) -> None:
    upper = _successor(prefix)
    for candidate in (other, prefix + other, prefix):
        in_range = prefix <= candidate and (upper is None or candidate < upper)
        assert in_range == candidate.startswith(prefix)


def test_successor_skips_surrogates_and_tops_out() -> None:
    assert _successor("ab") == "ac"
    assert _successor("a\ud7ff") == "a\ue000"
    assert _successor("a\U0010ffff") == "b"
    assert _successor("\U0010ffff") is None
    assert _successor("") is None


# -- migrations ---------------------------------------------------------------------------------

def test_migrations_are_recorded_in_order_and_idempotent(store: Store, store_url: str) -> None:
    history = store.migrations()
    assert [name for name, _ in history] == [m.name for m in MIGRATIONS]
    assert all(at.tzinfo is not None and abs((datetime.now(UTC) - at).total_seconds()) < 600
               for _, at in history)
    assert store.migrate() == []
    with Store.open(store_url) as again:
        assert again.migrations() == history
        assert again.migrate() == []


def test_open_without_create_leaves_schema_then_migrate_applies_all(store_url: str) -> None:
    with Store.open(store_url, create=False) as fresh:
        assert fresh.migrations() == []
        assert fresh.migrate() == [m.name for m in MIGRATIONS]
        assert fresh.migrate() == []
        assert [n for n, _ in fresh.migrations()] == [m.name for m in MIGRATIONS]


def test_concurrent_first_opens_apply_each_migration_once(store_url: str) -> None:
    errors: list[BaseException] = []
    applied: list[list[str]] = []

    def opener() -> None:
        try:
            with Store.open(store_url, create=False) as fresh:
                applied.append(fresh.migrate())
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(name for names in applied for name in names) == sorted(m.name for m in MIGRATIONS)
    with Store.open(store_url) as store:
        assert [n for n, _ in store.migrations()] == [m.name for m in MIGRATIONS]


def test_sqlite_store_is_in_wal_mode(tmp_path: Path, make_result: MakeResult) -> None:
    # (That the store's connections enforce foreign keys shows in
    # test_replace_result_swaps_extraction_atomically: actors go with their mentions by cascade.)
    path = tmp_path / "ew.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.add_results([make_result()])
        con = sqlite3.connect(path)
        try:
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            con.execute("PRAGMA foreign_keys=ON")
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()


def test_opening_an_up_to_date_sqlite_store_never_waits_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "ew.db"
    Store.open(str(path)).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    try:
        started = time.monotonic()
        with Store.open(str(path)) as reader:
            assert reader.count_articles() == 0
        assert time.monotonic() - started < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_database_newer_than_code_raises_migration_error(store: Store, store_url: str) -> None:
    engine = sa.create_engine(parse_url(store_url))
    with engine.begin() as conn:
        t = sa.Table("schema_migrations", sa.MetaData(), autoload_with=conn)
        conn.execute(sa.insert(t), {"name": "9999_from_the_future", "applied_at": datetime(2030, 1, 1)})
    engine.dispose()
    for create in (True, False):
        with pytest.raises(MigrationError, match="9999_from_the_future"):
            Store.open(store_url, create=create)


# -- writing ------------------------------------------------------------------------------------

def test_add_article_then_duplicate_is_noop(store: Store, make_article: MakeArticle) -> None:
    article = make_article()
    assert not store.has_article(article.id)
    assert store.add_article(article) is True
    assert store.has_article(article.id)
    changed = dataclasses.replace(article, title="another title")
    assert store.add_article(changed) is False
    assert store.count_articles() == 1
    assert store.get_article(article.id) == article


def test_add_results_reports_new_and_duplicates_and_keeps_first_extraction(
        store: Store, store_url: str, make_result: MakeResult) -> None:
    first, second, third = make_result(mentions=3, claims=2), make_result(), make_result(mentions=0)
    assert store.add_results([first]) == [True]
    other_extraction = make_result(first.article, mentions=1, claims=5)
    flags = store.add_results([second, other_extraction, third, second])
    assert flags == [True, False, True, False]
    assert store.count_articles() == 3
    assert store.get_result(first.article.id) == first
    assert store.get_result(second.article.id) == second
    assert store.get_result(third.article.id) == third
    assert _count(store_url, "mentions") == 3 + 2 + 0
    assert _count(store_url, "claims") == 2 + 2 + 2
    assert _count(store_url, "actors") == 3 * 5  # 3 + 2 mentions, each 1 agent + 2 targets
    assert _count(store_url, "places") == (3 + 2) * 2
    assert store.add_results([]) == []


def test_large_article_round_trips(store: Store, make_result: MakeResult) -> None:
    text = "Ein Satz über Ereignisse — 事件の報告. " * 60_000  # about 2.3 million characters
    result = make_result(text=text, mentions=1, claims=1)
    assert store.add_results([result]) == [True]
    assert store.get_result(result.article.id[:10]) == result


def test_result_with_foreign_mention_is_refused_and_nothing_stored(
        store: Store, make_result: MakeResult) -> None:
    good, bad = make_result(), make_result()
    stray = dataclasses.replace(bad.mentions[0], article_id=good.article.id)
    bad = dataclasses.replace(bad, mentions=(stray,))
    with pytest.raises(StoreError, match="holds EventMention"):
        store.add_results([good, bad])
    assert store.count_articles() == 0


def test_failed_batch_is_rolled_back_whole(store: Store, make_result: MakeResult) -> None:
    ok = make_result()
    clash = make_result()
    # Two mentions with one id violate the primary key after the articles were inserted.
    clash = dataclasses.replace(clash, mentions=(clash.mentions[0], clash.mentions[0]))
    with pytest.raises(StoreError):
        store.add_results([ok, clash])
    assert store.count_articles() == 0
    assert store.add_results([ok]) == [True]


def test_nul_characters_are_refused_on_every_backend(store: Store, make_article: MakeArticle) -> None:
    with pytest.raises(StoreError, match="NUL"):
        store.add_article(make_article(title="bad\x00title"))
    with pytest.raises(StoreError, match="NUL"):
        store.record_rejection("in\x00put", "binary", None)
    assert store.count_articles() == 0


def test_replace_result_swaps_extraction_atomically(
        store: Store, store_url: str, make_result: MakeResult) -> None:
    old = make_result(mentions=3, claims=3)
    neighbour = make_result()
    store.add_results([old, neighbour])
    new = make_result(dataclasses.replace(old.article, title="re-cleaned"), mentions=1, claims=1)
    store.replace_result(new)
    assert store.get_result(old.article.id) == new
    assert store.get_result(neighbour.article.id) == neighbour
    assert _count(store_url, "mentions", where=old.article.id) == 1
    assert _count(store_url, "claims", where=old.article.id) == 1
    assert _count(store_url, "actors") == 3 * (1 + 2)  # orphans of the old mentions are gone
    # A replacement that fails half-way leaves the previous extraction in place.
    broken = dataclasses.replace(new, claims=(new.claims[0], new.claims[0]))
    with pytest.raises(StoreError):
        store.replace_result(broken)
    assert store.get_result(old.article.id) == new


def test_replace_result_of_unknown_article_raises_not_found(store: Store, make_result: MakeResult) -> None:
    with pytest.raises(NotFoundError):
        store.replace_result(make_result())
    assert store.count_articles() == 0


def test_rejections_are_logged(store: Store) -> None:
    store.record_rejection("feed.xml", "malformed feed", None)
    store.record_rejection("items.jsonl", "bad JSON", 7)
    assert [(r.source, r.reason, r.line) for r in store.rejections()] == [
        ("feed.xml", "malformed feed", None), ("items.jsonl", "bad JSON", 7)]
    assert len(store.rejections(limit=1)) == 1


def test_concurrent_writers_store_each_article_once(
        store_url: str, store: Store, make_result: MakeResult) -> None:
    results = [make_result(mentions=2, claims=1) for _ in range(60)]
    outcomes: list[list[bool]] = []
    errors: list[BaseException] = []

    def writer(order: list[ArticleResult], shared: Store | None) -> None:
        try:
            with Store.open(store_url) if shared is None else _borrow(shared) as mine:
                for i in range(0, len(order), 7):
                    outcomes.append(mine.add_results(order[i:i + 7]))
        except BaseException as e:  # reported below; a thread cannot raise into the test
            errors.append(e)

    orders = (results, results[::-1], results[20:] + results[:20], results[5:] + results[:5])
    # Two writers open their own Store; two share the fixture's Store (and its connection pool).
    threads = [threading.Thread(target=writer, args=(order, store if i >= 2 else None))
               for i, order in enumerate(orders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(flag for batch in outcomes for flag in batch) == len(results)
    assert store.count_articles() == len(results)
    assert _count(store_url, "mentions") == 2 * len(results)
    assert _count(store_url, "claims") == len(results)
    assert all(store.get_result(r.article.id) == r for r in results[::10])


@contextlib.contextmanager
def _borrow(store: Store) -> Iterator[Store]:
    yield store  # the fixture closes it


# -- reading ------------------------------------------------------------------------------------

def test_get_article_accepts_unique_prefix_only(store: Store, make_article: MakeArticle) -> None:
    for aid in ("abc123", "abc456", "abd789", "xy", "xyz"):
        store.add_article(make_article(id=aid))
    assert store.get_article("abc1").id == "abc123"
    assert store.get_article("abd").id == "abd789"
    assert store.get_article("xy").id == "xy"  # an exact id wins over being a prefix
    assert store.get_result("abc4").article.id == "abc456"
    for bad in ("abc", "a", "", "zzz", "ab%", "a_c", "abc1234", "ABC1", "Abd"):
        with pytest.raises(NotFoundError):
            store.get_article(bad)
    with pytest.raises(NotFoundError, match="ambiguous"):
        store.get_result("ab")


def test_list_articles_filters_orders_and_pages(store: Store, make_article: MakeArticle) -> None:
    days = [date(2024, 3, d) for d in (5, 1, 9, 3)]
    made = [make_article(published=d, outlet="North Post" if i % 2 else "South Times")
            for i, d in enumerate(days)]
    undated = make_article(published=None)
    for a in [*made, undated]:
        store.add_article(a)
    listed = store.list_articles()
    assert [a.published for a in listed] == [*sorted(days), None]
    assert store.list_articles(limit=2, offset=1) == listed[1:3]
    assert [a.published for a in store.list_articles(since=date(2024, 3, 3), until=date(2024, 3, 5))] == [
        date(2024, 3, 3), date(2024, 3, 5)]
    assert {a.id for a in store.list_articles(outlet="North Post")} == {made[1].id, made[3].id}
    assert store.list_articles(outlet="Nobody") == []
    assert store.count_articles() == 5


def test_iter_results_yields_every_match_in_small_chunks(store: Store, make_result: MakeResult) -> None:
    results = [make_result(published=date(2024, 5, 1 + i)) for i in range(9)]
    store.add_results(results)
    got = list(store.iter_results(chunk=2))
    assert sorted(r.article.id for r in got) == [r.article.id for r in got]
    assert {r.article.id: r for r in got} == {r.article.id: r for r in results}
    later = list(store.iter_results(since=date(2024, 5, 7), chunk=3))
    assert {r.article.published for r in later} == {date(2024, 5, d) for d in (7, 8, 9)}


def test_mentions_filter_by_date_overlap_country_type(store: Store, make_result: MakeResult) -> None:
    r1 = make_result(mentions=3, published=date(2024, 6, 10))  # ranges 9..10 June
    r2 = make_result(mentions=1, published=date(2024, 6, 20))
    store.add_results([r1, r2])
    everything = store.mentions()
    assert len(everything) == 4
    assert [m.date.start for m in everything] == sorted(m.date.start for m in everything)
    assert {m.id for m in store.mentions(since=date(2024, 6, 10), until=date(2024, 6, 10))} == {
        m.id for m in r1.mentions}
    assert {m.id for m in store.mentions(since=date(2024, 6, 11))} == {r2.mentions[0].id}
    with_aaa = store.mentions(country="AAA")
    assert with_aaa and all("AAA" in m.countries for m in with_aaa)
    assert {m.id for m in with_aaa} == {m.id for r in (r1, r2) for m in r.mentions if "AAA" in m.countries}
    assert store.mentions(country="ZZZ") == []
    assert store.mentions(country='A"') == []
    first_type = r1.mentions[0].type
    assert all(m.type == first_type for m in store.mentions(type=first_type))
    assert len(store.mentions(limit=2)) == 2
    found = {m.id: m for m in everything}
    assert all(found[m.id] == m for m in r1.mentions)  # actors and places come back too


def test_claims_filter_by_article_outcome_and_countries(store: Store, make_result: MakeResult) -> None:
    r1, r2 = make_result(claims=4), make_result(claims=2)
    store.add_results([r1, r2])
    assert store.claims(article_id=r1.article.id) == list(r1.claims)
    assert len(store.claims()) == 6
    killed = store.claims(outcome="killed")
    assert killed and all(c.outcome == "killed" for c in killed)
    assert {c.id for c in store.claims(victim_country="AAA")} == {
        c.id for r in (r1, r2) for c in r.claims if c.victim_country == "AAA"}
    assert store.claims(claimant_country="ZZZ") == []
    assert len(store.claims(claimant_country="BBB", limit=3)) == 3
