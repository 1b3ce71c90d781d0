"""REST lists over a store filled with tied events: totals are SQL counts of the filtered set, pages
concatenate to the whole list, a bbox may cross the antimeridian, and CSV downloads are
spreadsheet-safe."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_store_lists import DAY, _events

from eventwire.export.cells import safe_cell
from eventwire.model import ArticleResult, Event
from eventwire.serve import create_app
from eventwire.settings import load_settings

MakeResult = Callable[..., ArticleResult]


@pytest.fixture
def events(store: Any, make_result: MakeResult) -> list[Event]:
    results = [make_result(mentions=10, claims=3, published=DAY + timedelta(days=i % 2)) for i in range(3)]
    store.add_results(results)
    evs = _events([(m.id, r.article.id) for r in results for m in r.mentions], random.Random(11))
    store.replace_events(evs, [], full=True)
    return evs


@pytest.fixture
def client(store: Any, events: list[Event]) -> Iterator[TestClient]:
    with TestClient(create_app(load_settings({}), store)) as c:
        yield c


@pytest.mark.parametrize("sort", ["date", "-deaths", "reports", "-type"])
def test_event_pages_concatenate_to_the_whole_list(client: TestClient, events: list[Event], sort: str) -> None:
    first = client.get("/api/events", params={"sort": sort, "limit": 3}).json()
    assert first["total"] == len(events)
    ids = [e["id"] for o in range(0, len(events), 3)
           for e in client.get("/api/events", params={"sort": sort, "limit": 3, "offset": o}).json()["items"]]
    assert sorted(ids) == sorted(e.id for e in events) and len(set(ids)) == len(ids)


def test_filtered_total_counts_the_filtered_set(client: TestClient, events: list[Event]) -> None:
    page = client.get("/api/events", params={"country": "aaa", "limit": 1}).json()
    assert page["total"] == sum("AAA" in e.countries for e in events) and len(page["items"]) == 1


def test_bbox_across_the_antimeridian(client: TestClient, events: list[Event]) -> None:
    page = client.get("/api/events", params={"bbox": "170,-20,-170,-10", "limit": 1000}).json()
    want = {e.id for e in events if e.places[0].lon is not None and e.places[0].lat is not None
            and -20 <= e.places[0].lat <= -10 and (e.places[0].lon >= 170 or e.places[0].lon <= -170)}
    assert want and {e["id"] for e in page["items"]} == want and page["total"] == len(want)


def test_claims_total_and_pages(client: TestClient) -> None:
    whole = client.get("/api/claims", params={"limit": 1000}).json()
    assert whole["total"] == len(whole["items"]) > 4
    paged = [c["claim_id"] for o in range(0, whole["total"], 4)
             for c in client.get("/api/claims", params={"limit": 4, "offset": o}).json()["items"]]
    assert paged == [c["claim_id"] for c in whole["items"]]
    some = client.get("/api/claims", params={"country": "AAA", "limit": 1}).json()
    assert 0 < some["total"] < whole["total"]


def test_claims_by_claimant_name_in_sql(store: Any, client: TestClient, make_result: MakeResult) -> None:
    result = make_result(mentions=1, claims=3)
    names = ["Regional Governor", "the governor's office", "Red Cross"]
    store.add_results([replace(result, claims=tuple(replace(c, claimant=replace(c.claimant, name=n))
                                                     for c, n in zip(result.claims, names, strict=True)))])
    whole = client.get("/api/claims", params={"limit": 1000}).json()
    page = client.get("/api/claims", params={"claimant": "GOVERNOR", "limit": 1}).json()
    assert page["total"] == sum("governor" in c["claimant"].casefold() for c in whole["items"]) == 2
    assert len(page["items"]) == 1 and "governor" in page["items"][0]["claimant"].casefold()
    assert client.get("/api/claims", params={"claimant": "governor", "victim_country": "AAA"}).json()["total"] == 1
    assert client.get("/api/claims", params={"claimant": ""}).status_code == 422


def test_countries_with_event_counts(client: TestClient, events: list[Event]) -> None:
    got = client.get("/api/countries").json()
    counts = Counter(c for e in events for c in e.countries)
    assert got == [{"country": c, "events": n} for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    fights = client.get("/api/countries", params={"type": "FIGHT"}).json()
    assert {r["country"]: r["events"] for r in fights} == \
        dict(Counter(c for e in events if e.type == "FIGHT" for c in e.countries))


def test_csv_cells_cannot_run_as_formulas() -> None:
    assert safe_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [safe_cell(v) for v in ("+1+1", "@SUM(A1)", "-2+3", "\tx")] == ["'+1+1", "'@SUM(A1)", "'-2+3", "'\tx"]
    assert [safe_cell(v) for v in ("-3.25", -3.25, "Kyiv", "", None)] == ["-3.25", -3.25, "Kyiv", "", None]


def test_claims_csv_download_is_spreadsheet_safe(store: Any, make_result: MakeResult) -> None:
    from eventwire.export import ExportData
    from eventwire.export.tabular import write_claims_csv

    result = make_result(mentions=1, claims=1)
    claim = result.claims[0]
    bad = replace(claim, claimant=replace(claim.claimant, name="=cmd|' /C calc'!A0"))
    out = io.StringIO()
    write_claims_csv(ExportData(events=[], claims=[bad], articles={}), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["claimant"] == "'=cmd|' /C calc'!A0"


def test_search_snippet_finds_a_word_typed_with_punctuation() -> None:
    from eventwire.serve.search import snippet, terms

    words = terms('"shelling," near Town')
    assert words == ["shelling", "near", "Town"]
    assert snippet("Overnight shelling hit the port.", words[0])[1] == len("Overnight ")
