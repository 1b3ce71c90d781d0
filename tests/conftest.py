"""Shared test fixtures: record factories and stores on both backends.

Factories (plain functions, also importable by helper subprocesses, and as fixtures):

- ``build_article(**overrides) -> Article``: a valid article; each call without ``text`` gets a new
  text and therefore a new content id.
- ``build_result(article=None, *, mentions=2, claims=2, **article_overrides) -> ArticleResult``:
  an article with ``mentions`` event mentions (agents, targets, places, spans) and ``claims``.

Stores: ``store`` is parametrized over ``sqlite`` (a file in ``tmp_path``) and ``postgresql`` (a
fresh schema in the server named by ``EVENTWIRE_TEST_PG_URL``, dropped afterwards). Without that
variable the PostgreSQL cases are skipped with a loud reason, and fail when ``CI`` is set:
start a server with ``eval "$(bash .ci/postgres.sh)"``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import itertools
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import sqlalchemy as sa

from eventwire.model import (
    EVENT_TYPES,
    OUTCOMES,
    Actor,
    Article,
    ArticleResult,
    Claim,
    DateRange,
    EventMention,
    MetaSource,
    OffsetMap,
    Place,
    Span,
)

PG_ENV = "EVENTWIRE_TEST_PG_URL"
TEST_DATA = Path(__file__).resolve().parent / "data"
_counter = itertools.count(1)


def build_article(**overrides: Any) -> Article:
    """A valid Article; ``overrides`` replace any field (``id`` defaults to a hash of ``text``)."""
    n = next(_counter)
    text = overrides.pop("text", None) or (
        f"Dispatch {n}. Forces of one side shelled a village near the border on Monday, "
        f"officials said. Two soldiers were reported killed and three wounded in report {n}.")
    raw = overrides.pop("raw_text", None) or "\n" + text + "\n"
    fields: dict[str, Any] = {
        "id": hashlib.sha256(text.encode()).hexdigest()[:24],
        "name": f"a{n:05d}.txt",
        "source": f"/corpus/a{n:05d}.txt",
        "fmt": "text",
        "raw_text": raw,
        "text": text,
        "offsets": OffsetMap(segments=((0, 1, len(text)),), clean_length=len(text), raw_length=len(raw)),
        "title": f"Dispatch {n}",
        "outlet": "Example Wire",
        "byline": "A. Writer",
        "url": f"https://news.example/{n}",
        "published": date(2024, 1, 1) + timedelta(days=n % 300),
        "dateline": "CAPITAL",
        "language": "en",
        "meta_sources": (MetaSource(field="outlet", how="given"),
                         MetaSource(field="title", how="header", span=Span(start=1, end=9, text=raw[1:9]))),
    }
    fields.update(overrides)
    return Article(**fields)


def build_result(article: Article | None = None, *, mentions: int = 2, claims: int = 2,
                 **article_overrides: Any) -> ArticleResult:
    """An ArticleResult for ``article`` (built if None) with that many mentions and claims."""
    a = article or build_article(**article_overrides)
    text = a.raw_text

    def span(start: int, end: int) -> Span:
        start, end = min(start, len(text)), min(end, len(text))
        return Span(start=start, end=end, text=text[start:end])

    published = a.published or date(2024, 1, 1)
    ms = tuple(
        EventMention(
            id=f"{a.id}-e{i}", article_id=a.id, type=EVENT_TYPES[i % len(EVENT_TYPES)],
            date=DateRange(start=published - timedelta(days=1), end=published,
                           precision="range" if i % 2 else "day", anchor="on Monday",
                           span=span(40, 49) if i % 2 == 0 else None),
            span=span(0, 60 + i), mode="artillery" if i % 2 else None,
            agents=(Actor(text="Forces", name="Armed forces", country="AAA", sector="military",
                          span=span(12, 18)),),
            targets=(Actor(text="village", name="Civilians", country="BBB", sector="civilians"),
                     Actor(text="officials", name="Government", country="BBB", sector="government",
                           role="spokesman", person="J. Doe", span=span(70, 79))),
            places=(Place(text="village", name="Borderville", geonameid=100000 + i, lat=40.5 + i,
                          lon=-3.25, country="BBB", admin1="North", precision="place",
                          span=span(35, 42)),
                    Place(text="border", name="Border region", precision="region")),
            countries=("AAA", "BBB") if i % 2 == 0 else ("BBB",),
            trigger=span(25, 32), flags=frozenset({"recap"}) if i % 3 == 2 else frozenset(),
            extractor="test-1")
        for i in range(mentions))
    cs = tuple(
        Claim(
            id=f"{a.id}-c{i}", article_id=a.id, event_id=ms[i % len(ms)].id if ms else None,
            outcome=OUTCOMES[i % len(OUTCOMES)], low=2 + i, high=2 + i + (i % 2) * 3,
            victim_country="BBB" if i % 2 == 0 else "AAA",
            victim_kind="military" if i % 2 == 0 else "civilian",
            claimant=Actor(text="officials", name="Government", country="BBB", sector="government",
                           span=span(70, 79)),
            claimant_country="BBB", as_of=published, span=span(80, 140),
            number_span=span(90, 93) if i % 2 == 0 else None,
            qualifier="range" if i % 2 else "exact", cumulative=i % 3 == 1,
            flags=frozenset({"headline"}) if i == 3 else frozenset(), extractor="test-1")
        for i in range(claims))
    return ArticleResult(article=a, mentions=ms, claims=cs)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Factory fixture: ``make_article(**overrides)``."""
    return build_article


@pytest.fixture
def make_result() -> Callable[..., ArticleResult]:
    """Factory fixture: ``make_result(article=None, *, mentions=2, claims=2, **article_overrides)``."""
    return build_result


def pytest_report_header(config: pytest.Config) -> str:
    if os.environ.get(PG_ENV):
        return f"PostgreSQL store tests: {sa.make_url(os.environ[PG_ENV]).render_as_string()}"
    return (f"!!! {PG_ENV} is not set: PostgreSQL store tests are SKIPPED "
            f"(they FAIL when CI is set). Start one with: eval \"$(bash .ci/postgres.sh)\"")


@pytest.fixture(scope="session")
def _pg_admin() -> Iterator[sa.Engine | None]:
    raw = os.environ.get(PG_ENV)
    if not raw:
        yield None
        return
    url = sa.make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(_pg_admin: sa.Engine | None) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL schema (dropped after the test)."""
    if _pg_admin is None:
        reason = f"{PG_ENV} is not set; run: eval \"$(bash .ci/postgres.sh)\""
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL store tests are required in CI: {reason}")
        pytest.skip(f"PostgreSQL NOT TESTED: {reason}")
    name = f"t_{uuid.uuid4().hex[:16]}"
    with _pg_admin.connect() as conn:
        conn.execute(sa.schema.CreateSchema(name))
    url = _pg_admin.url.update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with _pg_admin.connect() as conn:
            conn.execute(sa.schema.DropSchema(name, cascade=True))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a new SQLite file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """URL of an empty store, once per backend."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    """An open, migrated, empty Store, once per backend."""
    from eventwire.store import Store

    with Store.open(store_url) as opened:
        yield opened


@functools.lru_cache(maxsize=1)
def load_check_gold() -> ModuleType:
    """``tests/data/check_gold.py`` (the gold checker) as a module, loaded once."""
    spec = importlib.util.spec_from_file_location("check_gold", TEST_DATA / "check_gold.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod
