"""The web app: REST API under ``/api``, OpenAPI at ``/openapi.json``, the dashboard at ``/``.

``create_app(settings, store)`` builds it; the routes live in :mod:`.read_routes`,
:mod:`.write_routes` and :mod:`.export_routes` and are included from the one list ``ROUTERS``.
Errors are JSON ``{"detail": ...}``: unknown ids 404, unusable input 422, oversized bodies 413,
store failures 503. The dashboard is static files (no CDN, no tile server): everything it loads
comes from this app, which the Content-Security-Policy header enforces.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import ConfigError, EventwireError, InputError, NotFoundError, StoreError
from ..settings import Settings
from . import export_routes, read_routes, write_routes

if TYPE_CHECKING:
    from ..extract import Extractor
    from ..store import Store

log = logging.getLogger(__name__)
ROUTERS = (read_routes.router, write_routes.router, export_routes.router)
STATIC = Path(str(resources.files("eventwire.serve").joinpath("static")))
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
_STATUS: tuple[tuple[type[EventwireError], int], ...] = (
    (NotFoundError, 404), (InputError, 422), (ConfigError, 400), (StoreError, 503))


class BodyLimit:
    """ASGI middleware: 413 for any request body larger than ``limit`` bytes (declared or streamed)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"detail": f"request body larger than the {self.limit}-byte limit"}, status_code=413)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(settings: Settings, store: Store, *, extractor: Extractor | None = None) -> FastAPI:
    """The app over ``store``. ``extractor`` is used by ``POST /api/articles``; when None, the
    process-wide one (:func:`eventwire.api.extractor`) is loaded on the first write."""
    app = FastAPI(title="eventwire", version=__version__,
                  description="Source-attributed conflict events and casualty claims extracted from news. "
                              "Write endpoints need `Authorization: Bearer <token>`.")
    app.state.settings = settings
    app.state.store = store
    app.state.write_lock = threading.Lock()
    app.state.extractor = _extractor_loader(extractor)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # the basemap GeoJSON is 1.7 MB raw, ~0.5 MB gzipped
    app.add_middleware(BodyLimit, limit=int(settings.max_bytes))

    for error, status in _STATUS:
        app.add_exception_handler(error, _error_handler(status))
    app.add_exception_handler(EventwireError, _error_handler(500))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Any]) -> Any:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _extractor_loader(extractor: Extractor | None) -> Callable[[], Extractor]:
    def load() -> Extractor:
        if extractor is not None:
            return extractor
        from ..api import extractor as shared

        return shared()

    return load


def _error_handler(status: int) -> Callable[[Request, Exception], Any]:
    async def handle(request: Request, exc: Exception) -> JSONResponse:
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    return handle
