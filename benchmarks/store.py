"""Event, claim and article lists on a store holding 10k and 100k synthetic fused events.

Fills a fresh store (SQLite in a temporary folder, and PostgreSQL when ``EVENTWIRE_TEST_PG_URL`` is
set: its tables are emptied first, so point it at a scratch database) with N events of 1-3 mentions
each (one article per mention, one killed claim per mention), then times what the REST lists do:
an unfiltered first page, a deep page, each filter (date range, country, type, place, bbox, min
deaths) with its SQL count, every sort, and the claims list filtered by events. Prints the median
milliseconds of a few runs per query and the rows returned.

    python benchmarks/store.py [--sizes 10000 100000] [--runs 3]

Rows are written straight into the tables with SQLAlchemy Core (the store's validated write path
would spend minutes per 100k building records that these list queries never look at); events go
through ``fused.event_row`` so their JSON is exactly what the fusion stage stores.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from eventwire.model import ClaimPoint, ClaimSeries, DateRange, Event, Place
from eventwire.store import EventSelection, Store
from eventwire.store import schema as s
from eventwire.store.fused import event_row

COUNTRIES = [f"C{i:02d}" for i in range(60)]
BASE = date(2021, 1, 1)


def _rows(n_events: int, seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    places = [Place(text=f"Town{i}", name=f"Town{i}", geonameid=i, lat=rng.uniform(-60, 70),
                    lon=rng.uniform(-180, 180), country=COUNTRIES[i % 60], precision="place") for i in range(3000)]
    now = datetime.now(UTC)
    out: dict[str, list[dict[str, Any]]] = {"articles": [], "mentions": [], "claims": [], "events": [],
                                            "event_mentions": []}
    for n in range(n_events):
        day = BASE + timedelta(days=rng.randrange(1826))
        place = rng.choice(places)
        countries = (place.country or "C00", rng.choice(COUNTRIES))
        killed = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 40])
        mids = []
        for r in range(rng.randint(1, 3)):
            aid, mid = f"a{n:07d}-{r}", f"m{n:07d}-{r}"
            text = f"Report {n}/{r}: fighting near {place.name} killed {killed}."
            out["articles"].append({
                "id": aid, "name": f"{aid}.txt", "source": f"/bench/{aid}.txt", "fmt": "text", "raw_text": text,
                "offsets": {"segments": [[0, 0, len(text)]], "clean_length": len(text), "raw_length": len(text)},
                "clean_text": text, "title": f"Fighting near {place.name}",
                "outlet": f"Outlet {rng.randrange(40)}", "byline": None, "url": None,
                "published": day + timedelta(days=r), "dateline": None, "language": "en", "meta_sources": [],
                "content_hash": aid, "ingested_at": now})
            out["mentions"].append({
                "id": mid, "article_id": aid, "ord": 0, "type": "ASSAULT", "mode": None, "date_start": day,
                "date_end": day, "precision": "day", "anchor": "", "span_start": 0, "span_end": len(text),
                "span_text": text, "flags": [], "countries": list(countries), "extractor": "bench"})
            out["claims"].append({
                "id": f"c{n:07d}-{r}", "article_id": aid, "ord": 0, "event_id": mid, "outcome": "killed",
                "low": killed, "high": killed, "qualifier": "exact", "victim_country": countries[1],
                "victim_kind": "civilian", "claimant_text": "officials", "claimant_name": "Officials",
                "claimant_country": countries[0], "as_of": day, "cumulative": False, "span_start": 0,
                "span_end": len(text), "span_text": text, "flags": [], "extractor": "bench"})
            mids.append(mid)
        series = (ClaimSeries(victim_country=countries[1], victim_kind="civilian", outcome="killed", points=(
            ClaimPoint(claim_id=f"c{n:07d}-0", article_id=f"a{n:07d}-0", claimant="Officials",
                       claimant_country=countries[0], low=killed, high=killed, as_of=day, quote=str(killed)),),
            low=killed, best=killed, high=killed, rule="latest-per-side"),) if killed else ()
        eid = f"ev{rng.getrandbits(48):012x}"
        e = Event(id=eid, type=rng.choice(["ASSAULT", "FIGHT", "COERCE"]),
                  date=DateRange(start=day, end=day + timedelta(days=rng.choice([0, 0, 1])), precision="day"),
                  mention_ids=tuple(mids), article_ids=(), countries=countries, places=(place,), actors=(),
                  series=series, outlets=(), sides=countries)
        out["events"].append(event_row(e, now))
        out["event_mentions"].extend({"event_id": eid, "mention_id": m, "ord": i} for i, m in enumerate(mids))
    return out


def fill(engine: sa.Engine, n_events: int) -> float:
    t0 = time.perf_counter()
    data = _rows(n_events)
    with engine.begin() as conn:
        for table in (s.event_mentions, s.events, s.claims, s.mentions, s.articles):
            conn.execute(sa.delete(table))
        for name in ("articles", "mentions", "claims", "events", "event_mentions"):
            rows = data[name]
            for i in range(0, len(rows), 5000):
                conn.execute(sa.insert(s.metadata.tables[name]), rows[i:i + 5000])
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
    return time.perf_counter() - t0


def _time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def queries(store: Store, n: int) -> list[tuple[str, Callable[[], Any]]]:
    mid = BASE + timedelta(days=900)
    filters: dict[str, dict[str, Any]] = {
        "date range (30 days)": {"since": mid, "until": mid + timedelta(days=30)},
        "country": {"country": "C07"},
        "type": {"type": "FIGHT"},
        "place": {"place": "town42"},
        "bbox": {"bbox": (20.0, 40.0, 40.0, 55.0)},
        "bbox across antimeridian": {"bbox": (170.0, -60.0, -170.0, 70.0)},
        "min deaths 40": {"min_deaths": 40},
        "country+type+date": {"country": "C07", "type": "FIGHT", "since": mid, "until": mid + timedelta(days=365)},
    }
    out: list[tuple[str, Callable[[], Any]]] = [
        ("events: first page of 100", lambda: store.events(limit=100)),
        ("events: page at offset n/2", lambda: store.events(limit=100, offset=n // 2)),
        ("count_events: all", lambda: store.count_events()),
    ]
    for name, f in filters.items():
        out.append((f"events: {name}, page", lambda f=f: store.events(**f, limit=100)))
        out.append((f"count_events: {name}", lambda f=f: store.count_events(**f)))
    for sort in ("-date", "deaths", "-deaths", "reports", "type"):
        out.append((f"events: sort {sort}, page", lambda sort=sort: store.events(sort=sort, limit=100)))
    sel = EventSelection(country="C07")
    out += [
        ("claims: first page", lambda: store.claims(limit=100)),
        ("count_claims: all", lambda: store.count_claims()),
        ("claims: events country, page", lambda: store.claims(events=sel, limit=100)),
        ("count_claims: events country", lambda: store.count_claims(events=sel)),
        ("articles: page by -published", lambda: store.list_articles(sort="-published", limit=100)),
        ("articles: page by title", lambda: store.list_articles(sort="title", limit=100)),
        ("count_articles: since", lambda: store.count_articles(since=mid)),
    ]
    return out


def run(url: str, label: str, n: int, runs: int) -> None:
    with Store.open(url) as store:
        secs = fill(store._engine, n)
        print(f"\n{label}, {n:,} events: filled in {secs:.1f} s")
        for name, fn in queries(store, n):
            ms, result = _time(fn, runs)
            size = result if isinstance(result, int) else len(result)
            print(f"  {name:<42} {ms:9.1f} ms  ({size:,})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    pg = os.environ.get("EVENTWIRE_TEST_PG_URL")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            run(f"sqlite:///{Path(tmp) / f'bench{n}.db'}", "SQLite", n, args.runs)
            if pg:
                run(pg, "PostgreSQL", n, args.runs)


if __name__ == "__main__":
    main()
