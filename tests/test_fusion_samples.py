"""Issue acceptance: fusing the bundled sample articles (real extraction, real store)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fusion") / "ew.db"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "ingest", "-q", str(EXAMPLES)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


def cli_json(db: Path, *args: str):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def violent_on(db: Path, day: str) -> list[dict]:  # type: ignore[type-arg]
    return [e for e in cli_json(db, "events", "--since", day, "--until", day)
            if e["type"] in ("FIGHT", "ASSAULT") and e["date"][0] <= day <= e["date"][1]]


def test_september_2022_clash_is_one_event_with_revised_and_both_sides_claims(db: Path) -> None:
    (clash,) = violent_on(db, "2022-09-13")
    detail = cli_json(db, "event", clash["id"])
    files = {r["article_id"] for r in detail["reports"]}
    assert len(files) == 3, "reports from 000, 001 and 002"
    series = {(s["victim_country"], s["outcome"]): s for s in detail["series"]}
    aze = series[("AZE", "killed")]
    assert [(c["low"], c["claimant_country"], c["as_of"]) for c in aze["claims"]
            if c["claimant_country"] == "AZE"][-2:] \
        == [(50, "AZE", "2022-09-14"), (71, "AZE", "2022-09-16")]
    assert aze["best"] == 71 and aze["rule"] == "own-side-conceded" and aze["revisions"] >= 1
    arm = series[("ARM", "killed")]
    assert {(c["low"], c["claimant_country"], c["as_of"]) for c in arm["claims"]} >= {
        (49, "ARM", "2022-09-14"), (135, "ARM", "2022-09-16")}
    assert arm["best"] == 135


def test_distinct_clashes_stay_distinct(db: Path) -> None:
    jan = violent_on(db, "2022-01-11")
    nov = violent_on(db, "2021-11-16")
    assert jan and nov and {e["id"] for e in jan}.isdisjoint({e["id"] for e in nov})
    sep19 = violent_on(db, "2023-09-19")
    sep20 = [e for e in violent_on(db, "2023-09-20") if e["date"][0] == "2023-09-20"]
    assert sep19 and {e["id"] for e in sep19}.isdisjoint({e["id"] for e in sep20})


def test_timeline_and_exports_over_fused_samples(db: Path, tmp_path: Path) -> None:
    weeks = cli_json(db, "timeline", "--by", "week", "--type", "FIGHT")
    assert any(w["start"] == date(2022, 9, 12).isoformat() for w in weeks)
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", "export", "--format", "acled", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text().count("\n") > 1
