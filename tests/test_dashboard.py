"""The dashboard in a real browser: Debian's Chromium driven by Playwright against the app served by
uvicorn over a store holding the ingested sample articles (real extractor, then fusion).

Screenshots go to ``test-artifacts/``. Without Chromium the tests skip locally and FAIL in CI.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from eventwire.fuse.service import fuse_store
from eventwire.pipeline import ingest
from eventwire.serve import create_app
from eventwire.settings import load_settings
from eventwire.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found; install it with: apt-get install -y chromium"
    if os.environ.get("CI"):
        pytest.fail(f"the dashboard browser tests are required in CI: {reason}")
    pytest.skip(f"dashboard NOT TESTED: {reason}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the app, served by uvicorn in a thread, over the ingested and fused sample articles."""
    _require_chromium()
    from eventwire.api import extractor

    settings = load_settings({})
    path = tmp_path_factory.mktemp("dashboard") / "store.db"
    with Store.open(f"sqlite:///{path}") as store:
        summary = ingest([str(EXAMPLES)], store, settings, extractor=extractor())
        assert summary.new == len(list(EXAMPLES.glob("*.txt"))) and not summary.rejected
        fuse_store(store)
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(settings, store), host="127.0.0.1", port=port,
                                               log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page that records script errors and every request leaving the app's origin."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.errors, pg.foreign = [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith((base_url, "data:")) else pg.foreign.append(r.url))
    yield pg
    context.close()
    assert not pg.errors, f"script errors: {pg.errors}"
    assert not pg.foreign, f"the dashboard requested other hosts: {pg.foreign}"


def _api(base_url: str, path: str, **params: Any) -> Any:
    r = httpx.get(f"{base_url}/api/{path}", params=params, timeout=30)
    r.raise_for_status()
    return r.json()


def _ready(page: Any, view: str) -> None:
    page.wait_for_selector(f"#view[data-ready={view}]", timeout=30_000)


def test_map_shows_event_markers_over_the_basemap(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    _ready(page, "overview")
    events = _api(base_url, "events", limit=1000)["items"]
    located = [e for e in events if e["lat"] is not None]
    assert located, "the sample articles name places with coordinates"
    assert page.locator("path.event-marker").count() == len(located)
    assert page.locator("#map path.leaflet-interactive, #map svg path").count() > 100, "no basemap countries"
    assert page.locator("#timeline svg polyline.best").count() >= 1
    assert page.locator("#claims-table tbody tr").count() == _api(base_url, "claims", limit=1000)["total"]
    page.screenshot(path=str(ARTIFACTS / "dashboard-overview.png"), full_page=True)


def test_country_filter_applies_to_map_and_claims(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    _ready(page, "overview")
    options = page.locator("#f-country option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert options, "countries come from the stored events"
    labels = page.locator("#f-country option").evaluate_all("os => os.filter(o => o.value).map(o => o.text)")
    countries = sorted(_api(base_url, "countries"), key=lambda r: r["country"])
    assert options == [r["country"] for r in countries], "every stored country, from /api/countries"
    assert labels == [f"{r['country']} ({r['events']})" for r in countries]
    located_all = sum(e["lat"] is not None for e in _api(base_url, "events", limit=1000)["items"])
    events = {c: _api(base_url, "events", country=c, limit=1000)["items"] for c in options}
    located_by = {c: sum(e["lat"] is not None for e in events[c]) for c in options}
    # a filter that keeps some markers and drops others, so the map visibly changes
    changing = [c for c in options if 0 < located_by[c] < located_all]
    assert changing, "the samples' events involve different sides"
    country = max(changing, key=lambda c: located_by[c])
    page.select_option("#f-country", country)
    page.evaluate("document.getElementById('view').dataset.ready = ''")
    page.click("#filters button[type=submit]")
    _ready(page, "overview")
    located = [e for e in events[country] if e["lat"] is not None]
    assert page.locator("path.event-marker").count() == len(located)
    claims = _api(base_url, "claims", country=country, limit=1000)["total"]
    assert page.locator("#claims-table tbody tr").count() == claims
    page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"), full_page=True)


def test_september_2022_event_shows_both_sides_claims(page: Any, base_url: str) -> None:
    candidates = _api(base_url, "events", since="2022-09-01", until="2022-09-30", sort="-deaths")["items"]
    details = [_api(base_url, f"events/{e['id']}") for e in candidates if e["lat"] is not None]
    two_sided = [d for d in details if len({c["claimant_country"] for s in d["series"] for c in s["claims"]}) >= 2]
    assert two_sided, "a September 2022 event carries claims from both sides"
    event = two_sided[0]
    page.goto(base_url + "/")
    _ready(page, "overview")
    page.fill("#f-since", "2022-09-01")
    page.fill("#f-until", "2022-09-30")
    page.evaluate("document.getElementById('view').dataset.ready = ''")
    page.click("#filters button[type=submit]")
    _ready(page, "overview")
    # events can share a place (stacked markers): deliver the click to this event's own marker
    page.locator(f"path.event-marker[data-id='{event['id']}']").dispatch_event("click")
    page.locator(".leaflet-popup-content a", has_text="open event").click()
    _ready(page, "event")
    assert page.locator("#reports tbody tr").count() == len(event["reports"])
    shown = page.locator(".series-table tbody tr td:nth-child(3)").all_inner_texts()
    sides = {c["claimant_country"] for s in event["series"] for c in s["claims"]}
    assert sides <= set(shown) and len(sides) >= 2
    figures = page.locator(".series-table td.num").all_inner_texts()
    assert len(figures) == sum(len(s["claims"]) for s in event["series"])
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"), full_page=True)

    page.locator("#reports tbody a").first.click()
    _ready(page, "article")
    article = _api(base_url, f"articles/{event['reports'][0]['article_id']}")
    marks = page.locator(".article-text mark")
    assert marks.count() >= 1
    text = page.locator(".article-text").inner_text()
    assert text.strip() == article["text"].strip(), "highlighting must not alter the text"
    claim = page.locator(".article-text mark[data-kind=claim]").first
    claim.scroll_into_view_if_needed()
    claim.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "claim:" in tip.inner_text() and "claimant" in tip.inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard-article.png"))


def test_claimant_name_filter_is_answered_by_the_api(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    _ready(page, "overview")
    claims = _api(base_url, "claims", limit=1000)
    names = Counter(c["claimant"] for c in claims["items"])
    name = next(n for n, _ in names.most_common() if len(n) >= 4)
    part = name[1:4].upper()  # a case-changed fragment from inside the name
    want = _api(base_url, "claims", claimant=part, limit=1000)
    assert want["total"] >= names[name] > 0
    page.fill("#c-name", part)
    with page.expect_request(lambda r: "/api/claims?" in r.url and "claimant=" in r.url):
        page.locator("#c-name").dispatch_event("change")
    expect(page.locator("#claims-table tbody tr")).to_have_count(want["total"])
    shown = page.locator("#claims-table tbody tr td:nth-child(1)").all_inner_texts()
    assert all(part.casefold() in s.casefold() for s in shown)
