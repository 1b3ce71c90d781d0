"""serve stage: the REST API, export downloads and the offline web dashboard (FastAPI).

``create_app(settings, store)`` (in :mod:`.app`) builds the ASGI app; ``eventwire serve`` runs it
with uvicorn. ``python -m eventwire.serve.openapi`` prints the OpenAPI spec checked in at
``docs/openapi.json``.
"""

from .app import create_app

__all__ = ["create_app"]
