"""The OpenAPI spec: the served one equals docs/openapi.json, and every endpoint holds to it
under schemathesis (generated requests never cause a 5xx; responses match their declared schema)."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from conftest import build_result
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from eventwire.fuse.service import fuse_store
from eventwire.serve import create_app
from eventwire.serve.openapi import render
from eventwire.settings import load_settings
from eventwire.store import Store

SPEC = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"
REGENERATE = "python -m eventwire.serve.openapi > docs/openapi.json"


def test_checked_in_spec_is_current() -> None:
    assert SPEC.exists(), f"docs/openapi.json is missing; run: {REGENERATE}"
    assert json.loads(SPEC.read_text("utf-8")) == json.loads(render()), \
        f"docs/openapi.json differs from the app's spec; run: {REGENERATE} and review the diff"


def test_served_spec_is_the_rendered_one(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store, \
            TestClient(create_app(load_settings({}), store)) as client:
        served = client.get("/openapi.json").json()
    assert served == json.loads(render())
    paths = set(served["paths"])
    assert {"/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}", "/api/claims",
            "/api/timeline", "/api/places", "/api/actors", "/api/search", "/api/events/merge",
            "/api/events/{event_id}/split", "/api/export/{name}"} <= paths


def _app_over_sample_store(folder: Path) -> tuple[FastAPI, Store]:
    """The app over a small fused SQLite store, with a token configured (so writes answer 401)."""
    store = Store.open(f"sqlite:///{folder / 'store.db'}")
    store.add_results([build_result(mentions=3, claims=4) for _ in range(3)])
    fuse_store(store)
    return create_app(load_settings({}, token="not-sent-by-schemathesis"), store), store


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx: Any, value: Any) -> bytes:
    """Generated JSON Lines bodies: strings as they are, anything else as one JSON line."""
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else json.dumps(value).encode()


# Built at import: schemathesis' lazy ``from_fixture`` loader does not run under pytest 9
# (it reads a private node attribute that pytest removed), so the schema needs a ready app.
_FOLDER = Path(tempfile.mkdtemp(prefix="eventwire-openapi-"))
APP, _STORE = _app_over_sample_store(_FOLDER)
atexit.register(shutil.rmtree, _FOLDER, True)
atexit.register(_STORE.close)  # runs first (last registered): close before removing the file
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_conforms(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
