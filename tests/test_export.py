"""Exports round-trip: write -> load with csv/json/pyarrow -> same counts and values."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from eventwire.export import ExportData
from eventwire.export.acled import acled_types, write_acled_csv
from eventwire.export.geo import write_geojson
from eventwire.export.plover import write_plover_jsonl
from eventwire.export.tabular import write_claims_csv, write_parquet
from eventwire.fuse.events import build_event
from eventwire.model import Actor, Article, Claim, DateRange, EventMention, OffsetMap, Place, Span

KHAN = Place(text="Khan Younis", name="Khan Yunis", geonameid=281133, lat=31.34, lon=34.30, country="PSE",
             admin1="Gaza Strip", precision="place")


def article(aid: str, outlet: str) -> Article:
    text = f"Report {aid} about an air strike."
    return Article(id=aid, name=f"{aid}.txt", source=f"{aid}.txt", fmt="text", raw_text=text, text=text,
                   offsets=OffsetMap(segments=((0, 0, len(text)),), clean_length=len(text), raw_length=len(text)),
                   outlet=outlet, published=date(2024, 3, 2))


def data() -> ExportData:
    arts = {a.id: a for a in (article("a1", "Wire One"), article("a2", "Wire Two"))}
    ms = [EventMention(id=f"{a}-e1", article_id=a, type="ASSAULT", mode="air strike",
                       date=DateRange(start=date(2024, 3, 1), end=date(2024, 3, 1), precision="day"),
                       span=Span(start=0, end=20, text="An air strike hit a house in Khan Younis"),
                       agents=(Actor(text="Israeli military", name="Israeli military",
                                     country="ISR", sector="military"),),
                       places=(KHAN,), countries=("ISR", "PSE")) for a in arts]
    claims = [Claim(id=f"{a}-c1", article_id=a, event_id=f"{a}-e1", outcome="killed", low=n, high=n,
                    victim_country="PSE", victim_kind="civilian",
                    claimant=Actor(text="health ministry", name="Gaza health ministry", country="PSE"),
                    claimant_country="PSE", as_of=date(2024, 3, d), span=Span(start=0, end=9, text=f"{n} killed"))
              for a, n, d in (("a1", 11, 1), ("a2", 14, 2))]
    event = build_event(ms, claims, arts)
    return ExportData(events=[event], mentions={m.id: m for m in ms}, claims=claims, articles=arts)


def test_acled_csv_round_trip_uses_best_figure_and_mapping() -> None:
    buf = io.StringIO()
    assert write_acled_csv(data(), buf) == 1
    (row,) = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["event_type"] == "Explosions/Remote violence" and row["sub_event_type"] == "Air/drone strike"
    assert row["fatalities"] == "14" and row["fatalities_low"] == "14" and row["estimate_rule"] == "own-side-conceded"
    assert row["location"] == "Khan Yunis" and float(row["latitude"]) == 31.34 and row["event_date"] == "2024-03-01"
    assert row["source"] == "Wire One; Wire Two"
    assert acled_types("FIGHT", None)[1:] == ("Battles", "Armed clash")


def test_plover_jsonl_has_spec_fields() -> None:
    buf = io.StringIO()
    write_plover_jsonl(data(), buf)
    (rec,) = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert {"id", "date", "actor", "recipient", "event", "mode", "event_loc", "event_text", "cite_info"} <= set(rec)
    assert rec["event"] == "ASSAULT" and rec["actor"]["country"] == "ISR" and len(rec["cite_info"]) == 2


def test_geojson_and_parquet_and_claims_csv_round_trip(tmp_path: Path) -> None:
    d = data()
    buf = io.StringIO()
    assert write_geojson(d, buf) == 1
    fc = json.loads(buf.getvalue())
    assert fc["features"][0]["geometry"]["coordinates"] == [34.30, 31.34]
    counts = write_parquet(d, tmp_path)
    events = pq.read_table(tmp_path / "events.parquet").to_pylist()
    claims = pq.read_table(tmp_path / "claims.parquet").to_pylist()
    assert counts == {"events": 1, "claims": 2} and len(events) == 1 and len(claims) == 2
    assert events[0]["deaths_best"] == 14 and events[0]["date_start"] == date(2024, 3, 1)
    assert sorted(c["low"] for c in claims) == [11, 14]
    assert {c["status"] for c in claims} == {"revised", "current"}
    cbuf = io.StringIO()
    assert write_claims_csv(d, cbuf) == 2
    rows = list(csv.DictReader(io.StringIO(cbuf.getvalue())))
    assert [r["quote"] for r in rows] == ["11 killed", "14 killed"]
