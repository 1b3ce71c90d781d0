"""Write endpoints: ingest an article, merge events, split an event.

Every write needs ``Authorization: Bearer <token>`` equal to the ``token`` setting
(``EVENTWIRE_TOKEN``): a missing or wrong token gets 401; with no token configured, writes are
disabled and get 403. Bodies larger than the ``max_bytes`` setting get 413 (checked on the declared
Content-Length and again while reading). Writes run one at a time (a lock per app), off the event
loop, because spaCy and the single SQLite writer gain nothing from concurrency.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ..fuse.service import FusionRun, fuse_store, merge_events, split_event
from ..pipeline import IngestSummary, ingest
from . import schemas
from .read_routes import Id, invalid

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api")
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": schemas.Error, "description": "Missing or wrong bearer token"},
    403: {"model": schemas.Error, "description": "Writes are disabled (no token configured)"},
    413: {"model": schemas.Error, "description": "Request body larger than the max_bytes setting"},
    415: {"model": schemas.Error, "description": "Unsupported Content-Type"},
}


def require_token(request: Request) -> None:
    """401 unless the request carries the configured bearer token; 403 when none is configured."""
    token = str(request.app.state.settings.token or "")
    if not token:
        raise HTTPException(403, "writes are disabled: start the server with a token (EVENTWIRE_TOKEN)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


Auth = Depends(require_token)


async def read_body(request: Request) -> bytes:
    """The request body, or 413 as soon as it exceeds the ``max_bytes`` setting."""
    limit = int(request.app.state.settings.max_bytes)
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body larger than the {limit}-byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body larger than the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise HTTPException(400, f"body is not valid JSON: {e}") from e


def _validation_detail(e: ValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(err["loc"]), "msg": err["msg"], "type": err["type"]} for err in e.errors()]


def _fusion(run: FusionRun) -> dict[str, Any]:
    return {"mentions": run.mentions, "new_mentions": run.new_mentions, "events": run.events,
            "changed_events": run.changed_events, "compared_pairs": run.compared_pairs}


_ARTICLE_BODY = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": schemas.ArticleIn.model_json_schema()},
        "text/plain": {"schema": {"type": "string", "minLength": 1}},
        "application/x-ndjson": {"schema": {"type": "string", "description": "JSON Lines, one article per line"}},
    }}}


@router.post("/articles", response_model=schemas.IngestOut, status_code=201, tags=["write"], dependencies=[Auth],
             responses={**AUTH_ERRORS, 422: {"model": schemas.Error, "description": "Invalid or rejected input"}},
             openapi_extra=_ARTICLE_BODY)
async def post_article(request: Request, response: Response) -> dict[str, Any]:
    """Ingest one article: plain text (or HTML) as ``text/plain``, one JSON Lines record as
    ``application/json`` (``{"text": ..., "title"?, "outlet"?, "published"?, ...}``), or several as
    ``application/x-ndjson``. Runs clean, extract, store and fusion; an article already stored is a
    duplicate (200 then, 201 when something new was stored)."""
    kind = _media_type(request)
    if kind not in ("application/json", "text/plain", "application/x-ndjson"):
        raise HTTPException(415, "send text/plain, application/json or application/x-ndjson")
    body = await read_body(request)
    if kind == "application/json":
        try:
            record = schemas.ArticleIn.model_validate(_json(body))
        except ValidationError as e:
            raise HTTPException(422, _validation_detail(e)) from e
        body = json.dumps(record.model_dump(exclude_none=True), ensure_ascii=False).encode()
    if not body.strip():
        raise invalid(("body",), "empty article")
    app = request.app
    stored: list[str] = []
    fused: int | None = None

    def run() -> IngestSummary:
        with app.state.write_lock:
            summary = ingest(["-"], app.state.store, app.state.settings, extractor=app.state.extractor(),
                             stdin=io.BytesIO(body),
                             on_outcome=lambda o: stored.append(o.article_id) if o.article_id else None)
            if summary.new:
                nonlocal fused
                fused = fuse_store(app.state.store, settings=app.state.settings).events
        return summary

    summary = await run_in_threadpool(run)
    rejected = [r.reason or r.source for r in summary.rejected]
    if rejected and not (summary.new or summary.duplicate):
        raise invalid(("body",), "rejected: " + "; ".join(rejected))
    response.status_code = 201 if summary.new else 200
    log.info("POST /api/articles: %d new, %d duplicate, %d rejected", summary.new, summary.duplicate, len(rejected))
    return {"new": summary.new, "duplicate": summary.duplicate, "rejected": rejected,
            "article_ids": list(dict.fromkeys(stored)), "events": summary.events, "claims": summary.claims,
            "fused_events": fused}


@router.post("/events/merge", response_model=schemas.FusionOut, tags=["write"], dependencies=[Auth],
             responses={**AUTH_ERRORS, 404: {"model": schemas.Error}, 422: {"model": schemas.Error}})
async def post_merge(request: Request, body: schemas.MergeIn) -> dict[str, Any]:
    """Force two or more events into one (an analyst decision kept across re-fusions)."""
    app = request.app

    def run() -> FusionRun:
        with app.state.write_lock:
            return merge_events(app.state.store, body.ids, analyst=body.analyst)

    return _fusion(await run_in_threadpool(run))


@router.post("/events/{event_id}/split", response_model=schemas.FusionOut, tags=["write"], dependencies=[Auth],
             responses={**AUTH_ERRORS, 404: {"model": schemas.Error}, 422: {"model": schemas.Error}})
async def post_split(request: Request, event_id: Id,
                     body: schemas.SplitIn | None = None) -> dict[str, Any]:
    """Undo a fusion: keep every report of the event apart from now on, then re-fuse."""
    app = request.app
    analyst = body.analyst if body else None

    def run() -> FusionRun:
        with app.state.write_lock:
            return split_event(app.state.store, event_id, analyst=analyst)

    return _fusion(await run_in_threadpool(run))
