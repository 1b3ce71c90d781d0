"""The REST API over a real store (SQLite and PostgreSQL): reads, paging, filters, errors, auth,
size limits, writes (merge/split, and ingest with the real extractor) and export downloads."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from eventwire.fuse.service import fuse_store
from eventwire.model import ArticleResult
from eventwire.serve import create_app
from eventwire.settings import load_settings

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def filled(store: Any, make_result: Callable[..., ArticleResult]) -> list[ArticleResult]:
    """Three articles with three mentions and four claims each, stored and fused."""
    results = [make_result(mentions=3, claims=4) for _ in range(3)]
    store.add_results(results)
    fuse_store(store)
    return results


def client_for(store: Any, **settings: Any) -> TestClient:
    return TestClient(create_app(load_settings({}, **settings), store))


@pytest.fixture
def client(store: Any, filled: list[ArticleResult]) -> Iterator[TestClient]:
    with client_for(store, token=TOKEN) as c:
        yield c


def test_articles_list_paging_and_sorting(client: TestClient, filled: list[ArticleResult]) -> None:
    page = client.get("/api/articles", params={"limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()["items"]
    ids = [a["id"] for a in page["items"] + rest]
    assert sorted(ids) == sorted(r.article.id for r in filled)
    newest = client.get("/api/articles", params={"sort": "-published"}).json()["items"]
    days = [a["published"] for a in newest]
    assert days == sorted(days, reverse=True)
    one_day = filled[0].article.published
    assert one_day is not None
    only = client.get("/api/articles", params={"since": one_day.isoformat(), "until": one_day.isoformat()}).json()
    assert [a["id"] for a in only["items"]] == [filled[0].article.id]


def test_article_detail_highlights_point_into_the_raw_text(client: TestClient,
                                                           filled: list[ArticleResult]) -> None:
    result = filled[1]
    a = client.get(f"/api/articles/{result.article.id[:10]}").json()  # a unique prefix works
    assert a["id"] == result.article.id and a["text"] == result.article.raw_text
    assert {c["id"] for c in a["claims"]} == {c.id for c in result.claims}
    assert a["highlights"], "the stored mentions carry spans"
    kinds = {h["kind"] for h in a["highlights"]}
    assert {"event", "actor", "place", "claim"} <= kinds
    for h in a["highlights"]:
        assert 0 <= h["start"] < h["end"] <= len(a["text"])
    figures = {(h["start"], h["end"]) for h in a["highlights"] if h["kind"] == "claim"}
    assert figures == {(c.number_span.start, c.number_span.end) for c in result.claims if c.number_span}
    starts = [h["start"] for h in a["highlights"]]
    assert starts == sorted(starts)


def test_events_filters_sorting_and_detail(client: TestClient, store: Any) -> None:
    events = client.get("/api/events").json()
    assert events["total"] == len(store.events()) > 0
    by_deaths = client.get("/api/events", params={"sort": "-deaths"}).json()["items"]
    best = [e["deaths_best"] for e in by_deaths]
    assert best == sorted(best, reverse=True)
    typed = events["items"][0]["type"]
    only = client.get("/api/events", params={"type": typed}).json()["items"]
    assert only and all(e["type"] == typed for e in only)
    assert client.get("/api/events", params={"country": "ZZZ"}).json()["total"] == 0
    boxed = client.get("/api/events", params={"bbox": "-4,40,-3,41"}).json()["items"]
    assert boxed and all(-4 <= e["lon"] <= -3 for e in boxed)
    heavy = client.get("/api/events", params={"min_deaths": 1}).json()["items"]
    assert all(e["deaths_best"] >= 1 for e in heavy)
    detail = client.get(f"/api/events/{by_deaths[0]['id']}").json()
    assert len(detail["reports"]) == by_deaths[0]["reports"]
    for report in detail["reports"]:
        article = client.get(f"/api/articles/{report['article_id']}").json()
        ev = report["evidence"]
        assert article["text"][ev["start"]:ev["end"]] == ev["text"]
        assert report["outlet"] == article["outlet"]
    for series in detail["series"]:
        assert series["low"] <= series["best"] <= series["high"] and series["rule"]
        assert all(c["status"] in ("current", "revised") for c in series["claims"])


def test_claims_timeline_places_actors(client: TestClient, filled: list[ArticleResult]) -> None:
    claims = client.get("/api/claims").json()
    assert claims["total"] == sum(len(r.claims) for r in filled)
    killed = client.get("/api/claims", params={"outcome": "killed"}).json()["items"]
    assert killed and all(c["outcome"] == "killed" for c in killed)
    mine = client.get("/api/claims", params={"article": filled[0].article.id}).json()["items"]
    assert {c["claim_id"] for c in mine} == {c.id for c in filled[0].claims}
    side = client.get("/api/claims", params={"victim_country": "aaa"}).json()["items"]
    assert side and all(c["victim_country"] == "AAA" for c in side)
    none = client.get("/api/claims", params={"country": "ZZZ"}).json()
    assert none["total"] == 0, "event filters keep only claims of matching events"
    timeline = client.get("/api/timeline", params={"by": "week"}).json()
    assert sum(b["events"] for b in timeline) == client.get("/api/events").json()["total"]
    assert all(date.fromisoformat(b["start"]).weekday() == 0 for b in timeline)
    places = client.get("/api/places").json()["items"]
    assert places and places[0]["mentions"] >= places[-1]["mentions"]
    actors = client.get("/api/actors", params={"country": "AAA"}).json()["items"]
    assert actors and all(a["mentions"] > 0 for a in actors)


def test_search_matches_words_and_escapes_wildcards(client: TestClient, filled: list[ArticleResult]) -> None:
    word = next(w.strip(".,") for w in filled[2].article.text.split() if len(w.strip(".,")) > 4)
    hits = client.get("/api/search", params={"q": word}).json()
    assert filled[2].article.id in {h["id"] for h in hits["items"]}
    assert all(word.casefold() in h["snippet"].casefold() for h in hits["items"])
    assert client.get("/api/search", params={"q": "%%"}).json()["total"] == 0
    assert client.get("/api/search", params={"q": f"{word} zzzqqq"}).json()["total"] == 0


def test_errors_are_json_4xx(client: TestClient) -> None:
    for url in ("/api/articles/nosuchid", "/api/events/nosuchid"):
        r = client.get(url)
        assert r.status_code == 404 and "detail" in r.json()
    for params in ({"bbox": "1,2,3"}, {"bbox": "10,5,20,1"}, {"bbox": "190,0,5,1"},
                   {"country": "TOOLONG"}, {"type": "PICNIC"},
                   {"limit": 0}, {"since": "yesterday"}):
        r = client.get("/api/events", params=params)
        assert r.status_code == 422, params
        assert r.json()["detail"]
    assert client.get("/api/timeline", params={"by": "month"}).status_code == 422
    assert client.get("/api/search", params={"q": " "}).status_code == 422


def test_writes_need_the_token(store: Any, filled: list[ArticleResult]) -> None:
    ids = [e.id for e in store.events()[:2]]
    with client_for(store) as no_token:
        r = no_token.post("/api/events/merge", json={"ids": ids}, headers=AUTH)
        assert r.status_code == 403
    with client_for(store, token=TOKEN) as c:
        assert c.post("/api/events/merge", json={"ids": ids}).status_code == 401
        wrong = c.post("/api/events/merge", json={"ids": ids}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        assert c.post("/api/articles", content="text", headers={"Authorization": TOKEN}).status_code == 401
    assert [e.id for e in store.events()[:2]] == ids, "refused writes changed nothing"


def test_size_limit_content_type_and_validation(store: Any, filled: list[ArticleResult]) -> None:
    with client_for(store, token=TOKEN, max_bytes=1000) as c:
        big = c.post("/api/articles", content="word " * 400, headers=AUTH | {"Content-Type": "text/plain"})
        assert big.status_code == 413 and "1000-byte" in big.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while streaming
            yield from (b"x" * 600, b"y" * 600)

        streamed = c.post("/api/articles", content=chunks(), headers=AUTH | {"Content-Type": "text/plain"})
        assert streamed.status_code == 413
        assert c.post("/api/articles", content=b"<a/>", headers=AUTH | {"Content-Type": "image/png"}).status_code == 415
        bad = c.post("/api/articles", json={"title": "no text"}, headers=AUTH)
        assert bad.status_code == 422 and any(e["loc"] == ["text"] for e in bad.json()["detail"])
        extra = c.post("/api/articles", json={"text": "x", "colour": "red"}, headers=AUTH)
        assert extra.status_code == 422
        broken = c.post("/api/articles", content=b"{not json", headers=AUTH | {"Content-Type": "application/json"})
        assert broken.status_code == 400
        assert c.post("/api/events/merge", json={"ids": ["one"]}, headers=AUTH).status_code == 422
        assert c.post("/api/events/merge", json={"ids": ["nosuch", "other"]}, headers=AUTH).status_code == 404


def test_split_then_merge(client: TestClient, store: Any) -> None:
    fused = next(e for e in store.events() if len(e.mention_ids) >= 2)
    r = client.post(f"/api/events/{fused.id}/split", json={"analyst": "tester"}, headers=AUTH)
    assert r.status_code == 200, r.text
    after = store.events()
    assert r.json()["events"] == len(after)
    assert all(len(set(e.mention_ids) & set(fused.mention_ids)) <= 1 for e in after)
    assert ("split", fused.mention_ids[0], fused.mention_ids[1]) in store.analyst_decisions()
    unrelated = [e for e in after if not set(e.mention_ids) & set(fused.mention_ids)]
    a, b = unrelated[0], unrelated[1]
    r = client.post("/api/events/merge", json={"ids": [a.id, b.id]}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["events"] == len(after) - 1 == len(store.events())
    merged = next(e for e in store.events() if a.mention_ids[0] in e.mention_ids)
    assert set(a.mention_ids) | set(b.mention_ids) <= set(merged.mention_ids)
    single = next(e for e in store.events() if len(e.mention_ids) == 1)
    assert client.post(f"/api/events/{single.id}/split", headers=AUTH).status_code == 404


@pytest.mark.parametrize("name", ["acled.csv", "plover.jsonl", "events.geojson", "claims.csv",
                                  "events.parquet", "claims.parquet"])
def test_export_downloads(client: TestClient, store: Any, name: str) -> None:
    n_events = len(store.events())
    r = client.get(f"/api/export/{name}")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    if name.endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(r.text)))
        key = "event_id_cnty" if name == "acled.csv" else "claim_id"
        assert rows and all(row[key] for row in rows)
        if name == "acled.csv":
            assert len(rows) == n_events
    elif name.endswith(".jsonl"):
        records = [json.loads(line) for line in r.text.splitlines()]
        assert len(records) == n_events and all(rec["cite_info"] for rec in records)
    elif name.endswith(".geojson"):
        doc = r.json()
        assert doc["type"] == "FeatureCollection" and len(doc["features"]) + doc["skipped"] == n_events
    else:
        table = pq.read_table(io.BytesIO(r.content))
        assert table.num_rows > 0
        assert ("event_id" if name == "events.parquet" else "claim_id") in table.column_names
    one_type = store.events()[0].type
    typed = client.get("/api/export/plover.jsonl", params={"type": one_type}).text.splitlines()
    assert len(typed) == len(store.events(type=one_type))


def test_unknown_export_is_422(client: TestClient) -> None:
    assert client.get("/api/export/events.xlsx").status_code == 422


@pytest.mark.slow
def test_post_article_runs_the_whole_pipeline(sqlite_url: str) -> None:
    from eventwire.api import extractor
    from eventwire.store import Store

    text = ("KYIV, March 3 (Example Wire) - Artillery shelling killed four civilians and wounded nine in the "
            "town of Kramatorsk on Monday, regional officials said. The army said it repelled an attack.")
    with Store.open(sqlite_url) as store:
        app = create_app(load_settings({}, token=TOKEN), store, extractor=extractor())
        with TestClient(app) as c:
            r = c.post("/api/articles", content=text.encode(), headers=AUTH | {"Content-Type": "text/plain"})
            assert r.status_code == 201, r.text
            body = r.json()
            assert body["new"] == 1 and len(body["article_ids"]) == 1 and body["events"] >= 1
            assert body["fused_events"] == len(store.events()) >= 1
            again = c.post("/api/articles", json={"text": text, "outlet": "Example Wire"}, headers=AUTH)
            assert again.status_code == 200 and again.json()["duplicate"] == 1
            article = c.get(f"/api/articles/{body['article_ids'][0]}").json()
            assert article["claims"] and article["claims"][0]["outcome"] in ("killed", "wounded")
            lines = "\n".join(json.dumps({"text": f"Report {i}: nothing happened in the capital today."})
                              for i in range(2)).encode()
            many = c.post("/api/articles", content=lines, headers=AUTH | {"Content-Type": "application/x-ndjson"})
            assert many.status_code == 201 and many.json()["new"] == 2
            empty = c.post("/api/articles", content=b"   ", headers=AUTH | {"Content-Type": "text/plain"})
            assert empty.status_code == 422


def test_dashboard_is_served_from_this_app_only(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert len(assets) >= 4
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "http://" not in page.text and "https://" not in page.text
    basemap = client.get("/static/vendor/countries-50m.geojson").json()
    assert basemap["type"] == "FeatureCollection" and len(basemap["features"]) > 200


def test_serve_command_runs_the_app(sqlite_url: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "--db", sqlite_url, "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/articles", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "serve exited"
                assert time.monotonic() < deadline, "eventwire serve did not answer"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == 0
        denied = httpx.post(f"http://127.0.0.1:{port}/api/events/merge", json={"ids": ["a", "b"]}, timeout=5)
        assert denied.status_code == 403, "no token configured: writes are disabled"
    finally:
        proc.terminate()
        proc.communicate(timeout=20)  # also closes the stderr pipe
